"""Seeds the search synonym table (acronyms and expansions); curators extend it in the admin."""

from django.db import migrations

from innovations import reference_rows


def seed(apps, schema_editor):
    reference_rows.seed_synonyms(apps)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0003_search")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
