"""Likely duplicates: flagged on import and ingestion, decided by curators (merge or dismiss),
and a merged-away entry's old address leading to the survivor."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from innovations import services
from innovations.models import (
    SDG,
    DuplicateCandidate,
    Innovation,
    InnovationMedia,
    SlugRedirect,
    StatusChange,
)
from innovations.permissions import CURATOR_GROUP
from innovations.services.duplicates import (
    MAX_SIMILAR_PER_ENTRY,
    duplicate_dismiss,
    duplicates_flag,
    innovation_merge,
)
from tests.factories import (
    AgencyEditorFactory,
    AgencyFactory,
    CategoryFactory,
    CuratorFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)
from tests.hubs.factories import ReplicationFactory

pytestmark = pytest.mark.django_db
on_postgres = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not on_postgres, reason="needs PostgreSQL pg_trgm")

Reason = DuplicateCandidate.Reason
TITLE = "Sistem Antrean Daring Puskesmas Sehat Bersama"
TITLE_VARIANT = "Sistem Antrian Daring Puskesmas Sehat Bersama"


def compare_url(candidate) -> str:
    return reverse("admin:innovations_duplicatecandidate_change", args=(candidate.pk,))


def pair(first, second) -> DuplicateCandidate:
    low, high = sorted((first.pk, second.pk))
    return DuplicateCandidate.objects.get(entry_id=low, other_id=high)


def flagged_pair(first, second) -> DuplicateCandidate:
    """Two entries sharing an external id under different sources, flagged as they would be on
    ingestion (this reason needs no trigram, so it holds on SQLite and PostgreSQL alike)."""
    first.external_ref = second.external_ref = f"REF-{first.pk}"
    first.source, second.source = Innovation.Source.KIPP, Innovation.Source.IGA
    first.save(update_fields=["external_ref", "source"])
    second.save(update_fields=["external_ref", "source"])
    assert duplicates_flag(entry_ids=[second.pk]) == 1
    return pair(first, second)


def attach_document(entry, name="laporan.pdf") -> InnovationMedia:
    return InnovationMedia.objects.create(
        innovation=entry,
        kind=InnovationMedia.Kind.DOCUMENT,
        file=SimpleUploadedFile(name, b"%PDF-1.4 uji"),
    )


# --- flagging --------------------------------------------------------------------------------


def test_similar_title_same_agency_is_flagged():
    original = PublishedInnovationFactory(title=TITLE)
    incoming = InnovationFactory(title=TITLE_VARIANT.upper(), agency=original.agency)

    assert duplicates_flag(entry_ids=[incoming.pk]) == 1

    candidate = pair(original, incoming)
    assert candidate.reason == Reason.SIMILAR_TITLE_SAME_AGENCY
    assert candidate.status == DuplicateCandidate.Status.OPEN
    assert candidate.entry_id < candidate.other_id
    assert 0.6 <= candidate.score < 1


@pytest.mark.postgres
@postgres_only
def test_similar_title_is_judged_by_trigram_similarity_on_postgres(settings):
    original = PublishedInnovationFactory(title=TITLE)
    incoming = InnovationFactory(title=TITLE_VARIANT, agency=original.agency)
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity(lower(%s), lower(%s))", [TITLE, TITLE_VARIANT])
        expected = cursor.fetchone()[0]

        cursor.execute("SELECT show_limit()")
        default_limit = cursor.fetchone()[0]

    settings.DUPLICATE_TITLE_SIMILARITY = expected + 0.01
    assert duplicates_flag(entry_ids=[incoming.pk]) == 0
    settings.DUPLICATE_TITLE_SIMILARITY = expected - 0.01
    assert duplicates_flag(entry_ids=[incoming.pk]) == 1
    assert pair(original, incoming).score == pytest.approx(expected)
    # The caller's transaction gets pg_trgm's threshold back as it was (search suggestions).
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_limit()")
        assert cursor.fetchone()[0] == pytest.approx(default_limit)


def test_same_external_ref_under_another_source_is_flagged():
    original = PublishedInnovationFactory(source=Innovation.Source.KIPP, external_ref="2023-0147")
    incoming = InnovationFactory(
        title="Judul Yang Sama Sekali Berbeda",
        source=Innovation.Source.IGA,
        external_ref="2023-0147",
    )

    assert duplicates_flag(entry_ids=[incoming.pk]) == 1

    candidate = pair(original, incoming)
    assert candidate.reason == Reason.SAME_EXTERNAL_REF_OTHER_SOURCE
    assert candidate.score == 1.0


def test_same_external_ref_is_found_under_every_other_source():
    # FLAG_SQL reads the sources off the index one after another: sources sorting before and
    # after the incoming one, with other references between them, are all reached.
    Source = Innovation.Source
    same = [
        PublishedInnovationFactory(source=source, external_ref="REF-7")
        for source in (Source.AGENCY, Source.KIPP, Source.PROVINCIAL)
    ]
    for source in (Source.AGENCY, Source.LAN_LAB, Source.OTHER):
        PublishedInnovationFactory(source=source, external_ref="REF-8")
    incoming = InnovationFactory(title="Judul Lain", source=Source.IGA, external_ref="REF-7")

    assert duplicates_flag(entry_ids=[incoming.pk]) == 3
    for original in same:
        assert pair(original, incoming).reason == Reason.SAME_EXTERNAL_REF_OTHER_SOURCE


def test_similar_titles_of_different_agencies_are_not_flagged():
    original = PublishedInnovationFactory(title=TITLE)
    elsewhere = InnovationFactory(title=TITLE, slug="judul-sama", agency=AgencyFactory())

    assert duplicates_flag(entry_ids=[elsewhere.pk]) == 0
    assert not DuplicateCandidate.objects.exists()
    assert original.agency_id != elsewhere.agency_id


def test_dissimilar_titles_of_the_same_agency_are_not_flagged():
    original = PublishedInnovationFactory(title=TITLE)
    other = InnovationFactory(title="Beasiswa Anak Nelayan Pesisir", agency=original.agency)

    assert duplicates_flag(entry_ids=[other.pk, original.pk]) == 0
    assert not DuplicateCandidate.objects.exists()


def test_duplicates_flag_is_idempotent_and_records_a_pair_once():
    original = PublishedInnovationFactory(title=TITLE)
    incoming = InnovationFactory(title=TITLE_VARIANT, agency=original.agency)

    assert duplicates_flag(entry_ids=[incoming.pk]) == 1
    assert duplicates_flag(entry_ids=[incoming.pk]) == 0
    # The same pair seen from the other side, or with both in the batch, is not new either.
    assert duplicates_flag(entry_ids=[original.pk]) == 0
    assert duplicates_flag(entry_ids=[original.pk, incoming.pk]) == 0
    assert DuplicateCandidate.objects.count() == 1


def test_duplicates_flag_of_a_thousand_ids_runs_a_few_set_based_queries(
    django_assert_max_num_queries,
):
    agency = AgencyFactory()
    entries = [
        InnovationFactory(title=f"{TITLE} {word}", agency=agency)
        for word in ("Kota", "Desa", "Pesisir")
    ]
    ids = [entry.pk for entry in entries] + list(range(10**6, 10**6 + 997))

    # PostgreSQL: one INSERT ... SELECT; SQLite: a few queries per chunk of 500 ids.
    with django_assert_max_num_queries(10):
        assert duplicates_flag(entry_ids=ids) == 3


def test_dismissed_pair_is_never_flagged_again(curator):
    original = PublishedInnovationFactory(title=TITLE)
    incoming = InnovationFactory(title=TITLE_VARIANT, agency=original.agency)
    duplicates_flag(entry_ids=[incoming.pk])

    duplicate_dismiss(candidate=pair(original, incoming), by=curator, note="Dua layanan berbeda")

    assert duplicates_flag(entry_ids=[incoming.pk, original.pk]) == 0
    candidate = pair(original, incoming)
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert candidate.decided_by == curator
    assert candidate.decided_at is not None
    assert candidate.note == "Dua layanan berbeda"


def test_merged_away_entry_is_never_flagged(curator):
    survivor = PublishedInnovationFactory(title=TITLE)
    duplicate = PublishedInnovationFactory(title=TITLE_VARIANT, agency=survivor.agency)
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)
    late = InnovationFactory(title=TITLE_VARIANT, slug="datang-kemudian", agency=survivor.agency)

    assert duplicates_flag(entry_ids=[late.pk, duplicate.pk]) == 1
    assert pair(survivor, late).status == DuplicateCandidate.Status.OPEN
    assert not DuplicateCandidate.objects.filter(entry=duplicate).exclude(
        status=DuplicateCandidate.Status.MERGED
    )


# --- merge -----------------------------------------------------------------------------------


def test_merge_moves_relations_to_the_survivor(curator):
    health, education = CategoryFactory(), CategoryFactory()
    survivor = PublishedInnovationFactory(categories=[health], sdgs=[SDG.objects.get(number=3)])
    duplicate = PublishedInnovationFactory(
        agency=survivor.agency,
        categories=[health, education],
        sdgs=[SDG.objects.get(number=4)],
    )
    attach_document(survivor, "lama.pdf")
    moved_document = attach_document(duplicate, "baru.pdf")
    services.recognition_record(entry=duplicate, title="KIPP 2023", year=2023, level="top_99")
    services.recognition_record(entry=survivor, title="IGA 2022", year=2022, level="other")
    replication = ReplicationFactory(origin=duplicate)

    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    assert set(survivor.categories.all()) == {health, education}
    assert set(survivor.sdgs.values_list("number", flat=True)) == {3, 4}
    assert set(survivor.media.values_list("pk", flat=True)) >= {moved_document.pk}
    assert survivor.media.count() == 2
    assert set(survivor.recognitions.values_list("title", flat=True)) == {"KIPP 2023", "IGA 2022"}
    replication.refresh_from_db()
    assert replication.origin == survivor
    assert not duplicate.media.exists() and not duplicate.replications.exists()


def test_merge_fills_only_the_survivors_blank_fields(curator):
    survivor = PublishedInnovationFactory(contact_name="", results="Hasil menurut entri utama.")
    duplicate = PublishedInnovationFactory(
        agency=survivor.agency,
        contact_name="Bu Sari",
        results="Hasil versi lain.",
        title="Judul Entri Kedua",
    )

    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    survivor.refresh_from_db()
    assert survivor.contact_name == "Bu Sari"
    assert survivor.results == "Hasil menurut entri utama."
    assert survivor.title != "Judul Entri Kedua"


def test_merge_archives_the_duplicate_and_keeps_both_histories(curator):
    survivor = PublishedInnovationFactory()
    duplicate = PublishedInnovationFactory(
        agency=survivor.agency, external_ref="X-1", categories=[CategoryFactory()]
    )
    survivor_history, duplicate_history = survivor.history.count(), duplicate.history.count()
    assert duplicate_history >= 1

    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator, note="Entri ganda")

    duplicate.refresh_from_db()
    assert Innovation.objects.filter(pk=duplicate.pk).exists()
    assert duplicate.status == Innovation.Status.ARCHIVED
    assert duplicate.merged_into == survivor
    assert duplicate.external_ref == "X-1"  # its (source, external id) stays with it
    # One record each for the merge, on top of every earlier one.
    assert duplicate.history.count() == duplicate_history + 1
    assert survivor.history.count() == survivor_history + 1
    for entry in (duplicate, survivor):
        record = entry.history.first()
        assert record.history_user == curator
        assert record.history_change_reason.startswith("merge:")
        assert "Entri ganda" in record.history_change_reason
    assert duplicate.history.last().history_type == "+"  # the oldest record is still there
    merged = survivor.history.first()
    assert {row.category_id for row in merged.categories.all()} == set(
        duplicate.categories.values_list("pk", flat=True)
    )
    log = StatusChange.objects.get(innovation=duplicate, action="merge")
    assert (log.from_status, log.to_status, log.by) == ("published", "archived", curator)


def test_merge_marks_the_candidate_merged(curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    candidate = flagged_pair(survivor, duplicate)

    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.MERGED
    assert candidate.decided_by == curator


def test_merged_entry_cannot_be_merged_again_or_restored(curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)
    third = PublishedInnovationFactory()

    with pytest.raises(ValidationError):
        innovation_merge(survivor=third, duplicate=duplicate, by=curator)
    with pytest.raises(ValidationError):
        services.innovation_transition(entry=duplicate, action="restore", by=curator)


def test_agency_editor_cannot_merge():
    editor = AgencyEditorFactory()
    survivor = InnovationFactory(agency=editor.agency)
    duplicate = InnovationFactory(agency=editor.agency)

    with pytest.raises(PermissionDenied):
        innovation_merge(survivor=survivor, duplicate=duplicate, by=editor)

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.status == Innovation.Status.DRAFT


# --- the old address -------------------------------------------------------------------------


def test_old_slug_redirects_permanently_to_the_survivor_page(client, curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    old_url = duplicate.get_absolute_url()
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    assert SlugRedirect.objects.get(old_slug=duplicate.slug).entry == survivor


def test_old_slug_redirects_permanently_in_the_api(api_client, curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    response = api_client.get(f"/api/v1/innovations/{duplicate.slug}/")

    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/innovations/{survivor.slug}/"
    assert response.json() == {"slug": survivor.slug}
    assert api_client.get(response["Location"]).json()["title"] == survivor.title


def test_slugs_merged_earlier_follow_a_later_merge(client, curator):
    first, second, third = (PublishedInnovationFactory() for _ in range(3))
    innovation_merge(survivor=second, duplicate=first, by=curator)
    innovation_merge(survivor=third, duplicate=second, by=curator)

    for entry in (first, second):
        response = client.get(entry.get_absolute_url())
        assert response.status_code == 301
        assert response["Location"] == third.get_absolute_url()
    first.refresh_from_db()
    assert first.merged_into == third


def test_old_slug_of_a_draft_merged_away_answers_like_an_unknown_slug(client, api_client, curator):
    # The draft was never public: a redirect from its slug would reveal it and its survivor.
    survivor = PublishedInnovationFactory()
    duplicate = InnovationFactory(agency=survivor.agency, title="Draf Rahasia Duplikat")
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    assert client.get(f"/inovasi/{duplicate.slug}/").status_code == 404
    assert api_client.get(f"/api/v1/innovations/{duplicate.slug}/").status_code == 404


def test_old_slug_of_an_unpublished_survivor_is_not_found(client, curator):
    survivor, duplicate = InnovationFactory(), PublishedInnovationFactory()
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    assert client.get(duplicate.get_absolute_url()).status_code == 404


def test_merged_away_entry_is_no_longer_public_anywhere(client, api_client, curator):
    survivor = PublishedInnovationFactory(title="Layanan Terpadu Satu Pintu Utama")
    duplicate = PublishedInnovationFactory(title="Gerai Adminduk Keliling Malam")
    found_before = api_client.get("/api/v1/innovations/", {"q": "Keliling Malam"}).json()
    assert [item["slug"] for item in found_before["results"]] == [duplicate.slug]
    facets_before = api_client.get("/api/v1/innovations/", {"facets": "year"}).json()["facets"]
    assert sum(bucket["count"] for bucket in facets_before["year"]) == 2  # now cached
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)

    page = client.get("/inovasi/").content.decode()
    search = client.get("/inovasi/", {"q": "Keliling Malam"}).content.decode()
    api = api_client.get("/api/v1/innovations/").json()
    api_search = api_client.get("/api/v1/innovations/", {"q": "Keliling Malam"}).json()
    sitemap = client.get("/sitemap-innovations.xml").content.decode()
    facets = api_client.get("/api/v1/innovations/", {"facets": "year"}).json()["facets"]

    assert survivor.title in page
    assert duplicate.title not in page and duplicate.title not in search
    assert [item["slug"] for item in api["results"]] == [survivor.slug]
    assert api_search["count"] == 0
    assert sum(bucket["count"] for bucket in facets["year"]) == 1
    assert duplicate.get_absolute_url() not in sitemap
    assert survivor.get_absolute_url() in sitemap


# --- the curators' screens -------------------------------------------------------------------


def test_curator_sees_both_entries_side_by_side_with_differences(client, curator):
    survivor = PublishedInnovationFactory(contact_name="")
    duplicate = InnovationFactory(agency=survivor.agency, contact_name="Pak Budi")
    candidate = flagged_pair(survivor, duplicate)
    client.force_login(curator)

    response = client.get(compare_url(candidate))

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["rows"]}
    assert rows["contact_name"]["differs"]
    assert not rows["agency"]["differs"]
    low_is_survivor = candidate.entry_id == survivor.pk
    assert rows["contact_name"]["fills_left" if low_is_survivor else "fills_right"]
    html = response.content.decode()
    assert "Pak Budi" in html and 'class="differs"' in html
    assert 'name="survivor"' in html


def test_duplicate_list_shows_open_pairs_by_default_with_a_count(client, curator):
    open_pair = flagged_pair(PublishedInnovationFactory(), PublishedInnovationFactory())
    dismissed = flagged_pair(PublishedInnovationFactory(), PublishedInnovationFactory())
    duplicate_dismiss(candidate=dismissed, by=curator)
    client.force_login(curator)

    response = client.get(reverse("admin:innovations_duplicatecandidate_changelist"))

    assert list(response.context["cl"].result_list) == [open_pair]
    assert "1 pasangan menunggu keputusan kurator." in response.content.decode()


def test_curator_merges_through_the_admin(client, curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    candidate = flagged_pair(survivor, duplicate)
    client.force_login(curator)

    response = client.post(
        compare_url(candidate),
        {"decision": "merge", "survivor": survivor.pk, "note": "Sama persis"},
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.history.first().history_user == curator
    candidate.refresh_from_db()
    assert (candidate.status, candidate.note) == (DuplicateCandidate.Status.MERGED, "Sama persis")


def test_curator_dismisses_through_the_admin(client, curator):
    first, second = PublishedInnovationFactory(), PublishedInnovationFactory()
    candidate = flagged_pair(first, second)
    client.force_login(curator)

    client.post(compare_url(candidate), {"decision": "dismiss", "note": "Berbeda"})

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED
    assert candidate.decided_by == curator
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.merged_into is None and second.merged_into is None


def test_non_curator_cannot_open_or_decide_duplicates_in_the_admin(client):
    first, second = PublishedInnovationFactory(), PublishedInnovationFactory()
    candidate = flagged_pair(first, second)
    editor = AgencyEditorFactory(agency=first.agency)

    anonymous = client.post(compare_url(candidate), {"decision": "merge", "survivor": first.pk})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(editor)
    assert client.get(compare_url(candidate)).status_code == 403
    forged = client.post(compare_url(candidate), {"decision": "merge", "survivor": first.pk})
    assert forged.status_code == 403
    assert client.get(reverse("admin:innovations_duplicatecandidate_changelist")).status_code == 403

    second.refresh_from_db()
    candidate.refresh_from_db()
    assert second.merged_into is None and candidate.status == DuplicateCandidate.Status.OPEN


def test_curator_without_publishing_right_cannot_merge_but_may_dismiss(client):
    # A curator whose role lacks the publishing right (a reviewing-only set-up).
    Group.objects.get(name=CURATOR_GROUP).permissions.remove(
        Permission.objects.get(codename="publish_innovation")
    )
    reviewer = CuratorFactory()
    first, second = PublishedInnovationFactory(), PublishedInnovationFactory()
    candidate = flagged_pair(first, second)

    with pytest.raises(PermissionDenied):
        innovation_merge(survivor=first, duplicate=second, by=reviewer)
    duplicate_dismiss(candidate=candidate, by=reviewer)

    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISMISSED


def test_curators_are_told_on_the_entry_list_how_many_pairs_wait(client, curator):
    flagged_pair(PublishedInnovationFactory(), PublishedInnovationFactory())
    client.force_login(curator)

    response = client.get(reverse("admin:innovations_innovation_changelist"))

    html = response.content.decode()
    assert "1 kandidat duplikat menunggu keputusan." in html
    assert reverse("admin:innovations_duplicatecandidate_changelist") in html


def test_agency_editors_are_not_told_about_duplicate_pairs(client):
    first, second = PublishedInnovationFactory(), PublishedInnovationFactory()
    flagged_pair(first, second)
    client.force_login(AgencyEditorFactory(agency=first.agency))

    response = client.get(reverse("admin:innovations_innovation_changelist"))

    assert "kandidat duplikat" not in response.content.decode()


def test_award_recorded_for_a_merged_away_entry_goes_to_the_survivor(curator):
    survivor, duplicate = PublishedInnovationFactory(), PublishedInnovationFactory()
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)
    duplicate.refresh_from_db()

    services.recognition_record(
        entry=duplicate, title="KIPP 2024", year=2024, level="top_45", source_key="result:9"
    )

    assert list(survivor.recognitions.values_list("title", flat=True)) == ["KIPP 2024"]
    assert not duplicate.recognitions.exists()


def test_merge_leaves_a_tombstone_naming_the_survivor_for_sync_clients(api_client, curator):
    survivor = PublishedInnovationFactory()
    duplicate = PublishedInnovationFactory(agency=survivor.agency)
    innovation_merge(survivor=survivor, duplicate=duplicate, by=curator)
    body = api_client.get(
        "/api/v1/innovations/tombstones/", {"since": "2000-01-01T00:00:00+07:00"}
    ).json()
    assert [(row["slug"], row["reason"], row["replaced_by"]) for row in body["results"]] == [
        (duplicate.slug, "merged", survivor.slug)
    ]


def test_a_series_of_near_identical_titles_flags_at_most_a_few_pairs_per_entry():
    agency = AgencyFactory()
    series = [
        InnovationFactory(agency=agency, title=f"Inovasi Pelayanan Desa Sukamaju {n}")
        for n in range(12)
    ]
    flagged = duplicates_flag(entry_ids=[entry.pk for entry in series])
    assert 0 < flagged <= len(series) * MAX_SIMILAR_PER_ENTRY
    assert flagged < len(series) * (len(series) - 1) // 2  # not every pair of the series
    for entry in series:
        assert DuplicateCandidate.objects.filter(Q(entry=entry) | Q(other=entry)).exists()
