"""Compacts the search table after 0016 indexed the synonym phrases: that rewrote every row
holding a phrase (two rows in three of the 100,000-entry benchmark corpus), and the dead rows left
behind doubled the heap that searches read (the benchmark's search p95 was 270 ms before
compacting and 164 ms after). VACUUM FULL locks the table while it runs (19 s at 100,000 entries)
and cannot run in a transaction, hence a migration of its own that is not atomic."""

from django.db import migrations


def compact(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM (FULL, ANALYZE) innovations_searchentry")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("innovations", "0016_search_phrases"),
    ]

    operations = [migrations.RunPython(compact, migrations.RunPython.noop)]
