"""Entry and history rows of a few kilobytes are stored inline instead of being compressed and
moved to TOAST (PostgreSQL).

A typical entry's row is about 3 KB, over the default 2 KB at which PostgreSQL compresses its
longest texts with pglz and moves them to the TOAST table. With the target at its maximum
(8160 bytes, a page) such rows stay in the heap as they are: inserting 100,000 entries' rows took
1.4 s against 3.4 s (without indexes), and an import of 100,000 rows, which also writes a history
row per entry, 32.3-33.3 s against 34.8-35.2 s (alternating runs). Reading an entry's texts then
needs no TOAST lookup or decompression; the cost is space (the 100,000 rows take 389 MB against
327 MB) and wider rows in the heap. Rows written before keep their storage until rewritten.
"""

from django.db import migrations

TABLES = ("innovations_innovation", "innovations_historicalinnovation")
INLINE_UP_TO = 8160  # bytes; the largest target PostgreSQL accepts


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = {INLINE_UP_TO})")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0022_drop_entry_search_gin"),
    ]

    operations = [migrations.RunPython(forward, backward)]
