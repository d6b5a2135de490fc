"""Entry and history rows of a few kilobytes are stored inline instead of being compressed and
moved to TOAST (PostgreSQL).

A typical entry's row is about 3 KB of text, over the default 2 KB at which PostgreSQL
compresses its longest values with pglz and moves them to the TOAST table. With the target at
4 KB such rows stay in the heap as they are: `COPY` of 100,000 entry rows without indexes took
1.3 s against 3.3 s, and an import of 100,000 rows, which also writes a history row per entry,
29.8-30.1 s against 31.3-31.5 s in process (alternating runs). Reading an entry's texts needs no
TOAST lookup or decompression. A published entry's row also holds its search vector (about
2.7 KB), so it still goes over 4 KB and its longest value, the vector, is moved out as before:
a target of a whole page (8160 bytes) would keep one published entry per page. Space: 389 MB
for 100,000 unpublished rows against 327 MB; 336 MB for 50,000 published rows against 303 MB.
Rows written before keep their storage until rewritten.
"""

from django.db import migrations

TABLES = ("innovations_innovation", "innovations_historicalinnovation")
INLINE_UP_TO = 4096  # bytes


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
