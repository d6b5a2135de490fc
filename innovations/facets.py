"""Facet counts for the catalogue: how many published entries each filter value would give.

Counts are disjunctive: a facet is counted under every current filter and query except its own,
so that a chosen province still shows the other provinces to switch to. They start from the
published selector, so drafts never count.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
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
    return _buckets(
        facet,
        [
            (
                row[facet.value_field],
                row[facet.label_field] if facet.label_field else None,
                row["count"],
            )
            for row in rows
        ],
    )


def _buckets(facet: Facet, rows) -> list[dict]:
    """Buckets of (value, label or None, count) rows in the facet's order, empty values left
    out."""
    buckets = [
        {
            "value": str(value),
            "label": str(label if facet.label_field else (facet.choices or {}).get(value, value)),
            "count": count,
        }
        for value, label, count in rows
        if value not in (None, "")
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
    return facet_summary(params, names, base)[0]


def facet_summary(
    params: QueryDict, names: list[str], base: QuerySet, filterset=None, matched=None
) -> tuple[dict[str, list[dict]], int | None]:
    """facet_counts() and, when the counts came from the search table's single pass, the number
    of entries under all filters (else None); cached together. `filterset`: the caller's
    validated InnovationFilter of `params`, and `matched` its search (see single_pass_counts),
    if it has them."""
    if not names:
        return {}, None
    relevant = sorted(
        (key, sorted(params.getlist(key)))
        for key in params
        if key not in ("ordering", "page", "page_size", "facets")
    )
    digest = hashlib.sha256(
        json.dumps([relevant, sorted(names), get_language()]).encode()
    ).hexdigest()
    # v2: the counts are cached with the total since the single-pass facets.
    key = f"facets:v2:{catalogue_version()}:{digest}"
    summary = cache.get(key)
    if summary is None:
        summary = _facet_summary(params, names, base, filterset, matched)
        cache.set(key, summary, FACETS_TIMEOUT)
    return summary


def _facet_summary(
    params: QueryDict, names: list[str], base: QuerySet, filterset=None, matched=None
):
    from .filters import InnovationFilter
    from .selectors import catalogue

    if filterset is None:
        filterset = InnovationFilter(params, queryset=base)
    if filterset.is_valid() and catalogue.uses_search_table(filterset):
        return single_pass_counts(filterset, names, matched)
    return per_facet_counts(params, names, base), None


def per_facet_counts(params: QueryDict, names: list[str], base: QuerySet) -> dict[str, list[dict]]:
    """Each facet with its own query through InnovationFilter: any database, any filter."""
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


# Search-table column of each facet, and whether it holds an array of values.
FACET_COLUMNS = {
    "province": ("province_id", False),
    "regency": ("regency_id", False),
    "year": ("year_launched", False),
    "category": ("category_ids", True),
    "sdg": ("sdg_numbers", True),
    "source": ("source", False),
    "stage": ("stage", False),
    "award_level": ("award_levels", True),
    "kind": ("kind", False),
    "form": ("form", False),
    "initiator": ("initiator", False),
    "affair": ("government_affair_id", False),
    "continuity": ("continuity_status", False),
}


# Choice fields have a handful of values each: one grouping set for all of them together keeps
# the groups few (source × stage ≈ 20) and saves a hash table per field.
CHOICE_COLUMNS = ("source", "stage", "kind", "form", "initiator", "continuity_status")


def single_pass_counts(
    filterset, names: list[str], matched: tuple | None = None
) -> tuple[dict[str, list[dict]], int]:
    """Facet counts from the search table (PostgreSQL) for a valid InnovationFilter, and the
    number of entries under all its filters. Facets whose own filter is not applied, and the
    total, come from one scan of the matched rows (GROUP BY GROUPING SETS); a facet whose filter
    is applied needs a scan of its own without it (disjunctive counts). `matched`: the caller's
    catalogue.matched_entries() for the same query, if it has it."""
    from .selectors import catalogue

    params = filterset.data
    cleaned = filterset.form.cleaned_data
    with catalogue.search_planner(bool(catalogue.query_text(cleaned))):
        rows, _ = matched or catalogue.matched_entries(cleaned)
        conditions = catalogue.entry_conditions(cleaned)
        offered = [n for n in names if not (FACETS[n].needs and not params.get(FACETS[n].needs))]
        passes = {None: [n for n in offered if n not in conditions]}
        passes.update({n: [n] for n in offered if n in conditions})
        raw: dict[str, dict] = {name: {} for name in offered}
        total = 0
        for left_out, pass_names in passes.items():
            filtered = rows
            for name, condition in conditions.items():
                if name != left_out:
                    filtered = filtered.filter(condition)
            pass_total = _count_in_one_scan(filtered, pass_names, raw)
            if left_out is None:
                total = pass_total
    counts = {name: [] for name in names}
    for name in offered:
        counts[name] = _buckets(FACETS[name], _labelled(name, list(raw[name].items())))
    return counts, total


def _count_in_one_scan(rows: QuerySet, names: list[str], raw: dict[str, dict]) -> int:
    """Adds the counts of each named facet over `rows` to `raw`; returns the number of rows."""
    by_column = {FACET_COLUMNS[name][0]: name for name in names}
    columns = list(by_column)
    try:
        inner, params = rows.order_by().values_list(*(columns or ["pk"])).query.sql_with_params()
    except EmptyResultSet:  # a query with nothing to match (only punctuation, say)
        return 0
    if not columns:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner}) AS matched", params)
            return cursor.fetchone()[0]
    choice = [c for c in columns if c in CHOICE_COLUMNS]
    sets = [f"({c})" for c in columns if c not in CHOICE_COLUMNS]
    sets += [f"({', '.join(choice)})"] if choice else []
    listed = ", ".join(columns)
    sql = (
        f"SELECT grouping({listed}), {listed}, count(*) FROM ({inner}) AS matched "
        f"GROUP BY GROUPING SETS ({', '.join(sets)}, ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    total = 0
    for mask, *values, count in result:
        if mask == 2 ** len(columns) - 1:  # the empty set: every row
            total = count
            continue
        for position, (column, value) in enumerate(zip(columns, values, strict=True)):
            if mask & (1 << (len(columns) - 1 - position)):
                continue  # not grouped by this column in this row's set
            buckets = raw[by_column[column]]
            for one in set(value) if FACET_COLUMNS[by_column[column]][1] else [value]:
                buckets[one] = buckets.get(one, 0) + count
    return total


def _labelled(name: str, rows: list[tuple]) -> list[tuple]:
    """(value, label, count) as the per-facet query gives them: codes, slugs and names of the
    referenced rows; choice values as stored."""
    from regions.models import Province, Regency

    from .models import SDG, Category, GovernmentAffair

    models = {
        "province": (Province, "code"),
        "regency": (Regency, "code"),
        "category": (Category, "slug"),
        "affair": (GovernmentAffair, "code"),
        "sdg": (SDG, "number"),
    }
    if name not in models:
        return [(value, None, count) for value, count in rows]
    model, key = models[name]
    ids = [value for value, _ in rows if value is not None]
    found = {
        pk: (natural_key, label)
        for pk, natural_key, label in model.objects.filter(pk__in=ids).values_list(
            "pk", key, "name"
        )
    }
    return [(*found[value], count) for value, count in rows if value in found]
