"""Who may do what with catalogue entries: one place, used by the admin, the API and pages.

Curators (ministry staff) see and change every entry and publish. Agency editors see and change
only their own agency's entries, and only while they are drafts; they submit, never publish.
"""

from django.db.models import QuerySet

from jippnas.uploads import Access

from .models import Innovation
from .reference_rows import AGENCY_EDITOR_GROUP, CURATOR_GROUP, HUB_ADMIN_GROUP

__all__ = ["AGENCY_EDITOR_GROUP", "CURATOR_GROUP", "HUB_ADMIN_GROUP"]


def _in_group(user, name: str) -> bool:
    cache = user.__dict__.setdefault("_jippnas_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user.__dict__["_jippnas_groups"] = cache
    return name in cache


def is_curator(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or _in_group(user, CURATOR_GROUP)


def is_agency_editor(user) -> bool:
    if not (user and user.is_authenticated and user.is_active and user.agency_id):
        return False
    return _in_group(user, AGENCY_EDITOR_GROUP)


def is_hub_admin(user) -> bool:
    """A province's hub administrator: the group alone is not enough without the province."""
    if not (user and user.is_authenticated and user.is_active and user.province_id):
        return False
    return _in_group(user, HUB_ADMIN_GROUP)


def innovations_visible_to(user) -> QuerySet[Innovation]:
    """Every entry the user may see in curation screens, whatever its status."""
    if is_curator(user):
        return Innovation.objects.all()
    if is_agency_editor(user):
        return Innovation.objects.filter(agency_id=user.agency_id)
    return Innovation.objects.none()


def innovation_visible_or_public(user, pk: int) -> bool:
    """Whether the user may learn of entry `pk` (its title, its status): it is published, or
    the user may see it in curation screens."""
    entries = Innovation.objects.filter(pk=pk)
    return (
        entries.filter(status=Innovation.Status.PUBLISHED).exists()
        or innovations_visible_to(user).filter(pk=pk).exists()
    )


def can_view(user, entry: Innovation) -> bool:
    return is_curator(user) or (is_agency_editor(user) and entry.agency_id == user.agency_id)


def can_create(user) -> bool:
    return is_curator(user) or is_agency_editor(user)


def can_edit(user, entry: Innovation) -> bool:
    if is_curator(user):
        return True
    return (
        is_agency_editor(user)
        and entry.agency_id == user.agency_id
        and entry.status == Innovation.Status.DRAFT
    )


def can_submit(user, entry: Innovation) -> bool:
    return is_curator(user) or (is_agency_editor(user) and entry.agency_id == user.agency_id)


def can_publish(user, entry: Innovation | None = None) -> bool:
    return is_curator(user) and user.has_perm("innovations.publish_innovation")


def can_review_duplicates(user) -> bool:
    """Likely duplicates are shown to curators only: the pair may span agencies."""
    return is_curator(user)


def can_merge(user) -> bool:
    """Merging archives one entry and may move a published page: a publisher's decision."""
    return can_publish(user)


def agencies_assignable_by(user):
    """The agencies a user may file entries under."""
    from regions.models import Agency

    if is_curator(user):
        return Agency.objects.all()
    if is_agency_editor(user):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def partner_key_of(user):
    """The API key a technical user stands for, or None for a person."""
    return getattr(user, "partner_key", None) if user and user.is_authenticated else None


def partner_may_read(key) -> bool:
    return key is not None and key.is_active and key.can_read


def partner_may_write(key, source: str) -> bool:
    """A key writes only the entries of the one source it was issued for."""
    return (
        key is not None and key.is_active and bool(key.write_source) and key.write_source == source
    )


def can_exchange(user, source: str) -> bool:
    """Who may create and update entries by (source, external id): a partner key for its own
    source (ingestion API), a curator for any source (admin import)."""
    key = partner_key_of(user)
    if key is not None:
        return partner_may_write(key, source)
    return is_curator(user)


def can_import(user) -> bool:
    return is_curator(user)


# --- uploaded files (jippnas.uploads) ---------------------------------------------------------


def entry_media_access(name: str, user) -> Access:
    """An entry's image or document: anyone's while the entry is published, otherwise only for
    those who may see the entry in curation screens."""
    from .models import InnovationMedia

    media = InnovationMedia.objects.filter(file=name)
    if media.filter(innovation__status=Innovation.Status.PUBLISHED).exists():
        return Access.PUBLIC
    if media.filter(innovation__in=innovations_visible_to(user)).exists():
        return Access.RESTRICTED
    return Access.NONE


def proposed_change_attachment_access(name: str, user) -> Access:
    """A file sent with a proposed change (update campaigns): for curators, who review it."""
    from .models import ProposedChange

    readable = is_curator(user) and ProposedChange.objects.filter(attachment=name).exists()
    return Access.RESTRICTED if readable else Access.NONE


def import_file_access(name: str, user) -> Access:
    from .models import ImportJob

    readable = can_import(user) and ImportJob.objects.filter(file=name).exists()
    return Access.RESTRICTED if readable else Access.NONE


def commitment_document_access(name: str, user) -> Access:
    """A replication's signed commitment: for those who may see the replication in management
    screens."""
    from .permissions_replication import replications_visible_to

    readable = replications_visible_to(user).filter(commitment_document=name).exists()
    return Access.RESTRICTED if readable else Access.NONE
