"""The search benchmark runs end to end: scratch corpus, gunicorn, the query mix, tantivy, JSON.

The end-to-end run needs PostgreSQL (the benchmark creates its scratch database on that server);
it uses a tiny corpus and few requests, so it proves the machinery, not the figures.
"""

import json
import os

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from bench import scratch
from bench.search_queries import QUERIES, request_plan

on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_query_mix_has_the_kinds_of_query_the_issue_names():
    texts = [query for query, _ in QUERIES]
    assert len(QUERIES) >= 60
    assert any(q.startswith('"') for q in texts), "quoted phrases"
    assert {"kependudkan", "puskesmass"} <= set(texts), "misspellings"
    assert {"KTP", "UMKM", "PTSP", "MPP", "adminduk", "tengkes"} <= set(texts), "acronyms"
    assert {len(q.split()) for q in texts} >= {1, 2, 3}
    for name in ("province", "year", "category"):
        assert any(name in filters for _, filters in QUERIES), name
    assert any(not filters for _, filters in QUERIES)
    plan = request_plan(len(QUERIES) * 2)
    assert sorted(plan, key=repr) == sorted(list(QUERIES) * 2, key=repr), "each query equally"


@pytest.mark.skipif(on_postgres, reason="checks the refusal on SQLite")
def test_bench_search_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("bench_search", sizes="10", requests=1)


@pytest.mark.postgres
@pytest.mark.skipif(
    not on_postgres,
    reason="bench_search builds a scratch PostgreSQL database; set DATABASE_URL to Postgres",
)
def test_bench_search_runs_end_to_end_on_a_tiny_corpus(tmp_path, capsys):
    prefix = f"jippnas_bench_test_{os.getpid()}"
    server = scratch.Server.from_settings(settings.DATABASES["default"])
    try:
        call_command(
            "bench_search", sizes="300", requests=20, warmup=5, db_prefix=prefix,
            keep=False, output_dir=str(tmp_path),
        )  # fmt: skip
    finally:
        scratch.drop(server, scratch.database_name(prefix, 300))
    out = capsys.readouterr().out
    figures = json.loads((tmp_path / "search-300.json").read_text())

    assert figures["sizes"]["entries"] == 300
    assert figures["sizes"]["gin_index_bytes"] > 0
    assert figures["sizes"]["gin_index"] == "searchentry_match_filters"
    assert figures["build"]["insert_seconds"] > 0
    for mode in ("search", "search+facets", "search+facets cached"):
        stats = figures["http"][mode]
        assert stats["n"] == 20 and stats["errors"] == 0, mode
        assert 0 < stats["p50_ms"] <= stats["p95_ms"] <= stats["p99_ms"], mode
        assert stats["mean_matches"] > 0, mode
    peer = figures["tantivy"]
    assert peer["documents"] == figures["sizes"]["published"]
    assert peer["search+facets"]["n"] == 20 and peer["search+facets"]["mean_matches"] > 0
    assert figures["p95_ratio_ours_over_tantivy"]["search+facets"] > 0
    assert "in-process" in out and "Summary" in out
    with server.connect("postgres") as connection:
        left = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [f"{prefix}_300"]
        ).fetchone()
    assert left is None, "--no-keep drops the scratch database"
