"""The read API of the reference data: provinces, regencies/cities and the agency directory."""

import pytest

from regions.models import Agency, Regency
from tests.factories import (
    AgencyFactory,
    CentralAgencyFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_provinces_list_and_detail_by_code(api_client):
    province = ProvinceFactory(code="A1", name="Provinsi Uji Bangka")

    listed = api_client.get("/api/v1/provinces/", {"page_size": 100})
    detail = api_client.get("/api/v1/provinces/A1/")

    assert "A1" in codes(listed)
    assert detail.json() == {
        "code": "A1",
        "name": province.name,
        "url": "http://testserver/api/v1/provinces/A1/",
    }
    assert api_client.get("/api/v1/provinces/ZZ/").status_code == 404


def test_regency_detail_by_dotted_kemendagri_code(api_client):
    province = ProvinceFactory(code="A2")
    RegencyFactory(code="A2.71", province=province, name="Uji Pangkal", kind=Regency.Kind.KOTA)

    body = api_client.get("/api/v1/regencies/A2.71/").json()

    assert body["code"] == "A2.71"
    assert body["kind"] == "kota"
    assert body["kind_label"] == "Kota"
    assert body["display_name"] == "Kota Uji Pangkal"
    assert body["province"] == {"code": "A2", "name": province.name}


def test_regencies_filtered_by_province(api_client):
    here = RegencyFactory()
    also_here = RegencyFactory(province=here.province)
    RegencyFactory()

    filtered = codes(api_client.get("/api/v1/regencies/", {"province": here.province.code}))

    assert sorted(filtered) == sorted([here.code, also_here.code])


@pytest.mark.parametrize(
    ("url", "parameter", "value"),
    [
        ("/api/v1/regencies/", "province", "ZZ"),
        ("/api/v1/regencies/", "kind", "desa"),
        ("/api/v1/agencies/", "province", "ZZ"),
        ("/api/v1/agencies/", "kind", "partai"),
        ("/api/v1/agencies/", "regency", "99.99"),
        ("/api/v1/agencies/", "q", "x" * 201),
        ("/api/v1/agencies/", "q", "dinas\x00"),
    ],
)
def test_invalid_filter_value_is_400_naming_the_parameter(api_client, url, parameter, value):
    response = api_client.get(url, {parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_agency_detail_has_kind_and_region(api_client):
    agency = AgencyFactory(code="A3.04", acronym="PEMKAB")

    body = api_client.get("/api/v1/agencies/A3.04/").json()

    assert body["name"] == agency.name
    assert body["acronym"] == "PEMKAB"
    assert body["kind"] == "kabupaten"
    assert body["kind_label"] == "Pemerintah Kabupaten"
    assert body["province"]["code"] == agency.province.code
    assert body["regency"]["code"] == agency.regency.code


def test_agencies_filtered_by_kind_province_and_name(api_client):
    regional = AgencyFactory()
    neighbour = AgencyFactory(regency=RegencyFactory(province=regional.province))
    ministry = CentralAgencyFactory(
        name="Kementerian Pendayagunaan Aparatur Negara", acronym="PANRB"
    )

    by_province = codes(api_client.get("/api/v1/agencies/", {"province": regional.province.code}))
    by_kind = codes(api_client.get("/api/v1/agencies/", {"kind": Agency.Kind.MINISTRY}))
    by_acronym = codes(api_client.get("/api/v1/agencies/", {"q": "panrb"}))
    by_name = codes(api_client.get("/api/v1/agencies/", {"q": "aparatur"}))

    assert sorted(by_province) == sorted([regional.code, neighbour.code])
    assert by_kind == [ministry.code]
    assert by_acronym == by_name == [ministry.code]


def test_reference_lists_do_not_query_per_row(api_client, django_assert_max_num_queries):
    AgencyFactory.create_batch(12)
    CentralAgencyFactory.create_batch(3)

    # count + page, regions joined
    with django_assert_max_num_queries(2):
        agencies = api_client.get("/api/v1/agencies/")
    with django_assert_max_num_queries(2):
        regencies = api_client.get("/api/v1/regencies/")

    assert agencies.json()["count"] == 15
    assert regencies.json()["count"] == 12
