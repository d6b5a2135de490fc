"""Writers of export rows (innovations.selectors.exchange.export_rows) in each exchange format.

Every format writes the columns of innovations.exchange_columns, in that order, with the
encodings the data dictionary states. CSV and JSON Lines are produced as a stream of byte
chunks (a few hundred rows each) so that an HTTP response or a file receives them as they come;
XLSX is written by openpyxl's write-only workbook, which keeps rows on disk, not in memory.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .exchange_columns import LIST_SEPARATOR, columns

ROWS_PER_CHUNK = 500
# One row fewer than Excel's sheet holds: the first row is the header.
XLSX_MAX_ROWS = 1_048_575


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str


FORMATS = {
    "csv": ExportFormat("csv", "csv", "text/csv; charset=utf-8"),
    "jsonl": ExportFormat("jsonl", "jsonl", "application/x-ndjson; charset=utf-8"),
    "xlsx": ExportFormat(
        "xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}


def _positions(*types: str) -> list[int]:
    return [i for i, column in enumerate(columns()) if column.type in types]


class _Encoders:
    """Column positions by encoding, computed once: rows are converted only where needed."""

    def __init__(self):
        self.names = [column.name for column in columns()]
        self.lists = [i for i, column in enumerate(columns()) if column.is_list]
        self.booleans = _positions("boolean")
        self.dates = _positions("date")
        self.datetimes = _positions("datetime")


class CsvEncoder(_Encoders):
    """CSV as the csv module writes it with minimal quoting (a field is quoted when it holds a
    quote, comma or line break), but built with str methods: the csv module's writer was five
    times slower on long narrative fields, and this is the export's hot loop. Lines end with
    LF, as do the lines PostgreSQL keeps for the export (innovations/export_sql.py, read by
    selectors.exchange.export_csv_chunks): both paths give the same bytes, and every CSV reader
    (Excel, LibreOffice, pandas, R) takes LF."""

    def header(self, *, bom: bool = True) -> bytes:
        """The BOM lets Excel read the file as UTF-8."""
        return ("\ufeff" if bom else "").encode() + _csv_lines([self.names]).encode()

    def encode(self, chunk: list) -> bytes:
        lists, booleans, datetimes = self.lists, self.booleans, self.datetimes
        rows = []
        for row in chunk:
            row = list(row)
            for i in lists:
                row[i] = LIST_SEPARATOR.join(map(str, row[i]))
            for i in booleans:
                row[i] = "true" if row[i] else "false"
            for i in datetimes:
                if row[i] is not None:
                    row[i] = row[i].isoformat()
            rows.append(row)
        return _csv_lines(rows).encode()


_NEEDS_QUOTES = re.compile(r'[",\r\n]')


def needs_quotes(text: str) -> bool:
    return _NEEDS_QUOTES.search(text) is not None


def csv_field(value) -> str:
    # None is an empty field; dates and numbers print as ISO 8601 and digits.
    if value is None:
        return ""
    if value.__class__ is not str:
        value = str(value)
    if _NEEDS_QUOTES.search(value) is None:
        return value
    return '"' + value.replace('"', '""') + '"'


def _csv_lines(rows: list) -> str:
    return "".join([",".join([csv_field(value) for value in row]) + "\n" for row in rows])


class JsonlEncoder(_Encoders):
    """One JSON object per line, keys in column order; lists stay arrays."""

    def __init__(self):
        super().__init__()
        self.moments = self.dates + self.datetimes
        self.dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def encode(self, chunk: list) -> bytes:
        names, moments, dumps = self.names, self.moments, self.dumps
        lines = []
        for row in chunk:
            row = list(row)
            for i in moments:
                if row[i] is not None:
                    row[i] = row[i].isoformat()
            lines.append(dumps(dict(zip(names, row, strict=True))))
        lines.append("")
        return "\n".join(lines).encode()


def csv_chunks(rows: Iterable[tuple], *, bom: bool = True) -> Iterator[bytes]:
    """The header, then the rows, as UTF-8 bytes, a few hundred rows per chunk."""
    encoder = CsvEncoder()
    yield encoder.header(bom=bom)
    for chunk in row_chunks(rows):
        yield encoder.encode(chunk)


def jsonl_chunks(rows: Iterable[tuple]) -> Iterator[bytes]:
    encoder = JsonlEncoder()
    for chunk in row_chunks(rows):
        yield encoder.encode(chunk)


def xlsx_write(rows: Iterable[tuple], target) -> int:
    """Write an XLSX workbook to `target` (a path or a binary file); returns the rows written.

    Dates are date cells; date-times are ISO text, because a spreadsheet cell has no time zone.
    Text is always text: a value starting with "=" would otherwise become a formula.
    """
    encoders = _Encoders()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("inovasi")
    sheet.append(encoders.names)
    lists, datetimes = encoders.lists, encoders.datetimes
    count = 0
    for row in rows:
        row = list(row)
        for i in lists:
            row[i] = LIST_SEPARATOR.join(map(str, row[i]))
        for i in datetimes:
            if row[i] is not None:
                row[i] = row[i].isoformat()
        for i, value in enumerate(row):
            if isinstance(value, str):
                row[i] = _text_cell(sheet, value)
        sheet.append(row)
        count += 1
    workbook.save(target)
    return count


def _text_cell(sheet, value: str):
    # Characters XML cannot carry (control characters) would abort the whole workbook.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith("="):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def row_chunks(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == ROWS_PER_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse_cell(column_type: str, text: str):
    """The value a CSV field (or XLSX text cell) encodes, by the dictionary's type: the inverse
    of the writers above, for readers such as the import service and the round-trip tests."""
    if column_type.startswith("list["):
        items = [item for item in text.split(LIST_SEPARATOR) if item != ""]
        return [int(item) for item in items] if column_type == "list[integer]" else items
    if column_type == "integer":
        return int(text) if text != "" else None
    if column_type == "boolean":
        return {"true": True, "false": False}[text.lower()]
    if column_type == "date":
        return date.fromisoformat(text) if text else None
    if column_type == "datetime":
        return datetime.fromisoformat(text) if text else None
    return text
