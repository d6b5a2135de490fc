"""Titles compared in Python (innovations.trigrams) give what pg_trgm gives: the same trigrams,
the same similarity, and — for a large batch — the same flagged pairs as the index."""

import random

import numpy as np
import pytest
from django.db import connection

from innovations import trigrams
from innovations.models import DuplicateCandidate, Innovation
from innovations.services import duplicates
from tests.factories import AgencyFactory, InnovationFactory

on_postgres = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(not on_postgres, reason="compares with PostgreSQL's pg_trgm")

TITLES = [
    "Sistem Antrean Daring Puskesmas Sehat Bersama",
    "Sistem Antrian Daring Puskesmas Sehat-Bersama 2024",
    "KTP-el & KK: Layanan Adminduk (Disdukcapil) dalam 1 Hari!",
    "“Gerakan” Posyandu — Cegah Stunting/Tengkes",
    "a",
    "x_y  zz   SIPANDU_2.0",
    "Perizinan 24/7 di MPP… tanpa antre",
    "Layanan Café Señor Desa Ñandú",  # letters outside ASCII: pg_trgm decides, hashed
    "Program Ü-Bersih für Desa",
    "",
    "!!! ???",
]

# The vocabulary of the generated titles.
WORDS = [
    "sistem",
    "layanan",
    "antrean",
    "daring",
    "desa",
    "kota",
    "sehat",
    "pintar",
    "terpadu",
    "inovasi",
    "gerakan",
    "pelayanan",
    "perizinan",
    "terpadu",
    "satu",
    "pintu",
    "posyandu",
    "stunting",
    "kesehatan",
    "pendidikan",
    "sekolah",
]


def database_trigrams(titles):
    return duplicates._database_trigrams(list(titles))


@postgres_only
@pytest.mark.django_db
def test_trigram_sets_are_pg_trgms_and_codes_agree_for_titles_pg_trgm_splits():
    shown = database_trigrams(TITLES)
    for title in TITLES:
        if trigrams.splits_like_pg_trgm(title):
            assert trigrams.trigrams(title) == frozenset(shown[title]), title
    assert not trigrams.splits_like_pg_trgm("Layanan Café Señor Desa Ñandú")
    assert trigrams.splits_like_pg_trgm("“Gerakan” Posyandu — Cegah Stunting/Tengkes")

    # A title with letters outside ASCII takes its trigrams from the database, and still shares
    # the plain ones with titles computed in Python.
    codes = trigrams.trigram_codes(TITLES, from_database=database_trigrams)
    by_code = [frozenset(row.tolist()) for row in codes]
    with connection.cursor() as cursor:
        for first in range(len(TITLES)):
            for second in range(len(TITLES)):
                cursor.execute("SELECT similarity(%s, %s)", [TITLES[first], TITLES[second]])
                expected = cursor.fetchone()[0]
                common = len(by_code[first] & by_code[second])
                union = len(by_code[first]) + len(by_code[second]) - common
                got = np.float32(common) / np.float32(union) if common else np.float32(0)
                assert got == np.float32(expected), (TITLES[first], TITLES[second])


@postgres_only
@pytest.mark.django_db
def test_similarity_is_pg_trgms_to_the_last_bit():
    rng = random.Random(7)
    words = "sistem layanan antrean antrian daring desa kota sehat pintar terpadu 2024 e-ktp"
    words = words.split()
    pairs = [
        (" ".join(rng.choices(words, k=rng.randint(1, 6))), " ".join(rng.choices(words, k=4)))
        for _ in range(300)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT similarity(a, b) FROM unnest(%s::text[], %s::text[]) AS p(a, b)",
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        expected = [row[0] for row in cursor.fetchall()]
    got = [trigrams.similarity(trigrams.trigrams(a), trigrams.trigrams(b)) for a, b in pairs]
    # PostgreSQL's single-precision value, as psycopg reads it back.
    assert [np.float32(value) for value in got] == [np.float32(value) for value in expected]
    assert len(set(expected)) > 20


def test_most_similar_takes_the_nearest_titles_but_never_the_entry_itself():
    titles = {
        1: "layanan antrean daring puskesmas",
        2: "layanan antrean daring puskesmas kota",
        3: "layanan antrean daring puskesmas desa",
        4: "layanan antrean daring puskesmas kota baru",
        5: "perizinan usaha mikro",
        6: "layanan antrean daring puskesmas desa",  # the same as 3: a tie, the smaller id first
    }
    codes = trigrams.trigram_codes(list(titles.values()), from_database=None)
    codes = dict(zip(titles, codes, strict=True))
    among = sorted(codes.items())

    def nearest(entry, *, threshold=0.5, limit=10):
        found = trigrams.most_similar(
            [(entry, codes[entry])], among, threshold=threshold, limit=limit
        )
        assert all(pk == entry for pk, _, _ in found)
        return [(other, round(score, 4)) for _, other, score in found]

    # "desa" shares "  d" with "daring": 3 and 6 (the same title) are nearer to 1 than 2 is.
    assert nearest(1, limit=2) == [(3, 0.8889), (6, 0.8889)]  # a tie: the smaller id first
    assert nearest(1, limit=3) == [(3, 0.8889), (6, 0.8889), (2, 0.8649)]
    assert nearest(3) == [(6, 1.0), (1, 0.8889), (2, 0.7805), (4, 0.6957)]  # never 3 itself
    assert nearest(4, threshold=0.7) == [(2, 0.881), (1, 0.7619)]
    assert nearest(5) == []
    assert nearest(1)[0][1] == round(
        trigrams.similarity(trigrams.trigrams(titles[1]), trigrams.trigrams(titles[3])), 4
    )


def test_most_similar_reads_the_score_back_through_the_distance_as_the_index_does():
    # "ab" and "ac" share 1 of 5 trigrams: similarity 0.2 in single precision is 0.200000003, at
    # least a threshold of 0.2; the distance 1 - 0.2 rounded to single precision reads back as
    # 0.199999988, below it, and FLAG_SQL drops such a pair (see the PostgreSQL test below).
    first, second = trigrams.trigram_codes(["ab", "ac"], from_database=None)
    among = [(1, first), (2, second)]
    assert trigrams.most_similar([(1, first)], among, threshold=0.2, limit=5) == []
    found = trigrams.most_similar([(1, first)], among, threshold=0.19, limit=5)
    assert [(entry, other) for entry, other, _ in found] == [(1, 2)]
    assert found[0][2] < 0.2


@postgres_only
@pytest.mark.django_db
def test_postgresql_reads_back_a_score_below_the_similarity():
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('ab', 'ac') >= 0.2, (1 - ('ab' <-> 'ac'))::float8")
        passes_percent, read_back = cursor.fetchone()
    assert passes_percent and read_back < 0.2


def test_most_similar_in_small_blocks_finds_the_same_and_never_pairs_an_entry_with_itself(
    monkeypatch,
):
    rng = random.Random(3)
    titles = [" ".join(rng.choices(WORDS, k=rng.randint(2, 5))) for _ in range(60)]
    codes = trigrams.trigram_codes(titles, from_database=None)
    among = list(enumerate(codes, start=1))
    entries = among[::2]
    whole = trigrams.most_similar(entries, among, threshold=0.5, limit=5)
    assert len(whole) > 30
    monkeypatch.setattr(trigrams, "BLOCK_CELLS", 40)  # blocks of one or two titles
    assert trigrams.most_similar(entries, among, threshold=0.5, limit=5) == whole
    everything = trigrams.most_similar(entries, among, threshold=0.0, limit=100)
    assert len(everything) == len(entries) * (len(among) - 1)  # every other title, never itself


@postgres_only
@pytest.mark.django_db
def test_every_punctuation_and_space_outside_ascii_separates_words_in_pg_trgm_too():
    import sys
    import unicodedata

    separators = [
        chr(code)
        for code in range(128, sys.maxunicode + 1)
        if unicodedata.category(chr(code))[0] in "PZ"
    ]
    assert len(separators) > 700
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s FROM unnest(%s::text[]) AS s WHERE show_trgm('ab' || s || 'cd')"
            " <> ARRAY['  a', '  c', ' ab', ' cd', 'ab ', 'cd ']",
            [separators],
        )
        assert cursor.fetchall() == []
        # A circled letter is a symbol to Unicode but a letter to the database's locale.
        cursor.execute("SELECT show_trgm('xⒶy')")
        assert frozenset(cursor.fetchone()[0]) != trigrams.trigrams("xⒶy")
    assert all(trigrams.splits_like_pg_trgm(f"ab{char}cd") for char in separators)
    assert not trigrams.splits_like_pg_trgm("xⒶy")
    assert duplicates._python_trigrams_agree()


def entry(agency, title):
    return InnovationFactory(agency=agency, title=title, slug=f"t-{Innovation.objects.count()}")


def recorded_pairs():
    return set(DuplicateCandidate.objects.values_list("entry_id", "other_id", "reason", "score"))


@postgres_only
@pytest.mark.django_db
def test_a_large_batch_flags_in_python_the_pairs_the_index_flags(monkeypatch):
    rng = random.Random(11)
    agencies = [AgencyFactory() for _ in range(4)]
    entries = []
    for agency in agencies:
        for _ in range(6):
            base = rng.sample(WORDS, 5)
            for variant in range(rng.randint(1, 4)):
                title = list(base)
                if variant:
                    title[rng.randrange(5)] = rng.choice(WORDS)
                entries.append(entry(agency, " ".join(title)))
    entries.append(entry(agencies[0], "Layanan Café Señor Desa"))
    entries.append(entry(agencies[0], "Layanan Cafe Señor Desa"))
    # The same title and the same external id under another source: the external id wins.
    twin = entries[-3]
    shared = entry(twin.agency, twin.title)
    Innovation.objects.filter(pk=shared.pk).update(
        external_ref="R-1", source=Innovation.Source.KIPP
    )
    Innovation.objects.filter(pk=twin.pk).update(external_ref="R-1", source=Innovation.Source.IGA)
    Innovation.objects.filter(pk=entries[0].pk).update(merged_into=entries[1])
    ids = [entry.pk for entry in entries] + [shared.pk]

    # Titles already in the catalogue, outside the batch: candidates, not entries to pair.
    held_out = {entry.pk for entry in entries[2:-3:5]}
    # A ministry with many titles of its own and a single new one: left to the index.
    ministry = AgencyFactory()
    for number in range(25):
        entry(ministry, f"Layanan Pengaduan Terpadu Kementerian Wilayah {number}")
    newcomer = entry(ministry, "Layanan Pengaduan Terpadu Kementerian Wilayah Baru")
    ids = [pk for pk in (e.pk for e in entries) if pk not in held_out] + [shared.pk, newcomer.pk]

    monkeypatch.setattr(duplicates, "IN_PYTHON_FROM", 10**9)
    by_index = duplicates.duplicates_flag(entry_ids=ids)
    expected = recorded_pairs()
    assert by_index == len(expected) > 20
    assert not {pair for pair in expected if entries[0].pk in pair[:2]}  # merged away
    low, high = sorted((twin.pk, shared.pk))
    assert (low, high, DuplicateCandidate.Reason.SAME_EXTERNAL_REF_OTHER_SOURCE, 1.0) in expected
    assert {pair for pair in expected if newcomer.pk in pair[:2]}
    assert {pair for pair in expected if set(pair[:2]) & held_out}
    DuplicateCandidate.objects.all().delete()

    monkeypatch.setattr(duplicates, "IN_PYTHON_FROM", 10)
    in_python = duplicates._agencies_worth_python(sorted(ids))
    assert set(in_python) == {agency.pk for agency in agencies}  # not the ministry
    assert duplicates.duplicates_flag(entry_ids=ids) == by_index
    assert recorded_pairs() == expected
    assert duplicates.duplicates_flag(entry_ids=ids) == 0  # idempotent
    DuplicateCandidate.objects.all().delete()

    # Some agencies compared in Python, the rest left to the index: still the same pairs.
    per_agency = len(entries) // len(agencies)
    monkeypatch.setattr(duplicates, "MAX_PAIRS_IN_PYTHON", 2 * per_agency * per_agency)
    in_python = duplicates._agencies_worth_python(sorted(ids))
    assert 0 < len(in_python) < len(agencies)
    assert duplicates.duplicates_flag(entry_ids=ids) == by_index
    assert recorded_pairs() == expected
    DuplicateCandidate.objects.all().delete()

    # A database that splits or lower-cases ASCII otherwise (another locale): every title's
    # trigrams come from the database, with the same result.
    monkeypatch.setattr(duplicates, "MAX_PAIRS_IN_PYTHON", 10**9)
    monkeypatch.setattr(duplicates, "_python_trigrams_agree", lambda: False)
    asked = []
    database_trigrams = duplicates._database_trigrams
    monkeypatch.setattr(
        duplicates,
        "_database_trigrams",
        lambda titles: asked.extend(titles) or database_trigrams(titles),
    )
    assert duplicates.duplicates_flag(entry_ids=ids) == by_index
    assert recorded_pairs() == expected
    assert len(asked) > 50


@postgres_only
@pytest.mark.django_db
def test_where_titles_tie_both_ways_take_the_same_scores_for_each_entry():
    """The index returns equal distances in its own order, so when titles tie at the last place
    the two ways may pair an entry with different ones of them — never with a worse score."""
    agency = AgencyFactory()
    series = [entry(agency, f"Layanan Desa Pintar Nomor {number:03d}") for number in range(40)]
    batch = [item.pk for item in series[:30]]  # the last 10 were there before
    pool = duplicates._pool_rows([agency.pk])
    codes = dict(
        zip(
            (row[0] for row in pool),
            trigrams.trigram_codes([row[2] for row in pool], from_database=None),
            strict=True,
        )
    )
    among = sorted(codes.items())
    entries = [(pk, codes[pk]) for pk in batch]
    threshold = duplicates.title_threshold()

    def scores_by_entry(found):
        scores = {}
        for entry_id, _other, score in found:
            scores.setdefault(entry_id, []).append(score)
        return {pk: sorted(values) for pk, values in scores.items()}

    in_python = trigrams.most_similar(entries, among, threshold=threshold, limit=5)
    by_index = duplicates.nearest_by_index(batch)
    assert scores_by_entry(in_python) == scores_by_entry(by_index)
    assert len(in_python) == 5 * len(batch)
    # Ties at the fifth place do occur here, so the pairs alone could differ.
    every = scores_by_entry(trigrams.most_similar(entries, among, threshold=threshold, limit=99))
    assert any(
        sorted(values, reverse=True)[4] == sorted(values, reverse=True)[5]
        for values in every.values()
    )
