"""Keyset cursors of the sync API (updated_since, tombstones): a walk over rows that share one
time lists each exactly once in order, and a page deep in the walk starts its index scan at the
cursor rather than reading and discarding every row before it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from innovations import services
from innovations.models import Innovation, Tombstone
from tests.factories import AgencyFactory, PublishedInnovationFactory
from tests.innovations.test_sync import touched, walk

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/innovations/"
TOMBSTONES_URL = "/api/v1/innovations/tombstones/"
BASE = timezone.now().replace(microsecond=0) - timedelta(days=1)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads PostgreSQL's EXPLAIN ANALYZE"
)


def at(minutes: int):
    return BASE + timedelta(minutes=minutes)


def published_at_times(moments) -> list[Innovation]:
    """Published entries whose last change is at each of `moments` (auto_now would say now)."""
    agency = AgencyFactory()  # one agency: the factory would otherwise build a region each time
    entries = PublishedInnovationFactory.create_batch(len(moments), agency=agency)
    return [touched(entry, moment) for entry, moment in zip(entries, moments, strict=True)]


def test_sync_walk_through_a_bulk_import_lists_every_entry_once_in_order(api_client):
    # A bulk import stamps many rows with one time; pages end inside that run of ties.
    moments = [at(1), at(2), *[at(5)] * 14, at(7), *[at(9)] * 3]
    entries = published_at_times(moments)

    slugs = walk(api_client, LIST_URL, {"updated_since": at(0).isoformat(), "page_size": 3})

    expected = sorted(entries, key=lambda entry: (entry.updated_at, entry.pk))
    assert slugs == [entry.slug for entry in expected]


def test_tombstone_walk_through_one_removal_time_lists_each_once_in_order(api_client):
    entries = published_at_times([at(1)] * 9)
    for entry, minute in zip(entries, (3, 3, 3, 3, 3, 3, 2, 4, 4), strict=True):
        services.tombstones.tombstone_record(entry=entry, reason="unpublished", at=at(minute))

    slugs = walk(api_client, TOMBSTONES_URL, {"since": at(0).isoformat(), "page_size": 2})

    assert slugs == list(
        Tombstone.objects.order_by("removed_at", "id").values_list("slug", flat=True)
    )
    assert len(slugs) == len(set(slugs)) == 9


def rows_discarded_by_the_page_query(api_client, url: str, table: str) -> int:
    """Rows of `table` the query of the page at `url` read and then threw away, by EXPLAIN
    ANALYZE with the index scan that a large table gets (a small one would be read whole)."""
    with CaptureQueriesContext(connection) as captured:
        assert api_client.get(url).status_code == 200
    [page_sql] = [
        q["sql"] for q in captured if f'FROM "{table}"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{table}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {page_sql}")
        [[plan]] = cursor.fetchone()

    def discarded(node) -> int:
        own = node.get("Rows Removed by Filter", 0) if node.get("Relation Name") == table else 0
        return own + sum(discarded(child) for child in node.get("Plans", ()))

    return discarded(plan["Plan"])


# The row at the cursor itself is read and dropped; without a bound at the cursor, every row
# between updated_since (or since) and the cursor would be too.
AT_MOST_THE_CURSOR_ROW = 1


@pytest.mark.postgres
@postgres_only
def test_deep_sync_page_starts_its_index_scan_at_the_cursor(api_client):
    published_at_times([at(minute) for minute in range(1, 41)])
    first = api_client.get(LIST_URL, {"updated_since": at(0).isoformat(), "page_size": 35})
    deep_page = first.json()["next"]

    discarded = rows_discarded_by_the_page_query(api_client, deep_page, "innovations_innovation")

    assert discarded <= AT_MOST_THE_CURSOR_ROW


@pytest.mark.postgres
@postgres_only
def test_deep_tombstone_page_starts_its_index_scan_at_the_cursor(api_client):
    for minute, entry in enumerate(published_at_times([at(0)] * 40), start=1):
        services.tombstones.tombstone_record(entry=entry, reason="archived", at=at(minute))
    first = api_client.get(TOMBSTONES_URL, {"since": at(0).isoformat(), "page_size": 35})
    deep_page = first.json()["next"]

    discarded = rows_discarded_by_the_page_query(api_client, deep_page, "innovations_tombstone")

    assert discarded <= AT_MOST_THE_CURSOR_ROW


@pytest.mark.postgres
@postgres_only
def test_deep_sync_page_inside_one_import_date_time_reads_no_row_before_the_cursor(api_client):
    # One import writes all its entries with one updated_at: the cursor's run of equal
    # date-times must not be read again from its start for every page.
    published_at_times([at(1)] * 40)
    first = api_client.get(LIST_URL, {"updated_since": at(0).isoformat(), "page_size": 35})
    deep_page = first.json()["next"]

    discarded = rows_discarded_by_the_page_query(api_client, deep_page, "innovations_innovation")

    assert discarded == 0


@pytest.mark.postgres
@postgres_only
def test_deep_tombstone_page_inside_one_removal_time_reads_no_row_before_the_cursor(api_client):
    for entry in published_at_times([at(0)] * 40):
        services.tombstones.tombstone_record(entry=entry, reason="archived", at=at(1))
    first = api_client.get(TOMBSTONES_URL, {"since": at(0).isoformat(), "page_size": 35})
    deep_page = first.json()["next"]

    discarded = rows_discarded_by_the_page_query(api_client, deep_page, "innovations_tombstone")

    assert discarded == 0
