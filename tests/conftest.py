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


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def agency_editor(db):
    return AgencyEditorFactory()
