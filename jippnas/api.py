"""API conventions shared by every app: pagination (page numbers, or keyset cursors for sync),
error shape, the JSON the API reads, and date-times a database can store."""

import base64
import binascii
import codecs
import json
import math
import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class StandardPagination(pagination.PageNumberPagination):
    """Page-number pagination with a total count; clients may ask for up to 100 rows a page."""

    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """Turn a model-level ValidationError raised by a service into a 400 with field errors."""
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES as it loads, which names
    # SafeJSONParser of this module; at the top, importing this module first would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


# PostgreSQL refuses a time-zone offset of 16 hours or more ("time zone displacement out of
# range"); Python takes up to 24.
UTC_OFFSET_LIMIT = timedelta(hours=16)


def storable_moment(moment: datetime) -> datetime:
    """`moment` in UTC, as every database stores it; naive values are read in the portal's time
    zone (WIB). ValueError for an offset PostgreSQL refuses. A moment outside Python's years
    1-9999 once in UTC (0001-01-01 read in WIB) becomes the first or last one: no stored time
    lies beyond it, so it selects what PostgreSQL would, where SQLite could not convert it."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if abs(moment.utcoffset()) >= UTC_OFFSET_LIMIT:
        raise ValueError("time-zone offset out of range")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


# The largest id a cursor may carry: a signed 64-bit integer, as the id columns are.
ID_MAX = 2**63 - 1


class KeysetPagination(pagination.BasePagination):
    """Forward-only cursor pagination over a strict total order `ordering` (e.g. updated_at, id).

    The cursor holds the last row's values of every ordering field, and the next page is what
    sorts after them; unlike an offset (or DRF's CursorPagination, which keeps an offset among
    equal first values), a row changed or inserted while a client walks the pages can never make
    it skip or repeat a row it has not reached. The ordering is ascending: a date-time first, the
    primary key last.
    """

    ordering: tuple[str, ...] = ("updated_at", "id")
    cursor_query_param = "cursor"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def __init__(self, ordering: tuple[str, ...] | None = None):
        if ordering:
            self.ordering = ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        position = self._decode(request.query_params.get(self.cursor_query_param))
        if position is not None:
            queryset = queryset.filter(self._after(position))
        rows = list(queryset.order_by(*self.ordering)[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.last_position = (
            [self._value(rows[-1], field) for field in self.ordering] if rows else None
        )
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        # Full microseconds: DjangoJSONEncoder would cut date-times to milliseconds.
        values = [v.isoformat() if hasattr(v, "isoformat") else v for v in self.last_position]
        token = base64.urlsafe_b64encode(json.dumps(values).encode()).decode()
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, token
        )

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
            if size < 1:
                raise ValueError
        except ValueError:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Harus bilangan bulat positif.")]}
            ) from None
        return min(size, self.max_page_size)

    def _decode(self, token: str | None):
        if not token:
            return None
        try:
            values = json.loads(base64.urlsafe_b64decode(token.encode()))
            if not isinstance(values, list) or len(values) != len(self.ordering):
                raise ValueError
            moment = parse_datetime(values[0]) if isinstance(values[0], str) else None
            last_id = values[-1]
            # bool is an int to Python; a larger int than the column's, an error of the database.
            if moment is None or type(last_id) is not int or not -ID_MAX - 1 <= last_id <= ID_MAX:
                raise ValueError
            return [storable_moment(moment), *values[1:]]
        except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
            raise exceptions.ValidationError(
                {self.cursor_query_param: [_("Kursor tidak sah; gunakan tautan `next`.")]}
            ) from None

    def _after(self, position: list) -> TupleGreaterThan:
        """Rows sorting after `position` in the (ascending) ordering, as one row comparison,
        `(updated_at, id) > (v, i)`: an index on the ordering's columns starts right after the
        cursor. Spelled as `updated_at > v OR (updated_at = v AND id > i)`, PostgreSQL could start
        no index scan at the OR and read every row before the cursor (a page at row 80,000 of
        100,000: 95-205 ms), and bounding the first column still read every row sharing the
        cursor's date-time, as the 100,000 entries of one import do (one `updated_at`)."""
        return TupleGreaterThan(Tuple(*(F(field) for field in self.ordering)), tuple(position))

    @staticmethod
    def _value(row, field: str):
        return getattr(row, "pk" if field == "id" else field)


class _NotFinite(ValueError):
    pass


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400: no column stores it, and JSON cannot answer it
        raise _NotFinite(text)
    return number


def _no_constant(name: str):
    raise _NotFinite(name)  # NaN, Infinity, -Infinity: not JSON, though Python writes them


# Python reads a lone surrogate (an unpaired "\ud800" escape) into a str that cannot be encoded as
# UTF-8 for the database or for the answer echoing it; only an escape can produce one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, answering 400 (ParseError) for what it lets through to fail later with a
    500: text that is not Unicode (lone surrogates), numbers that are not finite, and nesting
    deeper than JSON_MAX_DEPTH (far too deep for Python's recursion limit ends in RecursionError).
    """

    JSON_MAX_DEPTH = 32

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
        except RecursionError:
            raise exceptions.ParseError(self._too_deep()) from None
        except _NotFinite:
            raise exceptions.ParseError(
                _("JSON tidak boleh memuat angka tak hingga atau NaN.")
            ) from None
        except ValueError as error:  # UnicodeDecodeError included
            raise exceptions.ParseError(
                _("JSON tidak dapat dibaca: %(error)s") % {"error": error}
            ) from None
        self._check_values(data, surrogates_possible=bool(_SURROGATE_ESCAPE.search(text)))
        return data

    def _too_deep(self):
        return _("JSON bersarang terlalu dalam (paling banyak %(depth)d tingkat).") % {
            "depth": self.JSON_MAX_DEPTH
        }

    def _check_values(self, data, *, surrogates_possible: bool) -> None:
        """Depth, and (when the text has a surrogate escape) that every string encodes as
        UTF-8; without recursion, whatever the depth."""
        pending = [(data, 1)] if isinstance(data, dict | list) else []
        if surrogates_possible and isinstance(data, str):
            self._check_text(data)
        while pending:
            container, depth = pending.pop()
            if depth > self.JSON_MAX_DEPTH:
                raise exceptions.ParseError(self._too_deep())
            if isinstance(container, dict):
                if surrogates_possible:
                    for key in container:
                        self._check_text(key)
                container = container.values()
            for value in container:
                if isinstance(value, dict | list):
                    pending.append((value, depth + 1))
                elif surrogates_possible and isinstance(value, str):
                    self._check_text(value)

    @staticmethod
    def _check_text(text: str) -> None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise exceptions.ParseError(
                _("JSON memuat teks yang bukan Unicode sah (surrogate tunggal).")
            ) from None
