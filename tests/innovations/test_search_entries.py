"""The narrow search table (PostgreSQL): kept by triggers in the same transaction as every change
that can alter what search, counts and facets show; drafts have no row; the single-pass facets
and the two-step relevance order agree with the rules the per-facet counts and ranking prove."""

import pytest
from django.db import connection
from django.http import QueryDict

from innovations import facets, services
from innovations.filters import InnovationFilter
from innovations.models import SDG, Innovation, Recognition, Replication
from innovations.selectors import published_innovations
from innovations.services import bulk
from regions.models import Agency
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)
from tests.hubs.factories import ReplicationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the search table exists on PostgreSQL only"
    ),
]
LIST_URL = "/api/v1/innovations/"


def search_row(entry: Innovation) -> dict | None:
    """The entry's search-table row as the current transaction sees it (no commit happens in
    these tests, so a row that follows a change was written in the change's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT year_launched, province_id, source, stage, category_ids, sdg_numbers, "
            "award_levels, published_at FROM innovations_searchentry WHERE innovation_id = %s",
            [entry.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    names = ("year", "province_id", "source", "stage", "categories", "sdgs", "awards", "published")
    return dict(zip(names, row, strict=True))


def matches(entry: Innovation, word: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT match_vector @@ plainto_tsquery('indonesian', %s) FROM innovations_searchentry "
            "WHERE innovation_id = %s",
            [word, entry.pk],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def test_search_row_follows_an_entry_edit(db):
    entry = PublishedInnovationFactory(title="Layanan Arsip", year_launched=2019)
    assert matches(entry, "arsip")
    entry.title, entry.year_launched, entry.source = "Perpustakaan Keliling", 2021, "iga"
    entry.save()
    row = search_row(entry)
    assert (row["year"], row["source"]) == (2021, "iga")
    assert matches(entry, "perpustakaan") and not matches(entry, "arsip")


def test_search_row_exists_only_while_the_entry_is_published(curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    assert search_row(entry) is None
    services.innovation_transition(entry=entry, action="publish", by=curator)
    assert search_row(entry)["published"] is not None
    services.innovation_transition(entry=entry, action="archive", by=curator)
    assert search_row(entry) is None


def test_copied_rows_get_a_vector_and_a_search_row_only_when_published(db):
    """Imports insert entries with COPY (services.bulk), not save(): the triggers alone decide,
    per row, and skip the rows they have nothing to do for (migration 0019) without skipping
    one they must correct."""
    agency = AgencyFactory(name="Dinas Arsip Daerah")
    rows = {
        "terbit": (Innovation.Status.PUBLISHED, None),
        "review-bervektor": (Innovation.Status.IN_REVIEW, "'usang':1"),  # must not keep it
        "review": (Innovation.Status.IN_REVIEW, None),
    }
    entries = []
    for (slug, (status, vector)), pk in zip(
        rows.items(), bulk.allocate_ids(Innovation, len(rows)), strict=True
    ):
        entry = InnovationFactory.build(
            pk=pk, slug=slug, title="Layanan Arsip Keliling", agency=agency, status=status
        )
        entry.search_vector = vector
        entries.append(entry)
    bulk.insert_instances(Innovation, entries)

    stored = {entry.slug: entry for entry in Innovation.objects.filter(agency=agency)}
    assert matches(stored["terbit"], "arsip") and matches(stored["terbit"], "dinas")
    assert search_row(stored["terbit"]) is not None
    for slug in ("review-bervektor", "review"):
        assert stored[slug].search_vector is None
        assert search_row(stored[slug]) is None


def test_search_row_follows_categories_sdgs_and_recognitions(db):
    entry = PublishedInnovationFactory()
    health, school = CategoryFactory(name="Literasi Warga"), CategoryFactory()
    entry.categories.set([health, school])
    entry.sdgs.add(SDG.objects.get(number=4))
    assert sorted(search_row(entry)["categories"]) == sorted([health.pk, school.pk])
    assert search_row(entry)["sdgs"] == [4]
    assert matches(entry, "literasi")
    entry.categories.remove(health)
    entry.sdgs.clear()
    assert search_row(entry)["categories"] == [school.pk]
    assert search_row(entry)["sdgs"] == []
    assert not matches(entry, "literasi")
    services.recognition_record(
        entry=entry, title="KIPP 2024", year=2024, level=Recognition.Level.TOP_99
    )
    assert search_row(entry)["awards"] == ["top_99"]
    Recognition.objects.filter(innovation=entry).delete()
    assert search_row(entry)["awards"] == []


def test_search_row_follows_an_agency_rename(db):
    agency = AgencyFactory(name="Pemerintah Kabupaten Lama")
    entry = PublishedInnovationFactory(agency=agency)
    Agency.objects.filter(pk=agency.pk).update(name="Pemerintah Kabupaten Sukamaju")
    assert matches(entry, "sukamaju")


def test_deleted_entry_leaves_no_search_row(db):
    entry = PublishedInnovationFactory(categories=[CategoryFactory()])
    pk = entry.pk
    entry.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM innovations_searchentry WHERE innovation_id = %s", [pk]
        )
        assert cursor.fetchone()[0] == 0


def test_drafts_are_never_searched_or_counted(api_client):
    PublishedInnovationFactory(title="Rahasia Umum Terbit", year_launched=2020)
    for status in (
        Innovation.Status.DRAFT,
        Innovation.Status.IN_REVIEW,
        Innovation.Status.ARCHIVED,
    ):
        InnovationFactory(title=f"Rahasia Draf {status}", status=status, year_launched=2021)
    body = api_client.get(LIST_URL, {"q": "rahasia", "facets": "year,source,stage"}).json()
    assert body["count"] == 1
    assert [row["title"] for row in body["results"]] == ["Rahasia Umum Terbit"]
    assert {b["value"]: b["count"] for b in body["facets"]["year"]} == {"2020": 1}


@pytest.fixture
def mixed_catalogue():
    health, school = CategoryFactory(name="Kesehatan Uji"), CategoryFactory(name="Sekolah Uji")
    north, south = AgencyFactory(), AgencyFactory()
    sdg3, sdg4 = SDG.objects.get(number=3), SDG.objects.get(number=4)
    for index in range(12):
        entry = PublishedInnovationFactory(
            title=f"Layanan Pelayanan Warga {index}",
            agency=north if index % 3 else south,
            year_launched=2018 + index % 4,
            categories=[health] if index % 2 else [health, school],
            sdgs=[sdg3] if index % 3 else [sdg3, sdg4],
            source=("kipp", "iga", "lan_lab")[index % 3],
            stage=("penerapan", "uji_coba")[index % 2],
        )
        if index % 4 == 0:
            services.recognition_record(
                entry=entry, title="KIPP", year=2023, level=Recognition.Level.TOP_45
            )
        if index % 5 == 0:
            ReplicationFactory(origin=entry, status=Replication.Status.IMPLEMENTED)
        elif index % 5 == 1:
            ReplicationFactory(origin=entry, status=Replication.Status.PLANNED)  # not counted
    InnovationFactory(title="Layanan Draf", agency=north, categories=[health])
    return {"north": north, "south": south, "health": health, "school": school}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=pelayanan",
        "q=layanan&year=2019",
        "q=layanan&year=2019&province={north}&category={school}",
        "q=warga&year=2020&sdg=4",
        "q=warga&province={north}&category={health}&source=iga",
        "q=pelayanan&category={school}&category={health}&sdg=4&award_level=top_45",
        "province={south}&stage=uji_coba&year=2021",
        "q=warga -draf&province={north}&regency=&year=2018&sdg=3",
        "q=layanan&kind=digital&covid_related=false&continuity=berjalan&stage=penerapan",
        "replicated=true",
        "q=pelayanan&replicated=false&category={school}&year=2018",
        "q=warga&replicated=true&province={north}&sdg=4",
        "replicated=false&province={south}&stage=uji_coba",
    ],
)
def test_single_pass_facets_equal_the_per_facet_counts(mixed_catalogue, query):
    assert_single_pass_equals_per_facet(mixed_catalogue, query, list(facets.FACET_NAMES))


@pytest.mark.parametrize(
    ("query", "names"),
    [
        # Filters whose facets are not asked for: the facet scan reads fewer matches.
        ("q=layanan&year=2019&province={north}", ["category"]),
        ("q=layanan&year=2019&province={north}", ["year"]),
        ("q=warga&year=2020", ["source", "sdg"]),
        ("q=pelayanan&category={school}&sdg=4&source=kipp", ["source"]),
        ("q=warga&province={north}&regency=&stage=penerapan", ["stage", "regency"]),
    ],
)
def test_single_pass_facets_of_some_facets_equal_the_per_facet_counts(
    mixed_catalogue, query, names
):
    assert_single_pass_equals_per_facet(mixed_catalogue, query, names)


def assert_single_pass_equals_per_facet(mixed_catalogue, query: str, names: list[str]) -> None:
    query = query.format(
        north=mixed_catalogue["north"].province.code,
        south=mixed_catalogue["south"].province.code,
        health=mixed_catalogue["health"].slug,
        school=mixed_catalogue["school"].slug,
    )
    params = QueryDict(query)
    filterset = InnovationFilter(params, queryset=published_innovations())
    assert filterset.is_valid()
    single, total = facets.single_pass_counts(filterset, names)
    assert single == facets.per_facet_counts(params, names, published_innovations())
    assert total == filterset.qs.count()


def test_relevance_puts_title_then_summary_then_story_then_agency(api_client):
    word = "gotongroyong"
    in_agency = PublishedInnovationFactory(
        title="Satu", summary="Ringkas.", agency=AgencyFactory(name=f"Dinas {word.title()}")
    )
    in_story = PublishedInnovationFactory(title="Dua", summary="Ringkas.", problem=f"Ada {word}.")
    in_summary = PublishedInnovationFactory(title="Tiga", summary=f"Program {word} warga.")
    in_title = PublishedInnovationFactory(title=f"Kampung {word.title()}", summary="Ringkas.")
    expected = [in_title.title, in_summary.title, in_story.title, in_agency.title]

    body = api_client.get(LIST_URL, {"q": word}).json()
    assert [row["title"] for row in body["results"]] == expected
    # One entry a page: pages past the title and summary matches continue in the same order.
    paged = [
        api_client.get(LIST_URL, {"q": word, "page_size": 1, "page": page}).json()["results"][0][
            "title"
        ]
        for page in range(1, 5)
    ]
    assert paged == expected


def test_cached_facets_and_total_follow_an_agency_rename(api_client):
    agency = AgencyFactory(name="Dinas Lamaraya")
    PublishedInnovationFactory(agency=agency, year_launched=2020)
    asked = {"q": "lamaraya", "facets": "year"}
    assert api_client.get(LIST_URL, asked).json()["count"] == 1
    agency.name = "Dinas Barujaya"
    agency.save()
    renamed = api_client.get(LIST_URL, asked).json()
    assert (renamed["count"], renamed["facets"]["year"]) == (0, [])
    assert api_client.get(LIST_URL, {**asked, "q": "barujaya"}).json()["count"] == 1


def facet_record_of(entry: Innovation) -> facets.FacetRecords:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT facet_record, facet_values FROM innovations_searchentry "
            "WHERE innovation_id = %s",
            [entry.pk],
        )
        record, values = cursor.fetchone()
    return facets.FacetRecords.unpack(bytes(record), bytes(values))


def test_facet_record_follows_the_entry_and_its_links(curator):
    health, school = CategoryFactory(), CategoryFactory()
    entry = PublishedInnovationFactory(
        year_launched=2019, covid_related=True, categories=[health, school]
    )
    entry.sdgs.set([SDG.objects.get(number=3), SDG.objects.get(number=16)])
    services.recognition_record(
        entry=entry, title="KIPP 2024", year=2024, level=Recognition.Level.TOP_45
    )
    found = facet_record_of(entry)
    record = found.records[0]
    assert (record["province"], record["regency"]) == (entry.province_id, entry.regency_id or 0)
    assert (record["year"], record["covid_related"]) == (2019, 1)
    assert sorted(found.multi("category")[1].tolist()) == sorted([health.pk, school.pk])
    assert sorted(found.multi("sdg")[1].tolist()) == [3, 16]
    top_45 = facets._hash_of(["top_45"])["top_45"]
    assert found.multi("award_level")[1].tolist() == [top_45]
    assert record["stage"] == facets._hash_of([entry.stage])[entry.stage]

    entry.categories.remove(health)
    entry.year_launched = 2021
    entry.save()
    found = facet_record_of(entry)
    assert found.multi("category")[1].tolist() == [school.pk]
    assert found.records[0]["year"] == 2021


def test_a_stored_value_outside_the_choices_is_counted_under_its_own_name(api_client):
    entry = PublishedInnovationFactory(title="Layanan Warisan Lama", stage="penerapan")
    PublishedInnovationFactory(title="Layanan Warisan Baru", stage="uji_coba")
    # A value an older release allowed: the count keeps it rather than dropping the entry.
    Innovation.objects.filter(pk=entry.pk).update(stage="purnabakti")
    body = api_client.get(LIST_URL, {"q": "warisan", "facets": "stage"}).json()
    assert {row["value"]: row["count"] for row in body["facets"]["stage"]} == {
        "purnabakti": 1,
        "uji_coba": 1,
    }


def test_every_word_in_title_or_summary_ranks_before_a_partial_title_match(api_client):
    partial = PublishedInnovationFactory(
        title="Kampung Lumbungraya", summary="Ringkas.", problem="Panen padi gogoraya."
    )
    whole = PublishedInnovationFactory(title="Satu", summary="Lumbungraya gogoraya desa.")
    body = api_client.get(LIST_URL, {"q": "lumbungraya gogoraya"}).json()
    assert [row["title"] for row in body["results"]] == [whole.title, partial.title]


def test_list_total_is_counted_once_until_the_catalogue_changes(api_client):
    from django.test.utils import CaptureQueriesContext

    PublishedInnovationFactory(title="Layanan Halaman Panjang")
    asked = {"q": "halaman", "page_size": 1}
    assert api_client.get(LIST_URL, asked).json()["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(LIST_URL, {**asked, "page": 1}).json()["count"] == 1
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    PublishedInnovationFactory(title="Layanan Halaman Kedua")
    assert api_client.get(LIST_URL, asked).json()["count"] == 2


def test_facet_labels_follow_a_rename_and_are_not_read_again_until_then(api_client):
    from django.test.utils import CaptureQueriesContext

    sdg = SDG.objects.get(number=3)
    PublishedInnovationFactory(title="Posyandu keliling", sdgs=[sdg])
    PublishedInnovationFactory(title="Posbindu keliling", sdgs=[sdg])
    body = api_client.get(LIST_URL, {"q": "posyandu", "facets": "sdg,province"}).json()
    assert [(b["value"], b["label"]) for b in body["facets"]["sdg"]] == [("3", sdg.name)]

    # Another query: its counts are not cached, the labels are.
    with CaptureQueriesContext(connection) as captured:
        body = api_client.get(LIST_URL, {"q": "keliling", "facets": "sdg,province"}).json()
    assert body["facets"]["sdg"][0]["count"] == 2
    labels = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith(('SELECT "innovations_sdg"', 'SELECT "regions_province"'))
    ]
    assert labels == []

    sdg.name = "Kehidupan Sehat dan Sejahtera (diubah)"
    sdg.save()
    body = api_client.get(LIST_URL, {"q": "keliling", "facets": "sdg"}).json()
    assert body["facets"]["sdg"][0]["label"] == "Kehidupan Sehat dan Sejahtera (diubah)"
