"""PostgreSQL objects behind the CSV export: one ready line per published entry (migration 0017).

Why: a CSV export row is about 2.9 KB, most of it narrative text. Encoding 40 columns per entry
on every export (detoasting and decompressing the narratives, formatting dates, quoting) capped
even PostgreSQL's own COPY of those columns at 12,000-17,000 rows/s here, below the 50,000 the
export needs. Each published entry's CSV line is therefore encoded once, when the entry (or what
the line shows of its agency, region, government affair, categories or SDGs) changes, by
triggers in the same transaction as the change; an export only reads the lines of the entries
its query selects (innovations.selectors.exchange.export_csv_chunks).

The line holds the columns after `url` (innovations.exchange_columns, version 1), encoded as
innovations.exporters.CsvEncoder writes them: the slug and the page's URL are put in front at
export time, because the URL depends on the site's address (settings.SITE_URL), not the entry.
Drafts and entries in review have no line. A change of the column set needs a new version of
EXPORT_LINE_COLUMNS_V1 and its migration; a test compares these names with the dictionary's.
"""

import re

# The columns a line holds, in dictionary order after slug and url, and the SQL reading each as
# the text CSV shows (NULL for an empty field). `i` is the entry, `a` its agency, `p` its
# province, `r` its regency; `affair_code`, `category_slugs` and `sdg_numbers` are looked up
# by innovations_exportline_encode.
_ISO_DATETIME = (
    "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN mod(extract(microseconds FROM {0})::bigint, 1000000) = 0 THEN '' "
    "ELSE to_char({0} AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)
EXPORT_LINE_COLUMNS_V1 = (
    ("title", "i.title"),
    ("summary", "i.summary"),
    ("problem", "i.problem"),
    ("idea", "i.idea"),
    ("how_it_works", "i.how_it_works"),
    ("results", "i.results"),
    ("replicability", "i.replicability"),
    ("sustainability", "i.sustainability"),
    ("resources", "i.resources"),
    ("stakeholders", "i.stakeholders"),
    ("agency_code", "a.code"),
    ("agency_name", "a.name"),
    ("province_code", "p.code"),
    ("province_name", "p.name"),
    ("regency_code", "r.code"),
    ("regency_name", "r.name"),
    ("year_launched", "i.year_launched::text"),
    ("stage", "i.stage"),
    ("source", "i.source"),
    ("external_ref", "i.external_ref"),
    ("categories", "category_slugs"),
    ("sdgs", "sdg_numbers"),
    ("kind", "i.kind"),
    ("form", "i.form"),
    ("initiator", "i.initiator"),
    ("covid_related", "CASE WHEN i.covid_related THEN 'true' ELSE 'false' END"),
    ("trial_started_on", "to_char(i.trial_started_on, 'YYYY-MM-DD')"),
    ("implemented_on", "to_char(i.implemented_on, 'YYYY-MM-DD')"),
    ("government_affair_code", "affair_code"),
    ("legal_basis", "i.legal_basis"),
    ("legal_basis_number", "i.legal_basis_number"),
    ("website_url", "i.website_url"),
    ("video_url", "i.video_url"),
    ("continuity_status", "i.continuity_status"),
    ("continuity_note", "i.continuity_note"),
    ("last_confirmed_at", "to_char(i.last_confirmed_at, 'YYYY-MM-DD')"),
    ("published_at", _ISO_DATETIME.format("i.published_at")),
    ("updated_at", _ISO_DATETIME.format("i.updated_at")),
)

# The entry's columns a line reads (besides its id): a change of any re-encodes the line.
_ENTRY_COLUMNS = (
    "status", "slug", "agency_id", "province_id", "regency_id", "government_affair_id",
    *dict.fromkeys(re.findall(r"\bi\.(\w+)", " ".join(sql for _n, sql in EXPORT_LINE_COLUMNS_V1))),
)  # fmt: skip
_old_columns = ", ".join(f"OLD.{column}" for column in _ENTRY_COLUMNS)
_new_columns = ", ".join(f"NEW.{column}" for column in _ENTRY_COLUMNS)

_LINE = "concat_ws(',',\n        {fields}) || E'\\n'".format(
    fields=",\n        ".join(f"jippnas_csv_field({sql})" for _name, sql in EXPORT_LINE_COLUMNS_V1)
)

EXPORT_LINES_V1 = f"""
-- A CSV field as Python's csv module writes it with minimal quoting: quoted when it holds a
-- quote, comma or line break, inner quotes doubled; NULL and '' are an empty field.
CREATE OR REPLACE FUNCTION jippnas_csv_field(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN value IS NULL THEN ''
                      WHEN value ~ '[",\\r\\n]' THEN '"' || replace(value, '"', '""') || '"'
                      ELSE value END $$;

CREATE TABLE innovations_exportline (
    innovation_id bigint PRIMARY KEY,
    slug varchar(255) NOT NULL,
    line bytea NOT NULL
) WITH (toast_tuple_target = 8160);
-- Inline and uncompressed up to a page: an export reads a line with its row, no TOAST lookup
-- and no decompression (out of line, the export was 1.3 times slower at 100,000 entries).
-- A longer line is compressed, and moved out of line only if it still does not fit.
ALTER TABLE innovations_exportline ALTER COLUMN line SET STORAGE MAIN;

-- An entry's line (UTF-8 bytes ending with a line feed). plpgsql, so that the plans of its
-- lookups are kept for the session: a row trigger calls it once per published entry written,
-- and a plain SQL function, planned on every call, chose sequential scans of tables that were
-- growing unanalysed during a bulk load (20,000 entries in 3 minutes instead of 40 seconds).
CREATE OR REPLACE FUNCTION innovations_exportline_encode(i innovations_innovation) RETURNS bytea
    LANGUAGE plpgsql STABLE AS $$
DECLARE
    a regions_agency;
    p regions_province;
    r regions_regency;
    affair_code text;
    category_slugs text;
    sdg_numbers text;
BEGIN
    SELECT * INTO a FROM regions_agency WHERE id = i.agency_id;
    SELECT * INTO p FROM regions_province WHERE id = i.province_id;
    SELECT * INTO r FROM regions_regency WHERE id = i.regency_id;
    SELECT g.code INTO affair_code FROM innovations_governmentaffair g
     WHERE g.id = i.government_affair_id;
    SELECT string_agg(c.slug, '|' ORDER BY c.position, c.name, c.slug) INTO category_slugs
      FROM innovations_innovation_categories ic
      JOIN innovations_category c ON c.id = ic.category_id
     WHERE ic.innovation_id = i.id;
    SELECT string_agg(s.sdg_id::text, '|' ORDER BY s.sdg_id) INTO sdg_numbers
      FROM innovations_innovation_sdgs s WHERE s.innovation_id = i.id;
    RETURN convert_to({_LINE}, 'UTF8');
END $$;

-- Write or remove the line of one entry row, as its status says.
CREATE OR REPLACE FUNCTION innovations_exportline_write(i innovations_innovation) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF i.status = 'published' THEN
        INSERT INTO innovations_exportline (innovation_id, slug, line)
        VALUES (i.id, i.slug, innovations_exportline_encode(i))
        ON CONFLICT (innovation_id)
        DO UPDATE SET slug = EXCLUDED.slug, line = EXCLUDED.line;
    ELSE
        DELETE FROM innovations_exportline WHERE innovation_id = i.id;
    END IF;
END $$;

-- The lines of the given entries, from their rows as they now are.
CREATE OR REPLACE FUNCTION innovations_exportline_sync(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    entry innovations_innovation;
BEGIN
    -- FOR SHARE waits for a concurrent writer of an entry (or makes it wait), so that the line
    -- is encoded from the entry as that writer left it: without it, a rename committed beside
    -- an edit of the entry left a line holding one of the two changes but not the other. In
    -- the order of ids, so that two renames do not deadlock.
    FOR entry IN SELECT * FROM innovations_innovation WHERE id = ANY(ids) ORDER BY id FOR SHARE
    LOOP
        PERFORM innovations_exportline_write(entry);
    END LOOP;
    DELETE FROM innovations_exportline e
     WHERE e.innovation_id = ANY(ids)
       AND NOT EXISTS (SELECT 1 FROM innovations_innovation i WHERE i.id = e.innovation_id);
END $$;

CREATE OR REPLACE FUNCTION innovations_exportline_entry_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM innovations_exportline WHERE innovation_id = OLD.id;
    ELSE
        PERFORM innovations_exportline_write(NEW);
    END IF;
    RETURN NULL;
END $$;

-- Entries outside the public catalogue (drafts, review, imports into review) cost nothing.
CREATE TRIGGER innovations_exportline_entry_inserted
    AFTER INSERT ON innovations_innovation
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION innovations_exportline_entry_changed();
-- Only when something the line shows changed: a save() always moves updated_at, but the
-- search triggers' own updates (search_vector) and completeness refreshes do not.
CREATE TRIGGER innovations_exportline_entry_updated
    AFTER UPDATE ON innovations_innovation
    FOR EACH ROW WHEN ((OLD.status = 'published' OR NEW.status = 'published')
        AND ({_old_columns}) IS DISTINCT FROM ({_new_columns}))
    EXECUTE FUNCTION innovations_exportline_entry_changed();
CREATE TRIGGER innovations_exportline_entry_deleted
    AFTER DELETE ON innovations_innovation
    FOR EACH ROW WHEN (OLD.status = 'published')
    EXECUTE FUNCTION innovations_exportline_entry_changed();

CREATE OR REPLACE FUNCTION innovations_exportline_entries_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE innovations_exportline;
    RETURN NULL;
END $$;

-- The test runner empties tables with TRUNCATE, which row triggers do not see.
CREATE TRIGGER innovations_exportline_entries_truncated
    AFTER TRUNCATE ON innovations_innovation
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_entries_truncated();

CREATE OR REPLACE FUNCTION innovations_exportline_links_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM innovations_exportline_sync(ARRAY(SELECT DISTINCT innovation_id FROM changed_rows));
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_exportline_categories_inserted
    AFTER INSERT ON innovations_innovation_categories REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_changed();
CREATE TRIGGER innovations_exportline_categories_deleted
    AFTER DELETE ON innovations_innovation_categories REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_changed();
CREATE TRIGGER innovations_exportline_sdgs_inserted
    AFTER INSERT ON innovations_innovation_sdgs REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_changed();
CREATE TRIGGER innovations_exportline_sdgs_deleted
    AFTER DELETE ON innovations_innovation_sdgs REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_changed();

-- No code moves a link today, but an UPDATE of a link row must not leave two lines stale.
CREATE OR REPLACE FUNCTION innovations_exportline_links_moved() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM innovations_exportline_sync(ARRAY(
        SELECT innovation_id FROM old_rows UNION SELECT innovation_id FROM new_rows));
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_exportline_categories_updated
    AFTER UPDATE ON innovations_innovation_categories
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_moved();
CREATE TRIGGER innovations_exportline_sdgs_updated
    AFTER UPDATE ON innovations_innovation_sdgs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION innovations_exportline_links_moved();

-- What a line shows of the rows an entry refers to: codes and names, category slugs and order.
CREATE OR REPLACE FUNCTION innovations_exportline_reference_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    -- One branch per table, so that each query uses its foreign key's index.
    IF TG_TABLE_NAME = 'regions_agency' THEN
        ids := ARRAY(SELECT id FROM innovations_innovation
                      WHERE agency_id = NEW.id AND status = 'published');
    ELSIF TG_TABLE_NAME = 'regions_province' THEN
        ids := ARRAY(SELECT id FROM innovations_innovation
                      WHERE province_id = NEW.id AND status = 'published');
    ELSIF TG_TABLE_NAME = 'regions_regency' THEN
        ids := ARRAY(SELECT id FROM innovations_innovation
                      WHERE regency_id = NEW.id AND status = 'published');
    ELSIF TG_TABLE_NAME = 'innovations_governmentaffair' THEN
        ids := ARRAY(SELECT id FROM innovations_innovation
                      WHERE government_affair_id = NEW.id AND status = 'published');
    ELSE
        ids := ARRAY(SELECT innovation_id FROM innovations_innovation_categories
                      WHERE category_id = NEW.id);
    END IF;
    PERFORM innovations_exportline_sync(ids);
    RETURN NULL;
END $$;

CREATE TRIGGER innovations_exportline_agency_changed
    AFTER UPDATE OF code, name ON regions_agency
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_province_changed
    AFTER UPDATE OF code, name ON regions_province
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_regency_changed
    AFTER UPDATE OF code, name ON regions_regency
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_affair_changed
    AFTER UPDATE OF code ON innovations_governmentaffair
    FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code)
    EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_category_changed
    AFTER UPDATE OF slug, name, position ON innovations_category
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.name IS DISTINCT FROM NEW.name
                       OR OLD.position IS DISTINCT FROM NEW.position)
    EXECUTE FUNCTION innovations_exportline_reference_changed();

-- A reference row inserted after the entries pointing at it (foreign keys are checked at commit,
-- so a fixture or restore may do so) is shown in their lines too.
CREATE TRIGGER innovations_exportline_agency_added
    AFTER INSERT ON regions_agency
    FOR EACH ROW EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_province_added
    AFTER INSERT ON regions_province
    FOR EACH ROW EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_regency_added
    AFTER INSERT ON regions_regency
    FOR EACH ROW EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_affair_added
    AFTER INSERT ON innovations_governmentaffair
    FOR EACH ROW EXECUTE FUNCTION innovations_exportline_reference_changed();
CREATE TRIGGER innovations_exportline_category_added
    AFTER INSERT ON innovations_category
    FOR EACH ROW EXECUTE FUNCTION innovations_exportline_reference_changed();

-- Backfill: every published entry, in one statement.
INSERT INTO innovations_exportline (innovation_id, slug, line)
SELECT i.id, i.slug, innovations_exportline_encode(i)
  FROM innovations_innovation i WHERE i.status = 'published';
ANALYZE innovations_exportline;
"""

EXPORT_LINES_DROP_V1 = """
DROP TRIGGER IF EXISTS innovations_exportline_category_added ON innovations_category;
DROP TRIGGER IF EXISTS innovations_exportline_affair_added ON innovations_governmentaffair;
DROP TRIGGER IF EXISTS innovations_exportline_regency_added ON regions_regency;
DROP TRIGGER IF EXISTS innovations_exportline_province_added ON regions_province;
DROP TRIGGER IF EXISTS innovations_exportline_agency_added ON regions_agency;
DROP TRIGGER IF EXISTS innovations_exportline_sdgs_updated ON innovations_innovation_sdgs;
DROP TRIGGER IF EXISTS innovations_exportline_categories_updated
    ON innovations_innovation_categories;
DROP TRIGGER IF EXISTS innovations_exportline_category_changed ON innovations_category;
DROP TRIGGER IF EXISTS innovations_exportline_affair_changed ON innovations_governmentaffair;
DROP TRIGGER IF EXISTS innovations_exportline_regency_changed ON regions_regency;
DROP TRIGGER IF EXISTS innovations_exportline_province_changed ON regions_province;
DROP TRIGGER IF EXISTS innovations_exportline_agency_changed ON regions_agency;
DROP TRIGGER IF EXISTS innovations_exportline_sdgs_deleted ON innovations_innovation_sdgs;
DROP TRIGGER IF EXISTS innovations_exportline_sdgs_inserted ON innovations_innovation_sdgs;
DROP TRIGGER IF EXISTS innovations_exportline_categories_deleted
    ON innovations_innovation_categories;
DROP TRIGGER IF EXISTS innovations_exportline_categories_inserted
    ON innovations_innovation_categories;
DROP TRIGGER IF EXISTS innovations_exportline_entries_truncated ON innovations_innovation;
DROP TRIGGER IF EXISTS innovations_exportline_entry_deleted ON innovations_innovation;
DROP TRIGGER IF EXISTS innovations_exportline_entry_updated ON innovations_innovation;
DROP TRIGGER IF EXISTS innovations_exportline_entry_inserted ON innovations_innovation;
DROP FUNCTION IF EXISTS innovations_exportline_reference_changed();
DROP FUNCTION IF EXISTS innovations_exportline_links_moved();
DROP FUNCTION IF EXISTS innovations_exportline_links_changed();
DROP FUNCTION IF EXISTS innovations_exportline_entries_truncated();
DROP FUNCTION IF EXISTS innovations_exportline_entry_changed();
DROP FUNCTION IF EXISTS innovations_exportline_sync(bigint[]);
DROP FUNCTION IF EXISTS innovations_exportline_write(innovations_innovation);
DROP FUNCTION IF EXISTS innovations_exportline_encode(innovations_innovation);
DROP FUNCTION IF EXISTS innovations_exportline_build(bigint[]);
DROP TABLE IF EXISTS innovations_exportline;
DROP FUNCTION IF EXISTS jippnas_csv_field(text);
"""
