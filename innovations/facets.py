"""Facet counts for the catalogue: how many published entries each filter value would give.

Counts are disjunctive: a facet is counted under every current filter and query except its own,
so that a chosen province still shows the other provinces to switch to. They start from the
published selector, so drafts never count.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .cache import FACETS_TIMEOUT, catalogue_version
from .models import Innovation, Recognition

FACET_NAMES = (
    "province", "regency", "year", "category", "sdg", "source", "stage", "award_level",
    "kind", "form", "initiator", "affair", "continuity",
)  # fmt: skip
MAX_VALUES = 60


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    value_field: str
    label_field: str | None = None
    choices: dict | None = None
    needs: str | None = None  # a parameter that must be set for the facet to be offered
    order_by_count: bool = True


FACETS: dict[str, Facet] = {
    facet.name: facet
    for facet in (
        Facet("province", _("Provinsi"), "province__code", "province__name"),
        Facet("regency", _("Kabupaten/kota"), "regency__code", "regency__name", needs="province"),
        Facet("year", _("Tahun mulai"), "year_launched", order_by_count=False),
        Facet("category", _("Kategori"), "categories__slug", "categories__name"),
        Facet("sdg", _("TPB/SDG"), "sdgs__number", "sdgs__name", order_by_count=False),
        Facet("source", _("Sumber"), "source", choices=dict(Innovation.Source.choices)),
        Facet("stage", _("Tahapan"), "stage", choices=dict(Innovation.Stage.choices)),
        Facet("kind", _("Jenis inovasi"), "kind", choices=dict(Innovation.Kind.choices)),
        Facet("form", _("Bentuk inovasi"), "form", choices=dict(Innovation.Form.choices)),
        Facet("initiator", _("Inisiator"), "initiator", choices=dict(Innovation.Initiator.choices)),
        Facet(
            "affair", _("Urusan pemerintahan"), "government_affair__code", "government_affair__name"
        ),
        Facet(
            "award_level",
            _("Tingkat penghargaan"),
            "recognitions__level",
            choices=dict(Recognition.Level.choices),
        ),
        Facet(
            "continuity",
            _("Keberlanjutan"),
            "continuity_status",
            choices=dict(Innovation.Continuity.choices),
        ),
    )
}


def parse_facet_names(raw: str | None) -> list[str]:
    """Facet names asked for in `?facets=a,b`; raises ValueError naming an unknown one."""
    if not raw:
        return []
    names = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in names if name not in FACET_NAMES]
    if unknown:
        raise ValueError(", ".join(unknown))
    return names


def _count(queryset: QuerySet, facet: Facet) -> list[dict]:
    fields = [facet.value_field] + ([facet.label_field] if facet.label_field else [])
    rows = queryset.order_by().values(*fields).annotate(count=Count("id", distinct=True))
    buckets = [
        {
            "value": str(row[facet.value_field]),
            "label": str(
                row[facet.label_field]
                if facet.label_field
                else (facet.choices or {}).get(row[facet.value_field], row[facet.value_field])
            ),
            "count": row["count"],
        }
        for row in rows
        if row[facet.value_field] not in (None, "")
    ]
    if facet.order_by_count:
        buckets.sort(key=lambda b: (-b["count"], b["label"]))
    else:
        buckets.sort(key=lambda b: int(b["value"]) if b["value"].isdigit() else b["value"])
        if facet.name == "year":
            buckets.reverse()
    return buckets[:MAX_VALUES]


def facet_counts(params: QueryDict, names: list[str], base: QuerySet) -> dict[str, list[dict]]:
    """Counts for each named facet under the current filters (its own filter left out), cached
    per query and filters until the catalogue changes."""
    if not names:
        return {}
    relevant = sorted(
        (key, sorted(params.getlist(key)))
        for key in params
        if key not in ("ordering", "page", "page_size", "facets")
    )
    digest = hashlib.sha256(
        json.dumps([relevant, sorted(names), get_language()]).encode()
    ).hexdigest()
    key = f"facets:{catalogue_version()}:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = _facet_counts(params, names, base)
        cache.set(key, counts, FACETS_TIMEOUT)
    return counts


def _facet_counts(params: QueryDict, names: list[str], base: QuerySet) -> dict[str, list[dict]]:
    from .filters import InnovationFilter

    counts: dict[str, list[dict]] = {}
    for name in names:
        facet = FACETS[name]
        if facet.needs and not params.get(facet.needs):
            counts[name] = []
            continue
        own_params = params.copy()
        for key in (name, "ordering", "page", "page_size", "facets"):
            own_params.pop(key, None)
        filterset = InnovationFilter(own_params, queryset=base)
        if not filterset.is_valid():
            counts[name] = []
            continue
        counts[name] = _count(filterset.qs, facet)
    return counts
