"""Phrase tokens (PostgreSQL): the synonym table's multi-word terms are indexed as one token each in
the search table's match vectors, kept in step with the synonym table, and matched by token only
once every row holding the phrase carries it; results equal those of matching word positions."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innovations import search, services
from innovations.models import SearchPhrase, SearchSynonym
from innovations.services import search_phrases
from innovations.services.search_phrases import search_phrases_index, search_phrases_sync
from tests.factories import PublishedInnovationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="phrase tokens exist on PostgreSQL only"
    ),
]
LIST_URL = "/api/v1/innovations/"
PHRASE = "layanan antar dokumen"


def holds_token(entry, phrase: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT match_vector @@ %s::tsquery FROM innovations_searchentry "
            "WHERE innovation_id = %s",
            [search.tsquery_lexeme("_".join(phrase.split())), entry.pk],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def found_titles(api_client, query: str) -> set[str]:
    response = api_client.get(LIST_URL, {"q": query, "facets": "province,year"})
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


@pytest.fixture
def delivery_entries(db):
    """One entry holding the phrase, one holding its words apart, one without them."""
    return {
        "phrase": PublishedInnovationFactory(
            title="Dokumen Sampai Rumah", how_it_works=f"Warga memesan {PHRASE} lewat WhatsApp."
        ),
        "apart": PublishedInnovationFactory(
            title="Arsip Dokumen Desa",
            how_it_works="Layanan arsip desa; petugas antar surat dan dokumen ke kecamatan.",
        ),
        "other": PublishedInnovationFactory(title="Bank Sampah Sekolah"),
    }


def test_new_synonym_phrase_is_indexed_after_the_commit_and_then_matched_by_token(
    api_client, delivery_entries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        SearchSynonym.objects.create(terms=f"lado, {PHRASE}")
    phrase = SearchPhrase.objects.get(phrase=PHRASE)
    assert not phrase.ready and not holds_token(delivery_entries["phrase"], PHRASE)
    # Until the job has run, the phrase is matched by word positions: same results.
    assert found_titles(api_client, "lado") == {"Dokumen Sampai Rumah"}

    for callback in callbacks:  # the commit: the background job (eager here) indexes it
        callback()
    phrase.refresh_from_db()
    assert phrase.ready
    assert holds_token(delivery_entries["phrase"], PHRASE)
    assert not holds_token(delivery_entries["apart"], PHRASE)
    with CaptureQueriesContext(connection) as queries:
        assert found_titles(api_client, "lado") == {"Dokumen Sampai Rumah"}
    assert any("'layanan_antar_dokumen'" in q["sql"] for q in queries.captured_queries)
    assert found_titles(api_client, f'"{PHRASE}"') == {"Dokumen Sampai Rumah"}
    assert found_titles(api_client, f'dokumen -"{PHRASE}"') == {"Arsip Dokumen Desa"}


def test_job_indexes_in_batches_and_a_rerun_rewrites_nothing(delivery_entries, monkeypatch):
    monkeypatch.setattr(search_phrases, "INDEX_BATCH_ROWS", 1)
    more = [PublishedInnovationFactory(summary=f"{PHRASE} ke-{n}.") for n in range(3)]
    SearchSynonym.objects.create(terms=f"lado, {PHRASE}")  # no commit here: the job waits
    assert search_phrases_index() == 4  # the four rows that hold the phrase, one at a time
    assert all(holds_token(entry, PHRASE) for entry in [delivery_entries["phrase"], *more])
    SearchPhrase.objects.filter(phrase=PHRASE).update(ready=False)
    assert search_phrases_index() == 0
    assert SearchPhrase.objects.get(phrase=PHRASE).ready


def test_rows_restored_raw_bring_their_phrases(db):
    """Fixtures and a test database's serialized rollback restore synonyms and phrases as saved:
    the receiver must not create phrases of its own in between (their ids would collide)."""
    synonym = SearchSynonym(terms=f"lado, {PHRASE}", updated_at=timezone.now())
    synonym.save_base(raw=True)
    assert not SearchPhrase.objects.filter(phrase=PHRASE).exists()


def test_rows_written_after_the_phrase_exists_carry_its_token(db):
    SearchSynonym.objects.create(terms=f"lado, {PHRASE}")
    later = PublishedInnovationFactory(summary=f"Program {PHRASE} untuk lansia.")
    assert holds_token(later, PHRASE)
    later.summary = "Program jemput bola untuk lansia."
    later.save()
    assert not holds_token(later, PHRASE)


def test_phrase_table_follows_synonym_edits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        synonym = SearchSynonym.objects.create(terms=f"lado, {PHRASE}, antar jemput dokumen")
    assert set(
        SearchPhrase.objects.filter(phrase__contains="dokumen").values_list("phrase", "ready")
    ) == {(PHRASE, True), ("antar jemput dokumen", True)}
    with django_capture_on_commit_callbacks(execute=True):
        synonym.terms = "lado, antar jemput dokumen"
        synonym.save()
    assert not SearchPhrase.objects.filter(phrase=PHRASE).exists()
    assert "antar jemput dokumen" in search.indexed_phrases()
    with django_capture_on_commit_callbacks(execute=True):
        synonym.delete()
    assert not SearchPhrase.objects.filter(phrase__contains="dokumen").exists()
    # Every phrase of the seeded synonym table is there (single words are not phrases).
    expected = {
        term
        for row in SearchSynonym.objects.values_list("terms", flat=True)
        for term in search.synonym_terms(row)
        if " " in term
    }
    assert expected and set(SearchPhrase.objects.values_list("phrase", flat=True)) == expected


def test_acronym_and_its_expansion_find_the_same_entries(api_client, db):
    search_phrases_sync()  # the seeded table's phrases (a flushed test database has none)
    search_phrases_index()
    assert "pusat kesehatan masyarakat" in search.indexed_phrases()
    PublishedInnovationFactory(title="Antrean Daring", summary="Di pusat kesehatan masyarakat.")
    PublishedInnovationFactory(title="Puskesmas Keliling", summary="Layanan jemput bola.")
    PublishedInnovationFactory(title="Pusat Data", summary="Kesehatan dan data masyarakat.")
    services.search_vocabulary_refresh()  # publishing through the workflow would add the words
    expected = {"Antrean Daring", "Puskesmas Keliling"}
    assert found_titles(api_client, "puskesmas") == expected
    assert found_titles(api_client, "pusat kesehatan masyarakat") == expected
    assert found_titles(api_client, "puskesmass") == expected  # corrected, then expanded


def test_curator_edits_synonyms_in_the_admin_and_search_follows(
    client, curator, api_client, delivery_entries, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    add_url = reverse("admin:innovations_searchsynonym_add")
    response = client.post(add_url, {"terms": "lado", "note": ""})
    assert response.status_code == 200  # one term is no synonym: the form says so
    assert "Isi sedikitnya dua istilah" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add_url, {"terms": f"LADO, {PHRASE}", "note": "Layanan desa"})
    assert response.status_code == 302
    assert found_titles(api_client, "lado") == {"Dokumen Sampai Rumah"}
    changelist = client.get(reverse("admin:innovations_searchsynonym_changelist"), {"q": "lado"})
    assert "1/1" in changelist.content.decode()  # its one phrase is indexed


@pytest.mark.celery_worker
def test_phrase_is_indexed_by_a_real_worker(celery_worker):
    entry = PublishedInnovationFactory(how_it_works=f"Kurir {PHRASE} setiap pekan.")
    SearchSynonym.objects.create(terms=f"lado, {PHRASE}")  # commits: the job goes to Redis
    deadline = time.monotonic() + 30
    while not SearchPhrase.objects.filter(phrase=PHRASE, ready=True).exists():
        assert time.monotonic() < deadline, "the worker did not index the phrase in 30 s"
        time.sleep(0.2)
    assert holds_token(entry, PHRASE)
