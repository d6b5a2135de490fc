"""Seeds the search synonym table (acronyms and expansions); curators extend it in the admin."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.csv"


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("innovations", "SearchSynonym")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            SearchSynonym.objects.get_or_create(terms=row["terms"], defaults={"note": row["note"]})


class Migration(migrations.Migration):
    dependencies = [("innovations", "0003_search")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
