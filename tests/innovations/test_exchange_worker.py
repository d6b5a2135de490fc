"""A large admin import (over EXCHANGE_IMPORT_ASYNC_ROWS rows) through a real Celery worker and
Redis: the dry run and the import run in the worker, progress is visible, all rows or none.

Skipped (with the reason) when REDIS_URL is unset; CI runs it on PostgreSQL + Redis.
"""

import time

import pytest
from django.urls import reverse

from innovations.models import ImportJob, Innovation
from tests.factories import AgencyFactory, CuratorFactory
from tests.innovations.test_exchange_import import csv_file, row

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_status(job, statuses, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.2)
    raise AssertionError(f"the worker did not finish in time (status {job.status})")


def test_import_of_5001_rows_runs_in_a_real_worker(celery_worker, client, settings):
    assert settings.EXCHANGE_IMPORT_ASYNC_ROWS == 5000  # the real threshold, not a lowered one
    agency = AgencyFactory()
    client.force_login(CuratorFactory())
    rows = [row(agency, f"W-{n:05d}") for n in range(5001)]
    response = client.post(reverse("admin:innovations_importjob_add"), {"file": csv_file(rows)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.total_rows == 5001
    job = wait_for_status(job, {ImportJob.Status.VALIDATED, ImportJob.Status.INVALID})
    assert job.status == ImportJob.Status.VALIDATED, job.report
    assert job.report["counts"]["created"] == 5001 and not Innovation.objects.exists()

    client.post(reverse("admin:innovations_importjob_confirm", args=[job.pk]))
    page = client.get(reverse("admin:innovations_importjob_change", args=[job.pk]))
    assert "/ 5.001" in page.content.decode()  # progress shown while (or after) it runs
    job = wait_for_status(job, {ImportJob.Status.DONE, ImportJob.Status.FAILED})
    assert job.status == ImportJob.Status.DONE, job.report
    assert job.processed_rows == 5001 and Innovation.objects.count() == 5001
    assert (
        "5.001 / 5.001 (100%)"
        in client.get(reverse("admin:innovations_importjob_change", args=[job.pk])).content.decode()
    )
