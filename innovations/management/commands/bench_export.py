"""Export benchmark (issue 7): CSV export of a national corpus — rows per second and peak memory,
against PostgreSQL's COPY of the same columns."""

import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import scratch

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
MODES = ("generator", "http", "copy")
TARGET_ROWS_PER_SECOND = 50_000
TARGET_PEAK_MB = 200


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Command(BaseCommand):
    help = (
        "Build (or reuse) a scratch PostgreSQL corpus of N entries, then time the CSV export — "
        "the endpoint's own generator, the endpoint through Django's handler, and COPY of the "
        "same columns — each in a fresh process, reporting rows/s and peak RSS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100000", help="comma-separated corpus sizes")
        parser.add_argument("--rebuild", action="store_true", help="drop and build again")
        parser.add_argument("--no-keep", dest="keep", action="store_false", default=True)
        parser.add_argument("--batch-size", type=int, default=2000, help="seed_demo batch size")
        parser.add_argument("--db-prefix", default="jippnas_bench")
        parser.add_argument("--output-dir", default=str(RESULTS_DIR))
        parser.add_argument("--output", default=os.devnull, help="where the CSV bytes go")
        # Internal: run one timed mode in this (fresh) process against DATABASE_URL.
        parser.add_argument("--measure", choices=MODES, help="(internal) one mode, JSON out")

    def handle(self, *args, **options):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(
                "bench_export needs PostgreSQL: set DATABASE_URL to a Postgres server (the "
                "benchmark creates its own scratch databases there, never touching this one)."
            )
        if options["measure"]:
            self.stdout.write(json.dumps(measure(options["measure"], options["output"])))
            return
        try:
            summary = scratch.bench_each_size(
                database=settings.DATABASES["default"],
                sizes=scratch.parse_sizes(options["sizes"]),
                db_prefix=options["db_prefix"],
                keep=options["keep"],
                output_dir=Path(options["output_dir"]),
                result_name="export",
                bench=lambda server, name, size: self._bench_size(server, name, size, options),
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self._print_summary(summary)

    def _bench_size(self, server, name: str, size: int, options: dict) -> dict:
        say = self.stdout.write
        say(self.style.MIGRATE_HEADING(f"\n== {size:,} entries — scratch database {name}"))
        build = scratch.ensure_corpus(
            server=server, name=name, size=size, rebuild=options["rebuild"],
            batch_size=options["batch_size"], log=say,
        )  # fmt: skip
        env = scratch.subprocess_env(server.url(name))
        results = {}
        for mode in MODES:
            results[mode] = self._run_child(mode, env, options["output"])
            figures = results[mode]
            say(
                f"  {mode:<10} {figures['rows']:>10,} rows in {figures['seconds']:>7.2f} s = "
                f"{figures['rows_per_second']:>9,.0f} rows/s, {figures['megabytes']:,.1f} MB out, "
                f"peak RSS {figures['peak_rss_mb']:.1f} MB (after start-up "
                f"{figures['baseline_rss_mb']:.1f} MB)"
            )
        copy_rate = results["copy"]["rows_per_second"]
        ratio = round(copy_rate / results["generator"]["rows_per_second"], 2)
        say(f"  COPY is {ratio}× the export generator's rate")
        return {
            "size": size,
            "database": name,
            "published_rows": results["generator"]["rows"],
            "build": build,
            "modes": results,
            "copy_over_generator": ratio,
            "targets": {
                "rows_per_second": TARGET_ROWS_PER_SECOND,
                "peak_rss_mb": TARGET_PEAK_MB,
            },
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_average_at_end": os.getloadavg(),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        }

    def _run_child(self, mode: str, env: dict, output: str) -> dict:
        """Each mode in a fresh interpreter, so its peak RSS is its own."""
        result = subprocess.run(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_export",
             "--measure", mode, "--output", output],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=6 * 3600,
        )  # fmt: skip
        if result.returncode != 0:
            raise CommandError(f"bench_export --measure {mode} failed:\n{result.stderr[-3000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    def _print_summary(self, summary: list[dict]) -> None:
        say = self.stdout.write
        say(self.style.MIGRATE_HEADING("\n== Summary (CSV export; peak = process peak RSS)"))
        header = (
            f"{'entries':>10} {'rows':>10} {'gen rows/s':>11} {'gen peak MB':>12} "
            f"{'http rows/s':>12} {'http peak MB':>13} {'COPY rows/s':>12} {'COPY/gen':>9}"
        )
        say(header)
        say("-" * len(header))
        for row in summary:
            modes = row["modes"]
            say(
                f"{row['size']:>10,} {row['published_rows']:>10,} "
                f"{modes['generator']['rows_per_second']:>11,.0f} "
                f"{modes['generator']['peak_rss_mb']:>12.1f} "
                f"{modes['http']['rows_per_second']:>12,.0f} {modes['http']['peak_rss_mb']:>13.1f} "
                f"{modes['copy']['rows_per_second']:>12,.0f} {row['copy_over_generator']:>9.2f}"
            )
        say(
            f"Targets (issue 7): at least {TARGET_ROWS_PER_SECOND:,} rows/s with peak memory at "
            f"most {TARGET_PEAK_MB} MB."
        )


# --- the timed modes, run in a child process --------------------------------------------------


def measure(mode: str, output: str) -> dict:
    from innovations import selectors
    from innovations.selectors.exchange import export_csv_chunks

    baseline = _peak_rss_mb()
    written = 0
    rows = 0
    started = time.perf_counter()
    with open(output, "wb") as sink:
        if mode == "generator":
            # Exactly what the endpoint streams for ?format=csv with no filter (newest first).
            queryset = selectors.published_innovations().order_by("-published_at", "-id")
            for chunk in export_csv_chunks(queryset):
                sink.write(chunk)
                written += len(chunk)
            rows = queryset.count()
        elif mode == "http":
            from django.test import Client

            response = Client(SERVER_NAME="127.0.0.1").get(
                "/api/v1/innovations/export/", {"format": "csv"}
            )
            if response.status_code != 200:
                raise RuntimeError(f"export answered {response.status_code}")
            for chunk in response.streaming_content:
                sink.write(chunk)
                written += len(chunk)
            rows = selectors.published_innovations().count()
        else:
            rows, written = _copy(sink)
    seconds = time.perf_counter() - started
    return {
        "mode": mode,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds, 1) if seconds else 0,
        "megabytes": round(written / 1024 / 1024, 1),
        "baseline_rss_mb": baseline,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _copy(sink) -> tuple[int, int]:
    """COPY (SELECT the same columns, same rows and order) TO STDOUT WITH CSV, read by psycopg.

    Written as PostgreSQL does it best: the entries' own columns from the same selector, with the
    categories and SDGs aggregated once per table (string_agg grouped by entry) and joined, not
    looked up entry by entry.
    """
    from django.db import connection
    from django.db.models import F

    from innovations import selectors
    from innovations.exchange_columns import columns
    from innovations.models import Category, Innovation
    from innovations.selectors.exchange import _entry_url_parts

    stored = {f"c{i}": F(c.field) for i, c in enumerate(columns()) if c.field is not None}
    base = (
        selectors.published_innovations()
        .prefetch_related(None)
        .order_by()
        .annotate(entry_id=F("pk"), **stored)
        .values_list("entry_id", *stored)
    )
    base_sql, params = base.query.sql_with_params()
    prefix, suffix = _entry_url_parts()
    quote = connection.ops.quote_name
    derived = {
        "url": f"%s || b.{quote('c0')} || %s",
        "categories": "coalesce(cat.joined, '')",
        "sdgs": "coalesce(sdg.joined, '')",
    }
    select = []
    derived_params: list = []
    for i, column in enumerate(columns()):
        if column.field is None:
            select.append(derived[column.name])
            if column.name == "url":
                derived_params += [prefix, suffix]
        else:
            select.append(f"b.{quote(f'c{i}')}")
    published_at = quote(f"c{[c.name for c in columns()].index('published_at')}")
    categories = Innovation.categories.through._meta.db_table
    sdgs = Innovation.sdgs.through._meta.db_table
    category = Category._meta.db_table
    sql = f"""
        SELECT {", ".join(select)}
        FROM ({base_sql}) b
        LEFT JOIN (
            SELECT t.innovation_id, string_agg(c.slug, '|' ORDER BY c.position, c.name, c.slug)
                AS joined
            FROM {categories} t JOIN {category} c ON c.id = t.category_id
            GROUP BY t.innovation_id
        ) cat ON cat.innovation_id = b.entry_id
        LEFT JOIN (
            SELECT innovation_id, string_agg(sdg_id::text, '|' ORDER BY sdg_id) AS joined
            FROM {sdgs} GROUP BY innovation_id
        ) sdg ON sdg.innovation_id = b.entry_id
        ORDER BY b.{published_at} DESC, b.entry_id DESC
    """
    # The header is the dictionary's names, as the export writes them (the SQL aliases differ).
    header = (",".join(column.name for column in columns()) + "\n").encode()
    sink.write(header)
    written = len(header)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor: Django's wrapper has no copy()
        # The url's pieces come before the base query's parameters in the text.
        statement = raw.mogrify(
            f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", [*derived_params, *params]
        )
        with raw.copy(statement) as copy:
            for block in copy:
                sink.write(block)
                written += len(block)
    return selectors.published_innovations().count(), written
