"""The demo catalogue: realistic spread, deterministic for a seed, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from innovations.models import Innovation
from regions.models import Agency

pytestmark = pytest.mark.django_db


def seed(count: int, seed_value: int) -> None:
    call_command("seed_demo", count=count, seed=seed_value, stdout=StringIO())


def test_demo_entries_spread_over_the_country_and_the_taxonomy():
    seed(300, 7)
    entries = Innovation.objects.all()
    assert entries.count() == 300
    assert entries.values("province").distinct().count() >= 30
    assert set(entries.values_list("source", flat=True)) == set(Innovation.Source.values)
    assert set(entries.values_list("stage", flat=True)) == set(Innovation.Stage.values)
    years = set(entries.values_list("year_launched", flat=True))
    assert min(years) == 2014 and max(years) == 2025
    published = entries.filter(status=Innovation.Status.PUBLISHED).count()
    assert 0.8 * 300 < published < 300
    assert entries.filter(status=Innovation.Status.DRAFT).exists()
    for entry in entries.filter(status=Innovation.Status.PUBLISHED)[:50]:
        assert all(getattr(entry, name) for name in Innovation.NARRATIVE_FIELDS)
        assert entry.categories.exists() and entry.sdgs.exists()
        if entry.agency.kind in Agency.REGIONAL_KINDS:
            assert entry.province_id == entry.agency.province_id
        entry.full_clean()  # every demo row passes the model's own validation
    assert (
        entries.filter(continuity_status=Innovation.Continuity.STOPPED)
        .exclude(continuity_note="")
        .exists()
    )
    assert entries.first().history.first().history_user.username == "demo-seed"


def test_same_seed_twice_duplicates_nothing_and_keeps_titles():
    seed(80, 3)
    titles = list(Innovation.objects.order_by("external_ref").values_list("title", flat=True))
    seed(80, 3)
    assert Innovation.objects.count() == 80
    assert titles == list(
        Innovation.objects.order_by("external_ref").values_list("title", flat=True)
    )


def test_a_larger_count_extends_the_same_set():
    seed(40, 5)
    first = set(Innovation.objects.values_list("title", flat=True))
    seed(60, 5)
    assert Innovation.objects.count() == 60
    assert first <= set(Innovation.objects.values_list("title", flat=True))


def test_another_seed_gives_other_entries():
    seed(30, 1)
    first = set(Innovation.objects.values_list("title", flat=True))
    seed(30, 2)
    second = set(
        Innovation.objects.filter(external_ref__startswith="DEMO-2-").values_list(
            "title", flat=True
        )
    )
    assert len(first & second) < 5
