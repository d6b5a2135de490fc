"""Background jobs run through a real Celery worker and the real Redis broker in CI."""

import pytest

from jippnas.celery import ping

pytestmark = pytest.mark.celery_worker


def test_worker_answers_through_redis(celery_worker):
    result = ping.delay()
    assert result.get(timeout=20) == "pong"
    assert celery_worker.conf.broker_url.startswith("redis://")
