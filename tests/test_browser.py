"""End-to-end: a regional official's path through the portal in headless Debian chromium."""

import pytest

from innovations.models import Category
from tests.factories import InnovationFactory, PublishedInnovationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogue():
    environment = Category.objects.get(slug="lingkungan")
    school_bank = PublishedInnovationFactory(
        title="Bank Sampah Sekolah Sukamaju",
        summary="Siswa menabung sampah plastik yang dipilah.",
        year_launched=2019,
        categories=[environment],
    )
    PublishedInnovationFactory(
        title="Bank Sampah Kelurahan", year_launched=2022, categories=[environment]
    )
    PublishedInnovationFactory(title="Posyandu Digital", year_launched=2021)
    InnovationFactory(title="Bank Sampah Rahasia (draf)", year_launched=2019)
    return school_bank


def test_home_search_and_detail(live_server, page, catalogue):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator('[data-total="innovations"]').inner_text() == "3"

    page.get_by_label("Kata kunci").fill("sampah")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/inovasi/?q=sampah*")
    titles = page.locator(".card__title").all_inner_texts()
    assert "Bank Sampah Sekolah Sukamaju" in titles
    assert "Bank Sampah Rahasia (draf)" not in titles
    assert page.locator("mark").first.inner_text().lower() == "sampah"

    page.get_by_role("link", name="Bank Sampah Sekolah Sukamaju").click()
    page.wait_for_url(f"**/inovasi/{catalogue.slug}/")
    assert page.get_by_role("heading", level=1).inner_text() == catalogue.title
    assert page.get_by_text(catalogue.problem).is_visible()
    assert page.get_by_text(catalogue.agency.name).first.is_visible()


def test_facet_filter_updates_results_and_counts_without_reload(live_server, page, catalogue):
    page.goto(live_server.url + "/inovasi/?q=sampah")
    assert page.locator(".card__title").count() == 2
    page.evaluate("window.__notReloaded = true")

    year_facet = page.locator('[data-facet="year"]')
    year_facet.get_by_role("link", name="2019").click()
    page.wait_for_url("**year=2019*")
    page.wait_for_function("document.querySelectorAll('.card__title').length === 1")

    assert page.locator(".card__title").all_inner_texts() == ["Bank Sampah Sekolah Sukamaju"]
    assert page.evaluate("window.__notReloaded === true"), "the page reloaded instead of swapping"
    # Counts follow the filter: the category facet now counts only the 2019 entry.
    category_counts = page.locator('[data-facet="category"] .facet__count').all_inner_texts()
    assert category_counts == ["1"]
    # The year facet keeps showing the other year to switch to, and marks the chosen one.
    assert page.locator('[data-facet="year"] [aria-current="true"]').inner_text().startswith("2019")
