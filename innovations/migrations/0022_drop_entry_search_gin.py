"""Full-text matching reads only the search table (innovations/search_sql.py): the entries'
own GIN index on search_vector, which every insert of a published entry kept up to date as a
second copy of the search table's, is dropped."""

from django.db import migrations

ENTRY_GIN = "innovation_search_vector_gin"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ENTRY_GIN}")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {ENTRY_GIN} ON innovations_innovation"
            " USING gin (search_vector)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0021_published_updated_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
