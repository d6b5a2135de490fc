"""Celery application. Tasks live in each app's tasks.py and call that app's services."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jippnas.settings")

app = Celery("jippnas")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def refuse_to_start_without_secret_key(**kwargs) -> None:
    """Invitation links are signed: a worker without a key must not start (Django raises
    ImproperlyConfigured on reading an empty SECRET_KEY)."""
    from django.conf import settings

    settings.SECRET_KEY  # noqa: B018


@app.task(name="jippnas.ping")
def ping() -> str:
    """A no-op round trip, used to check that a worker answers through the broker."""
    return "pong"
