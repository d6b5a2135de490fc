"""A large atomic import validates on a thread of its own while the caller's connection writes
the chunks validated before (exchange._upsert_pipelined): the same outcome as validating every
row and then writing, in one transaction."""

import threading

import pytest
from django.db import connection, transaction

from innovations.models import DuplicateCandidate, Innovation, StatusChange
from innovations.services import exchange
from tests.factories import AgencyFactory, CategoryFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the pipeline runs on PostgreSQL"),
]

CHUNK = 7
# Titles that grow by a word each: every two of them are alike to a different degree (no ties
# for the few most similar, whose order an index would otherwise decide).
WORDS = ("mandiri", "sehat", "cepat", "terpadu", "digital", "ramah", "anak", "lansia", "warga")


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(exchange, "PIPELINE_CHUNK", CHUNK)


@pytest.fixture
def reference():
    CategoryFactory(slug="kesehatan", name="Kesehatan")
    return AgencyFactory(), AgencyFactory()


def rows_for(first, second, count=30, overrides=None):
    rows = []
    for n in range(count):
        rows.append(
            {
                "source": "kipp",
                "external_ref": f"P-{n}",
                "title": " ".join(["Pelayanan Kesehatan Keliling Desa", *WORDS[: n // 3]])
                if n % 3 == 0
                else f"Inovasi {n} {'abcdefghijklmnopqrstuvwxyz'[n % 26] * 6}",
                "summary": "Ringkasan singkat.",
                # Ten near-identical titles of one agency: more than the 5 most similar a
                # title is paired with, spread over every chunk.
                "agency": (first if n % 2 or n % 3 == 0 else second).code,
                "year_launched": "2021",
                "stage": "penerapan",
                "categories": "kesehatan",
                "sdgs": "3, 10" if n % 2 else "3",
            }
        )
    for index, values in (overrides or {}).items():
        rows[index].update(values)
    return rows


def written_state() -> dict:
    """What an import leaves, by external reference (ids differ between runs)."""
    ref_of = dict(Innovation.objects.values_list("pk", "external_ref"))
    entries = {
        entry.external_ref: (
            entry.title,
            entry.slug,
            entry.status,
            entry.agency_id,
            entry.completeness,
            entry.created_by_id,
            sorted(entry.categories.values_list("slug", flat=True)),
            sorted(entry.sdgs.values_list("number", flat=True)),
            [
                (h.history_type, h.history_user_id, h.history_change_reason)
                for h in entry.history.order_by("history_id")
            ],
            sorted(len(h.categories.all()) for h in entry.history.all()),
        )
        for entry in Innovation.objects.all()
    }
    pairs = sorted(
        (ref_of[one], ref_of[other], reason)
        for one, other, reason in DuplicateCandidate.objects.values_list(
            "entry_id", "other_id", "reason"
        )
    )
    log = sorted(StatusChange.objects.values_list("innovation__external_ref", "to_status", "by"))
    return {"entries": entries, "pairs": pairs, "log": log}


class _Undo(Exception):
    pass


def test_pipelined_import_writes_what_validating_first_writes(
    small_chunks, monkeypatch, reference, curator
):
    first, second = reference
    exchange.exchange_upsert(rows=rows_for(first, second, count=5), by=curator)  # stored before
    rows = rows_for(first, second, overrides={1: {"title": "Judul Baru untuk Entri Satu"}})
    threads = set()
    validate_rows = exchange._validate_rows

    def recording(*args, **kwargs):
        threads.add(threading.current_thread().name)
        return validate_rows(*args, **kwargs)

    monkeypatch.setattr(exchange, "_validate_rows", recording)
    outcomes = {}
    for chunk in (CHUNK, len(rows)):  # in chunks, then all rows before any write
        monkeypatch.setattr(exchange, "PIPELINE_CHUNK", chunk)
        try:
            with transaction.atomic():
                reported = []
                result = exchange.exchange_upsert(
                    rows=rows, by=curator, reason="impor:9", progress=reported.append
                )
                outcomes[chunk] = (result.counts, written_state(), reported[-1])
                raise _Undo
        except _Undo:
            pass
    assert threads == {"exchange-validate", threading.current_thread().name}
    counts, state, _ = outcomes[CHUNK]
    assert counts == {"created": 25, "updated": 1, "unchanged": 4, "error": 0}
    assert state["pairs"], "similar titles of one agency, across chunks, are flagged"
    assert outcomes[CHUNK] == outcomes[len(rows)]


def test_an_invalid_row_in_a_later_chunk_writes_nothing_and_every_invalid_row_is_reported(
    small_chunks, reference, curator
):
    first, second = reference
    rows = rows_for(
        first, second, overrides={20: {"agency": "99.99"}, 27: {"year_launched": "1850"}}
    )
    reported = []
    result = exchange.exchange_upsert(rows=rows, by=curator, progress=reported.append)
    assert {row.index: sorted(row.errors) for row in result.rows if row.errors} == {
        20: ["agency"],
        27: ["year_launched"],
    }
    assert not result.written and result.written_ids == []
    assert all(row.id is None for row in result.rows), "no id of a rolled-back entry"
    assert not Innovation.objects.exists() and not Innovation.history.exists()
    assert not StatusChange.objects.exists() and not DuplicateCandidate.objects.exists()
    assert reported == [7, 14, 21, 28, 30]


def test_row_validation_may_not_query_the_database_beside_the_writes(
    small_chunks, monkeypatch, reference, curator
):
    """Validating rows beside the writes reads what _plan read: a query from the validating
    thread would run outside the import's transaction, so it is refused, loudly."""
    first, second = reference
    validate_row = exchange._validate_row

    def querying(*args, **kwargs):
        Innovation.objects.count()
        return validate_row(*args, **kwargs)

    monkeypatch.setattr(exchange, "_validate_row", querying)
    with pytest.raises(RuntimeError, match="must not query"):
        exchange.exchange_upsert(rows=rows_for(first, second), by=curator)
    assert not Innovation.objects.exists() and not Innovation.history.exists()


def test_a_failing_write_stops_the_validating_thread_and_writes_nothing(
    small_chunks, monkeypatch, reference, curator
):
    first, second = reference
    write_rows = exchange._write_rows
    calls = []

    def failing_second_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return write_rows(*args, **kwargs)

    monkeypatch.setattr(exchange, "_write_rows", failing_second_time)
    with pytest.raises(RuntimeError, match="disk full"):
        exchange.exchange_upsert(rows=rows_for(first, second), by=curator)
    assert not any(t.name == "exchange-validate" for t in threading.enumerate())
    assert not Innovation.objects.exists() and not Innovation.history.exists()


def test_one_entry_named_twice_in_a_file_is_an_error_of_the_second_row(reference, curator):
    first, second = reference
    exchange.exchange_upsert(rows=rows_for(first, second, count=1), by=curator)
    entry = Innovation.objects.get()
    again = {**rows_for(first, second, count=1)[0], "title": "Judul Lain"}
    by_slug = {**again, "external_ref": "", "slug": entry.slug}
    result = exchange.exchange_upsert(rows=[by_slug, again], by=curator, atomic=False)
    assert [row.status for row in result.rows] == ["updated", "error"]
    assert "external_ref" in result.rows[1].errors
