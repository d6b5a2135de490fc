"""Reads for duplicate curation: open candidates, the side-by-side comparison, and where an old
slug now leads."""

from django.db.models import QuerySet

from ..models import DuplicateCandidate, Innovation, SlugRedirect, Tombstone
from ..services.duplicates import FILLABLE_DATE_PAIR, FILLABLE_FIELDS, merge_fill
from . import published_innovations

# The rows of the side-by-side view, in the order of the entry's admin form.
COMPARED_FIELDS = (
    "title",
    "slug",
    "status",
    "agency",
    "province",
    "regency",
    "year_launched",
    "stage",
    "source",
    "external_ref",
    "summary",
    *Innovation.NARRATIVE_FIELDS,
    "kind",
    "form",
    "initiator",
    "government_affair",
    "covid_related",
    *FILLABLE_DATE_PAIR,
    "legal_basis",
    "legal_basis_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website_url",
    "video_url",
    "continuity_status",
    "last_confirmed_at",
    "completeness",
    "created_at",
    "updated_at",
)


def open_duplicate_candidates() -> QuerySet[DuplicateCandidate]:
    """Pairs still waiting for a curator's decision, newest first."""
    return DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).select_related(
        "entry__agency", "other__agency"
    )


def open_duplicate_count() -> int:
    return DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).count()


def _display(entry: Innovation, name: str) -> str:
    field = Innovation._meta.get_field(name)
    if field.choices:
        return str(getattr(entry, f"get_{name}_display")())
    value = getattr(entry, name)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "✓" if value else "—"
    return str(value)


def _related_summary(entry: Innovation) -> dict[str, str]:
    return {
        "categories": ", ".join(str(item) for item in entry.categories.all()),
        "sdgs": ", ".join(str(item.number) for item in entry.sdgs.all()),
        "media": str(entry.media.count()),
        "recognitions": "; ".join(str(item) for item in entry.recognitions.all()),
        "replications": str(entry.replications.count()),
    }


RELATED_LABELS = {
    "categories": Innovation._meta.get_field("categories").verbose_name,
    "sdgs": Innovation._meta.get_field("sdgs").verbose_name,
    "media": "media",
    "recognitions": "penghargaan",
    "replications": "replikasi",
}


def duplicate_comparison(candidate: DuplicateCandidate) -> list[dict]:
    """Both entries' fields side by side: each row with its label, the two shown values,
    whether they differ, and which side's blank a merge into that side would fill."""
    left, right = candidate.entry, candidate.other
    fills_left, fills_right = set(merge_fill(left, right)), set(merge_fill(right, left))
    rows = []
    for name in COMPARED_FIELDS:
        first, second = _display(left, name), _display(right, name)
        rows.append(
            {
                "name": name,
                "label": Innovation._meta.get_field(name).verbose_name,
                "left": first,
                "right": second,
                "differs": first != second,
                "fills_left": name in fills_left,
                "fills_right": name in fills_right,
                "fillable": name in FILLABLE_FIELDS or name in FILLABLE_DATE_PAIR,
            }
        )
    related_left, related_right = _related_summary(left), _related_summary(right)
    for name, label in RELATED_LABELS.items():
        rows.append(
            {
                "name": name,
                "label": label,
                "left": related_left[name],
                "right": related_right[name],
                "differs": related_left[name] != related_right[name],
                "fills_left": False,
                "fills_right": False,
                "fillable": False,
            }
        )
    return rows


def redirected_innovation(slug: str) -> Innovation | None:
    """The published entry an old slug now leads to, or None (also while it is not public).

    Only a slug that was public redirects (its entry left the catalogue, so it has a tombstone):
    the old slug of a draft merged away answers like any unknown slug, not revealing the draft.
    """
    target_id = (
        SlugRedirect.objects.filter(old_slug=slug, old_slug__in=Tombstone.objects.values("slug"))
        .values_list("entry_id", flat=True)
        .first()
    )
    if target_id is None:
        return None
    return published_innovations().filter(pk=target_id).first()
