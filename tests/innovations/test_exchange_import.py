"""Admin import: templates, dry run with per-row and per-column errors, confirmation, atomicity."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from innovations.models import ImportJob, Innovation, StatusChange
from innovations.services import bulk, exchange, imports
from tests.factories import AgencyFactory, InnovationFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")

HEADER = ["source", "external_ref", "title", "summary", "agency", "year_launched", "stage",
          "categories", "sdgs", "trial_started_on", "implemented_on"]  # fmt: skip


def row(owner, ref, **overrides):
    values = {
        "source": "kipp", "external_ref": ref, "title": f"Inovasi {ref}",
        "summary": "Ringkasan singkat.", "agency": owner.code, "year_launched": "2020",
        "stage": "penerapan", "categories": "kesehatan", "sdgs": "3, 10",
        "trial_started_on": "2020-01-10", "implemented_on": "2020-05-01",
    }  # fmt: skip
    values.update(overrides)
    return [values[name] for name in HEADER]


def csv_file(rows, name="impor.csv"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows, name="impor.xlsx"):
    book = Workbook()
    book.active.append(HEADER)
    for values in rows:
        book.active.append([int(v) if v.isdigit() else v for v in values])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def admin_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def agency():
    return AgencyFactory()


def upload(admin_client, file):
    response = admin_client.post(reverse("admin:innovations_importjob_add"), {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("pk")


def test_csv_and_xlsx_templates_are_downloadable(admin_client):
    response = admin_client.get(reverse("admin:innovations_importjob_template", args=["csv"]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response.status_code == 200 and header == list(exchange.COLUMNS)
    response = admin_client.get(reverse("admin:innovations_importjob_template", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["inovasi"][1]] == list(exchange.COLUMNS)
    assert book["petunjuk"].max_row == len(exchange.COLUMNS) + 1


def test_dry_run_reports_errors_per_row_and_column_and_writes_nothing(admin_client, agency):
    rows = [
        row(agency, "A-1"),
        row(agency, "A-2", agency="NO-SUCH", stage="tahap-lain"),
        row(agency, "A-3", trial_started_on="2020-06-01"),
    ]
    job = upload(admin_client, csv_file(rows))
    assert job.status == ImportJob.Status.INVALID and job.total_rows == 3
    errors = {e["line"]: e["errors"] for e in job.report["errors"]}
    assert set(errors) == {3, 4}  # file lines: the header is line 1
    assert set(errors[3]) == {"agency", "stage"} and set(errors[4]) == {"implemented_on"}
    assert job.report["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "error": 2}
    page = admin_client.get(reverse("admin:innovations_importjob_change", args=[job.pk]))
    assert "NO-SUCH" in page.content.decode() and "Konfirmasi impor" not in page.content.decode()
    response = admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    assert response.status_code == 302
    assert not Innovation.objects.exists()


def test_confirmed_csv_import_creates_and_updates_entries(admin_client, curator, agency):
    InnovationFactory(source="kipp", external_ref="A-2", agency=agency, title="Lama")
    job = upload(admin_client, csv_file([row(agency, "A-1"), row(agency, "A-2")]))
    assert job.status == ImportJob.Status.VALIDATED
    assert job.report["counts"] == {"created": 1, "updated": 1, "unchanged": 0, "error": 0}
    assert Innovation.objects.count() == 1  # the dry run wrote nothing
    page = admin_client.get(reverse("admin:innovations_importjob_change", args=[job.pk]))
    assert "Konfirmasi impor" in page.content.decode()
    admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.processed_rows == 2
    created = Innovation.objects.get(external_ref="A-1")
    assert created.history.get().history_user == curator
    assert sorted(created.sdgs.values_list("number", flat=True)) == [3, 10]
    assert Innovation.objects.get(external_ref="A-2").title == "Inovasi A-2"


def test_xlsx_import_reads_numbers_and_dates(admin_client, agency):
    job = upload(admin_client, xlsx_file([row(agency, "X-1")]))
    assert job.status == ImportJob.Status.VALIDATED, job.report
    admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    assert Innovation.objects.get(external_ref="X-1").year_launched == 2020


def test_xlsx_date_cell_holding_a_number_is_a_row_error_naming_the_format(admin_client, agency):
    # A date typed into a cell without a date format is kept as Excel's serial number (43831 is
    # 2020-01-01). Not read as one: a number in a date column may as well be a year (2020).
    job = upload(admin_client, xlsx_file([row(agency, "X-1", trial_started_on="43831")]))

    assert job.status == ImportJob.Status.INVALID, job.report
    (error,) = job.report["errors"]
    assert error["line"] == 2 and list(error["errors"]) == ["trial_started_on"]
    assert "YYYY-MM-DD" in error["errors"]["trial_started_on"][0]
    assert not Innovation.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(admin_client, agency):
    for _ in range(2):
        job = upload(admin_client, csv_file([row(agency, "A-1")]))
        admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    assert ImportJob.objects.latest("pk").report["counts"]["unchanged"] == 1
    assert Innovation.objects.get().history.count() == 1


def test_file_with_unknown_columns_is_refused(admin_client):
    file = SimpleUploadedFile("x.csv", b"source,external_ref,judul\nkipp,1,x\n")
    response = admin_client.post(reverse("admin:innovations_importjob_add"), {"file": file})
    assert response.status_code == 200 and "judul" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_agency_editor_cannot_import(client, agency_editor):
    client.force_login(agency_editor)
    assert client.get(reverse("admin:innovations_importjob_add")).status_code == 403


def _failing_import(monkeypatch, admin_client, agency):
    job = upload(admin_client, csv_file([row(agency, f"A-{n}") for n in range(50)]))
    assert job.status == ImportJob.Status.VALIDATED

    insert_rows = bulk.insert_rows

    def broken(model, fields, rows):
        if model is StatusChange:
            raise RuntimeError("disk full")
        return insert_rows(model, fields, rows)

    # The last write of the import fails, after the entries and their history were inserted.
    monkeypatch.setattr(bulk, "insert_rows", broken)
    admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_failure_during_import_leaves_nothing_half_imported(monkeypatch, admin_client, agency):
    job = _failing_import(monkeypatch, admin_client, agency)
    assert job.status == ImportJob.Status.FAILED and "disk full" in job.report["failure"]
    assert not Innovation.objects.exists()
    assert not Innovation.history.exists()


@pytest.mark.postgres
@postgres_only
def test_failure_during_import_leaves_nothing_on_postgres(monkeypatch, admin_client, agency):
    job = _failing_import(monkeypatch, admin_client, agency)
    assert job.status == ImportJob.Status.FAILED
    assert not Innovation.objects.exists() and not Innovation.history.exists()


@pytest.mark.postgres
@postgres_only
def test_dry_run_then_import_on_postgres_keeps_search_in_step(admin_client, agency):
    """Entries imported into review are not searchable and carry no search vector (nothing to
    analyse until they are public); publishing one indexes it in the same transaction."""
    job = upload(admin_client, csv_file([row(agency, "A-1", title="Posyandu Digital Tengkes")]))
    assert job.status == ImportJob.Status.VALIDATED
    admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    entry = Innovation.objects.get(external_ref="A-1")
    assert entry.status == Innovation.Status.IN_REVIEW

    def indexed() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.search_vector::text, s.match_vector::text FROM innovations_innovation i"
                " LEFT JOIN innovations_searchentry s ON s.innovation_id = i.id WHERE i.id = %s",
                [entry.pk],
            )
            return cursor.fetchone()

    assert indexed() == (None, None)
    entry.status, entry.published_at = Innovation.Status.PUBLISHED, timezone.now()
    entry.save()
    vector, match_vector = indexed()
    assert "posyandu" in vector and match_vector == vector
    entry.status = Innovation.Status.ARCHIVED
    entry.save()
    assert indexed() == (None, None)


def test_large_file_goes_to_a_background_job(admin_client, agency, settings):
    settings.EXCHANGE_IMPORT_ASYNC_ROWS = 2  # eager Celery here; the real worker test is apart
    job = upload(admin_client, csv_file([row(agency, f"A-{n}") for n in range(3)]))
    assert imports.import_job_runs_in_background(job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and job.processed_rows == 3
    admin_client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Innovation.objects.count() == 3
