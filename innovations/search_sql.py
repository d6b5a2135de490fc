"""PostgreSQL objects behind catalogue search, applied by migrations (see 0003_search).

Kept in one module so that the trigger's document (what text is indexed with which weight) is
declared once. Weights: A title, B summary, C the story sections, D agency, region, categories.
"""

NARRATIVE_COLUMNS = (
    "problem",
    "idea",
    "how_it_works",
    "results",
    "replicability",
    "sustainability",
    "resources",
    "stakeholders",
)

_NARRATIVE = ", ".join(f"NEW.{column}" for column in NARRATIVE_COLUMNS)

# The document: A title, B summary, C the story sections, D agency, region and category names.
_DOCUMENT_BODY = f"""
    SELECT concat_ws(' ',
        (SELECT concat_ws(' ', a.name, a.acronym) FROM regions_agency a WHERE a.id = NEW.agency_id),
        (SELECT p.name FROM regions_province p WHERE p.id = NEW.province_id),
        (SELECT r.name FROM regions_regency r WHERE r.id = NEW.regency_id),
        (SELECT string_agg(c.name, ' ')
           FROM innovations_innovation_categories ic
           JOIN innovations_category c ON c.id = ic.category_id
          WHERE ic.innovation_id = NEW.id))
      INTO context_text;
    NEW.search_vector :=
        setweight(to_tsvector('indonesian', jippnas_unaccent(coalesce(NEW.title, ''))), 'A')
     || setweight(to_tsvector('indonesian', jippnas_unaccent(coalesce(NEW.summary, ''))), 'B')
     || setweight(to_tsvector('indonesian', jippnas_unaccent(concat_ws(' ', {_NARRATIVE}))), 'C')
     || setweight(to_tsvector('indonesian', jippnas_unaccent(coalesce(context_text, ''))), 'D');
"""

_TEXT_TRIGGER_COLUMNS = ", ".join(("title", "summary", *NARRATIVE_COLUMNS))

# Version 1 (migration 0003): every entry carries its vector, drafts included.
DOCUMENT_FUNCTION_V1 = f"""
CREATE OR REPLACE FUNCTION innovations_search_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    context_text text;
BEGIN
{_DOCUMENT_BODY}
    RETURN NEW;
END $$;
"""

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE; this wrapper pins the dictionary so it can be used in indexes.
CREATE OR REPLACE FUNCTION jippnas_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

{DOCUMENT_FUNCTION_V1}
-- Setting search_vector (to anything) recomputes it: the other triggers use that to refresh.
CREATE TRIGGER innovations_search_document
    BEFORE INSERT OR UPDATE OF title, summary, {", ".join(NARRATIVE_COLUMNS)},
        agency_id, province_id, regency_id, search_vector
    ON innovations_innovation
    FOR EACH ROW EXECUTE FUNCTION innovations_search_document();

CREATE OR REPLACE FUNCTION innovations_search_refresh_categories_added() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE innovations_innovation SET search_vector = NULL
     WHERE id IN (SELECT innovation_id FROM changed_rows);
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_search_categories_insert
    AFTER INSERT ON innovations_innovation_categories
    REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_search_refresh_categories_added();
CREATE TRIGGER innovations_search_categories_delete
    AFTER DELETE ON innovations_innovation_categories
    REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_search_refresh_categories_added();

CREATE OR REPLACE FUNCTION innovations_search_refresh_context() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'regions_agency' THEN
        UPDATE innovations_innovation SET search_vector = NULL WHERE agency_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'regions_province' THEN
        UPDATE innovations_innovation SET search_vector = NULL WHERE province_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'regions_regency' THEN
        UPDATE innovations_innovation SET search_vector = NULL WHERE regency_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'innovations_category' THEN
        UPDATE innovations_innovation SET search_vector = NULL
         WHERE id IN (SELECT innovation_id FROM innovations_innovation_categories
                       WHERE category_id = NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_search_agency_renamed
    AFTER UPDATE OF name, acronym ON regions_agency
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.acronym IS DISTINCT FROM NEW.acronym)
    EXECUTE FUNCTION innovations_search_refresh_context();
CREATE TRIGGER innovations_search_province_renamed
    AFTER UPDATE OF name ON regions_province
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_search_refresh_context();
CREATE TRIGGER innovations_search_regency_renamed
    AFTER UPDATE OF name ON regions_regency
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_search_refresh_context();
CREATE TRIGGER innovations_search_category_renamed
    AFTER UPDATE OF name ON innovations_category
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_search_refresh_context();

CREATE INDEX innovation_search_vector_gin ON innovations_innovation USING gin (search_vector);
CREATE INDEX innovation_title_trgm ON innovations_innovation USING gin (title gin_trgm_ops);
CREATE INDEX searchword_word_trgm ON innovations_searchword USING gin (word gin_trgm_ops);

UPDATE innovations_innovation SET search_vector = NULL;
"""

DROP = """
DROP INDEX IF EXISTS searchword_word_trgm;
DROP INDEX IF EXISTS innovation_title_trgm;
DROP INDEX IF EXISTS innovation_search_vector_gin;
DROP TRIGGER IF EXISTS innovations_search_category_renamed ON innovations_category;
DROP TRIGGER IF EXISTS innovations_search_regency_renamed ON regions_regency;
DROP TRIGGER IF EXISTS innovations_search_province_renamed ON regions_province;
DROP TRIGGER IF EXISTS innovations_search_agency_renamed ON regions_agency;
DROP FUNCTION IF EXISTS innovations_search_refresh_context();
DROP TRIGGER IF EXISTS innovations_search_categories_delete ON innovations_innovation_categories;
DROP TRIGGER IF EXISTS innovations_search_categories_insert ON innovations_innovation_categories;
DROP FUNCTION IF EXISTS innovations_search_refresh_categories_added();
DROP TRIGGER IF EXISTS innovations_search_document ON innovations_innovation;
DROP FUNCTION IF EXISTS innovations_search_document();
"""

# Words of published titles and summaries, for typo correction ("did you mean").
# One rebuild at a time (VOCABULARY_LOCK), and words added by publishing wait only for a
# rebuild's short last step: the words are counted into a temporary table first, then the
# vocabulary takes the difference. Both write in word order, so they cannot deadlock.
VOCABULARY_LOCK = "SELECT pg_advisory_xact_lock(hashtext('innovations_searchword'))"
VOCABULARY_ADD_LOCK = "SELECT pg_advisory_xact_lock_shared(hashtext('innovations_searchword'))"
VOCABULARY_COUNT = """
CREATE TEMPORARY TABLE vocabulary_counted ON COMMIT DROP AS
SELECT word, ndoc AS documents FROM ts_stat($q$
    SELECT to_tsvector('simple', jippnas_unaccent(title || ' ' || summary))
      FROM innovations_innovation WHERE status = 'published'
$q$)
WHERE length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9]+$'
"""
VOCABULARY_APPLY = (
    """
DELETE FROM innovations_searchword AS known
 WHERE NOT EXISTS (SELECT 1 FROM vocabulary_counted AS counted WHERE counted.word = known.word)
""",
    """
INSERT INTO innovations_searchword (word, documents)
SELECT word, documents FROM vocabulary_counted ORDER BY word
ON CONFLICT (word) DO UPDATE SET documents = EXCLUDED.documents
 WHERE innovations_searchword.documents <> EXCLUDED.documents
""",
)
# After the difference: the words of entries published while the words were being counted.
VOCABULARY_ADD_PUBLISHED_SINCE = """
INSERT INTO innovations_searchword (word, documents)
SELECT DISTINCT lexeme, 1
  FROM innovations_innovation,
       unnest(tsvector_to_array(to_tsvector('simple', jippnas_unaccent(title || ' ' || summary))))
         AS lexeme
 WHERE status = 'published' AND published_at >= %s
   AND length(lexeme) BETWEEN 3 AND 100 AND lexeme !~ '^[0-9]+$'
 ORDER BY lexeme
ON CONFLICT (word) DO NOTHING
"""
VOCABULARY_ADD_ENTRY = """
INSERT INTO innovations_searchword (word, documents)
SELECT lexeme, 1
  FROM innovations_innovation,
       unnest(tsvector_to_array(to_tsvector('simple', jippnas_unaccent(title || ' ' || summary))))
         AS lexeme
 WHERE id = %s AND length(lexeme) BETWEEN 3 AND 100 AND lexeme !~ '^[0-9]+$'
 ORDER BY lexeme
ON CONFLICT (word) DO UPDATE SET documents = innovations_searchword.documents + 1
"""

# --- The narrow search table (migration 0013) ------------------------------------------------
#
# One row per *published* entry, kept by triggers in the same transaction as every change that
# can alter it: the entry itself (status, facet fields, the recomputed search_vector), its
# categories, SDGs and recognitions, and through search_vector the renames of its agency,
# region and categories. Catalogue search, counts and facets read only this table: its heap is
# about a tenth of the entries table (the long match vector lives in TOAST and is read only to
# recheck phrase queries), so a common word that matches most of the catalogue no longer reads
# every entry's 2.7 KB document. rank_vector (title A + summary B, the search_vector filtered to
# those weights) stays inline, so ranking needs no detoasting. Drafts have no row at all.

SEARCH_ENTRY_COLUMNS = (
    "innovation_id, match_vector, rank_vector, published_at, year_launched, province_id, "
    "regency_id, government_affair_id, source, stage, kind, form, initiator, continuity_status, "
    "covid_related, category_ids, sdg_numbers, award_levels"
)

# Column types of the search table; its versions differ in the order of the columns.
_SEARCH_ENTRY_TYPES = {
    "innovation_id": "bigint PRIMARY KEY",
    "facet_record": "bytea NOT NULL DEFAULT ''::bytea",
    "facet_values": "bytea NOT NULL DEFAULT ''::bytea",
    "match_vector": "tsvector NOT NULL",
    "rank_vector": "tsvector NOT NULL",
    "published_at": "timestamptz",
    "year_launched": "smallint NOT NULL",
    "province_id": "bigint",
    "regency_id": "bigint",
    "government_affair_id": "bigint",
    "source": "varchar(20) NOT NULL",
    "stage": "varchar(20) NOT NULL",
    "kind": "varchar(20) NOT NULL",
    "form": "varchar(20) NOT NULL",
    "initiator": "varchar(20) NOT NULL",
    "continuity_status": "varchar(20) NOT NULL",
    "covid_related": "boolean NOT NULL",
    "category_ids": "bigint[] NOT NULL",
    "sdg_numbers": "integer[] NOT NULL",
    "award_levels": "text[] NOT NULL",
}


def _search_entry_table(columns: str) -> str:
    definitions = ",\n".join(
        f"    {name} {_SEARCH_ENTRY_TYPES[name]}" for name in columns.split(", ")
    )
    return f"""CREATE TABLE innovations_searchentry (
{definitions}
);
-- Out of line and uncompressed: only rechecks of phrase queries read it, and then quickly.
ALTER TABLE innovations_searchentry ALTER COLUMN match_vector SET STORAGE EXTERNAL;"""


# Version 1 (migration 0013): every change re-reads the entry through innovations_searchentry_sync.
ENTRY_CHANGED_FUNCTION_V1 = """
CREATE OR REPLACE FUNCTION innovations_searchentry_entry_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM innovations_searchentry WHERE innovation_id = OLD.id;
    ELSE
        PERFORM innovations_searchentry_sync(ARRAY[NEW.id]);
    END IF;
    RETURN NULL;
END $$;
"""

SEARCH_ENTRY_CREATE = f"""
{_search_entry_table(SEARCH_ENTRY_COLUMNS)}

CREATE OR REPLACE FUNCTION innovations_searchentry_sync(ids bigint[]) RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM innovations_searchentry WHERE innovation_id = ANY(ids);
    INSERT INTO innovations_searchentry ({SEARCH_ENTRY_COLUMNS})
    SELECT i.id, i.search_vector, ts_filter(i.search_vector, '{{a,b}}'), i.published_at,
           i.year_launched, i.province_id, i.regency_id, i.government_affair_id, i.source,
           i.stage, i.kind, i.form, i.initiator, i.continuity_status, i.covid_related,
           ARRAY(SELECT ic.category_id FROM innovations_innovation_categories ic
                  WHERE ic.innovation_id = i.id ORDER BY 1),
           ARRAY(SELECT s.sdg_id::integer FROM innovations_innovation_sdgs s
                  WHERE s.innovation_id = i.id ORDER BY 1),
           ARRAY(SELECT DISTINCT r.level::text FROM innovations_recognition r
                  WHERE r.innovation_id = i.id ORDER BY 1)
      FROM innovations_innovation i
     WHERE i.id = ANY(ids) AND i.status = 'published' AND i.search_vector IS NOT NULL;
$$;

{ENTRY_CHANGED_FUNCTION_V1}
CREATE TRIGGER innovations_searchentry_entry_inserted
    AFTER INSERT ON innovations_innovation
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_entry_changed();
CREATE TRIGGER innovations_searchentry_entry_updated
    AFTER UPDATE ON innovations_innovation
    FOR EACH ROW WHEN (
        OLD.status IS DISTINCT FROM NEW.status
        OR OLD.published_at IS DISTINCT FROM NEW.published_at
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
        OR OLD.year_launched IS DISTINCT FROM NEW.year_launched
        OR OLD.province_id IS DISTINCT FROM NEW.province_id
        OR OLD.regency_id IS DISTINCT FROM NEW.regency_id
        OR OLD.government_affair_id IS DISTINCT FROM NEW.government_affair_id
        OR OLD.source IS DISTINCT FROM NEW.source
        OR OLD.stage IS DISTINCT FROM NEW.stage
        OR OLD.kind IS DISTINCT FROM NEW.kind
        OR OLD.form IS DISTINCT FROM NEW.form
        OR OLD.initiator IS DISTINCT FROM NEW.initiator
        OR OLD.continuity_status IS DISTINCT FROM NEW.continuity_status
        OR OLD.covid_related IS DISTINCT FROM NEW.covid_related)
    EXECUTE FUNCTION innovations_searchentry_entry_changed();
CREATE TRIGGER innovations_searchentry_entry_deleted
    AFTER DELETE ON innovations_innovation
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_entry_changed();

CREATE OR REPLACE FUNCTION innovations_searchentry_entries_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE innovations_searchentry;
    RETURN NULL;
END $$;

-- The test runner empties tables with TRUNCATE, which row triggers do not see.
CREATE TRIGGER innovations_searchentry_entries_truncated
    AFTER TRUNCATE ON innovations_innovation
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_entries_truncated();

CREATE OR REPLACE FUNCTION innovations_searchentry_links_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM innovations_searchentry_sync(ARRAY(SELECT DISTINCT innovation_id FROM changed_rows));
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_searchentry_categories_inserted
    AFTER INSERT ON innovations_innovation_categories REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();
CREATE TRIGGER innovations_searchentry_categories_deleted
    AFTER DELETE ON innovations_innovation_categories REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();
CREATE TRIGGER innovations_searchentry_sdgs_inserted
    AFTER INSERT ON innovations_innovation_sdgs REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();
CREATE TRIGGER innovations_searchentry_sdgs_deleted
    AFTER DELETE ON innovations_innovation_sdgs REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();
CREATE TRIGGER innovations_searchentry_recognitions_inserted
    AFTER INSERT ON innovations_recognition REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();
CREATE TRIGGER innovations_searchentry_recognitions_deleted
    AFTER DELETE ON innovations_recognition REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_searchentry_links_changed();

CREATE OR REPLACE FUNCTION innovations_searchentry_recognition_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM innovations_searchentry_sync(ARRAY[OLD.innovation_id, NEW.innovation_id]);
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_searchentry_recognition_updated
    AFTER UPDATE OF level, innovation_id ON innovations_recognition
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_recognition_updated();

-- Backfill: every published entry, in one statement.
INSERT INTO innovations_searchentry ({SEARCH_ENTRY_COLUMNS})
SELECT i.id, i.search_vector, ts_filter(i.search_vector, '{{a,b}}'), i.published_at,
       i.year_launched, i.province_id, i.regency_id, i.government_affair_id, i.source, i.stage,
       i.kind, i.form, i.initiator, i.continuity_status, i.covid_related,
       coalesce(c.ids, '{{}}'), coalesce(s.numbers, '{{}}'), coalesce(r.levels, '{{}}')
  FROM innovations_innovation i
  LEFT JOIN (SELECT innovation_id, array_agg(category_id ORDER BY category_id) AS ids
               FROM innovations_innovation_categories GROUP BY 1) c ON c.innovation_id = i.id
  LEFT JOIN (SELECT innovation_id, array_agg(sdg_id::integer ORDER BY sdg_id) AS numbers
               FROM innovations_innovation_sdgs GROUP BY 1) s ON s.innovation_id = i.id
  LEFT JOIN (SELECT innovation_id, array_agg(DISTINCT level::text ORDER BY level::text) AS levels
               FROM innovations_recognition GROUP BY 1) r ON r.innovation_id = i.id
 WHERE i.status = 'published' AND i.search_vector IS NOT NULL;

-- Deliberately no index on the facet columns: the planner does not price the detoasting of a
-- filter on match_vector, so with a year or province index it starts there and detoasts every
-- entry of that year to test a common word (0.3 s for "desa" in 2021 at 100,000 entries).
-- With the GIN index alone a query always starts from the word's bitmap and tests the facet
-- filters on inline columns; without a query the heap is small enough to scan.
-- (Migration 0015 adds these indexes after all: facets no longer filter in SQL, and for counts
-- and ranking, measured query by query, intersecting the bitmaps wins far more than it loses.)
CREATE INDEX searchentry_match_gin ON innovations_searchentry USING gin (match_vector);
CREATE INDEX searchentry_newest ON innovations_searchentry (published_at DESC, innovation_id DESC);
ANALYZE innovations_searchentry;
"""

SEARCH_ENTRY_DROP = """
DROP TRIGGER IF EXISTS innovations_searchentry_recognition_updated ON innovations_recognition;
DROP FUNCTION IF EXISTS innovations_searchentry_recognition_updated();
DROP TRIGGER IF EXISTS innovations_searchentry_recognitions_deleted ON innovations_recognition;
DROP TRIGGER IF EXISTS innovations_searchentry_recognitions_inserted ON innovations_recognition;
DROP TRIGGER IF EXISTS innovations_searchentry_sdgs_deleted ON innovations_innovation_sdgs;
DROP TRIGGER IF EXISTS innovations_searchentry_sdgs_inserted ON innovations_innovation_sdgs;
DROP TRIGGER IF EXISTS innovations_searchentry_categories_deleted
    ON innovations_innovation_categories;
DROP TRIGGER IF EXISTS innovations_searchentry_categories_inserted
    ON innovations_innovation_categories;
DROP FUNCTION IF EXISTS innovations_searchentry_links_changed();
DROP TRIGGER IF EXISTS innovations_searchentry_entries_truncated ON innovations_innovation;
DROP FUNCTION IF EXISTS innovations_searchentry_entries_truncated();
DROP TRIGGER IF EXISTS innovations_searchentry_entry_deleted ON innovations_innovation;
DROP TRIGGER IF EXISTS innovations_searchentry_entry_updated ON innovations_innovation;
DROP TRIGGER IF EXISTS innovations_searchentry_entry_inserted ON innovations_innovation;
DROP FUNCTION IF EXISTS innovations_searchentry_entry_changed();
DROP FUNCTION IF EXISTS innovations_searchentry_sync(bigint[]);
DROP TABLE IF EXISTS innovations_searchentry;
"""


# --- Search upkeep, version 2 (migration 0014) ----------------------------------------------
#
# Only published entries are searched (the search table, similar entries), so only they carry a
# search vector: drafts and entries in review have none, and an import into review or a draft's
# edits cost no text analysis (about 0.65 ms an entry of 2.5 KB here, more than the rest of its
# insert). Publishing computes the vector, unpublishing clears it. A save that changes none of
# the document's columns keeps the stored vector instead of analysing the text again.
#
# The search-table row of an entry is written from the trigger's NEW row with plans plpgsql
# keeps, instead of through innovations_searchentry_sync(): that SQL function is planned on
# every call and read the entry again, which cost up to 12 ms an entry during a bulk load into
# a table the planner had not analysed yet (seed_demo wrote 80 entries a second).

DOCUMENT_FUNCTION_V2 = f"""
CREATE OR REPLACE FUNCTION innovations_search_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    context_text text;
BEGIN
    IF NEW.status <> 'published' THEN
        NEW.search_vector := NULL;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'published'
       AND NEW.search_vector IS NOT NULL AND NEW.search_vector = OLD.search_vector
       AND (NEW.title, NEW.summary, {_NARRATIVE}, NEW.agency_id, NEW.province_id,
            NEW.regency_id)
           IS NOT DISTINCT FROM
           (OLD.title, OLD.summary, {_NARRATIVE.replace("NEW.", "OLD.")}, OLD.agency_id,
            OLD.province_id, OLD.regency_id) THEN
        RETURN NEW;
    END IF;
{_DOCUMENT_BODY}
    RETURN NEW;
END $$;
"""

_ENTRY_VALUES = ", ".join(
    f"NEW.{column.strip()}" for column in SEARCH_ENTRY_COLUMNS.split(",")[3:-3]
)

ENTRY_CHANGED_FUNCTION_V2 = f"""
CREATE OR REPLACE FUNCTION innovations_searchentry_entry_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM innovations_searchentry WHERE innovation_id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'published' AND NEW.search_vector IS NOT NULL THEN
        INSERT INTO innovations_searchentry ({SEARCH_ENTRY_COLUMNS})
        VALUES (NEW.id, NEW.search_vector, ts_filter(NEW.search_vector, '{{a,b}}'),
            {_ENTRY_VALUES},
            ARRAY(SELECT ic.category_id FROM innovations_innovation_categories ic
                   WHERE ic.innovation_id = NEW.id ORDER BY 1),
            ARRAY(SELECT s.sdg_id::integer FROM innovations_innovation_sdgs s
                   WHERE s.innovation_id = NEW.id ORDER BY 1),
            ARRAY(SELECT DISTINCT r.level::text FROM innovations_recognition r
                   WHERE r.innovation_id = NEW.id ORDER BY 1));
    END IF;
    RETURN NULL;
END $$;
"""


def _document_trigger(columns: str, when: str = "") -> str:
    return f"""
DROP TRIGGER innovations_search_document ON innovations_innovation;
CREATE TRIGGER innovations_search_document
    BEFORE INSERT OR UPDATE OF {columns}, agency_id, province_id, regency_id, search_vector
    ON innovations_innovation
    FOR EACH ROW {f"WHEN ({when}) " if when else ""}EXECUTE FUNCTION innovations_search_document();
"""


# Duplicate detection (services/duplicates.py) asks for each new entry's nearest titles of its
# agency: a GiST index answers that nearest-first, the GIN index only by testing every title.
TITLE_INDEX_V2 = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
DROP INDEX IF EXISTS innovation_title_trgm;
CREATE INDEX innovation_agency_title_trgm
    ON innovations_innovation USING gist (agency_id, title gist_trgm_ops);
"""
TITLE_INDEX_V1 = """
DROP INDEX IF EXISTS innovation_agency_title_trgm;
CREATE INDEX innovation_title_trgm ON innovations_innovation USING gin (title gin_trgm_ops);
"""

SEARCH_UPKEEP_V2 = f"""
{TITLE_INDEX_V2}
{DOCUMENT_FUNCTION_V2}
{_document_trigger(_TEXT_TRIGGER_COLUMNS + ", status")}
{ENTRY_CHANGED_FUNCTION_V2}
UPDATE innovations_innovation SET search_vector = NULL
 WHERE status <> 'published' AND search_vector IS NOT NULL;
"""

SEARCH_UPKEEP_V1 = f"""
{TITLE_INDEX_V1}
{DOCUMENT_FUNCTION_V1}
{_document_trigger(_TEXT_TRIGGER_COLUMNS)}
{ENTRY_CHANGED_FUNCTION_V1}
UPDATE innovations_innovation SET search_vector = NULL WHERE status <> 'published';
"""

# Facet records (migration 0015): each search-table row carries its facet values packed as
# bytes, so that facet counts read two aggregated byte strings from one scan of the matches and
# count them in the application (innovations/facets.py), instead of hashing every match in six
# grouping sets. `facet_record` is fixed-width, in network byte order:
#   province, regency, government affair ids (int4, 0 = none); hashtext() of source, stage,
#   kind, form, initiator, continuity status (int4); year launched, covid related (int2); the
#   number of categories, SDGs and award levels (int2).
# `facet_values` lists the row's category ids, SDG ids and hashtext() of its award levels
# (int4 each, in that order). Strings travel as hashes so that choices can change without a
# migration: the application maps hashes back to values with hashtext() on the same server.
# Ids are packed as int4: the reference tables they point to (regions, government affairs,
# categories) hold hundreds of rows, far from 2**31.
#
# The table is rebuilt with the facet records right after the key: a scan that reads only them
# stops decoding each row there instead of walking the vectors and arrays before them.
FACET_RECORD_V1 = f"""
ALTER TABLE innovations_searchentry RENAME TO innovations_searchentry_v1;
ALTER INDEX innovations_searchentry_pkey RENAME TO innovations_searchentry_v1_pkey;
DROP INDEX searchentry_match_gin;
DROP INDEX searchentry_newest;
{
    _search_entry_table(
        "innovation_id, facet_record, facet_values, published_at, rank_vector, year_launched, "
        "province_id, regency_id, government_affair_id, source, stage, kind, form, initiator, "
        "continuity_status, covid_related, category_ids, sdg_numbers, award_levels, match_vector"
    )
}

CREATE OR REPLACE FUNCTION innovations_searchentry_facet_record() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.facet_record :=
        int4send(coalesce(NEW.province_id, 0)::int4) || int4send(coalesce(NEW.regency_id, 0)::int4)
        || int4send(coalesce(NEW.government_affair_id, 0)::int4)
        || int4send(hashtext(NEW.source)) || int4send(hashtext(NEW.stage))
        || int4send(hashtext(NEW.kind)) || int4send(hashtext(NEW.form))
        || int4send(hashtext(NEW.initiator)) || int4send(hashtext(NEW.continuity_status))
        || int2send(NEW.year_launched::int2) || int2send(NEW.covid_related::int::int2)
        || int2send(cardinality(NEW.category_ids)::int2)
        || int2send(cardinality(NEW.sdg_numbers)::int2)
        || int2send(cardinality(NEW.award_levels)::int2);
    NEW.facet_values := coalesce(
        (SELECT string_agg(int4send(v), ''::bytea ORDER BY part, n)
           FROM (SELECT c::int4, 1, n FROM unnest(NEW.category_ids) WITH ORDINALITY AS t(c, n)
                 UNION ALL
                 SELECT s, 2, n FROM unnest(NEW.sdg_numbers) WITH ORDINALITY AS t(s, n)
                 UNION ALL
                 SELECT hashtext(a), 3, n FROM unnest(NEW.award_levels) WITH ORDINALITY AS t(a, n)
                ) AS parts(v, part, n)),
        ''::bytea);
    RETURN NEW;
END $$;

CREATE TRIGGER innovations_searchentry_facet_record
    BEFORE INSERT OR UPDATE ON innovations_searchentry
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_facet_record();

-- The first tier of the relevance order (title and summary match) is found through this index
-- instead of by ranking every match (innovations/selectors/catalogue.py, SearchTablePage).
INSERT INTO innovations_searchentry ({SEARCH_ENTRY_COLUMNS})
SELECT {SEARCH_ENTRY_COLUMNS} FROM innovations_searchentry_v1;
DROP TABLE innovations_searchentry_v1;

CREATE INDEX searchentry_match_gin ON innovations_searchentry USING gin (match_vector);
CREATE INDEX searchentry_newest ON innovations_searchentry (published_at DESC, innovation_id DESC);
CREATE INDEX searchentry_rank_gin ON innovations_searchentry USING gin (rank_vector);
-- Filters: with these the planner intersects the word's bitmap with the filter's (BitmapAnd)
-- and visits only the rows that pass both, instead of every match of a common word.
CREATE INDEX searchentry_province ON innovations_searchentry (province_id);
CREATE INDEX searchentry_regency ON innovations_searchentry (regency_id);
CREATE INDEX searchentry_year ON innovations_searchentry (year_launched);
CREATE INDEX searchentry_categories ON innovations_searchentry USING gin (category_ids);
CREATE INDEX searchentry_sdgs ON innovations_searchentry USING gin (sdg_numbers);
ANALYZE innovations_searchentry;
"""
FACET_RECORD_DROP = """
DROP INDEX IF EXISTS searchentry_sdgs;
DROP INDEX IF EXISTS searchentry_categories;
DROP INDEX IF EXISTS searchentry_year;
DROP INDEX IF EXISTS searchentry_regency;
DROP INDEX IF EXISTS searchentry_province;
DROP INDEX IF EXISTS searchentry_rank_gin;
DROP TRIGGER IF EXISTS innovations_searchentry_facet_record ON innovations_searchentry;
DROP FUNCTION IF EXISTS innovations_searchentry_facet_record();
ALTER TABLE innovations_searchentry DROP COLUMN IF EXISTS facet_record,
    DROP COLUMN IF EXISTS facet_values;
"""

# Phrase tokens (migration 0016): the multi-word terms of the synonym table (models.SearchPhrase,
# "pusat kesehatan masyarakat") are indexed as one token each in the match vector of every row
# holding the phrase, so that search, counts and facets find them through the GIN index alone.
# Matched as phrases, they made PostgreSQL recheck the word positions of every candidate,
# reading each one's out-of-line match vector: the slowest queries of the benchmark. The token
# is the phrase with underscores for spaces (the parser splits words there, so no text yields
# it); `query` is the phrase as search matches it, and the trigger tests every phrase on each
# row written (a few microseconds each). Only the match vector carries tokens: ranking keeps
# the positions of title, summary and story.
PHRASE_TOKENS_V1 = """
ALTER TABLE innovations_searchphrase ADD COLUMN query tsquery
    GENERATED ALWAYS AS (phraseto_tsquery('indonesian'::regconfig, phrase)) STORED;

-- enable_seqscan: under settings that turn sequential scans off (the search planner's, the
-- phrase job's), this lookup of a few dozen phrases was planned so badly that it took 87 ms a row.
CREATE OR REPLACE FUNCTION innovations_searchentry_phrase_tokens() RETURNS trigger
    LANGUAGE plpgsql SET enable_seqscan = on AS $$
DECLARE
    tokens text[];
BEGIN
    SELECT array_agg(replace(p.phrase, ' ', '_')) INTO tokens
      FROM innovations_searchphrase p
     WHERE numnode(p.query) > 0 AND NEW.match_vector @@ p.query;
    IF tokens IS NOT NULL THEN
        NEW.match_vector := NEW.match_vector || array_to_tsvector(tokens);
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER innovations_searchentry_phrase_tokens
    BEFORE INSERT OR UPDATE OF match_vector ON innovations_searchentry
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_phrase_tokens();
"""
PHRASE_TOKENS_DROP = """
DROP TRIGGER IF EXISTS innovations_searchentry_phrase_tokens ON innovations_searchentry;
DROP FUNCTION IF EXISTS innovations_searchentry_phrase_tokens();
ALTER TABLE innovations_searchphrase DROP COLUMN IF EXISTS query;
"""
# The rows written before a phrase existed that hold it, and their rewrite: the trigger adds the
# token as it rewrites the vector (innovations/services/search_phrases.py, in batches).
PHRASE_ROWS = """
SELECT innovation_id FROM innovations_searchentry
 WHERE match_vector @@ phraseto_tsquery('indonesian'::regconfig, %(phrase)s)
   AND NOT match_vector @@ %(token_query)s::tsquery
"""
PHRASE_INDEX = """
UPDATE innovations_searchentry SET match_vector = match_vector
 WHERE innovation_id = ANY(%(ids)s) AND NOT match_vector @@ %(token_query)s::tsquery
"""

# Triggers that fire only when they have something to do (migration 0019). An entry that is not
# published has no search vector and no search-table row: for such an insert — every row of an
# import into review — the document trigger would only set a NULL vector to NULL and the
# search-table trigger would only queue an event that inserts nothing. Skipping both per row
# saved about 2 of 18 s of inserting 100,000 entries in review. The functions are unchanged.
ENTRY_TRIGGERS_WHEN_V2 = f"""
{
    _document_trigger(
        _TEXT_TRIGGER_COLUMNS + ", status",
        when="NEW.status = 'published' OR NEW.search_vector IS NOT NULL",
    )
}
DROP TRIGGER innovations_searchentry_entry_inserted ON innovations_innovation;
CREATE TRIGGER innovations_searchentry_entry_inserted
    AFTER INSERT ON innovations_innovation
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION innovations_searchentry_entry_changed();
"""
ENTRY_TRIGGERS_WHEN_V1 = f"""
{_document_trigger(_TEXT_TRIGGER_COLUMNS + ", status")}
DROP TRIGGER innovations_searchentry_entry_inserted ON innovations_innovation;
CREATE TRIGGER innovations_searchentry_entry_inserted
    AFTER INSERT ON innovations_innovation
    FOR EACH ROW EXECUTE FUNCTION innovations_searchentry_entry_changed();
"""

# One GIN index for a word and the filters officials add to it (migration 0024). With the
# filters in B-tree indexes of their own, PostgreSQL started "desa" in 2021 from the year's
# index and read the out-of-line match vector of each of that year's 8,900 entries (73 ms at
# 100,000 entries), and never intersected the two bitmaps; with the year, province and regency
# as further columns of the match vector's GIN index (`btree_gin`), the index intersects the
# word's and the filter's entries itself and only the rows passing both are read. The index
# columns are compared with values of their own types (smallint, bigint): `btree_gin` has no
# cross-type operators, so a plain integer parameter would not use it
# (innovations/selectors/catalogue.py, entry_conditions).
MATCH_FILTERS_INDEX = """
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX searchentry_match_filters ON innovations_searchentry
    USING gin (match_vector, year_launched, province_id, regency_id);
DROP INDEX IF EXISTS searchentry_match_gin;
DROP INDEX IF EXISTS searchentry_year;
DROP INDEX IF EXISTS searchentry_province;
DROP INDEX IF EXISTS searchentry_regency;
ANALYZE innovations_searchentry;
"""
MATCH_FILTERS_INDEX_DROP = """
CREATE INDEX IF NOT EXISTS searchentry_match_gin ON innovations_searchentry USING gin (match_vector);
CREATE INDEX IF NOT EXISTS searchentry_province ON innovations_searchentry (province_id);
CREATE INDEX IF NOT EXISTS searchentry_regency ON innovations_searchentry (regency_id);
CREATE INDEX IF NOT EXISTS searchentry_year ON innovations_searchentry (year_launched);
DROP INDEX IF EXISTS searchentry_match_filters;
"""

# The category and SDG arrays join that index (migration 0025), in place of their own GIN
# indexes. With a word, the facet counts read only the matches that some count can take
# (innovations/facets.py, single_pass_counts), as far as this index's filters tell them apart:
# "layanan" in a province and a year with both facets asked for reads "layanan" in the province
# or in the year, not every "layanan" (nothing is narrowed when an asked facet's own filter is
# the only one of these applied). PostgreSQL answers such an OR of filters, each with the word,
# as a union of scans of this one index; with the category in an index of its own it scanned
# that, and read and tested the out-of-line match vector of every entry of the category.
MATCH_FILTERS_INDEX_V2 = """
CREATE INDEX searchentry_match_filters_v2 ON innovations_searchentry
    USING gin (match_vector, year_launched, province_id, regency_id, category_ids, sdg_numbers);
DROP INDEX searchentry_match_filters;
ALTER INDEX searchentry_match_filters_v2 RENAME TO searchentry_match_filters;
DROP INDEX IF EXISTS searchentry_categories;
DROP INDEX IF EXISTS searchentry_sdgs;
ANALYZE innovations_searchentry;
"""
MATCH_FILTERS_INDEX_V1 = """
CREATE INDEX searchentry_match_filters_v1 ON innovations_searchentry
    USING gin (match_vector, year_launched, province_id, regency_id);
DROP INDEX searchentry_match_filters;
ALTER INDEX searchentry_match_filters_v1 RENAME TO searchentry_match_filters;
CREATE INDEX IF NOT EXISTS searchentry_categories ON innovations_searchentry USING gin (category_ids);
CREATE INDEX IF NOT EXISTS searchentry_sdgs ON innovations_searchentry USING gin (sdg_numbers);
ANALYZE innovations_searchentry;
"""
