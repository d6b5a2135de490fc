"""A version number for the public catalogue, so derived figures (facet counts) can be cached and
are invalidated by any change that could alter them; with the time of the last change it is also
the cheap validator of the API's ETag and Last-Modified answers."""

import time
import uuid
from datetime import UTC, datetime

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalogue:version"
CHANGED_AT_KEY = "catalogue:changed_at"
FACETS_TIMEOUT = 15 * 60


def catalogue_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def catalogue_last_changed() -> datetime:
    """When the catalogue last changed (as far as the cache remembers: a lost value reads as
    now, which only makes clients fetch again)."""
    changed_at = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        changed_at = time.time()
        cache.add(CHANGED_AT_KEY, changed_at, None)
    return datetime.fromtimestamp(changed_at, tz=UTC)


def _bump() -> None:
    cache.set_many({VERSION_KEY: uuid.uuid4().hex, CHANGED_AT_KEY: time.time()}, None)


def catalogue_changed(*, instance=None, created: bool = False, **kwargs) -> None:
    """Called on every change of an entry, its taxonomy links or recognitions (signals), and by
    bulk writes that bypass signals.

    A change of an entry that is not public and was not public before the change (or of its
    links or awards) is left out: the public catalogue is the same, and the version and time of
    the last change are what the API's ETag and Last-Modified tell anyone, so counting it would
    reveal when drafts are edited (and empty every cache of public figures each time)."""
    if instance is not None and not _may_touch_public(instance, created):
        return
    _bump()
    # Again once the change is committed: a request that read the new version but the old rows
    # in between must not keep a validator that matches after the commit.
    transaction.on_commit(_bump)


def _may_touch_public(instance, created: bool) -> bool:
    from .models import Innovation, Recognition

    if isinstance(instance, Recognition):
        try:
            instance, created = instance.innovation, False
        except Innovation.DoesNotExist:  # deleted together with its entry
            return True
    if not isinstance(instance, Innovation):
        return True
    published = Innovation.Status.PUBLISHED
    # A new entry had no status before; an entry whose stored status is unknown counts as public.
    before = None if created else getattr(instance, "stored_status", published)
    return published in (instance.status, before)


def entry_saved(*, instance, update_fields=None, **kwargs) -> None:
    """post_save of an entry, after catalogue_changed: a later save of the same instance is
    compared with the status just stored (if this save stored it)."""
    if update_fields is None or "status" in update_fields:
        instance.stored_status = instance.status
