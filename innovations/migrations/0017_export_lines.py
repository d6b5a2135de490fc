"""Ready CSV lines of published entries for the export (see innovations/export_sql.py).

The backfill encodes every published entry's line in one statement: about 3 KB an entry (at
100,000 entries about 0.3 GB and a minute or two on the 2-core machine, README › Performance ›
Export). Until it commits, writes to the entries wait on the table's lock.
"""

from django.db import migrations

from innovations import export_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(export_sql.EXPORT_LINES_V1)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(export_sql.EXPORT_LINES_DROP_V1)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0016_search_phrases"),
    ]

    operations = [migrations.RunPython(forward, backward)]
