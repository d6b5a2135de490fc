"""The national figures are counted from published entries only and cached for a fixed time:
a catalogue edit does not make the next view recompute them; once expired, they follow it."""

import time

import pytest
from django.urls import reverse
from django.utils import translation

from hubs import selectors
from tests.factories import InnovationFactory, PublishedInnovationFactory
from tests.hubs.factories import ReplicationFactory

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/statistics/"


@pytest.fixture
def english_then_back():
    """The language middleware activates the cookie's language in this thread; later tests
    expect the default (Indonesian) again."""
    yield
    translation.deactivate()


def per_year(tables: list[dict]) -> dict[str, int]:
    [table] = [table for table in tables if table["name"] == "inovasi-per-tahun"]
    return {row["key"]: row["value"] for row in table["rows"]}


def test_statistics_count_published_entries_only(api_client):
    PublishedInnovationFactory.create_batch(2, year_launched=2021, continuity_status="berjalan")
    origin = PublishedInnovationFactory(year_launched=2022)
    InnovationFactory(year_launched=2021)  # draft: never counted
    ReplicationFactory(origin=origin)  # an intent

    tables = api_client.get(API_URL).json()

    assert per_year(tables) == {"2021": 2, "2022": 1}
    [replications] = [table for table in tables if table["name"] == "replikasi-per-status"]
    assert {row["key"]: row["value"] for row in replications["rows"]}["intent"] == 1
    assert selectors.continuity_table()["totals"]["running"] == 2


def test_a_catalogue_edit_does_not_recompute_the_figures(
    client, api_client, django_assert_num_queries
):
    PublishedInnovationFactory(year_launched=2021)
    assert client.get(reverse("hubs:statistics")).status_code == 200
    assert per_year(api_client.get(API_URL).json()) == {"2021": 1}

    ReplicationFactory(origin=PublishedInnovationFactory(year_launched=2021))

    with django_assert_num_queries(0):
        assert client.get(reverse("hubs:statistics")).status_code == 200
        tables = api_client.get(API_URL).json()
    assert per_year(tables) == {"2021": 1}


def test_figures_follow_publication_and_replications_once_expired(monkeypatch):
    monkeypatch.setattr(selectors, "FIGURE_TIMEOUT", 1)
    first = PublishedInnovationFactory(year_launched=2021, continuity_status="berjalan")
    before = {
        "year": selectors.figure_rows("inovasi-per-tahun"),
        "status": selectors.figure_rows("replikasi-per-status"),
        "continuity": selectors.continuity_table()["totals"],
    }
    PublishedInnovationFactory(year_launched=2021, continuity_status="berjalan")
    ReplicationFactory(origin=first)
    assert selectors.figure_rows("inovasi-per-tahun") == before["year"]  # still cached

    time.sleep(1.1)

    assert selectors.figure_rows("inovasi-per-tahun")[0]["value"] == 2
    status = {row["key"]: row["value"] for row in selectors.figure_rows("replikasi-per-status")}
    was = {row["key"]: row["value"] for row in before["status"]}
    assert status["intent"] == was["intent"] + 1
    assert selectors.continuity_table()["totals"]["running"] == before["continuity"]["running"] + 1


def test_figures_are_cached_per_language(english_then_back):
    ReplicationFactory()
    with translation.override("en"):
        english = selectors.figure_table("replikasi-per-status")
    indonesian = selectors.figure_table("replikasi-per-status")

    assert english["rows"][0]["label"] != indonesian["rows"][0]["label"]


def test_statistics_page_says_the_figures_may_lag_the_catalogue(client, english_then_back):
    html = client.get(reverse("hubs:statistics")).content.decode()
    assert "beberapa menit kemudian" in html and "langsung" not in html

    client.cookies["django_language"] = "en"
    html = client.get(reverse("hubs:statistics")).content.decode()
    assert "a few minutes later" in html and "directly" not in html
