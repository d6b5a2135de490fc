"""Search benchmark at national scale (issue 3): corpus build, HTTP latency, the tantivy peer."""

import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench import http_load, scratch
from bench.search_queries import ALL_FACETS, QUERIES, request_plan

RESULTS_DIR = Path(settings.BASE_DIR) / "bench" / "results"
MODES = (  # name, facets asked for, facet cache kept by the server
    ("search", None, False),
    ("search+facets", ALL_FACETS, False),
    ("search+facets cached", ALL_FACETS, True),
)


def _mb(value: int) -> str:
    return f"{value / 1024 / 1024:,.1f} MB"


class Command(BaseCommand):
    help = (
        "Build synthetic national corpora in scratch Postgres databases (one per size), time "
        "the search API under gunicorn with a fixed query mix, and the same through tantivy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="100000", help="comma-separated corpus sizes")
        parser.add_argument("--requests", type=int, default=300, help="timed requests per mode")
        parser.add_argument("--warmup", type=int, default=len(QUERIES), help="untimed, per mode")
        parser.add_argument(
            "--keep", action="store_true", default=True,
            help="keep the scratch databases for the next run (default)",
        )  # fmt: skip
        parser.add_argument("--no-keep", dest="keep", action="store_false")
        parser.add_argument("--rebuild", action="store_true", help="drop and build again")
        parser.add_argument("--reindex", action="store_true", help="re-time REINDEX on reuse")
        parser.add_argument("--no-peer", dest="peer", action="store_false", help="skip tantivy")
        parser.add_argument(
            "--time-limit", type=float, default=600,
            help="seconds per mode, warm-up included; the timed loop stops there (truncated)",
        )  # fmt: skip
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--db-prefix", default="jippnas_bench")
        parser.add_argument("--output-dir", default=str(RESULTS_DIR))

    def handle(self, *args, **options):
        # A TERM (a CI timeout, `kill`) unwinds like Ctrl-C, so gunicorn is stopped in finally.
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = (
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(143)) if in_main_thread else None
        )
        try:
            self._handle(**options)
        finally:
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous)

    def _handle(self, **options):
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError(
                "bench_search needs PostgreSQL: set DATABASE_URL to a Postgres server (the "
                "benchmark creates its own scratch databases there, never touching this one)."
            )
        if options["requests"] < 1:
            raise CommandError("--requests must be positive")
        try:
            summary = scratch.bench_each_size(
                database=database,
                sizes=scratch.parse_sizes(options["sizes"]),
                db_prefix=options["db_prefix"],
                keep=options["keep"],
                output_dir=Path(options["output_dir"]),
                result_name="search",
                bench=lambda server, name, size: self._bench_size(server, name, size, options),
                log=self.stdout.write,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self._print_summary(summary)

    # --- one corpus size -----------------------------------------------------------------------

    def _bench_size(self, server: scratch.Server, name: str, size: int, options: dict) -> dict:
        say = self.stdout.write
        say(self.style.MIGRATE_HEADING(f"\n== {size:,} entries — scratch database {name}"))
        build = scratch.ensure_corpus(
            server=server, name=name, size=size, rebuild=options["rebuild"],
            batch_size=options["batch_size"], log=say,
        )  # fmt: skip
        if build["reused"] and options["reindex"]:
            build.update(scratch.index_figures(server, name))
        sizes = scratch.sizes(server, name)
        say(
            f"  build: migrate {build['migrate_seconds']} s, reference data "
            f"{build['reference_data_seconds']} s, insert {build['insert_seconds']} s "
            f"(bulk insert incl. the search_vector trigger and GIN upkeep, then VACUUM ANALYZE)"
        )
        say(
            # A corpus built before migration 0022 had its build timed on the entries' index.
            f"  index: REINDEX {build.get('reindexed', 'innovation_search_vector_gin')} "
            f"{build['reindex_gin_seconds']} s, "
            f"VACUUM ANALYZE {build['vacuum_analyze_seconds']} s"
        )
        say(
            f"  sizes: GIN {_mb(sizes['gin_index_bytes'])}, title trigram "
            f"{_mb(sizes['title_trgm_index_bytes'])}, table {_mb(sizes['table_bytes'])} "
            f"(with TOAST and indexes {_mb(sizes['table_total_bytes'])}); "
            f"{sizes['entries']:,} entries, {sizes['published']:,} published"
        )
        plan = request_plan(options["requests"])
        warmup = request_plan(options["warmup"], seed=11)
        # The benchmark measures latency from one client address: the anonymous rate limit
        # (API_RATE_ANON) would answer most of its requests with 429.
        env = {**scratch.subprocess_env(server.url(name)), "API_RATE_ANON": "1000000/minute"}
        log_path = Path(tempfile.gettempdir()) / f"jippnas-bench-gunicorn-{name}.log"
        http = {}
        for cached in (False, True):
            modes = [(m, f) for m, f, c in MODES if c == cached]
            with (
                self._cache_env(name, cached) as cache_env,
                http_load.gunicorn(
                    {**env, **cache_env}, workers=options["workers"], log_path=log_path
                ) as port,
            ):
                for mode, facets in modes:
                    http[mode] = http_load.run_mix(
                        port, plan, facets=facets, warmup=warmup, time_limit=options["time_limit"]
                    )
                    self._print_stats(f"HTTP {mode}", http[mode])
                    if http[mode]["errors"]:
                        say(
                            self.style.ERROR(
                                f"  {http[mode]['errors']} non-200 answers: {log_path}"
                            )
                        )
        peer = (
            self._run_peer(server, name, plan, warmup, options["time_limit"])
            if options["peer"]
            else None
        )
        ratios = {}
        if peer:
            for mode in ("search", "search+facets"):
                if "p95_ms" not in http[mode]:  # no request answered 200 (reported above)
                    continue
                ratios[mode] = round(http[mode]["p95_ms"] / max(peer[mode]["p95_ms"], 0.001), 1)
                say(f"  p95 ratio ours/tantivy, {mode}: {ratios[mode]}×")
        return {
            "size": size,
            "database": name,
            "build": build,
            "sizes": sizes,
            "queries_in_mix": len(QUERIES),
            "requests_per_mode": options["requests"],
            "warmup_per_mode": options["warmup"],
            "facets": list(ALL_FACETS),
            "http": http,
            "http_cache_when_cached": "redis" if os.environ.get("REDIS_URL") else "file",
            "tantivy": peer,
            "p95_ratio_ours_over_tantivy": ratios,
            "notes": [
                "Ours: gunicorn (sync workers) on 127.0.0.1, sequential requests over HTTP, "
                "timed from request to full body; 'search+facets' computes every facet "
                "(facet cache bypassed), 'search+facets cached' keeps the portal's facet cache "
                "as deployed, so repeats of the mix hit it.",
                "tantivy runs in-process (no HTTP, JSON, ORM or serializer), without Indonesian "
                "stemming; it is a floor to compare against, not a like-for-like server.",
            ],
            "machine": self._machine(server, name, options["workers"]),
        }

    @contextmanager
    def _cache_env(self, name: str, cached: bool):
        """The server's cache: none for facets, or one shared by the workers as in production
        (the benchmark's own Redis key prefix, removed afterwards; a temporary folder without
        Redis)."""
        if not cached:
            yield {"BENCH_CACHE": "bypass"}
            return
        redis_url = os.environ.get("REDIS_URL")
        if redis_url:
            prefix = f"{name}-{os.getpid()}"
            try:
                yield {"BENCH_CACHE": "redis", "BENCH_CACHE_LOCATION": redis_url,
                       "BENCH_CACHE_PREFIX": prefix}  # fmt: skip
            finally:
                import redis

                client = redis.Redis.from_url(redis_url)
                keys = list(client.scan_iter(f"{prefix}:*"))
                if keys:
                    client.delete(*keys)
            return
        with tempfile.TemporaryDirectory(prefix="jippnas-bench-cache-") as folder:
            yield {"BENCH_CACHE": "file", "BENCH_CACHE_LOCATION": folder}

    def _run_peer(self, server, name, plan, warmup, time_limit) -> dict:
        from bench.tantivy_peer import Peer

        say = self.stdout.write
        say("  tantivy: indexing the published entries…")
        with server.connect(name) as connection:
            peer = Peer(connection, log=say)
        try:
            figures = {
                "documents": peer.documents,
                "build_seconds": peer.build_seconds,
                "index_bytes": peer.index_bytes,
            }
            say(
                f"  tantivy: {peer.documents:,} documents indexed in {peer.build_seconds} s, "
                f"index {_mb(peer.index_bytes)} (in-process: no HTTP, JSON or ORM; no "
                f"Indonesian stemmer)"
            )
            for mode, facets in (("search", None), ("search+facets", ALL_FACETS)):
                figures[mode] = peer.run_mix(
                    plan, facets=facets, warmup=warmup, time_limit=time_limit
                )
                self._print_stats(f"tantivy {mode}", figures[mode])
        finally:
            peer.close()
        return figures

    def _print_stats(self, label: str, stats: dict) -> None:
        if not stats.get("n"):
            self.stdout.write(self.style.ERROR(f"  {label:<28} no request answered 200"))
            return
        self.stdout.write(
            f"  {label:<28} p50 {stats['p50_ms']:>8.1f} ms  p95 {stats['p95_ms']:>8.1f} ms  "
            f"p99 {stats['p99_ms']:>8.1f} ms  (n={stats['n']}, mean matches "
            f"{stats['mean_matches']:,.0f}"
            + (", TRUNCATED at --time-limit" if stats.get("truncated") else "")
            + ")"
        )
        worst = ", ".join(f"{s['query']} {s['median_ms']:.0f} ms" for s in stats["slowest"][:3])
        self.stdout.write(f"  {'':<28} slowest medians: {worst}")

    def _machine(self, server, name, workers) -> dict:
        with server.connect(name) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=settings.BASE_DIR,
                capture_output=True, text=True, timeout=10,
            ).stdout.strip()  # fmt: skip
        except OSError:
            commit = ""
        import tantivy

        return {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": version,
            "tantivy": getattr(tantivy, "__version__", ""),
            "gunicorn_workers": workers,
            "commit": commit,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }

    def _print_summary(self, summary: list[dict]) -> None:
        say = self.stdout.write
        say(self.style.MIGRATE_HEADING("\n== Summary (p95 in ms; ratio = ours / tantivy p95)"))
        header = (
            f"{'entries':>10} {'insert s':>9} {'GIN MB':>7} {'search':>8} {'+facets':>8} "
            f"{'cached':>8} {'tv srch':>8} {'tv fac':>8} {'ratio s':>8} {'ratio f':>8}"
        )
        say(header)
        say("-" * len(header))
        for row in summary:
            http, peer = row["http"], row["tantivy"] or {}
            ratios = row["p95_ratio_ours_over_tantivy"]

            def cell(value, fmt="8.1f"):
                return format(value, fmt) if value is not None else f"{'-':>8}"

            say(
                f"{row['size']:>10,} {row['build']['insert_seconds']:>9.1f} "
                f"{row['sizes']['gin_index_bytes'] / 1024 / 1024:>7.1f} "
                f"{cell(http['search'].get('p95_ms'))} {cell(http['search+facets'].get('p95_ms'))} "
                f"{cell(http['search+facets cached'].get('p95_ms'))} "
                f"{cell(peer.get('search', {}).get('p95_ms'))} "
                f"{cell(peer.get('search+facets', {}).get('p95_ms'))} "
                f"{cell(ratios.get('search'))} {cell(ratios.get('search+facets'))}"
            )
        say(
            "ours: HTTP through gunicorn (2 sync workers, loopback, sequential); tantivy: "
            "in-process, no HTTP/JSON/ORM. Targets (issue 3): p95 with facets ≤ 50 ms at 100k, "
            "≤ 150 ms at 1M, ≤ 3× tantivy."
        )
