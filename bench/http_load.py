"""The portal served by gunicorn on loopback, and the timed run of the query mix through its API."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
API_PATH = "/api/v1/innovations/"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def percentiles(samples_ms: list[float]) -> dict:
    """p50/p95/p99 by the nearest-rank method, with mean and max, in milliseconds."""
    if not samples_ms:
        return {"n": 0}
    ordered = sorted(samples_ms)

    def rank(p: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))]

    return {
        "n": len(ordered),
        "p50_ms": round(rank(50), 2),
        "p95_ms": round(rank(95), 2),
        "p99_ms": round(rank(99), 2),
        "mean_ms": round(sum(ordered) / len(ordered), 2),
        "max_ms": round(ordered[-1], 2),
    }


@contextmanager
def gunicorn(env: dict, *, workers: int = 2, log_path: Path) -> Iterator[int]:
    """Serve the portal on a free loopback port until the block ends; always stopped after."""
    port = free_port()
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.gunicorn_settings"}
    log = open(log_path, "a")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "jippnas.wsgi:application",
         "--bind", f"{HOST}:{port}", "--workers", str(workers), "--timeout", "120",
         "--graceful-timeout", "5", "--error-logfile", "-"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_until_ready(process, port)
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group of the server started above
                process.wait(timeout=5)
        log.close()


def _wait_until_ready(process: subprocess.Popen, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}; see its log")
        try:
            status, _, _ = Client(port).get({"page_size": 1})
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")


class Client:
    """One keep-alive HTTP connection; reconnects when the server closes it (sync workers do)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)

    def get(self, params: dict) -> tuple[int, bytes, float]:
        path = f"{API_PATH}?{urlencode(params, doseq=True)}"
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers={"Accept": "application/json"})
            response = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.connection.close()
            started = time.perf_counter()
            self.connection.request("GET", path, headers={"Accept": "application/json"})
            response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, body, elapsed

    def close(self) -> None:
        self.connection.close()


def query_label(query: str, filters: dict) -> str:
    return " ".join([query, *(f"{k}={v}" for k, v in sorted(filters.items()))])


def slowest(by_query: dict[str, list[float]], count: int = 5) -> list[dict]:
    """The queries with the highest median time, to show where the time goes."""
    medians = {label: sorted(ms)[len(ms) // 2] for label, ms in by_query.items()}
    ranked = sorted(medians.items(), key=lambda item: -item[1])[:count]
    return [{"query": label, "median_ms": round(ms, 1)} for label, ms in ranked]


def params_for(query: str, filters: dict, facets: tuple[str, ...] | None) -> dict:
    params = {"q": query, **filters}
    if facets:
        params["facets"] = ",".join(facets)
    return params


def run_mix(
    port: int,
    plan: list[tuple[str, dict]],
    *,
    facets: tuple[str, ...] | None,
    warmup: list[tuple[str, dict]],
    time_limit: float = 600,
) -> dict:
    """Send the `warmup` requests (not timed), then time each request of `plan` in turn; stop
    early (marked `truncated`) once `time_limit` seconds have passed, so a slow corpus cannot
    hold the machine for hours."""
    client = Client(port)
    deadline = time.monotonic() + time_limit
    truncated = False
    try:
        for query, filters in warmup:
            if time.monotonic() > deadline:
                break
            client.get(params_for(query, filters, facets))
        samples, errors, totals, corrected = [], 0, [], 0
        by_query: dict[str, list[float]] = {}
        for query, filters in plan:
            if time.monotonic() > deadline:
                truncated = True
                break
            status, body, elapsed = client.get(params_for(query, filters, facets))
            if status != 200:
                errors += 1
                continue
            samples.append(elapsed)
            by_query.setdefault(query_label(query, filters), []).append(elapsed)
            data = json.loads(body)
            totals.append(data.get("count", 0))
            corrected += bool((data.get("search") or {}).get("corrected_to"))
    finally:
        client.close()
    return {
        **percentiles(samples),
        "errors": errors,
        "mean_matches": round(sum(totals) / len(totals), 1) if totals else 0,
        "corrected_requests": corrected,
        "slowest": slowest(by_query),
        "truncated": truncated,
    }
