"""HTTP side of data exchange: export responses, sync parameters and conditional answers (ETag,
Last-Modified, 304) — shared by the API views; the rows come from innovations.selectors."""

import hashlib
import tempfile
from datetime import datetime, time
from functools import wraps

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

from innovations import exporters
from innovations.cache import catalogue_last_changed, catalogue_version
from innovations.selectors import exchange as exchange_selectors
from jippnas.api import storable_moment


def parse_moment(params, name: str) -> datetime | None:
    """An ISO 8601 date-time (or date) query parameter, in UTC; naive values are read in the
    portal's time zone (WIB). A bad value, or an offset no database stores, is a 400 naming the
    parameter."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    # "+" in an unencoded query string arrives as a space.
    raw = raw.strip().replace(" ", "+") if "T" in raw else raw.strip()
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = datetime.combine(day, time.min) if day else None
    except ValueError:
        moment = None
    if moment is None:
        raise exceptions.ValidationError(
            {name: [_("Bukan tanggal/waktu ISO 8601, mis. 2025-01-31T08:00:00+07:00.")]}
        )
    try:
        return storable_moment(moment)
    except ValueError:
        raise exceptions.ValidationError(
            {name: [_("Zona waktu di luar jangkauan; selisih dari UTC paling banyak ±15:59.")]}
        ) from None


def export_format(params) -> exporters.ExportFormat:
    name = params.get("format") or "csv"
    if name not in exporters.FORMATS:
        raise exceptions.ValidationError(
            {"format": [_("Format tidak dikenal; pilih csv, jsonl atau xlsx.")]}
        )
    return exporters.FORMATS[name]


def export_filename(export: exporters.ExportFormat) -> str:
    return f"jippnas-inovasi-{timezone.localdate():%Y%m%d}.{export.extension}"


def export_response(queryset, export: exporters.ExportFormat):
    """Stream the rows in the format: CSV and JSON Lines chunk by chunk as they are read; XLSX
    built in an anonymous temporary file first (a zip cannot be streamed), then sent from it."""
    filename = export_filename(export)
    if export.name == "xlsx":
        spool = tempfile.TemporaryFile(prefix="jippnas-export-")  # noqa: SIM115 - FileResponse closes it
        exporters.xlsx_write(exchange_selectors.export_rows(queryset), spool)
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=export.content_type
        )
    else:
        if export.name == "csv":
            chunks = exchange_selectors.export_csv_chunks(queryset)
        else:
            chunks = exporters.jsonl_chunks(exchange_selectors.export_rows(queryset))
        response = StreamingHttpResponse(chunks, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FormatParameterNegotiation(BaseContentNegotiation):
    """The export names its file format in `format`, which DRF would otherwise take for a
    renderer's name (and answer 404). The file is a response of its own; JSON renders errors."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return JSONRenderer(), JSONRenderer.media_type

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None


# --- conditional answers -----------------------------------------------------------------------


def catalogue_etag(request, *args, **kwargs) -> str:
    """Changes with any change of the public catalogue (the version innovations.cache keeps),
    and differs per URL and language."""
    key = "|".join((catalogue_version(), translation.get_language() or "", request.get_full_path()))
    return hashlib.sha256(key.encode()).hexdigest()[:40]


def catalogue_last_modified(request, *args, **kwargs) -> datetime:
    return catalogue_last_changed()


def revalidate_always(response):
    """Caches (browsers included) must ask again each time, with the validators: otherwise a
    Last-Modified alone invites heuristic caching of a changed catalogue."""
    patch_cache_control(response, no_cache=True)
    return response


def catalogue_conditional(view):
    """ETag and Last-Modified on every GET of the catalogue API, 304 when the client's copy is
    current (If-None-Match first, else If-Modified-Since, as RFC 9110 orders them)."""
    conditioned = condition(etag_func=catalogue_etag, last_modified_func=catalogue_last_modified)(
        view
    )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = conditioned(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            revalidate_always(response)
        return response

    return wrapper
