"""Writes to the catalogue. Every change to an entry goes through these functions, so that the
workflow rules, slugs, region derivation and the attribution of history hold on every path."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce
from operator import or_

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import completeness, permissions, search_sql
from ..models import Innovation, Recognition, SlugRedirect, StatusChange, Tombstone
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


class SlugAllocator:
    """Unique slugs for new entries, checked against the database once, not once per entry.

    A slug is never reused: besides every entry's own, those of entries gone from the catalogue
    stay taken (a tombstone still tells sync clients about them, and the old address of an entry
    merged away redirects to its survivor), with the words the URLs use beside slugs.
    """

    # Up to this many bases the slugs taken are looked up by prefix through the slug indexes, in
    # statements of PREFIXES_PER_QUERY; more bases read every slug once. Reading every slug for
    # each ingested batch of over 200 entries cost 0.26 s at 100,000 entries (some 2.6 s at
    # 1,000,000) against 0.1 s for 1,000 prefixes at any size.
    PREFIX_LOOKUPS_UP_TO = 2000
    PREFIXES_PER_QUERY = 200

    def __init__(self, titles: Iterable[str] | None) -> None:
        """`titles`: those the slugs will be made from, or None when they are not known yet
        (every slug taken is read)."""
        bases = sorted({self.base(title) for title in titles or ()})
        self.taken = set(RESERVED_SLUGS)
        for model, field in ((Innovation, "slug"), (Tombstone, "slug"), (SlugRedirect, "old_slug")):
            slugs = model.objects.order_by().values_list(field, flat=True)
            if titles is None or len(bases) > self.PREFIX_LOOKUPS_UP_TO:
                self.taken.update(slugs)
                continue
            for start in range(0, len(bases), self.PREFIXES_PER_QUERY):
                chunk = bases[start : start + self.PREFIXES_PER_QUERY]
                prefixes = (Q(**{f"{field}__startswith": base}) for base in chunk)
                self.taken.update(slugs.filter(reduce(or_, prefixes)))

    @staticmethod
    def base(title: str) -> str:
        return slugify(title)[:200].strip("-") or "inovasi"

    def allocate(self, title: str) -> str:
        base = slug = self.base(title)
        suffix = 2
        while slug in self.taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        self.taken.add(slug)
        return slug


def innovation_unique_slug(title: str) -> str:
    """A slug from the title that no entry has or had and no URL uses; it never changes once
    assigned."""
    return SlugAllocator([title]).allocate(title)


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
    entry.updated_by = by
    entry.full_clean()
    entry._history_user = by
    entry._change_reason = reason or f"continuity: {status}"
    entry.save(
        update_fields=[
            "continuity_status", "continuity_note", "last_confirmed_at", "last_confirmed_by",
            "updated_by", "updated_at",
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
            cursor.execute(search_sql.VOCABULARY_ADD_LOCK)
            cursor.execute(search_sql.VOCABULARY_ADD_ENTRY, [entry.pk])


VOCABULARY_COUNT_MARGIN = timedelta(minutes=1)


@transaction.atomic
def search_vocabulary_refresh() -> int:
    """Rebuild the typo-correction vocabulary from all published titles and summaries; returns
    the number of words. Runs one at a time; counting the words (about a second per 25,000
    published entries) holds no lock that publishing waits for."""
    if connection.vendor != "postgresql":
        return 0
    # An entry published while the words are counted is not in the count; its words are
    # added back below (the margin covers a publishing transaction that began a little earlier).
    counting_from = timezone.now() - VOCABULARY_COUNT_MARGIN
    with connection.cursor() as cursor:
        cursor.execute(search_sql.VOCABULARY_COUNT)
        cursor.execute(search_sql.VOCABULARY_LOCK)
        for statement in search_sql.VOCABULARY_APPLY:
            cursor.execute(statement)
        cursor.execute(search_sql.VOCABULARY_ADD_PUBLISHED_SINCE, [counting_from])
        cursor.execute("SELECT count(*) FROM vocabulary_counted")
        (words,) = cursor.fetchone()
        # Dropped here, not only at commit: a caller's transaction may rebuild twice.
        cursor.execute("DROP TABLE vocabulary_counted")
        return words


# Seconds between an entry leaving the catalogue and the vocabulary rebuilt without its words:
# the changes of a bulk action in that time share one rebuild.
VOCABULARY_REFRESH_DELAY = 30
VOCABULARY_REFRESH_PENDING_KEY = "search:vocabulary:refresh-pending"


def search_vocabulary_refresh_soon() -> None:
    """An entry left the public catalogue: "did you mean" must stop offering words that only its
    text held. Words are counted per entry when it is published, not taken away one by one (its
    title may have changed since), so the vocabulary is rebuilt by a background job shortly
    after the commit; one job serves every change made while it is pending."""
    if connection.vendor != "postgresql":
        return

    def schedule() -> None:
        from ..tasks import search_vocabulary_refresh as task

        if cache.add(VOCABULARY_REFRESH_PENDING_KEY, 1, VOCABULARY_REFRESH_DELAY):
            task.apply_async(countdown=VOCABULARY_REFRESH_DELAY)

    transaction.on_commit(schedule)


@transaction.atomic
def recognition_record(
    *,
    entry: Innovation,
    title: str,
    year: int,
    level: str,
    awarded_by: str = "",
    source_key: str = "",
    by=None,
    reason: str = "",
) -> Recognition:
    """Record an award on an entry (idempotent per source): the hook competitions call when
    they publish results, so the catalogue never imports them. Its history names `by` (whoever
    announced it) and `reason` (the source key when none is given)."""
    if entry.merged_into_id:
        # A proposal may still name an entry merged away since; the badge belongs to the
        # survivor (merges keep merged_into pointing at the final survivor, one hop).
        entry = entry.merged_into
    values = {"title": title, "year": year, "level": level, "awarded_by": awarded_by}
    if source_key:
        lookup = {"innovation": entry, "source_key": source_key}
    else:
        lookup = {"innovation": entry, "title": title, "year": year, "level": level}
    recognition = Recognition.objects.select_for_update().filter(**lookup).first()
    if recognition is None:
        recognition = Recognition(**{**values, **lookup})
    elif not source_key or all(getattr(recognition, k) == v for k, v in values.items()):
        return recognition  # already recorded as it is
    else:
        for name, value in values.items():
            setattr(recognition, name, value)
    recognition._history_user = by
    recognition._change_reason = (reason or source_key)[:100]
    recognition.save()
    return recognition
    recognition, _created = Recognition.objects.get_or_create(
        innovation=entry, title=title, year=year, level=level, defaults={"awarded_by": awarded_by}
    )
    return recognition
