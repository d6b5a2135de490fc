"""The category and SDG arrays as further columns of the search table's GIN index of the match
vector and its filters (innovations/search_sql.py, MATCH_FILTERS_INDEX_V2), in place of their own
GIN indexes. Building it takes about as long as a REINDEX of that index (a few seconds at
100,000 entries, about a minute at 1,000,000), during which writes to the search table wait."""

from django.db import migrations

from innovations import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.MATCH_FILTERS_INDEX_V2)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.MATCH_FILTERS_INDEX_V1)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0024_search_match_filters_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
