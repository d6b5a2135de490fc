"""Facet records on the search table (see innovations/search_sql.py, FACET_RECORD_V1): facet
counts read packed bytes from one scan of the matches."""

from django.db import migrations

from innovations import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.FACET_RECORD_V1)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.FACET_RECORD_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0014_search_upkeep_published_only"),
    ]

    operations = [migrations.RunPython(forward, backward)]
