"""The catalogue list (page /inovasi/ and API alike): results, their count and facet counts.

On PostgreSQL a search or a facet request reads the narrow search table (`SearchEntry`, kept by
triggers; drafts have no row), so matching, counting and facet counting touch a small heap
instead of every entry's TOASTed document, and all facets without a filter of their own come
from one pass that also gives the total. Only the page of results is read from the entries.
The `replicated` filter is a subquery of the replications there. On SQLite the FilterSet's own
queryset is used.
"""

import logging
from collections.abc import Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, QuerySet, SmallIntegerField, Value
from django.db.models.functions import Cast

from .. import search
from ..models import SearchEntry
from . import listed_innovations, published_innovations, side
from . import replication as replication_selectors

logger = logging.getLogger(__name__)

# FilterSet orderings the narrow table can sort by itself; the others sort the page's entries.
NATIVE_ORDERINGS = {
    "newest": ("-published_at", "-innovation_id"),
    "oldest": ("published_at", "innovation_id"),
    "year": ("year_launched", "innovation_id"),
    "-year": ("-year_launched", "-innovation_id"),
}
RELEVANCE_TIE_BREAK = ("-published_at", "-innovation_id")
# Pages starting further in are ranked on the request's own connection once the count has
# shown they exist: ranking beside before the count would let a request for page 99999 (a 404)
# rank every match on the side thread for nothing.
MAX_START_BESIDE = 1000
# Bitmaps of a common word (90 % of 100,000 entries) stay exact, so matches are not rechecked.
SEARCH_WORK_MEM = "64MB"


@dataclass
class CatalogueResults:
    """What a list shows: `entries` (count() and slicing, for a paginator), the asked facets and
    the search outcome (parsed query, correction) when there was a query."""

    entries: Sequence
    facets: dict[str, list[dict]] = field(default_factory=dict)
    search_outcome: search.SearchOutcome | None = None


def uses_search_table(filterset) -> bool:
    """Whether a valid InnovationFilter can be answered from the narrow search table."""
    return search.uses_full_text()


# The filters that are columns of the match vector's GIN index (search_sql.MATCH_FILTERS_INDEX_V2):
# with a word, PostgreSQL intersects them with the word's entries in the index.
MATCH_INDEX_FILTERS = ("year", "province", "regency", "category", "sdg")


def entry_conditions(cleaned_data: dict) -> dict[str, Q]:
    """The applied filters of InnovationFilter as conditions on SearchEntry, by parameter name
    (so that a facet can leave out its own). `q` is not among them: see matched_entries()."""
    value = cleaned_data.get
    conditions = {}
    # Year, province and regency (and the category and SDG arrays below) are columns of the
    # match vector's GIN index (MATCH_INDEX_FILTERS), which only compares values of the
    # column's own type: those scalars are cast here, the arrays by Django
    # (search_sql.MATCH_FILTERS_INDEX_V2).
    scalar = {
        "province": ("province_id", lambda v: _typed(v.pk, BigIntegerField())),
        "regency": ("regency_id", lambda v: _typed(v.pk, BigIntegerField())),
        "year": ("year_launched", lambda v: _typed(int(v), SmallIntegerField())),
        "source": ("source", str),
        "stage": ("stage", str),
        "kind": ("kind", str),
        "form": ("form", str),
        "initiator": ("initiator", str),
        "affair": ("government_affair_id", lambda v: v.pk),
        "continuity": ("continuity_status", str),
    }
    for name, (column, convert) in scalar.items():
        if value(name) not in (None, ""):
            conditions[name] = Q(**{column: convert(value(name))})
    if value("category"):
        conditions["category"] = Q(category_ids__overlap=[c.pk for c in value("category")])
    if value("sdg"):
        conditions["sdg"] = Q(sdg_numbers__overlap=[s.pk for s in value("sdg")])
    if value("award_level"):
        conditions["award_level"] = Q(award_levels__contains=[value("award_level")])
    if value("covid_related") is not None:
        conditions["covid_related"] = Q(covid_related=value("covid_related"))
    if value("replicated") is not None:
        # Not a facet: the facet counts take it in SQL (facets.single_pass_counts).
        replicated = Q(pk__in=replication_selectors.replicated_origins())
        conditions["replicated"] = replicated if value("replicated") else ~replicated
    return conditions


def _typed(value, field) -> Cast:
    """A value compared in the column's own type (`btree_gin` has no cross-type operators)."""
    return Cast(Value(value), field)


def query_text(cleaned_data: dict) -> str:
    return (cleaned_data.get("q") or "").replace("\x00", "").strip()


def matched_entries(cleaned_data: dict) -> tuple[QuerySet, search.SearchOutcome | None]:
    """Search-table rows matching the query (all rows without one), and the search outcome.
    The typo fallback decides on the query alone, as the FilterSet does (`q` is its first
    filter)."""
    text = query_text(cleaned_data)
    if not text:
        return SearchEntry.objects.all(), None
    outcome = search.search_entries(SearchEntry.objects.all(), text)
    return outcome.queryset, outcome


@contextmanager
def search_planner(has_query: bool):
    """Runs the enclosed queries in a transaction whose planner settings suit the search table:
    enough work_mem for exact bitmaps, no JIT (its compile time exceeds these queries), and no
    sequential scan when there is a query: the planner does not know that a sequential scan
    detoasts every match vector while the GIN bitmap avoids it."""
    if getattr(connection, "in_search_planner", False):  # already set for this transaction
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true), "
                "set_config('enable_seqscan', %s, true)",
                [SEARCH_WORK_MEM, "off" if has_query else "on"],
            )
        connection.in_search_planner = True
        try:
            yield
        finally:
            connection.in_search_planner = False


class SearchTablePage:
    """The ordered results for a paginator: a known count, and slices that read only the page's
    ids from the search table and then those entries (with the usual joins) from the catalogue.

    Relevance order: entries whose title and summary alone match the query (every word or
    phrase there; their own GIN index finds them, so only they are ranked) come first, by the
    rank of title and summary (weights A 1.0, B 0.6); then the other matches, by the rank of the
    whole document (C 0.3 for the story, D 0.1 for agency, region and category names). Ties:
    newest first. So title > summary > story > agency/region holds, and only a page that reaches
    past the title/summary matches ranks the rest.
    """

    def __init__(
        self,
        entries: QuerySet,
        count: int,
        ordering: str,
        outcome,
        has_query: bool,
        conditions: dict[str, Q],
    ):
        self.entries, self._count, self.ordering = entries, count, ordering
        # The filters of `entries` (entry_conditions()): the first relevance tier applies them
        # to a query of its own.
        self.conditions = conditions
        self.outcome, self.has_query = outcome, has_query
        self.ordered = True
        # (start, stop) and the future of their ids, when read_beside() started them.
        self._beside: tuple[tuple[int, int], Future] | None = None

    def read_beside(self, start: int, stop: int) -> None:
        """Start ranking rows [start:stop) on the side connection (selectors.side), so that they
        are ranked while this thread counts the matches; the slice [start:stop] then takes them.
        The count is not known yet: stop is the page's end, and the ranking query's LIMIT stops
        at the last match anyway."""
        future = side.submit(self._ids_in_planner, start, stop)
        self._beside = None if future is None else ((start, stop), future)

    def count(self) -> int:
        return self._count

    def set_count(self, count: int) -> None:
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop = index.start or 0, min(index.stop, self._count)
        beside, self._beside = self._beside, None
        if stop <= start:  # nothing to show: whatever the side thread finds is not waited for
            return []
        ids = None
        # The paginator ends the last page at the count: a shorter slice of the same rows.
        if beside is not None and beside[0][0] == start and index.stop <= beside[0][1]:
            try:
                ids = beside[1].result()[: stop - start]
            except Exception:  # the side connection failed (timeout, no free connection...)
                logger.warning("Ranking on the side connection failed", exc_info=True)
        if ids is None:
            ids = self._ids_in_planner(start, stop)
        rows = listed_innovations().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    def _ids_in_planner(self, start: int, stop: int) -> list[int]:
        if self.has_query:
            with search_planner(self.has_query):
                return self._ids(start, stop)
        # Without a query: an index scan in date or year order, which the default planner does.
        return self._ids(start, stop)

    def _ids(self, start: int, stop: int) -> list[int]:
        if self.ordering in NATIVE_ORDERINGS:
            ordered = self.entries.order_by(*NATIVE_ORDERINGS[self.ordering])
            return list(ordered.values_list("pk", flat=True)[start:stop])
        if self.ordering != "relevance" or self.outcome is None:
            return self._ids_of_entries_order(start, stop)
        in_title_or_summary = search.title_or_summary_entries(
            SearchEntry.objects.filter(*self.conditions.values()), self.outcome.parsed
        ).order_by("-rank", *RELEVANCE_TIE_BREAK)
        ids = list(in_title_or_summary.values_list("pk", flat=True)[start:stop])
        if len(ids) == stop - start:
            return ids
        before = start + len(ids) if ids or not start else in_title_or_summary.count()
        elsewhere = (
            self.entries.exclude(search.matches_title_or_summary(self.outcome.parsed))
            .annotate(full_rank=search.full_rank_expression(self.outcome.parsed))
            .order_by("-full_rank", *RELEVANCE_TIE_BREAK)
        )
        return ids + list(
            elsewhere.values_list("pk", flat=True)[max(0, start - before) : stop - before]
        )

    def _ids_of_entries_order(self, start: int, stop: int) -> list[int]:
        """Orders the search table cannot sort (title, completeness, replications): the matched
        ids, sorted by the entries' own columns."""
        from ..filters import InnovationFilter

        if self.ordering == "most_replicated":
            return self._ids_most_replicated(start, stop)
        queryset = published_innovations().filter(pk__in=self.entries.values("pk"))
        ordering = InnovationFilter.ORDERINGS[self.ordering]
        return list(queryset.order_by(*ordering).values_list("pk", flat=True)[start:stop])

    def _ids_most_replicated(self, start: int, stop: int) -> list[int]:
        """Most replicated first, newest first among equals: the few entries with a counted
        replication are counted and sorted apart, and the rest follow in the search table's date
        order. Counting every entry's replications in one grouped join took 0.3 s at 100,000
        entries."""
        replicated = replication_selectors.most_replicated_ids(self.entries.values("pk"))
        ids = replicated[start:stop]
        if len(ids) < stop - start:
            rest = self.entries.exclude(pk__in=replicated).order_by(*NATIVE_ORDERINGS["newest"])
            offset = max(0, start - len(replicated))
            ids += rest.values_list("pk", flat=True)[offset : offset + stop - start - len(ids)]
        return ids


def page_slice(number, size: int | None) -> tuple[int, int] | None:
    """The (start, stop) a paginator takes for a page number given as request text (1 when
    absent), or None when that is not a plain page number."""
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        return None
    if number < 1 or not size:
        return None
    return (number - 1) * size, number * size


def catalogue_results(
    filterset, facet_names: list[str], page_bounds: tuple[int, int] | None = None
) -> CatalogueResults:
    """The published entries a valid InnovationFilter selects, in its order, with the named
    facet counts (disjunctive, cached until the catalogue changes). The page and the API both
    list through here.

    `page_bounds`: the (start, stop) slice the caller's paginator will take. With a query it is
    ranked on the side connection (selectors.side) while this one counts, when that may be."""
    from .. import facets

    params = filterset.data
    cleaned = filterset.form.cleaned_data
    # Without a query or facets a plain list is cheap on the entries table, except in the order
    # of replications, which the FilterSet gets by counting every entry's (0.3 s at 100,000).
    needs_table = query_text(cleaned) or facet_names or cleaned.get("ordering") == "most_replicated"
    if not (uses_search_table(filterset) and needs_table):
        queryset = filterset.qs
        counts = facets.facet_counts(params, facet_names, published_innovations())
        return CatalogueResults(queryset, counts, filterset.search_outcome)
    has_query = bool(query_text(cleaned))
    ordering = cleaned.get("ordering")
    if not has_query and ordering in (None, "", "relevance"):
        ordering = "newest"
    rank_beside = (
        page_bounds is not None
        and page_bounds[0] < MAX_START_BESIDE
        and has_query
        and side.usable()
    )
    with search_planner(has_query):
        matched = matched_entries(cleaned)
        entries, outcome = matched
        conditions = entry_conditions(cleaned)
        for condition in conditions.values():
            entries = entries.filter(condition)
        page = SearchTablePage(entries, 0, ordering or "relevance", outcome, has_query, conditions)
        if rank_beside:
            page.read_beside(*page_bounds)
        counts, total = facets.facet_summary(
            params, facet_names, published_innovations(), filterset, matched
        )
        if total is None:
            total = facets.cached_total(params, entries)
    page.set_count(total)
    return CatalogueResults(page, counts, outcome)
