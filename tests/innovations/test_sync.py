"""Incremental sync: updated_since with a keyset cursor over (updated_at, id), tombstones for
entries that left the public catalogue, and conditional answers (ETag, Last-Modified, 304)."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from innovations import services
from innovations.cache import CHANGED_AT_KEY
from innovations.models import Innovation, Tombstone
from tests.factories import AgencyFactory, InnovationFactory, PublishedInnovationFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/innovations/"
TOMBSTONES_URL = "/api/v1/innovations/tombstones/"
EXPORT_URL = "/api/v1/innovations/export/"
# Fixed once: times built from it in one test never straddle a second boundary.
BASE = timezone.now().replace(microsecond=0) - timedelta(days=1)


@pytest.fixture
def english_then_back():
    """The language middleware activates the cookie's language in this thread; later tests
    expect the default (Indonesian) again."""
    yield
    translation.deactivate()


def at(minutes: int):
    return BASE + timedelta(minutes=minutes)


def touched(entry: Innovation, moment) -> Innovation:
    """Set updated_at as if the entry changed then (auto_now would otherwise say now)."""
    Innovation.objects.filter(pk=entry.pk).update(updated_at=moment)
    entry.refresh_from_db()
    return entry


def walk(api_client, url: str, params: dict) -> list[str]:
    """Follow `next` links to the end; the slugs in the order served."""
    slugs, response = [], api_client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "results"}
        slugs += [row["slug"] for row in body["results"]]
        if not body["next"]:
            return slugs
        response = api_client.get(body["next"])


def test_updated_since_lists_changes_oldest_first_through_cursor_pages(api_client):
    entries = [touched(PublishedInnovationFactory(), at(minute)) for minute in (30, 10, 40, 20)]
    touched(PublishedInnovationFactory(), at(5))  # before the time asked for

    slugs = walk(api_client, LIST_URL, {"updated_since": at(10).isoformat(), "page_size": 2})

    by_time = sorted(entries, key=lambda entry: entry.updated_at)
    assert slugs == [entry.slug for entry in by_time]


def test_updated_since_is_inclusive_and_breaks_ties_by_id(api_client):
    same = [touched(PublishedInnovationFactory(), at(10)) for _ in range(5)]

    slugs = walk(api_client, LIST_URL, {"updated_since": at(10).isoformat(), "page_size": 2})

    assert slugs == [entry.slug for entry in sorted(same, key=lambda entry: entry.pk)]


def test_cursor_walk_misses_nothing_when_entries_change_meanwhile(api_client):
    entries = [touched(PublishedInnovationFactory(), at(minute)) for minute in range(1, 7)]
    first = api_client.get(LIST_URL, {"updated_since": at(0).isoformat(), "page_size": 2}).json()
    assert [row["slug"] for row in first["results"]] == [e.slug for e in entries[:2]]

    # While the client reads: a seen entry and an unseen one change, a new one is published.
    touched(entries[0], timezone.now())
    touched(entries[4], timezone.now())
    newcomer = PublishedInnovationFactory()

    rest, response = [], api_client.get(first["next"])
    while True:
        body = response.json()
        rest += [row["slug"] for row in body["results"]]
        if not body["next"]:
            break
        response = api_client.get(body["next"])

    assert rest[:3] == [entries[2].slug, entries[3].slug, entries[5].slug]
    assert set(rest[3:]) == {entries[0].slug, entries[4].slug, newcomer.slug}
    assert len(rest) == len(set(rest))


def test_updated_since_never_lists_unpublished_entries(api_client):
    published = touched(PublishedInnovationFactory(), at(10))
    for status in (
        Innovation.Status.DRAFT,
        Innovation.Status.IN_REVIEW,
        Innovation.Status.ARCHIVED,
    ):
        touched(InnovationFactory(status=status), at(20))

    assert walk(api_client, LIST_URL, {"updated_since": at(0).isoformat()}) == [published.slug]


def test_updated_since_keeps_the_list_filters(api_client):
    kept = touched(PublishedInnovationFactory(year_launched=2019), at(10))
    touched(PublishedInnovationFactory(year_launched=2020), at(10))

    slugs = walk(api_client, LIST_URL, {"updated_since": at(0).isoformat(), "year": 2019})

    assert slugs == [kept.slug]


def test_updated_since_accepts_a_date_and_a_naive_time_in_wib(api_client):
    entry = touched(PublishedInnovationFactory(), at(10))
    local = timezone.localtime(entry.updated_at).replace(tzinfo=None)

    assert walk(api_client, LIST_URL, {"updated_since": local.isoformat()}) == [entry.slug]
    later = (local + timedelta(seconds=1)).isoformat()
    assert walk(api_client, LIST_URL, {"updated_since": later}) == []
    assert walk(api_client, LIST_URL, {"updated_since": local.date().isoformat()}) == [entry.slug]


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-01-01T25:00:00"])
def test_bad_updated_since_is_400_naming_the_parameter(api_client, value):
    response = api_client.get(LIST_URL, {"updated_since": value})
    assert response.status_code == 400
    assert "updated_since" in response.json()


def test_bad_cursor_is_400_naming_the_parameter(api_client):
    response = api_client.get(LIST_URL, {"updated_since": at(0).isoformat(), "cursor": "xyz"})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_ordering_with_updated_since_is_400(api_client):
    response = api_client.get(LIST_URL, {"updated_since": at(0).isoformat(), "ordering": "title"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_list_without_updated_since_keeps_page_numbers_and_count(api_client):
    PublishedInnovationFactory()
    body = api_client.get(LIST_URL).json()
    assert body["count"] == 1 and "facets" in body


# --- tombstones ---------------------------------------------------------------------------------


def test_archiving_a_published_entry_leaves_a_tombstone(api_client, curator):
    entry = PublishedInnovationFactory(external_ref="KIPP-7")
    before = timezone.now()

    services.innovation_transition(entry=entry, action="archive", by=curator)

    body = api_client.get(TOMBSTONES_URL, {"since": before.isoformat()}).json()
    assert body["next"] is None
    [tombstone] = body["results"]
    assert tombstone["slug"] == entry.slug
    assert tombstone["reason"] == "archived"
    assert tombstone["source"] == entry.source and tombstone["external_ref"] == "KIPP-7"


def test_republishing_removes_the_tombstone_and_lists_the_entry_as_changed(api_client, curator):
    entry = PublishedInnovationFactory()
    services.innovation_transition(entry=entry, action="archive", by=curator)
    since = timezone.now() - timedelta(seconds=1)
    for action in ("restore", "submit", "publish"):
        services.innovation_transition(entry=entry, action=action, by=curator)

    assert api_client.get(TOMBSTONES_URL).json()["results"] == []
    assert walk(api_client, LIST_URL, {"updated_since": since.isoformat()}) == [entry.slug]


def test_deleting_a_published_entry_leaves_a_tombstone(api_client):
    entry = PublishedInnovationFactory()
    slug = entry.slug
    entry.delete()

    [tombstone] = api_client.get(TOMBSTONES_URL).json()["results"]
    assert (tombstone["slug"], tombstone["reason"]) == (slug, "deleted")


def test_deleting_an_archived_entry_turns_its_tombstone_into_deleted(curator):
    entry = PublishedInnovationFactory()
    services.innovation_transition(entry=entry, action="archive", by=curator)
    Innovation.objects.get(pk=entry.pk).delete()
    assert Tombstone.objects.get(slug=entry.slug).reason == Tombstone.Reason.DELETED


def test_a_draft_that_was_never_public_leaves_no_tombstone():
    InnovationFactory().delete()
    assert not Tombstone.objects.exists()


def test_tombstones_since_filters_and_pages_in_removal_order(api_client):
    entries = PublishedInnovationFactory.create_batch(3)
    for minute, entry in zip((30, 10, 20), entries, strict=True):
        services.tombstones.tombstone_record(entry=entry, reason="unpublished", at=at(minute))

    slugs = walk(api_client, TOMBSTONES_URL, {"since": at(15).isoformat(), "page_size": 1})

    assert slugs == [entries[2].slug, entries[0].slug]


def test_bad_since_on_tombstones_is_400_naming_the_parameter(api_client):
    response = api_client.get(TOMBSTONES_URL, {"since": "kemarin"})
    assert response.status_code == 400
    assert "since" in response.json()


# --- conditional answers ------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, f"{LIST_URL}?updated_since=2020-01-01", EXPORT_URL])
def test_unchanged_catalogue_answers_304_to_if_none_match(api_client, url):
    PublishedInnovationFactory()
    first = api_client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]

    again = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "no-cache" in again["Cache-Control"]


def test_detail_answers_304_until_the_catalogue_changes(api_client):
    entry = PublishedInnovationFactory()
    url = f"{LIST_URL}{entry.slug}/"
    etag = api_client.get(url)["ETag"]
    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    entry.summary = "Ringkasan baru."
    entry.save()

    changed = api_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["summary"] == "Ringkasan baru."
    assert changed["ETag"] != etag


def test_if_modified_since_gives_304_and_a_change_gives_200(api_client):
    PublishedInnovationFactory()
    first = api_client.get(LIST_URL)
    last_modified = first["Last-Modified"]

    assert api_client.get(LIST_URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    PublishedInnovationFactory()
    # HTTP dates count whole seconds; stamp the change past the client's second, as it would be
    # a moment later in real life (clients that need better use the ETag).
    cache.set(CHANGED_AT_KEY, time.time() + 2, None)
    assert api_client.get(LIST_URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_etag_differs_by_language_and_the_answer_varies_on_cookie(api_client, english_then_back):
    PublishedInnovationFactory()
    indonesian = api_client.get(LIST_URL)
    api_client.cookies["django_language"] = "en"
    english = api_client.get(LIST_URL)

    assert indonesian["ETag"] != english["ETag"]
    assert "Cookie" in indonesian["Vary"]


def test_unpublishing_changes_the_list_etag(api_client, curator):
    entry = PublishedInnovationFactory()
    etag = api_client.get(LIST_URL)["ETag"]
    services.innovation_transition(entry=entry, action="archive", by=curator)
    assert api_client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_work_on_drafts_leaves_the_public_validators_as_they_were(api_client, curator):
    # The ETag and Last-Modified would otherwise tell anyone when drafts are edited.
    from innovations.models import Category

    public = PublishedInnovationFactory()
    first = api_client.get(LIST_URL)
    draft = InnovationFactory(title="Draf Tak Terlihat", agency=public.agency)
    draft.summary = "Diubah lagi."
    draft.save()
    draft.categories.add(Category.objects.order_by("pk").first())
    services.recognition_record(entry=draft, title="KIPP", year=2024, level="top_99")
    services.innovation_transition(entry=draft, action="submit", by=curator)
    Innovation.objects.get(pk=draft.pk).delete()

    again = api_client.get(LIST_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_publishing_and_editing_a_public_entry_change_the_list_etag(api_client, curator):
    entry = InnovationFactory(status=Innovation.Status.IN_REVIEW)
    etag = api_client.get(LIST_URL)["ETag"]
    services.innovation_transition(entry=entry, action="publish", by=curator)
    published = api_client.get(LIST_URL, HTTP_IF_NONE_MATCH=etag)
    assert published.status_code == 200

    entry = Innovation.objects.get(pk=entry.pk)
    entry.summary = "Ringkasan baru."
    entry.save()
    assert api_client.get(LIST_URL, HTTP_IF_NONE_MATCH=published["ETag"]).status_code == 200


def test_schema_documents_updated_since_and_the_tombstone_page(api_client):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    listed = {p["name"] for p in schema["paths"][LIST_URL]["get"]["parameters"]}
    assert {"updated_since", "cursor"} <= listed
    tombstones = schema["paths"][TOMBSTONES_URL]["get"]
    assert {p["name"] for p in tombstones["parameters"]} == {"since", "cursor"}
    page = tombstones["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert set(schema["components"]["schemas"][page.split("/")[-1]]["properties"]) == {
        "next",
        "results",
    }


def test_entry_titled_like_an_api_path_gets_a_slug_that_does_not_hide_behind_it():
    from innovations.services import innovation_unique_slug

    assert innovation_unique_slug("Export") == "export-2"
    assert innovation_unique_slug("Tombstones") == "tombstones-2"


def test_a_slug_once_public_is_never_given_to_another_entry(api_client, curator):
    gone = PublishedInnovationFactory(title="Layanan Kebun Kota", external_ref="PUB-1")
    gone.delete()
    before = api_client.get(TOMBSTONES_URL).json()["results"]
    fields = {
        "summary": "Draf internal.",
        "agency": AgencyFactory(),
        "year_launched": 2022,
        "stage": Innovation.Stage.TRIAL,
        "source": Innovation.Source.AGENCY,
    }
    entry = Innovation(title="Layanan Kebun Kota", external_ref="INTERNAL-77", **fields)
    draft = services.innovation_save(entry=entry, by=curator)
    ingested = services.SlugAllocator(["Layanan Kebun Kota"])

    assert draft.slug == "layanan-kebun-kota-2"
    assert ingested.allocate("Layanan Kebun Kota") == "layanan-kebun-kota-3"
    # Deleting the draft leaves the public tombstone of the deleted entry as it was.
    draft.delete()
    assert api_client.get(TOMBSTONES_URL).json()["results"] == before


def test_a_merge_into_a_draft_names_the_survivor_only_once_it_is_published(api_client, curator):
    from innovations.services.duplicates import innovation_merge

    survivor = InnovationFactory(title="Penyintas Masih Draf", status=Innovation.Status.IN_REVIEW)
    duplicate = PublishedInnovationFactory(agency=survivor.agency)
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    [tombstone] = api_client.get(TOMBSTONES_URL).json()["results"]
    assert (tombstone["slug"], tombstone["reason"]) == (duplicate.slug, "merged")
    assert tombstone["replaced_by"] == ""

    services.innovation_transition(entry=survivor, action="publish", by=curator)
    [tombstone] = api_client.get(TOMBSTONES_URL).json()["results"]
    assert tombstone["replaced_by"] == survivor.slug


def test_deleting_a_once_public_draft_rewrites_its_tombstone_and_the_etag(api_client, curator):
    entry = PublishedInnovationFactory()
    services.innovation_transition(entry=entry, action="archive", by=curator)
    services.innovation_transition(entry=entry, action="restore", by=curator)
    first = api_client.get(TOMBSTONES_URL)

    Innovation.objects.get(pk=entry.pk).delete()

    again = api_client.get(TOMBSTONES_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["results"][0]["reason"] == "deleted"


def test_a_chain_of_merges_names_the_last_survivor(api_client, curator):
    from innovations.services.duplicates import innovation_merge

    first, second, third = PublishedInnovationFactory.create_batch(3)
    innovation_merge(survivor=second, duplicate=first, by=curator)
    innovation_merge(survivor=third, duplicate=second, by=curator)
    # Deleting a merged entry leaves its tombstone telling where it went.
    Innovation.objects.get(pk=first.pk).delete()

    rows = api_client.get(TOMBSTONES_URL).json()["results"]
    assert {row["slug"]: (row["reason"], row["replaced_by"]) for row in rows} == {
        first.slug: ("merged", third.slug),
        second.slug: ("merged", third.slug),
    }


def test_a_deleted_draft_survivor_is_never_named_even_if_its_title_returns(api_client, curator):
    from innovations.services.duplicates import innovation_merge

    survivor = InnovationFactory(title="Penyintas", status=Innovation.Status.IN_REVIEW)
    duplicate = PublishedInnovationFactory(title="Dobel", agency=survivor.agency)
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)
    Innovation.objects.get(pk=survivor.pk).delete()
    fields = {"summary": "Lain.", "agency": survivor.agency, "year_launched": 2022}
    stranger = services.innovation_save(
        entry=Innovation(
            title="Penyintas", stage=Innovation.Stage.TRIAL, source="agency", **fields
        ),
        by=curator,
    )
    services.innovation_transition(entry=stranger, action="submit", by=curator)
    services.innovation_transition(entry=stranger, action="publish", by=curator)

    [tombstone] = api_client.get(TOMBSTONES_URL).json()["results"]
    assert tombstone["replaced_by"] == ""
