"""Facet counts: computed under the current query and filters (their own filter left out), never
counting unpublished entries."""

import pytest
from django.http import QueryDict

from innovations.facets import facet_counts, parse_facet_names
from innovations.models import SDG, Innovation
from innovations.selectors import published_innovations
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db


def counts(query: str, *names: str) -> dict[str, dict[str, int]]:
    result = facet_counts(QueryDict(query), list(names), published_innovations())
    return {name: {b["value"]: b["count"] for b in buckets} for name, buckets in result.items()}


@pytest.fixture
def catalogue():
    health, school = CategoryFactory(name="Kesehatan Uji"), CategoryFactory(name="Sekolah Uji")
    north, south = AgencyFactory(), AgencyFactory()
    sdg3 = SDG.objects.get(number=3)
    PublishedInnovationFactory(agency=north, year_launched=2020, categories=[health], sdgs=[sdg3])
    PublishedInnovationFactory(agency=north, year_launched=2021, categories=[health, school])
    PublishedInnovationFactory(
        agency=south, year_launched=2021, categories=[school], source=Innovation.Source.IGA
    )
    # Unpublished entries that must never be counted.
    for status in (
        Innovation.Status.DRAFT,
        Innovation.Status.IN_REVIEW,
        Innovation.Status.ARCHIVED,
    ):
        InnovationFactory(agency=north, year_launched=2020, categories=[health], status=status)
    return {"health": health, "school": school, "north": north, "south": south}


def test_counts_exclude_unpublished_entries(catalogue):
    result = counts("", "province", "year", "category", "sdg", "source", "stage")
    north = catalogue["north"].province.code
    south = catalogue["south"].province.code
    assert result["province"] == {north: 2, south: 1}
    assert result["year"] == {"2020": 1, "2021": 2}
    assert result["category"] == {catalogue["health"].slug: 2, catalogue["school"].slug: 2}
    assert result["sdg"] == {"3": 1}
    assert result["source"] == {"kipp": 2, "iga": 1}
    assert result["stage"] == {"penerapan": 3}


def test_counts_follow_combined_filters_but_not_their_own(catalogue):
    north = catalogue["north"].province.code
    result = counts(f"province={north}&year=2021", "province", "year", "category")
    # Province counted under year=2021 only; year counted under the province only.
    assert result["province"] == {north: 1, catalogue["south"].province.code: 1}
    assert result["year"] == {"2020": 1, "2021": 1}
    assert result["category"] == {catalogue["health"].slug: 1, catalogue["school"].slug: 1}


def test_counts_follow_the_text_query(catalogue):
    PublishedInnovationFactory(title="Layanan Perpustakaan Keliling", year_launched=2019)
    assert counts("q=perpustakaan", "year")["year"] == {"2019": 1}


def test_regency_facet_only_once_a_province_is_chosen(catalogue):
    assert counts("", "regency")["regency"] == {}
    north = catalogue["north"]
    RegencyFactory(province=north.province)  # a regency without entries is not listed
    result = counts(f"province={north.province.code}", "regency")
    assert result["regency"] == {north.regency.code: 2}


def test_award_level_counts_recognised_published_entries(catalogue, curator):
    from innovations import services
    from innovations.models import Recognition

    assert counts("", "award_level") == {"award_level": {}}
    awarded = PublishedInnovationFactory()
    draft = InnovationFactory()
    for entry in (awarded, draft):
        services.recognition_record(
            entry=entry, title="KIPP 2023", year=2023, level=Recognition.Level.TOP_45
        )
    assert counts("", "award_level") == {"award_level": {"top_45": 1}}


def test_unknown_facet_names_are_refused():
    with pytest.raises(ValueError, match="colour"):
        parse_facet_names("province,colour")
    assert parse_facet_names("province, year") == ["province", "year"]


def test_field_set_and_continuity_facets_count_published_only(catalogue):
    PublishedInnovationFactory(
        kind=Innovation.Kind.DIGITAL, continuity_status=Innovation.Continuity.RUNNING
    )
    InnovationFactory(kind=Innovation.Kind.DIGITAL, continuity_status=Innovation.Continuity.RUNNING)
    result = counts("", "kind", "continuity")
    assert result["kind"] == {"digital": 1}  # entries without a kind are not a bucket
    assert result["continuity"] == {"berjalan": 1, "tidak_diketahui": 3}
    assert counts("continuity=berjalan", "kind")["kind"] == {"digital": 1}


def test_cached_counts_follow_a_publication(curator):
    from innovations import services

    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW, year_launched=2017)
    assert counts("", "year")["year"] == {}
    assert counts("", "year")["year"] == {}  # now served from the cache
    services.innovation_transition(entry=entry, action="publish", by=curator)
    assert counts("", "year")["year"] == {"2017": 1}
    entry.categories.add(CategoryFactory(name="Baru"))
    assert counts("", "category")["category"] == {"baru": 1}
