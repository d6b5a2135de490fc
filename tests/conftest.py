import pytest
from rest_framework.test import APIClient

from tests.factories import AgencyEditorFactory, CuratorFactory


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def curator(db):
    return CuratorFactory()


@pytest.fixture
def agency_editor(db):
    return AgencyEditorFactory()
