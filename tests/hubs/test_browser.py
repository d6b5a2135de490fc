"""End-to-end: the map of hubs in headless chromium, followed to a province's hub page."""

import pytest

from tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    PublishedInnovationFactory,
    RegencyFactory,
)
from tests.hubs.factories import HubActivityFactory, HubFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_map_province_click_leads_to_its_hub_page(live_server, page):
    province = ProvinceFactory(code="35", name="Jawa Timur")
    hub = HubFactory(province=province, designation_year=2020)
    agency = AgencyFactory(regency=RegencyFactory(province=province, name="Banyuwangi"))
    PublishedInnovationFactory.create_batch(2, agency=agency)
    HubActivityFactory(hub=hub, title="Forum replikasi Jawa Timur")

    page.goto(live_server.url + "/hub/")
    shape = page.locator('svg a[data-province="35"]')
    assert shape.get_attribute("aria-label") == "Jawa Timur: 2"
    shape.click()
    page.wait_for_url("**/hub/35/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hub JIPP Jawa Timur"
    assert page.get_by_text("Forum replikasi Jawa Timur").is_visible()
    assert page.locator('[data-total="innovations"]').inner_text() == "2"
