"""Reads of the catalogue. Every public path (pages, API, search, facets, exports, sitemaps)
starts from published_innovations(), so a draft cannot leak by a forgotten filter."""

from datetime import UTC, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    ExpressionWrapper,
    FloatField,
    Q,
    QuerySet,
    Value,
)

from regions.models import Agency, Province

from .. import search
from ..cache import FACETS_TIMEOUT, catalogue_version
from ..models import Innovation, SearchEntry, SearchWord


def published_innovations() -> QuerySet[Innovation]:
    """Published entries with the joins every list needs. The search vector, which only SQL
    reads (about 2.7 KB an entry, stored out of line), is not loaded."""
    return (
        Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
        .select_related("agency", "province", "regency", "government_affair")
        .prefetch_related("categories", "sdgs", "recognitions")
        .defer("search_vector")
    )


def listed_innovations() -> QuerySet[Innovation]:
    """published_innovations() for lists (cards, the API's list, similar entries): without the
    story's sections, which only an entry's own page and API detail show. Loading the vector
    and the story cost 2-3 ms of a 20-entry page."""
    return published_innovations().defer(*Innovation.NARRATIVE_FIELDS)


def published_innovation_by_slug(slug: str) -> Innovation:
    """The published entry with that slug, with media; raises DoesNotExist for anything else."""
    return published_innovations().prefetch_related("media").get(slug=slug)


def search_innovations(queryset: QuerySet[Innovation], query: str) -> search.SearchOutcome:
    """Entries of `queryset` matching the query (web-search syntax, synonyms, typo fallback),
    annotated with `rank`; see innovations/search.py."""
    return search.search(queryset, query)


def search_suggestion(query: str) -> str | None:
    """A corrected query to offer ("did you mean") when `query` finds nothing, or None."""
    parsed = search.parse_query(query)
    if parsed.is_empty or not search.uses_full_text():
        return None
    corrected = search.corrected_query(parsed)
    return corrected.as_text() if corrected else None


def newest_innovations(limit: int = 6) -> list[Innovation]:
    return list(listed_innovations().order_by("-published_at", "-id")[:limit])


TOTALS_SQL = """
SELECT (SELECT count(*) FROM {entries} WHERE status = %(published)s),
       (SELECT count(*) FROM {agencies} a WHERE EXISTS (
            SELECT 1 FROM {entries} i WHERE i.agency_id = a.id AND i.status = %(published)s)),
       (SELECT count(*) FROM {provinces} p WHERE EXISTS (
            SELECT 1 FROM {entries} i WHERE i.province_id = p.id AND i.status = %(published)s)),
       (SELECT count(*) FROM {provinces})
"""


def catalogue_totals() -> dict[str, int]:
    """Totals over published entries (the home page's figures), kept until the catalogue
    changes. Agencies and provinces are counted as those with a published entry, one index probe
    each, not by distinct values over every published entry (1.2 s at 1,000,000 entries)."""
    key = f"catalogue:totals:v2:{catalogue_version()}"
    totals = cache.get(key)
    if totals is None:
        sql = TOTALS_SQL.format(
            entries=Innovation._meta.db_table,
            agencies=Agency._meta.db_table,
            provinces=Province._meta.db_table,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, {"published": Innovation.Status.PUBLISHED.value})
            names = ("innovations", "agencies", "provinces", "all_provinces")
            totals = dict(zip(names, cursor.fetchone(), strict=True))
        cache.set(key, totals, FACETS_TIMEOUT)
    return totals


def published_count() -> int:
    """The number of published entries, kept until the catalogue changes."""
    key = f"catalogue:published:v1:{catalogue_version()}"
    count = cache.get(key)
    if count is None:
        count = Innovation.objects.filter(status=Innovation.Status.PUBLISHED).count()
        cache.set(key, count, FACETS_TIMEOUT)
    return count


# "Similar entries" on PostgreSQL (every entry page, and the API): scored among two bounded
# candidate sets read from the narrow search table, published entries only. Scoring every entry
# that shared a category or an SDG, or any title word ("kabupaten"), with the title query ranked
# against whole documents, took about 5 s per page at 100,000 entries: nearly the whole catalogue
# qualified.
SIMILAR_TEXT_CANDIDATES = 200  # the best-ranked entries for the title's telling words
SIMILAR_TOPIC_CANDIDATES = 200  # the newest holding all its categories (and an SDG), and any
SIMILAR_WORDS = 4  # the title's rarest words make the text query...
SIMILAR_COMMON_SHARE = 0.10  # ...leaving out words found in more than this share of entries
SIMILAR_COMMON_FLOOR = 50  # (a small catalogue: a word in 50 entries still tells them apart)
# ...and words of more entries than this at any size: ranking every match of the words costs
# about a millisecond per 1,000 matches, and at 1,000,000 entries 10 % would be 100,000 a word.
SIMILAR_MAX_DOCUMENTS = 5000


def similar_innovations(entry: Innovation, limit: int = 4) -> list[Innovation]:
    """Other published entries most like this one: shared categories and SDGs, plus (on
    PostgreSQL) ten times the rank of the title's telling words in their titles and summaries."""
    category_ids = set(entry.categories.values_list("id", flat=True))
    sdg_numbers = set(entry.sdgs.values_list("number", flat=True))
    if not search.uses_full_text():
        return _similar_by_topics(entry, category_ids, sdg_numbers, limit)
    # Kept until the catalogue changes, like the facet counts: a page viewed again costs nothing.
    key = f"similar:v1:{catalogue_version()}:{entry.pk}:{limit}"
    ranked = cache.get(key)
    if ranked is None:
        ranked = _similar_ids(entry, category_ids, sdg_numbers, limit)
        cache.set(key, ranked, FACETS_TIMEOUT)
    found = listed_innovations().in_bulk(ranked)
    return [found[pk] for pk in ranked if pk in found]


def _similar_ids(
    entry: Innovation, category_ids: set[int], sdg_numbers: set[int], limit: int
) -> list[int]:
    scores: dict[int, float] = {}
    others = SearchEntry.objects.exclude(pk=entry.pk)
    words = similar_title_words(entry)
    candidates = []
    if words:
        query = search.any_word_query(words)
        candidates += (
            others.filter(rank_vector=query)
            .annotate(rank=search.rank_expression(query, "rank_vector"))
            .order_by("-rank", "-pk")
            .values_list("pk", "category_ids", "sdg_numbers", "published_at", "rank")
        )[:SIMILAR_TEXT_CANDIDATES]
    if category_ids or sdg_numbers:
        categories, sdgs = sorted(category_ids), sorted(sdg_numbers)
        sharing_all = others.filter(category_ids__contains=categories)
        if sdgs:
            sharing_all = sharing_all.filter(sdg_numbers__overlap=sdgs)
        sharing = Q(category_ids__overlap=categories) | Q(sdg_numbers__overlap=sdgs)
        sharing_any = others.filter(sharing)
        for topics in (sharing_all, sharing_any):
            candidates += (
                topics.order_by("-published_at", "-pk")
                .annotate(rank=Value(0.0))
                .values_list("pk", "category_ids", "sdg_numbers", "published_at", "rank")
            )[:SIMILAR_TOPIC_CANDIDATES]
    newest: dict[int, object] = {}
    for pk, categories, sdgs, published_at, rank in candidates:
        shared = len(category_ids.intersection(categories)) + len(sdg_numbers.intersection(sdgs))
        scores[pk] = max(scores.get(pk, 0.0), shared + 10 * rank)
        newest[pk] = published_at
    return sorted(
        (pk for pk, score in scores.items() if score > 0),
        key=lambda pk: (scores[pk], newest[pk] or datetime.min.replace(tzinfo=UTC), pk),
        reverse=True,
    )[:limit]


def similar_title_words(entry: Innovation) -> list[str]:
    """The title's words that tell it apart: not its agency's or region's names (they find
    neighbours, not similar practices), nor words found in more than SIMILAR_COMMON_SHARE of
    published titles and summaries or in no other; the SIMILAR_WORDS rarest of them."""
    names = " ".join(
        place.name for place in (entry.agency, entry.province, entry.regency) if place is not None
    )
    own = {search.clean_word(word) for word in names.split()}
    words = {word for word in map(search.clean_word, entry.title.split()) if len(word) > 3}
    words -= own
    if not words:
        return []
    documents = dict(SearchWord.objects.filter(word__in=words).values_list("word", "documents"))
    share = published_count() * SIMILAR_COMMON_SHARE
    common = max(SIMILAR_COMMON_FLOOR, min(share, SIMILAR_MAX_DOCUMENTS))
    # A word of this entry alone (a made-up acronym) finds nothing else; a word of a few others
    # (the same acronym where it was replicated) tells the most.
    telling = [word for word in words if 1 < documents.get(word, 0) <= common]
    return sorted(telling, key=lambda word: (documents.get(word, 0), word))[:SIMILAR_WORDS]


def _similar_by_topics(
    entry: Innovation, category_ids: set[int], sdg_numbers: set[int], limit: int
) -> list[Innovation]:
    """Without full text (SQLite): entries sharing the most categories and SDGs."""
    # An empty IN () would make the whole aggregate empty, so absent topics add no term.
    shared = Value(0.0)
    candidates = Q(pk__in=[])
    if category_ids:
        shared += Count("categories", filter=Q(categories__in=category_ids), distinct=True)
        candidates |= Q(categories__in=category_ids)
    if sdg_numbers:
        shared += Count("sdgs", filter=Q(sdgs__in=sdg_numbers), distinct=True)
        candidates |= Q(sdgs__in=sdg_numbers)
    return list(
        listed_innovations()
        .exclude(pk=entry.pk)
        .filter(candidates)
        .annotate(similarity=ExpressionWrapper(shared, output_field=FloatField()))
        .filter(similarity__gt=0)
        .order_by("-similarity", "-published_at", "-id")[:limit]
    )
