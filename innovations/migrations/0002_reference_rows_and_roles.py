"""Seeds the 17 SDGs, the initial category taxonomy and the two curation roles (groups)."""

import json
from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"

CURATOR_PERMISSIONS = [
    ("innovations", "innovation", ["add", "change", "delete", "view", "publish"]),
    ("innovations", "innovationmedia", ["add", "change", "delete", "view"]),
    ("innovations", "category", ["add", "change", "delete", "view"]),
    ("innovations", "sdg", ["view"]),
    ("innovations", "statuschange", ["view"]),
    ("regions", "agency", ["add", "change", "view"]),
    ("regions", "province", ["view"]),
    ("regions", "regency", ["view"]),
]
AGENCY_EDITOR_PERMISSIONS = [
    ("innovations", "innovation", ["add", "change", "view"]),
    ("innovations", "innovationmedia", ["add", "change", "delete", "view"]),
    ("innovations", "category", ["view"]),
    ("innovations", "sdg", ["view"]),
    ("regions", "agency", ["view"]),
]


def seed(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    SDG = apps.get_model("innovations", "SDG")
    for row in json.loads((DATA / "sdgs.json").read_text(encoding="utf-8")):
        SDG.objects.update_or_create(number=row["number"], defaults=row)
    Category = apps.get_model("innovations", "Category")
    categories = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    for position, row in enumerate(categories):
        Category.objects.update_or_create(
            slug=row["slug"], defaults={**row, "position": position}
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in (
        ("Kurator", CURATOR_PERMISSIONS),
        ("Editor instansi", AGENCY_EDITOR_PERMISSIONS),
    ):
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0001_initial"),
        ("regions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
