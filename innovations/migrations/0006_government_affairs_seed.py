"""Seeds the government affairs (urusan pemerintahan) from innovations/data/government_affairs.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "government_affairs.csv"


def seed(apps, schema_editor):
    GovernmentAffair = apps.get_model("innovations", "GovernmentAffair")
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row.pop("code")
            GovernmentAffair.objects.update_or_create(code=code, defaults=row)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0005_national_field_set")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
