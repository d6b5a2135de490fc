"""The entries' search triggers skip rows they have nothing to do for (see
innovations/search_sql.py, ENTRY_TRIGGERS_WHEN_V2): an insert of an entry that is not published."""

from django.db import migrations

from innovations import search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.ENTRY_TRIGGERS_WHEN_V2)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.ENTRY_TRIGGERS_WHEN_V1)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0018_history_without_entry_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
