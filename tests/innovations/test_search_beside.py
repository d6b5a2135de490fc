"""A search ranks its page on a second connection while the request's own counts the matches
and their facets (innovations/selectors/side.py): the same answers as on one connection, and the
ranking really leaves the request's connection. Committed data only, so these tests commit."""

import threading
from concurrent.futures import Future

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory, PublishedInnovationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the search table exists on PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]
LIST_URL = "/api/v1/innovations/"
FACETS = "province,year,category,sdg,source,stage,award_level"


@pytest.fixture
def catalogue():
    water = CategoryFactory(slug="air-bersih", name="Air bersih")
    for number in range(7):
        entry = PublishedInnovationFactory(
            title=f"Layanan air bersih keliling {number}",
            summary="Layanan air bersih bagi desa terpencil." * (number + 1),
            year_launched=2018 + number % 3,
        )
        entry.categories.add(water)
    # Matches only outside title and summary: the second relevance tier.
    PublishedInnovationFactory(title="Sumur bor", summary="Sumur.", problem="Layanan air sulit.")
    PublishedInnovationFactory(title="Arsip digital", summary="Arsip daerah.")


def ranking_statements(queries) -> list[str]:
    return [q["sql"] for q in queries if "ts_rank" in q["sql"]]


# One test walks them all: each transactional test costs a flush of the database.
REQUESTS = [
    {"q": "layanan air"},
    {"q": "layanan", "facets": FACETS},
    {"q": "layanan", "year": "2019", "facets": FACETS},
    {"q": "layanan", "page_size": "3", "page": "2"},
    {"q": "layanan", "page_size": "3", "page": "3"},  # the last page reaches the second tier
    {"q": "layanan", "ordering": "newest", "page_size": "4"},
    {"q": "tidakadasamasekali"},
]


def test_side_ranking_answers_as_one_connection_does(api_client, settings, catalogue):
    for params in REQUESTS:
        settings.SEARCH_READS_BESIDE = False
        with CaptureQueriesContext(connection) as alone:
            expected = api_client.get(LIST_URL, params)
        settings.SEARCH_READS_BESIDE = True
        with CaptureQueriesContext(connection) as beside:
            answer = api_client.get(LIST_URL, params)

        assert answer.status_code == expected.status_code == 200, params
        assert answer.json() == expected.json(), params
        if params.get("ordering") is None and answer.json()["count"]:
            assert ranking_statements(alone.captured_queries), params
            assert not ranking_statements(beside.captured_queries), params


def test_side_ranking_serves_the_catalogue_page(client, settings, catalogue):
    settings.SEARCH_READS_BESIDE = False
    expected = client.get("/inovasi/", {"q": "layanan air"})
    settings.SEARCH_READS_BESIDE = True
    with CaptureQueriesContext(connection) as beside:
        answer = client.get("/inovasi/", {"q": "layanan air"})
    assert answer.status_code == 200
    titles = [entry.title for entry in answer.context["page_obj"].object_list]
    assert titles == [entry.title for entry in expected.context["page_obj"].object_list]
    assert len(titles) == 8
    assert not ranking_statements(beside.captured_queries)


def test_page_outside_the_results_is_still_404(api_client, catalogue):
    response = api_client.get(LIST_URL, {"q": "layanan", "page": "9"})
    assert response.status_code == 404
    # The side thread is free again: the next search gets its page.
    assert api_client.get(LIST_URL, {"q": "arsip"}).json()["count"] == 1


def test_inside_a_transaction_the_request_ranks_on_its_own_connection(
    api_client, settings, catalogue
):
    from django.db import transaction

    settings.SEARCH_READS_BESIDE = True
    with transaction.atomic():
        # Not committed yet: a side connection would not see it.
        PublishedInnovationFactory(title="Layanan perahu sekolah", summary="Layanan perahu.")
        with CaptureQueriesContext(connection) as queries:
            found = api_client.get(LIST_URL, {"q": "perahu"}).json()
    assert [item["title"] for item in found["results"]] == ["Layanan perahu sekolah"]
    assert ranking_statements(queries.captured_queries)


def test_a_busy_side_thread_is_not_queued_behind(api_client, settings, catalogue):
    # E.g. still ranking for a request that ended in a 404: the next search ranks on its own.
    from innovations.selectors import side

    settings.SEARCH_READS_BESIDE = True
    release = threading.Event()
    blocker = side.submit(release.wait, 30)
    try:
        assert blocker is not None
        with CaptureQueriesContext(connection) as queries:
            found = api_client.get(LIST_URL, {"q": "arsip"}).json()
        assert [item["title"] for item in found["results"]] == ["Arsip digital"]
        assert ranking_statements(queries.captured_queries)
    finally:
        release.set()
        blocker.result()
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(LIST_URL, {"q": "arsip"}).json()["count"] == 1
    assert not ranking_statements(queries.captured_queries)  # free again: ranked beside


def test_a_failing_side_connection_falls_back_to_the_requests_own(
    api_client, settings, catalogue, monkeypatch
):
    from innovations.selectors import side

    def failing(function, *args):
        future = Future()
        future.set_exception(OperationalError("too many connections"))
        return future

    settings.SEARCH_READS_BESIDE = True
    monkeypatch.setattr(side, "submit", failing)
    response = api_client.get(LIST_URL, {"q": "layanan air"})
    assert response.status_code == 200
    assert response.json()["count"] == 8


def test_deep_pages_are_not_ranked_before_the_count_shows_they_exist(
    api_client, settings, catalogue, monkeypatch
):
    from innovations.selectors import side

    submitted = []
    monkeypatch.setattr(side, "submit", lambda *args: submitted.append(args) or None)
    settings.SEARCH_READS_BESIDE = True
    assert api_client.get(LIST_URL, {"q": "layanan", "page": "99999"}).status_code == 404
    assert submitted == []
    assert api_client.get(LIST_URL, {"q": "layanan"}).status_code == 200
    assert len(submitted) == 1
