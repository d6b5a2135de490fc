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

CREATE = f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE; this wrapper pins the dictionary so it can be used in indexes.
CREATE OR REPLACE FUNCTION jippnas_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION innovations_search_document() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    context_text text;
BEGIN
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
    RETURN NEW;
END $$;

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
VOCABULARY_CLEAR = "DELETE FROM innovations_searchword"
VOCABULARY_REFRESH = """
INSERT INTO innovations_searchword (word, documents)
SELECT word, ndoc FROM ts_stat($q$
    SELECT to_tsvector('simple', jippnas_unaccent(title || ' ' || summary))
      FROM innovations_innovation WHERE status = 'published'
$q$)
WHERE length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9]+$'
"""
VOCABULARY_ADD_ENTRY = """
INSERT INTO innovations_searchword (word, documents)
SELECT lexeme, 1
  FROM innovations_innovation,
       unnest(tsvector_to_array(to_tsvector('simple', jippnas_unaccent(title || ' ' || summary))))
         AS lexeme
 WHERE id = %s AND length(lexeme) BETWEEN 3 AND 100 AND lexeme !~ '^[0-9]+$'
ON CONFLICT (word) DO UPDATE SET documents = innovations_searchword.documents + 1
"""
