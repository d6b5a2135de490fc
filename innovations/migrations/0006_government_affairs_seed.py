"""Seeds the government affairs (urusan pemerintahan) from innovations/data/government_affairs.csv
and grants the roles their permissions on the models added since 0002."""

from django.db import migrations

from innovations import reference_rows


def seed(apps, schema_editor):
    reference_rows.seed_government_affairs(apps)
    reference_rows.ensure_permissions(apps)
    reference_rows.grant_role_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0005_national_field_set")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
