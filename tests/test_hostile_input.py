"""Hostile input answers a clear 4xx, never a 500: NUL characters, time-zone offsets and numbers a
database cannot store, non-ASCII digits, JSON that cannot be stored or echoed, and values of the
wrong kind in the ingestion API and the admin import."""

import base64
import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from innovations.models import ImportJob, Innovation
from innovations.services import imports
from tests.factories import AgencyFactory, PartnerKeyFactory, PublishedInnovationFactory

pytestmark = pytest.mark.django_db

NUL_MIDDLEWARE = "jippnas.middleware.RefuseNulCharacterMiddleware"
NUL_ERROR = "Teks tidak boleh memuat karakter NUL."


def get(url, **extra):
    return Client(raise_request_exception=False).get(url, **extra)


def cursor(values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


# --- NUL in the address -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/hub/%00/", "/inovasi/%00/", "/inovasi/?category=%00"])
def test_nul_in_page_address_is_a_plain_400(url):
    response = get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "karakter NUL" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/innovations/%00/",
        "/api/v1/innovations/a%00/similar/",
        "/api/v1/categories/%00/",
        "/api/v1/provinces/%00/",
        "/api/v1/regencies/%00/",
        "/api/v1/agencies/%00/",
        "/api/v1/competitions/%00/",
        "/api/v1/innovations/?%00=1",
    ],
)
def test_nul_in_api_address_is_a_json_400(url):
    response = get(url)

    assert response.status_code == 400
    assert "karakter NUL" in response.json()["detail"]


@pytest.mark.parametrize("parameter", ["province", "q", "updated_since", "cursor"])
def test_nul_in_api_parameter_is_a_400_naming_it(parameter):
    response = get(f"/api/v1/innovations/?sdg=3&{parameter}=a%00b")

    assert response.status_code == 400
    assert response.json() == {parameter: ["Parameter tidak boleh memuat karakter NUL."]}


def test_nul_refusal_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "en"

    page = client.get("/hub/%00/")
    api = client.get("/api/v1/innovations/?province=%00")

    assert "NUL character" in page.content.decode()
    assert api.json() == {"province": ["The parameter must not contain a NUL character."]}


def test_nul_in_admin_filter_is_refused_with_400(curator):
    client = Client(raise_request_exception=False)
    client.force_login(curator)

    response = client.get("/admin/innovations/innovation/?status__exact=%00")

    assert response.status_code == 400
    assert client.get("/admin/innovations/innovation/?status__exact=published").status_code == 200


def test_encoded_percent_sign_is_not_a_nul():
    # "%2500" is the text "%00", which is no NUL: it reaches the view.
    assert get("/api/v1/innovations/?q=%2500").status_code == 200


# --- Time-zone offsets, dates and cursors a database cannot store -------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/innovations/?updated_since=2025-01-01T00:00:00%2B16:00", "updated_since"),
        ("/api/v1/innovations/tombstones/?since=2025-01-01T00:00:00-20:00", "since"),
        (
            "/api/v1/innovations/?updated_since=2020-01-01&cursor="
            + cursor(["2025-01-01T00:00:00+20:00", 1]),
            "cursor",
        ),
        (
            "/api/v1/innovations/tombstones/?cursor=" + cursor(["2025-01-01T00:00:00-20:00", 1]),
            "cursor",
        ),
    ],
)
def test_offset_postgresql_refuses_is_a_400_naming_the_parameter(url, parameter):
    response = get(url)

    assert response.status_code == 400
    assert parameter in response.json()


def test_largest_offset_postgresql_stores_is_accepted():
    entry = PublishedInnovationFactory()

    response = get("/api/v1/innovations/?updated_since=2000-01-01T00:00:00%2B15:59")

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [entry.slug]


def test_since_the_first_day_of_the_calendar_lists_every_change():
    # Read in WIB, 0001-01-01 falls before the first moment Python has in UTC: it stands for
    # "from the beginning", as PostgreSQL answers it, on every database.
    entry = PublishedInnovationFactory()

    response = get("/api/v1/innovations/?updated_since=0001-01-01")

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == [entry.slug]


def test_since_after_the_last_day_of_the_calendar_lists_nothing():
    PublishedInnovationFactory()

    response = get("/api/v1/innovations/?updated_since=9999-12-31T23:00:00-10:00")

    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("last_id", [10**20, -(2**63) - 1, 2**63, True, 1.5, "1"])
def test_cursor_id_must_be_a_64_bit_integer(last_id):
    token = cursor(["2025-01-01T00:00:00+00:00", last_id])

    response = get(f"/api/v1/innovations/?updated_since=2020-01-01&cursor={token}")

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_at_the_largest_64_bit_id_is_accepted():
    token = cursor(["2025-01-01T00:00:00+00:00", 2**63 - 1])

    assert get(f"/api/v1/innovations/?updated_since=2020-01-01&cursor={token}").status_code == 200


# --- SDG numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["99999999999999999999", "0", "18", "-1", "³"])
def test_sdg_outside_1_to_17_is_an_api_field_error(number):
    response = get(f"/api/v1/innovations/?sdg={number}")

    assert response.status_code == 400
    assert "sdg" in response.json()


def test_sdg_outside_1_to_17_is_a_message_on_the_catalogue_page():
    response = get("/inovasi/?sdg=99999999999999999999")

    assert response.status_code == 400
    assert "99999999999999999999" in response.content.decode()


def test_sdg_within_1_to_17_still_filters():
    response = get("/api/v1/innovations/?sdg=17&sdg=3")

    assert response.status_code == 200


# --- Sitemap pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["%C2%B2", "%E2%91%A0", "%D9%A3"])  # ², ①, Arabic-Indic 3
def test_sitemap_page_in_non_ascii_digits_is_not_found(page):
    assert get(f"/sitemap-pages.xml?p={page}").status_code == 404


def test_sitemap_index_ignores_a_non_ascii_page_number():
    # The index has no pages: `p` is ignored, as any other parameter.
    response = get("/sitemap.xml?p=%C2%B2")

    assert response.status_code == 200
    assert b"<sitemapindex" in response.content


# --- Ingestion API ----------------------------------------------------------------------------


@pytest.fixture
def owner():
    return AgencyFactory()


@pytest.fixture
def partner():
    key = PartnerKeyFactory(write_source=Innovation.Source.KIPP)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key.token}")
    return client


def fields(owner, **overrides):
    data = {
        "title": "Layanan Keliling",
        "summary": "Petugas mendatangi desa.",
        "agency": owner.code,
        "year_launched": 2021,
        "stage": "penerapan",
    }
    return {**data, **overrides}


ENTRY_URL = "/api/v1/ingest/kipp/entries/K-1/"
BATCH_URL = "/api/v1/ingest/kipp/batch/"

# Values the row validation must refuse as a field error (the field named as the key).
BAD_FIELDS = [
    {"title": "a\x00b"},
    {"problem": "a\x00b"},
    {"contact_email": "a\x00@contoh.go.id"},
    {"agency": "19.01\x00x"},
    {"categories": ["kesehatan\x00"]},
    {"trial_started_on": 5},
    {"implemented_on": [2020]},
    {"last_confirmed_at": True},
    {"trial_started_on": {}},
    {"sdgs": ["inf"]},
    {"sdgs": "Infinity"},
    {"sdgs": ["nan"]},
    {"sdgs": [10**400]},
    {"year_launched": 10**400},
]


def put(client, body, url=ENTRY_URL):
    return client.put(url, body, content_type="application/json")


def post(client, body, url=BATCH_URL):
    return client.post(url, body, content_type="application/json")


@pytest.mark.parametrize("bad", BAD_FIELDS, ids=lambda bad: next(iter(bad)))
def test_put_with_bad_value_is_a_field_error(partner, owner, bad):
    response = put(partner, json.dumps(fields(owner, **bad)))

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "error" and list(body["errors"]) == list(bad)
    assert not Innovation.objects.exists()


@pytest.mark.parametrize("bad", BAD_FIELDS, ids=lambda bad: next(iter(bad)))
def test_batch_with_bad_value_fails_that_entry_alone(partner, owner, bad):
    entries = [
        {**fields(owner, **bad), "external_ref": "B-1"},
        {**fields(owner), "external_ref": "B-2"},
    ]

    response = post(partner, json.dumps({"entries": entries}))

    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["status"] == "error" and list(first["errors"]) == list(bad)
    assert second["status"] == "created"
    assert list(Innovation.objects.values_list("external_ref", flat=True)) == ["B-2"]


def test_nul_text_error_names_the_character(partner, owner):
    response = put(partner, json.dumps(fields(owner, title="a\x00b")))

    assert response.json()["errors"] == {"title": [NUL_ERROR]}


def test_date_of_wrong_kind_error_tells_the_format(partner, owner):
    response = put(partner, json.dumps(fields(owner, trial_started_on=43831)))

    assert "YYYY-MM-DD" in response.json()["errors"]["trial_started_on"][0]


# Bodies the JSON parser refuses: text that is not Unicode (a lone surrogate cannot be stored or
# echoed as UTF-8), numbers no database stores, and nesting too deep to handle.
UNREADABLE_BODIES = [
    json.dumps({"title": "\ud800"}),
    json.dumps({"agency": "\ud800"}),
    json.dumps({"\ud800": "x"}),
    json.dumps({"sdgs": [1, ["\udfff"]]}),
    '{"year_launched": 1e400}',
    '{"year_launched": -1e400}',
    '{"year_launched": Infinity}',
    '{"year_launched": NaN}',
    "[" * 100000 + "]" * 100000,
    # Deeper than the parser takes (32), though Python could: text fields read any JSON value as
    # text, so this was once stored as a title.
    '{"title": ' + "[" * 40 + "]" * 40 + "}",
]


@pytest.mark.parametrize("body", UNREADABLE_BODIES, ids=range(len(UNREADABLE_BODIES)))
def test_put_with_unreadable_json_is_a_parse_error(partner, body):
    response = put(partner, body)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Innovation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"entries": [{"external_ref": "\ud800"}]}),
        json.dumps({"entries": [{"external_ref": "B-1", "title": "\ud800"}]}),
        '{"entries": [{"external_ref": "B-1", "year_launched": 1e400}]}',
        "[" * 100000 + "]" * 100000,
    ],
    ids=range(4),
)
def test_batch_with_unreadable_json_is_a_parse_error(partner, body):
    response = post(partner, body)

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Innovation.objects.exists()


def test_valid_surrogate_pair_is_read_as_its_character(partner, owner):
    response = put(partner, json.dumps(fields(owner, title="Layanan 😀")))

    assert response.status_code == 201, response.json()
    assert Innovation.objects.get().title == "Layanan 😀"


@pytest.mark.parametrize(
    ("item", "field"),
    [({"external_ref": "a\x00"}, "external_ref"), ({"slug": "a\x00"}, "slug")],
)
def test_batch_reference_with_nul_fails_that_entry_alone(partner, owner, item, field):
    entries = [{**fields(owner), **item}, {**fields(owner), "external_ref": "B-2"}]

    response = post(partner, json.dumps({"entries": entries}))

    assert response.status_code == 200
    first, second = response.json()["results"]
    assert first["status"] == "error" and first["errors"] == {field: [NUL_ERROR]}
    assert second["status"] == "created"
    assert Innovation.objects.count() == 1


@pytest.mark.parametrize("method", ["put", "patch"])
def test_reference_with_nul_in_the_address_is_refused(partner, method):
    response = getattr(partner, method)(
        "/api/v1/ingest/kipp/entries/a%00b/", "{}", content_type="application/json"
    )

    assert response.status_code == 400
    assert not Innovation.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch"])
def test_reference_with_nul_is_a_field_error_behind_the_middleware_too(
    settings, partner, owner, method
):
    # The ingestion views check the reference themselves before any query, whatever runs before
    # them.
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name != NUL_MIDDLEWARE]

    response = getattr(partner, method)(
        "/api/v1/ingest/kipp/entries/a%00b/",
        json.dumps(fields(owner)),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"external_ref": [NUL_ERROR]}
    assert not Innovation.objects.exists()


# --- Admin import -----------------------------------------------------------------------------

HEADER = ["source", "external_ref", "title", "summary", "agency", "year_launched", "stage"]


@pytest.fixture
def curator_client(curator):
    client = Client(raise_request_exception=False)
    client.force_login(curator)
    return client


def upload(client, rows):
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    file = SimpleUploadedFile("impor.csv", out.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("admin:innovations_importjob_add"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def test_import_cell_with_nul_is_a_row_error(curator_client, owner):
    job = upload(
        curator_client, [["kipp", "R-1", "Judul", "Ringkas", "19.01\x00x", "2020", "penerapan"]]
    )

    assert job.status == ImportJob.Status.INVALID
    assert job.report["errors"] == [
        {"line": 2, "external_ref": "R-1", "errors": {"agency": [NUL_ERROR]}}
    ]
    page = curator_client.get(reverse("admin:innovations_importjob_change", args=[job.pk]))
    assert page.status_code == 200 and NUL_ERROR in page.content.decode()


def test_import_title_with_nul_fails_the_dry_run(curator_client, owner):
    job = upload(
        curator_client, [["kipp", "R-1", "Ju\x00dul", "Ringkas", owner.code, "2020", "penerapan"]]
    )

    assert job.status == ImportJob.Status.INVALID
    assert job.report["errors"][0]["errors"] == {"title": [NUL_ERROR]}
    assert not Innovation.objects.exists()


def test_import_report_echoing_a_nul_is_stored_without_it(curator_client, owner):
    # A reference with a NUL is refused, and the reference the report names loses the character.
    job = upload(
        curator_client,
        [
            ["kipp", "R\x00-1", "Judul", "Ringkas", owner.code, "2020", "penerapan"],
            ["kipp", "R-2", "Judul", "Ringkas", owner.code, "20\x0020", "penerapan"],
        ],
    )

    assert job.status == ImportJob.Status.INVALID
    assert "\x00" not in json.dumps(job.report) and "\\u0000" not in json.dumps(job.report)
    first, second = job.report["errors"]
    assert first["external_ref"] == "R\N{SYMBOL FOR NULL}-1"
    assert first["errors"] == {"external_ref": [NUL_ERROR]}
    assert list(second["errors"]) == ["year_launched"]


def test_import_failure_text_with_nul_is_stored_without_it(monkeypatch, curator_client, owner):
    def fail(**kwargs):
        raise RuntimeError("nilai a\x00b")

    monkeypatch.setattr(imports.exchange, "exchange_upsert", fail)

    job = upload(curator_client, [["kipp", "R-1", "Judul", "Ringkas", owner.code, "2020", "x"]])

    assert job.status == ImportJob.Status.FAILED
    assert job.report == {"failure": "RuntimeError: nilai a\N{SYMBOL FOR NULL}b"}
