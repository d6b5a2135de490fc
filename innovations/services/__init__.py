"""Writes to the catalogue. Every change to an entry goes through these functions, so that the
workflow rules, slugs, region derivation and the attribution of history hold on every path."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import completeness, permissions, search_sql
from ..models import Innovation, Recognition, StatusChange
from . import tombstones

Status = Innovation.Status


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    allowed: Callable
    label: str


# The entry workflow, declared once: admin actions, API and pages all apply it through
# innovation_transition(), so a rule cannot differ between them.
WORKFLOW: dict[str, Transition] = {
    "submit": Transition((Status.DRAFT,), Status.IN_REVIEW, permissions.can_submit,
                         _("Ajukan untuk ditinjau")),
    "return": Transition((Status.IN_REVIEW,), Status.DRAFT, permissions.can_publish,
                         _("Kembalikan ke draf")),
    "publish": Transition((Status.IN_REVIEW,), Status.PUBLISHED, permissions.can_publish,
                          _("Terbitkan")),
    "archive": Transition((Status.PUBLISHED,), Status.ARCHIVED, permissions.can_publish,
                          _("Arsipkan")),
    "restore": Transition((Status.ARCHIVED,), Status.DRAFT, permissions.can_publish,
                          _("Pulihkan ke draf")),
}  # fmt: skip


# Path segments the API and pages use beside entry slugs (/api/v1/innovations/export/ ...).
RESERVED_SLUGS = frozenset({"export", "tombstones"})


def innovation_unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the title that no other entry has and no URL uses; it never changes once
    assigned."""
    base = slugify(title)[:200].strip("-") or "inovasi"
    existing = (
        set(
            Innovation.objects.filter(slug__startswith=base)
            .exclude(pk=exclude_pk)
            .values_list("slug", flat=True)
        )
        | RESERVED_SLUGS
    )
    if base not in existing:
        return base
    suffix = 2
    while f"{base}-{suffix}" in existing:
        suffix += 1
    return f"{base}-{suffix}"


@transaction.atomic
def innovation_save(
    *,
    entry: Innovation,
    by,
    categories: Iterable | None = None,
    sdgs: Iterable | None = None,
    reason: str = "",
) -> Innovation:
    """Validate and store a new or changed entry, attributed to `by`."""
    is_new = entry.pk is None
    if is_new and not permissions.can_create(by):
        raise PermissionDenied(_("Anda tidak berhak membuat entri inovasi."))
    if not is_new and not permissions.can_edit(by, Innovation.objects.get(pk=entry.pk)):
        raise PermissionDenied(_("Anda tidak berhak mengubah entri ini."))
    if not permissions.agencies_assignable_by(by).filter(pk=entry.agency_id).exists():
        raise ValidationError({"agency": _("Anda hanya dapat mengisi entri untuk instansi Anda.")})
    if is_new:
        entry.slug = innovation_unique_slug(entry.title)
        entry.created_by = by
    entry.updated_by = by
    entry.full_clean()
    entry.completeness, entry.completeness_missing = completeness.evaluate(entry)
    entry._history_user = by
    if reason:
        entry._change_reason = reason
    entry.save()
    if categories is not None:
        entry.categories.set(categories)
    if sdgs is not None:
        entry.sdgs.set(sdgs)
    return entry


def innovation_completeness_refresh(*, entry: Innovation) -> Innovation:
    """Recompute the stored completeness after a change outside the entry's own fields (media)."""
    entry.completeness, entry.completeness_missing = completeness.evaluate(entry)
    Innovation.objects.filter(pk=entry.pk).update(
        completeness=entry.completeness, completeness_missing=entry.completeness_missing
    )
    return entry


@transaction.atomic
def innovation_confirm_continuity(
    *, entry: Innovation, status: str, by, note: str = "", confirmed_on=None, reason: str = ""
) -> Innovation:
    """Record that the practice runs, grew or stopped, as confirmed by `by` on a date."""
    if not permissions.can_submit(by, entry):
        raise PermissionDenied(_("Anda tidak berhak mengonfirmasi entri ini."))
    entry = Innovation.objects.select_for_update().get(pk=entry.pk)
    entry.continuity_status = status
    entry.continuity_note = note
    entry.last_confirmed_at = confirmed_on or timezone.localdate()
    entry.last_confirmed_by = by
    entry.full_clean()
    entry._history_user = by
    entry._change_reason = reason or f"continuity: {status}"
    entry.save(
        update_fields=[
            "continuity_status", "continuity_note", "last_confirmed_at", "last_confirmed_by",
            "updated_at",
        ]
    )  # fmt: skip
    return entry


def available_transitions(entry: Innovation, user) -> list[str]:
    """The actions `user` may take on `entry` now, in workflow order."""
    return [
        action
        for action, transition in WORKFLOW.items()
        if entry.status in transition.sources and transition.allowed(user, entry)
    ]


@transaction.atomic
def innovation_transition(*, entry: Innovation, action: str, by, note: str = "") -> Innovation:
    """Move an entry along the workflow, logging who and when; refuses skipped states."""
    transition = WORKFLOW.get(action)
    if transition is None:
        raise ValidationError(_("Tindakan tidak dikenal: %(action)s") % {"action": action})
    entry = Innovation.objects.select_for_update().get(pk=entry.pk)
    if not transition.allowed(by, entry):
        raise PermissionDenied(_("Anda tidak berhak melakukan tindakan ini pada entri ini."))
    if entry.merged_into_id:
        # Restoring it would put the same innovation in the catalogue twice.
        raise ValidationError(_("Entri ini sudah digabung ke entri lain; ubahlah entri itu."))
    if entry.status not in transition.sources:
        raise ValidationError(
            _("Entri berstatus “%(status)s” tidak dapat di-%(action)s.")
            % {"status": entry.get_status_display(), "action": transition.label}
        )
    previous = entry.status
    entry.status = transition.target
    now = timezone.now()
    if transition.target == Status.PUBLISHED:
        entry.published_at = now
    entry.updated_by = by
    entry._history_user = by
    entry._change_reason = f"{action}: {note}" if note else action
    entry.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
    if entry.status == Status.PUBLISHED:
        search_vocabulary_add(entry=entry)
    # Sync clients learn that an entry left (or rejoined) the public catalogue.
    tombstones.tombstone_after_status_change(entry=entry, previous=previous, at=now)
    StatusChange.objects.create(
        innovation=entry, from_status=previous, to_status=entry.status, action=action,
        by=by, at=now, note=note,
    )  # fmt: skip
    return entry


def innovation_bulk_transition(*, entries: Iterable[Innovation], action: str, by) -> dict:
    """Apply one action to many entries; each entry succeeds or fails on its own, and the
    result says exactly which failed and why."""
    done, failed = [], []
    for entry in entries:
        try:
            innovation_transition(entry=entry, action=action, by=by)
            done.append(entry)
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            failed.append((entry, message))
    return {"done": done, "failed": failed}


def search_vocabulary_add(*, entry: Innovation) -> None:
    """Make the words of a newly published entry known to typo correction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(search_sql.VOCABULARY_ADD_ENTRY, [entry.pk])


@transaction.atomic
def search_vocabulary_refresh() -> int:
    """Rebuild the typo-correction vocabulary from all published titles and summaries."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(search_sql.VOCABULARY_CLEAR)
        cursor.execute(search_sql.VOCABULARY_REFRESH)
        return cursor.rowcount


@transaction.atomic
def recognition_record(
    *,
    entry: Innovation,
    title: str,
    year: int,
    level: str,
    awarded_by: str = "",
    source_key: str = "",
) -> Recognition:
    """Record an award on an entry (idempotent per source): the hook competitions call when
    they publish results, so the catalogue never imports them."""
    if entry.merged_into_id:
        # A proposal may still name an entry merged away since; the badge belongs to the
        # survivor (merges keep merged_into pointing at the final survivor, one hop).
        entry = entry.merged_into
    if source_key:
        recognition, _created = Recognition.objects.update_or_create(
            innovation=entry,
            source_key=source_key,
            defaults={"title": title, "year": year, "level": level, "awarded_by": awarded_by},
        )
        return recognition
    recognition, _created = Recognition.objects.get_or_create(
        innovation=entry, title=title, year=year, level=level, defaults={"awarded_by": awarded_by}
    )
    return recognition
