"""The OpenAPI document is valid and describes the filters; its docs page needs no CDN."""

import re

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

INNOVATION_FILTERS = {
    "q",
    "province",
    "regency",
    "year",
    "category",
    "sdg",
    "source",
    "stage",
    "ordering",
    "page",
    "page_size",
}


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    validate(schema)


def test_schema_documents_every_read_endpoint(schema):
    assert {
        "/api/v1/innovations/",
        "/api/v1/innovations/{slug}/",
        "/api/v1/categories/",
        "/api/v1/sdgs/",
        "/api/v1/provinces/",
        "/api/v1/regencies/",
        "/api/v1/agencies/{code}/",
    } <= set(schema["paths"])
    # Partners write only through the ingestion endpoints; everything else is read-only.
    methods = {
        method
        for name, path in schema["paths"].items()
        if not name.startswith("/api/v1/ingest/")
        for method in path
    }
    assert methods == {"get"}
    ingest = {m for name, p in schema["paths"].items() if "/ingest/" in name for m in p}
    assert ingest == {"put", "patch", "post"}


def test_innovation_list_documents_its_filter_parameters(schema):
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/innovations/"]["get"]["parameters"]
    }

    assert set(parameters) >= INNOVATION_FILTERS
    assert set(parameters["source"]["schema"]["enum"]) == {
        "kipp",
        "iga",
        "lan_lab",
        "provincial",
        "agency",
        "other",
    }
    assert "newest" in parameters["ordering"]["schema"]["enum"]
    assert parameters["category"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["sdg"]["schema"] == {"type": "array", "items": {"type": "integer"}}


def test_regency_and_agency_lists_document_their_filters(schema):
    def names(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"province", "kind"} <= names("/api/v1/regencies/")
    assert {"q", "kind", "province"} <= names("/api/v1/agencies/")


def test_detail_schema_hides_workflow_fields(schema):
    detail = schema["components"]["schemas"]["InnovationDetail"]["properties"]
    assert {"problem", "contact", "media", "agency"} <= set(detail)
    assert not {"status", "created_by", "last_confirmed_by"} & set(detail)
    assert {"completeness", "continuity_status", "last_confirmed_at"} <= set(detail)


def test_docs_page_loads_assets_from_this_site_only(client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert assets, "the docs page should load Swagger UI"
    assert all(url.startswith("/static/") for url in assets), assets
    assert not re.search(r"""["'](?:https?:)?//""", html)
