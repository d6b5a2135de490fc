"""Search behaviour: relevance on a small hand-written corpus, synonyms, typos, syntax, safety.

Ranking, stemming and typo correction need PostgreSQL (marked `postgres`); the substring
fallback used on SQLite is tested where it applies."""

import pytest
from django.db import connection

from innovations import services
from innovations.models import Innovation
from innovations.selectors import published_innovations, search_innovations
from regions.models import Agency
from tests.factories import (
    AgencyFactory,
    CategoryFactory,
    InnovationFactory,
    PublishedInnovationFactory,
)

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL full-text search"
)

CORPUS = {
    "adminduk": {
        "title": "Layanan Administrasi Kependudukan Keliling",
        "summary": "Petugas Disdukcapil mendatangi desa untuk merekam KTP-el dan mencetak kartu keluarga.",
    },
    "posyandu": {
        "title": "Posyandu Digital Cegah Tengkes",
        "summary": "Kader mencatat tumbuh kembang balita sehingga kasus gagal tumbuh cepat ditangani.",
    },
    "perizinan": {
        "title": "Perizinan Usaha Satu Hari di Mal Pelayanan Publik",
        "summary": "Pelaku usaha mikro kecil dan menengah mengurus nomor induk berusaha dalam sehari.",
    },
    "puskesmas": {
        "title": "Puskesmas Ramah Lansia",
        "summary": "Antrean khusus dan pendampingan bagi warga lanjut usia di pusat kesehatan masyarakat.",
    },
    "sampah": {
        "title": "Bank Sampah Sekolah",
        "summary": "Siswa menabung sampah plastik yang dipilah, hasilnya untuk biaya kegiatan sekolah.",
    },
    "pengaduan": {
        "title": "Kanal Pengaduan Warga Terpadu",
        "summary": "Semua keluhan layanan publik masuk ke satu dasbor dan dijawab dalam tiga hari.",
    },
}


@pytest.fixture
def corpus(db):
    entries = {key: PublishedInnovationFactory(**fields) for key, fields in CORPUS.items()}
    services.search_vocabulary_refresh()
    return entries


def top(query: str, n: int = 3) -> list[str]:
    outcome = search_innovations(published_innovations(), query)
    return list(outcome.queryset.order_by("-rank", "-id").values_list("title", flat=True)[:n])


def assert_in_top3(query: str, expected_key: str) -> None:
    assert CORPUS[expected_key]["title"] in top(query), query


@postgres_only
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pelayanan publik perizinan", "perizinan"),  # stem: pelayanan ~ layanan
        ("pendampingan lansia", "puskesmas"),
        ("kependudukan", "adminduk"),
        ("damping lansia", "puskesmas"),  # "pendampingan" stems to "damping"
    ],
)
def test_stemmed_queries_find_the_entry(corpus, query, expected):
    assert_in_top3(query, expected)


@postgres_only
@pytest.mark.parametrize(
    ("query", "expected"),
    [("kependudkan", "adminduk"), ("puskesmass", "puskesmas"), ("posyandoo", "posyandu")],
)
def test_misspelled_queries_find_the_entry(corpus, query, expected):
    outcome = search_innovations(published_innovations(), query)
    assert CORPUS[expected]["title"] in [e.title for e in outcome.queryset[:3]]
    assert outcome.corrected_to


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("adminduk", "adminduk"),
        ("KTP", "adminduk"),
        ("stunting", "posyandu"),
        ("UMKM", "perizinan"),
        ("MPP", "perizinan"),
        ("lansia", "puskesmas"),
        ("lanjut usia", "puskesmas"),
    ],
)
def test_acronyms_and_expansions_find_each_other(corpus, query, expected):
    assert_in_top3(query, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [('"bank sampah"', "sampah"), ('"mal pelayanan publik"', "perizinan")],
)
def test_phrase_queries_find_the_entry(corpus, query, expected):
    assert_in_top3(query, expected)


def test_exclusion_removes_matches(corpus):
    titles = top("sekolah -plastik", n=10)
    assert CORPUS["sampah"]["title"] not in titles


def test_or_matches_either_word(corpus):
    titles = set(top("posyandu OR puskesmas", n=10))
    assert {CORPUS["posyandu"]["title"], CORPUS["puskesmas"]["title"]} <= titles


@postgres_only
def test_title_outranks_summary(db):
    in_summary = PublishedInnovationFactory(
        title="Layanan Terpadu", summary="Termasuk pendaftaran sekolah secara daring."
    )
    in_title = PublishedInnovationFactory(title="Pendaftaran Sekolah Daring", summary="Ringkas.")
    assert top("pendaftaran sekolah", n=2) == [in_title.title, in_summary.title]


@postgres_only
def test_index_follows_changes_of_entry_agency_and_categories(db):
    agency = AgencyFactory(name="Pemerintah Kabupaten Lama")
    entry = PublishedInnovationFactory(agency=agency, title="Layanan Arsip")
    assert top("arsip")
    entry.title = "Layanan Perpustakaan Keliling"
    entry.save()
    assert top("perpustakaan") == [entry.title]
    Agency.objects.filter(pk=agency.pk).update(name="Pemerintah Kabupaten Sukamaju")
    assert top("sukamaju") == [entry.title]
    entry.categories.add(CategoryFactory(name="Literasi Warga"))
    assert top("literasi") == [entry.title]


def test_drafts_never_match(db):
    InnovationFactory(title="Inovasi Rahasia Draf", status=Innovation.Status.DRAFT)
    InnovationFactory(title="Inovasi Rahasia Tinjau", status=Innovation.Status.IN_REVIEW)
    assert top("rahasia") == []


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "!!! ??? ***",
        '"""\\\\',
        "'; DROP TABLE innovations_innovation; --",
        "a\x00b",
        "-",
        "OR",
        '"',
    ],
)
def test_hostile_queries_do_not_break_search(corpus, query):
    outcome = search_innovations(published_innovations(), query)
    list(outcome.queryset[:5])


def test_similar_entries_share_topics_and_exclude_self_and_drafts(db):
    from innovations.selectors import similar_innovations

    health = CategoryFactory(name="Kesehatan Mirip")
    entry = PublishedInnovationFactory(title="Posyandu Keliling Balita", categories=[health])
    twin = PublishedInnovationFactory(title="Posyandu Balita Sehat", categories=[health])
    unrelated = PublishedInnovationFactory(title="Parkir Elektronik", categories=[])
    InnovationFactory(title="Posyandu Balita Draf", categories=[health])
    similar = similar_innovations(entry)
    assert similar[0] == twin
    assert entry not in similar
    assert unrelated not in similar
    assert all(e.status == Innovation.Status.PUBLISHED for e in similar)


@postgres_only
def test_similar_entries_by_telling_title_words_not_place_names(db):
    from innovations.selectors import similar_innovations, similar_title_words

    sukamaju = AgencyFactory(regency__name="Sukamaju", name="Pemerintah Kabupaten Sukamaju")
    entry = PublishedInnovationFactory(title="Antrean Daring Kabupaten Sukamaju", agency=sukamaju)
    neighbour = PublishedInnovationFactory(title="Pasar Murah Kabupaten Sukamaju", agency=sukamaju)
    alike = PublishedInnovationFactory(title="Antrean Daring Puskesmas")
    PublishedInnovationFactory(title="Parkir Elektronik Terpadu")
    draft = InnovationFactory(title="Antrean Daring Rumah Sakit")
    services.search_vocabulary_refresh()

    assert similar_title_words(entry) == ["antrean", "daring"]
    similar = similar_innovations(entry)
    assert similar == [alike]  # no shared topics: the title's words alone
    assert neighbour not in similar and draft not in similar


@postgres_only
def test_similar_entries_leave_out_words_of_the_entry_alone_and_common_words(db, monkeypatch):
    from innovations import selectors

    monkeypatch.setattr(selectors, "SIMILAR_COMMON_FLOOR", 2)
    entry = PublishedInnovationFactory(title="SIPANDU Layanan Posyandu Balita")
    for n in range(3):
        PublishedInnovationFactory(title=f"Layanan Nomor {n}")
    PublishedInnovationFactory(title="Posyandu Balita Ceria")
    services.search_vocabulary_refresh()

    # "sipandu" is in this entry alone; "layanan" (4 of 6 entries) is above the floor of 2 and
    # 10 % of the catalogue.
    assert selectors.similar_title_words(entry) == ["balita", "posyandu"]
    # Any share at all, but at most 2 entries a word: "layanan" stays out.
    monkeypatch.setattr(selectors, "SIMILAR_COMMON_SHARE", 1.0)
    assert selectors.similar_title_words(entry) == ["balita", "posyandu", "layanan"]  # rarest first
    monkeypatch.setattr(selectors, "SIMILAR_MAX_DOCUMENTS", 2)
    assert selectors.similar_title_words(entry) == ["balita", "posyandu"]


@postgres_only
def test_similar_entries_follow_catalogue_changes(db):
    from innovations.selectors import similar_innovations

    health = CategoryFactory(name="Kesehatan Ibu")
    entry = PublishedInnovationFactory(title="Kelas Ibu Hamil Desa", categories=[health])
    first = PublishedInnovationFactory(title="Parkir Elektronik", categories=[health])
    assert similar_innovations(entry) == [first]  # and now cached

    twin = PublishedInnovationFactory(title="Kelas Ibu Hamil Kota", categories=[health])
    services.search_vocabulary_refresh()
    assert similar_innovations(entry) == [twin, first]


@postgres_only
def test_did_you_mean_forgets_the_words_of_an_entry_that_left_the_catalogue(
    api_client, curator, django_capture_on_commit_callbacks
):
    entry = InnovationFactory(title="Layanan Zorbanik Terpadu", status=Innovation.Status.IN_REVIEW)
    services.innovation_transition(entry=entry, action="publish", by=curator)
    assert api_client.get("/api/v1/innovations/", {"q": "zorbanic"}).json()["count"] == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.innovation_transition(entry=entry, action="archive", by=curator)

    assert callbacks, "the rebuild is started once the archiving is committed"
    body = api_client.get("/api/v1/innovations/", {"q": "zorbanic"}).json()
    assert body["count"] == 0
    assert body["search"]["suggestion"] is None, body["search"]
