import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from rest_framework.test import APIClient

from jippnas.celery import app as celery_app
from tests.factories import AgencyEditorFactory, CuratorFactory

# Headless chromium fixtures (`browser`, `page`) for every test package.
pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Pages render {% static %}; tests run without collectstatic's hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def reference_rows(request):
    """Transactional tests (browser, Celery worker) end by flushing the database, which takes the
    rows migrations seed (SDGs, categories, roles, ...); put them back for the tests after."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from django.apps import apps
    from django.contrib.auth.models import Group

    from competitions import roles as competition_roles
    from hubs import reference_rows as hub_rows
    from innovations import reference_rows as rows

    if not Group.objects.filter(name=rows.CURATOR_GROUP).exists():
        rows.seed_all(apps)
        hub_rows.grant_hub_roles(apps)
        competition_roles.seed_roles(apps)


@pytest.fixture(autouse=True)
def side_connection_closed():
    """Searches in transactional tests (browser, live server) rank on the side thread's own
    connection (innovations/selectors/side.py); it is closed after each test, so that none is
    left open when the test database is dropped."""
    yield
    from innovations.selectors import side

    side.close()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; PBKDF2 would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, not the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def isolated_cache():
    """Each test starts with an empty cache. On Redis only this project's keys are removed, so
    the Celery broker's queues in the same server survive."""
    backend = django_settings.CACHES["default"]["BACKEND"]
    if backend.endswith("RedisCache"):
        client = cache._cache.get_client()
        prefix = django_settings.CACHES["default"].get("KEY_PREFIX", "")
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process unless a test asks for the real worker (fixture `celery_worker`)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker(transactional_db, celery_eager):
    """A real Celery worker, in a thread of this process, consuming from the real Redis broker.

    The test must be transactional: the worker's own database connection only sees committed
    rows. Skipped, with the reason shown, when REDIS_URL is not set (the SQLite quick-start run).
    """
    if not django_settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: background jobs are tested through a real worker and Redis")
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield celery_app
    celery_app.conf.task_always_eager = True


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def agency_editor(db):
    return AgencyEditorFactory()
