"""Rows every installation needs: the 17 SDGs, the category taxonomy, government affairs, search
synonyms and the two curation roles. Migrations seed them with their historical models; the test
suite re-seeds them after a transactional test has flushed the database. Existing rows are left
as curators edited them: only missing rows are created.
"""

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

CURATOR_GROUP = "Kurator"
AGENCY_EDITOR_GROUP = "Editor instansi"
# A province's hub administrators; hubs and competitions grant this role their own rights.
HUB_ADMIN_GROUP = "Admin hub"

ROLE_PERMISSIONS = {
    CURATOR_GROUP: [
        ("innovations", "innovation", ["add", "change", "delete", "view", "publish"]),
        ("innovations", "innovationmedia", ["add", "change", "delete", "view"]),
        ("innovations", "category", ["add", "change", "delete", "view"]),
        ("innovations", "sdg", ["view"]),
        ("innovations", "statuschange", ["view"]),
        ("innovations", "searchsynonym", ["add", "change", "delete", "view"]),
        ("innovations", "governmentaffair", ["view"]),
        ("regions", "agency", ["add", "change", "view"]),
        ("regions", "province", ["view"]),
        ("regions", "regency", ["view"]),
    ],
    AGENCY_EDITOR_GROUP: [
        ("innovations", "innovation", ["add", "change", "view"]),
        ("innovations", "innovationmedia", ["add", "change", "delete", "view"]),
        ("innovations", "category", ["view"]),
        ("innovations", "sdg", ["view"]),
        ("innovations", "governmentaffair", ["view"]),
        ("regions", "agency", ["view"]),
    ],
}


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_sdgs(apps) -> None:
    SDG = apps.get_model("innovations", "SDG")
    for row in json.loads((DATA / "sdgs.json").read_text(encoding="utf-8")):
        SDG.objects.get_or_create(number=row["number"], defaults=row)


def seed_categories(apps) -> None:
    Category = apps.get_model("innovations", "Category")
    rows = json.loads((DATA / "categories.json").read_text(encoding="utf-8"))
    for position, row in enumerate(rows):
        Category.objects.get_or_create(slug=row["slug"], defaults={**row, "position": position})


def seed_synonyms(apps) -> None:
    SearchSynonym = apps.get_model("innovations", "SearchSynonym")
    for row in _csv_rows("synonyms.csv"):
        SearchSynonym.objects.get_or_create(terms=row["terms"], defaults={"note": row["note"]})


def seed_government_affairs(apps) -> None:
    GovernmentAffair = apps.get_model("innovations", "GovernmentAffair")
    for row in _csv_rows("government_affairs.csv"):
        code = row.pop("code")
        GovernmentAffair.objects.get_or_create(code=code, defaults=row)


def ensure_permissions(apps) -> None:
    """Create model permissions now: Django normally creates them after all migrations, and the
    roles need them during a migration."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant_role_permissions(apps, role_permissions=None) -> None:
    """Create each role if missing and grant it its permissions (permissions must exist). Other
    apps pass their own {group: [(app_label, model, actions)]}; grants are only ever added, so an
    administrator's later grants survive."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in (role_permissions or ROLE_PERMISSIONS).items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=codenames,
                )
            )


def seed_all(apps) -> None:
    seed_sdgs(apps)
    seed_categories(apps)
    seed_synonyms(apps)
    seed_government_affairs(apps)
    grant_role_permissions(apps)
