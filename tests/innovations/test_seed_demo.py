"""The demo catalogue: realistic spread, deterministic for a seed, idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from innovations.models import SDG, Category, Innovation
from regions.models import Agency, Province

pytestmark = pytest.mark.django_db


def seed(count: int, seed_value: int) -> str:
    out = StringIO()
    call_command("seed_demo", count=count, seed=seed_value, stdout=out)
    return out.getvalue()


def titles(seed_value: int) -> list[str]:
    return list(
        Innovation.objects.filter(external_ref__startswith=f"DEMO-{seed_value}-")
        .order_by("external_ref")
        .values_list("title", flat=True)
    )


def test_demo_entries_spread_over_the_country_and_the_taxonomy():
    seed(120, 7)
    entries = Innovation.objects.all()
    assert entries.count() == 120
    # The first entries visit every province once, so 120 cover the whole country.
    covered = entries.exclude(province=None).values("province").distinct().count()
    assert covered == Province.objects.count() == 38
    assert entries.exclude(regency=None).values("regency").distinct().count() >= 60
    assert set(entries.values_list("source", flat=True)) == set(Innovation.Source.values)
    assert set(entries.values_list("stage", flat=True)) == set(Innovation.Stage.values)
    assert set(entries.values_list("categories__slug", flat=True)) == set(
        Category.objects.values_list("slug", flat=True)
    )
    assert entries.values("sdgs").distinct().count() == SDG.objects.count() == 17
    years = set(entries.values_list("year_launched", flat=True))
    assert min(years) == 2014 and max(years) == 2025
    assert len(set(titles(7))) == 120


def test_demo_statuses_are_mostly_published_with_some_drafts():
    seed(120, 7)
    published = Innovation.objects.filter(status=Innovation.Status.PUBLISHED).count()
    assert 0.8 * 120 <= published < 120
    assert Innovation.objects.filter(status=Innovation.Status.DRAFT).exists()
    assert (
        Innovation.objects.exclude(status=Innovation.Status.PUBLISHED)
        .exclude(status=Innovation.Status.DRAFT)
        .exists()
    )  # in review or archived


def test_demo_drafts_stay_hidden_on_the_portal(client):
    seed(120, 7)
    published = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
    response = client.get("/api/v1/innovations/")
    assert response.status_code == 200
    assert response.json()["count"] == published.count()
    draft = Innovation.objects.filter(status=Innovation.Status.DRAFT).first()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(published.first().get_absolute_url()).status_code == 200


def test_every_published_demo_entry_tells_the_whole_story():
    seed(120, 7)
    entries = Innovation.objects.filter(status=Innovation.Status.PUBLISHED).select_related("agency")
    for entry in entries:
        assert entry.summary and all(getattr(entry, name) for name in Innovation.NARRATIVE_FIELDS)
        assert any(ch.isdigit() for ch in entry.results)
        assert entry.legal_basis and entry.legal_basis_number.startswith("Nomor ")
        assert entry.contact_name and entry.contact_email and entry.contact_phone
        assert entry.website_url.startswith("https://inovasi.")
        assert entry.government_affair_id is not None
        assert entry.published_at.year >= entry.year_launched
        if entry.stage == Innovation.Stage.IMPLEMENTATION:
            assert entry.completeness == 100, entry.completeness_missing
        entry.full_clean()  # every demo row passes the model's own validation


def test_demo_region_and_legal_basis_follow_the_agency():
    seed(120, 7)
    for entry in Innovation.objects.select_related("agency", "regency"):
        agency = entry.agency
        if agency.kind in Agency.REGIONAL_KINDS:
            assert (entry.province_id, entry.regency_id) == (agency.province_id, agency.regency_id)
        else:
            assert entry.regency_id is None
        if agency.kind == Agency.Kind.REGENCY:
            assert entry.regency.name in entry.legal_basis
            assert "Wali Kota" not in entry.legal_basis and "Gubernur" not in entry.legal_basis
        if agency.kind == Agency.Kind.CITY:
            assert "Bupati" not in entry.legal_basis
    central = Innovation.objects.exclude(agency__kind__in=Agency.REGIONAL_KINDS).count()
    assert 0.03 * 120 <= central <= 0.2 * 120


def test_same_seed_twice_duplicates_nothing_and_keeps_titles():
    seed(120, 7)
    first = titles(7)
    output = seed(120, 7)
    assert "0 new entries" in output
    assert Innovation.objects.count() == 120
    assert titles(7) == first


def test_demo_history_is_attributed_to_the_inactive_demo_user():
    seed(20, 7)
    entry = Innovation.objects.first()
    record = entry.history.get()
    assert record.history_user.username == "demo-seed"
    assert not record.history_user.is_active


def test_a_larger_count_extends_the_same_set():
    seed(40, 5)
    first = titles(5)
    seed(60, 5)
    assert Innovation.objects.count() == 60
    assert titles(5)[:40] == first


def test_another_seed_gives_other_entries():
    seed(60, 7)
    seed(60, 8)
    assert Innovation.objects.count() == 120
    assert len(set(titles(7)) & set(titles(8))) < 3
