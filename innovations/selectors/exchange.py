"""Reads for data exchange: export rows in the declared column set, changes and tombstones since a
time. Callers pass a queryset that starts from published_innovations() (filtered or not), so an
export cannot hold a draft."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from .. import exporters
from ..exchange_columns import columns
from ..models import Innovation, SlugRedirect, Tombstone

EXPORT_CHUNK_SIZE = 2000
logger = logging.getLogger(__name__)


def batches(iterable: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of up to `size` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def export_rows(
    queryset: QuerySet[Innovation], *, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[tuple]:
    """One tuple per entry of `queryset`, in its order, values in the order of the exchange
    columns (lists for categories and SDGs).

    Memory stays flat whatever the size: the entries are read with a server-side cursor as plain
    values, `chunk_size` at a time, and each chunk's categories and SDGs come in one query each
    (no query per entry, nothing prefetched for the whole set).
    """
    plan, fields = _row_plan()
    # The list selector prefetches relations for model instances; values rows need none.
    rows = _published_only(queryset).prefetch_related(None).values_list("pk", *fields)
    url_prefix, url_suffix = _entry_url_parts()
    with _one_snapshot():
        yield from _assemble(rows, plan, url_prefix, url_suffix, chunk_size)


def _published_only(queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    # Callers start from published_innovations(); this keeps a draft out of every format even
    # if one does not.
    return queryset.filter(status=Innovation.Status.PUBLISHED)


@contextmanager
def _one_snapshot():
    """A transaction for reading an export: inside one, PostgreSQL's server-side cursor is not
    WITH HOLD, so rows flow as they are read (outside one, the server would first copy the whole
    result aside). When it is the outermost transaction it is also one snapshot (REPEATABLE
    READ), so the entries and each chunk's later reads (links, lines) agree."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _assemble(rows, plan, url_prefix, url_suffix, chunk_size) -> Iterator[tuple]:
    for chunk in batches(rows.iterator(chunk_size=chunk_size), chunk_size):
        ids = [row[0] for row in chunk]
        categories = _lists_by_entry(
            Innovation.categories.through, ids, "category__slug",
            ("category__position", "category__name", "category__slug"),
        )  # fmt: skip
        sdgs = _lists_by_entry(Innovation.sdgs.through, ids, "sdg_id", ("sdg_id",))
        for row in chunk:
            derived = {
                "url": f"{url_prefix}{row[1]}{url_suffix}",
                "categories": categories.get(row[0], []),
                "sdgs": sdgs.get(row[0], []),
            }
            out = []
            for part in plan:
                if isinstance(part, slice):
                    out.extend(row[part])
                else:
                    out.append(derived[part])
            yield tuple(out)


def _row_plan() -> tuple[list, list[str]]:
    """How to lay out a row: slices of the values row (after its pk) and the derived columns
    between them. The first column must be read from the database: it is the slug the URL uses."""
    plan: list = []
    fields: list[str] = []
    for column in columns():
        if column.field is None:
            plan.append(column.name)
            continue
        fields.append(column.field)
        position = len(fields)  # values rows start with the pk
        last = plan[-1] if plan else None
        if isinstance(last, slice) and last.stop == position:
            plan[-1] = slice(last.start, position + 1)
        else:
            plan.append(slice(position, position + 1))
    assert columns()[0].name == "slug", "the URL is derived from the first column, the slug"
    return plan, fields


def _entry_url_parts() -> tuple[str, str]:
    marker = "slug-marker"
    path = reverse("innovations:detail", kwargs={"slug": marker})
    before, after = path.split(marker)
    return settings.SITE_URL.rstrip("/") + before, after


def _lists_by_entry(through, ids: list[int], value: str, order: tuple[str, ...]) -> dict:
    found: dict[int, list] = {}
    pairs = (
        through.objects.filter(innovation_id__in=ids)
        .order_by("innovation_id", *order)
        .values_list("innovation_id", value)
    )
    for entry_id, item in pairs:
        found.setdefault(entry_id, []).append(item)
    return found


def export_csv_chunks(queryset: QuerySet[Innovation], *, bom: bool = True) -> Iterator[bytes]:
    """The CSV export of `queryset` as byte chunks: the header, then one line per entry.

    On PostgreSQL each published entry's line is encoded in advance by triggers
    (innovations/export_sql.py, kept in the same transaction as every change of what it shows):
    the export reads the queryset's ids in its order with a server-side cursor and, a chunk at a
    time, their lines, putting the slug and the page's URL in front. That spares decoding and
    encoding 40 columns per entry on every export (README, Performance › Export). An entry
    without a line (which the triggers prevent) gets it built on the spot, with a warning. The
    bytes are those of exporters.csv_chunks over export_rows (a test compares both), which other
    databases use.
    Memory stays flat: one chunk of ids and lines at a time.
    """
    if connection.vendor != "postgresql":
        yield from exporters.csv_chunks(export_rows(queryset), bom=bom)
        return
    yield exporters.CsvEncoder().header(bom=bom)
    url_prefix, url_suffix = (part.encode() for part in _entry_url_parts())
    quote_url = exporters.needs_quotes(url_prefix.decode() + url_suffix.decode())
    ids = _published_only(queryset).prefetch_related(None).values_list("pk", flat=True)
    with _one_snapshot(), connection.wrap_database_errors:
        connection.ensure_connection()
        # A cursor binding its parameters on the server, unlike Django's: only such a cursor
        # returns results in the binary format.
        with psycopg.Cursor(connection.connection) as cursor:
            for chunk in batches(ids.iterator(chunk_size=LINE_CHUNK_SIZE), LINE_CHUNK_SIZE):
                lines = _export_lines(cursor, chunk)
                parts = []
                for pk in chunk:
                    found = lines.get(pk)
                    if found is None:  # unpublished since its id was read (nested transaction)
                        continue
                    slug, line = found
                    url = url_prefix + slug + url_suffix
                    if quote_url:
                        url = exporters.csv_field(url.decode()).encode()
                    parts += (slug, b",", url, b",", line)
                if parts:
                    yield b"".join(parts)


# Lines read per query: 2,000 (about 6 MB) was as fast as 5,000 at 100,000 entries, with a peak
# RSS of 139 MB against 194 MB; 500 was 20 % slower.
LINE_CHUNK_SIZE = 2000


def _export_lines(cursor, ids: list[int]) -> dict[int, tuple[bytes, bytes]]:
    """entry id -> (slug, line) as UTF-8 bytes, read in PostgreSQL's binary format (bytea as it
    is stored, no hex text to decode)."""
    # Not prepared on the server: a prepared statement outlives neither a connection pooler's
    # switch of connections nor a migration that changes the table.
    cursor.execute(_LINES_SQL, [ids], binary=True, prepare=False)
    lines = {pk: (slug.encode(), line) for pk, slug, line in cursor.fetchall()}
    if len(lines) < len(ids):
        missing = [pk for pk in ids if pk not in lines]
        logger.warning(
            "export: %d published entries had no ready CSV line (first id %d); built on the spot",
            len(missing), missing[0],
        )  # fmt: skip
        cursor.execute(_BUILD_LINES_SQL, [missing], binary=True, prepare=False)
        lines.update({pk: (slug.encode(), line) for pk, slug, line in cursor.fetchall()})
    return lines


_LINES_SQL = (
    "SELECT innovation_id, slug, line FROM innovations_exportline "
    "WHERE innovation_id = ANY(%s::bigint[])"
)
_BUILD_LINES_SQL = (
    "SELECT i.id, i.slug, innovations_exportline_encode(i) FROM innovations_innovation i "
    "WHERE i.id = ANY(%s::bigint[]) AND i.status = 'published'"
)


def changed_since(queryset: QuerySet[Innovation], since: datetime) -> QuerySet[Innovation]:
    """Entries of `queryset` changed at or after `since` (inclusive: a client that asks again
    with the last time it saw may receive that entry twice, never miss one), oldest change first;
    ties broken by id so that a cursor over (updated_at, id) is stable."""
    return queryset.filter(updated_at__gte=since).order_by("updated_at", "id")


def tombstones_since(since: datetime | None) -> QuerySet[Tombstone]:
    """Entries that left the public catalogue at or after `since` (all of them without it).

    `public_replaced_by`: for an entry merged away, the slug of the published entry its old
    address now leads to — through later merges too, as the redirects follow them — and empty
    while that entry is not published (a merge into a draft must not name the draft) or gone.
    """
    successor = SlugRedirect.objects.filter(
        old_slug=OuterRef("slug"), entry__status=Innovation.Status.PUBLISHED
    ).values("entry__slug")[:1]
    tombstones = Tombstone.objects.annotate(
        public_replaced_by=Coalesce(Subquery(successor), Value(""))
    )
    if since is not None:
        tombstones = tombstones.filter(removed_at__gte=since)
    return tombstones.order_by("removed_at", "id")


_OUT_OF_STEP_SQL = """
SELECT i.id FROM innovations_innovation i
  LEFT JOIN innovations_exportline e ON e.innovation_id = i.id
 WHERE i.status = 'published'
   AND (e.innovation_id IS NULL OR e.slug <> i.slug OR e.line <> innovations_exportline_encode(i))
UNION
SELECT e.innovation_id FROM innovations_exportline e
 WHERE NOT EXISTS (SELECT 1 FROM innovations_innovation i
                    WHERE i.id = e.innovation_id AND i.status = 'published')
ORDER BY 1
"""


def export_lines_out_of_step() -> list[int]:
    """Ids of entries whose ready CSV line is missing, stale or should not exist (PostgreSQL).
    Empty unless the triggers were bypassed (disabled triggers, a data-only restore)."""
    with connection.cursor() as cursor:
        cursor.execute(_OUT_OF_STEP_SQL)
        return [pk for (pk,) in cursor.fetchall()]
