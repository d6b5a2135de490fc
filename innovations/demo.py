"""Realistic demo entries for the quick start and the benchmarks.

All text is composed here from templates and vocabulary written for this project: themes of
Indonesian public-service innovation (population administration, health, licensing, ...), each
with the words an official would use. Every entry is generated from its own seeded random
generator (seed, number), so entry n is the same whatever the count, and runs are deterministic.
Demo entries are marked by their external reference ("DEMO-…").
"""

import datetime
import random
from dataclasses import dataclass

from django.utils.text import slugify

DEMO_PREFIX = "DEMO-"
REFERENCE_DATE = datetime.date(2025, 12, 31)  # fixed, so output does not depend on today


@dataclass(frozen=True)
class Theme:
    categories: tuple[str, ...]
    sdgs: tuple[int, ...]
    affair: str
    titles: tuple[str, ...]
    problem: tuple[str, ...]
    idea: tuple[str, ...]
    how: tuple[str, ...]
    results: tuple[str, ...]
    unit: str
    users: str


THEMES = (
    Theme(
        ("administrasi-kependudukan",),
        (16, 10),
        "2.06",
        (
            "Layanan Adminduk Jemput Bola",
            "Akta Kelahiran Langsung dari Rumah Sakit",
            "Gerai Dukcapil Keliling Desa",
            "Perekaman KTP-el di Sekolah",
            "KIA untuk Semua Anak",
            "Kartu Keluarga Daring Tanpa Antre",
        ),
        (
            "Warga di desa terpencil harus menempuh {km} km ke kantor Disdukcapil untuk mengurus "
            "KTP-el, kartu keluarga atau akta kelahiran, sehingga cakupan dokumen kependudukan "
            "baru {pct_low}%.",
            "Antrean di kantor Dinas Kependudukan dan Pencatatan Sipil rata-rata {days} hari dan "
            "banyak bayi belum memiliki akta kelahiran.",
        ),
        (
            "Petugas mendatangi desa, sekolah dan rumah sakit dengan perangkat perekaman keliling "
            "sehingga dokumen selesai di tempat.",
            "Permohonan diajukan lewat aplikasi daring dan dokumen dikirim dalam bentuk elektronik "
            "bertanda tangan digital.",
        ),
        (
            "Operator desa mengunggah berkas, petugas memverifikasi dalam satu hari kerja, lalu "
            "dokumen dicetak mandiri atau diantar.",
            "Rumah sakit dan puskesmas terhubung dengan Disdukcapil sehingga akta kelahiran terbit "
            "sebelum ibu dan bayi pulang.",
        ),
        (
            "Cakupan akta kelahiran naik dari {pct_low}% menjadi {pct_high}% dan waktu layanan "
            "turun dari {days} hari menjadi {days_new} hari.",
            "{count} dokumen kependudukan diterbitkan dalam setahun tanpa warga datang ke kantor.",
        ),
        "Dinas Kependudukan dan Pencatatan Sipil",
        "warga, kepala desa dan rumah sakit",
    ),
    Theme(
        ("kesehatan",),
        (3, 5),
        "1.02",
        (
            "Posyandu Digital Cegah Tengkes",
            "Puskesmas Ramah Lansia",
            "Ambulans Desa Siaga",
            "Rumah Tunggu Kelahiran",
            "Antrean Puskesmas Daring",
            "Pendampingan Ibu Hamil Risiko Tinggi",
        ),
        (
            "Angka tengkes (stunting) pada balita masih {pct_low}% dan kader posyandu mencatat "
            "tumbuh kembang di buku kertas yang sering hilang.",
            "Warga lanjut usia menunggu hingga {hours} jam di puskesmas dan banyak ibu hamil "
            "terlambat dirujuk.",
        ),
        (
            "Kader mencatat berat dan tinggi badan balita di aplikasi sehingga kasus gagal tumbuh "
            "langsung terpantau puskesmas.",
            "Jalur layanan khusus dan pendampingan oleh kader untuk kelompok rentan.",
        ),
        (
            "Data posyandu tersambung ke dasbor dinas kesehatan, dan bidan desa menerima peringatan "
            "bila ada balita dengan berat badan turun.",
            "Pasien mengambil nomor antrean lewat pesan singkat dan datang sesuai jadwal.",
        ),
        (
            "Prevalensi tengkes turun dari {pct_low}% menjadi {pct_drop}% dalam {years} tahun.",
            "Waktu tunggu di puskesmas turun dari {hours} jam menjadi {minutes} menit dan "
            "{count} ibu hamil risiko tinggi dirujuk tepat waktu.",
        ),
        "Dinas Kesehatan",
        "kader posyandu, bidan desa dan keluarga balita",
    ),
    Theme(
        ("pendidikan",),
        (4, 10),
        "1.01",
        (
            "Sekolah Pintar Berbasis Komunitas",
            "Beasiswa Anak Nelayan",
            "Guru Kunjung Daerah Terpencil",
            "Perpustakaan Keliling Desa",
            "Gerakan Kembali ke Sekolah",
        ),
        (
            "Sebanyak {count} anak usia sekolah putus sekolah karena jarak dan biaya, dan angka "
            "melek literasi di desa pesisir hanya {pct_low}%.",
        ),
        (
            "Guru dan relawan mendatangi kampung dengan modul belajar dan buku bacaan.",
            "Dana desa dan mitra swasta membiayai beasiswa bagi anak dari keluarga miskin.",
        ),
        (
            "Data anak tidak sekolah dari desa dicocokkan dengan data pokok pendidikan, lalu "
            "setiap anak didampingi sampai kembali bersekolah.",
        ),
        (
            "{count} anak kembali bersekolah dan angka partisipasi sekolah naik menjadi {pct_high}%.",
        ),
        "Dinas Pendidikan",
        "sekolah, komite sekolah dan orang tua",
    ),
    Theme(
        ("perizinan", "ekonomi-umkm"),
        (8, 9),
        "2.12",
        (
            "Perizinan Usaha Satu Hari",
            "Mal Pelayanan Publik Terpadu",
            "Izin UMKM Cukup dari Desa",
            "PBG Daring Tanpa Tatap Muka",
            "Klinik Perizinan Keliling",
        ),
        (
            "Pelaku usaha harus mendatangi {units} kantor berbeda dan mengurus izin hingga {days} "
            "hari, sehingga banyak UMKM tidak memiliki nomor induk berusaha.",
        ),
        (
            "Semua layanan perizinan dihimpun di satu tempat (Mal Pelayanan Publik) dan satu "
            "aplikasi dengan pendampingan bagi UMKM.",
        ),
        (
            "Pemohon mengisi formulir sekali, berkas diteruskan otomatis ke DPMPTSP dan dinas "
            "teknis, dan izin terbit dengan tanda tangan elektronik.",
        ),
        (
            "Waktu penerbitan izin turun dari {days} hari menjadi {days_new} hari dan {count} "
            "UMKM memperoleh NIB.",
        ),
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "pelaku usaha dan asosiasi UMKM",
    ),
    Theme(
        ("pengaduan", "tata-kelola"),
        (16,),
        "4.01",
        (
            "Kanal Pengaduan Warga Terpadu",
            "Lapor Cepat Tanggap Cepat",
            "Wali Kota Menjawab",
            "Forum Konsultasi Publik Daring",
        ),
        (
            "Pengaduan warga tersebar di banyak kanal dan hanya {pct_low}% yang ditindaklanjuti "
            "dalam sebulan.",
        ),
        (
            "Semua pengaduan dari SP4N-LAPOR!, media sosial dan pesan singkat masuk ke satu dasbor "
            "dengan tenggat jawaban.",
        ),
        (
            "Setiap aduan diberi nomor, diteruskan ke perangkat daerah terkait dan dipantau oleh "
            "sekretariat daerah sampai tuntas.",
        ),
        (
            "{pct_high}% pengaduan selesai dengan median {days_new} hari, dan nilai survei "
            "kepuasan masyarakat naik menjadi {skm}.",
        ),
        "Sekretariat Daerah",
        "warga, perangkat daerah dan media",
    ),
    Theme(
        ("lingkungan",),
        (11, 12, 13),
        "1.05",
        (
            "Bank Sampah Sekolah",
            "Sedekah Sampah untuk Kesehatan",
            "Kampung Iklim Mandiri",
            "Pengolahan Sampah Organik Pasar",
        ),
        (
            "Timbulan sampah mencapai {count} ton per hari dan tempat pemrosesan akhir hampir penuh.",
        ),
        ("Warga menabung sampah terpilah dan hasilnya ditukar dengan layanan atau iuran BPJS.",),
        (
            "Sampah dipilah di rumah, ditimbang di bank sampah dan dijual ke pengepul; sampah "
            "organik diolah menjadi kompos.",
        ),
        ("Sampah yang masuk TPA berkurang {pct_high}% dan {count} nasabah bank sampah aktif.",),
        "Dinas Lingkungan Hidup",
        "sekolah, PKK dan pengepul",
    ),
    Theme(
        ("sosial", "perempuan-anak"),
        (1, 5, 10),
        "1.06",
        (
            "Layanan Disabilitas Satu Atap",
            "Data Terpadu Kesejahteraan Sosial Desa",
            "Rumah Aman Perempuan dan Anak",
            "Bantuan Sosial Tepat Sasaran",
        ),
        (
            "Bantuan sosial sering salah sasaran karena data penerima tidak diperbarui sejak "
            "{year_old}.",
        ),
        ("Musyawarah desa memperbarui data kesejahteraan sosial setiap bulan dengan aplikasi.",),
        (
            "Pendamping sosial memverifikasi rumah tangga, dan data tersambung ke dinas sosial "
            "serta program keluarga harapan.",
        ),
        ("Ketepatan sasaran bantuan naik menjadi {pct_high}% dan {count} keluarga baru terdata.",),
        "Dinas Sosial",
        "pendamping sosial, desa dan penyandang disabilitas",
    ),
    Theme(
        ("pertanian-pangan",),
        (2, 8),
        "3.03",
        (
            "Sekolah Lapang Petani Milenial",
            "Kartu Tani Digital",
            "Lumbung Pangan Desa",
            "Klinik Tanaman Keliling",
        ),
        (
            "Produktivitas padi hanya {tons} ton per hektare dan petani sulit mendapatkan pupuk "
            "tepat waktu.",
        ),
        ("Penyuluh mendampingi petani muda dengan data cuaca dan pasar di telepon genggam.",),
        (
            "Kelompok tani mencatat kebutuhan pupuk dan hasil panen di aplikasi, penyuluh "
            "memantau dan menghubungkan ke pembeli.",
        ),
        (
            "Produktivitas naik menjadi {tons_new} ton per hektare dan pendapatan petani naik "
            "{pct_gain}%.",
        ),
        "Dinas Pertanian",
        "kelompok tani, penyuluh dan koperasi",
    ),
    Theme(
        ("keuangan-daerah",),
        (16, 17),
        "5.02",
        ("Pajak Daerah Daring", "PBB Lunas Desa Berhadiah", "Retribusi Nontunai Pasar"),
        (
            "Realisasi pajak bumi dan bangunan hanya {pct_low}% dan banyak pungutan tunai tidak "
            "tercatat.",
        ),
        ("Pembayaran pajak dan retribusi lewat kanal nontunai dengan bukti elektronik.",),
        (
            "Wajib pajak menerima tagihan lewat pesan singkat dan membayar melalui bank atau "
            "gerai ritel; data masuk langsung ke kas daerah.",
        ),
        ("Pendapatan asli daerah naik {pct_gain}% dan realisasi PBB menjadi {pct_high}%.",),
        "Badan Pendapatan Daerah",
        "wajib pajak, bank daerah dan desa",
    ),
    Theme(
        ("kebencanaan",),
        (11, 13),
        "1.05",
        ("Desa Tangguh Bencana", "Peringatan Dini Banjir Berbasis Warga", "Relawan Siaga Gempa"),
        ("Banjir tahunan merendam {count} rumah dan warga terlambat mengungsi.",),
        (
            "Sensor ketinggian air dan relawan desa mengirim peringatan dini lewat pengeras suara "
            "dan pesan singkat.",
        ),
        ("Data sensor dipantau BPBD, relawan dilatih evakuasi dan jalur mengungsi dipetakan.",),
        (
            "Waktu evakuasi turun menjadi {minutes} menit dan tidak ada korban jiwa pada {years} "
            "musim banjir terakhir.",
        ),
        "Badan Penanggulangan Bencana Daerah",
        "relawan, desa dan sekolah",
    ),
    Theme(
        ("infrastruktur-transportasi",),
        (9, 11),
        "1.03",
        ("Jalan Desa Mulus Swakelola", "Angkutan Sekolah Gratis", "Lapor Jalan Rusak"),
        ("Sebanyak {pct_low}% jalan kabupaten rusak dan laporan warga lambat ditangani.",),
        ("Warga memotret kerusakan jalan dan tim reaksi cepat memperbaiki sesuai prioritas.",),
        (
            "Laporan dipetakan otomatis, dinas menjadwalkan perbaikan dan warga menerima kabar "
            "penyelesaian.",
        ),
        ("{count} titik kerusakan diperbaiki dalam rata-rata {days_new} hari.",),
        "Dinas Pekerjaan Umum",
        "warga, desa dan kontraktor",
    ),
    Theme(
        ("pariwisata-budaya", "ekonomi-umkm"),
        (8, 11),
        "3.01",
        ("Desa Wisata Berbasis Komunitas", "Festival Budaya Pesisir", "Kampung Tenun Digital"),
        (
            "Potensi wisata desa belum dikenal dan perajin menjual lewat tengkulak dengan harga rendah.",
        ),
        ("Kelompok sadar wisata dan perajin dilatih memasarkan produk secara daring.",),
        (
            "Paket wisata dan produk dijual lewat laman desa, dengan pelatihan dan pendampingan "
            "dinas pariwisata.",
        ),
        ("Kunjungan wisatawan naik {pct_gain}% dan pendapatan perajin naik {pct_gain2}%.",),
        "Dinas Pariwisata",
        "kelompok sadar wisata, perajin dan BUMDes",
    ),
    Theme(
        ("ketenagakerjaan",),
        (8, 4),
        "2.01",
        ("Bursa Kerja Daring Daerah", "Pelatihan Vokasi Berbasis Industri"),
        ("Angka pengangguran terbuka {pct_unemp}% dan lulusan SMK sulit terserap industri.",),
        ("Pelatihan vokasi disusun bersama industri dan lowongan diumumkan di satu portal.",),
        (
            "Pencari kerja mendaftar daring, mengikuti pelatihan dan langsung dipertemukan dengan "
            "perusahaan mitra.",
        ),
        ("{count} peserta pelatihan bekerja dalam enam bulan.",),
        "Dinas Tenaga Kerja",
        "industri, balai latihan kerja dan SMK",
    ),
    Theme(
        ("desa", "tata-kelola"),
        (16, 1),
        "2.07",
        ("Desa Digital Transparan", "Dana Desa Terbuka", "BUMDes Maju Bersama"),
        ("Warga tidak mengetahui penggunaan dana desa dan musyawarah desa jarang dihadiri.",),
        ("Anggaran dan realisasi dana desa dipasang di papan informasi dan laman desa.",),
        (
            "Perangkat desa memperbarui data tiap bulan, dan warga dapat bertanya lewat kanal "
            "pengaduan desa.",
        ),
        ("Partisipasi musyawarah desa naik {pct_gain}% dan pendapatan BUMDes Rp {money} juta.",),
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "perangkat desa, BUMDes dan warga",
    ),
    Theme(
        ("tata-kelola",),
        (16, 17),
        "5.03",
        ("Tanda Tangan Elektronik untuk Semua Naskah", "Satu Data Daerah", "Kinerja ASN Terukur"),
        ("Naskah dinas berbelit dan data antarperangkat daerah tidak sama.",),
        ("Naskah dinas, tanda tangan dan data dikelola dalam satu sistem elektronik.",),
        (
            "Setiap perangkat daerah mengirim data ke portal satu data, dan surat ditandatangani "
            "secara elektronik.",
        ),
        (
            "Waktu penyelesaian naskah turun dari {days} hari menjadi {days_new} hari dan biaya "
            "kertas hemat Rp {money} juta per tahun.",
        ),
        "Dinas Komunikasi dan Informatika",
        "perangkat daerah dan ASN",
    ),
)

BRAND_SYLLABLES = ("si", "pan", "du", "la", "ksa", "ce", "pat", "ma", "ju", "be", "ning", "ta",
                   "ngi", "ra", "mah", "go", "ro", "yong", "se", "hat", "pin", "tar", "ka")  # fmt: skip
ORG_FORMS = ("Peraturan Bupati", "Peraturan Wali Kota", "Keputusan Bupati", "Peraturan Daerah",
             "Surat Keputusan Kepala Dinas", "Peraturan Gubernur")  # fmt: skip
FIRST_NAMES = ("Siti", "Budi", "Dewi", "Agus", "Rina", "Made", "Yohanes", "Nur", "Andi", "Maria",
               "Teguh", "Ratna", "Fajar", "Wayan", "Lestari", "Hendra")  # fmt: skip
LAST_NAMES = ("Rahmawati", "Santoso", "Siregar", "Pratama", "Wulandari", "Nasution", "Sitompul",
              "Hidayat", "Putri", "Saputra", "Manurung", "Lubis")  # fmt: skip
STOP_REASONS = ("Anggaran tidak lagi tersedia setelah perubahan APBD.",
                "Layanan dilebur ke aplikasi nasional.",
                "Petugas terlatih dimutasi dan belum ada pengganti.")  # fmt: skip


@dataclass
class DemoEntry:
    """Everything needed to insert one demo entry (foreign keys as ids)."""

    fields: dict
    category_slugs: tuple[str, ...]
    sdg_numbers: tuple[int, ...]


def _brand(rng: random.Random) -> str:
    word = "".join(rng.choice(BRAND_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return word.upper() if rng.random() < 0.6 else word.capitalize()


def _numbers(rng: random.Random) -> dict:
    pct_low = rng.randint(18, 55)
    days = rng.randint(7, 30)
    return {
        "km": rng.randint(15, 120),
        "pct_low": pct_low,
        "pct_high": rng.randint(max(pct_low + 20, 70), 99),
        "pct_drop": max(3, pct_low - rng.randint(5, 15)),
        "pct_gain": rng.randint(12, 60),
        "pct_gain2": rng.randint(10, 45),
        "pct_unemp": round(rng.uniform(4.0, 9.5), 1),
        "days": days,
        "days_new": rng.randint(1, max(1, days // 4)),
        "hours": rng.randint(2, 6),
        "minutes": rng.randint(10, 45),
        "count": rng.randint(150, 12000),
        "units": rng.randint(4, 9),
        "years": rng.randint(2, 4),
        "skm": round(rng.uniform(82, 94), 2),
        "tons": round(rng.uniform(4.2, 5.4), 1),
        "tons_new": round(rng.uniform(5.8, 7.2), 1),
        "money": rng.randint(150, 2500),
        "year_old": rng.randint(2012, 2018),
    }


def _random_date(rng: random.Random, year: int, latest: datetime.date) -> datetime.date:
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), latest)
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def generate(*, seed: int, number: int, agencies: list[dict], affair_ids: dict[str, int],
             sources: list[str], stages: list[str]) -> DemoEntry:  # fmt: skip
    """Demo entry `number` of the set for `seed`; `agencies` are dicts with id, name, kind,
    province_id, regency_id and province_name, in a stable order."""
    rng = random.Random(f"{seed}:{number}")
    theme = THEMES[rng.randrange(len(THEMES))]
    agency = agencies[rng.randrange(len(agencies))]
    numbers = _numbers(rng)
    year = rng.randint(2014, 2025)
    place = agency["place"]
    practice = rng.choice(theme.titles)
    title = f"{_brand(rng)}: {practice} {place}"
    source = sources[rng.randrange(len(sources))]

    def fill(options):
        return rng.choice(options).format(**numbers)

    problem = fill(theme.problem) + f" Kondisi ini dirasakan terutama oleh {theme.users}."
    idea = (
        fill(theme.idea)
        + f" Gagasannya lahir dari {theme.unit} bersama {theme.users}, dan belum pernah "
        "diterapkan dengan cara ini di daerah sekitarnya."
    )
    how = (
        fill(theme.how)
        + f" Layanan dibuka {rng.choice(['setiap hari kerja', 'setiap pekan', 'dua kali sepekan'])}."
    )
    results = (
        fill(theme.results)
        + f" Hasil ini dipantau setiap {rng.choice(['bulan', 'triwulan', 'semester'])}."
    )
    replicability = (
        f"Inovasi ini sudah dipelajari oleh {rng.randint(1, 12)} daerah lain. Kuncinya adalah "
        "prosedur operasional standar yang tertulis, pelatihan petugas dua hari, dan perangkat "
        "yang tersedia di pasar."
    )
    sustainability = (
        f"Ditetapkan dalam {rng.choice(ORG_FORMS)} dan dianggarkan setiap tahun dalam APBD; "
        f"{theme.unit} menugaskan tim tetap dan melaporkan capaian kepada kepala daerah."
    )
    resources = (
        f"Anggaran awal Rp {numbers['money']} juta dari APBD, {rng.randint(3, 25)} petugas, "
        "serta dukungan mitra untuk perangkat dan pelatihan."
    )
    stakeholders = f"{theme.unit}, {theme.users}, camat dan lurah/kepala desa, serta mitra swasta."
    status_roll = rng.random()
    status = (
        "published" if status_roll < 0.90
        else "draft" if status_roll < 0.94
        else "in_review" if status_roll < 0.97
        else "archived"
    )  # fmt: skip
    trial = _random_date(rng, year, REFERENCE_DATE)
    implemented = min(trial + datetime.timedelta(days=rng.randint(60, 400)), REFERENCE_DATE)
    continuity_roll = rng.random()
    continuity = (
        "berjalan" if continuity_roll < 0.55
        else "berkembang" if continuity_roll < 0.75
        else "berhenti" if continuity_roll < 0.83
        else "tidak_diketahui"
    )  # fmt: skip
    confirmed = (
        _random_date(rng, rng.choice([2023, 2024, 2025]), REFERENCE_DATE)
        if continuity != "tidak_diketahui"
        else None
    )
    published_at = None
    if status in ("published", "archived"):
        published_day = min(
            implemented + datetime.timedelta(days=rng.randint(30, 200)), REFERENCE_DATE
        )
        published_at = datetime.datetime.combine(
            published_day, datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
            tzinfo=datetime.timezone(datetime.timedelta(hours=7)),
        )  # fmt: skip
    contact_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    region_slug = slugify(agency["place"]) or "pusat"
    fields = {
        "title": title,
        "summary": (
            f"{practice} oleh {agency['name']}: "
            + fill(theme.idea).rstrip(".")
            + ". "
            + fill(theme.results)
        ),
        "problem": problem,
        "idea": idea,
        "how_it_works": how,
        "results": results,
        "replicability": replicability,
        "sustainability": sustainability,
        "resources": resources,
        "stakeholders": stakeholders,
        "agency_id": agency["id"],
        "province_id": agency["province_id"],
        "regency_id": agency["regency_id"],
        "year_launched": year,
        "stage": stages[rng.randrange(len(stages))] if year >= 2024 else "penerapan",
        "source": source,
        "external_ref": f"{DEMO_PREFIX}{seed}-{number:07d}",
        "legal_basis": f"{rng.choice(ORG_FORMS)} {place}".strip(),
        "legal_basis_number": f"Nomor {rng.randint(1, 60)} Tahun {year}",
        "contact_name": contact_name,
        "contact_email": f"{slugify(contact_name).replace('-', '.')}@{region_slug}.go.id",
        "contact_phone": f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
        "website_url": f"https://inovasi.{region_slug}.go.id/",
        "video_url": "",
        "kind": "digital" if rng.random() < 0.6 else "non_digital",
        "form": rng.choice(["pelayanan_publik", "pelayanan_publik", "tata_kelola", "lainnya"]),
        "initiator": rng.choice(
            [
                "kepala_daerah",
                "perangkat_daerah",
                "perangkat_daerah",
                "asn",
                "masyarakat",
                "anggota_dprd",
            ]
        ),
        "covid_related": year in (2020, 2021) and rng.random() < 0.35,
        "trial_started_on": trial,
        "implemented_on": implemented,
        "government_affair_id": affair_ids.get(theme.affair),
        "continuity_status": continuity,
        "continuity_note": rng.choice(STOP_REASONS) if continuity == "berhenti" else "",
        "last_confirmed_at": confirmed,
        "status": status,
        "published_at": published_at,
    }
    extra_category = rng.random() < 0.25
    categories = theme.categories + (("tata-kelola",) if extra_category else ())
    return DemoEntry(fields, tuple(dict.fromkeys(categories)), theme.sdgs)
