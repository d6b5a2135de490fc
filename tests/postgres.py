"""A second PostgreSQL connection to the test database, outside Django's: for tests of what
another session sees or waits for (locks, triggers of a concurrent writer)."""

import psycopg
from django.db import connection


def other_connection() -> psycopg.Connection:
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432,
        user=database["USER"], password=database["PASSWORD"] or None, dbname=database["NAME"],
    )  # fmt: skip
