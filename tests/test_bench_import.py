"""The import benchmark's machinery: the generated file is a valid exchange file, the baseline
resource imports it, and the command runs end to end on PostgreSQL (tiny sizes: machinery, not
figures)."""

import json
import os

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from bench import scratch
from bench.import_bench import plain_resource, write_exchange_csv
from innovations.models import Innovation
from innovations.services import exchange, exchange_files
from regions.services import reference_data_load

on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(on_postgres, reason="checks the refusal on SQLite")
def test_bench_import_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_import", rows=10)


@pytest.mark.django_db
def test_generated_file_imports_through_our_service_and_the_baseline(tmp_path, curator):
    import tablib

    reference_data_load()
    path = tmp_path / "bench.csv"
    write_exchange_csv(path, 40)
    with path.open("rb") as file:
        rows, _lines = exchange_files.exchange_read_file(file, "csv")
    result = exchange.exchange_upsert(rows=rows, by=curator)
    assert result.counts["created"] == 40, [r.errors for r in result.rows if r.errors][:3]

    Innovation.objects.all().delete()
    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    baseline = plain_resource().import_data(dataset, dry_run=False, use_transactions=True)
    assert not baseline.has_errors() and not baseline.has_validation_errors()
    assert Innovation.objects.count() == 40


@pytest.mark.postgres
@pytest.mark.skipif(
    not on_postgres,
    reason="bench_import builds a scratch PostgreSQL database; set DATABASE_URL to Postgres",
)
def test_bench_import_runs_end_to_end(tmp_path, capsys):
    name = f"jippnas_bench_import_test_{os.getpid()}"
    server = scratch.Server.from_settings(settings.DATABASES["default"])
    try:
        call_command(
            "bench_import", rows=30, baseline_rows=10, db_name=name, output_dir=str(tmp_path)
        )
    finally:
        scratch.drop(server, name)
    figures = json.loads((tmp_path / "import-30.json").read_text())
    assert figures["ours"]["rows_per_second"] > 0
    assert figures["ours_again_unchanged"]["rows_per_second"] > 0
    assert figures["baseline"]["rows"] == 10 and figures["ratio"] > 0
    assert "rows/s" in capsys.readouterr().out
