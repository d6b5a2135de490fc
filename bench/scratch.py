"""Scratch PostgreSQL databases holding one synthetic national corpus each, keyed by size.

They live on the server of DATABASE_URL but are never the default database: each is built by
the project's own commands (migrate, load_reference_data, seed_demo) run in a subprocess with
DATABASE_URL pointed at it, so the corpus is exactly what the portal would hold.
"""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
DEMO_SEED = 2024
INFO_TABLE = "bench_build_info"  # build figures, kept beside the corpus they describe


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_settings(cls, database: dict) -> "Server":
        return cls(
            host=database.get("HOST") or "127.0.0.1",
            port=int(database.get("PORT") or 5432),
            user=database.get("USER") or "postgres",
            password=database.get("PASSWORD") or "",
        )

    def url(self, name: str) -> str:
        auth = quote(self.user, safe="") + (
            f":{quote(self.password, safe='')}" if self.password else ""
        )
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def connect(self, name: str, **kwargs) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, password=self.password or None,
            dbname=name, **kwargs,
        )  # fmt: skip


def database_name(prefix: str, size: int) -> str:
    return f"{prefix}_{size}"


def subprocess_env(database_url: str) -> dict[str, str]:
    """The portal's environment for a scratch database: production mode, no shared services."""
    env = {
        key: value
        for key, value in os.environ.items()
        # Redis would share the cache version and Celery queue with the developer's portal.
        if not key.startswith(("REDIS_", "CELERY_", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-only-not-secret",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def _exists(server: Server, name: str) -> bool:
    with server.connect("postgres", autocommit=True) as conn:
        return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def drop(server: Server, name: str) -> None:
    with server.connect("postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stored_info(server: Server, name: str) -> dict | None:
    with server.connect(name) as conn:
        found = conn.execute("SELECT to_regclass(%s)", [INFO_TABLE]).fetchone()[0]
        if not found:
            return None
        row = conn.execute(f"SELECT value FROM {INFO_TABLE} WHERE key = 'build'").fetchone()
        return row[0] if row else None


def _store_info(server: Server, name: str, info: dict) -> None:
    with server.connect(name) as conn:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {INFO_TABLE} (key text PRIMARY KEY, value jsonb)")
        conn.execute(
            f"INSERT INTO {INFO_TABLE} (key, value) VALUES ('build', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(info)],
        )


def _run(args: list[str], env: dict, log: Callable[[str], None], every: int) -> float:
    """Run a manage.py command; stream its output, thinning the per-batch progress lines."""
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    tail: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip()
        tail = [*tail[-30:], line]
        if "entries written" in line:
            done = int("".join(ch for ch in line.split("entries")[0] if ch.isdigit()) or 0)
            if every and done % every:
                continue
        if line:
            log(f"    | {line}")
    if process.wait() != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n" + "\n".join(tail))
    return time.monotonic() - started


# The full-text index search reads: the search table's GIN on the whole document's match vector
# (with the year, province and regency since migration 0024, the category and SDG arrays since
# 0025).
SEARCH_GIN = "searchentry_match_filters"


def index_figures(server: Server, name: str) -> dict:
    """Time a rebuild of the full-text GIN index and VACUUM ANALYZE; sizes after both."""
    with server.connect(name, autocommit=True) as conn:
        started = time.monotonic()
        conn.execute(f"REINDEX INDEX {SEARCH_GIN}")
        reindex = time.monotonic() - started
        started = time.monotonic()
        conn.execute("VACUUM ANALYZE innovations_innovation")
        conn.execute("VACUUM ANALYZE innovations_searchentry")
        vacuum = time.monotonic() - started
    return {"reindex_gin_seconds": round(reindex, 2), "vacuum_analyze_seconds": round(vacuum, 2),
            "reindexed": SEARCH_GIN}  # fmt: skip


def sizes(server: Server, name: str) -> dict:
    with server.connect(name) as conn:
        row = conn.execute(
            """
            SELECT pg_relation_size(%s::regclass),
                   pg_relation_size('innovation_agency_title_trgm'),
                   pg_relation_size('innovations_innovation'),
                   pg_total_relation_size('innovations_innovation'),
                   pg_database_size(current_database()),
                   (SELECT count(*) FROM innovations_innovation),
                   (SELECT count(*) FROM innovations_innovation WHERE status = 'published')
            """,
            [SEARCH_GIN],
        ).fetchone()
    keys = ("gin_index_bytes", "title_trgm_index_bytes", "table_bytes", "table_total_bytes",
            "database_bytes", "entries", "published")  # fmt: skip
    # Which GIN index the figure is of: results before migration 0022 measured the entries' own.
    return {**dict(zip(keys, row, strict=True)), "gin_index": SEARCH_GIN}


def ensure_corpus(
    *, server: Server, name: str, size: int, rebuild: bool, batch_size: int,
    log: Callable[[str], None],
) -> dict:  # fmt: skip
    """Build the corpus of `size` demo entries in database `name`, or reuse a finished one."""
    if rebuild and _exists(server, name):
        log(f"  dropping {name} (--rebuild)")
        drop(server, name)
    if _exists(server, name):
        info = _stored_info(server, name)
        if info and info.get("size") == size and info.get("complete"):
            log(f"  reusing {name} (built {info['built_at']}; --rebuild to build again)")
            # A corpus built by older code gets the migrations added since (their backfills
            # included), so that it is measured with the schema the code expects.
            env = subprocess_env(server.url(name))
            migrate = _run(["migrate", "--noinput", "-v", "1"], env, log, batch_size)
            return {**info, "reused": True, "reuse_migrate_seconds": round(migrate, 1)}
        log(f"  {name} exists but its build did not finish: resuming (seed_demo is idempotent)")
    else:
        with server.connect("postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        log(f"  created database {name}")
    env = subprocess_env(server.url(name))
    every = max(batch_size, (size // 10) // batch_size * batch_size)
    migrate = _run(["migrate", "--noinput", "-v", "0"], env, log, every)
    reference = _run(["load_reference_data"], env, log, every)
    seed = _run(
        ["seed_demo", "--count", str(size), "--seed", str(DEMO_SEED), "--batch-size",
         str(batch_size)], env, log, every,
    )  # fmt: skip
    log("  timing REINDEX of the GIN index and VACUUM ANALYZE…")
    info = {
        "size": size,
        "complete": True,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "demo_seed": DEMO_SEED,
        "batch_size": batch_size,
        "migrate_seconds": round(migrate, 1),
        "reference_data_seconds": round(reference, 1),
        # Includes the trigger that computes search_vector and the GIN insertions.
        "insert_seconds": round(seed, 1),
        **index_figures(server, name),
    }
    _store_info(server, name, info)
    return {**info, "reused": False}


def parse_sizes(raw: str) -> list[int]:
    """Corpus sizes from "100000,1000000"; ValueError with a message for the command to show."""
    try:
        sizes = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise ValueError("--sizes takes whole numbers, e.g. 100000,1000000") from None
    if not sizes or min(sizes) < 1:
        raise ValueError("--sizes must be positive")
    return sizes


def bench_each_size(
    *,
    database: dict,
    sizes: list[int],
    db_prefix: str,
    keep: bool,
    output_dir: Path,
    result_name: str,
    bench: Callable[[Server, str, int], dict],
    log: Callable[[str], None],
) -> list[dict]:
    """Run `bench(server, database name, size)` on each size's scratch corpus, write its figures
    to output_dir/<result_name>-<size>.json, and drop the corpus afterwards unless `keep`."""
    server = Server.from_settings(database)
    output_dir.mkdir(parents=True, exist_ok=True)
    summary = []
    for size in sizes:
        name = database_name(db_prefix, size)
        if name == database["NAME"]:
            raise ValueError(f"{name} is the default database; choose another --db-prefix")
        try:
            figures = bench(server, name, size)
        finally:
            if not keep:
                drop(server, name)
                log(f"  dropped {name} (--no-keep)")
        path = output_dir / f"{result_name}-{size}.json"
        path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
        log(f"  figures written to {path}")
        summary.append(figures)
    return summary
