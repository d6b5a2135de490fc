from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def announced_titles_from_entries(apps, schema_editor):
    """Results announced before this field: the entry's title now is the best record left."""
    Result = apps.get_model("competitions", "Result")
    Proposal = apps.get_model("competitions", "Proposal")
    title = Proposal.objects.filter(pk=OuterRef("proposal_id")).values("innovation__title")[:1]
    Result.objects.filter(published_at__isnull=False).update(announced_title=Subquery(title))


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0002_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="result",
            name="announced_title",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="judul saat diumumkan"
            ),
        ),
        migrations.RunPython(announced_titles_from_entries, migrations.RunPython.noop),
    ]
