"""The fixed query mix of the search benchmark: what a regional official types, and the filters
they click. Fixed so that runs on different days, corpora and engines are comparable.

Each entry is (query, filters). Filters use the API's parameters and values: `province` is the
Kemendagri code, `year` the launch year, `category` the category slug.
"""

import random

# Every facet the API offers on the catalogue page; "all facets" in the issue.
ALL_FACETS = ("province", "regency", "year", "category", "sdg", "source", "stage", "award_level")

JABAR, JATENG, JATIM, SULSEL, PAPUA, ACEH, NTT, KALTIM = (
    "32", "33", "35", "73", "91", "11", "53", "64",
)  # fmt: skip

QUERIES: tuple[tuple[str, dict], ...] = (
    # Single words, common and rare, stemmed forms.
    ("pelayanan", {}),
    ("layanan", {}),
    ("kesehatan", {}),
    ("pendidikan", {}),
    ("sampah", {}),
    ("perizinan", {}),
    ("pengaduan", {}),
    ("bencana", {}),
    ("petani", {}),
    ("pendampingan", {}),
    ("digital", {"province": JABAR}),
    ("desa", {"year": "2021"}),
    ("beasiswa", {"category": "pendidikan"}),
    ("retribusi", {}),
    ("vokasi", {"province": JATIM}),
    # Two and three words.
    ("akta kelahiran", {}),
    ("bank sampah", {}),
    ("desa wisata", {}),
    ("kartu tani", {}),
    ("pajak daerah", {"province": JATENG}),
    ("ambulans desa", {"category": "kesehatan"}),
    ("peringatan dini banjir", {}),
    ("tanda tangan elektronik", {}),
    ("pelayanan terpadu satu pintu", {}),
    ("sekolah lapang petani", {"year": "2019"}),
    ("lumbung pangan desa", {"province": SULSEL}),
    ("data terpadu kesejahteraan", {}),
    ("bursa kerja daring", {"category": "ketenagakerjaan"}),
    ("guru kunjung terpencil", {"province": PAPUA}),
    ("antrean layanan kesehatan", {"province": JABAR, "year": "2022"}),
    # Quoted phrases, exclusion and OR.
    ('"mal pelayanan publik"', {}),
    ('"jemput bola"', {}),
    ('"akta kelahiran"', {"province": JATIM}),
    ('"bank sampah"', {"category": "lingkungan"}),
    ('"desa tangguh bencana"', {}),
    ('"rumah tunggu kelahiran"', {"year": "2020"}),
    ("sampah -sekolah", {}),
    ("banjir OR gempa", {}),
    ('"kartu keluarga" daring', {}),
    ("beasiswa OR vokasi", {"province": NTT}),
    # Misspellings (the trigram fallback).
    ("kependudkan", {}),
    ("puskesmass", {}),
    ("perizinann", {}),
    ("pendidkan", {}),
    ("kesehatn", {"province": JABAR}),
    ("bencanna", {"year": "2021"}),
    ("sampha organik", {}),
    ("posyandy", {"category": "kesehatan"}),
    # Acronyms and their expansions (the synonym table).
    ("KTP", {}),
    ("UMKM", {}),
    ("PTSP", {}),
    ("MPP", {}),
    ("adminduk", {}),
    ("tengkes", {}),
    ("stunting", {"province": JATENG}),
    ("KIA", {}),
    ("KK", {"year": "2023"}),
    ("BPJS", {}),
    ("disdukcapil", {"province": ACEH}),
    ("posyandu", {}),
    ("BUMDes", {"category": "desa"}),
    ("DTKS", {}),
    ("UMKM", {"province": JATIM, "category": "ekonomi-umkm"}),
    ("KTP", {"province": KALTIM, "year": "2022"}),
    ("puskesmas lansia", {}),
    ("administrasi kependudukan", {"category": "administrasi-kependudukan"}),
    # Filter-heavy: a common word narrowed by province, year and category at once.
    ("layanan", {"province": JABAR, "year": "2022", "category": "kesehatan"}),
    ("inovasi", {"province": JATENG, "category": "tata-kelola"}),
    ("program", {"year": "2018", "category": "sosial"}),
    ("masyarakat", {"province": SULSEL, "year": "2024"}),
)


def request_plan(count: int, seed: int = 7) -> list[tuple[str, dict]]:
    """`count` queries drawn from the mix in a fixed shuffled order, each used about equally."""
    order = list(QUERIES)
    random.Random(seed).shuffle(order)
    return [order[i % len(order)] for i in range(count)]
