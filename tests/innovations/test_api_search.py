"""The API's search extras: facet counts on request, snippets, typo notes, similar entries, and
the national field set, continuity and completeness of each entry."""

import pytest

from innovations import services
from innovations.models import Category, Innovation
from tests.factories import InnovationFactory, PublishedInnovationFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/innovations/"


def test_facets_are_returned_on_request_and_count_published_only(api_client):
    health = Category.objects.get(slug="kesehatan")
    PublishedInnovationFactory.create_batch(2, categories=[health], year_launched=2020)
    PublishedInnovationFactory(year_launched=2021)
    InnovationFactory(categories=[health], year_launched=2020)  # a draft
    body = api_client.get(LIST, {"facets": "year,category,award_level"}).json()
    assert body["count"] == 3
    assert {b["value"]: b["count"] for b in body["facets"]["year"]} == {"2020": 2, "2021": 1}
    assert body["facets"]["category"] == [{"value": "kesehatan", "label": "Kesehatan", "count": 2}]
    assert body["facets"]["award_level"] == []


def test_facets_follow_query_and_filters(api_client):
    PublishedInnovationFactory(title="Bank Sampah Desa", year_launched=2019, stage="uji_coba")
    PublishedInnovationFactory(title="Bank Sampah Kota", year_launched=2022)
    PublishedInnovationFactory(title="Posyandu Digital", year_launched=2019)
    body = api_client.get(
        LIST, {"q": "sampah", "stage": "penerapan", "facets": "year,stage"}
    ).json()
    assert body["count"] == 1
    assert {b["value"]: b["count"] for b in body["facets"]["year"]} == {"2022": 1}
    # The stage facet ignores its own filter so other stages stay visible.
    assert {b["value"]: b["count"] for b in body["facets"]["stage"]} == {
        "uji_coba": 1,
        "penerapan": 1,
    }


def test_unknown_facet_is_400_naming_the_parameter(api_client):
    response = api_client.get(LIST, {"facets": "province,colour"})
    assert response.status_code == 400
    assert "colour" in response.json()["facets"][0]


def test_search_rows_carry_an_escaped_highlighted_snippet(api_client):
    PublishedInnovationFactory(summary="Aduan <b>warga</b> dijawab dalam sehari.")
    body = api_client.get(LIST, {"q": "warga"}).json()
    snippet = body["results"][0]["snippet"]
    assert "<mark>warga</mark>" in snippet
    assert "<b>" not in snippet
    assert body["search"]["query"] == "warga"


def test_rows_without_query_have_no_snippet(api_client):
    PublishedInnovationFactory()
    body = api_client.get(LIST).json()
    assert body["results"][0]["snippet"] is None
    assert body["search"] is None


def test_similar_endpoint_excludes_self_and_drafts(api_client):
    health = Category.objects.get(slug="kesehatan")
    entry = PublishedInnovationFactory(title="Posyandu Balita Sehat", categories=[health])
    twin = PublishedInnovationFactory(title="Posyandu Balita Ceria", categories=[health])
    draft = InnovationFactory(title="Posyandu Balita Draf", categories=[health])
    body = api_client.get(f"{LIST}{entry.slug}/similar/").json()
    slugs = [row["slug"] for row in body]
    assert slugs[0] == twin.slug
    assert entry.slug not in slugs and draft.slug not in slugs


def test_similar_of_a_draft_is_404(api_client):
    draft = InnovationFactory()
    assert api_client.get(f"{LIST}{draft.slug}/similar/").status_code == 404


def test_rows_expose_field_set_continuity_and_completeness(api_client, curator):
    entry = PublishedInnovationFactory(kind=Innovation.Kind.DIGITAL, legal_basis="")
    services.innovation_save(entry=entry, by=curator)
    services.innovation_confirm_continuity(
        entry=entry, status=Innovation.Continuity.RUNNING, by=curator
    )
    row = api_client.get(f"{LIST}{entry.slug}/").json()
    assert row["kind"] == "digital"
    assert row["continuity_status"] == "berjalan"
    assert row["last_confirmed_at"]
    assert 0 <= row["completeness"]["score"] < 100
    missing = {aspect["key"] for aspect in row["completeness"]["missing"]}
    assert "legal_basis" in missing


def test_filter_by_continuity_and_kind(api_client):
    running = PublishedInnovationFactory(
        continuity_status=Innovation.Continuity.RUNNING, kind=Innovation.Kind.DIGITAL
    )
    PublishedInnovationFactory(continuity_status=Innovation.Continuity.UNKNOWN)
    body = api_client.get(LIST, {"continuity": "berjalan", "kind": "digital"}).json()
    assert [row["slug"] for row in body["results"]] == [running.slug]
    assert api_client.get(LIST, {"continuity": "hidup"}).status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "!!! ??? ***",
        '"""\\\\',
        "'; DROP TABLE innovations_innovation; --",
        '"unclosed phrase',
        "-",
        "OR OR",
        "x" * 500,
    ],
)
def test_hostile_queries_answer_200_on_page_and_api(client, api_client, query):
    PublishedInnovationFactory(title="Layanan Aman")
    assert api_client.get(LIST, {"q": query, "facets": "year"}).status_code == 200
    assert client.get("/inovasi/", {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ["x" * 10_000, "a\x00b"])
def test_oversized_or_nul_queries_answer_400_on_page_and_api(client, api_client, query):
    assert api_client.get(LIST, {"q": query}).status_code == 400
    assert client.get("/inovasi/", {"q": query}).status_code == 400
