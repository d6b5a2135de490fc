"""A version number for the public catalogue, so derived figures (facet counts) can be cached and
are invalidated by any change that could alter them."""

import uuid

from django.core.cache import cache

VERSION_KEY = "catalogue:version"
FACETS_TIMEOUT = 15 * 60


def catalogue_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def catalogue_changed(**kwargs) -> None:
    """Called on every change of an entry, its taxonomy links or recognitions (signals), and by
    bulk writes that bypass signals."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
