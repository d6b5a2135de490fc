"""Reads for data exchange: export rows in the declared column set, changes and tombstones since a
time. Callers pass a queryset that starts from published_innovations() (filtered or not), so an
export cannot hold a draft."""

from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import islice

from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Func, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Concat, NullIf
from django.urls import reverse

from .. import exporters
from ..exchange_columns import LIST_SEPARATOR, Column, columns
from ..models import Category, Innovation, Tombstone

EXPORT_CHUNK_SIZE = 2000


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
    rows = queryset.prefetch_related(None).values_list("pk", *fields)
    url_prefix, url_suffix = _entry_url_parts()
    # Inside a transaction PostgreSQL's server-side cursor is not WITH HOLD, so rows flow as they
    # are read; outside one, the server would first copy the whole result aside.
    with transaction.atomic():
        yield from _assemble(rows, plan, url_prefix, url_suffix, chunk_size)


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

    On PostgreSQL the server writes the rows itself (`COPY (the queryset's SELECT) TO STDOUT`,
    every column encoded in SQL as the data dictionary states), which spares decoding every
    value into Python and encoding it again (README, Performance: within 1.2x of COPY of the
    plain columns); the bytes are those of exporters.csv_chunks over export_rows (a test
    compares both). Other databases use that generator. Memory stays flat either way: COPY's
    rows are passed on as they come.
    """
    if connection.vendor != "postgresql":
        yield from exporters.csv_chunks(export_rows(queryset), bom=bom)
        return
    yield exporters.CsvEncoder().header(bom=bom)
    names = [f"export_{position}" for position in range(len(columns()))]
    url_prefix, url_suffix = _entry_url_parts()
    selected = (
        queryset.prefetch_related(None)
        .annotate(
            **{
                name: _csv_expression(column, url_prefix, url_suffix)
                for name, column in zip(names, columns(), strict=True)
            }
        )
        .values_list(*names)
    )
    sql, params = selected.query.sql_with_params()
    # The outer SELECT keeps exactly the export columns, whatever the queryset annotates for
    # its ordering; a subquery in FROM keeps its ORDER BY's row order.
    outer = ", ".join(f'export."{name}"' for name in names)
    statement = f"COPY (SELECT {outer} FROM ({sql}) AS export) TO STDOUT WITH (FORMAT csv)"
    with transaction.atomic(), connection.cursor() as cursor, connection.wrap_database_errors:
        # The estimates of a whole-catalogue SELECT with per-entry expressions make PostgreSQL
        # compile it with JIT first: 6 of the 10 seconds of a 90,000-entry export here.
        cursor.execute("SET LOCAL jit = off")
        yield from _copy_out(cursor.cursor, statement, params)


def _copy_out(cursor, statement: str, params: list) -> Iterator[bytes]:
    """COPY's rows passed on in chunks of about COPY_CHUNK_BYTES."""
    buffer, size = [], 0
    with cursor.copy(statement, params) as copy:
        for data in copy:
            buffer.append(bytes(data))
            size += len(data)
            if size >= COPY_CHUNK_BYTES:
                yield b"".join(buffer)
                buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


COPY_CHUNK_BYTES = 256 * 1024

# ISO 8601 in UTC as Python's datetime.isoformat() writes it: microseconds only when not zero.
_ISO_DATETIME = (
    "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN mod(extract(microseconds FROM %(expressions)s)::bigint, 1000000) = 0 THEN '' "
    "ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)


def _csv_expression(column: Column, url_prefix: str, url_suffix: str):
    """One export column as the text CSV holds, computed by PostgreSQL. An empty text becomes
    NULL, which COPY writes as an empty field (an empty string it would write as "")."""
    text = CharField()
    if column.name == "url":
        return Concat(Value(url_prefix), F("slug"), Value(url_suffix), output_field=text)
    # Categories and SDGs come from the entry's row in the search table, which holds their ids
    # and numbers as arrays (a published entry always has one, kept in the same transaction):
    # a subquery per entry over the link tables cost about a third of the export's time. An
    # entry without a search row falls back to that subquery.
    if column.name == "categories":
        return _from_search_entry(
            _CATEGORY_SLUGS,
            _joined_list(
                Innovation.categories.through, "category__slug",
                ("category__position", "category__name", "category__slug"),
            ),
        )  # fmt: skip
    if column.name == "sdgs":
        return _from_search_entry(
            "array_to_string(%(expressions)s, '|')",
            _joined_list(Innovation.sdgs.through, Cast("sdg_id", text), ("sdg_id",)),
            array="sdg_numbers",
        )
    if column.type == "boolean":
        return Case(
            When(**{column.field: True}, then=Value("true")), default=Value("false"),
            output_field=text,
        )  # fmt: skip
    if column.type == "date":
        return Func(F(column.field), Value("YYYY-MM-DD"), function="to_char", output_field=text)
    if column.type == "datetime":
        return Func(F(column.field), template=_ISO_DATETIME, output_field=text)
    if column.type == "integer":
        return F(column.field)
    return NullIf(F(column.field), Value(""), output_field=text)


_CATEGORY_SLUGS = (
    f"array_to_string(ARRAY(SELECT c.slug FROM {Category._meta.db_table} c "
    f"WHERE c.id = ANY(%(expressions)s) ORDER BY c.position, c.name, c.slug), '|')"
)


def _from_search_entry(template: str, fallback: Subquery, *, array: str = "category_ids"):
    assert LIST_SEPARATOR == "|", "the templates join with |"
    joined = Func(F(f"search_entry__{array}"), template=template, output_field=CharField())
    return NullIf(
        Case(
            When(search_entry__isnull=True, then=fallback),
            default=joined,
            output_field=CharField(),
        ),
        Value(""),
        output_field=CharField(),
    )


def _joined_list(through, value, order: tuple[str, ...]) -> Subquery:
    return Subquery(
        through.objects.filter(innovation_id=OuterRef("pk"))
        .order_by()
        .values("innovation_id")
        .annotate(joined=StringAgg(value, LIST_SEPARATOR, ordering=order))
        .values("joined")
    )


def changed_since(queryset: QuerySet[Innovation], since: datetime) -> QuerySet[Innovation]:
    """Entries of `queryset` changed at or after `since` (inclusive: a client that asks again
    with the last time it saw may receive that entry twice, never miss one), oldest change first;
    ties broken by id so that a cursor over (updated_at, id) is stable."""
    return queryset.filter(updated_at__gte=since).order_by("updated_at", "id")


def tombstones_since(since: datetime | None) -> QuerySet[Tombstone]:
    """Entries that left the public catalogue at or after `since` (all of them without it)."""
    tombstones = Tombstone.objects.all()
    if since is not None:
        tombstones = tombstones.filter(removed_at__gte=since)
    return tombstones.order_by("removed_at", "id")
