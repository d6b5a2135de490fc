"""Creates the competition roles (organiser, judge; competition rights for hub admins and
curators) with their model permissions."""

from django.db import migrations

from competitions import roles


def seed(apps, schema_editor):
    roles.seed_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0001_initial"),
        ("innovations", "0002_reference_rows_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
