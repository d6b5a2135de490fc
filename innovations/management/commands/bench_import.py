"""Import benchmark (issue part 7): our validated bulk import against plain django-import-export.

Runs in a scratch PostgreSQL database (bench/scratch.py, as bench_search does): migrate and the
reference data, then a child process of this command with DATABASE_URL pointed at it generates
a realistic exchange file from the demo vocabulary and times, on an empty catalogue each time:

1. our import end to end: read the CSV, validate every row (the model's rules, codes resolved),
   write entries, links, history and status log in one transaction;
2. the same file again: every row `unchanged`, nothing written (idempotence);
3. plain django-import-export (a ModelResource, one save() per row) on the same file.
"""

import csv
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import scratch

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
ENTRY_TABLES = (
    "innovations_historicalinnovation_categories", "innovations_historicalinnovation_sdgs",
    "innovations_historicalinnovation", "innovations_statuschange",
    "innovations_innovation_categories", "innovations_innovation_sdgs", "innovations_innovation",
)  # fmt: skip


def _empty_catalogue() -> None:
    """Each timed run starts from an empty catalogue with fresh planner statistics."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(ENTRY_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute("VACUUM ANALYZE innovations_innovation")


class Command(BaseCommand):
    help = (
        "Time importing N rows (default 100,000) end to end with validation in a scratch "
        "PostgreSQL database, and plain django-import-export on the same file; prints rows/s."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--baseline-rows", type=int, default=2000,
            help="first rows of the same file given to django-import-export (default 2,000: it "
            "imports about 10 rows/s here, so 100,000 rows would take hours; 0 = all)",
        )  # fmt: skip
        parser.add_argument("--no-baseline", dest="baseline", action="store_false")
        parser.add_argument("--db-name", default="jippnas_bench_import")
        parser.add_argument("--output-dir", default=str(RESULTS_DIR))
        parser.add_argument("--inner", action="store_true", help="internal: the timed child")

    def handle(self, *args, **options):
        if options["rows"] < 1:
            raise CommandError("--rows must be positive")
        if options["inner"]:
            return self._inner(options)
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(
                "bench_import needs PostgreSQL: set DATABASE_URL to a Postgres server (the "
                "benchmark creates its own scratch database there, never touching this one)."
            )
        name = options["db_name"]
        if name == database["NAME"]:
            raise CommandError(f"{name} is the default database; choose another --db-name")
        server = scratch.Server.from_settings(database)
        say = self.stdout.write
        scratch.drop(server, name)
        with server.connect("postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env = scratch.subprocess_env(server.url(name))
        try:
            say(f"scratch database {name}: migrate and reference data…")
            scratch._run(["migrate", "--noinput", "-v", "0"], env, say, 0)
            scratch._run(["load_reference_data"], env, say, 0)
            args = ["bench_import", "--inner", "--rows", str(options["rows"]),
                    "--output-dir", options["output_dir"]]  # fmt: skip
            if options["baseline_rows"]:
                args += ["--baseline-rows", str(options["baseline_rows"])]
            if not options["baseline"]:
                args.append("--no-baseline")
            scratch._run(args, env, say, 0)
        finally:
            scratch.drop(server, name)
            say(f"dropped {name}")

    # --- the timed child, running on the scratch database ---------------------------------------

    def _inner(self, options):
        from django.contrib.auth import get_user_model

        from bench.import_bench import plain_resource, write_exchange_csv
        from innovations.services import exchange, exchange_files

        say = self.stdout.write
        rows = options["rows"]
        user, _created = get_user_model().objects.get_or_create(
            username="bench-import", defaults={"is_superuser": True, "is_staff": True}
        )
        figures = {"rows": rows, "python": sys.version.split()[0],
                   "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip
        figures["load_average_1_5_15_at_start"] = [round(x, 2) for x in os.getloadavg()]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.csv"
            started = time.monotonic()
            size = write_exchange_csv(path, rows)
            seconds = time.monotonic() - started
            say(f"generated {rows:,} rows, {size / 1e6:,.1f} MB in {seconds:.1f} s")
            figures["file_mb"] = round(size / 1e6, 1)

            _empty_catalogue()
            timings = {}
            started = time.monotonic()
            with path.open("rb") as file:
                data, _lines = exchange_files.exchange_read_file(file, "csv")
            timings["read"] = time.monotonic() - started
            mark = time.monotonic()
            result = exchange.exchange_upsert(rows=data, by=user, atomic=True, reason="bench")
            timings["validate_and_write"] = time.monotonic() - mark
            total = time.monotonic() - started
            assert result.written and result.counts["created"] == rows, result.counts
            figures["ours"] = {"seconds": round(total, 2), "rows_per_second": round(rows / total),
                               **{k: round(v, 2) for k, v in timings.items()}}  # fmt: skip
            say(
                f"ours, new entries: {total:7.1f} s  {rows / total:8,.0f} rows/s (read "
                f"{timings['read']:.1f} s, validate+write {timings['validate_and_write']:.1f} s)"
            )

            started = time.monotonic()
            with path.open("rb") as file:
                data, _lines = exchange_files.exchange_read_file(file, "csv")
            again = exchange.exchange_upsert(rows=data, by=user, atomic=True, reason="bench")
            total = time.monotonic() - started
            assert again.counts["unchanged"] == rows, again.counts
            figures["ours_again_unchanged"] = {"seconds": round(total, 2),
                                               "rows_per_second": round(rows / total)}  # fmt: skip
            say(f"ours, same file again (unchanged): {total:7.1f} s  {rows / total:8,.0f} rows/s")

            if options["baseline"]:
                sample = min(options["baseline_rows"] or rows, rows)
                figures["baseline"] = self._baseline(path, sample, plain_resource, say)
                ratio = figures["ours"]["rows_per_second"] / figures["baseline"]["rows_per_second"]
                figures["ratio"] = round(ratio, 1)
                say(f"ratio: ours is {ratio:.1f}× plain django-import-export (rows/s)")
        # The development machine is shared: the load says how much of it the run had.
        figures["load_average_1_5_15_at_end"] = [round(x, 2) for x in os.getloadavg()]
        say(
            f"load average at the end: {', '.join(map(str, figures['load_average_1_5_15_at_end']))}"
        )
        output = Path(options["output_dir"])
        output.mkdir(parents=True, exist_ok=True)
        (output / f"import-{rows}.json").write_text(json.dumps(figures, indent=2) + "\n")
        say(f"figures written to {output / f'import-{rows}.json'}")

    def _baseline(self, path: Path, rows: int, plain_resource, say) -> dict:
        import tablib

        _empty_catalogue()
        started = time.monotonic()
        with path.open(encoding="utf-8", newline="") as file:
            reader = csv.reader(file)
            headers = next(reader)
            dataset = tablib.Dataset(*itertools.islice(reader, rows), headers=headers)
        result = plain_resource().import_data(dataset, dry_run=False, use_transactions=True)
        total = time.monotonic() - started
        assert not result.has_errors() and not result.has_validation_errors(), result.totals
        say(f"django-import-export ({rows:,} rows): {total:7.1f} s  {rows / total:8,.0f} rows/s")
        return {"rows": rows, "seconds": round(total, 2), "rows_per_second": round(rows / total)}
