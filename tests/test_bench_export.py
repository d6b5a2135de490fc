"""The export benchmark runs end to end: scratch corpus, the three timed modes, figures as JSON.

It needs PostgreSQL (the scratch database and COPY live there); a tiny corpus proves the
machinery, not the figures.
"""

import json
import os

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from bench import scratch

on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.skipif(on_postgres, reason="checks the refusal on SQLite")
def test_bench_export_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_export", sizes="10")


@pytest.mark.postgres
@pytest.mark.skipif(
    not on_postgres,
    reason="bench_export builds a scratch PostgreSQL database; set DATABASE_URL to Postgres",
)
def test_bench_export_reports_rows_per_second_memory_and_copy_ratio(tmp_path, capsys):
    prefix = f"jippnas_bench_export_test_{os.getpid()}"
    server = scratch.Server.from_settings(settings.DATABASES["default"])
    output = tmp_path / "export.csv"
    try:
        call_command(
            "bench_export", sizes="200", db_prefix=prefix, keep=False,
            output_dir=str(tmp_path), output=str(output),
        )  # fmt: skip
    finally:
        scratch.drop(server, scratch.database_name(prefix, 200))
    figures = json.loads((tmp_path / "export-200.json").read_text())

    published = figures["published_rows"]
    assert 0 < published <= 200
    for mode in ("generator", "http", "copy"):
        assert figures["modes"][mode]["rows"] == published
        assert figures["modes"][mode]["rows_per_second"] > 0
        assert figures["modes"][mode]["peak_rss_mb"] >= figures["modes"][mode]["baseline_rss_mb"]
    assert figures["copy_over_generator"] > 0
    # The last mode's output stays: COPY's CSV has the header and one line per entry at least.
    assert output.read_text().splitlines()[0].startswith("slug,url,title,")
    assert "COPY/gen" in capsys.readouterr().out
