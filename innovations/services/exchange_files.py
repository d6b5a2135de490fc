"""Exchange files: the CSV/XLSX import template and reading an uploaded file into rows for
innovations.services.exchange (the same rows the ingestion API receives as JSON)."""

import csv
import io
from contextlib import contextmanager

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from ..exchange_columns import column_names
from ..models import Innovation
from .exchange import COLUMNS, KEY_FIELDS, REQUIRED_ON_CREATE, _text

COLUMN_HELP = {
    "source": _("Sumber: %(values)s")
    % {"values": ", ".join(value for value, _label in Innovation.Source.choices)},
    "external_ref": _("ID entri di sistem sumber (wajib, unik per sumber)"),
    "agency": _("Kode instansi (mis. 19.01 atau KEMENPANRB)"),
    "province": _("Kode provinsi Kemendagri (diisi otomatis untuk instansi daerah)"),
    "regency": _("Kode kabupaten/kota Kemendagri, mis. 19.01"),
    "government_affair": _("Kode urusan pemerintahan, mis. 2.12"),
    "categories": _("Slug kategori, dipisah koma"),
    "sdgs": _("Nomor TPB/SDG 1–17, dipisah koma"),
    "covid_related": _("ya/tidak"),
    "trial_started_on": _("Tanggal TTTT-BB-HH"),
    "implemented_on": _("Tanggal TTTT-BB-HH, tidak sebelum uji coba"),
    "last_confirmed_at": _("Tanggal TTTT-BB-HH"),
}


def exchange_template(file_format: str) -> bytes:
    """An empty import file with the exchange columns (XLSX adds a sheet explaining them)."""
    if file_format == "csv":
        out = io.StringIO()
        csv.writer(out).writerow(COLUMNS)
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "inovasi"
    sheet.append(list(COLUMNS))
    notes = book.create_sheet("petunjuk")
    notes.append([_gettext("kolom"), _gettext("keterangan")])
    for name in COLUMNS:
        label = COLUMN_HELP.get(name) or Innovation._meta.get_field(name).verbose_name
        required = name in (*REQUIRED_ON_CREATE, *KEY_FIELDS)
        notes.append([name, f"{label}{' *' if required else ''}"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class FileError(ValueError):
    """The file cannot be read as an exchange file (format, header)."""


@contextmanager
def _opened(file, file_format: str):
    """(header, iterator over the body rows, size hint or None) of a CSV or XLSX file."""
    if file_format == "csv":
        text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
        try:
            reader = csv.reader(text)
            yield next(reader, None), reader, None
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileError(_gettext("Berkas CSV tidak dapat dibaca: %s") % error) from None
        finally:
            text.detach()
    elif file_format == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(file, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise FileError(_gettext("Berkas XLSX tidak dapat dibaca: %s") % error) from None
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            yield next(rows, None), rows, (sheet.max_row or 1) - 1
        finally:
            book.close()
    else:
        raise FileError(_gettext("Format tidak dikenal."))


# An export (innovations.exchange_columns) names the codes "<field>_code" and adds columns for
# reading (names, links, times); an exported file can be imported as it is, so those are read
# as the codes they stand for, or ignored.
EXPORT_ALIASES = {
    "agency_code": "agency",
    "province_code": "province",
    "regency_code": "regency",
    "government_affair_code": "government_affair",
}
# "slug" stays: it finds an exported entry that has no external reference.
EXPORT_ONLY = frozenset(column_names()) - frozenset(COLUMNS) - frozenset(EXPORT_ALIASES) - {"slug"}


def _checked_header(header) -> list[str]:
    if not header:
        raise FileError(_gettext("Berkas kosong: baris pertama harus berisi nama kolom."))
    header = [EXPORT_ALIASES.get(_text(name), _text(name)) for name in header]
    # Ignored columns become "" and are skipped when the rows are read.
    header = ["" if name in EXPORT_ONLY else name for name in header]
    unknown = [name for name in header if name and name not in COLUMNS and name != "slug"]
    if unknown or "external_ref" not in header or "source" not in header:
        raise FileError(
            _gettext("Kolom tidak dikenal: %(unknown)s. Kolom wajib: source, external_ref.")
            % {"unknown": ", ".join(unknown) or "-"}
        )
    return header


def exchange_file_rows_estimate(file, file_format: str) -> int:
    """Check the header and count the data rows, cheaply: exact for CSV; for XLSX the sheet's
    recorded size (which may count trailing empty rows), so an upload is not parsed twice."""
    with _opened(file, file_format) as (header, body, size_hint):
        _checked_header(header)
        if size_hint is not None:
            return size_hint
        return sum(1 for values in body if any(_text(value) for value in values))


def exchange_read_file(file, file_format: str) -> tuple[list[dict], list[int]]:
    """The rows of a CSV or XLSX file as dicts keyed by column (empty rows skipped), and the
    line of the file each row comes from."""
    with _opened(file, file_format) as (header, body, _size_hint):
        header = _checked_header(header)
        rows, lines = [], []
        for line, values in enumerate(body, start=2):  # line 1 is the header
            if any(_text(value) for value in values):
                rows.append(
                    {name: value for name, value in zip(header, values, strict=False) if name}
                )
                lines.append(line)
    return rows, lines
