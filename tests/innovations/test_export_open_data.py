"""The nightly open-data dump: all published entries (never a draft) as CSV and JSON Lines with the
data dictionary, published atomically and offered for download on /data-terbuka/."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from innovations import tasks
from innovations.exchange_columns import column_names
from innovations.models import Innovation
from innovations.selectors.open_data import open_data_current, open_data_root
from innovations.services.open_data import open_data_dump_build
from tests.factories import InnovationFactory, PublishedInnovationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_then_back():
    """The language middleware activates the cookie's language in this thread; later tests
    expect the default (Indonesian) again."""
    yield
    translation.deactivate()


@pytest.fixture
def catalogue():
    published = PublishedInnovationFactory.create_batch(3)
    for status in (
        Innovation.Status.DRAFT,
        Innovation.Status.IN_REVIEW,
        Innovation.Status.ARCHIVED,
    ):
        InnovationFactory(status=status)
    return published


def test_nightly_task_dumps_every_published_entry_and_no_draft(catalogue):
    result = tasks.open_data_dump_build.delay().get()

    manifest = open_data_current()
    assert result == {"name": manifest["name"], "rows": 3}
    folder = manifest["folder"]
    with open(folder / "jippnas-inovasi.csv", encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == column_names()
        csv_slugs = [row["slug"] for row in reader]
    jsonl_slugs = [
        json.loads(line)["slug"]
        for line in (folder / "jippnas-inovasi.jsonl").read_text().splitlines()
    ]
    expected = sorted(entry.slug for entry in catalogue)
    assert sorted(csv_slugs) == sorted(jsonl_slugs) == expected


def test_dump_publishes_the_data_dictionary_and_a_manifest(catalogue):
    manifest = open_data_dump_build()

    files = {file["name"]: file for file in manifest["files"]}
    assert set(files) == {
        "jippnas-inovasi.csv",
        "jippnas-inovasi.jsonl",
        "kamus-data.json",
        "kamus-data.csv",
    }
    folder = open_data_root() / manifest["name"]
    for name, file in files.items():
        assert (folder / name).stat().st_size == file["bytes"]
        assert len(file["sha256"]) == 64
    dictionary = json.loads((folder / "kamus-data.json").read_text())
    assert [column["name"] for column in dictionary["columns"]] == column_names()
    rows = list(csv.DictReader(io.StringIO((folder / "kamus-data.csv").read_text("utf-8-sig"))))
    assert [row["name"] for row in rows] == column_names()


def test_dump_goes_under_open_data_root_and_keeps_only_the_newest(settings, tmp_path, catalogue):
    settings.OPEN_DATA_ROOT = str(tmp_path / "terbuka")
    names = [open_data_dump_build(keep=2)["name"] for _ in range(3)]

    kept = sorted(p.name for p in (tmp_path / "terbuka").iterdir() if p.is_dir())
    assert kept == names[1:]
    assert open_data_current()["name"] == names[-1]
    assert not list((tmp_path / "terbuka").glob(".building-*"))


def test_failed_dump_leaves_the_previous_one_current(catalogue, monkeypatch):
    previous = open_data_dump_build()["name"]

    def broken(folder):
        raise RuntimeError("disk full")

    monkeypatch.setattr("innovations.services.open_data._write_dictionary", broken)
    with pytest.raises(RuntimeError):
        open_data_dump_build()

    assert open_data_current()["name"] == previous
    assert not list(open_data_root().glob(".building-*"))


def test_open_data_page_lists_files_with_rows_and_the_dictionary(client, catalogue):
    open_data_dump_build()

    response = client.get("/data-terbuka/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-rows="3"' in html
    assert "/data-terbuka/unduh/jippnas-inovasi.csv" in html
    assert "/data-terbuka/unduh/kamus-data.json" in html
    for name in ("slug", "categories", "updated_at"):
        assert f"<code>{name}</code>" in html


def test_open_data_page_before_the_first_dump_says_so(client):
    response = client.get("/data-terbuka/")
    assert response.status_code == 200
    assert "belum dibuat" in response.content.decode()


def test_open_data_files_download_from_django(client, catalogue):
    open_data_dump_build()

    response = client.get("/data-terbuka/unduh/jippnas-inovasi.jsonl")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 3


@pytest.mark.parametrize("name", ["manifest.json", "..%2Fcurrent.json", "passwd", "current.json"])
def test_only_listed_open_data_files_are_served(client, catalogue, name):
    open_data_dump_build()
    assert client.get(f"/data-terbuka/unduh/{name}").status_code == 404


def test_management_command_builds_the_dump_now(catalogue, capsys):
    call_command("open_data_dump")
    assert "3 published entries" in capsys.readouterr().out
    assert open_data_current()["rows"] == 3


def test_dump_is_scheduled_nightly_by_celery_beat():
    schedule = settings.CELERY_BEAT_SCHEDULE["open-data-dump"]
    assert schedule["task"] == tasks.open_data_dump_build.name
    assert schedule["schedule"].hour == {1}


@pytest.mark.postgres
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the dump's repeatable-read snapshot is PostgreSQL's",
)
def test_dump_reads_one_snapshot_on_postgres(transactional_db, tmp_path, settings):
    settings.OPEN_DATA_ROOT = str(tmp_path)
    PublishedInnovationFactory.create_batch(2)
    manifest = open_data_dump_build()
    assert manifest["rows"] == 2


def test_open_data_page_describes_columns_in_english_when_chosen(client, english_then_back):
    client.cookies["django_language"] = "en"
    html = client.get("/data-terbuka/").content.decode()
    assert "Permanent identifier of the entry in JIPPNas" in html
