"""Catalogue search: one query parser, two matchers.

The query language is the web-search syntax officials already know: words (all must match),
"quoted phrases", -exclusions and OR. Government acronyms and their expansions are equivalent
through the synonym table (data, editable in the admin). On PostgreSQL, matching uses the search
table's vectors (the `indonesian` configuration: "pelayanan" finds "layanan"), ranking weights
title > summary > story > agency and region, and falls back to a trigram-corrected query when a
misspelling finds nothing. On SQLite (the embedded default) the same parsed query runs as
case-insensitive substring matching, without ranking, stemming or typo correction.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "indonesian"
MAX_QUERY_TERMS = 20
SYNONYM_CACHE_KEY = "search:synonyms:v1"
PHRASE_CACHE_KEY = "search:phrases:v1"
TOKEN_PATTERN = re.compile(r'(-?)"([^"]*)"|(\S+)')
# Characters that carry no meaning for matching; stripping them keeps hostile input harmless.
NOISE = re.compile(r"[^\w\s\-/.]", re.UNICODE)
# Relevance weights of the D, C, B, A labels: agency/region, story, summary, title.
RANK_WEIGHTS = [0.1, 0.3, 0.6, 1.0]


def normalize(text: str) -> str:
    """Lower case without accents or control characters, as the index stores words."""
    text = text.replace("\x00", "")
    if not text.isascii():  # ASCII has nothing to decompose (most Indonesian text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


@dataclass
class Term:
    """One matchable unit: a word or a phrase, with its equivalent terms from the synonym table."""

    text: str
    phrase: bool = False
    alternatives: list[str] = field(default_factory=list)

    @property
    def variants(self) -> list[str]:
        return [self.text, *(alt for alt in self.alternatives if alt != self.text)]


@dataclass
class ParsedQuery:
    """Clauses are ANDed; each clause is an OR of terms. Exclusions are removed from the result."""

    clauses: list[list[Term]] = field(default_factory=list)
    exclusions: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.clauses and not self.exclusions

    def words(self) -> list[str]:
        """Every positive term and its variants, for highlighting."""
        return [variant for clause in self.clauses for term in clause for variant in term.variants]

    def as_text(self) -> str:
        parts = []
        for clause in self.clauses:
            texts = [f'"{t.text}"' if t.phrase else t.text for t in clause]
            parts.append(" OR ".join(texts))
        parts += [f'-"{t.text}"' if t.phrase else f"-{t.text}" for t in self.exclusions]
        return " ".join(parts)


def synonym_groups() -> dict[str, list[str]]:
    """Map of every normalized term to the terms of its group; cached until the table changes."""
    groups = cache.get(SYNONYM_CACHE_KEY)
    if groups is None:
        from .models import SearchSynonym

        groups = {}
        for row in SearchSynonym.objects.values_list("terms", flat=True):
            terms = synonym_terms(row)
            for term in terms:
                groups.setdefault(term, [])
                groups[term] += [t for t in terms if t not in groups[term]]
        cache.set(SYNONYM_CACHE_KEY, groups, 3600)
    return groups


def synonym_terms(row: str) -> list[str]:
    """The normalized terms of one row of the synonym table (comma-separated)."""
    return [normalize(t) for t in row.split(",") if normalize(t)]


def phrases_of_synonyms(rows) -> set[str]:
    """The multi-word terms of the synonym table's rows, as the query parser reads them: the
    phrases indexed as tokens (models.SearchPhrase; longer ones are matched by positions)."""
    return {term for row in rows for term in synonym_terms(row) if " " in term and len(term) <= 255}


def synonyms_changed() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


def indexed_phrases() -> frozenset[str]:
    """Phrases whose token every match vector holding them carries (models.SearchPhrase,
    `ready`); cached until the phrase table changes."""
    phrases = cache.get(PHRASE_CACHE_KEY)
    if phrases is None:
        from .models import SearchPhrase

        phrases = frozenset(
            SearchPhrase.objects.filter(ready=True).values_list("phrase", flat=True)
        )
        cache.set(PHRASE_CACHE_KEY, phrases, 3600)
    return phrases


def phrases_changed() -> None:
    cache.delete(PHRASE_CACHE_KEY)


def clean_word(word: str) -> str:
    return NOISE.sub("", normalize(word)).strip("-/.")


def parse_query(raw: str) -> ParsedQuery:
    """Parse web-search syntax and expand synonyms (the longest known n-gram of words wins)."""
    parsed = ParsedQuery()
    groups = synonym_groups()
    pending_or = False
    plain_run: list[tuple[str, bool]] = []  # consecutive plain words, for n-gram synonym lookup

    def add_term(term: Term, negate: bool) -> None:
        nonlocal pending_or
        if negate:
            parsed.exclusions.append(term)
        elif pending_or and parsed.clauses:
            parsed.clauses[-1].append(term)
        else:
            parsed.clauses.append([term])
        pending_or = False

    def flush_plain_run() -> None:
        index = 0
        while index < len(plain_run):
            for size in range(min(4, len(plain_run) - index), 0, -1):
                words = [w for w, _ in plain_run[index : index + size]]
                candidate = " ".join(words)
                if size == 1 or candidate in groups:
                    break
            alternatives = groups.get(candidate, [])
            add_term(Term(candidate, phrase=size > 1, alternatives=alternatives), False)
            index += size
        plain_run.clear()

    for match in TOKEN_PATTERN.finditer(raw[:1000]):
        negate, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
        if quoted is not None:
            flush_plain_run()
            text = " ".join(clean_word(w) for w in quoted.split())
            text = " ".join(text.split())
            if text:
                add_term(Term(text, phrase=" " in text, alternatives=groups.get(text, [])), negate)
            continue
        if bare == "OR" and (parsed.clauses or plain_run):
            flush_plain_run()
            pending_or = True
            continue
        negate = bare.startswith("-") and len(bare) > 1
        word = clean_word(bare[1:] if negate else bare)
        if not word:
            continue
        if negate:
            flush_plain_run()
            add_term(Term(word, alternatives=groups.get(word, [])), True)
        elif pending_or:
            flush_plain_run()
            add_term(Term(word, alternatives=groups.get(word, [])), False)
        else:
            plain_run.append((word, False))
    flush_plain_run()
    parsed.clauses = parsed.clauses[:MAX_QUERY_TERMS]
    parsed.exclusions = parsed.exclusions[:MAX_QUERY_TERMS]
    return parsed


# --- PostgreSQL ---------------------------------------------------------------------------


def tsquery_lexeme(lexeme: str) -> str:
    """A tsquery of one lexeme, quoted so that PostgreSQL takes it as it is."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


class PhraseTokenQuery(SearchQuery):
    """Matches an indexed phrase by its token in the match vector (models.SearchPhrase): the
    GIN index answers it exactly, where a phrase query rechecks each candidate's positions."""

    def __init__(self, phrase: str):
        super().__init__(phrase)
        self.phrase = phrase

    def as_sql(self, compiler, connection, function=None, template=None):
        from .models import phrase_token

        return "%s::tsquery", [tsquery_lexeme(phrase_token(self.phrase))]


def _ts_term(term: Term, tokens: frozenset[str] = frozenset()) -> SearchQuery:
    """The term's tsquery; its variants among `tokens` (indexed phrases) match by token."""
    query = None
    for variant in term.variants:
        if " " in variant and variant in tokens:
            part = PhraseTokenQuery(variant)
        else:
            part = SearchQuery(
                variant, config=SEARCH_CONFIG, search_type="phrase" if " " in variant else "plain"
            )
        query = part if query is None else query | part
    return query


def _match_tokens(terms: list[Term]) -> frozenset[str]:
    """Indexed phrases, for queries on the search table's match vector (the only vector that
    carries their tokens); looked up only when a term has a multi-word variant."""
    has_phrase = any(" " in variant for term in terms for variant in term.variants)
    return indexed_phrases() if has_phrase else frozenset()


def _ts_query(parsed: ParsedQuery, tokens: frozenset[str] = frozenset()) -> SearchQuery | None:
    query = None
    for clause in parsed.clauses:
        clause_query = None
        for term in clause:
            part = _ts_term(term, tokens)
            clause_query = part if clause_query is None else clause_query | part
        query = clause_query if query is None else query & clause_query
    return query


def _postgres_match(queryset: QuerySet, parsed: ParsedQuery, exclusions: bool = True) -> QuerySet:
    """Search-table rows whose match vector matches, annotated with `rank` computed on title
    and summary (`rank_vector`); `exclusions`: whether the excluded terms are left out here."""
    positive = _ts_query(parsed)
    if positive is not None:
        terms = [term for clause in parsed.clauses for term in clause]
        matching = _ts_query(parsed, _match_tokens(terms))
        queryset = queryset.filter(match_vector=matching).annotate(
            rank=rank_expression(positive, "rank_vector")
        )
    else:
        queryset = queryset.annotate(rank=Value(0.0))
    return _without_exclusions(queryset, parsed) if exclusions else queryset


def _without_exclusions(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """Leaves out the search-table rows matching an excluded term: the ids its index finds for
    the term are excluded (`NOT IN`, a hashed subplan within search_planner()'s work_mem).
    Testing each row would read every row's out-of-line vector, and so would an anti-join
    through `NOT EXISTS`, which PostgreSQL runs as a nested loop. Only within search_planner():
    at the default work_mem the ids of a common word (300,000 at 1,000,000 entries) are not
    hashed but scanned as a list for every row (search() tests rows instead)."""
    for term in parsed.exclusions:
        condition = {"match_vector": _ts_term(term, _match_tokens([term]))}
        excluded = queryset.model._base_manager.filter(**condition).values("pk")
        queryset = queryset.exclude(pk__in=excluded)
    return queryset


def any_word_query(words: list[str]) -> SearchQuery:
    """A query matching any of these (clean_word) words, for "similar entries" (PostgreSQL)."""
    return SearchQuery(" OR ".join(words), config=SEARCH_CONFIG, search_type="websearch")


def rank_expression(query: SearchQuery, vector: str = "search_vector") -> SearchRank:
    return SearchRank(F(vector), query, weights=RANK_WEIGHTS, normalization=1)


def unknown_words(parsed: ParsedQuery) -> list[str]:
    """Single-word terms without synonyms that no published title or summary holds: the words
    corrected_query() may replace."""
    from .models import SearchWord

    candidates = {
        term.text
        for clause in parsed.clauses
        for term in clause
        if not term.phrase and not term.alternatives
    }
    if not candidates:
        return []
    known = set(SearchWord.objects.filter(word__in=candidates).values_list("word", flat=True))
    return sorted(candidates - known)


def corrected_query(parsed: ParsedQuery, unknown: list[str] | None = None) -> ParsedQuery | None:
    """The query with each unknown word replaced by the closest known word (pg_trgm), or None
    when nothing was corrected. `unknown`: unknown_words(parsed), if the caller has it."""
    from .models import SearchWord

    changed = False
    corrected = ParsedQuery(exclusions=parsed.exclusions)
    unknown = set(unknown_words(parsed) if unknown is None else unknown)
    for clause in parsed.clauses:
        new_clause = []
        for term in clause:
            if term.text not in unknown:
                new_clause.append(term)
                continue
            best = SearchWord.closest(term.text)
            if best and best != term.text:
                changed = True
                groups = synonym_groups()
                new_clause.append(Term(best, alternatives=groups.get(best, [])))
            else:
                new_clause.append(term)
        corrected.clauses.append(new_clause)
    return corrected if changed else None


# --- SQLite and other databases -------------------------------------------------------------

TEXT_FIELDS = (
    "title",
    "summary",
    "problem",
    "idea",
    "how_it_works",
    "results",
    "replicability",
    "sustainability",
    "resources",
    "stakeholders",
    "agency__name",
    "agency__acronym",
    "province__name",
    "regency__name",
)


def _substring_condition(term: Term) -> Q:
    condition = Q()
    for variant in term.variants:
        for name in TEXT_FIELDS:
            condition |= Q(**{f"{name}__icontains": variant})
    return condition


def _substring_match(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    for clause in parsed.clauses:
        condition = Q()
        for term in clause:
            condition |= _substring_condition(term)
        queryset = queryset.filter(condition)
    for term in parsed.exclusions:
        queryset = queryset.exclude(_substring_condition(term))
    return queryset.annotate(rank=Value(0.0)).distinct()


# --- entry point ------------------------------------------------------------------------------


@dataclass
class SearchOutcome:
    queryset: QuerySet
    parsed: ParsedQuery
    # Set when a misspelled query found nothing and the corrected one is shown instead.
    corrected_to: str | None = None


def uses_full_text() -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "IS_POSTGRES", True)


def search(queryset: QuerySet, raw_query: str) -> SearchOutcome:
    """Entries of `queryset` matching the query, annotated with `rank` (0 without full text).

    On PostgreSQL the match is the search table's (search_entries(): its GIN index, phrase
    tokens, exclusions and typo fallback), so only published entries match; `rank` is the
    whole document's (all four weights), computed on the entries' stored vector for the matched
    rows only. The entries table has no full-text index of its own: keeping a second copy of
    the search table's up to date cost an import about 2.4 s per 100,000 entries."""
    parsed = parse_query(raw_query)
    if parsed.is_empty:
        return SearchOutcome(queryset.none().annotate(rank=Value(0.0)), parsed)
    if not uses_full_text():
        return SearchOutcome(_substring_match(queryset, parsed), parsed)
    from .models import SearchEntry

    # Excluded terms are tested on each candidate's own vector, as before the search table:
    # this runs outside search_planner() (an export, a sync), where `NOT IN` the ids of a
    # common word would not be hashed.
    matched = _search_table_match(SearchEntry.objects.all(), parsed, exclusions=False)
    positive = _ts_query(matched.parsed)
    rank = Value(0.0) if positive is None else rank_expression(positive, "search_vector")
    entries = queryset.filter(pk__in=matched.queryset.values("pk")).annotate(rank=rank)
    for term in matched.parsed.exclusions:
        entries = entries.exclude(search_vector=_ts_term(term))
    return SearchOutcome(entries, matched.parsed, matched.corrected_to)


def search_entries(queryset: QuerySet, raw_query: str) -> SearchOutcome:
    """Rows of the narrow search table (PostgreSQL) matching the query, the same way as
    search(); `rank` is computed on title and summary only (`rank_vector`), and the full
    document's rank can be had with full_rank_expression()."""
    parsed = parse_query(raw_query)
    if parsed.is_empty:
        return SearchOutcome(queryset.none().annotate(rank=Value(0.0)), parsed)
    return _search_table_match(queryset, parsed)


def _search_table_match(
    queryset: QuerySet, parsed: ParsedQuery, exclusions: bool = True
) -> SearchOutcome:
    """search_entries() of a parsed, non-empty query; `exclusions=False` leaves the excluded
    terms to the caller (they still count in deciding whether to correct a typo)."""
    # A query whose words are all known has nothing to correct: it skips the existence check,
    # which for a common word costs the whole bitmap of its matches.
    unknown = unknown_words(parsed) if parsed.clauses else []
    if unknown and not _postgres_match(queryset, parsed).exists():
        corrected = corrected_query(parsed, unknown)
        if corrected is not None:
            return SearchOutcome(
                _postgres_match(queryset, corrected, exclusions), corrected, corrected.as_text()
            )
    return SearchOutcome(_postgres_match(queryset, parsed, exclusions), parsed)


def title_or_summary_entries(queryset: QuerySet, parsed: ParsedQuery) -> QuerySet:
    """Search-table rows whose title and summary alone (`rank_vector`) match the query's words
    and phrases, annotated with their `rank`: the first tier of the relevance order. Found
    through rank_vector's own GIN index, without reading the whole document's vector (stored
    out of line)."""
    positive = _ts_query(parsed)
    if positive is None:
        return queryset.none().annotate(rank=Value(0.0))
    queryset = queryset.filter(matches_title_or_summary(parsed)).annotate(
        rank=rank_expression(positive, "rank_vector")
    )
    return _without_exclusions(queryset, parsed)


def matches_title_or_summary(parsed: ParsedQuery) -> Q:
    """The condition of title_or_summary_entries(), to leave those rows out of the others."""
    positive = _ts_query(parsed)
    return Q(pk__in=[]) if positive is None else Q(rank_vector=positive)


def full_rank_expression(parsed: ParsedQuery) -> SearchRank | Value:
    """The rank of the whole document (all four weights) for the parsed query, on the search
    table's match vector. Its phrase tokens count in the document length the rank is divided by
    (log2 of about 300–400 positions, so a token moves a rank by under 0.3 %); leaving them out
    with ts_filter() cost 20 ms more for ranking the 8,655 matches of "petani" (100,000
    entries)."""
    positive = _ts_query(parsed)
    return Value(0.0) if positive is None else rank_expression(positive, "match_vector")


def highlight(text: str, words: list[str], length: int = 240) -> SafeString:
    """An HTML-escaped excerpt of `text` around the first matched word, matches in <mark>."""
    if not text:
        return mark_safe("")
    normalized = normalize(text)
    lowered = normalized if len(normalized) == len(text) else text.lower()
    positions = [lowered.find(w.lower()) for w in words if w and lowered.find(w.lower()) >= 0]
    start = max(0, min(positions) - length // 3) if positions else 0
    excerpt = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    stems = sorted({w for w in words if len(w) >= 2}, key=len, reverse=True)
    if not stems:
        return mark_safe(escape(prefix + excerpt + suffix))
    pattern = re.compile("|".join(re.escape(w) for w in stems), re.IGNORECASE)
    pieces, last = [], 0
    for found in pattern.finditer(excerpt):
        pieces.append(escape(excerpt[last : found.start()]))
        pieces.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    pieces.append(escape(excerpt[last:]))
    return mark_safe(escape(prefix) + "".join(pieces) + escape(suffix))
