"""Provincial hubs (Hub JIPP): designation, partners, activities and participation monitoring.

A hub is a province designated by a KemenPANRB decree to mentor its regencies and cities.
Everything a hub admin enters hangs off the hub, so "own province" is one filter on `hub`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovations.validators import validate_new_media_file

DEMO_HELP = _("Dibuat oleh seed_hubs untuk demonstrasi; bukan data resmi.")


class Hub(models.Model):
    class Kind(models.TextChoices):
        PILOT = "pilot", _("Percontohan (pilot)")
        REGULAR = "regular", _("Reguler")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        INACTIVE = "inactive", _("Tidak aktif")

    province = models.OneToOneField(
        "regions.Province", on_delete=models.PROTECT, related_name="hub", verbose_name=_("provinsi")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    designation_year = models.PositiveSmallIntegerField(
        _("tahun penetapan"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    decree_number = models.CharField(
        _("nomor keputusan"),
        max_length=150,
        blank=True,
        help_text=_("Nomor Keputusan Menteri PANRB; kosongkan bila belum diverifikasi."),
    )
    decree_date = models.DateField(_("tanggal keputusan"), null=True, blank=True)
    designation_note = models.CharField(_("catatan penetapan"), max_length=255, blank=True)
    coordinating_agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_hubs",
        verbose_name=_("instansi koordinator"),
    )
    description = models.TextField(_("deskripsi"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    contact_name = models.CharField(_("nama kontak"), max_length=150, blank=True)
    contact_email = models.EmailField(_("surel kontak"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=40, blank=True)
    is_demo = models.BooleanField(
        _("profil demo"),
        default=False,
        help_text=_("Deskripsi dan kontak dibuat untuk demonstrasi; penetapannya sendiri nyata."),
    )
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["province__code"]
        verbose_name = _("hub JIPP")
        verbose_name_plural = _("hub JIPP")

    def __str__(self) -> str:
        return f"Hub JIPP {self.province}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("hubs:detail", kwargs={"province_code": self.province.code})

    def clean(self) -> None:
        if self.decree_date and self.designation_year != self.decree_date.year:
            raise ValidationError(
                {"decree_date": _("Tanggal keputusan harus jatuh pada tahun penetapan.")}
            )
        agency = self.coordinating_agency
        if agency and self.province_id and agency.province_id not in (None, self.province_id):
            raise ValidationError(
                {"coordinating_agency": _("Instansi koordinator berada di provinsi lain.")}
            )


class HubPartner(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("Perguruan tinggi")
        DEVELOPMENT_PARTNER = "development_partner", _("Mitra pembangunan")
        NGO = "ngo", _("Organisasi masyarakat sipil")
        PRIVATE_SECTOR = "private_sector", _("Sektor swasta")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nama mitra"), max_length=200)
    kind = models.CharField(_("jenis mitra"), max_length=30, choices=Kind.choices)
    role = models.CharField(_("peran"), max_length=255)
    website = models.URLField(_("situs web"), blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False, help_text=DEMO_HELP)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("mitra hub")
        verbose_name_plural = _("mitra hub")
        constraints = [
            models.UniqueConstraint(fields=["hub", "name"], name="hub_partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class HubActivity(models.Model):
    class Kind(models.TextChoices):
        MENTORING = "mentoring", _("Pendampingan")
        REPLICATION_FORUM = "replication_forum", _("Forum replikasi")
        COMPETITION = "competition", _("Kompetisi inovasi provinsi")
        SOCIALISATION = "socialisation", _("Sosialisasi")
        COORDINATION = "coordination", _("Rapat koordinasi / FGD")
        COMMITMENT_SIGNING = "commitment_signing", _("Penandatanganan komitmen")
        MONITORING = "monitoring", _("Monitoring dan evaluasi")

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("Luring")
        ONLINE = "online", _("Daring")
        HYBRID = "hybrid", _("Hibrida")

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="activities", verbose_name=_("hub")
    )
    title = models.CharField(_("judul kegiatan"), max_length=255)
    kind = models.CharField(_("jenis kegiatan"), max_length=30, choices=Kind.choices)
    held_on = models.DateField(_("tanggal"))
    place = models.CharField(_("tempat"), max_length=255, blank=True)
    mode = models.CharField(_("moda"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    participating_agencies = models.ManyToManyField(
        "regions.Agency",
        blank=True,
        related_name="hub_activities",
        verbose_name=_("instansi peserta"),
    )
    related_innovations = models.ManyToManyField(
        "innovations.Innovation",
        blank=True,
        related_name="hub_activities",
        verbose_name=_("inovasi terkait"),
    )
    outcome_notes = models.TextField(_("catatan hasil"), blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False, help_text=DEMO_HELP)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("kegiatan hub")
        verbose_name_plural = _("kegiatan hub")
        indexes = [models.Index(fields=["hub", "-held_on"], name="hub_activity_hub_date")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.place == "" and self.mode == self.Mode.OFFLINE:
            raise ValidationError({"place": _("Kegiatan luring wajib mencantumkan tempat.")})


class HubActivityMedia(models.Model):
    """A photo or document of an activity; uploads checked like catalogue media."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Foto")
        DOCUMENT = "document", _("Dokumen")

    activity = models.ForeignKey(HubActivity, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="hubs/%Y/%m/")
    caption = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("media kegiatan")
        verbose_name_plural = _("media kegiatan")
        # Each request for an uploaded file looks its owner up by name (jippnas.uploads).
        indexes = [models.Index(fields=["file"], name="hubactivitymedia_file")]

    def __str__(self) -> str:
        return self.caption or self.file.name

    def clean(self) -> None:
        validate_new_media_file(self.file, self.kind)


class ParticipationRecord(models.Model):
    """Community participation in one regency/city for one period (semester or quarter)."""

    class PeriodKind(models.TextChoices):
        SEMESTER = "semester", _("Semester")
        QUARTER = "quarter", _("Triwulan")

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="participation", verbose_name=_("hub")
    )
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        related_name="participation_records",
        verbose_name=_("kabupaten/kota"),
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    period_kind = models.CharField(_("jenis periode"), max_length=10, choices=PeriodKind.choices)
    period = models.PositiveSmallIntegerField(
        _("periode ke-"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    skm_index = models.DecimalField(
        _("indeks SKM"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Indeks Survei Kepuasan Masyarakat, 0–100."),
    )
    skm_respondents = models.PositiveIntegerField(_("responden SKM"), default=0)
    fkp_forums = models.PositiveIntegerField(_("FKP diselenggarakan"), default=0)
    fkp_topics = models.TextField(_("topik FKP"), blank=True)
    lapor_received = models.PositiveIntegerField(_("aduan LAPOR! diterima"), default=0)
    lapor_resolved = models.PositiveIntegerField(_("aduan LAPOR! diselesaikan"), default=0)
    lapor_median_days = models.DecimalField(
        _("median hari penyelesaian"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    is_demo = models.BooleanField(_("data demo"), default=False, help_text=DEMO_HELP)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regency__code", "year", "period_kind", "period"]
        verbose_name = _("data partisipasi masyarakat")
        verbose_name_plural = _("data partisipasi masyarakat")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year", "period_kind", "period"],
                name="participation_unique_period",
            ),
            models.CheckConstraint(
                condition=models.Q(lapor_resolved__lte=models.F("lapor_received")),
                name="participation_resolved_not_above_received",
            ),
            models.CheckConstraint(
                condition=models.Q(skm_index__isnull=True)
                | models.Q(skm_index__gte=0, skm_index__lte=100),
                name="participation_skm_index_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency} {self.period_label}"

    @property
    def period_label(self) -> str:
        short = "S" if self.period_kind == self.PeriodKind.SEMESTER else "T"
        return f"{self.year} {short}{self.period}"

    @property
    def period_sort_key(self) -> tuple[int, float]:
        # Semester 1 covers quarters 1–2: compare periods of both kinds on the quarter scale.
        start = (
            (self.period - 1) * 2 + 1
            if self.period_kind == self.PeriodKind.SEMESTER
            else self.period
        )
        return (self.year, start)

    def clean(self) -> None:
        errors = {}
        if self.skm_index is not None and not (0 <= self.skm_index <= 100):
            errors["skm_index"] = _("Indeks SKM harus antara 0 dan 100.")
        if self.skm_index is not None and not self.skm_respondents:
            errors["skm_respondents"] = _("Indeks SKM harus disertai jumlah responden.")
        if self.period_kind == self.PeriodKind.SEMESTER and self.period not in (1, 2):
            errors["period"] = _("Semester hanya 1 atau 2.")
        elif self.period is not None and not (1 <= self.period <= 4):
            errors["period"] = _("Triwulan hanya 1 sampai 4.")
        if (self.lapor_resolved or 0) > (self.lapor_received or 0):
            errors["lapor_resolved"] = _(
                "Aduan diselesaikan (%(resolved)s) tidak boleh melebihi aduan diterima "
                "(%(received)s)."
            ) % {"resolved": self.lapor_resolved, "received": self.lapor_received}
        if self.lapor_median_days is not None and self.lapor_median_days < 0:
            errors["lapor_median_days"] = _("Median hari penyelesaian tidak boleh negatif.")
        if self.lapor_median_days is not None and not self.lapor_resolved:
            errors["lapor_median_days"] = _(
                "Median hari penyelesaian hanya diisi bila ada aduan yang diselesaikan."
            )
        if self.hub_id and self.regency_id and self.regency.province_id != self.hub.province_id:
            errors["regency"] = _("Kabupaten/kota ini tidak berada di provinsi hub.")
        if errors:
            raise ValidationError(errors)
