"""The lists an audit of a 100,000-entry catalogue found slow: what they show, and (on
PostgreSQL) that their queries are shaped so the database can answer them from an index.

The plan tests turn sequential scans and sorts off for the EXPLAIN: on a test database of a few
rows the planner would rightly prefer them, but with them off it must find a plan from an index
in the right order if one exists, and falls back to a (very costly) Sort if none does.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations import services
from innovations.models import SDG, DuplicateCandidate, Recognition
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/innovations/"
CHANGELIST = reverse("admin:innovations_innovation_changelist")
DUPLICATES = reverse("admin:innovations_duplicatecandidate_changelist")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans of PostgreSQL"
)


def captured_sql(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def plan(sql: str) -> str:
    """EXPLAIN of a captured statement (its values already inlined) with sequential scans and
    sorts made prohibitively expensive."""
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_sort", "enable_incremental_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def distinct_entries(queries) -> list[str]:
    """Statements making whole entry rows DISTINCT: every column, long texts included."""
    return [q["sql"] for q in queries if 'DISTINCT "innovations_innovation"."id"' in q["sql"]]


def listed(response) -> set[str]:
    return {row["slug"] for row in response.json()["results"]}


# --- the catalogue's relation filters: any of the chosen values, each entry once -------------


@pytest.fixture
def linked_entries():
    health, education = CategoryFactory(), CategoryFactory()
    sdg3, sdg4 = SDG.objects.get(number=3), SDG.objects.get(number=4)
    in_health = PublishedInnovationFactory(categories=[health], sdgs=[sdg3])
    in_both = PublishedInnovationFactory(categories=[health, education], sdgs=[sdg3, sdg4])
    in_education = PublishedInnovationFactory(categories=[education], sdgs=[sdg4])
    PublishedInnovationFactory()
    # A draft: never in the public list, in the admin's like any other entry.
    draft = InnovationFactory(categories=[health, education], sdgs=[sdg3, sdg4])
    # Two recognitions of one level: still one entry.
    for title in ("KIPP 2022", "KIPP 2023"):
        services.recognition_record(
            entry=in_both, title=title, year=2023, level=Recognition.Level.TOP_45
        )
    services.recognition_record(
        entry=in_health, title="KIPP 2023", year=2023, level=Recognition.Level.TOP_99
    )
    return {
        "health": health,
        "education": education,
        "in_health": in_health,
        "in_both": in_both,
        "in_education": in_education,
        "draft": draft,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category={health}", {"in_health", "in_both"}),
        ("category={health}&category={education}", {"in_health", "in_both", "in_education"}),
        ("sdg=4", {"in_both", "in_education"}),
        ("sdg=3&sdg=4", {"in_health", "in_both", "in_education"}),
        ("award_level=top_45", {"in_both"}),
        ("award_level=top_45&category={education}&sdg=3", {"in_both"}),
        ("award_level=top_99&sdg=4", set()),
    ],
)
def test_relation_filters_list_each_matching_entry_once_without_distinct(
    api_client, linked_entries, query, expected
):
    slugs = {name: linked_entries[name].slug for name in ("health", "education")}
    query = query.format(**slugs)
    with CaptureQueriesContext(connection) as captured:
        response = api_client.get(f"{LIST_URL}?{query}")

    assert listed(response) == {linked_entries[name].slug for name in expected}
    assert response.json()["count"] == len(expected)
    # DISTINCT over every column of the entry made the count slow.
    assert not distinct_entries(captured.captured_queries)


# --- the sorted catalogue: first page from an index ------------------------------------------


@postgresql_only
@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        ("title", "innovation_published_title"),
        ("-title", "innovation_published_title"),
        ("completeness", "innovation_published_complete"),
    ],
)
@pytest.mark.parametrize("url", [LIST_URL, "/inovasi/"])
def test_sorted_first_page_is_read_in_order_from_an_index(client, url, ordering, index):
    PublishedInnovationFactory.create_batch(3)
    InnovationFactory()
    column = "completeness" if ordering == "completeness" else "title"

    sorted_pages = [
        sql
        for sql in captured_sql(client, url, {"ordering": ordering})
        if "LIMIT" in sql and f'"innovations_innovation"."{column}"' in sql.split("ORDER BY")[-1]
    ]

    assert sorted_pages
    for sql in sorted_pages:
        shown = plan(sql)
        assert index in shown, shown
        assert "Sort" not in shown, shown


# --- the admin's entry list ------------------------------------------------------------------


def changelist_titles(client, query: str) -> set[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    assert not distinct_entries(captured.captured_queries)
    return {entry.title for entry in response.context["cl"].result_list}


def test_admin_category_and_sdg_filters_without_distinct(client, curator, linked_entries):
    titles = {name: getattr(row, "title", None) for name, row in linked_entries.items()}
    health, education = linked_entries["health"], linked_entries["education"]
    uncategorised = PublishedInnovationFactory()
    client.force_login(curator)

    assert changelist_titles(client, f"?categories__id__exact={health.pk}") == {
        titles["in_health"],
        titles["in_both"],
        titles["draft"],
    }
    # Several values: any of them, as Django's own filter reads them.
    assert changelist_titles(
        client, f"?categories__id__exact={health.pk}&categories__id__exact={education.pk}"
    ) == {titles[name] for name in ("in_health", "in_both", "in_education", "draft")}
    assert changelist_titles(client, "?sdgs__number__exact=4") == {
        titles["in_both"],
        titles["in_education"],
        titles["draft"],
    }
    without_category = changelist_titles(client, "?categories__isnull=True")
    assert uncategorised.title in without_category
    assert titles["in_health"] not in without_category
    assert titles["in_education"] in changelist_titles(client, "?categories__isnull=False")
    assert uncategorised.title not in changelist_titles(client, "?categories__isnull=False")


def test_admin_category_filter_keeps_its_choices_and_refuses_a_bad_value(client, curator):
    health = CategoryFactory(name="Kesehatan Uji")
    client.force_login(curator)

    page = client.get(CHANGELIST, {"_facets": "1"})
    assert page.status_code == 200
    assert f"categories__id__exact={health.pk}" in page.content.decode()
    assert "categories__isnull=True" in page.content.decode()
    assert "sdgs__number__exact=3" in page.content.decode()
    # As for any other bad filter value, the list reloads with ?e=1.
    response = client.get(CHANGELIST, {"categories__id__exact": "abc"})
    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_admin_search_finds_by_title_words_exact_reference_and_agency_name(client, curator):
    by_title = InnovationFactory(title="Posyandu Digital Cegah Tengkes")
    by_ref = InnovationFactory(external_ref="KIPP-2021-0042")
    by_agency = PublishedInnovationFactory(agency=AgencyFactory(name="Pemerintah Kota Pelangi"))
    in_summary = InnovationFactory(summary="Layanan gizi untuk anak balita di posyandu.")
    client.force_login(curator)

    assert changelist_titles(client, "?q=posyandu") == {by_title.title}
    assert changelist_titles(client, "?q=tengkes+POSYANDU") == {by_title.title}
    assert changelist_titles(client, "?q=posyandu+perizinan") == set()
    assert changelist_titles(client, "?q=kipp-2021-0042") == {by_ref.title}
    assert changelist_titles(client, "?q=Pelangi") == {by_agency.title}
    assert changelist_titles(client, '?q="kota pelangi"') == {by_agency.title}
    # A reference is matched whole, and summaries are left to the public search.
    assert changelist_titles(client, "?q=2021-0042") == set()
    assert changelist_titles(client, "?q=balita") == set()
    assert in_summary.title not in changelist_titles(client, "?q=posyandu")


@postgresql_only
def test_admin_search_is_one_bitmap_scan_of_the_entries_indexes(client, curator):
    AgencyFactory(name="Pemerintah Kota Pelangi")
    InnovationFactory(title="Posyandu Digital", external_ref="KIPP-2021-0042")
    client.force_login(curator)

    counts = [
        sql
        for sql in captured_sql(client, CHANGELIST, {"q": "pelangi posyandu"})
        if "COUNT(*)" in sql and "LIKE" in sql
    ]

    assert counts
    shown = plan(counts[0])
    assert "BitmapOr" in shown, shown
    for index in ("innovation_title_upper_trgm", "innovation_external_ref_upper"):
        assert index in shown, shown
    assert "regions_agency" not in shown, shown  # its ids were looked up first


# --- the admin's duplicate pairs ---------------------------------------------------------------


@postgresql_only
def test_duplicate_pairs_page_is_read_in_order_from_an_index(client, curator):
    first, second, third = sorted(InnovationFactory.create_batch(3), key=lambda e: e.pk)
    for entry, other in ((first, second), (second, third)):
        DuplicateCandidate.objects.create(
            entry=entry,
            other=other,
            reason=DuplicateCandidate.Reason.SIMILAR_TITLE_SAME_AGENCY,
            score=0.9,
        )
    client.force_login(curator)

    pages = [
        sql
        for sql in captured_sql(client, DUPLICATES)
        if 'FROM "innovations_duplicatecandidate"' in sql and "ORDER BY" in sql
    ]  # a single page has no LIMIT; a longer list is this statement with one

    assert pages
    shown = plan(pages[0])
    assert "duplicate_status_created" in shown, shown
    assert "Sort" not in shown, shown


def test_duplicate_pairs_list_newest_open_pairs_first(client, curator):
    first, second, third = sorted(InnovationFactory.create_batch(3), key=lambda e: e.pk)
    older = DuplicateCandidate.objects.create(
        entry=first, other=second, reason=DuplicateCandidate.Reason.SIMILAR_TITLE_SAME_AGENCY,
        score=0.9,
    )  # fmt: skip
    newer = DuplicateCandidate.objects.create(
        entry=second, other=third, reason=DuplicateCandidate.Reason.SIMILAR_TITLE_SAME_AGENCY,
        score=0.8,
    )  # fmt: skip
    client.force_login(curator)

    response = client.get(DUPLICATES)

    assert list(response.context["cl"].result_list) == [newer, older]


# --- an import's lookup of the entries its rows name -------------------------------------------


@postgresql_only
def test_import_finds_stored_entries_through_the_reference_index_in_one_parameter():
    from innovations.services import exchange

    stored = InnovationFactory(source="kipp", external_ref="KIPP-0007")
    InnovationFactory(source="iga", external_ref="KIPP-0007")  # same reference, other source
    keys = {("kipp", f"KIPP-{n:04d}") for n in range(1, 300)}

    with CaptureQueriesContext(connection) as captured:
        found = exchange._existing_entries(keys)

    assert {key: entry.pk for key, entry in found.items()} == {("kipp", "KIPP-0007"): stored.pk}
    (lookup,) = [q["sql"] for q in captured.captured_queries]
    # The references travel as one array, not as 299 placeholders for the client to split.
    assert "= ANY(" in lookup and lookup.count("KIPP-") == 299
    assert "innovation_unique_external_ref_per_source" in plan(lookup), plan(lookup)


# --- a word with filters: one index answers both -------------------------------------------


@postgresql_only
@pytest.mark.parametrize("filters", [{"year": "2021"}, {"province": "province"}])
def test_a_word_and_its_filters_are_intersected_in_the_match_index(client, filters):
    entry = PublishedInnovationFactory(title="Posyandu keliling desa", year_launched=2021)
    PublishedInnovationFactory(title="Posyandu remaja", year_launched=2019)
    if "province" in filters:
        filters = {"province": entry.province.code}

    response = client.get(LIST_URL, {"q": "posyandu", **filters})
    cache.clear()  # the count is cached with the list
    counts = [
        sql
        for sql in captured_sql(client, LIST_URL, {"q": "posyandu", **filters})
        if "COUNT(*)" in sql and "innovations_searchentry" in sql
    ]

    assert listed(response) == {entry.slug}
    assert counts
    shown = plan(counts[0])
    # Both conditions are the index's: the rows of the filter alone are never read.
    column = "year_launched" if "year" in filters else "province_id"
    index_conditions = [line for line in shown.splitlines() if "Index Cond" in line]
    assert "searchentry_match_filters" in shown, shown
    assert any("match_vector" in c and column in c for c in index_conditions), shown


@postgresql_only
def test_facets_of_a_word_in_a_province_and_a_year_read_only_the_matches_a_count_takes(
    monkeypatch,
):
    from django.http import QueryDict

    from innovations import facets
    from innovations.filters import InnovationFilter
    from innovations.selectors import published_innovations

    here = AgencyFactory()
    both = PublishedInnovationFactory(title="Posyandu keliling", agency=here, year_launched=2021)
    other_year = PublishedInnovationFactory(
        title="Posyandu remaja", agency=here, year_launched=2019
    )
    elsewhere = PublishedInnovationFactory(title="Posyandu lansia", year_launched=2021)
    PublishedInnovationFactory(title="Posyandu balita", year_launched=2019)  # fails both filters
    read = []
    real = facets._facet_records
    monkeypatch.setattr(facets, "_facet_records", lambda rows: read.append(rows) or real(rows))
    params = QueryDict(f"q=posyandu&province={here.province.code}&year=2021")
    filterset = InnovationFilter(params, queryset=published_innovations())
    assert filterset.is_valid()

    counts, total = facets.single_pass_counts(filterset, ["province", "year"])

    assert total == 1
    assert {b["value"]: b["count"] for b in counts["year"]} == {"2021": 1, "2019": 1}
    (rows,) = read
    assert set(rows.values_list("innovation_id", flat=True)) == {
        both.pk,
        other_year.pk,
        elsewhere.pk,
    }
    # Read as one OR of the two filters (with the word, the index's columns), not the third
    # view, both filters, which either of them takes in.
    where = str(rows.query).split(" WHERE ", 1)[1]
    assert where.count("year_launched") == 1 and where.count("province_id") == 1, where


# --- lists load what a card shows -------------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"q": "posyandu"}])
def test_lists_load_neither_the_story_nor_the_search_vector(client, query):
    health = CategoryFactory()  # shared: similar entries on SQLite come by their topics
    entries = [
        PublishedInnovationFactory(
            title=f"Posyandu keliling {n}", problem="Balita jauh.", categories=[health]
        )
        for n in range(3)
    ]
    pages = {
        LIST_URL: query,
        "/inovasi/": query,
        "/": {},
        f"{LIST_URL}{entries[0].slug}/similar/": {},
    }
    if not query:  # the sync pages
        pages[LIST_URL] = {"updated_since": "2000-01-01T00:00:00Z"}
        pages[f"{LIST_URL}?ordering=title"] = {}
    for url, params in pages.items():
        # The selected columns (a search on SQLite matches the story in its WHERE clause).
        loaded = " ".join(sql.split(" FROM ", 1)[0] for sql in captured_sql(client, url, params))
        assert '"innovations_innovation"."title"' in loaded, url
        for column in ("search_vector", "problem", "how_it_works"):
            assert f'"innovations_innovation"."{column}"' not in loaded, (url, column)
    # An entry's own page and API detail still show the story.
    detail = client.get(f"{LIST_URL}{entries[0].slug}/").json()
    assert detail["problem"] == "Balita jauh."
    assert "Balita jauh." in client.get(entries[0].get_absolute_url()).content.decode()
