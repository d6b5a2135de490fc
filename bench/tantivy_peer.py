"""The peer: the same published entries and the same query mix through tantivy, in-process.

tantivy (the Rust search library, through its Python package) indexes title, summary, the
narrative sections and the agency/region/category names with the portal's weights as boosts,
plus fast fields to filter and count facets. Queries get the same treatment as the portal's
parser gives them: all words required, "phrases", -exclusion, OR, the synonym table's
expansions, and a typo fallback (Levenshtein distance 1) only when the exact query finds
nothing. What the peer lacks: Indonesian stemming (tantivy has no Indonesian stemmer), so
"pelayanan" does not find "layanan" there. It runs in the benchmark's own process, without
HTTP, JSON or an ORM: its figures are a floor, not a like-for-like server.
"""

import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import tantivy

from .http_load import percentiles, query_label, slowest
from .search_queries import ALL_FACETS

TEXT_FIELDS = {"title": 4.0, "summary": 2.0, "narrative": 1.0, "context": 0.4}
FACET_FIELDS = {  # facet name -> (field, kind)
    "province": "text", "regency": "text", "year": "int", "category": "text", "sdg": "int",
    "source": "text", "stage": "text", "award_level": "text",
}  # fmt: skip
FILTER_FIELDS = {"province": "province", "year": "year", "category": "category"}
MAX_BUCKETS = 60
TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
WORD = re.compile(r"\w+", re.UNICODE)
NARRATIVE = ("problem", "idea", "how_it_works", "results", "replicability", "sustainability",
             "resources", "stakeholders")  # fmt: skip

CORPUS_SQL = f"""
SELECT i.id, i.title, i.summary, concat_ws(' ', {", ".join(f"i.{c}" for c in NARRATIVE)}),
       concat_ws(' ', a.name, a.acronym, p.name, r.name, cat.names),
       p.code, r.code, i.year_launched, cat.slugs, sdg.numbers, i.source, i.stage, rec.levels
  FROM innovations_innovation i
  LEFT JOIN regions_agency a ON a.id = i.agency_id
  LEFT JOIN regions_province p ON p.id = i.province_id
  LEFT JOIN regions_regency r ON r.id = i.regency_id
  LEFT JOIN LATERAL (
        SELECT string_agg(c.name, ' ') AS names, array_agg(c.slug) AS slugs
          FROM innovations_innovation_categories ic
          JOIN innovations_category c ON c.id = ic.category_id
         WHERE ic.innovation_id = i.id) cat ON true
  LEFT JOIN LATERAL (
        SELECT array_agg(s.sdg_id) AS numbers FROM innovations_innovation_sdgs s
         WHERE s.innovation_id = i.id) sdg ON true
  LEFT JOIN LATERAL (
        SELECT array_agg(DISTINCT x.level) AS levels FROM innovations_recognition x
         WHERE x.innovation_id = i.id) rec ON true
 WHERE i.status = 'published'
"""


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\x00", ""))
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).lower().split())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("title", stored=True)
    for name in ("summary", "narrative", "context"):
        builder.add_text_field(name)
    for name, kind in FACET_FIELDS.items():
        if kind == "int":
            builder.add_integer_field(name, indexed=True, fast=True)
        else:
            builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


class Peer:
    """A tantivy index of the published corpus in a temporary folder (removed by close())."""

    def __init__(self, connection, log: Callable[[str], None] = print):
        self.folder = Path(tempfile.mkdtemp(prefix="jippnas-tantivy-"))
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(self.folder))
        self.synonyms = self._synonyms(connection)
        started = time.monotonic()
        self.documents = self._load(connection, log)
        self.build_seconds = round(time.monotonic() - started, 1)
        self.index.reload()
        self.searcher = self.index.searcher()

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def index_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.folder.rglob("*") if f.is_file())

    @staticmethod
    def _synonyms(connection) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for (row,) in connection.execute("SELECT terms FROM innovations_searchsynonym"):
            terms = [normalize(t) for t in row.split(",") if normalize(t)]
            for term in terms:
                groups.setdefault(term, [])
                groups[term] += [t for t in terms if t not in groups[term]]
        return groups

    def _load(self, connection, log: Callable[[str], None]) -> int:
        writer = self.index.writer(heap_size=200_000_000, num_threads=2)
        count = 0
        with connection.cursor(name="bench_tantivy_corpus") as cursor:
            cursor.itersize = 5000
            cursor.execute(CORPUS_SQL)
            for row in cursor:
                (pk, title, summary, narrative, context, province, regency, year, categories,
                 sdgs, source, stage, levels) = row  # fmt: skip
                fields = {"id": [pk], "title": [title], "summary": [summary or ""],
                          "narrative": [narrative or ""], "context": [context or ""]}  # fmt: skip
                for name, values in (
                    ("province", [province]), ("regency", [regency]), ("year", [year]),
                    ("category", categories or []), ("sdg", sdgs or []), ("source", [source]),
                    ("stage", [stage]), ("award_level", levels or []),
                ):  # fmt: skip
                    values = [v for v in values if v not in (None, "")]
                    if values:
                        fields[name] = values
                writer.add_document(tantivy.Document(**fields))
                count += 1
                if count % 100_000 == 0:
                    log(f"    | tantivy: {count:,} documents")
        writer.commit()
        writer.wait_merging_threads()
        return count

    # --- queries -------------------------------------------------------------------------------

    def _variants(self, text: str) -> str:
        """`text` and its synonyms as a tantivy OR group; multi-word variants as phrases."""
        parts = []
        for variant in [text, *self.synonyms.get(text, [])]:
            words = WORD.findall(variant)
            if words:
                part = " ".join(words)
                parts.append(f'"{part}"' if len(words) > 1 else part)
        return "(" + " OR ".join(dict.fromkeys(parts)) + ")" if parts else ""

    def query_text(self, raw: str) -> str:
        """The portal's query syntax, with synonym expansion, in tantivy's query language."""
        clauses: list[list[str]] = []
        exclusions: list[str] = []
        run: list[str] = []
        pending_or = False

        def add(group: str, negate: bool = False) -> None:
            nonlocal pending_or
            if not group:
                return
            if negate:
                exclusions.append(group)
            elif pending_or and clauses:
                clauses[-1].append(group)
            else:
                clauses.append([group])
            pending_or = False

        def flush() -> None:
            # The longest known n-gram of consecutive words (up to 4) is one synonym term.
            index = 0
            while index < len(run):
                for size in range(min(4, len(run) - index), 0, -1):
                    candidate = " ".join(run[index : index + size])
                    if size == 1 or candidate in self.synonyms:
                        break
                add(self._variants(candidate))
                index += size
            run.clear()

        for match in TOKEN.finditer(raw[:1000]):
            negate, quoted, bare = match.group(1) == "-", match.group(2), match.group(3)
            if quoted is not None:
                flush()
                add(self._variants(" ".join(WORD.findall(normalize(quoted)))), negate)
            elif bare == "OR" and (clauses or run):
                flush()
                pending_or = True
            elif bare.startswith("-") and len(bare) > 1:
                flush()
                add(self._variants(" ".join(WORD.findall(normalize(bare[1:])))), True)
            else:
                words = WORD.findall(normalize(bare))
                if pending_or:
                    flush()
                    add(self._variants(" ".join(words)))
                else:
                    run.extend(words)
        flush()
        text = " ".join("(" + " OR ".join(clause) + ")" for clause in clauses)
        return text + "".join(f" -{group}" for group in exclusions)

    def _text_query(self, raw: str, fuzzy: bool) -> tantivy.Query:
        return self.index.parse_query(
            self.query_text(raw),
            default_field_names=list(TEXT_FIELDS),
            field_boosts=TEXT_FIELDS,
            fuzzy_fields=dict.fromkeys(TEXT_FIELDS, (False, 1, True)) if fuzzy else None,
            conjunction_by_default=True,
        )

    def _filter_query(self, name: str, value: str) -> tantivy.Query:
        field = FILTER_FIELDS[name]
        typed = int(value) if FACET_FIELDS[field] == "int" else value
        return tantivy.Query.term_query(self.schema, field, typed)

    @staticmethod
    def _all(queries: list[tantivy.Query]) -> tantivy.Query:
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in queries])

    def search(self, raw: str, filters: dict, facets: tuple[str, ...] | None) -> dict:
        """Top 20 with stored fields, the total, and disjunctive facet counts when asked."""
        filter_queries = {n: self._filter_query(n, v) for n, v in filters.items()}
        text = self._text_query(raw, fuzzy=False)
        result = self.searcher.search(self._all([text, *filter_queries.values()]), limit=20)
        if result.count == 0:
            text = self._text_query(raw, fuzzy=True)
            result = self.searcher.search(self._all([text, *filter_queries.values()]), limit=20)
        hits = [self.searcher.doc(address)["title"][0] for _, address in result.hits]
        counts = {}
        if facets:
            # A facet counts under every filter but its own (as the portal's facets do), so
            # facets are grouped by the filter they leave out: one aggregation per group.
            groups: dict[str | None, list[str]] = {}
            for name in facets:
                if name == "regency" and "province" not in filters:
                    counts[name] = []
                    continue
                groups.setdefault(name if name in filter_queries else None, []).append(name)
            for left_out, names in groups.items():
                query = self._all([text, *(q for n, q in filter_queries.items() if n != left_out)])
                spec = {n: {"terms": {"field": n, "size": MAX_BUCKETS}} for n in names}
                aggregated = self.searcher.aggregate(query, spec)
                for n in names:
                    counts[n] = [(b["key"], b["doc_count"]) for b in aggregated[n]["buckets"]]
        return {"count": result.count, "hits": hits, "facets": counts}

    def run_mix(
        self,
        plan: list[tuple[str, dict]],
        *,
        facets: tuple[str, ...] | None,
        warmup: list[tuple[str, dict]],
        time_limit: float = 600,
    ) -> dict:
        """Time each query of `plan` (parse, search, fetch the top 20, facets) after a warm-up."""
        for query, filters in warmup:
            self.search(query, filters, facets)
        samples, totals = [], []
        by_query: dict[str, list[float]] = {}
        deadline, truncated = time.monotonic() + time_limit, False
        for query, filters in plan:
            if time.monotonic() > deadline:
                truncated = True
                break
            started = time.perf_counter()
            outcome = self.search(query, filters, facets)
            samples.append((time.perf_counter() - started) * 1000)
            by_query.setdefault(query_label(query, filters), []).append(samples[-1])
            totals.append(outcome["count"])
        return {
            **percentiles(samples),
            "errors": 0,
            "mean_matches": round(sum(totals) / len(totals), 1) if totals else 0,
            "slowest": slowest(by_query),
            "truncated": truncated,
        }


__all__ = ["ALL_FACETS", "Peer"]
