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
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Value
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


# Grouping sets: every set costs a hash lookup per matched row, so facets with few values
# share one set (its groups are the combinations, summed per facet afterwards) as long as the
# combinations stay few; the others get a set each. Upper bounds of distinct values per column.
FEW_VALUES = {
    "source": len(Innovation.Source.choices),
    "stage": len(Innovation.Stage.choices),
    "kind": len(Innovation.Kind.choices) + 1,
    "form": len(Innovation.Form.choices) + 1,
    "initiator": len(Innovation.Initiator.choices) + 1,
    "continuity_status": len(Innovation.Continuity.choices),
    "year_launched": 30,
    "award_levels": 8,  # combinations of levels an entry holds; nearly all hold none or one
}
MAX_SHARED_GROUPS = 2000


def _grouping_sets(columns: list[str]) -> list[tuple[str, ...]]:
    shared, groups, sets = [], 1, []
    for column in columns:
        if column in FEW_VALUES and groups * FEW_VALUES[column] <= MAX_SHARED_GROUPS:
            shared.append(column)
            groups *= FEW_VALUES[column]
        else:
            sets.append((column,))
    return ([tuple(shared)] if shared else []) + sets


def single_pass_counts(
    filterset, names: list[str], matched: tuple | None = None
) -> tuple[dict[str, list[dict]], int]:
    """Facet counts from the search table (PostgreSQL) for a valid InnovationFilter, and the
    number of entries under all its filters, from one scan of the matched rows (GROUP BY
    GROUPING SETS). Disjunctive counts in the same scan: the scan keeps the rows that fail at
    most one applied facet filter, and a facet whose filter is applied counts the rows that pass
    all the others. `matched`: the caller's catalogue.matched_entries() for the query."""
    from .selectors import catalogue

    params = filterset.data
    cleaned = filterset.form.cleaned_data
    with catalogue.search_planner(bool(catalogue.query_text(cleaned))):
        rows, _ = matched or catalogue.matched_entries(cleaned)
        conditions = catalogue.entry_conditions(cleaned)
        offered = [n for n in names if not (FACETS[n].needs and not params.get(FACETS[n].needs))]
        raw: dict[str, dict] = {name: {} for name in offered}
        total = _count_in_one_scan(rows, offered, conditions, raw)
    counts = {name: [] for name in names}
    for name in offered:
        counts[name] = _buckets(FACETS[name], _labelled(name, list(raw[name].items())))
    return counts, total


def _all_of(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined &= condition
    return combined


def _count_in_one_scan(
    rows: QuerySet, names: list[str], conditions: dict[str, Q], raw: dict[str, dict]
) -> int:
    """Adds the disjunctive counts of each named facet over `rows` under `conditions` to `raw`;
    returns the number of rows that meet every condition."""
    applied = [name for name in names if name in conditions]  # facets that leave out their own
    if not applied:
        rows = rows.filter(_all_of(conditions.values()))
        flags = {}
    else:
        # One flag per view of the rows: all filters met, or all but one facet's own.
        flags = {"meets_all": _all_of(conditions.values())}
        for name in applied:
            others = [c for key, c in conditions.items() if key != name]
            flags[f"meets_all_but_{name}"] = _all_of(others)
        rows = rows.annotate(
            **{
                flag: ExpressionWrapper(condition, output_field=BooleanField())
                if condition
                else Value(True)
                for flag, condition in flags.items()
            }
        )
        keep = Q()
        for flag in flags:
            keep |= Q(**{flag: True})
        rows = rows.filter(keep)
    by_column = {FACET_COLUMNS[name][0]: name for name in names}
    columns = list(by_column)
    listed = columns + list(flags)
    try:
        inner, params = rows.order_by().values_list(*(listed or ["pk"])).query.sql_with_params()
    except EmptyResultSet:  # a query with nothing to match (only punctuation, say)
        return 0
    if not listed:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({inner}) AS matched", params)
            return cursor.fetchone()[0]
    main_flag = ("meets_all",) if flags else ()
    main = [c for c in columns if by_column[c] not in applied]
    sets = [(*grouping_set, *main_flag) for grouping_set in _grouping_sets(main)]
    sets += [(FACET_COLUMNS[name][0], f"meets_all_but_{name}") for name in applied]
    sets.append(main_flag)
    sql = (
        f"SELECT grouping({', '.join(listed)}), {', '.join(listed)}, count(*) "
        f"FROM ({inner}) AS matched GROUP BY GROUPING SETS "
        + "("
        + ", ".join(f"({', '.join(grouping_set)})" for grouping_set in sets)
        + ")"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    total = 0
    for mask, *values, count in result:
        grouped = {
            name: value
            for position, (name, value) in enumerate(zip(listed, values, strict=True))
            if not mask & (1 << (len(listed) - 1 - position))
        }
        grouped_flags = [flag for flag in flags if flag in grouped]
        if grouped_flags and not grouped[grouped_flags[0]]:
            continue  # rows outside this set's view
        facet_columns = [c for c in columns if c in grouped]
        if not facet_columns:
            total = count
            continue
        for column in facet_columns:
            name = by_column[column]
            value = grouped[column]
            buckets = raw[name]
            for one in set(value) if FACET_COLUMNS[name][1] else [value]:
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
