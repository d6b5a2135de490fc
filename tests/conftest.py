import pytest
from rest_framework.test import APIClient

from tests.factories import AgencyEditorFactory, CuratorFactory


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

    from innovations import reference_rows as rows

    if not Group.objects.filter(name=rows.CURATOR_GROUP).exists():
        rows.seed_all(apps)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def agency_editor(db):
    return AgencyEditorFactory()
