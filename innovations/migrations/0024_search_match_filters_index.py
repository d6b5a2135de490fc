"""One GIN index of the search table's match vector with the year, province and regency
(innovations/search_sql.py, MATCH_FILTERS_INDEX) in place of the match vector's own GIN index and
the filters' B-tree indexes. Building it takes about as long as a REINDEX of the match vector's
index (4 s at 100,000 entries, about a minute at 1,000,000), during which writes to the search
table wait."""

from django.db import migrations

from innovations import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.MATCH_FILTERS_INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.MATCH_FILTERS_INDEX_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0023_entry_rows_inline"),
    ]

    operations = [migrations.RunPython(forward, backward)]
