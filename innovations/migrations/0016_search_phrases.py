"""Phrase tokens (see innovations/search_sql.py, PHRASE_TOKENS_V1): the synonym table's
multi-word terms are indexed as one token each, so that search matches them without rechecking
word positions.

On a database with published entries the phrases start as not ready, and the Celery job
`innovations.search_phrases_index` (run by beat every few minutes, in batches, without blocking
writes) indexes the existing rows; search matches them by positions until then. Indexing them
here instead blocked every catalogue write for the migration's duration (60 s at 100,000 entries)
and left two rows in three dead. On an empty search table (a new installation, the tests, the
benchmark's corpus) there is nothing to index: every row written later gets its tokens from the
trigger, so the phrases are ready at once.
"""

from django.db import migrations, models

from innovations import search, search_sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(search_sql.PHRASE_TOKENS_V1)
    alias = schema_editor.connection.alias
    SearchSynonym = apps.get_model("innovations", "SearchSynonym")
    SearchPhrase = apps.get_model("innovations", "SearchPhrase")
    phrases = search.phrases_of_synonyms(
        SearchSynonym.objects.using(alias).values_list("terms", flat=True)
    )
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT NOT EXISTS (SELECT 1 FROM innovations_searchentry)")
        (empty,) = cursor.fetchone()
    SearchPhrase.objects.using(alias).bulk_create(
        [SearchPhrase(phrase=phrase, ready=empty) for phrase in sorted(phrases)]
    )
    schema_editor.execute(  # nothing to match: such a phrase stays matched as typed
        "UPDATE innovations_searchphrase SET ready = false WHERE numnode(query) = 0"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search_sql.PHRASE_TOKENS_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0015_search_facet_records"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchPhrase",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("phrase", models.CharField(max_length=255, unique=True, verbose_name="frasa")),
                ("ready", models.BooleanField(default=False, verbose_name="terindeks")),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, verbose_name="diperbarui pada"),
                ),
            ],
            options={
                "verbose_name": "frasa pencarian",
                "verbose_name_plural": "frasa pencarian",
                "ordering": ["phrase"],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
