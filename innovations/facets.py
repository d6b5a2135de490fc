"""Facet counts for the catalogue: how many published entries each filter value would give.

Counts are disjunctive: a facet is counted under every current filter and query except its own,
so that a chosen province still shows the other provinces to switch to. They start from the
published selector, so drafts never count.
"""

import hashlib
import json
import time
from dataclasses import dataclass

import numpy as np
import psycopg
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
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
    # v2: the counts are cached with the total since the single-pass facets.
    key = f"facets:v2:{catalogue_version()}:{_digest(params, names)}"
    summary = cache.get(key)
    if summary is None:
        summary = _facet_summary(params, names, base, filterset, matched)
        cache.set(key, summary, FACETS_TIMEOUT)
    return summary


def cached_total(params: QueryDict, entries: QuerySet) -> int:
    """The number of `entries` (the list `params` selects), cached like the facet counts, so
    that paging through a long result counts it once until the catalogue changes."""
    key = f"facets:total:v1:{catalogue_version()}:{_digest(params, [])}"
    total = cache.get(key)
    if total is None:
        total = entries.count()
        cache.set(key, total, FACETS_TIMEOUT)
    return total


def _digest(params: QueryDict, names: list[str]) -> str:
    """What decides the counts: the filters and query (not the page or the order), the asked
    facets and the language of their labels."""
    relevant = sorted(
        (key, sorted(params.getlist(key)))
        for key in params
        if key not in ("ordering", "page", "page_size", "facets")
    )
    return hashlib.sha256(
        json.dumps([relevant, sorted(names), get_language()]).encode()
    ).hexdigest()


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


# The packed facet values of a search-table row (innovations/search_sql.py, FACET_RECORD_V1).
FACET_RECORD = np.dtype(
    [
        ("province", ">i4"),
        ("regency", ">i4"),
        ("affair", ">i4"),
        ("source", ">i4"),
        ("stage", ">i4"),
        ("kind", ">i4"),
        ("form", ">i4"),
        ("initiator", ">i4"),
        ("continuity", ">i4"),
        ("year", ">i2"),
        ("covid_related", ">i2"),
        ("categories", ">i2"),
        ("sdgs", ">i2"),
        ("award_levels", ">i2"),
    ]
)
# Facets held as many values per entry (in the order facet_values lists them), and the record
# field that says how many each entry has.
MULTI_VALUED_COUNTS = {"category": "categories", "sdg": "sdgs", "award_level": "award_levels"}
# Facets whose record field is the id of a referenced row (0: none).
ID_VALUED = ("province", "regency", "affair")
# Facets whose record field is hashtext() of a string (award levels: in facet_values).
HASHED = ("source", "stage", "kind", "form", "initiator", "continuity", "award_level")
# The widest range of values counted by bincount (an array of this many counters).
MAX_BINCOUNT_SPAN = 65_536
# hashtext() on this server, remembered per process both ways; see _hash_of() and _strings_of().
_hashes: dict[str, int] = {}
_strings: dict[int, str] = {}


class FacetRecords:
    """The facet values of the matched entries, one record per entry; multi-valued facets as
    (entry index, value) pairs.

    Counting is a bincount of small integers (ids, years, the position of a hashed value among
    the facet's known values), not np.unique: sorting each column of 90,000 matches took about
    16 ms of a request for the eight facets, and decoding the values per facet with masks of
    every value's position another 10 ms."""

    MULTI_KINDS = {"category": 0, "sdg": 1, "award_level": 2}

    def __init__(self, records: np.ndarray, values: np.ndarray, sizes: list[np.ndarray]):
        self.records = records
        # facet_values of all entries in their order, each entry's categories, then its SDGs,
        # then its award levels; sizes[kind] says how many of that kind each entry has.
        self._values, self._sizes = values, sizes
        # Where each entry's values start in `values`.
        totals = sum(sizes, np.zeros(len(records), dtype=np.int64))
        self._starts = np.cumsum(totals) - totals
        self._multi: dict[str, np.ndarray] = {}
        self._owners: dict[str, np.ndarray] = {}

    @classmethod
    def unpack(cls, record_bytes: bytes, value_bytes: bytes) -> "FacetRecords":
        records = np.frombuffer(record_bytes, dtype=FACET_RECORD)
        # In native order at once: gathers from a big-endian array cost several times as much.
        values = np.frombuffer(value_bytes, dtype=">i4").astype(np.int64)
        sizes = [records[field].astype(np.int64) for field in MULTI_VALUED_COUNTS.values()]
        if int(sum(int(size.sum()) for size in sizes)) != len(values):
            raise ValueError("facet_values does not match the records' counts")
        return cls(records, values, sizes)

    def multi(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """(entry index, value) of each value a multi-valued facet holds."""
        values = self.multi_values(name)
        if name not in self._owners:
            counts = self._sizes[self.MULTI_KINDS[name]]
            self._owners[name] = np.repeat(np.arange(len(self.records)), counts)
        return self._owners[name], values

    def multi_values(self, name: str) -> np.ndarray:
        """The values a multi-valued facet holds, entry after entry. Only that facet's values
        are located — each entry's run of them starts after its own values of the kinds
        before — so a facet not asked for costs nothing. Building an owner and a kind for every
        value first, then selecting each facet's by mask, took 6 of the 22 ms of counting the
        90,016 matches of a common word."""
        if name not in self._multi:
            kind = self.MULTI_KINDS[name]
            counts = self._sizes[kind]
            starts = self._starts + sum(self._sizes[:kind], np.zeros_like(counts))
            runs = np.cumsum(counts) - counts  # where each entry's run starts among this kind's
            positions = np.arange(int(runs[-1] + counts[-1]) if len(counts) else 0)
            positions += np.repeat(starts - runs, counts)
            self._multi[name] = self._values[positions]
        return self._multi[name]

    def column(self, name: str) -> np.ndarray:
        return self.records[name].astype(np.int64)

    def having(self, name: str, wanted: list[int]) -> np.ndarray:
        """Which entries hold any of the wanted values of a facet."""
        if name in MULTI_VALUED_COUNTS:
            owner, values = self.multi(name)
            found = np.zeros(len(self.records), dtype=bool)
            found[owner[np.isin(values, wanted)]] = True
            return found
        return np.isin(self.column(name), wanted)

    def counts(self, name: str, among: np.ndarray, known: list[int] = ()) -> list[tuple[int, int]]:
        """(value, number of entries) of a facet among the entries where `among` holds. `known`:
        the values a hashed facet usually holds (any others are counted too, more slowly)."""
        everyone = bool(among.all())  # no filter to apply: no copy of the values
        if name in MULTI_VALUED_COUNTS and everyone:
            values = self.multi_values(name)
        elif name in MULTI_VALUED_COUNTS:
            owner, values = self.multi(name)
            values = values[among[owner]]
        else:
            values = self.column(name) if everyone else self.column(name)[among]
        if known:
            return _counts_of_known(values, known)
        if not len(values):
            return []
        low = int(values.min())
        if int(values.max()) - low > MAX_BINCOUNT_SPAN:  # ids far apart: sort instead
            found, numbers = np.unique(values, return_counts=True)
            return list(zip(found.tolist(), numbers.tolist(), strict=True))
        numbers = np.bincount(values - low)
        found = np.flatnonzero(numbers)
        return list(zip((found + low).tolist(), numbers[found].tolist(), strict=True))


def _counts_of_known(values: np.ndarray, known: list[int]) -> list[tuple[int, int]]:
    """(value, count) of hashed values, counted by their position among the known ones."""
    known_values = np.unique(np.asarray(known, dtype=np.int64))
    at = np.searchsorted(known_values, values).clip(max=len(known_values) - 1)
    is_known = known_values[at] == values
    numbers = np.bincount(at[is_known], minlength=len(known_values))
    pairs = [(int(v), int(n)) for v, n in zip(known_values, numbers, strict=True) if n]
    others, other_numbers = np.unique(values[~is_known], return_counts=True)
    return pairs + list(zip(others.tolist(), other_numbers.tolist(), strict=True))


def _hash_of(texts) -> dict[str, int]:
    """hashtext() of each string as the database computes it, remembered per process."""
    missing = sorted({text for text in texts if text not in _hashes})
    if missing:
        with connection.cursor() as cursor:
            cursor.execute("SELECT t, hashtext(t) FROM unnest(%s::text[]) AS t", [missing])
            for text, hashed in cursor.fetchall():
                _hashes[text], _strings[hashed] = hashed, text
    return {text: _hashes[text] for text in texts}


def _known_strings(name: str) -> list[str]:
    facet = FACETS[name]
    return ["", *(facet.choices or {})]


def _strings_of(name: str, hashes: list[int]) -> dict[int, str]:
    """The strings behind a hashed facet's values: its choices, and, for a value stored under a
    choice that no longer exists, the stored string itself. A hash no row holds any more (its
    entry changed since the records were read) is left out."""
    _hash_of(_known_strings(name))
    unknown = [hashed for hashed in hashes if hashed not in _strings]
    if unknown:
        column, multi = {
            "continuity": ("continuity_status", False),
            "award_level": ("award_levels", True),
        }.get(name, (name, False))
        stored = f"unnest({column})" if multi else column
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT v, hashtext(v) FROM (SELECT {stored} AS v "
                "FROM innovations_searchentry) AS stored WHERE hashtext(v) = ANY(%s)",
                [unknown],
            )
            for text, hashed in cursor.fetchall():
                _hashes[text], _strings[hashed] = hashed, text
    return {hashed: _strings[hashed] for hashed in hashes if hashed in _strings}


def _wanted(name: str, cleaned: dict) -> list[int] | None:
    """The record values an applied filter keeps, or None when the filter is not applied."""
    value = cleaned.get(name)
    if value in (None, "") or (name in ("category", "sdg") and not value):
        return None
    if name in ID_VALUED:
        return [value.pk]
    if name in ("category", "sdg"):
        return [item.pk for item in value]
    if name == "year":
        return [int(value)]
    if name == "covid_related":
        return [int(bool(value))]
    return [_hash_of([str(value)])[str(value)]]


FILTERS = (*FACET_NAMES, "covid_related")


def single_pass_counts(
    filterset, names: list[str], matched: tuple | None = None
) -> tuple[dict[str, list[dict]], int]:
    """Facet counts from the search table (PostgreSQL) for a valid InnovationFilter, and the
    number of entries under all its filters, from one scan of the matched rows: it reads their
    packed facet records (two aggregated byte strings) and counts them here. Disjunctive: a
    facet whose filter is applied is counted among the entries that pass all the other filters.
    `matched`: the caller's catalogue.matched_entries() for the query."""
    from .selectors import catalogue

    params = filterset.data
    cleaned = filterset.form.cleaned_data
    offered = [n for n in names if not (FACETS[n].needs and not params.get(FACETS[n].needs))]
    has_query = bool(catalogue.query_text(cleaned))
    with catalogue.search_planner(has_query):
        rows, _ = matched or catalogue.matched_entries(cleaned)
        conditions = catalogue.entry_conditions(cleaned)
        if not has_query:
            rows = rows.filter(_counted_rows(conditions, offered))
        else:
            # Filters the packed records do not hold (`replicated`) are applied in SQL.
            rows = rows.filter(*(c for name, c in conditions.items() if name not in FILTERS))
            # The filters the match vector's GIN index holds narrow the matches read to those
            # some count can take (a word in a province or a year: the union of two scans of
            # that index). The rest is applied here: in SQL, a filter outside that index would
            # let the planner start from the filter's rows and test the word on each, reading
            # its out-of-line vector, which costs more than these records.
            indexed = {n: c for n, c in conditions.items() if n in catalogue.MATCH_INDEX_FILTERS}
            rows = rows.filter(_counted_rows(indexed, offered))
        found = _facet_records(rows)
    passes = {}
    for name in FILTERS:
        wanted = _wanted(name, cleaned)
        if wanted is not None:
            passes[name] = found.having(name, wanted)
    everywhere = np.ones(len(found.records), dtype=bool)
    meets_all = np.logical_and.reduce([everywhere, *passes.values()])
    counts = {name: [] for name in names}
    version = catalogue_version()  # one read for all the labels below
    for name in offered:
        others = [mask for key, mask in passes.items() if key != name]
        among = np.logical_and.reduce([everywhere, *others]) if name in passes else meets_all
        known = list(_hash_of(_known_strings(name)).values()) if name in HASHED else []
        raw = found.counts(name, among, known)
        if name in HASHED:
            strings = _strings_of(name, [value for value, _ in raw])
            raw = [(strings[value], count) for value, count in raw if value in strings]
        elif name in ID_VALUED:
            raw = [(value or None, count) for value, count in raw]
        counts[name] = _buckets(FACETS[name], _labelled(name, raw, version))
    return counts, int(meets_all.sum())


def _counted_rows(conditions: dict[str, Q], offered: list[str]) -> Q:
    """The rows some count takes: those meeting every filter, and for each offered facet whose
    filter is applied, those meeting all the others (Q() when that is every row)."""
    views = [list(conditions)]
    views += [[key for key in conditions if key != n] for n in offered if n in conditions]
    if not all(views):  # a view without filters takes every row
        return Q()
    # A view holding all of another's filters takes none of its rows that the other does not.
    narrowest = [v for v in views if not any(set(o) < set(v) for o in views)]
    counted = Q()
    for view in {tuple(v): v for v in narrowest}.values():
        all_of = Q()
        for key in view:
            all_of &= conditions[key]
        counted |= all_of
    return counted


def _facet_records(rows: QuerySet) -> FacetRecords:
    """The packed facet values of the rows, read in one aggregate (the byte strings list the
    rows in the same order: one aggregation step appends to both)."""
    try:
        inner, params = (
            rows.order_by().values_list("facet_record", "facet_values").query.sql_with_params()
        )
    except EmptyResultSet:  # a query with nothing to match (only punctuation, say)
        return FacetRecords.unpack(b"", b"")
    connection.ensure_connection()
    # Django's cursors bind parameters client-side and read results as text, where bytea
    # arrives hex-encoded (twice the bytes, then decoded): a plain psycopg cursor on the same
    # connection (same transaction) reads them in binary.
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(
            "SELECT string_agg(facet_record, ''::bytea), string_agg(facet_values, ''::bytea) "
            f"FROM ({inner}) AS matched",
            params,
            binary=True,
        )
        record_bytes, value_bytes = cursor.fetchone()
    return FacetRecords.unpack(record_bytes or b"", value_bytes or b"")


def _labelled(name: str, rows: list[tuple], version: str) -> list[tuple]:
    """(value, label, count) as the per-facet query gives them: codes, slugs and names of the
    referenced rows; choice values as stored. `version`: the catalogue's, read by the caller."""
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
    found = _labels_of(*models[name], version)
    return [(*found[value], count) for value, count in rows if value in found]


# The natural key and name of every province, regency, category, government affair and SDG (a
# few hundred rows), remembered per process: labelling the facet values took four or five
# queries of every request with facets. Kept while the catalogue version stays the same (saving
# or deleting any of these rows, or reloading the reference data, changes it: innovations.apps)
# and at most LABELS_MAX_AGE seconds, as a bound for a write that bypasses all of these.
LABELS_MAX_AGE = 60.0
_labels: dict[tuple[str, str], tuple[str, float, dict[int, tuple]]] = {}


def _labels_of(model, key: str, version: str) -> dict[int, tuple]:
    now = time.monotonic()
    cached = _labels.get((model._meta.label, key))
    if cached is None or cached[0] != version or now - cached[1] > LABELS_MAX_AGE:
        rows = model.objects.order_by().values_list("pk", key, "name")
        cached = (version, now, {pk: (natural_key, label) for pk, natural_key, label in rows})
        _labels[(model._meta.label, key)] = cached
    return cached[2]
