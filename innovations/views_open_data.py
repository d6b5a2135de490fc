"""The public open-data page: the current dump's files and the data dictionary, and downloads
served by Django from OPEN_DATA_ROOT (no web-server mapping of MEDIA needed)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .exchange_columns import TYPES, columns
from .selectors.open_data import open_data_current, open_data_file

CONTENT_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson; charset=utf-8",
    ".json": "application/json",
}


def open_data(request: HttpRequest) -> HttpResponse:
    english = (translation.get_language() or "id").startswith("en")
    dictionary = [
        {
            "name": column.name,
            "type": column.type,
            "description": column.description_en if english else column.description,
            "values": column.choices,
        }
        for column in columns()
    ]
    return render(
        request,
        "innovations/open_data.html",
        {"dump": open_data_current(), "dictionary": dictionary, "types": TYPES},
    )


def open_data_download(request: HttpRequest, name: str) -> FileResponse:
    path = open_data_file(name)
    if path is None:
        raise Http404(_("Berkas data terbuka tidak ditemukan."))
    try:
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        # Replaced by a newer dump between reading the manifest and opening the file.
        raise Http404(_("Berkas data terbuka tidak ditemukan.")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(path.suffix, "application/octet-stream"),
    )
