"""A second database connection for reads that can run while the request's own connection works.

A catalogue search with a common word spends its time in two independent statements: ranking the
page's entries, and counting every match (or reading every match's facet record). One PostgreSQL
backend runs them one after the other; with the second on this side thread's own connection they
run at the same time on two cores (`SEARCH_READS_BESIDE`).

Only committed data is visible to the side connection, so a caller may use it only outside any
transaction of its own (usable()): inside one (a test, a view that wrote) it would not see what
that transaction wrote. Each process has one side thread, created on first use (after a fork),
with one persistent connection that is checked and expired like a request's (CONN_MAX_AGE).
"""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, connections

T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_busy = False  # a job is queued or running: see submit()


def usable() -> bool:
    """Whether a read may go to the side connection now: enabled, on PostgreSQL with persistent
    connections (opening one per request would cost what running beside saves), and the
    request's connection holds no transaction whose writes the side could not see."""
    return (
        settings.SEARCH_READS_BESIDE
        and connection.vendor == "postgresql"
        and connection.settings_dict.get("CONN_MAX_AGE") != 0
        and not connection.in_atomic_block
    )


def submit(function: Callable[..., T], *args) -> Future | None:
    """Run function(*args) on the side thread; the future holds its result or its exception.
    None when the thread is still busy with an earlier job (one whose request no longer wanted
    its result, say): the caller does the work itself rather than queue behind it."""
    global _pool, _busy
    with _pool_lock:
        if _busy:
            return None
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="side-reads")
        _busy = True
        future = _pool.submit(_as_a_request, function, *args)
    future.add_done_callback(_free)
    return future


def _free(_future: Future) -> None:
    global _busy
    with _pool_lock:
        _busy = False


def _as_a_request(function: Callable[..., T], *args) -> T:
    # What Django does around each request, for this thread's own connection: a connection
    # left broken by an error or older than CONN_MAX_AGE is closed, and opened again on use.
    close_old_connections()
    try:
        return function(*args)
    finally:
        close_old_connections()


def close() -> None:
    """Close the side thread's connection (the tests call it before the test database is
    dropped); the thread opens a new one when next used."""
    if _pool is not None:
        _pool.submit(connections.close_all).result()  # after any job still queued
