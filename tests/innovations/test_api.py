"""The read API of the catalogue: only published entries, the page's filters, strict input."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovations.models import SDG, GovernmentAffair, Innovation, InnovationMedia
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    CentralAgencyFactory,
    InnovationFactory,
    PublishedInnovationFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/innovations/"


def detail_url(entry: Innovation) -> str:
    return f"{LIST_URL}{entry.slug}/"


def listed_slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "status",
    [Innovation.Status.DRAFT, Innovation.Status.IN_REVIEW, Innovation.Status.ARCHIVED],
)
def test_unpublished_entry_is_absent_from_list_and_count(api_client, status):
    published = PublishedInnovationFactory()
    InnovationFactory(status=status)

    body = api_client.get(LIST_URL).json()

    assert body["count"] == 1
    assert [row["slug"] for row in body["results"]] == [published.slug]


@pytest.mark.parametrize(
    "status",
    [Innovation.Status.DRAFT, Innovation.Status.IN_REVIEW, Innovation.Status.ARCHIVED],
)
def test_unpublished_entry_detail_is_404_even_for_its_curator(api_client, curator, status):
    entry = InnovationFactory(status=status)
    assert api_client.get(detail_url(entry)).status_code == 404
    api_client.force_authenticate(curator)
    assert api_client.get(detail_url(entry)).status_code == 404


def test_list_row_has_links_nested_region_and_taxonomy(api_client):
    health = CategoryFactory(name="Kesehatan", slug="kesehatan", name_en="Health")
    entry = PublishedInnovationFactory(categories=[health], sdgs=[SDG.objects.get(number=3)])

    row = api_client.get(LIST_URL).json()["results"][0]

    assert row["url"] == f"http://testserver/api/v1/innovations/{entry.slug}/"
    assert row["web_url"] == f"http://testserver/inovasi/{entry.slug}/"
    assert row["agency"] == {
        "code": entry.agency.code,
        "name": entry.agency.name,
        "kind": "kabupaten",
    }
    assert row["province"] == {"code": entry.province.code, "name": entry.province.name}
    assert row["regency"] == {
        "code": entry.regency.code,
        "name": entry.regency.name,
        "kind": "kabupaten",
    }
    assert row["stage"] == "penerapan"
    assert row["stage_label"] == "Penerapan"
    assert row["source"] == "kipp"
    assert row["source_label"] == "KIPP KemenPANRB"
    assert row["categories"] == [{"slug": "kesehatan", "name": "Kesehatan", "name_en": "Health"}]
    assert [sdg["number"] for sdg in row["sdgs"]] == [3]
    assert "problem" not in row  # the story is for the detail


def test_central_agency_entry_without_region_serializes_nulls(api_client):
    PublishedInnovationFactory(agency=CentralAgencyFactory(), province=None, regency=None)

    row = api_client.get(LIST_URL).json()["results"][0]

    assert row["province"] is None
    assert row["regency"] is None


def test_detail_has_narrative_contact_and_media(api_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = PublishedInnovationFactory(
        sustainability="Dianggarkan dalam APBD setiap tahun.",
        legal_basis="Peraturan Bupati",
        legal_basis_number="Nomor 12 Tahun 2021",
        external_ref="KIPP-2021-007",
        contact_name="Siti",
        contact_email="siti@example.go.id",
        contact_phone="0812",
        website_url="https://layanan.example.go.id",
    )
    InnovationMedia.objects.create(
        innovation=entry,
        kind=InnovationMedia.Kind.DOCUMENT,
        file=SimpleUploadedFile("profil.pdf", b"%PDF-1.4 profil"),
        caption="Profil inovasi",
    )

    response = api_client.get(detail_url(entry))

    assert response.status_code == 200
    body = response.json()
    for name in Innovation.NARRATIVE_FIELDS:
        assert body[name] == getattr(entry, name)
    assert body["results"] == "Waktu layanan turun dari 14 hari menjadi 2 hari."
    assert body["agency"]["code"] == entry.agency.code
    assert body["regency"]["code"] == entry.regency.code
    assert body["legal_basis"] == "Peraturan Bupati"
    assert body["legal_basis_number"] == "Nomor 12 Tahun 2021"
    assert body["external_ref"] == "KIPP-2021-007"
    assert body["contact"] == {"name": "Siti", "email": "siti@example.go.id", "phone": "0812"}
    assert body["website_url"] == "https://layanan.example.go.id"
    [media] = body["media"]
    assert media["kind"] == "document"
    assert media["caption"] == "Profil inovasi"
    assert media["url"].startswith("http://testserver/media/innovations/")


def test_detail_exposes_no_workflow_fields(api_client):
    entry = PublishedInnovationFactory(created_by=UserFactory())

    body = api_client.get(detail_url(entry)).json()

    for internal in (
        "id",
        "status",
        "created_by",
        "created_at",
        "completeness_missing",
        "last_confirmed_by",
    ):
        assert internal not in body


def test_detail_ignores_list_filters(api_client):
    entry = PublishedInnovationFactory(year_launched=2019)
    assert api_client.get(detail_url(entry), {"year": 2020}).status_code == 200


def test_filter_by_province_and_regency(api_client):
    here = PublishedInnovationFactory()
    same_province = PublishedInnovationFactory(
        agency=AgencyFactory(regency=RegencyFactory(province=here.province))
    )
    PublishedInnovationFactory()

    by_province = listed_slugs(api_client.get(LIST_URL, {"province": here.province.code}))
    by_regency = listed_slugs(api_client.get(LIST_URL, {"regency": here.regency.code}))

    assert sorted(by_province) == sorted([here.slug, same_province.slug])
    assert by_regency == [here.slug]


def test_filter_by_year_source_and_stage(api_client):
    match = PublishedInnovationFactory(
        year_launched=2019, source=Innovation.Source.IGA, stage=Innovation.Stage.TRIAL
    )
    PublishedInnovationFactory(year_launched=2020, source=Innovation.Source.IGA)
    PublishedInnovationFactory(year_launched=2019, stage=Innovation.Stage.TRIAL)

    assert listed_slugs(api_client.get(LIST_URL, {"year": 2019, "source": "iga"})) == [match.slug]
    assert listed_slugs(api_client.get(LIST_URL, {"stage": "uji_coba", "source": "iga"})) == [
        match.slug
    ]


def test_repeated_category_and_sdg_match_any_of_them(api_client):
    health, education = CategoryFactory(), CategoryFactory()
    sdg3, sdg4 = SDG.objects.get(number=3), SDG.objects.get(number=4)
    in_health = PublishedInnovationFactory(categories=[health], sdgs=[sdg3])
    in_both = PublishedInnovationFactory(categories=[health, education], sdgs=[sdg3, sdg4])
    in_education = PublishedInnovationFactory(categories=[education], sdgs=[sdg4])
    PublishedInnovationFactory()

    one_category = api_client.get(LIST_URL, {"category": health.slug}).json()
    both = api_client.get(f"{LIST_URL}?category={health.slug}&category={education.slug}").json()
    by_sdg = listed_slugs(api_client.get(LIST_URL, {"sdg": 4}))

    assert sorted(r["slug"] for r in one_category["results"]) == sorted(
        [in_health.slug, in_both.slug]
    )
    # An entry in both categories is counted once, not once per matching category.
    assert both["count"] == 3
    assert sorted(by_sdg) == sorted([in_both.slug, in_education.slug])


def test_filter_by_keyword(api_client):
    match = PublishedInnovationFactory(title="Posyandu Digital Cegah Tengkes")
    PublishedInnovationFactory(title="Perizinan Usaha Satu Hari")
    InnovationFactory(title="Tengkes Draf Yang Belum Terbit")

    assert listed_slugs(api_client.get(LIST_URL, {"q": "tengkes"})) == [match.slug]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("newest", ["baru", "tengah", "lama"]),
        ("oldest", ["lama", "tengah", "baru"]),
        ("title", ["baru", "lama", "tengah"]),
        ("-title", ["tengah", "lama", "baru"]),
    ],
)
def test_ordering(api_client, ordering, expected):
    now = timezone.now()
    for title, days_ago in (("Tengah", 5), ("Lama", 10), ("Baru", 1)):
        PublishedInnovationFactory(
            title=title, slug=title.lower(), published_at=now - timedelta(days=days_ago)
        )

    assert listed_slugs(api_client.get(LIST_URL, {"ordering": ordering})) == expected


def test_default_order_is_newest_first(api_client):
    old = PublishedInnovationFactory(published_at=timezone.now() - timedelta(days=3))
    new = PublishedInnovationFactory()
    assert listed_slugs(api_client.get(LIST_URL)) == [new.slug, old.slug]


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("province", "ZZ"),
        ("regency", "99.99"),
        ("year", "abc"),
        ("year", "1800"),
        ("source", "xyz"),
        ("stage", "selesai"),
        ("category", "tidak-ada"),
        ("sdg", "18"),
        ("sdg", "satu"),
        ("ordering", "popular"),
        ("ordering", "-published_at"),
        ("q", "layanan " * 1250),
        ("q", "ktp\x00el"),
    ],
)
def test_invalid_filter_value_is_400_naming_the_parameter(api_client, parameter, value):
    PublishedInnovationFactory()

    response = api_client.get(LIST_URL, {parameter: value})

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_page_size_is_honoured_and_junk_page_size_ignored(api_client):
    PublishedInnovationFactory.create_batch(3)

    small = api_client.get(LIST_URL, {"page_size": 2}).json()
    junk = api_client.get(LIST_URL, {"page_size": "banyak"})

    assert small["count"] == 3
    assert len(small["results"]) == 2
    assert small["next"].endswith("page=2&page_size=2")
    assert small["previous"] is None
    assert junk.status_code == 200
    assert len(junk.json()["results"]) == 3


def test_page_past_the_end_is_404(api_client):
    PublishedInnovationFactory()
    assert api_client.get(LIST_URL, {"page": 5}).status_code == 404


def test_list_queries_do_not_grow_with_rows(api_client, django_assert_max_num_queries):
    categories = CategoryFactory.create_batch(3)
    sdgs = list(SDG.objects.all()[:3])
    affairs = list(GovernmentAffair.objects.all()[:15])
    for affair in affairs:
        PublishedInnovationFactory(categories=categories, sdgs=sdgs, government_affair=affair)
    PublishedInnovationFactory(agency=CentralAgencyFactory(), province=None, regency=None)

    # count, page, categories, SDGs, recognitions
    with django_assert_max_num_queries(5):
        response = api_client.get(LIST_URL)

    assert response.json()["count"] == len(affairs) + 1


def test_filtered_list_queries_stay_flat(api_client, django_assert_max_num_queries):
    category = CategoryFactory()
    for _ in range(10):
        PublishedInnovationFactory(categories=[category], sdgs=[SDG.objects.get(number=1)])

    # + the lookups that validate the category and SDG values
    with django_assert_max_num_queries(7):
        response = api_client.get(LIST_URL, {"category": category.slug, "sdg": 1})

    assert response.json()["count"] == 10


def test_categories_and_sdgs_reference_lists(api_client):
    category = CategoryFactory(name="Kependudukan", slug="kependudukan")

    categories = api_client.get("/api/v1/categories/").json()
    one_category = api_client.get(f"/api/v1/categories/{category.slug}/")
    sdgs = api_client.get("/api/v1/sdgs/", {"page_size": 100}).json()
    sdg = api_client.get("/api/v1/sdgs/5/")

    assert "kependudukan" in [row["slug"] for row in categories["results"]]
    assert one_category.json()["name"] == "Kependudukan"
    assert sdgs["count"] == 17
    assert [row["number"] for row in sdgs["results"]] == list(range(1, 18))
    assert sdg.json()["number"] == 5
    assert sdg.json()["name_en"]
    assert api_client.get("/api/v1/sdgs/18/").status_code == 404


def test_api_is_read_only(api_client, curator):
    entry = PublishedInnovationFactory()
    api_client.force_authenticate(curator)

    assert api_client.post(LIST_URL, {"title": "Baru"}).status_code == 405
    assert api_client.patch(detail_url(entry), {"title": "Ubah"}).status_code == 405
    assert api_client.delete(detail_url(entry)).status_code == 405
    entry.refresh_from_db()
    assert entry.title != "Ubah"


@pytest.mark.parametrize("language", ["id", "en"])
def test_list_rendering_equals_drf_field_by_field_rendering(rf, language):
    """The list serializer writes its fields out for speed; the result must be what DRF's own
    field-by-field rendering of the declared fields gives, links, labels and dates included."""
    from django.utils import translation
    from rest_framework.request import Request
    from rest_framework.serializers import ModelSerializer

    from innovations.api.serializers import InnovationListSerializer
    from innovations.models import Recognition

    full = PublishedInnovationFactory(
        categories=[CategoryFactory(), CategoryFactory()],
        sdgs=SDG.objects.filter(number__in=[3, 16]),
        government_affair=GovernmentAffair.objects.order_by("code").first(),
        trial_started_on=timezone.localdate() - timedelta(days=400),
        implemented_on=timezone.localdate() - timedelta(days=30),
        last_confirmed_at=timezone.localdate(),
        covid_related=True,
    )
    Recognition.objects.create(innovation=full, title="KIPP", year=2023, level="top_45")
    central = PublishedInnovationFactory(agency=CentralAgencyFactory(), province=None)
    entries = list(
        Innovation.objects.filter(pk__in=[full.pk, central.pk])
        .select_related("agency", "province", "regency", "government_affair")
        .prefetch_related("categories", "sdgs", "recognitions")
        .order_by("id")
    )
    entries[0].snippet = "<mark>kata</mark>"
    request = Request(rf.get(LIST_URL, SERVER_NAME="testserver"))

    with translation.override(language):
        serializer = InnovationListSerializer(entries, many=True, context={"request": request})
        fast = serializer.data
        child = serializer.child
        generic = [ModelSerializer.to_representation(child, entry) for entry in entries]

    assert [dict(row) for row in fast] == [dict(row) for row in generic]
    assert fast[0]["recognitions"][0]["level_label"] and fast[0]["snippet"]
