"""Background jobs run through a real Celery worker and the real Redis broker in CI.

The `celery_worker` fixture (tests/conftest.py) starts the worker in a thread of the test process
(celery.contrib.testing.worker.start_worker), so it uses the test database; tests that use it are
transactional, because the worker's own connection only sees committed rows. Without REDIS_URL
(the SQLite quick-start pass) they are skipped with that reason.
"""

import pytest
from celery.result import AsyncResult, EagerResult

from innovations.selectors import published_innovations
from jippnas.celery import app, ping
from tests.factories import InnovationFactory, PublishedInnovationFactory

pytestmark = pytest.mark.celery_worker


@app.task(name="tests.published_innovation_titles")
def published_innovation_titles() -> list[str]:
    """Test-only task: what a worker reads from the database."""
    return sorted(published_innovations().values_list("title", flat=True))


def test_worker_answers_through_redis(celery_worker):
    result = ping.delay()
    # An eager run would return an EagerResult without touching the broker.
    assert isinstance(result, AsyncResult) and not isinstance(result, EagerResult)
    assert result.get(timeout=20) == "pong"
    assert celery_worker.conf.broker_url.startswith("redis://")
    assert celery_worker.conf.result_backend.startswith("redis://")


def test_worker_reads_rows_the_test_committed(celery_worker):
    PublishedInnovationFactory(title="Layanan Adminduk Keliling")
    InnovationFactory(title="Draf yang belum terbit")
    assert published_innovation_titles.delay().get(timeout=20) == ["Layanan Adminduk Keliling"]
