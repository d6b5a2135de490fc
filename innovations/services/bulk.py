"""Fast bulk inserts for imports: ids drawn in advance, rows sent with COPY on PostgreSQL.

Django's bulk_create spends most of an import's time building SQL text with one placeholder per
value (which psycopg then parses again); COPY sends the rows as data. Triggers still fire per
row (the search vector), and everything stays inside the caller's transaction. Other databases
(SQLite in the quick start and tests) get a plain executemany.
"""

from collections.abc import Callable, Iterable
from operator import attrgetter

import numpy as np
from django.db import connection, models
from django.db.models import signals
from django.db.models.base import ModelState


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, so rows can reference each other before insert."""
    if count == 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is looked up once: as an argument of nextval() in the same statement
            # pg_get_serial_sequence() ran once per id (0.8 s for 300,000 ids against 0.08 s).
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            # One string of 8-byte ids instead of a row per id: reading 750,000 ids (the
            # entries, links and history of a 100,000-row import) as rows took 3.4 s, as one
            # string 0.3 s, and drawing them 0.2 s.
            cursor.execute(
                "SELECT string_agg(int8send(nextval(%s::regclass)), ''::bytea)"
                "  FROM generate_series(1, %s)",
                [sequence, count],
            )
            return np.frombuffer(cursor.fetchone()[0], dtype=">i8").tolist()
        # SQLite: one writer at a time, and explicit ids move its sequence on.
        cursor.execute(f'SELECT COALESCE(MAX("{column}"), 0) FROM "{table}"')
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def columns_of(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def _adapters(fields: list[models.Field]) -> list:
    # psycopg takes dates and datetimes as they are; JSON (and SQLite's dates) need the
    # backend's own conversion, exactly as Django's save() would do it.
    needs = (models.JSONField,) if connection.vendor == "postgresql" else (
        models.JSONField, models.DateField, models.DateTimeField, models.TimeField,
    )  # fmt: skip
    return [
        (lambda value, f=f: f.get_db_prep_save(value, connection)) if isinstance(f, needs) else None
        for f in fields
    ]


def _adapt(row: tuple, adapted: list) -> list:
    values = list(row)
    for index, adapt in adapted:
        values[index] = adapt(values[index])
    return values


def insert_rows(
    model: type[models.Model], fields: list[models.Field], rows: Iterable[tuple]
) -> int:
    """Insert tuples of Python values (one per field, in order) into the model's table."""
    # Only the columns that need it are adapted: a row is not rebuilt value by value.
    adapted = [(index, adapt) for index, adapt in enumerate(_adapters(fields)) if adapt]
    if adapted:
        rows = (_adapt(row, adapted) for row in rows)
    table = model._meta.db_table
    names = ", ".join(f'"{f.column}"' for f in fields)
    count = 0
    # wrap_database_errors: a unique or foreign-key violation during COPY (through the raw
    # psycopg cursor) surfaces as Django's IntegrityError, as it would from bulk_create.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        rows = list(rows)
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', rows)
        return len(rows)


def insert_instances(model: type[models.Model], objs: list[models.Model], now=None) -> None:
    """Insert unsaved instances whose primary keys are already set (see allocate_ids). `now`:
    the time of auto_now(_add) fields (by default, the time of this call)."""
    fields = columns_of(model)
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objs:
        for f in stamped:
            now = now or f.pre_save(obj, add=True)
            setattr(obj, f.attname, now)
        obj._state.adding, obj._state.db = False, connection.alias
    values_of = attrgetter(*(f.attname for f in fields))  # one C call per instance
    insert_rows(model, fields, (values_of(o) for o in objs))


def instance_maker(model: type[models.Model]) -> Callable[..., models.Model]:
    """A maker of unsaved instances equal to `model(**values)`, for plain (non-relation) field
    values by attribute name. An import validates each new row on a fresh instance, and
    Model.__init__ (a default looked up and set for each of some 50 fields) took 35 µs of the
    0.4 ms that validating a row costs: this copies one instance's attributes instead (2 µs),
    with a fresh value of each callable default (a list is not shared). Where something listens
    to pre_init or post_init for the model, it returns the model itself, so nothing is skipped."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model
    template = model().__dict__
    fresh = [f for f in model._meta.concrete_fields if f.has_default() and callable(f.default)]
    plain = {f.attname for f in model._meta.concrete_fields if not f.is_relation}

    def make(**values) -> models.Model:
        if not values.keys() <= plain:
            raise TypeError(f"not plain fields of {model.__name__}: {set(values) - plain}")
        state = dict(template)
        state["_state"] = ModelState()
        for f in fresh:
            state[f.attname] = f.get_default()
        state.update(values)
        instance = model.__new__(model)
        instance.__dict__ = state
        return instance

    return make
