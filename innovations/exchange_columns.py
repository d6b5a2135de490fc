"""The exchange column set — the data dictionary of every export, the open-data dump and the import.

One declared list, in output order: each column's name, type, descriptions (Indonesian first,
English second) and where it is read from an entry. Exports in every format (CSV, JSON Lines,
XLSX), the nightly open-data dump and the published dictionary are generated from it, and the
import service reads the same names; so a column is added, renamed or retyped here and nowhere
else. Names are stable: consumers key on them, so change one only with a new dictionary version.

Left out on purpose: workflow fields (status, who created or confirmed an entry) never leave the
portal, and the contact person's name, e-mail and telephone are shown entry by entry on its page
but not handed out in bulk (personal data, UU 27/2022 on personal-data protection).

Encodings, per type (see `TYPES`): lists are joined with `LIST_SEPARATOR` in CSV and XLSX and
are arrays in JSON Lines; booleans are `true`/`false`; dates are ISO 8601 (`2024-03-01`);
date-times are ISO 8601 in UTC with offset (`2024-03-01T02:03:04.000005+00:00`); an empty value
is an empty cell in CSV/XLSX and `null` (or `[]` for lists) in JSON Lines.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

DICTIONARY_VERSION = "1"
LIST_SEPARATOR = "|"

TYPES = {
    "string": _("Teks pendek."),
    "text": _("Teks panjang, dapat memuat baris baru."),
    "integer": _("Bilangan bulat."),
    "boolean": _("true atau false."),
    "date": _("Tanggal ISO 8601 (YYYY-MM-DD)."),
    "datetime": _("Tanggal dan waktu ISO 8601 dalam UTC, dengan zona (+00:00)."),
    "url": _("Alamat web (URL)."),
    "list[string]": _("Daftar teks; dalam CSV/XLSX dipisah dengan |, dalam JSON Lines larik."),
    "list[integer]": _("Daftar bilangan; dalam CSV/XLSX dipisah dengan |, dalam JSON Lines larik."),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str  # Indonesian (source language), through gettext_lazy
    description_en: str  # English, kept beside it so the dictionary states both in any language
    # The ORM path read with values_list(); None for the columns the exporter derives itself
    # (the lists of categories and SDGs, the page's URL).
    field: str | None = None
    choices: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.type.startswith("list[")


def _choice_values(choices_class) -> tuple[str, ...]:
    return tuple(value for value, _label in choices_class.choices)


def _build_columns() -> tuple[Column, ...]:
    from .models import Innovation

    def text(name, description, description_en, field=None, type="string"):
        return Column(name, type, description, description_en, field or name)

    return (
        text("slug", _("Pengenal tetap entri di JIPPNas; kunci untuk sinkronisasi."),
             "Permanent identifier of the entry in JIPPNas; the key for synchronisation."),
        Column("url", "url", _("Alamat halaman entri di portal."),
               "Address of the entry's page on the portal."),
        text("title", _("Judul inovasi."), "Title of the innovation."),
        text("summary", _("Ringkasan."), "Summary.", type="text"),
        text("problem", _("Permasalahan dan latar belakang."), "Problem and background.",
             type="text"),
        text("idea", _("Gagasan dan kebaruan."), "Idea and novelty.", type="text"),
        text("how_it_works", _("Cara kerja."), "How it works.", type="text"),
        text("results", _("Hasil dan dampak."), "Results and impact.", type="text"),
        text("replicability", _("Kemampuan direplikasi."), "Replicability.", type="text"),
        text("sustainability", _("Keberlanjutan."), "Sustainability.", type="text"),
        text("resources", _("Sumber daya dan anggaran."), "Resources and budget.", type="text"),
        text("stakeholders", _("Pemangku kepentingan."), "Stakeholders.", type="text"),
        text("agency_code", _("Kode instansi pemilik entri."), "Code of the owning agency.",
             "agency__code"),
        text("agency_name", _("Nama instansi pemilik entri."), "Name of the owning agency.",
             "agency__name"),
        text("province_code", _("Kode provinsi Kemendagri (2 digit)."),
             "Province code of Kemendagri (2 digits).", "province__code"),
        text("province_name", _("Nama provinsi."), "Province name.", "province__name"),
        text("regency_code", _("Kode kabupaten/kota Kemendagri."),
             "Regency/city code of Kemendagri.", "regency__code"),
        text("regency_name", _("Nama kabupaten/kota."), "Regency/city name.", "regency__name"),
        Column("year_launched", "integer", _("Tahun mulai."), "Year launched.", "year_launched"),
        Column("stage", "string", _("Tahapan inovasi."), "Stage of the innovation.", "stage",
               _choice_values(Innovation.Stage)),
        Column("source", "string", _("Sumber entri."), "Source of the entry.", "source",
               _choice_values(Innovation.Source)),
        text("external_ref", _("Nomor atau ID entri di sistem sumber; unik per sumber."),
             "Number or ID of the entry in its source system; unique per source."),
        Column("categories", "list[string]", _("Slug kategori layanan publik."),
               "Slugs of the public-service categories."),
        Column("sdgs", "list[integer]", _("Nomor TPB/SDGs (1–17)."), "SDG numbers (1–17)."),
        Column("kind", "string", _("Jenis inovasi."), "Kind of innovation.", "kind",
               _choice_values(Innovation.Kind)),
        Column("form", "string", _("Bentuk inovasi."), "Form of innovation.", "form",
               _choice_values(Innovation.Form)),
        Column("initiator", "string", _("Inisiator."), "Initiator.", "initiator",
               _choice_values(Innovation.Initiator)),
        Column("covid_related", "boolean", _("Terkait COVID-19."), "Related to COVID-19.",
               "covid_related"),
        Column("trial_started_on", "date", _("Tanggal mulai uji coba."), "Trial start date.",
               "trial_started_on"),
        Column("implemented_on", "date", _("Tanggal mulai penerapan."),
               "Implementation start date.", "implemented_on"),
        text("government_affair_code", _("Kode urusan pemerintahan."),
             "Code of the government affair.", "government_affair__code"),
        text("legal_basis", _("Dasar hukum."), "Legal basis."),
        text("legal_basis_number", _("Nomor dasar hukum."), "Number of the legal basis."),
        Column("website_url", "url", _("Situs web inovasi."), "Website of the innovation.",
               "website_url"),
        Column("video_url", "url", _("Tautan video."), "Video link.", "video_url"),
        Column("continuity_status", "string", _("Keberlanjutan: masih berjalan, berkembang, "
               "berhenti, belum diketahui."), "Continuity: running, scaled up, stopped, unknown.",
               "continuity_status", _choice_values(Innovation.Continuity)),
        text("continuity_note", _("Keterangan keberlanjutan."), "Note on continuity.",
             type="text"),
        Column("last_confirmed_at", "date", _("Tanggal terakhir dikonfirmasi masih berjalan."),
               "Date it was last confirmed to run.", "last_confirmed_at"),
        Column("published_at", "datetime", _("Waktu diterbitkan."), "Time of publication.",
               "published_at"),
        Column("updated_at", "datetime", _("Waktu terakhir diubah."), "Time of the last change.",
               "updated_at"),
    )  # fmt: skip


class _Columns:
    """Built on first use: the choices come from the models, which load after this module."""

    _columns: tuple[Column, ...] | None = None

    def __call__(self) -> tuple[Column, ...]:
        if self._columns is None:
            self._columns = _build_columns()
        return self._columns


columns = _Columns()


def column_names() -> list[str]:
    return [column.name for column in columns()]


def data_dictionary() -> dict:
    """The dictionary as published beside the dump (JSON); descriptions in both languages."""
    return {
        "version": DICTIONARY_VERSION,
        "list_separator": LIST_SEPARATOR,
        "key": "slug",
        "columns": [
            {
                "name": column.name,
                "type": column.type,
                "description_id": _source_text(column.description),
                "description_en": column.description_en,
                **({"values": list(column.choices)} if column.choices else {}),
            }
            for column in columns()
        ],
        "types": {name: _source_text(text) for name, text in TYPES.items()},
    }


def _source_text(text) -> str:
    """The Indonesian source string of a lazy translation, whatever language is active."""
    with translation.override("id"):
        return str(text)
