"""Reloading the reference data."""

import pytest

from innovations.cache import catalogue_version
from regions.models import Province
from regions.services import reference_data_load


@pytest.mark.django_db(transaction=True)
def test_a_reload_renaming_regions_changes_the_catalogue_version():
    """Its bulk upserts send no save signals; the cached facet counts and labels of the
    catalogue must still not outlive a renamed region."""
    reference_data_load()
    province = Province.objects.order_by("code").first()
    Province.objects.filter(pk=province.pk).update(name="Nama Lama")
    before = catalogue_version()

    reference_data_load()

    assert Province.objects.get(pk=province.pk).name == province.name
    assert catalogue_version() != before
