"""Reads of the catalogue. Every public path (pages, API, search, facets, exports, sitemaps)
starts from published_innovations(), so a draft cannot leak by a forgotten filter."""

from django.db.models import Count, ExpressionWrapper, FloatField, Q, QuerySet, Value

from regions.models import Province

from .. import search
from ..models import Innovation


def published_innovations() -> QuerySet[Innovation]:
    """Published entries with the joins every list needs."""
    return (
        Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
        .select_related("agency", "province", "regency", "government_affair")
        .prefetch_related("categories", "sdgs", "recognitions")
    )


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
    return list(published_innovations().order_by("-published_at", "-id")[:limit])


def catalogue_totals() -> dict[str, int]:
    """Live totals for the home page, over published entries only."""
    published = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
    totals = published.aggregate(
        innovations=Count("id"),
        agencies=Count("agency", distinct=True),
        provinces=Count("province", distinct=True),
    )
    totals["all_provinces"] = Province.objects.count()
    return totals


def similar_innovations(entry: Innovation, limit: int = 4) -> list[Innovation]:
    """Other published entries most like this one: shared categories and SDGs, plus (on
    PostgreSQL) the full-text rank of the entry's title words against their documents."""
    category_ids = list(entry.categories.values_list("id", flat=True))
    sdg_numbers = list(entry.sdgs.values_list("number", flat=True))
    # An empty IN () would make the whole aggregate empty, so absent topics add no term.
    shared = Value(0.0)
    candidates = Q(pk__in=[])
    if category_ids:
        shared += Count("categories", filter=Q(categories__in=category_ids), distinct=True)
        candidates |= Q(categories__in=category_ids)
    if sdg_numbers:
        shared += Count("sdgs", filter=Q(sdgs__in=sdg_numbers), distinct=True)
        candidates |= Q(sdgs__in=sdg_numbers)
    queryset = published_innovations().exclude(pk=entry.pk)
    title_query = search.title_similarity_query(entry.title)
    if title_query is not None:
        candidates |= Q(search_vector=title_query)
        score = shared + search.rank_expression(title_query) * 10
    else:
        score = shared
    return list(
        queryset.filter(candidates)
        .annotate(similarity=ExpressionWrapper(score, output_field=FloatField()))
        .filter(similarity__gt=0)
        .order_by("-similarity", "-published_at", "-id")[:limit]
    )
