"""The read API: hubs by province code, activities newest first, participation, replications and
statistics; filters by province and year, bad values answered 400."""

import datetime

import pytest

from tests.factories import (
    AgencyFactory,
    InnovationFactory,
    ProvinceFactory,
    PublishedInnovationFactory,
    RegencyFactory,
)
from tests.hubs.factories import (
    HubActivityFactory,
    HubFactory,
    HubPartnerFactory,
    ParticipationRecordFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hubs():
    return HubFactory(province=ProvinceFactory(code="19")), HubFactory(
        province=ProvinceFactory(code="35"), designation_year=2024
    )


def test_hub_detail_by_province_code(api_client, two_hubs):
    HubPartnerFactory(hub=two_hubs[0], name="Universitas Uji")
    response = api_client.get("/api/v1/hubs/19/")
    assert response.status_code == 200
    body = response.json()
    assert body["province"]["code"] == "19"
    assert body["partners"][0]["name"] == "Universitas Uji"
    assert api_client.get("/api/v1/hubs/99/").status_code == 404


def test_hub_list_filters_by_year_and_province(api_client, two_hubs):
    codes = lambda r: [row["province"]["code"] for row in r.json()["results"]]  # noqa: E731
    assert codes(api_client.get("/api/v1/hubs/", {"year": 2024})) == ["35"]
    assert codes(api_client.get("/api/v1/hubs/", {"province": "19"})) == ["19"]


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v1/hubs/", {"province": "XX"}),
        ("/api/v1/hubs/", {"year": "dua ribu"}),
        ("/api/v1/hub-activities/", {"year": "1900"}),
        ("/api/v1/hub-activities/", {"province": "nope"}),
        ("/api/v1/participation/", {"year": "abc"}),
        ("/api/v1/participation/", {"regency": "00.00"}),
        ("/api/v1/replications/", {"year": "abc"}),
        ("/api/v1/replications/", {"status": "selesai"}),
    ],
)
def test_invalid_filters_answer_400_with_the_parameter_named(api_client, two_hubs, url, params):
    response = api_client.get(url, params)
    assert response.status_code == 400
    assert set(params) <= set(response.json())


def test_activities_newest_first_and_filtered_by_province_and_year(api_client, two_hubs):
    bangka, jatim = two_hubs
    HubActivityFactory(hub=bangka, title="Lama", held_on=datetime.date(2023, 2, 1))
    HubActivityFactory(hub=bangka, title="Baru", held_on=datetime.date(2024, 9, 1))
    HubActivityFactory(hub=jatim, title="Jatim", held_on=datetime.date(2024, 3, 1))
    titles = lambda r: [row["title"] for row in r.json()["results"]]  # noqa: E731
    assert titles(api_client.get("/api/v1/hub-activities/")) == ["Baru", "Jatim", "Lama"]
    assert titles(api_client.get("/api/v1/hub-activities/", {"province": "19"})) == ["Baru", "Lama"]
    assert titles(api_client.get("/api/v1/hub-activities/", {"year": 2024})) == ["Baru", "Jatim"]


def test_activity_api_hides_related_drafts(api_client, two_hubs):
    activity = HubActivityFactory(hub=two_hubs[0])
    activity.related_innovations.add(InnovationFactory(title="Draf rahasia"))
    row = api_client.get(f"/api/v1/hub-activities/{activity.pk}/").json()
    assert row["related_innovations"] == []


def test_participation_filters(api_client, two_hubs):
    bangka, jatim = two_hubs
    ParticipationRecordFactory(hub=bangka, year=2023)
    ParticipationRecordFactory(hub=jatim, year=2024)
    assert api_client.get("/api/v1/participation/", {"year": 2024}).json()["count"] == 1
    rows = api_client.get("/api/v1/participation/", {"province": "19"}).json()["results"]
    assert [row["province"]["code"] for row in rows] == ["19"]


def test_replications_only_of_published_origins_filtered_by_province_and_year(api_client, two_hubs):
    bangka_agency = AgencyFactory(regency=RegencyFactory(province=two_hubs[0].province))
    visible = ReplicationFactory(agency=bangka_agency, target_year=2024)
    ReplicationFactory(target_year=2025)
    hidden = ReplicationFactory(agency=bangka_agency, target_year=2024)
    hidden.origin.status = "archived"
    hidden.origin.save()
    ids = lambda r: [row["id"] for row in r.json()["results"]]  # noqa: E731
    assert ids(api_client.get("/api/v1/replications/", {"province": "19", "year": 2024})) == [
        visible.pk
    ]
    assert api_client.get(f"/api/v1/replications/{hidden.pk}/").status_code == 404
    detail = api_client.get(f"/api/v1/replications/{visible.pk}/").json()
    assert {"steps", "progress_reports", "transitions"} <= set(detail)


def test_statistics_tables(api_client, two_hubs):
    response = api_client.get("/api/v1/statistics/")
    assert response.status_code == 200
    names = [table["name"] for table in response.json()]
    assert "inovasi-per-tahun" in names and "replikasi-per-status" in names
    one = api_client.get("/api/v1/statistics/replikasi-per-provinsi/").json()
    assert one["csv_url"].endswith("/statistik/replikasi-per-provinsi.csv")
    assert api_client.get("/api/v1/statistics/tidak-ada/").status_code == 404


def test_api_lists_do_not_grow_queries(api_client, two_hubs, django_assert_max_num_queries):
    for _ in range(5):
        activity = HubActivityFactory(hub=two_hubs[0])
        activity.participating_agencies.add(AgencyFactory())
        ReplicationFactory()
        ParticipationRecordFactory(hub=two_hubs[0])
    for url in (
        "/api/v1/hub-activities/",
        "/api/v1/replications/",
        "/api/v1/participation/",
        "/api/v1/hubs/",
    ):
        with django_assert_max_num_queries(6):
            assert api_client.get(url).status_code == 200


def test_schema_documents_hub_endpoints(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/hubs/",
        "/api/v1/hubs/{code}/",
        "/api/v1/hub-activities/",
        "/api/v1/participation/",
        "/api/v1/replications/",
        "/api/v1/statistics/",
        "/api/v1/statistics/{figure}/",
    } <= paths
    params = {p["name"] for p in schema["paths"]["/api/v1/replications/"]["get"]["parameters"]}
    assert {"province", "year", "status"} <= params


def test_statistics_api_gives_continuity_by_source_and_year(api_client):
    PublishedInnovationFactory(source="lan", year_launched=2018, continuity_status="berjalan")
    PublishedInnovationFactory(
        source="lan", year_launched=2018, continuity_status="berhenti",
        continuity_note="Tidak ada lagi anggaran.",
    )  # fmt: skip
    InnovationFactory(source="lan", year_launched=2018)  # draft
    body = api_client.get("/api/v1/statistics/keberlanjutan/").json()
    assert body["totals"] == {"running": 1, "stopped": 1, "unknown": 0, "total": 2}
    [row] = [r for r in body["rows"] if (r["source"], r["year_launched"]) == ("lan", 2018)]
    assert (row["running"], row["stopped"], row["total"]) == (1, 1, 2)
    assert body["csv_url"].endswith("/statistik/keberlanjutan-per-sumber-dan-tahun.csv")
