"""Exports of the catalogue: the declared column set in CSV, JSON Lines and XLSX, the list's filters,
published entries only, streamed with flat queries; read back, they give the database's values."""

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone
from openpyxl import load_workbook

from innovations.exchange_columns import LIST_SEPARATOR, column_names, columns, data_dictionary
from innovations.exporters import parse_cell
from innovations.models import SDG, GovernmentAffair, Innovation
from innovations.selectors.exchange import export_lines_out_of_step
from tests.factories import (
    CategoryFactory,
    CentralAgencyFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)

pytestmark = pytest.mark.django_db

EXPORT_URL = "/api/v1/innovations/export/"
FORMATS = ("csv", "jsonl", "xlsx")


def body_of(response) -> bytes:
    assert response.status_code == 200, getattr(response, "content", b"")
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def parse_export(name: str, content: bytes) -> list[dict]:
    """Read an export back into typed values, by the data dictionary only (as an importer)."""
    types = {column.name: column.type for column in columns()}
    if name == "csv":
        assert content.startswith("\ufeff".encode()), "BOM for Excel"
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        assert reader.fieldnames == column_names()
        return [
            {key: parse_cell(types[key], value) for key, value in row.items()} for row in reader
        ]
    if name == "jsonl":
        lines = content.decode().splitlines()
        rows = [json.loads(line) for line in lines]
        for row in rows:
            assert list(row) == column_names()
            for key, value in row.items():
                if types[key] in ("date", "datetime") and value is not None:
                    row[key] = parse_cell(types[key], value)
        return rows
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert list(sheet_rows[0]) == column_names()
    rows = []
    for values in sheet_rows[1:]:
        row = {}
        for key, value in zip(sheet_rows[0], values, strict=True):
            kind = types[key]
            if kind == "date" and isinstance(value, datetime):
                value = value.date()
            elif isinstance(value, str) and kind not in ("string", "text", "url"):
                value = parse_cell(kind, value)
            elif value is None and kind.startswith("list["):
                value = []
            row[key] = value
        rows.append(row)
    return rows


# Exchange columns that carry a model field of the same name.
SAME_NAME_FIELDS = (
    "title", "summary", *Innovation.NARRATIVE_FIELDS, "year_launched", "stage", "source",
    "external_ref", "kind", "form", "initiator", "covid_related", "trial_started_on",
    "implemented_on", "legal_basis", "legal_basis_number", "website_url", "video_url",
    "continuity_status", "continuity_note", "last_confirmed_at", "published_at", "updated_at",
)  # fmt: skip


def expected_row(entry: Innovation) -> dict:
    """The entry as the dictionary describes it, read from the model (not from the exporter)."""
    entry.refresh_from_db()
    categories = entry.categories.order_by("position", "name", "slug")
    return {
        "slug": entry.slug,
        "url": settings.SITE_URL.rstrip("/") + entry.get_absolute_url(),
        **{name: getattr(entry, name) for name in SAME_NAME_FIELDS},
        "agency_code": entry.agency.code,
        "agency_name": entry.agency.name,
        "province_code": entry.province.code if entry.province else None,
        "province_name": entry.province.name if entry.province else None,
        "regency_code": entry.regency.code if entry.regency else None,
        "regency_name": entry.regency.name if entry.regency else None,
        "categories": [category.slug for category in categories],
        "sdgs": sorted(entry.sdgs.values_list("number", flat=True)),
        "government_affair_code": (
            entry.government_affair.code if entry.government_affair else None
        ),
    }


def normalised(row: dict) -> dict:
    """Empty text is an empty cell in CSV/XLSX and null in JSON: one empty value for comparing."""
    types = {column.name: column.type for column in columns()}
    return {
        key: ("" if value is None and types[key] in ("string", "text", "url") else value)
        for key, value in row.items()
    }


@pytest.fixture
def varied_entries():
    """Published entries exercising every type: lists, empty values, dates, odd text."""
    health = CategoryFactory(name="Kesehatan", slug="kesehatan")
    education = CategoryFactory(name="Pendidikan", slug="pendidikan")
    affair = GovernmentAffair.objects.order_by("code").first()
    full = PublishedInnovationFactory(
        title="Layanan “Jemput Bola”, KTP-el",
        summary='Baris satu, dengan koma\nbaris dua; "kutip" dan ünïcødé ✓',
        replicability="=SUM(A1:A9) bukan rumus",
        external_ref="KIPP-2023-001",
        kind=Innovation.Kind.DIGITAL,
        form=Innovation.Form.PUBLIC_SERVICE,
        initiator=Innovation.Initiator.COMMUNITY,
        covid_related=True,
        trial_started_on=date(2020, 2, 3),
        implemented_on=date(2021, 4, 5),
        government_affair=affair,
        legal_basis="Peraturan Bupati",
        legal_basis_number="Nomor 12 Tahun 2021",
        website_url="https://contoh.go.id/layanan",
        last_confirmed_at=date(2024, 1, 2),
        categories=[education, health],
        sdgs=SDG.objects.filter(number__in=[3, 16]),
    )
    central = PublishedInnovationFactory(
        agency=CentralAgencyFactory(), province=None, regency=None, summary="Pusat."
    )
    return [full, central]


@pytest.mark.parametrize("name", FORMATS)
def test_export_round_trip_gives_the_database_values_field_by_field(
    api_client, varied_entries, name
):
    response = api_client.get(EXPORT_URL, {"format": name, "ordering": "oldest"})

    rows = parse_export(name, body_of(response))

    assert len(rows) == len(varied_entries)
    for row, entry in zip(rows, varied_entries, strict=True):
        expected = expected_row(entry)
        assert set(row) == set(expected)
        got, want = normalised(row), normalised(expected)
        for key in column_names():
            assert got[key] == want[key], (name, key)


def test_export_column_set_is_the_published_data_dictionary():
    dictionary = data_dictionary()
    names = [column["name"] for column in dictionary["columns"]]
    assert names == column_names()
    assert len(names) == len(set(names))
    assert names[0] == "slug" and dictionary["key"] == "slug"
    for column in dictionary["columns"]:
        assert column["type"] in dictionary["types"]
        assert column["description_id"] and column["description_en"]
    assert dictionary["list_separator"] == LIST_SEPARATOR
    # Personal and workflow data never leave the portal in bulk.
    assert not {"contact_email", "contact_phone", "contact_name", "status"} & set(names)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize(
    "status", [Innovation.Status.DRAFT, Innovation.Status.IN_REVIEW, Innovation.Status.ARCHIVED]
)
def test_unpublished_entries_never_appear_in_exports(api_client, name, status):
    published = PublishedInnovationFactory()
    InnovationFactory(status=status)

    rows = parse_export(name, body_of(api_client.get(EXPORT_URL, {"format": name})))

    assert [row["slug"] for row in rows] == [published.slug]


def test_export_applies_the_list_filters_and_order(api_client):
    kept = PublishedInnovationFactory(year_launched=2019, title="Alpha")
    kept_too = PublishedInnovationFactory(year_launched=2019, title="Beta")
    PublishedInnovationFactory(year_launched=2020)

    response = api_client.get(EXPORT_URL, {"format": "jsonl", "year": 2019, "ordering": "-title"})

    assert [row["slug"] for row in parse_export("jsonl", body_of(response))] == [
        kept_too.slug,
        kept.slug,
    ]


def test_export_applies_the_keyword_query(api_client):
    match = PublishedInnovationFactory(title="Posyandu digital untuk balita")
    PublishedInnovationFactory(title="Perizinan usaha daring")

    response = api_client.get(EXPORT_URL, {"format": "csv", "q": "posyandu"})

    assert [row["slug"] for row in parse_export("csv", body_of(response))] == [match.slug]


def test_export_with_unknown_format_is_400_naming_the_parameter(api_client):
    response = api_client.get(EXPORT_URL, {"format": "pdf"})
    assert response.status_code == 400
    assert "format" in response.json()


def test_export_with_invalid_filter_is_400_naming_the_parameter(api_client):
    response = api_client.get(EXPORT_URL, {"format": "csv", "stage": "unknown"})
    assert response.status_code == 400
    assert "stage" in response.json()


def test_export_defaults_to_csv_streamed_with_a_dated_attachment_name(api_client):
    PublishedInnovationFactory()
    response = api_client.get(EXPORT_URL)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().strftime("%Y%m%d")
    assert f'filename="jippnas-inovasi-{today}.csv"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("jsonl", "application/x-ndjson"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_export_formats_have_their_content_type_and_extension(api_client, name, content_type):
    PublishedInnovationFactory()
    response = api_client.get(EXPORT_URL, {"format": name})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert f".{name}" in response["Content-Disposition"]


def test_xlsx_keeps_formula_like_text_as_text(api_client):
    PublishedInnovationFactory(summary='=HYPERLINK("http://x")')
    workbook = load_workbook(io.BytesIO(body_of(api_client.get(EXPORT_URL, {"format": "xlsx"}))))
    sheet = workbook.active
    summary_column = column_names().index("summary") + 1
    cell = sheet.cell(row=2, column=summary_column)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_export_queries_do_not_grow_with_entries(api_client, django_assert_max_num_queries):
    category = CategoryFactory()
    for _ in range(25):
        PublishedInnovationFactory(categories=[category], sdgs=SDG.objects.filter(number=4))

    # Entries, their categories, their SDGs (and the savepoint around them in a test); on
    # PostgreSQL one COPY statement.
    with django_assert_max_num_queries(5):
        content = body_of(api_client.get(EXPORT_URL, {"format": "csv"}))

    assert len(parse_export("csv", content)) == 25


def test_export_rows_are_read_in_chunks(api_client, monkeypatch):
    """A chunk's categories and SDGs come in one query each, chunk after chunk."""
    from innovations.selectors import exchange

    PublishedInnovationFactory.create_batch(5, categories=[CategoryFactory()])
    rows = list(
        exchange.export_rows(
            Innovation.objects.filter(status=Innovation.Status.PUBLISHED).order_by("id"),
            chunk_size=2,
        )
    )
    assert len(rows) == 5
    assert all(len(row[column_names().index("categories")]) == 1 for row in rows)


def test_catalogue_page_offers_export_links_with_the_current_filters(client):
    PublishedInnovationFactory(year_launched=2019)

    html = client.get("/inovasi/", {"year": 2019, "page": 1}).content.decode()

    for name in FORMATS:
        assert f"{EXPORT_URL}?year=2019&amp;format={name}" in html
    assert "page=1" not in html.split("data-export-links")[1].split("</p>")[0]
    assert "/data-terbuka/" in html


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="full-text ranking needs PostgreSQL",
)
def test_export_of_a_full_text_search_has_the_lists_entries_in_its_order(api_client):
    PublishedInnovationFactory(title="Posyandu keliling", summary="Posyandu posyandu.")
    PublishedInnovationFactory(title="Layanan kesehatan", summary="Ada posyandu juga.")
    PublishedInnovationFactory(title="Perizinan usaha", summary="Izin usaha daring.")
    listed = api_client.get("/api/v1/innovations/", {"q": "posyandu"}).json()["results"]

    response = api_client.get(EXPORT_URL, {"format": "jsonl", "q": "posyandu"})

    exported = [row["slug"] for row in parse_export("jsonl", body_of(response))]
    assert exported == [row["slug"] for row in listed]
    assert len(exported) == 2


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="full-text search needs PostgreSQL",
)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sampah -sekolah", {"bank"}),  # an exclusion
        ("PTSP", {"ptsp"}),  # an acronym whose expansion is an indexed phrase
        ('"pelayanan terpadu satu pintu"', {"ptsp"}),
        ("bank OR perizinan", {"bank", "ptsp", "school"}),
        ("sampahh", {"bank", "school"}),  # corrected to "sampah"
        ("-sekolah", {"bank", "ptsp"}),  # an exclusion alone
    ],
)
def test_export_of_a_search_selects_what_the_list_finds(api_client, query, expected):
    """The export's search (the FilterSet's) and the list's match through the same search
    table: exclusions, phrase tokens, OR and typo correction select the same entries."""
    from innovations import services

    entries = {
        "bank": PublishedInnovationFactory(title="Bank sampah desa", summary="Tabungan sampah."),
        "school": PublishedInnovationFactory(
            title="Sekolah bebas sampah", summary="Sampah sekolah dipilah. Perizinan sekolah."
        ),
        "ptsp": PublishedInnovationFactory(
            title="Pelayanan terpadu satu pintu keliling", summary="Perizinan usaha di desa."
        ),
    }
    InnovationFactory(title="Bank sampah draf", summary="Sampah PTSP.")  # a draft
    services.search_vocabulary_refresh()
    slugs = {entry.slug: key for key, entry in entries.items()}

    listed = api_client.get("/api/v1/innovations/", {"q": query, "page_size": 50}).json()
    response = api_client.get(EXPORT_URL, {"format": "jsonl", "q": query})

    exported = {slugs[row["slug"]] for row in parse_export("jsonl", body_of(response))}
    assert exported == {slugs[row["slug"]] for row in listed["results"]} == expected
    synced = api_client.get(
        "/api/v1/innovations/", {"q": query, "updated_since": "2000-01-01T00:00:00Z"}
    ).json()
    assert {slugs[row["slug"]] for row in synced["results"]} == expected


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="full-text search needs PostgreSQL",
)
def test_export_tests_an_excluded_word_on_each_row_not_against_a_list_of_ids():
    """Outside the list's planner settings a `NOT IN` of a common word's ids (300,000 at
    1,000,000 entries) is not hashed but scanned for every row: the export tests the row."""
    from innovations.filters import InnovationFilter
    from innovations.selectors import published_innovations

    filterset = InnovationFilter({"q": "sampah -sekolah"}, queryset=published_innovations())
    assert filterset.is_valid()
    sql = str(filterset.qs.query)

    assert "innovations_searchentry" in sql  # the word is matched through the search table
    assert 'NOT ("innovations_innovation"."search_vector" @@' in sql, sql


@pytest.mark.parametrize(
    "params",
    [
        {"award_level": "top_99", "ordering": "completeness"},
        {"category": ["satu", "dua"], "ordering": "most_replicated"},
        {"replicated": "false", "ordering": "-year"},
    ],
)
def test_export_lists_each_entry_once_under_joining_filters_and_orders(api_client, params):
    from innovations.models import Recognition

    entry = PublishedInnovationFactory(
        categories=[CategoryFactory(slug="satu"), CategoryFactory(slug="dua")]
    )
    for year in (2023, 2024):
        Recognition.objects.create(innovation=entry, title="KIPP", year=year, level="top_99")

    response = api_client.get(EXPORT_URL, {**params, "format": "jsonl"})

    assert [row["slug"] for row in parse_export("jsonl", body_of(response))] == [entry.slug]


def test_schema_documents_the_export_format_and_the_lists_filters(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"]: p for p in schema["paths"][EXPORT_URL]["get"]["parameters"]}
    assert parameters["format"]["schema"]["enum"] == list(FORMATS)
    assert {"q", "province", "year", "category", "sdg", "ordering"} <= set(parameters)


# --- the import leg: an exported file goes back in through the admin import's service ------------

ROUND_TRIP_FIELDS = (
    "title", "summary", "problem", "idea", "how_it_works", "results", "replicability",
    "sustainability", "resources", "stakeholders", "agency_id", "province_id", "regency_id",
    "year_launched", "stage", "source", "external_ref", "kind", "form", "initiator",
    "covid_related", "trial_started_on", "implemented_on", "government_affair_id", "legal_basis",
    "legal_basis_number", "website_url", "video_url", "continuity_status", "continuity_note",
    "last_confirmed_at",
)  # fmt: skip


def _stored(entry: Innovation) -> dict:
    entry.refresh_from_db()
    values = {name: getattr(entry, name) for name in ROUND_TRIP_FIELDS}
    values["categories"] = set(entry.categories.values_list("slug", flat=True))
    values["sdgs"] = set(entry.sdgs.values_list("number", flat=True))
    return values


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_exported_file_imported_again_changes_nothing(api_client, curator, varied_entries, name):
    from innovations.services.exchange import exchange_upsert
    from innovations.services.exchange_files import exchange_read_file

    content = body_of(api_client.get(EXPORT_URL, {"format": name}))
    history_before = [entry.history.count() for entry in varied_entries]

    rows, _lines = exchange_read_file(io.BytesIO(content), name)
    result = exchange_upsert(rows=rows, by=curator)

    assert result.counts == {"created": 0, "updated": 0, "unchanged": 2, "error": 0}
    assert [entry.history.count() for entry in varied_entries] == history_before


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_catalogue_gives_the_same_entries(
    api_client, curator, varied_entries, name
):
    from innovations.services.exchange import exchange_upsert
    from innovations.services.exchange_files import exchange_read_file

    # Entries are created by (source, external id); one made in the portal has none, and its
    # row is refused with a clear error rather than created under an unknown identity.
    content = body_of(api_client.get(EXPORT_URL, {"format": name}))
    keyed = [e for e in varied_entries if e.external_ref]
    before = {(e.source, e.external_ref): _stored(e) for e in keyed}
    Innovation.objects.all().delete()

    rows, _lines = exchange_read_file(io.BytesIO(content), name)
    result = exchange_upsert(rows=rows, by=curator, atomic=False)

    assert result.counts["created"] == len(keyed) == 1, result.rows
    [refused] = [row for row in result.rows if row.status == "error"]
    assert refused.errors == {"external_ref": ["Wajib diisi."]}
    for key, values in before.items():
        entry = Innovation.objects.get(source=key[0], external_ref=key[1])
        assert _stored(entry) == values


only_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the export's ready lines exist on PostgreSQL only",
)


def _csv_by_lines_and_by_python(queryset) -> tuple[bytes, bytes]:
    from innovations.exporters import csv_chunks
    from innovations.selectors.exchange import export_csv_chunks, export_rows

    return b"".join(export_csv_chunks(queryset)), b"".join(csv_chunks(export_rows(queryset)))


@pytest.mark.postgres
@only_postgres
def test_ready_lines_give_the_same_bytes_as_the_python_writer(varied_entries):
    """On PostgreSQL the CSV export reads lines encoded in SQL by triggers; the bytes must be
    those of the Python writer over the same rows, quotes, line breaks, empty values, lists,
    dates and date-times (with and without microseconds) included."""
    whole_second = PublishedInnovationFactory(summary="", website_url="")
    Innovation.objects.filter(pk=whole_second.pk).update(
        published_at=datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC),
        legal_basis='Perda "Layanan", 2020',
    )
    Innovation.objects.filter(pk=varied_entries[0].pk).update(
        published_at=datetime(2024, 5, 6, 7, 8, 9, 120, tzinfo=UTC)
    )
    queryset = Innovation.objects.filter(status=Innovation.Status.PUBLISHED).order_by("-id")

    by_lines, by_python = _csv_by_lines_and_by_python(queryset)

    assert by_lines.count(b"\n") >= 4
    assert by_lines == by_python
    # A line that is missing (the triggers never leave one out) is built on the spot.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM innovations_exportline WHERE innovation_id = %s", [varied_entries[0].pk]
        )
    assert _csv_by_lines_and_by_python(queryset)[0] == by_python


def _line_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM innovations_exportline")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@only_postgres
def test_ready_lines_follow_every_change_of_what_they_show(varied_entries):
    """Each change an export shows reaches the entry's line in the same transaction: the entry's
    own fields, its categories and SDGs, the codes and names of its agency, province, regency,
    government affair and categories, and its leaving or joining the public catalogue."""
    full, central = varied_entries
    queryset = Innovation.objects.filter(status=Innovation.Status.PUBLISHED).order_by("id")

    def assert_in_step():
        by_lines, by_python = _csv_by_lines_and_by_python(queryset)
        assert by_lines == by_python

    full.title, full.results = "Judul baru, dengan koma", 'Hasil "baru"'
    full.save()
    assert_in_step()
    full.categories.add(CategoryFactory(name="Air Bersih", slug="air-bersih"))
    full.sdgs.remove(SDG.objects.get(number=3))
    assert_in_step()
    category = full.categories.get(slug="kesehatan")
    category.slug, category.position = "kesehatan-masyarakat", 99
    category.save()
    assert_in_step()
    for related in (full.agency, full.province, full.regency):
        related.name = f"{related.name} (baru)"
        related.save()
    full.government_affair.code = "9.99"
    full.government_affair.save()
    assert_in_step()
    assert b"(baru)" in _csv_by_lines_and_by_python(queryset)[0]

    assert _line_count() == 2
    central.status = Innovation.Status.IN_REVIEW
    central.save()
    assert _line_count() == 1
    assert_in_step()
    InnovationFactory(title="Draf rahasia")  # a draft gets no line
    assert _line_count() == 1
    full.delete()
    assert _line_count() == 0
    PublishedInnovationFactory()
    assert _line_count() == 1
    assert_in_step()
    assert export_lines_out_of_step() == []


@pytest.mark.postgres
@only_postgres
def test_ready_lines_leave_out_drafts_even_when_the_query_holds_them(varied_entries):
    """Callers start from the published entries; should one pass a draft, it still stays out."""
    from innovations.selectors.exchange import export_csv_chunks

    InnovationFactory(title="Draf rahasia")

    exported = b"".join(export_csv_chunks(Innovation.objects.order_by("id")))

    assert b"Draf rahasia" not in exported
    assert exported.count(b"\n") >= 3


def test_ready_lines_hold_the_dictionary_columns_after_slug_and_url():
    """A change of the dictionary's columns needs a new version of the lines (and a migration)."""
    from innovations.export_sql import EXPORT_LINE_COLUMNS_V1

    assert ["slug", "url", *(name for name, _sql in EXPORT_LINE_COLUMNS_V1)] == column_names()


@pytest.mark.postgres
@only_postgres
def test_abandoned_csv_export_leaves_the_connection_usable(varied_entries, settings):
    """A client that disconnects mid-download closes the stream; the connection must be ready
    for the next request's queries."""
    from innovations.selectors import exchange

    settings.DEBUG = False
    PublishedInnovationFactory.create_batch(30)
    exchange.LINE_CHUNK_SIZE, saved = 1, exchange.LINE_CHUNK_SIZE
    try:
        chunks = exchange.export_csv_chunks(Innovation.objects.order_by("id"))
        next(chunks), next(chunks)
        chunks.close()
    finally:
        exchange.LINE_CHUNK_SIZE = saved

    assert Innovation.objects.filter(status=Innovation.Status.PUBLISHED).count() == 32
