"""Realistic demo entries for the quick start and the benchmarks.

All text is composed here from templates and vocabulary written for this project: themes of
Indonesian public-service innovation (population administration, health, licensing, ...), each
with the words an official would use, filled with figures that agree with each other (a waiting
time falls, a coverage rises). Every entry is generated from its own seeded random generator
(seed, number), so entry n is the same whatever the count, and runs are deterministic: nothing
depends on database ids, dict ordering or today's date. Demo entries are marked by their external
reference ("DEMO-<seed>-<number>"), which keeps them unique per source and lets a second run skip
what is already there.
"""

import datetime
import random
from dataclasses import dataclass

from django.utils.text import slugify

DEMO_PREFIX = "DEMO-"
REFERENCE_DATE = datetime.date(2025, 12, 31)  # fixed, so output does not depend on today
FIRST_YEAR, LAST_YEAR = 2014, 2025
# Later years weigh more: the catalogue grew as KIPP and the regional innovation index did.
YEAR_WEIGHTS = (5, 5, 6, 6, 7, 7, 9, 9, 9, 10, 10, 9)
STATUS_WEIGHTS = {"published": 90, "draft": 4, "in_review": 3, "archived": 3}
SOURCE_WEIGHTS = {"kipp": 30, "iga": 25, "provincial": 15, "agency": 12, "lan_lab": 10, "other": 8}
CENTRAL_WITHOUT_PILOT = 0.3  # a central agency's entry is national, without a pilot province


@dataclass(frozen=True)
class Variant:
    """One kind of practice within a theme; its titles and sections tell the same story."""

    practices: tuple[str, ...]
    problem: str
    idea: str
    how: str
    results: tuple[str, ...]  # alternatives, all with figures


@dataclass(frozen=True)
class Theme:
    """A family of innovations: its taxonomy, the unit that runs it and its variants."""

    categories: tuple[str, ...]
    sdgs: tuple[int, ...]
    affair: str  # code of the government affair (innovations/data/government_affairs.csv)
    unit: str
    users: str
    variants: tuple[Variant, ...]
    # Words in a central agency's name that make this theme its business ("Kesehatan", ...).
    central: tuple[str, ...] = ()
    weight: int = 2


V = Variant
# fmt: off
THEMES = (
    Theme(
        ("administrasi-kependudukan",), (16, 10), "2.12", "Dinas Kependudukan dan Pencatatan Sipil",
        "warga desa, kepala desa dan petugas registrasi", central=("Dalam Negeri",), weight=4, variants=(
            V(("Layanan Adminduk Jemput Bola", "Gerai Dukcapil Keliling Desa", "Dukcapil Masuk Desa", "Perekaman KTP-el di Sekolah"),
              "Warga di desa terpencil harus menempuh {km} km ke kantor Disdukcapil untuk mengurus KTP-el, kartu keluarga atau akta kelahiran, sehingga baru {pct_low}% penduduk wajib KTP di desa terjauh yang sudah merekam KTP-el.",
              "Petugas mendatangi desa, sekolah dan pasar dengan perangkat perekaman keliling, sehingga KTP-el, kartu keluarga dan KIA selesai di tempat tanpa warga datang ke kabupaten.",
              "Jadwal layanan keliling diumumkan lewat kecamatan; petugas membawa alat perekaman biometrik dan pencetak, memverifikasi berkas di tempat, dan data langsung tersinkron ke basis data kependudukan nasional.",
              ("Perekaman KTP-el di desa sasaran naik dari {pct_low}% menjadi {pct_high}% dan waktu layanan turun dari {days} hari menjadi {days_new} hari.",
               "Sebanyak {count} dokumen kependudukan diterbitkan di desa dalam setahun, dan biaya perjalanan warga untuk satu dokumen turun dari Rp {saving} ribu menjadi nol.")),
            V(("Akta Kelahiran Langsung dari Rumah Sakit", "Bayi Lahir Pulang Bawa Akta", "Akta Kematian Terintegrasi dengan Kelurahan"),
              "Banyak bayi pulang dari rumah sakit tanpa akta kelahiran dan orang tua baru mengurusnya saat anak masuk sekolah; cakupan akta kelahiran anak baru {pct_low}%.",
              "Rumah sakit, puskesmas dan bidan desa menjadi kepanjangan tangan Disdukcapil, sehingga akta kelahiran, kartu keluarga baru dan KIA terbit sebelum ibu dan bayi pulang.",
              "Petugas registrasi di rumah sakit mengunggah surat keterangan lahir dan dokumen orang tua, Disdukcapil memverifikasi pada hari yang sama, dan dokumen dikirim dalam bentuk elektronik bertanda tangan digital.",
              ("Cakupan akta kelahiran anak naik dari {pct_low}% menjadi {pct_high}% dan waktu penerbitan turun dari {days} hari menjadi {days_new} hari.",
               "Sebanyak {count} akta kelahiran terbit langsung di fasilitas kesehatan dalam setahun, dan {pct_high}% bayi pulang dengan akta.")),
            V(("Kartu Keluarga Daring Tanpa Antre", "Cetak Dokumen Kependudukan Mandiri", "KIA untuk Semua Anak"),
              "Antrean di kantor Dinas Kependudukan dan Pencatatan Sipil mencapai {count} orang per pekan, satu dokumen selesai rata-rata dalam {days} hari, dan warga sering datang berulang kali karena berkas kurang.",
              "Permohonan dokumen kependudukan diajukan lewat aplikasi daring dan hasilnya dikirim dalam bentuk elektronik bertanda tangan digital, yang dapat dicetak sendiri dengan kertas HVS.",
              "Warga mengunggah berkas dari telepon genggam atau dibantu operator desa, petugas memverifikasi dalam satu hari kerja, dan dokumen jadi dikirim lewat surel atau pesan WhatsApp.",
              ("Waktu layanan kartu keluarga turun dari {days} hari menjadi {days_new} hari dan antrean di kantor dinas berkurang {pct_gain}%.",
               "Cakupan Kartu Identitas Anak naik dari {pct_low}% menjadi {pct_high}% dan {count} dokumen terbit tanpa tatap muka.")),
        )),
    Theme(
        ("kesehatan", "perempuan-anak"), (2, 3, 5), "1.02", "Dinas Kesehatan",
        "kader posyandu, bidan desa dan keluarga balita", central=("Kesehatan",), weight=4, variants=(
            V(("Posyandu Digital Cegah Tengkes", "Pemantauan Tumbuh Kembang Daring", "Rumah Gizi Balita", "Dapur Sehat Atasi Stunting"),
              "Prevalensi tengkes (stunting) pada balita masih {pct_low}% dan kader posyandu mencatat tumbuh kembang anak di buku kertas yang sering hilang, sehingga balita gagal tumbuh terlambat ditangani.",
              "Kader mencatat berat dan tinggi badan balita di aplikasi sehingga kasus gagal tumbuh langsung terpantau puskesmas, dan balita berisiko mendapat makanan tambahan bergizi dari dapur sehat desa.",
              "Data posyandu tersambung ke dasbor dinas kesehatan; bidan desa menerima peringatan bila berat badan balita tidak naik dua bulan berturut-turut, lalu memberi konseling gizi dan makanan tambahan selama 90 hari.",
              ("Prevalensi tengkes turun dari {pct_low}% menjadi {pct_drop}% dalam {years} tahun, dan {count} balita terpantau setiap bulan.",
               "Sebanyak {count} balita ditimbang setiap bulan dengan data yang lengkap, dan prevalensi tengkes turun dari {pct_low}% menjadi {pct_drop}%.")),
            V(("Pendampingan Ibu Hamil Risiko Tinggi", "Rumah Tunggu Kelahiran", "Kelas Ibu Hamil Keliling", "Bapak Asuh Ibu Hamil"),
              "Banyak ibu hamil risiko tinggi terlambat dirujuk karena jarak ke puskesmas mencapai {km} km dan tidak ada pendamping, dan baru {pct_low}% persalinan ditolong tenaga kesehatan.",
              "Setiap ibu hamil risiko tinggi didampingi satu kader sejak awal kehamilan, dan ibu dari desa terjauh menunggu hari persalinan di rumah tunggu dekat puskesmas.",
              "Kader mengunjungi ibu hamil setiap bulan, mencatat hasil pemeriksaan, dan bidan desa merujuk ke puskesmas atau rumah sakit dengan ambulans desa bila muncul tanda bahaya.",
              ("Persalinan ditolong tenaga kesehatan naik dari {pct_low}% menjadi {pct_high}% dan tidak ada kematian ibu melahirkan selama {years} tahun terakhir di wilayah sasaran.",
               "Sebanyak {count} ibu hamil risiko tinggi didampingi dan dirujuk tepat waktu, dan waktu rujukan turun dari {hours} jam menjadi {minutes} menit.")),
        )),
    Theme(
        ("kesehatan",), (3,), "1.02", "Dinas Kesehatan",
        "pasien, tenaga kesehatan dan warga lanjut usia", central=("Kesehatan", "BPJS"), weight=4, variants=(
            V(("Puskesmas Ramah Lansia", "Antrean Puskesmas Daring", "Puskesmas Tanpa Antre"),
              "Pasien menunggu hingga {hours} jam di puskesmas karena nomor antrean dibagikan sejak subuh, dan warga lanjut usia serta penyandang disabilitas ikut berdesakan.",
              "Nomor antrean diambil lewat pesan singkat atau aplikasi sehingga pasien datang sesuai jadwal, dengan jalur khusus bagi lansia, penyandang disabilitas dan ibu hamil.",
              "Pasien mendaftar dari rumah dan menerima perkiraan jam dilayani; petugas memprioritaskan kelompok rentan, dan kader mendampingi lansia yang tidak memiliki telepon genggam.",
              ("Waktu tunggu di puskesmas turun dari {hours} jam menjadi {minutes} menit dan indeks kepuasan masyarakat naik dari {skm_old} menjadi {skm}.",
               "Sebanyak {count} kunjungan pasien per bulan dilayani dengan antrean daring, dan waktu tunggu rata-rata turun dari {hours} jam menjadi {minutes} menit.")),
            V(("Dokter Keliling Pulau", "Telekonsultasi Dokter Spesialis", "Ambulans Desa Siaga"),
              "Warga pulau kecil harus menyeberang {km} km untuk bertemu dokter, dan rujukan ke rumah sakit memakan waktu rata-rata {days} hari karena berkas dikirim manual.",
              "Dokter puskesmas berkonsultasi dengan dokter spesialis rumah sakit daerah lewat telekonsultasi, dan tim dokter keliling mendatangi pulau dan desa terjauh secara terjadwal.",
              "Puskesmas mencatat pemeriksaan di rekam medis elektronik yang tersambung ke rumah sakit rujukan dan BPJS Kesehatan, sehingga rujukan terbit dalam hitungan menit dan pasien dijemput ambulans desa.",
              ("Waktu rujukan turun dari {days} hari menjadi {days_new} hari dan {count} warga pulau terlayani dokter setiap tahun.",
               "Sebanyak {count} telekonsultasi spesialis dilakukan dalam setahun, dan rujukan yang tidak perlu turun {pct_gain}%.")),
            V(("Skrining Penyakit Tidak Menular di Tempat Kerja", "Posbindu Kantor", "Layanan Kesehatan Jiwa di Puskesmas"),
              "Hanya {pct_low}% penderita hipertensi dan diabetes kontrol rutin, dan banyak warga baru tahu penyakitnya saat sudah parah.",
              "Pemeriksaan tekanan darah, gula darah dan kesehatan jiwa dibawa ke kantor, pasar dan tempat ibadah, dan penderita dipantau kader sampai kontrol rutin.",
              "Petugas puskesmas menjadwalkan pos pembinaan terpadu di tempat kerja, hasil pemeriksaan dicatat daring, dan penderita yang tidak kontrol diingatkan lewat pesan singkat.",
              ("Penderita hipertensi yang kontrol rutin naik dari {pct_low}% menjadi {pct_high}% dan {count} warga diperiksa dalam setahun.",)),
        )),
    Theme(
        ("kesehatan", "sosial"), (1, 3, 10), "1.06", "Dinas Sosial",
        "warga miskin, kepala desa dan fasilitas kesehatan", central=("BPJS", "Sosial"), variants=(
            V(("Jaminan Kesehatan Semesta", "BPJS Kesehatan Cukup dengan KTP", "Pendaftaran Peserta PBI Satu Hari"),
              "Sebanyak {count} warga miskin belum terdaftar sebagai peserta Jaminan Kesehatan Nasional dan baru mengurus kepesertaan saat sudah sakit, sehingga keluarga menanggung biaya rumah sakit sendiri.",
              "Pemerintah daerah menanggung iuran BPJS Kesehatan warga yang belum terdaftar, dan pendaftaran cukup dengan menunjukkan KTP-el di puskesmas atau rumah sakit.",
              "Data warga yang belum terdaftar dicocokkan dengan data kependudukan dan Data Terpadu Kesejahteraan Sosial, lalu didaftarkan serentak; warga yang sakit didaftarkan di loket rumah sakit hari itu juga.",
              ("Cakupan kepesertaan JKN naik dari {pct_low}% menjadi {pct_high}% dan pendaftaran peserta baru turun dari {days} hari menjadi {days_new} hari.",)),
            V(("Iuran JKN dari Sampah", "Tabungan Sampah Bayar BPJS"),
              "Banyak peserta BPJS Kesehatan mandiri menunggak iuran, sehingga kartu tidak aktif saat dibutuhkan; tunggakan mencapai {pct_low}% peserta mandiri.",
              "Warga menyetor sampah terpilah ke bank sampah, dan saldonya dipakai untuk membayar iuran BPJS Kesehatan keluarga setiap bulan.",
              "Bank sampah mencatat setoran nasabah, menjual sampah ke pengepul, dan membayarkan iuran peserta langsung ke BPJS Kesehatan melalui kerja sama dengan kantor cabang.",
              ("Sebanyak {count} peserta membayar iuran dari tabungan sampah, dan tunggakan iuran peserta mandiri turun dari {pct_low}% menjadi {pct_drop}%.",)),
        )),
    Theme(
        ("pendidikan",), (4, 10), "1.01", "Dinas Pendidikan", "sekolah, komite sekolah dan orang tua",
        central=("Pendidikan",), weight=3, variants=(
            V(("Gerakan Kembali ke Sekolah", "Guru Kunjung Daerah Terpencil", "Beasiswa Anak Nelayan", "Kelas Jauh di Kampung Adat"),
              "Sebanyak {count} anak usia sekolah tidak bersekolah karena jarak dan biaya, terutama di kampung terpencil yang berjarak {km} km dari sekolah terdekat.",
              "Guru kunjung dan relawan mendatangi kampung dengan modul belajar, sementara dana desa dan mitra swasta membiayai beasiswa bagi anak dari keluarga miskin.",
              "Data anak tidak sekolah dari desa dicocokkan dengan Data Pokok Pendidikan, lalu setiap anak didampingi guru kunjung sampai kembali bersekolah atau mengikuti kejar paket.",
              ("Sebanyak {count} anak kembali bersekolah dan angka partisipasi sekolah naik dari {pct_low}% menjadi {pct_high}%.",)),
            V(("Literasi Anak Pesisir", "Perpustakaan Keliling Desa", "Sekolah Ramah Anak Disabilitas"),
              "Hanya {pct_low}% siswa kelas awal di desa pesisir yang lancar membaca, dan sekolah tidak memiliki buku bacaan yang sesuai usia.",
              "Perpustakaan keliling membawa buku bacaan berjenjang ke sekolah dan kampung, dan guru dilatih mengajar membaca dengan metode yang menyenangkan.",
              "Setiap pekan mobil perpustakaan singgah di sekolah dan balai desa, siswa meminjam buku, dan guru mengukur kemampuan membaca setiap semester.",
              ("Siswa kelas awal yang lancar membaca naik dari {pct_low}% menjadi {pct_high}% dan {count} buku dipinjam dalam setahun.",)),
            V(("Penerimaan Murid Baru Transparan", "Pendaftaran Sekolah Daring"),
              "Penerimaan murid baru menimbulkan antrean panjang dan banyak keluhan, karena orang tua harus datang ke beberapa sekolah dan menunggu hingga {days} hari untuk kepastian.",
              "Pendaftaran murid baru dilakukan daring dengan zonasi yang dapat diperiksa orang tua, dan hasil seleksi diumumkan terbuka.",
              "Orang tua mendaftar lewat laman dinas, sistem menghitung jarak rumah ke sekolah dari data kependudukan, dan sekolah memverifikasi berkas tanpa tatap muka.",
              ("Waktu kepastian penerimaan turun dari {days} hari menjadi {days_new} hari dan pengaduan tentang penerimaan murid baru turun {pct_gain}%.",)),
        )),
    Theme(
        ("perizinan",), (8, 9, 16), "2.18", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "pelaku usaha dan investor", central=("Aparatur", "Dalam Negeri"), weight=3, variants=(
            V(("Mal Pelayanan Publik Terpadu", "Perizinan Usaha Satu Hari", "Layanan Perizinan Malam Hari", "Klinik Perizinan Keliling"),
              "Pelaku usaha harus mendatangi {units} kantor berbeda dan mengurus izin hingga {days} hari, sehingga investasi tertahan dan banyak usaha berjalan tanpa izin.",
              "Semua layanan perizinan dan nonperizinan dihimpun di satu tempat, Mal Pelayanan Publik (MPP), dan satu aplikasi, dengan petugas pendamping bagi pemohon yang belum terbiasa daring.",
              "Pemohon mengisi formulir sekali, berkas diteruskan otomatis ke DPMPTSP dan dinas teknis, dan izin terbit dengan tanda tangan elektronik yang dapat diperiksa keasliannya.",
              ("Waktu penerbitan izin turun dari {days} hari menjadi {days_new} hari, {count} izin terbit dalam setahun, dan nilai investasi naik {pct_gain}%.",
               "Mal Pelayanan Publik melayani {count} pemohon per bulan dari {units} instansi, dan indeks kepuasan masyarakat naik dari {skm_old} menjadi {skm}.")),
            V(("PBG Daring Tanpa Tatap Muka", "Sidang Teknis Bangunan Bersama", "Izin Praktik Tenaga Kesehatan Daring"),
              "Persetujuan Bangunan Gedung (PBG) rata-rata terbit dalam {days} hari karena berkas teknis diperiksa bergantian oleh beberapa dinas dan pemohon bolak-balik memperbaiki.",
              "Tim teknis dari beberapa dinas memeriksa berkas bersama dalam satu sidang daring, sehingga pemohon cukup sekali memperbaiki berkas.",
              "Setiap permohonan diberi nomor lacak; pemohon menerima pemberitahuan pada setiap tahap dan dapat mengadu bila tenggat standar pelayanan terlewati.",
              ("Waktu layanan PBG turun dari {days} hari menjadi {days_new} hari dan {count} permohonan selesai dalam setahun.",)),
        )),
    Theme(
        ("ekonomi-umkm",), (8, 1), "2.17", "Dinas Koperasi dan Usaha Mikro",
        "pelaku UMKM, koperasi dan asosiasi usaha", weight=3, variants=(
            V(("Izin UMKM Cukup dari Desa", "Rumah Kemasan UMKM", "Pasar Daring Produk Lokal", "Sertifikasi Halal Gratis untuk UMKM"),
              "Sebanyak {count} UMKM belum memiliki Nomor Induk Berusaha dan produk mereka sulit masuk toko modern karena kemasan dan label belum memenuhi standar.",
              "Pendamping UMKM di setiap kecamatan membantu pengurusan NIB, sertifikasi halal, desain kemasan dan pemasaran daring dalam satu paket layanan.",
              "UMKM mendaftar di rumah kemasan, mendapat pelatihan dan desain kemasan, lalu produknya dipajang di galeri daerah dan lokapasar milik pemerintah daerah.",
              ("Sebanyak {count} UMKM memperoleh NIB dan omzet rata-rata peserta naik {pct_gain}% dalam {years} tahun.",)),
            V(("Kredit Usaha Tanpa Agunan untuk Perempuan", "Inkubator Wirausaha Muda", "Modal Bergulir Pedagang Pasar"),
              "Pelaku usaha mikro bergantung pada pinjaman rentenir dengan bunga tinggi, dan hanya {pct_low}% yang pernah mengakses kredit perbankan.",
              "Pemerintah daerah bekerja sama dengan bank daerah menyalurkan kredit berbunga rendah tanpa agunan, dengan pendampingan usaha selama satu tahun.",
              "Pendamping menilai kelayakan usaha, bank menyalurkan kredit, dan angsuran dipantau bersama; peminjam yang lancar dapat naik ke plafon berikutnya.",
              ("Kredit tersalur kepada {count} pelaku usaha dengan tingkat kredit macet hanya {pct_small}%, dan pendapatan peserta naik {pct_gain}%.",)),
        )),
    Theme(
        ("pengaduan", "tata-kelola"), (16,), "2.16", "Dinas Komunikasi dan Informatika",
        "warga, perangkat daerah dan media", central=("Ombudsman", "Aparatur", "Komunikasi"), weight=3, variants=(
            V(("Kanal Pengaduan Warga Terpadu", "Lapor Cepat Tanggap Cepat", "Pengaduan Lewat Pesan Singkat", "Kepala Daerah Menjawab"),
              "Pengaduan warga tersebar di banyak kanal dan hanya {pct_low}% yang ditindaklanjuti dalam sebulan; rata-rata aduan di SP4N-LAPOR! baru dijawab setelah {days} hari.",
              "Semua pengaduan dari SP4N-LAPOR!, media sosial, telepon dan pesan singkat masuk ke satu dasbor dengan tenggat jawaban yang dapat dilihat publik.",
              "Setiap aduan diberi nomor, diteruskan ke perangkat daerah terkait dan dipantau oleh sekretariat daerah sampai tuntas; pelapor menerima kabar pada setiap tahap.",
              ("Sebanyak {pct_high}% pengaduan selesai dengan median {days_new} hari (sebelumnya {days} hari), dan indeks kepuasan masyarakat naik dari {skm_old} menjadi {skm}.",
               "Dalam setahun {count} pengaduan diterima dan {pct_high}% tuntas, dengan waktu penyelesaian turun dari {days} hari menjadi {days_new} hari.")),
            V(("Forum Konsultasi Publik Daring", "Wali Data Pengaduan Kecamatan", "Rapor Pelayanan Publik Perangkat Daerah"),
              "Aduan yang sama berulang setiap tahun karena tidak pernah dibahas untuk memperbaiki standar pelayanan, dan hanya {pct_low}% unit layanan yang menggelar Forum Konsultasi Publik.",
              "Setiap perangkat daerah menunjuk admin pengaduan, aduan yang berulang dibahas dalam Forum Konsultasi Publik, dan hasilnya menjadi bagian penilaian kinerja kepala perangkat daerah.",
              "Aduan yang melewati tenggat muncul merah di dasbor pimpinan; setiap triwulan unit layanan menggelar forum bersama warga dan memperbarui standar pelayanannya.",
              ("Unit layanan yang menggelar Forum Konsultasi Publik naik dari {pct_low}% menjadi {pct_high}%, dan aduan berulang turun {pct_gain}%.",)),
        )),
    Theme(
        ("lingkungan",), (11, 12, 13), "2.11", "Dinas Lingkungan Hidup", "sekolah, PKK dan pengepul",
        weight=3, variants=(
            V(("Bank Sampah Sekolah", "Sedekah Sampah untuk Kesehatan", "Tabungan Emas dari Sampah"),
              "Timbulan sampah mencapai {tons_waste} ton per hari, tempat pemrosesan akhir hampir penuh, dan baru {pct_low}% rumah tangga memilah sampah.",
              "Warga dan siswa menabung sampah terpilah di bank sampah, dan hasilnya ditukar dengan layanan publik, kebutuhan sekolah atau tabungan.",
              "Sampah dipilah di rumah, ditimbang di bank sampah dan dijual ke pengepul; saldo nasabah tercatat di buku tabungan dan aplikasi, dan dapat dicairkan setiap bulan.",
              ("Sampah yang masuk TPA berkurang {pct_gain}%, {count} nasabah bank sampah aktif, dan perputaran tabungan sampah mencapai {money} per tahun.",)),
            V(("Maggot Pengurai Sampah Dapur", "Pengolahan Sampah Organik Pasar", "Kampung Iklim Mandiri"),
              "Sampah organik dari pasar dan rumah tangga menyumbang {pct_high}% timbulan sampah, menimbulkan bau dan menambah beban tempat pemrosesan akhir yang menerima {tons_waste} ton per hari.",
              "Sampah organik pasar dan rumah tangga diolah dengan larva maggot dan komposter, sehingga tidak perlu diangkut ke TPA dan menghasilkan pakan ternak.",
              "Petugas mengangkut sampah organik pasar setiap pagi ke rumah pengolahan; hasil maggot dan kompos dijual kepada peternak dan kelompok tani.",
              ("Sampah organik yang diangkut ke TPA turun {pct_gain}% dan penjualan maggot serta kompos menghasilkan {money} per tahun.",)),
        )),
    Theme(
        ("lingkungan", "kesehatan"), (6, 3), "1.03", "Dinas Pekerjaan Umum dan Penataan Ruang",
        "warga, kelompok pengelola air dan PDAM", variants=(
            V(("Air Bersih Masuk Desa", "Sambungan Air Minum Murah", "Kios Air Minum Komunal"),
              "Baru {pct_low}% rumah tangga memiliki akses air minum layak dan warga membeli air dengan harga tinggi atau mengambilnya {km} km dari rumah.",
              "Kelompok warga mengelola sambungan air dari sumber mata air dengan iuran bulanan yang terjangkau, didampingi PDAM untuk menjaga kualitas air.",
              "Dinas membangun jaringan perpipaan utama, kelompok pengelola memasang sambungan rumah dan menagih iuran, dan kualitas air diuji laboratorium setiap triwulan.",
              ("Akses air minum layak naik dari {pct_low}% menjadi {pct_high}% dan {count} sambungan rumah terpasang dalam {years} tahun.",)),
            V(("Jamban Sehat untuk Semua", "Desa Stop Buang Air Besar Sembarangan"),
              "Hanya {pct_low}% rumah tangga memiliki jamban sehat dan diare menjadi penyakit terbanyak di puskesmas.",
              "Pembangunan jamban sehat dibiayai gotong royong warga, dana desa dan CSR, dengan pemicuan perubahan perilaku oleh sanitarian puskesmas.",
              "Sanitarian memetakan rumah tanpa jamban, desa menyediakan material dan warga bergotong royong membangun; desa yang bebas buang air besar sembarangan dideklarasikan bersama.",
              ("Rumah tangga dengan jamban sehat naik dari {pct_low}% menjadi {pct_high}% dan kasus diare di puskesmas turun {pct_gain}%.",)),
        )),
    Theme(
        ("lingkungan", "infrastruktur-transportasi"), (7, 13), "3.29", "Dinas Energi dan Sumber Daya Mineral",
        "warga desa belum berlistrik, BUMDes dan sekolah", weight=1, variants=(
            V(("Listrik Surya untuk Desa Terpencil", "Penerangan Jalan Tenaga Surya", "Biogas Kotoran Ternak"),
              "Sebanyak {count} rumah tangga di desa terpencil belum menikmati listrik, anak-anak belajar dengan lampu minyak, dan warga membeli minyak tanah dengan harga tinggi.",
              "Pembangkit listrik tenaga surya komunal dibangun di desa dan dikelola BUMDes dengan iuran bulanan warga, sementara peternak mengolah kotoran ternak menjadi biogas untuk memasak.",
              "Dinas menyiapkan panel surya dan baterai, teknisi desa dilatih merawatnya, dan BUMDes menagih iuran untuk biaya perawatan dan penggantian baterai.",
              ("Sebanyak {count} rumah tangga kini berlistrik, rasio elektrifikasi desa naik dari {pct_low}% menjadi {pct_high}%, dan pengeluaran warga untuk minyak tanah turun {pct_gain}%.",)),
            V(("Kantor Pemerintah Hemat Energi", "Audit Energi Gedung Pemerintah"),
              "Tagihan listrik kantor pemerintah daerah mencapai {money} per tahun dan banyak peralatan menyala di luar jam kerja.",
              "Setiap gedung pemerintah diaudit energinya, lampu dan pendingin udara diganti dengan yang hemat energi, dan atap gedung dipasangi panel surya.",
              "Petugas energi di setiap perangkat daerah mencatat meteran listrik bulanan, dan dasbor membandingkan pemakaian antarkantor.",
              ("Konsumsi listrik kantor pemerintah turun {pct_gain}% dan tagihan listrik berkurang {pct_gain2}% dalam {years} tahun.",)),
        )),
    Theme(
        ("pertanian-pangan", "ekonomi-umkm"), (14, 2, 8), "3.25", "Dinas Kelautan dan Perikanan",
        "nelayan kecil, pembudidaya ikan dan koperasi perikanan", weight=1, variants=(
            V(("Asuransi Nelayan Kecil", "Cold Storage Nelayan Bersama", "Kartu Nelayan Daring"),
              "Nelayan kecil menjual ikan dengan harga rendah karena tidak punya tempat penyimpanan dingin, dan hanya {pct_low}% yang terlindungi asuransi.",
              "Koperasi nelayan mengelola gudang pendingin bersama dan membeli ikan dengan harga yang disepakati, sementara premi asuransi nelayan ditanggung APBD.",
              "Nelayan mendaftar kartu KUSUKA, koperasi mencatat setiap pembelian ikan, dan hasil penjualan ke pabrik pengolahan dibagi kepada anggota.",
              ("Pendapatan nelayan anggota naik {pct_gain}% dan {count} nelayan kecil kini terlindungi asuransi.",)),
            V(("Konservasi Terumbu Karang Berbasis Desa", "Budidaya Rumput Laut Berkelompok"),
              "Terumbu karang di perairan desa rusak akibat bom ikan, tutupan karang hidup tinggal {pct_low}%, dan hasil tangkapan nelayan terus turun.",
              "Desa menetapkan daerah perlindungan laut yang dijaga kelompok masyarakat pengawas bersama dinas dan polisi air, dan nelayan beralih ke budidaya rumput laut.",
              "Kelompok pengawas berpatroli setiap pekan, menanam transplantasi karang, dan melaporkan pelanggaran lewat aplikasi kepada dinas.",
              ("Tutupan karang hidup naik dari {pct_low}% menjadi {pct_high}% dan hasil tangkapan nelayan pulih dalam {years} tahun.",)),
        )),
    Theme(
        ("lingkungan", "desa"), (15, 13, 1), "3.28", "Dinas Kehutanan",
        "kelompok tani hutan, masyarakat adat dan desa", weight=1, variants=(
            V(("Perhutanan Sosial Berbasis Desa", "Desa Peduli Api", "Hutan Adat Lestari", "Persemaian Bibit Rakyat"),
              "Kebakaran hutan dan lahan terjadi setiap musim kemarau dan menghanguskan hingga {count} hektare, sementara warga sekitar hutan tidak punya akses kelola yang sah.",
              "Kelompok tani hutan memperoleh izin perhutanan sosial dan didampingi menanam tanaman bernilai ekonomi, sehingga ikut menjaga hutan dari kebakaran.",
              "Dinas memfasilitasi usulan perhutanan sosial, kelompok tani menyusun rencana kelola, dan regu desa peduli api berpatroli serta memantau titik panas dari aplikasi.",
              ("Luas lahan terbakar turun {pct_gain}%, {count} hektare hutan dikelola kelompok tani, dan pendapatan anggota naik {pct_gain2}%.",)),
        )),
    Theme(
        ("sosial",), (1, 10), "1.06", "Dinas Sosial", "pendamping sosial, desa dan penyandang disabilitas",
        central=("Sosial",), variants=(
            V(("Data Terpadu Kesejahteraan Sosial Desa", "Bantuan Sosial Tepat Sasaran"),
              "Bantuan sosial sering salah sasaran karena data penerima tidak diperbarui sejak {year_old}, dan warga miskin baru tidak bisa mengusulkan diri.",
              "Musyawarah desa memperbarui data kesejahteraan sosial setiap bulan dengan aplikasi, dan warga dapat mengusulkan atau menyanggah calon penerima.",
              "Pendamping sosial memverifikasi rumah tangga, data tersambung ke dinas sosial dan Program Keluarga Harapan, dan daftar penerima diumumkan di balai desa.",
              ("Ketepatan sasaran bantuan naik dari {pct_low}% menjadi {pct_high}% dan {count} keluarga baru terdata dalam Data Terpadu Kesejahteraan Sosial.",)),
            V(("Layanan Disabilitas Satu Atap", "Kartu Lansia Sejahtera", "Rehabilitasi Sosial Berbasis Keluarga"),
              "Penyandang disabilitas dan lansia terlantar harus datang ke {units} kantor berbeda untuk alat bantu, bantuan sosial dan layanan rehabilitasi, sehingga banyak yang tidak terlayani.",
              "Layanan bagi penyandang disabilitas dan lansia dihimpun di satu loket, dengan petugas yang datang ke rumah bagi yang tidak dapat bepergian.",
              "Petugas mencatat kebutuhan setiap penerima manfaat, meneruskannya ke instansi terkait, dan memantau sampai alat bantu atau bantuan diterima.",
              ("Sebanyak {count} penyandang disabilitas dan lansia terlayani dan waktu penyaluran alat bantu turun dari {days} hari menjadi {days_new} hari.",)),
        )),
    Theme(
        ("perempuan-anak", "sosial"), (5, 16), "2.08", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "perempuan korban kekerasan, anak dan lembaga layanan", variants=(
            V(("Rumah Aman Perempuan dan Anak", "Layanan Pengaduan Kekerasan 24 Jam"),
              "Kasus kekerasan terhadap perempuan dan anak yang dilaporkan mencapai {count} setahun, tetapi korban bingung ke mana melapor dan penanganan berpindah-pindah kantor selama {days} hari.",
              "Satu layanan terpadu menerima pengaduan 24 jam dan mendampingi korban dari pelaporan sampai pemulihan, bersama polisi, rumah sakit dan lembaga bantuan hukum.",
              "Pengaduan masuk lewat telepon, pesan singkat atau datang langsung; manajer kasus menyusun rencana penanganan dan memantau sampai korban pulih.",
              ("Waktu respons pengaduan turun dari {days} hari menjadi kurang dari 24 jam dan {pct_high}% korban didampingi sampai tuntas.",)),
            V(("Cegah Perkawinan Anak", "Desa Ramah Perempuan dan Peduli Anak"),
              "Angka perkawinan anak mencapai {pct_low}% dari seluruh perkawinan, sehingga banyak anak perempuan putus sekolah dan kehamilan usia dini tinggi.",
              "Tokoh agama, kepala desa dan sekolah bersepakat menunda perkawinan anak, dengan konseling bagi keluarga dan beasiswa bagi anak perempuan.",
              "Desa memasukkan pencegahan perkawinan anak ke peraturan desa, dan konselor mendampingi keluarga yang mengajukan dispensasi kawin.",
              ("Angka perkawinan anak turun dari {pct_low}% menjadi {pct_drop}% dalam {years} tahun dan {count} remaja mengikuti konseling.",)),
        )),
    Theme(
        ("pertanian-pangan",), (2, 8), "3.27", "Dinas Pertanian", "kelompok tani, penyuluh dan koperasi",
        central=("Pertanian",), variants=(
            V(("Sekolah Lapang Petani Milenial", "Kartu Tani Digital", "Klinik Tanaman Keliling", "Pupuk Tepat Waktu"),
              "Produktivitas padi hanya {tons} ton per hektare, serangan hama terlambat dikenali, dan petani sulit mendapatkan pupuk bersubsidi tepat waktu.",
              "Penyuluh mendampingi petani muda dengan data cuaca dan harga pasar di telepon genggam, dan pupuk disalurkan sesuai kebutuhan yang tercatat.",
              "Kelompok tani mencatat kebutuhan pupuk dan hasil panen di aplikasi, penyuluh memantau serangan hama, dan dinas menghubungkan kelompok tani dengan pembeli.",
              ("Produktivitas naik dari {tons} menjadi {tons_new} ton per hektare dan pendapatan petani naik {pct_gain}%.",
               "Sebanyak {count} petani menerima pupuk tepat waktu dan produktivitas padi naik dari {tons} menjadi {tons_new} ton per hektare.")),
            V(("Lumbung Pangan Desa", "Brigade Pangan", "Pasar Tani Langsung ke Konsumen"),
              "Harga gabah jatuh hingga {pct_gain}% saat panen raya dan warga kesulitan pangan saat paceklik.",
              "Lumbung pangan desa membeli gabah saat panen raya dan menjualnya kembali saat paceklik, sehingga harga lebih stabil bagi petani dan warga.",
              "Pengurus lumbung mencatat stok dan harga, membeli dari anggota dengan harga yang disepakati, dan menyalurkan cadangan pangan ke keluarga rawan pangan.",
              ("Harga gabah di tingkat petani lebih stabil, naik {pct_gain2}% dibanding sebelum program, dan {count} keluarga rawan pangan terbantu saat paceklik.",)),
        )),
    Theme(
        ("keuangan-daerah",), (16, 17), "5.02", "Badan Pendapatan Daerah", "wajib pajak, bank daerah dan desa",
        central=("Keuangan",), variants=(
            V(("Pajak Daerah Daring", "PBB Lunas Desa Berhadiah"),
              "Realisasi pajak bumi dan bangunan hanya {pct_low}% karena wajib pajak harus datang ke kantor pajak daerah dan tagihan sering tidak sampai.",
              "Tagihan pajak dikirim lewat pesan singkat dan pembayaran dilakukan lewat kanal nontunai, dengan hadiah bagi desa yang lunas paling awal.",
              "Wajib pajak menerima tagihan lewat pesan singkat dan membayar melalui bank, kantor pos atau gerai ritel; data masuk langsung ke kas daerah dan dapat dipantau dari dasbor.",
              ("Pendapatan asli daerah naik {pct_gain}% dan realisasi PBB naik dari {pct_low}% menjadi {pct_high}%.",)),
            V(("Retribusi Nontunai Pasar", "Parkir Nontunai", "Belanja Daerah Transparan"),
              "Banyak pungutan tunai di pasar dan tempat parkir tidak tercatat, sehingga penerimaan retribusi hanya {pct_low}% dari potensinya.",
              "Pembayaran retribusi daerah dilakukan lewat kanal nontunai dengan bukti elektronik, sehingga setiap rupiah tercatat.",
              "Pedagang dan juru parkir memakai kode QR dan kartu elektronik; penerimaan masuk langsung ke rekening kas daerah dan direkonsiliasi setiap hari.",
              ("Penerimaan retribusi naik {pct_gain}% dan waktu rekonsiliasi kas turun dari {days} hari menjadi {days_new} hari.",)),
        )),
    Theme(
        ("kebencanaan",), (11, 13), "1.05", "Badan Penanggulangan Bencana Daerah", "relawan, desa dan sekolah",
        variants=(
            V(("Peringatan Dini Banjir Berbasis Warga", "Desa Tangguh Bencana", "Lumbung Logistik Bencana Desa"),
              "Banjir tahunan merendam {count} rumah dan warga terlambat mengungsi karena informasi ketinggian air datang terlambat.",
              "Sensor ketinggian air dan relawan desa mengirim peringatan dini lewat pengeras suara masjid, sirene dan pesan singkat.",
              "Data sensor dipantau BPBD, relawan dilatih evakuasi, jalur mengungsi dipetakan dan dipasangi rambu, dan logistik disiapkan di lumbung desa.",
              ("Waktu evakuasi turun menjadi {minutes} menit dan tidak ada korban jiwa pada {years} musim banjir terakhir.",)),
            V(("Sekolah Aman Bencana", "Relawan Siaga Gempa"),
              "Sekolah dan desa di jalur sesar belum punya rencana evakuasi, dan hanya {pct_low}% sekolah pernah berlatih kesiapsiagaan.",
              "Setiap desa dan sekolah menyusun rencana kontinjensi sendiri dan berlatih evakuasi dua kali setahun bersama relawan.",
              "BPBD melatih guru dan relawan, sekolah memasang rambu jalur evakuasi, dan latihan gabungan digelar bersama puskesmas dan polisi.",
              ("Sebanyak {count} siswa dan warga mengikuti latihan evakuasi dan waktu evakuasi sekolah turun menjadi {minutes} menit.",)),
        )),
    Theme(
        ("infrastruktur-transportasi",), (9, 11), "2.15", "Dinas Perhubungan", "warga, pelajar dan pengemudi angkutan",
        central=("Perhubungan",), variants=(
            V(("Lapor Jalan Rusak", "Jalan Desa Mulus Swakelola"),
              "Sebanyak {pct_low}% jalan kabupaten rusak dan laporan warga lambat ditangani karena tidak ada data kerusakan yang terbarui.",
              "Warga memotret kerusakan jalan lewat aplikasi dan tim reaksi cepat memperbaiki sesuai prioritas.",
              "Laporan dipetakan otomatis, dinas menjadwalkan perbaikan, dan warga menerima kabar penyelesaian beserta foto sesudah perbaikan.",
              ("Sebanyak {count} titik kerusakan diperbaiki dalam rata-rata {days_new} hari, sebelumnya {days} hari.",)),
            V(("Angkutan Sekolah Gratis", "Bus Rakyat Terintegrasi", "Perahu Sekolah"),
              "Pelajar di pinggiran menempuh {km} km tanpa angkutan umum, dan {pct_low}% siswa sering terlambat atau bolos saat musim hujan.",
              "Angkutan sekolah gratis menjemput pelajar di desa dengan rute yang disusun dari alamat siswa, dan armada terhubung dengan trayek angkutan kota.",
              "Dinas menyewa armada milik warga, pengemudi dilatih keselamatan, dan posisi armada dapat dipantau orang tua lewat aplikasi.",
              ("Sebanyak {pct_high}% pelajar di rute sasaran kini berangkat dengan angkutan sekolah dan keterlambatan siswa turun {pct_gain}%.",)),
            V(("Uji KIR Daring", "Uji Berkala Kendaraan Tanpa Calo"),
              "Pengujian kendaraan bermotor memakan waktu hingga {days} hari dan pemilik kendaraan harus datang berulang kali membawa berkas.",
              "Pendaftaran uji berkala kendaraan dilakukan daring dengan jadwal pasti, dan bukti lulus uji diterbitkan secara elektronik.",
              "Pemilik kendaraan memilih jadwal, membayar retribusi nontunai, dan hasil uji tercatat di kartu elektronik yang dapat diperiksa petugas di jalan.",
              ("Waktu layanan uji kendaraan turun dari {days} hari menjadi {days_new} hari dan {count} kendaraan diuji dalam setahun.",)),
        )),
    Theme(
        ("pariwisata-budaya", "ekonomi-umkm"), (8, 11), "3.26", "Dinas Pariwisata dan Kebudayaan",
        "kelompok sadar wisata, perajin dan BUMDes", variants=(
            V(("Desa Wisata Berbasis Komunitas", "Homestay Warga Bersertifikat", "Festival Budaya Pesisir"),
              "Potensi wisata desa belum dikenal, kunjungan hanya {count} orang setahun, dan warga tidak ikut menikmati pendapatan wisata.",
              "Kelompok sadar wisata dilatih mengelola homestay dan paket wisata dengan cerita budaya setempat, dan festival tahunan memperkenalkan desa.",
              "Paket wisata dijual lewat laman desa dan agen perjalanan, homestay disertifikasi, dan dinas pariwisata mendampingi promosi.",
              ("Kunjungan wisatawan naik {pct_gain}% dan BUMDes mencatat pendapatan {money} dari paket wisata.",)),
            V(("Kampung Tenun Digital", "Museum Keliling Sekolah"),
              "Perajin tenun menjual lewat tengkulak dengan harga rendah, dan hanya {pct_low}% perajin muda yang masih menenun.",
              "Perajin dilatih memotret dan menjual produk secara daring dengan cerita motif, dan sekolah mengajarkan motif daerah lewat museum keliling.",
              "Produk dijual lewat lokapasar dan galeri daerah, dan dinas mendaftarkan motif sebagai kekayaan intelektual komunal.",
              ("Pendapatan perajin naik {pct_gain2}%, {count} kain terjual dalam setahun, dan {villages} perajin muda kembali menenun di sanggar desa.",)),
        )),
    Theme(
        ("ketenagakerjaan",), (8, 4), "2.07", "Dinas Tenaga Kerja",
        "pencari kerja, industri, balai latihan kerja dan SMK", central=("Ketenagakerjaan",), variants=(
            V(("Bursa Kerja Daring Daerah", "Pelatihan Vokasi Berbasis Industri", "Kartu Kuning Daring"),
              "Angka pengangguran terbuka {pct_unemp}% dan lulusan SMK sulit terserap industri karena keterampilan tidak sesuai kebutuhan.",
              "Pelatihan vokasi disusun bersama industri, dan lowongan kerja serta kartu pencari kerja diurus di satu portal.",
              "Pencari kerja mendaftar daring, mengikuti pelatihan dan uji kompetensi, lalu dipertemukan dengan perusahaan mitra dalam bursa kerja bulanan.",
              ("Sebanyak {count} peserta pelatihan bekerja dalam enam bulan dan {pct_high}% lulusan terserap perusahaan mitra.",)),
            V(("Layanan Pekerja Migran Satu Atap", "Migran Aman dari Desa"),
              "Calon pekerja migran mengurus dokumen di banyak kantor selama {days} hari dan rawan menjadi korban calo.",
              "Layanan terpadu satu atap menghimpun dinas tenaga kerja, imigrasi, kepolisian dan BPJS Ketenagakerjaan bagi calon pekerja migran.",
              "Calon pekerja mendapat informasi resmi sejak dari desa, dokumen diurus di satu tempat, dan keberangkatan dipantau sampai tiba di negara tujuan.",
              ("Waktu pengurusan dokumen pekerja migran turun dari {days} hari menjadi {days_new} hari dan {count} calon pekerja berangkat secara resmi.",)),
        )),
    Theme(
        ("desa", "tata-kelola"), (16, 1), "2.13", "Dinas Pemberdayaan Masyarakat dan Desa",
        "perangkat desa, BUMDes dan warga", central=("Dalam Negeri", "Perencanaan"), variants=(
            V(("Dana Desa Terbuka", "Desa Digital Transparan", "Sekolah Kepala Desa"),
              "Warga tidak mengetahui penggunaan dana desa, musyawarah desa jarang dihadiri, dan hanya {pct_low}% desa menyampaikan laporan keuangan tepat waktu.",
              "Anggaran dan realisasi dana desa dipasang di papan informasi dan laman desa, dan kepala desa serta perangkat desa dilatih tata kelola keuangan.",
              "Perangkat desa memperbarui data tiap bulan, pendamping desa memeriksa laporan, dan warga dapat bertanya lewat kanal pengaduan desa.",
              ("Desa yang melapor tepat waktu naik dari {pct_low}% menjadi {pct_high}% dan partisipasi musyawarah desa naik {pct_gain}%.",)),
            V(("Layanan Administrasi Desa Daring", "BUMDes Maju Bersama"),
              "Surat keterangan dari desa butuh {days} hari karena kepala desa jarang di kantor, dan BUMDes belum memberi pendapatan bagi desa.",
              "Surat-surat desa dilayani daring dengan tanda tangan elektronik kepala desa, dan BUMDes mengelola loket layanan serta usaha desa.",
              "Warga mengajukan surat lewat aplikasi atau loket BUMDes, kepala desa menandatangani dari telepon genggam, dan surat dapat diambil atau diunduh.",
              ("Surat keterangan desa selesai dari {days} hari menjadi {days_new} hari dan pendapatan BUMDes mencapai {money}.",)),
        )),
    Theme(
        ("tata-kelola",), (16, 17), "2.16", "Dinas Komunikasi dan Informatika", "perangkat daerah, ASN dan warga",
        central=("Aparatur", "Kepegawaian", "Administrasi Negara", "Statistik", "Perencanaan", "Hukum", "Komunikasi"),
        weight=3, variants=(
            V(("Tanda Tangan Elektronik untuk Semua Naskah", "Rapat Tanpa Kertas", "Naskah Dinas Elektronik"),
              "Naskah dinas berbelit dan butuh {days} hari untuk satu tanda tangan, sementara biaya kertas dan tinta kantor mencapai {money} per tahun.",
              "Naskah dinas dan tanda tangan dikelola dalam satu sistem elektronik yang dipakai semua perangkat daerah.",
              "Surat dibuat, diparaf dan ditandatangani secara elektronik dengan sertifikat dari BSrE, lalu dikirim dan diarsipkan otomatis.",
              ("Waktu penyelesaian naskah turun dari {days} hari menjadi {days_new} hari dan pemakaian kertas turun {pct_gain}%.",)),
            V(("Satu Data Daerah", "Perencanaan Pembangunan Berbasis Data"),
              "Data antarperangkat daerah berbeda-beda sehingga perencanaan sering meleset, dan hanya {pct_low}% data sektoral yang diperbarui setiap tahun.",
              "Setiap perangkat daerah menunjuk produsen data dan wali data, dan semua data pembangunan dipublikasikan di portal satu data.",
              "Setiap perangkat daerah mengirim data ke portal satu data dengan standar yang disepakati, dan Bappeda memakai data itu dalam musyawarah perencanaan.",
              ("Sebanyak {count} set data terbit di portal satu data dan {pct_high}% perangkat daerah memperbarui datanya tepat waktu.",)),
            V(("Layanan Kepegawaian Daring", "Kinerja ASN Terukur"),
              "Layanan kepegawaian seperti kenaikan pangkat dan cuti diurus dengan berkas kertas dan memakan waktu hingga {days} hari.",
              "Semua layanan kepegawaian diajukan daring dengan berkas yang tersimpan sekali, dan kinerja ASN diukur dari sasaran yang disepakati.",
              "ASN mengajukan layanan dari aplikasi, atasan menyetujui secara elektronik, dan badan kepegawaian memantau tenggat setiap berkas.",
              ("Waktu layanan kenaikan pangkat turun dari {days} hari menjadi {days_new} hari dan {count} layanan kepegawaian diproses tanpa kertas.",)),
        )),
)

BRAND_PREFIXES = ("", "", "", "", "SI", "E-", "GERAKAN ")
BRAND_SYLLABLES = ("si", "pan", "du", "la", "ksa", "ce", "pat", "ma", "ju", "be", "ning", "ta", "ngi", "ra", "mah",
                   "go", "ro", "yong", "se", "hat", "pin", "tar", "ka", "mo", "lek", "ba", "ri", "sa", "ti", "kun",
                   "dan", "pu")
TITLE_PATTERNS = ("{brand}: {practice} {place}", "{brand}: {practice} {place}", "{practice} ({brand}) {place}",
                  "{brand} — {practice}", "{practice} {place} ({brand})")
FIRST_NAMES = ("Siti", "Budi", "Dewi", "Agus", "Rina", "Made", "Yohanes", "Nur", "Andi", "Maria", "Teguh", "Ratna",
               "Fajar", "Wayan", "Lestari", "Hendra", "Ketut", "Fransiska", "Muhammad", "Yuliana", "Rizki", "Ayu",
               "Dedi", "Sri", "Hasan", "Novita", "Arief", "Theresia", "Imam", "Putu")
LAST_NAMES = ("Rahmawati", "Santoso", "Siregar", "Pratama", "Wulandari", "Nasution", "Sitompul", "Hidayat", "Putri",
              "Saputra", "Manurung", "Lubis", "Tanjung", "Wijaya", "Kurniawan", "Sihombing", "Pangaribuan", "Lamba",
              "Mandagi", "Rumbiak", "Daeng", "Harahap", "Suryani", "Purnomo", "Sinaga", "Wonda")
REGIONAL_INITIATORS = ("kepala_daerah", "perangkat_daerah", "perangkat_daerah", "asn", "masyarakat", "anggota_dprd")
CENTRAL_INITIATORS = ("asn", "asn", "masyarakat")
AMOUNTS_MILLIONS = (150, 200, 250, 300, 350, 400, 500, 750, 900, 1200, 1500, 2500)
STOP_REASONS = ("Anggaran tidak lagi tersedia setelah perubahan APBD.", "Layanan dilebur ke aplikasi nasional.",
                "Petugas terlatih dimutasi dan belum ada pengganti.", "Perangkat rusak dan belum dianggarkan penggantinya.")
PARTNERS = ("bank daerah", "perguruan tinggi setempat", "PKK", "karang taruna", "tokoh agama dan tokoh adat", "BUMDes",
            "organisasi penyandang disabilitas", "lembaga swadaya masyarakat", "dunia usaha melalui CSR",
            "camat dan lurah", "media lokal")
EXTRA_FUNDING = ("dana desa", "CSR bank daerah", "hibah mitra pembangunan", "Dana Insentif Daerah")
MONITORING = ("bulan", "triwulan", "semester")
SCHEDULES = ("setiap hari kerja", "setiap pekan", "dua kali sepekan", "setiap hari, termasuk akhir pekan")
CHANNELS = ("aplikasi di telepon genggam", "laman resmi", "pesan WhatsApp", "loket di kantor kecamatan",
            "petugas yang datang ke rumah")
STAGE_NOTES = {
    "inisiatif": "Angka-angka di atas adalah target {brand} yang akan diukur setelah uji coba berjalan.",
    "uji_coba": "Capaian ini diukur di wilayah uji coba dan menjadi dasar perluasan ke seluruh daerah.",
    "penerapan": "",
}
EXTRA_CONTEXT = (
    "Survei kepuasan masyarakat tahun {year_before} memberi nilai {skm_old} untuk layanan ini, salah satu yang terendah di daerah.",
    "Keluhan tentang layanan ini termasuk yang paling banyak masuk ke kanal SP4N-LAPOR! pada tahun {year_before}.",
    "Forum Konsultasi Publik tahun {year_before} menempatkan masalah ini sebagai prioritas perbaikan layanan.",
    "Hasil pemetaan tahun {year_before} menunjukkan masalah paling berat dialami warga di {villages} desa dan kelurahan terjauh.",
)
EXTRA_RESULTS = (
    "Indeks kepuasan masyarakat naik dari {skm_old} menjadi {skm} berdasarkan survei terhadap {respondents} responden.",
    "Biaya yang dikeluarkan warga untuk transportasi dan salinan berkas turun rata-rata Rp {saving} ribu per permohonan.",
    "Pengaduan tentang layanan ini turun {pct_complaints}% dibanding tahun sebelum inovasi diterapkan.",
    "Capaian ini tercatat dalam laporan kinerja instansi dan diperiksa inspektorat.",
)

# fmt: on


@dataclass
class DemoEntry:
    """Everything needed to insert one demo entry (foreign keys as ids)."""

    fields: dict
    category_slugs: tuple[str, ...]
    sdg_numbers: tuple[int, ...]


@dataclass(frozen=True)
class _Level:
    """How an agency is named in the text: its place, its head and its legal instruments."""

    kind: str  # "kabupaten", "kota", "provinsi" or "pusat"
    bare_name: str  # "Bangka", "Jawa Barat", "Kesehatan"
    head: str  # "Bupati Bangka"
    instruments: tuple[str, ...]
    budget: str  # "APBD" or "APBN"


def _level(agency: dict) -> _Level:
    # The reference loader names regional governments "Pemerintah Kabupaten/Kota/Provinsi X",
    # which is all the level the generator needs; anything else is a central body.
    name = agency["name"]
    for prefix, kind, head, regional_rule in (
        ("Pemerintah Kabupaten ", "kabupaten", "Bupati", "Peraturan Daerah Kabupaten"),
        ("Pemerintah Kota ", "kota", "Wali Kota", "Peraturan Daerah Kota"),
        ("Pemerintah Provinsi ", "provinsi", "Gubernur", "Peraturan Daerah Provinsi"),
    ):
        if name.startswith(prefix):
            bare = name.removeprefix(prefix)
            instruments = (
                f"Peraturan {head} {bare}",
                f"Peraturan {head} {bare}",
                f"Keputusan {head} {bare}",
                f"{regional_rule} {bare}",
            )
            return _Level(kind, bare, f"{head} {bare}", instruments, "APBD")
    if name.startswith("Kementerian "):
        minister = "Menteri " + name.removeprefix("Kementerian ")
        return _Level(
            "pusat", name, minister, (f"Peraturan {minister}", f"Keputusan {minister}"), "APBN"
        )
    if name.startswith(("Badan ", "Lembaga ")):
        return _Level(
            "pusat",
            name,
            f"Kepala {name}",
            (f"Peraturan {name}", f"Keputusan Kepala {name}"),
            "APBN",
        )
    return _Level(
        "pusat", name, f"pimpinan {name}", (f"Peraturan {name}", f"Keputusan {name}"), "APBN"
    )


def _domain_label(agency: dict, level: _Level) -> str:
    """A made-up host name under go.id for the region or body (example data, not a real site)."""
    if level.kind != "pusat":
        return slugify(f"{level.kind} {level.bare_name}")
    if agency.get("acronym"):
        return slugify(agency["acronym"])
    return "".join(word[0] for word in level.bare_name.split() if word[0].isalpha()).lower()


@dataclass(frozen=True)
class _Pool:
    agencies: list
    regional_by_province: tuple[tuple[int, ...], ...]  # indexes into agencies, per province
    province_of: dict  # agency index -> index of its province group
    province_place: dict  # province id -> "Provinsi X", from the provincial government's row
    central: tuple[int, ...]
    themes_for_central: dict  # agency index -> indexes of themes that are its business


_pool_cache: list = []


def _pool(agencies: list) -> _Pool:
    # The caller passes the same list for every entry of a run; derive its structure once.
    if _pool_cache and _pool_cache[0].agencies is agencies:
        return _pool_cache[0]
    groups: dict = {}
    province_of, central, themes_for_central, province_place = {}, [], {}, {}
    for index, agency in enumerate(agencies):
        level = _level(agency)
        if level.kind == "provinsi":
            province_place[agency["province_id"]] = f"Provinsi {level.bare_name}"
        if level.kind == "pusat":
            central.append(index)
            name = agency["name"]
            themes_for_central[index] = tuple(
                t for t, theme in enumerate(THEMES) if any(word in name for word in theme.central)
            ) or tuple(t for t, theme in enumerate(THEMES) if "tata-kelola" in theme.categories)
        else:
            # Groups keep the pool's order (agencies by code), so no database id decides anything.
            group = groups.setdefault(agency["province_id"], [])
            group.append(index)
    by_province = tuple(tuple(group) for group in groups.values())
    for position, group in enumerate(by_province):
        for index in group:
            province_of[index] = position
    pool = _Pool(
        agencies, by_province, province_of, province_place, tuple(central), themes_for_central
    )
    _pool_cache[:] = [pool]
    return pool


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _decimal(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _rupiah(millions: int) -> str:
    if millions >= 1000:
        return f"Rp {_decimal(millions / 1000).removesuffix(',0')} miliar"
    return f"Rp {millions} juta"


def _brand(rng: random.Random) -> str:
    word = "".join(rng.choice(BRAND_SYLLABLES) for _ in range(rng.randint(2, 3)))
    prefix = rng.choice(BRAND_PREFIXES)
    word = word.upper() if prefix or rng.random() < 0.6 else word.capitalize()
    return f"{prefix}{word}"


def _figures(rng: random.Random, year: int) -> dict:
    """Figures that agree with each other (before < after), formatted the Indonesian way."""
    pct_low = rng.randint(18, 55)
    days = rng.randint(7, 30)
    skm_old = rng.uniform(62, 78)
    tons = rng.uniform(4.2, 5.4)
    return {
        "km": rng.randint(15, 120),
        "pct_low": pct_low,
        "pct_high": rng.randint(max(pct_low + 20, 70), 99),
        "pct_drop": max(3, pct_low - rng.randint(5, 15)),
        "pct_gain": rng.randint(12, 60),
        "pct_gain2": rng.randint(10, 45),
        "pct_complaints": rng.randint(15, 70),
        "pct_small": _decimal(rng.uniform(0.5, 3.5)),
        "pct_unemp": _decimal(rng.uniform(4.0, 9.5)),
        "days": days,
        "days_new": rng.randint(1, max(1, days // 4)),
        "hours": rng.randint(2, 6),
        "minutes": rng.randint(10, 45),
        "count": _thousands(rng.randint(150, 12_000)),
        "units": rng.randint(4, 9),
        "years": rng.randint(2, 4),
        "skm_old": _decimal(skm_old, 2),
        "skm": _decimal(skm_old + rng.uniform(8, 18), 2),
        "respondents": _thousands(rng.randint(300, 2_500)),
        "tons": _decimal(tons),
        "tons_new": _decimal(tons + rng.uniform(0.6, 1.8)),
        "tons_waste": rng.randint(80, 900),
        "money": _rupiah(rng.choice(AMOUNTS_MILLIONS)),
        "budget": _rupiah(rng.choice(AMOUNTS_MILLIONS)),
        "saving": rng.choice((25, 50, 75, 100, 150, 200)),
        "villages": rng.randint(8, 60),
        "year_old": rng.randint(2010, year - 2),
        "year_before": year - 1,
    }


def _day_in(rng: random.Random, year: int) -> datetime.date:
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), REFERENCE_DATE)
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _capped(day: datetime.date) -> datetime.date:
    return min(day, REFERENCE_DATE)


def _recognition(rng: random.Random, source: str, year: int, province_name: str) -> str:
    later = min(year + rng.randint(0, 2), LAST_YEAR)
    return {
        "kipp": f"Inovasi ini masuk {rng.choice(('Top 99', 'Top 45', 'Top 99'))} Kompetisi Inovasi Pelayanan Publik (KIPP) tahun {later}.",
        "iga": f"Inovasi ini dilaporkan dalam Indeks Inovasi Daerah dan ikut mengantar daerah menerima Innovative Government Award tahun {later}.",
        "lan_lab": f"Inovasi ini dimatangkan dalam Laboratorium Inovasi Lembaga Administrasi Negara angkatan tahun {year}.",
        "provincial": f"Inovasi ini meraih juara {rng.randint(1, 3)} kompetisi inovasi pelayanan publik tingkat {province_name or 'provinsi'} tahun {later}.",
        "agency": "Inovasi ini diusulkan langsung oleh instansi untuk dimuat di JIPPNas agar dapat dipelajari daerah lain.",
        "other": "Inovasi ini dihimpun dari laporan penyelenggaraan pelayanan publik instansi.",
    }[source]


def generate(*, seed: int, number: int, agencies: list[dict], affair_ids: dict[str, int],
             sources: list[str], stages: list[str]) -> DemoEntry:  # fmt: skip
    """Demo entry `number` of the set for `seed`; `agencies` are dicts with id, name,
    province_id, regency_id and place (optionally acronym), in a stable order."""
    rng = random.Random(f"{seed}:{number}")
    pool = _pool(agencies)

    # The first entries visit every province once (in an order shuffled by the seed), so even a
    # small set spreads over the whole country; later ones follow the directory's weight.
    if number <= len(pool.regional_by_province):
        order = list(range(len(pool.regional_by_province)))
        random.Random(f"{seed}:provinces").shuffle(order)
        index = rng.choice(pool.regional_by_province[order[number - 1]])
    else:
        index = rng.randrange(len(agencies))
    agency = agencies[index]
    level = _level(agency)
    central = level.kind == "pusat"

    if central:
        theme = THEMES[rng.choice(pool.themes_for_central[index])]
    else:
        theme = rng.choices(THEMES, weights=[t.weight for t in THEMES])[0]
    year = rng.choices(range(FIRST_YEAR, LAST_YEAR + 1), weights=YEAR_WEIGHTS)[0]
    figures = _figures(rng, year)

    def fill(options) -> str:
        return rng.choice(options).format(**figures)

    national = central and rng.random() < CENTRAL_WITHOUT_PILOT
    province_id = None if national else agency["province_id"]
    place = "" if national else agency["place"]
    province_name = "" if national else pool.province_place.get(agency["province_id"], "")
    where = place or "berbagai daerah"
    unit = agency["name"] if central else f"{theme.unit} {place}"
    variant = rng.choice(theme.variants)
    practice = rng.choice(variant.practices)
    brand = _brand(rng)
    title = rng.choice(TITLE_PATTERNS).format(brand=brand, practice=practice, place=place)
    title = " ".join(title.split()).replace(" )", ")")

    # IGA and provincial rounds judge regional governments only.
    eligible = [s for s in sources if not central or s not in ("iga", "provincial")]
    source = _weighted(rng, {s: SOURCE_WEIGHTS.get(s, 5) for s in eligible})
    status = _weighted(rng, STATUS_WEIGHTS)
    if year >= LAST_YEAR - 2:
        stage = _weighted(rng, {"inisiatif": 25, "uji_coba": 35, "penerapan": 40})
    else:
        stage = _weighted(rng, {"inisiatif": 0, "uji_coba": 5, "penerapan": 95})
    if stage not in stages:
        stage = stages[-1]

    # Dates follow the stage: an initiative has not been tried, a trial is not yet implemented.
    trial = _day_in(rng, year) if stage != "inisiatif" else None
    implemented = (
        _capped(trial + datetime.timedelta(days=rng.randint(60, 300)))
        if stage == "penerapan"
        else None
    )
    if stage == "penerapan":
        continuity = _weighted(
            rng, {"berjalan": 55, "berkembang": 20, "berhenti": 8, "tidak_diketahui": 17}
        )
    else:
        continuity = _weighted(rng, {"berjalan": 70, "tidak_diketahui": 30})
    if status == "archived" and rng.random() < 0.6:
        continuity = "berhenti"
    confirmed = (
        _day_in(rng, rng.choice((2023, 2024, 2025))) if continuity != "tidak_diketahui" else None
    )
    published_at = None
    if status in ("published", "archived"):
        since = implemented or trial or datetime.date(year, 1, 1)
        published_day = _capped(since + datetime.timedelta(days=rng.randint(30, 200)))
        published_at = datetime.datetime.combine(
            published_day, datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
            tzinfo=datetime.timezone(datetime.timedelta(hours=7)),
        )  # fmt: skip

    instrument = rng.choice(level.instruments)
    # Proven practices are often institutionalised a year or two after they start.
    legal_year = min(year + rng.randint(0, 2), LAST_YEAR) if stage == "penerapan" else year
    neighbours = []
    if not central:
        # Regencies and cities of the same province are the usual adopters, not the province.
        same_province = [
            i
            for i in pool.regional_by_province[pool.province_of[index]]
            if i != index and agencies[i]["regency_id"]
        ]
        neighbours = [
            agencies[i]["place"] for i in rng.sample(same_province, min(2, len(same_province)))
        ]
    others = " dan ".join(neighbours) if neighbours else f"{rng.randint(2, 9)} pemerintah daerah"
    if stage == "penerapan":
        replication_opening = f"{brand} sudah dipelajari dan direplikasi oleh {others}."
    else:
        replication_opening = (
            f"{brand} dirancang agar mudah ditiru; {others} telah menyatakan minat mempelajarinya."
        )
    partners = rng.sample(PARTNERS, 2)
    funding = (
        level.budget if rng.random() < 0.7 else f"{level.budget} dan {rng.choice(EXTRA_FUNDING)}"
    )

    idea_text, results_text = fill((variant.idea,)), fill(variant.results)
    problem = " ".join((
        fill((variant.problem,)),
        fill(EXTRA_CONTEXT),
        f"Kondisi ini paling dirasakan oleh {theme.users} di {where}.",
    ))  # fmt: skip
    idea = " ".join((
        idea_text,
        f"Gagasan {brand} lahir dari {unit} bersama {theme.users}, dan belum pernah diterapkan dengan cara ini {'secara nasional' if central else 'di daerah sekitarnya'}.",
        _recognition(rng, source, year, province_name),
    ))  # fmt: skip
    how_it_works = " ".join((
        fill((variant.how,)),
        f"Warga dapat mengakses layanan melalui {rng.choice(CHANNELS)}, dan layanan dibuka {rng.choice(SCHEDULES)}.",
        f"Capaian dilaporkan kepada {level.head} setiap {rng.choice(MONITORING)}.",
    ))  # fmt: skip
    stage_note = STAGE_NOTES[stage].format(brand=brand)
    results = " ".join(filter(None, (results_text, fill(EXTRA_RESULTS), stage_note)))
    replicability = (
        f"{replication_opening} Kuncinya adalah prosedur operasional "
        f"standar yang tertulis, pelatihan petugas selama {rng.randint(2, 5)} hari, dan perangkat yang mudah "
        "didapat, sehingga daerah lain dapat menirunya tanpa biaya besar."
    )
    sustainability = (
        f"Inovasi ini dilembagakan dengan {instrument} dan dianggarkan setiap tahun dalam {level.budget}; "
        f"{unit} menugaskan tim tetap sebanyak {rng.randint(3, 12)} orang dan melaporkan capaian kepada {level.head}."
    )
    resources = (
        f"Anggaran awal {figures['budget']} dari {funding}, {rng.randint(3, 25)} petugas terlatih, "
        f"serta dukungan {partners[0]} untuk perangkat dan pelatihan."
    )
    stakeholders = f"{unit}; {theme.users}; {partners[0]} dan {partners[1]}; " + (
        "pemerintah daerah lokasi uji coba." if central else "camat serta lurah dan kepala desa."
    )
    summary = (
        f"{practice} oleh {agency['name']}"
        + (f" di {place}" if central and place else "")
        + f": {idea_text} {results_text}"
    )

    label = _domain_label(agency, level)
    contact_name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    contact_phone = (
        f"08{rng.randint(11, 99)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        if rng.random() < 0.7
        else f"(0{rng.randint(21, 987)}) {rng.randint(100000, 999999)}"
    )
    fields = {
        "title": title[:255],
        "summary": summary[:1000],
        "problem": problem,
        "idea": idea,
        "how_it_works": how_it_works,
        "results": results,
        "replicability": replicability,
        "sustainability": sustainability,
        "resources": resources,
        "stakeholders": stakeholders,
        "agency_id": agency["id"],
        "province_id": province_id,
        "regency_id": None if national else agency["regency_id"],
        "year_launched": year,
        "stage": stage,
        "source": source,
        "external_ref": f"{DEMO_PREFIX}{seed}-{number:07d}",
        "legal_basis": instrument,
        "legal_basis_number": f"Nomor {rng.randint(1, 60)} Tahun {legal_year}",
        "contact_name": contact_name,
        "contact_email": f"{slugify(contact_name).replace('-', '.')}@{label}.go.id",
        "contact_phone": contact_phone,
        "website_url": f"https://inovasi.{label}.go.id/{slugify(brand)}",
        "video_url": "",
        "kind": "digital" if rng.random() < 0.6 else "non_digital",
        "form": rng.choice(("pelayanan_publik", "pelayanan_publik", "tata_kelola", "lainnya")),
        "initiator": rng.choice(CENTRAL_INITIATORS if central else REGIONAL_INITIATORS),
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
    categories = theme.categories + (("tata-kelola",) if rng.random() < 0.15 else ())
    return DemoEntry(fields, tuple(dict.fromkeys(categories)), theme.sdgs)
