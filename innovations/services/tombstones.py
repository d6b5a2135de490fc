"""Tombstones: recorded where an entry leaves the public catalogue, removed when it returns, so that
incremental-sync clients (updated_since) learn about removals as well as changes."""

from django.utils import timezone

from ..cache import catalogue_changed
from ..models import Innovation, Tombstone

Reason = Tombstone.Reason


def tombstone_record(
    *, entry: Innovation, reason: str, replaced_by: str = "", at=None
) -> Tombstone:
    """Record (or refresh) the tombstone of an entry that is no longer public."""
    defaults = {
        "innovation_id": entry.pk,
        "source": entry.source,
        "external_ref": entry.external_ref,
        "reason": reason,
        "replaced_by": replaced_by,
    }
    defaults["removed_at"] = at or timezone.now()
    tombstone, _created = Tombstone.objects.update_or_create(slug=entry.slug, defaults=defaults)
    catalogue_changed()  # tombstones are public: their list's ETag must change too
    from . import search_vocabulary_refresh_soon

    search_vocabulary_refresh_soon()  # its words may be in no public text any more
    return tombstone


def tombstone_clear(*, entry: Innovation) -> None:
    """The entry is public again: its current state reaches clients as a change, not a removal."""
    if Tombstone.objects.filter(slug=entry.slug).delete()[0]:
        catalogue_changed()


def tombstone_after_status_change(*, entry: Innovation, previous: str, at=None) -> None:
    """Keep tombstones in step with a workflow move (called by innovation_transition)."""
    published = Innovation.Status.PUBLISHED
    if entry.status == published:
        tombstone_clear(entry=entry)
    elif previous == published:
        archived = entry.status == Innovation.Status.ARCHIVED
        reason = Reason.ARCHIVED if archived else Reason.UNPUBLISHED
        tombstone_record(entry=entry, reason=reason, at=at)


def tombstone_on_delete(sender, instance: Innovation, **kwargs) -> None:
    """post_delete of an entry: a public entry (or one already tombstoned) is recorded as deleted;
    a draft that was never public leaves no trace."""
    earlier = Tombstone.objects.filter(slug=instance.slug, innovation_id=instance.pk).first()
    if earlier is not None and earlier.reason == Reason.MERGED:
        return  # it left by a merge, which its tombstone still tells (and where it went)
    if instance.status == Innovation.Status.PUBLISHED or earlier is not None:
        tombstone_record(entry=instance, reason=Reason.DELETED)
