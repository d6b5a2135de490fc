"""Celery application. Tasks live in each app's tasks.py and call that app's services."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jippnas.settings")

app = Celery("jippnas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="jippnas.ping")
def ping() -> str:
    """A no-op round trip, used to check that a worker answers through the broker."""
    return "pong"
