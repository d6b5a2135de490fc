"""Creates the hub admin role (group "Admin hub") with its model permissions."""

from django.db import migrations

from hubs import reference_rows
from innovations import reference_rows as innovation_rows


def seed(apps, schema_editor):
    innovation_rows.ensure_permissions(apps)
    reference_rows.grant_hub_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("hubs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
