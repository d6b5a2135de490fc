"""Search upkeep, version 2 (see innovations/search_sql.py): only published entries carry a
search vector, and the search-table row is written from the trigger's own row."""

from django.db import migrations

from innovations import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.SEARCH_UPKEEP_V2)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.SEARCH_UPKEEP_V1)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0013_search_entries"),
    ]

    operations = [migrations.RunPython(forward, backward)]
