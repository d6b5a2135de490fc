"""The public pages: figures equal the database (drafts excluded), map links, CSV, caching."""

import csv
import io
import re

import pytest
from django.urls import reverse

from hubs import selectors
from innovations.models import Innovation
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    InnovationFactory,
    ProvinceFactory,
    PublishedInnovationFactory,
    RegencyFactory,
)
from tests.hubs.factories import (
    HubActivityFactory,
    HubFactory,
    HubPartnerFactory,
    ParticipationRecordFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def bangka():
    """Kepulauan Bangka Belitung (loaded by migrations? no: regions are loaded by a command)."""
    province = ProvinceFactory(code="19", name="Kepulauan Bangka Belitung")
    hub = HubFactory(province=province, designation_year=2020)
    regency = RegencyFactory(province=province, name="Bangka")
    agency = AgencyFactory(regency=regency)
    return hub, regency, agency


def test_hub_list_shows_every_hub_and_links_every_province_on_the_map(client, bangka):
    other = ProvinceFactory()
    response = client.get(reverse("hubs:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-hub="19"' in html
    # Each province of the shared GeoJSON is a link to its page.
    links = set(re.findall(r'<a href="/hub/(\w+)/" data-province="\1"', html))
    assert len(links) == 38
    assert "19" in links
    assert other.code not in links  # test-only provinces have no shape
    assert "<script" not in html.split("</header>")[1].split("<footer")[0]


def test_map_counts_equal_published_entries_per_province(client, bangka):
    _hub, _regency, agency = bangka
    PublishedInnovationFactory.create_batch(3, agency=agency)
    InnovationFactory(agency=agency)  # draft: never counted
    html = client.get(reverse("hubs:list")).content.decode()
    assert 'aria-label="Kepulauan Bangka Belitung: 3"' in html


def test_map_can_be_coloured_by_replications_and_refuses_unknown_metric(client, bangka):
    _hub, _regency, agency = bangka
    ReplicationFactory(agency=agency)
    html = client.get(reverse("hubs:list"), {"warna": "replikasi"}).content.decode()
    assert 'aria-label="Kepulauan Bangka Belitung: 1"' in html
    assert client.get(reverse("hubs:list"), {"warna": "apa"}).status_code == 400


def test_hub_page_counts_equal_database_and_exclude_drafts(client, bangka):
    hub, regency, agency = bangka
    PublishedInnovationFactory.create_batch(2, agency=agency)
    InnovationFactory(agency=agency)
    ReplicationFactory(agency=agency)  # intent
    response = client.get(reverse("hubs:detail", args=("19",)))
    assert response.status_code == 200
    html = response.content.decode()
    published = Innovation.objects.filter(province=hub.province, status="published").count()
    assert published == 2
    row = re.search(rf'<tr data-regency="{regency.code}">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-count="innovations">2<', row)
    assert re.search(r'data-count="replications">1<', row)
    assert re.search(r'data-total="innovations"><a [^>]+>2<', html)


def test_hub_page_shows_profile_partners_activities_newest_first_and_trend(client, bangka):
    hub, regency, _agency = bangka
    HubPartnerFactory(hub=hub, name="Universitas Bangka Uji")
    import datetime

    old = HubActivityFactory(hub=hub, title="Kegiatan lama", held_on=datetime.date(2023, 1, 5))
    new = HubActivityFactory(hub=hub, title="Kegiatan baru", held_on=datetime.date(2024, 8, 1))
    ParticipationRecordFactory(hub=hub, regency=regency, year=2024, period=1, skm_index=80)
    ParticipationRecordFactory(hub=hub, regency=regency, year=2024, period=2, skm_index=84)
    html = client.get(reverse("hubs:detail", args=("19",))).content.decode()
    assert "Universitas Bangka Uji" in html
    assert html.index(new.title) < html.index(old.title)
    assert "2024 S1" in html and "2024 S2" in html
    assert 'data-table="trend"' in html


def test_province_without_hub_still_has_a_page_and_unknown_code_is_404(client):
    province = ProvinceFactory()
    response = client.get(reverse("hubs:detail", args=(province.code,)))
    assert response.status_code == 200
    assert "belum ditetapkan" in response.content.decode()
    assert client.get("/hub/00/").status_code == 404


def test_hub_page_rejects_bad_year(client, bangka):
    assert client.get(reverse("hubs:detail", args=("19",)), {"tahun": "abc"}).status_code == 400


def test_statistics_tables_equal_database_counts(client, bangka):
    _hub, _regency, agency = bangka
    category = CategoryFactory()
    PublishedInnovationFactory.create_batch(
        2, agency=agency, year_launched=2020, categories=[category]
    )
    PublishedInnovationFactory(agency=agency, year_launched=2022, source="iga")
    InnovationFactory(agency=agency, year_launched=2020, categories=[category])  # draft
    response = client.get(reverse("hubs:statistics"))
    assert response.status_code == 200
    html = response.content.decode()

    def cell(figure, key):
        table = re.search(rf'<table data-figure="{figure}">(.*?)</table>', html, re.S).group(1)
        return int(re.search(rf'data-key="{key}">(\d+)<', table).group(1))

    assert cell("inovasi-per-tahun", "2020") == 2
    assert cell("inovasi-per-tahun", "2022") == 1
    assert cell("inovasi-per-kategori", category.slug) == 2
    assert cell("inovasi-per-sumber", "iga") == 1
    assert cell("inovasi-per-provinsi", "19") == 3
    for name in selectors.FIGURES:
        assert reverse("hubs:statistics_csv", args=(name,)) in html


def test_statistics_csv_matches_the_table(client, bangka):
    _hub, _regency, agency = bangka
    PublishedInnovationFactory.create_batch(2, agency=agency, year_launched=2021)
    InnovationFactory(agency=agency, year_launched=2021)
    response = client.get(reverse("hubs:statistics_csv", args=("inovasi-per-tahun",)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "kode"
    assert ["2021", "2021", "2"] in rows
    assert client.get("/statistik/tidak-ada.csv").status_code == 404


def test_figures_are_served_from_cache(django_assert_max_num_queries, bangka):
    selectors.figure_rows("inovasi-per-provinsi")
    with django_assert_max_num_queries(0):
        selectors.figure_rows("inovasi-per-provinsi")


def test_hub_pages_query_count_does_not_grow_with_rows(
    client, bangka, django_assert_max_num_queries
):
    hub, _regency, agency = bangka
    for _ in range(6):
        activity = HubActivityFactory(hub=hub)
        activity.participating_agencies.add(agency)
        activity.related_innovations.add(PublishedInnovationFactory(agency=agency))
        ReplicationFactory(agency=agency)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("hubs:detail", args=("19",))).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("hubs:list")).status_code == 200


def test_related_draft_innovations_are_not_shown_on_hub_page(client, bangka):
    hub, _regency, agency = bangka
    activity = HubActivityFactory(hub=hub)
    draft = InnovationFactory(agency=agency, title="Rahasia draf")
    activity.related_innovations.add(draft)
    assert "Rahasia draf" not in client.get(reverse("hubs:detail", args=("19",))).content.decode()


def test_replicated_by_partial_lists_agencies(client, bangka):
    from django.template.loader import render_to_string

    from innovations.selectors.replication import replicated_by

    _hub, _regency, agency = bangka
    origin = PublishedInnovationFactory()
    ReplicationFactory(origin=origin, agency=agency, status="implemented")
    html = render_to_string(
        "innovations/_replicated_by.html", {"replicated_by": replicated_by(origin)}
    )
    assert "Direplikasi oleh 1 instansi" in html
    assert agency.name in html


def test_chart_coordinates_are_not_localised(client, bangka):
    """Indonesian formats decimals with a comma, which would break SVG attributes."""
    _hub, _regency, agency = bangka
    PublishedInnovationFactory.create_batch(3, agency=agency, year_launched=2020)
    PublishedInnovationFactory(agency=agency, year_launched=2021)
    html = client.get(reverse("hubs:statistics")).content.decode()
    widths = re.findall(r'<rect x="[^"]*" y="[^"]*" width="([^"]*)"', html)
    assert widths and all("," not in width for width in widths)
    assert "126.7" in widths  # 380 * 1/3, rendered with a decimal point


def test_continuity_figure_counts_running_and_stopped_by_source_and_year(client, bangka):
    _hub, _regency, agency = bangka
    Continuity = Innovation.Continuity
    for status in (Continuity.RUNNING, Continuity.SCALED_UP, Continuity.STOPPED):
        PublishedInnovationFactory(
            agency=agency, source="kipp", year_launched=2019, continuity_status=status,
            continuity_note="Anggaran dihentikan" if status == Continuity.STOPPED else "",
        )  # fmt: skip
    PublishedInnovationFactory(agency=agency, source="iga", year_launched=2021)
    InnovationFactory(agency=agency, source="kipp", year_launched=2019)  # draft: never counted
    html = client.get(reverse("hubs:statistics")).content.decode()
    row = re.search(r'<tr data-source="kipp" data-year="2019">(.*?)</tr>', html, re.S).group(1)
    assert re.search(r'data-column="running">2<', row)
    assert re.search(r'data-column="stopped">1<', row)
    assert re.search(r'data-column="total">3<', row)
    assert re.search(r'data-total="total">4<', html)

    response = client.get(reverse("hubs:statistics_csv", args=(selectors.CONTINUITY_FIGURE,)))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["sumber", "tahun_mulai", "berjalan", "berhenti", "belum_diketahui", "jumlah"]
    assert ["kipp", "2019", "2", "1", "0", "3"] in rows
