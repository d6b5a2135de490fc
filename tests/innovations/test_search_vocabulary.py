"""The typo-correction vocabulary's rebuild: one at a time, and only its short last step holds
the lock that publishing takes (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections

from innovations import search_sql, services
from innovations.models import SearchWord
from tests.factories import PublishedInnovationFactory
from tests.postgres import other_connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the vocabulary is PostgreSQL's"),
]


def _in_thread(function) -> tuple[threading.Thread, list]:
    errors = []

    def run():
        try:
            function()
        except Exception as error:  # reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def test_two_rebuilds_at_once_run_one_after_the_other():
    PublishedInnovationFactory(title="Layanan Kependudukan Keliling")
    services.search_vocabulary_refresh()
    with other_connection() as first:  # a rebuild that has taken its lock and not committed yet
        first.execute(search_sql.VOCABULARY_COUNT)
        first.execute(search_sql.VOCABULARY_LOCK)
        for statement in search_sql.VOCABULARY_APPLY:
            first.execute(statement)
        thread, errors = _in_thread(services.search_vocabulary_refresh)
        time.sleep(1)
        assert thread.is_alive(), "the second rebuild waits for the first"
        first.commit()
    thread.join(10)

    assert not thread.is_alive() and not errors, errors
    assert SearchWord.objects.filter(word="kependudukan").exists()


def test_publishing_waits_for_no_rebuild_that_is_still_counting():
    PublishedInnovationFactory(title="Layanan Kependudukan Keliling")
    with other_connection() as counting:  # a rebuild counting words: it holds no lock yet
        counting.execute(search_sql.VOCABULARY_COUNT)
        with other_connection() as publishing:
            publishing.execute("SET lock_timeout = '2s'")
            publishing.execute(search_sql.VOCABULARY_ADD_LOCK)
            publishing.commit()
        counting.rollback()
