"""The public pages of the catalogue, through the page client: what a visitor may see and do."""

import re
from datetime import date

import pytest
from django.template import loader
from django.utils import timezone

from innovations.models import SDG, Category, GovernmentAffair, Innovation, InnovationMedia
from innovations.sitemaps import InnovationSitemap
from regions.models import Agency, Province
from tests.factories import (
    AgencyFactory,
    CentralAgencyFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [entry.title for entry in response.context["page_obj"]]


def test_home_totals_equal_published_counts_and_exclude_drafts(client):
    published = PublishedInnovationFactory.create_batch(3)
    # A second entry of the same agency counts once among agencies and provinces.
    PublishedInnovationFactory(agency=published[0].agency)
    draft = InnovationFactory(title="Draf Rahasia Dinas")
    InnovationFactory(status=Innovation.Status.IN_REVIEW, title="Sedang Ditinjau")
    InnovationFactory(status=Innovation.Status.ARCHIVED, title="Sudah Diarsipkan")

    response = client.get("/")

    assert response.status_code == 200
    public = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
    totals = response.context["totals"]
    assert totals["innovations"] == public.count() == 4
    assert totals["agencies"] == Agency.objects.filter(innovations__in=public).distinct().count()
    assert totals["agencies"] == 3
    assert totals["provinces"] == 3
    assert totals["all_provinces"] == Province.objects.count()
    html = response.content.decode()
    assert 'data-total="innovations">4<' in html
    assert 'data-total="agencies">3<' in html
    assert f"3 <small>dari {Province.objects.count()}</small>" in html
    for title in (draft.title, "Sedang Ditinjau", "Sudah Diarsipkan"):
        assert title not in html
    for entry in published:
        assert entry.get_absolute_url() in html
    assert 'action="/inovasi/"' in html and 'name="q"' in html


def test_base_layout_is_accessible_and_uses_only_local_assets(client):
    html = client.get("/").content.decode()
    assert '<html lang="id">' in html
    assert 'name="viewport"' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert 'href="/inovasi/"' in html and 'href="/api/v1/docs/"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no asset from another host"


@pytest.mark.parametrize(
    ("param", "wanted_kwargs", "other_kwargs", "value"),
    [
        ("year", {"year_launched": 2019}, {"year_launched": 2022}, "2019"),
        ("source", {"source": "iga"}, {"source": "kipp"}, "iga"),
        ("stage", {"stage": "uji_coba"}, {"stage": "penerapan"}, "uji_coba"),
    ],
)
def test_catalogue_filters_by_field(client, param, wanted_kwargs, other_kwargs, value):
    wanted = PublishedInnovationFactory(**wanted_kwargs)
    other = PublishedInnovationFactory(**other_kwargs)

    response = client.get("/inovasi/", {param: value})

    assert response.status_code == 200
    assert listed(response) == [wanted.title]
    assert other.title not in response.content.decode()


def test_catalogue_filters_by_province_and_offers_only_its_regencies(client):
    wanted = PublishedInnovationFactory()
    other = PublishedInnovationFactory()
    province = wanted.province

    response = client.get("/inovasi/", {"province": province.code})

    assert listed(response) == [wanted.title]
    regency_options = re.findall(
        r'<option value="([^"]+)"',
        re.search(r'<select name="regency".*?</select>', response.content.decode(), re.S)[0],
    )
    assert regency_options == [wanted.regency.code]
    assert other.regency.code not in regency_options


def test_catalogue_filters_by_regency(client):
    regency = RegencyFactory()
    wanted = PublishedInnovationFactory(agency=AgencyFactory(regency=regency))
    PublishedInnovationFactory(
        agency=AgencyFactory(regency=RegencyFactory(province=regency.province))
    )

    response = client.get("/inovasi/", {"province": regency.province.code, "regency": regency.code})

    assert listed(response) == [wanted.title]


def test_catalogue_filters_by_sdg(client):
    wanted = PublishedInnovationFactory(sdgs=[SDG.objects.get(number=3)])
    PublishedInnovationFactory(sdgs=[SDG.objects.get(number=4)])

    assert listed(client.get("/inovasi/", {"sdg": "3"})) == [wanted.title]


def test_catalogue_filters_by_category_slug(client):
    health, education = Category.objects.all()[:2]
    wanted = PublishedInnovationFactory(categories=[health])
    PublishedInnovationFactory(categories=[education])

    assert listed(client.get("/inovasi/", {"category": health.slug})) == [wanted.title]


def test_catalogue_search_finds_words_in_title_story_and_agency(client):
    wanted = PublishedInnovationFactory(
        title="Jemput Bola Akta Kelahiran",
        results="Cakupan akta naik menjadi hampir penuh.",
        agency=AgencyFactory(acronym="DUKCAPILKU"),
    )
    PublishedInnovationFactory(title="Sekolah Ramah Anak")
    InnovationFactory(title="Akta Draf Tersembunyi")

    assert listed(client.get("/inovasi/", {"q": "akta"})) == [wanted.title]
    assert listed(client.get("/inovasi/", {"q": "jemput cakupan"})) == [wanted.title]
    assert listed(client.get("/inovasi/", {"q": "dukcapilku"})) == [wanted.title]
    assert listed(client.get("/inovasi/", {"q": "tidakadayangcocok"})) == []


def test_catalogue_filters_beyond_the_main_ones_sit_under_more_filters(client):
    wanted = PublishedInnovationFactory(kind=Innovation.Kind.DIGITAL, covid_related=True)
    PublishedInnovationFactory(kind=Innovation.Kind.NON_DIGITAL)

    closed = client.get("/inovasi/").content.decode()
    response = client.get("/inovasi/", {"kind": "digital", "covid_related": "true"})

    assert listed(response) == [wanted.title]
    assert '<details class="filters__more">' in closed
    assert '<details class="filters__more" open>' in response.content.decode()
    covid = re.search(r'<select name="covid_related".*?</select>', closed, re.S)[0]
    assert '<option value="" selected>Semua</option>' in covid


def test_sort_menu_shows_the_order_in_use(client):
    PublishedInnovationFactory.create_batch(21)

    browsing = client.get("/inovasi/").content.decode()
    searching = client.get("/inovasi/", {"q": "pengujian"}).content.decode()

    assert '<option value="newest" selected>' in browsing
    assert '<option value="relevance" selected>' in searching
    # The default is not written into page links: a shared URL stays as the visitor made it.
    assert 'href="?page=2"' in browsing
    assert 'href="?q=pengujian&amp;page=2"' in searching


def test_catalogue_is_newest_first_by_default_and_sortable(client):
    older = PublishedInnovationFactory(title="Alfa")
    newer = PublishedInnovationFactory(title="Beta")
    Innovation.objects.filter(pk=older.pk).update(
        published_at=newer.published_at.replace(year=2020)
    )

    assert listed(client.get("/inovasi/")) == ["Beta", "Alfa"]
    assert listed(client.get("/inovasi/", {"ordering": "title"})) == ["Alfa", "Beta"]


@pytest.mark.parametrize(
    "query",
    [
        {"province": "ZZ"},
        {"year": "duaribu"},
        {"year": "1800"},
        {"stage": "selesai"},
        {"category": "tidak-ada"},
        {"sdg": "99"},
        {"ordering": "acak"},
    ],
)
def test_invalid_filter_value_answers_400_with_a_message(client, query):
    PublishedInnovationFactory()

    response = client.get("/inovasi/", query)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Filter tidak dapat diterapkan" in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert listed(response) == []


def test_page_out_of_range_or_not_a_number_shows_a_real_page(client):
    PublishedInnovationFactory.create_batch(21)

    last = client.get("/inovasi/", {"page": "99"})
    first = client.get("/inovasi/", {"page": "dua"})

    assert last.status_code == 200 and last.context["page_obj"].number == 2
    assert len(listed(last)) == 1
    assert first.status_code == 200 and first.context["page_obj"].number == 1
    assert len(listed(first)) == 20
    assert "21 inovasi ditemukan" in first.content.decode()


def test_page_links_keep_the_other_query_parameters(client):
    PublishedInnovationFactory.create_batch(21, stage=Innovation.Stage.TRIAL)

    html = client.get("/inovasi/", {"stage": "uji_coba", "ordering": "title"}).content.decode()

    assert 'href="?stage=uji_coba&amp;ordering=title&amp;page=2"' in html


def test_htmx_request_gets_only_the_results_fragment(client):
    entry = PublishedInnovationFactory()

    response = client.get("/inovasi/", {"q": entry.title}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<header" not in html
    assert entry.title in html
    assert "1 inovasi ditemukan" in html
    assert 'id="regency-field" hx-swap-oob="true"' in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        "/inovasi/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_invalid_filter_over_htmx_is_still_a_400_fragment(client):
    response = client.get("/inovasi/", {"stage": "selesai"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "Filter tidak dapat diterapkan" in response.content.decode()


def test_catalogue_list_queries_do_not_grow_with_entries(client, django_assert_max_num_queries):
    categories = list(Category.objects.all()[:2])
    sdgs = list(SDG.objects.all()[:2])
    PublishedInnovationFactory.create_batch(20, categories=categories, sdgs=sdgs)
    filters = {"sdg": str(sdgs[0].number), "stage": "penerapan", "ordering": "title"}

    # Results and pagination take about ten queries; each of the eight facets adds one count
    # (and one validation query per multi-value filter in use).
    with django_assert_max_num_queries(20):
        response = client.get("/inovasi/")
    with django_assert_max_num_queries(26):
        filtered = client.get("/inovasi/", filters)

    assert len(listed(response)) == 20
    assert len(listed(filtered)) == 20


def test_home_totals_are_kept_until_the_catalogue_changes(client, django_assert_num_queries):
    from innovations.selectors import catalogue_totals

    PublishedInnovationFactory.create_batch(2)
    assert catalogue_totals()["innovations"] == 2
    with django_assert_num_queries(0):
        assert catalogue_totals()["innovations"] == 2

    PublishedInnovationFactory()
    assert catalogue_totals()["innovations"] == 3


def test_home_queries_do_not_grow_with_entries(client, django_assert_max_num_queries):
    PublishedInnovationFactory.create_batch(6, categories=list(Category.objects.all()[:2]))

    with django_assert_max_num_queries(6):
        client.get("/")


@pytest.mark.parametrize(
    "status",
    [Innovation.Status.DRAFT, Innovation.Status.IN_REVIEW, Innovation.Status.ARCHIVED],
)
def test_non_published_entry_is_404_even_for_a_curator(client, curator, status):
    entry = InnovationFactory(status=status)

    anonymous = client.get(entry.get_absolute_url())
    client.force_login(curator)
    logged_in = client.get(entry.get_absolute_url())

    assert anonymous.status_code == 404
    assert logged_in.status_code == 404
    assert entry.title not in logged_in.content.decode()
    assert "Halaman tidak ditemukan" in logged_in.content.decode()


def test_published_detail_shows_every_narrative_section_agency_and_region(client):
    story = {name: f"Teks bagian {name} yang unik." for name in Innovation.NARRATIVE_FIELDS}
    health = Category.objects.first()
    entry = PublishedInnovationFactory(
        **story,
        summary="Ringkasan singkat untuk mesin pencari.",
        categories=[health],
        sdgs=[SDG.objects.get(number=3)],
        source=Innovation.Source.IGA,
        external_ref="IGA-2023-0042",
        legal_basis="Peraturan Bupati Uji",
        legal_basis_number="Nomor 12 Tahun 2021",
        contact_name="Siti Aminah",
        contact_email="siti@example.go.id",
        website_url="https://layanan.example.go.id/",
        video_url="https://video.example.org/inovasi",
        kind=Innovation.Kind.DIGITAL,
        form=Innovation.Form.PUBLIC_SERVICE,
        initiator=Innovation.Initiator.CIVIL_SERVANT,
        government_affair=GovernmentAffair.objects.first(),
        continuity_status=Innovation.Continuity.SCALED_UP,
        trial_started_on=date(2020, 3, 1),
        implemented_on=date(2021, 1, 4),
    )

    response = client.get(entry.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for name, text in story.items():
        assert text in html
        label = str(Innovation._meta.get_field(name).verbose_name)
        assert label[0].upper() + label[1:] in html
    assert entry.agency.name in html
    assert entry.regency.display_name in html and entry.province.name in html
    assert '<meta name="description" content="Ringkasan singkat untuk mesin pencari.">' in html
    for text in (
        health.name,
        SDG.objects.get(number=3).name,
        "IGA Kemendagri",
        "IGA-2023-0042",
        "Peraturan Bupati Uji Nomor 12 Tahun 2021",
        "Siti Aminah",
        'href="mailto:siti@example.go.id"',
        'href="https://layanan.example.go.id/"',
        'href="https://video.example.org/inovasi"',
        str(entry.year_launched),
        "Penerapan",
        "Digital",
        "Pelayanan publik",
        "ASN",
        GovernmentAffair.objects.first().name,
        "Berkembang",
        "1 Maret 2020",
        "4 Januari 2021",
    ):
        assert text in html, text


def test_detail_shows_images_with_captions_as_alt_and_documents_as_downloads(client):
    entry = PublishedInnovationFactory()
    InnovationMedia.objects.create(
        innovation=entry, kind="image", file="innovations/2024/05/loket.jpg", caption="Loket baru"
    )
    InnovationMedia.objects.create(
        innovation=entry, kind="document", file="innovations/2024/05/sop.pdf", caption="SOP"
    )

    html = client.get(entry.get_absolute_url()).content.decode()

    assert '<img src="/media/innovations/2024/05/loket.jpg" alt="Loket baru"' in html
    assert '<a href="/media/innovations/2024/05/sop.pdf" download>SOP</a>' in html


def test_detail_of_a_central_agency_entry_without_region(client):
    entry = PublishedInnovationFactory(agency=CentralAgencyFactory(), province=None, regency=None)

    response = client.get(entry.get_absolute_url())

    assert response.status_code == 200
    assert "Tingkat nasional" in response.content.decode()


def test_detail_lists_related_published_entries_only(client):
    category, sdg = Category.objects.first(), SDG.objects.get(number=16)
    entry = PublishedInnovationFactory(categories=[category], sdgs=[sdg])
    related = PublishedInnovationFactory(categories=[category])
    draft = InnovationFactory(categories=[category], sdgs=[sdg])

    html = client.get(entry.get_absolute_url()).content.decode()

    assert related.get_absolute_url() in html
    assert draft.get_absolute_url() not in html


def test_detail_lists_related_entries_of_an_entry_without_sdgs(client):
    category = Category.objects.first()
    entry = PublishedInnovationFactory(categories=[category])
    related = PublishedInnovationFactory(categories=[category])

    html = client.get(entry.get_absolute_url()).content.decode()

    assert related.get_absolute_url() in html


def test_english_switch_sets_the_page_language(client):
    category = Category.objects.first()
    entry = PublishedInnovationFactory(categories=[category])
    assert '<html lang="id">' in client.get("/").content.decode()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert switched.status_code == 302 and switched["Location"] == "/"
    assert '<html lang="en">' in client.get("/").content.decode()
    # Reference rows follow the language too.
    assert category.name_en in client.get(entry.get_absolute_url()).content.decode()


def test_language_switch_is_a_labelled_form_that_works_without_javascript(client):
    html = client.get("/inovasi/?stage=penerapan").content.decode()
    form = re.search(r'<form class="lang-switch".*?</form>', html, re.S)[0]
    assert 'action="/i18n/setlang/"' in form and 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'aria-labelledby="lang-switch-label"' in form
    assert 'name="next" value="/inovasi/?stage=penerapan"' in form
    assert 'name="language" value="en"' in form


def test_filter_form_controls_are_labelled(client):
    html = client.get("/inovasi/").content.decode()
    for name in ("q", "province", "regency", "year", "category", "sdg", "source", "stage"):
        assert f'<label for="id_{name}">' in html, name
        assert f'id="id_{name}"' in html, name
    assert 'aria-describedby="id_category_helptext"' in html
    assert 'id="id_category_helptext"' in html
    for name in ("province", "source", "stage", "kind", "continuity"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S)[0]
        assert '<option value="" selected>Semua</option>' in select, name
    assert 'hx-get="/inovasi/"' in html and 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html


def test_sitemap_lists_published_entries_only(client):
    published = PublishedInnovationFactory()
    hidden = [
        InnovationFactory(status=status)
        for status in (
            Innovation.Status.DRAFT,
            Innovation.Status.IN_REVIEW,
            Innovation.Status.ARCHIVED,
        )
    ]

    response = client.get("/sitemap-innovations.xml")

    xml = response.content.decode() + client.get("/sitemap-pages.xml").content.decode()
    assert response.status_code == 200
    assert f"http://testserver{published.get_absolute_url()}" in xml
    assert f"<lastmod>{timezone.localdate(published.updated_at).isoformat()}" in xml
    assert "http://testserver/inovasi/</loc>" in xml
    for entry in hidden:
        assert entry.get_absolute_url() not in xml
    assert [item[0] for item in InnovationSitemap().items()] == [published.slug]


def test_server_error_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert '<html lang="id">' in html


def test_catalogue_shows_facet_counts_without_drafts(client):
    health = Category.objects.get(slug="kesehatan")
    PublishedInnovationFactory.create_batch(2, categories=[health], year_launched=2019)
    InnovationFactory(categories=[health], year_launched=2019)  # a draft: never counted
    page = client.get("/inovasi/").content.decode()
    facet = page.split('data-facet="category"')[1].split("</section>")[0]
    assert "Kesehatan" in facet
    assert '<span class="facet__count">2</span>' in facet
    year = page.split('data-facet="year"')[1].split("</section>")[0]
    assert '<span class="facet__count">2</span>' in year


def test_facet_links_apply_the_filter_and_keep_the_query(client):
    entry = PublishedInnovationFactory(title="Bank Sampah Warga", year_launched=2018)
    PublishedInnovationFactory(title="Bank Sampah Sekolah", year_launched=2020)
    page = client.get("/inovasi/", {"q": "sampah"}).content.decode()
    year = page.split('data-facet="year"')[1].split("</section>")[0]
    assert 'href="?q=sampah&amp;year=2018"' in year
    narrowed = client.get("/inovasi/?q=sampah&year=2018")
    assert listed(narrowed) == [entry.title]


def test_search_snippets_highlight_matches_and_escape_html(client):
    PublishedInnovationFactory(
        title="Layanan Pengaduan", summary="Warga <script>alert(1)</script> mengirim pengaduan."
    )
    page = client.get("/inovasi/", {"q": "pengaduan"}).content.decode()
    assert "<mark>pengaduan</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_indonesian_by_default_even_for_an_english_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id"' in page
