"""Seeds the 17 SDGs, the initial category taxonomy and the two curation roles (groups)."""

from django.db import migrations

from innovations import reference_rows


def seed(apps, schema_editor):
    reference_rows.ensure_permissions(apps)
    reference_rows.seed_sdgs(apps)
    reference_rows.seed_categories(apps)
    reference_rows.grant_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0001_initial"),
        ("regions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
