"""The incentive report (results per region for a year) as CSV and XLSX, for the Finance
Ministry's regional incentive fund (DID) allocation. Both files hold the same figures."""

import csv
import io

from django.utils.translation import gettext as _g

from .models import ResultLevel
from .selectors import incentive_report


def _summary_header() -> list[str]:
    return [
        _g("Provinsi"),
        _g("Kabupaten/kota"),
        *(str(label) for label in ResultLevel.labels),
        _g("Jumlah hasil"),
        _g("Jumlah inovasi"),
    ]


def _summary_rows(regions) -> list[list]:
    # An entry may hold several levels of one round (a Top 45 is also a Top 99): results and
    # distinct innovations are both given, so the reader chooses how to count.
    return [
        [
            row.province or _g("(instansi pusat, tanpa wilayah)"),
            row.regency,
            *(row.counts[level] for level in ResultLevel.values),
            row.total,
            len(row.entries),
        ]
        for row in regions
    ]


def _detail_header() -> list[str]:
    return [
        _g("Provinsi"), _g("Kabupaten/kota"), _g("Instansi"), _g("Inovasi"), _g("Kompetisi"),
        _g("Kelompok"), _g("Tingkat"),
    ]  # fmt: skip


def _detail_rows(results) -> list[list]:
    rows = []
    for result in results:
        entry = result.proposal.innovation
        rows.append([
            entry.province.name if entry.province else "",
            entry.regency.display_name if entry.regency else "",
            entry.agency.name, result.public_title, result.competition.name,
            result.proposal.group.name, str(result.get_level_display()),
        ])  # fmt: skip
    return rows


def incentive_csv(year: int) -> bytes:
    """Per-region counts by result level (UTF-8 with BOM so spreadsheet programs read it)."""
    regions, _results = incentive_report(year)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_summary_header())
    writer.writerows(_summary_rows(regions))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def incentive_xlsx(year: int) -> bytes:
    """A workbook: per-region counts, and the results behind them."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    regions, results = incentive_report(year)
    workbook = Workbook()
    summary = workbook.active
    summary.title = _g("Per wilayah")[:31]
    detail = workbook.create_sheet(_g("Rincian hasil")[:31])
    for sheet, header, rows in (
        (summary, _summary_header(), _summary_rows(regions)),
        (detail, _detail_header(), _detail_rows(results)),
    ):
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
