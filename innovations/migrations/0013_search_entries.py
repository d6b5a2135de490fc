"""The narrow search table catalogue search reads (see innovations/search_sql.py): created,
backfilled from the published entries and kept by triggers on PostgreSQL; absent on SQLite."""

import django.contrib.postgres.fields
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from innovations import search_sql


def create_search_entries(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.SEARCH_ENTRY_CREATE)


def drop_search_entries(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.SEARCH_ENTRY_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0012_duplicates"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "innovation",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="innovations.innovation",
                    ),
                ),
                ("match_vector", django.contrib.postgres.search.SearchVectorField()),
                ("rank_vector", django.contrib.postgres.search.SearchVectorField()),
                ("published_at", models.DateTimeField(null=True)),
                ("year_launched", models.PositiveSmallIntegerField()),
                ("province_id", models.BigIntegerField(null=True)),
                ("regency_id", models.BigIntegerField(null=True)),
                ("government_affair_id", models.BigIntegerField(null=True)),
                ("source", models.CharField(max_length=20)),
                ("stage", models.CharField(max_length=20)),
                ("kind", models.CharField(max_length=20)),
                ("form", models.CharField(max_length=20)),
                ("initiator", models.CharField(max_length=20)),
                ("continuity_status", models.CharField(max_length=20)),
                ("covid_related", models.BooleanField()),
                (
                    "category_ids",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), size=None
                    ),
                ),
                (
                    "sdg_numbers",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.IntegerField(), size=None
                    ),
                ),
                (
                    "award_levels",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), size=None
                    ),
                ),
            ],
            options={
                "db_table": "innovations_searchentry",
                "managed": False,
            },
        ),
        migrations.RunPython(create_search_entries, drop_search_entries),
    ]
