"""Indexes for the slow lists of the 100,000-entry audit.

- The catalogue sorted by title (either way) or completeness: partial indexes in exactly those
  orders (InnovationFilter.ORDERINGS), so a page is read from the index instead of sorting
  every published entry. They are declared in the models' Meta.
- The duplicate-candidates admin list: open pairs newest first, so only one page of pairs is
  joined to its entries.
- The entries' admin search (InnovationAdmin.get_search_results), PostgreSQL only: Django
  tests `UPPER(title::text) LIKE UPPER('%word%')` and `UPPER(external_ref::text) = UPPER('word')`,
  so the indexes are on those expressions; with the agency ids, which use the agency_id index,
  a search is then one bitmap scan instead of reading every entry (1.6 s before).
  pg_trgm is installed by 0003_search.
"""

from django.db import migrations, models

ADMIN_SEARCH_CREATE = """
CREATE INDEX innovation_title_upper_trgm
    ON innovations_innovation USING gin ((upper(title::text)) gin_trgm_ops);
CREATE INDEX innovation_external_ref_upper
    ON innovations_innovation (upper(external_ref::text));
"""
ADMIN_SEARCH_DROP = """
DROP INDEX IF EXISTS innovation_title_upper_trgm;
DROP INDEX IF EXISTS innovation_external_ref_upper;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADMIN_SEARCH_CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADMIN_SEARCH_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0019_entry_triggers_when"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="duplicatecandidate",
            index=models.Index(
                fields=["status", "-created_at", "-id"], name="duplicate_status_created"
            ),
        ),
        migrations.AddIndex(
            model_name="innovation",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["title", "id"],
                name="innovation_published_title",
            ),
        ),
        migrations.AddIndex(
            model_name="innovation",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-completeness", "-published_at", "-id"],
                name="innovation_published_complete",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
