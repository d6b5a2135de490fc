"""Phrase tokens (see innovations/search_sql.py, PHRASE_TOKENS_V1): the synonym table's
multi-word terms are indexed as one token each, so that search matches them without rechecking
word positions. The phrases of the current synonym table are indexed here, in the migration
(0017 then compacts the search table)."""

from django.db import migrations, models

from innovations import search_sql
from innovations.services.search_phrases import phrase_index, phrases_of_synonyms


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(search_sql.PHRASE_TOKENS_V1)
    SearchSynonym = apps.get_model("innovations", "SearchSynonym")
    SearchPhrase = apps.get_model("innovations", "SearchPhrase")
    phrases = phrases_of_synonyms(SearchSynonym.objects.values_list("terms", flat=True))
    # In the table first: the trigger writes the tokens of the phrases it finds there.
    SearchPhrase.objects.bulk_create([SearchPhrase(phrase=p, ready=True) for p in phrases])
    with schema_editor.connection.cursor() as cursor:
        for phrase in sorted(phrases):
            phrase_index(cursor, phrase)
        cursor.execute("SET LOCAL enable_seqscan = on")


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
