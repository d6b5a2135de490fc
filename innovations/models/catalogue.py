"""The catalogue: innovation entries, their taxonomy (categories, SDGs), media and status log."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..validators import validate_new_media_file


class LocalizedNameMixin:
    """Reference rows carry an Indonesian `name` and an English `name_en`."""

    @property
    def localized_name(self) -> str:
        if (get_language() or "id").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Category(LocalizedNameMixin, models.Model):
    """A public-service sector of the managed taxonomy (kesehatan, pendidikan, ...)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=120, blank=True)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class SDG(LocalizedNameMixin, models.Model):
    """One of the 17 Sustainable Development Goals (TPB), loaded by a migration."""

    number = models.PositiveSmallIntegerField(
        _("nomor"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("TPB/SDG")
        verbose_name_plural = _("TPB/SDGs")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class GovernmentAffair(LocalizedNameMixin, models.Model):
    """An affair of regional government (urusan pemerintahan), from the national nomenclature."""

    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    group = models.SlugField(_("kelompok"), max_length=60)
    group_name = models.CharField(_("nama kelompok"), max_length=200)
    group_name_en = models.CharField(_("nama kelompok (Inggris)"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("urusan pemerintahan")
        verbose_name_plural = _("urusan pemerintahan")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


def current_year() -> int:
    return timezone.localdate().year


def validate_year_launched(value: int) -> None:
    # A year before last year's (UTC) is past in every time zone: no lookup of the active one,
    # which cost about 5 % of validating an imported row.
    if value >= datetime.datetime.now(datetime.UTC).year - 1 and value > current_year():
        raise ValidationError(_("Tahun mulai tidak boleh di masa depan."), code="future_year")


class Innovation(models.Model):
    """One innovation entry of the catalogue with its whole story."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        IN_REVIEW = "in_review", _("Dalam peninjauan")
        PUBLISHED = "published", _("Terbit")
        ARCHIVED = "archived", _("Diarsipkan")

    class Stage(models.TextChoices):
        INITIATIVE = "inisiatif", _("Inisiatif")
        TRIAL = "uji_coba", _("Uji coba")
        IMPLEMENTATION = "penerapan", _("Penerapan")

    class Source(models.TextChoices):
        KIPP = "kipp", _("KIPP KemenPANRB")
        IGA = "iga", _("IGA Kemendagri")
        LAN_LAB = "lan_lab", _("Laboratorium Inovasi LAN")
        PROVINCIAL = "provincial", _("Kompetisi provinsi")
        AGENCY = "agency", _("Usulan instansi")
        OTHER = "other", _("Lainnya")

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital")
        NON_DIGITAL = "non_digital", _("Non-digital")

    class Form(models.TextChoices):
        GOVERNANCE = "tata_kelola", _("Tata kelola pemerintahan")
        PUBLIC_SERVICE = "pelayanan_publik", _("Pelayanan publik")
        OTHER = "lainnya", _("Inovasi daerah lainnya")

    class Initiator(models.TextChoices):
        HEAD_OF_REGION = "kepala_daerah", _("Kepala daerah")
        DPRD_MEMBER = "anggota_dprd", _("Anggota DPRD")
        GOVERNMENT_UNIT = "perangkat_daerah", _("Perangkat daerah")
        CIVIL_SERVANT = "asn", _("ASN")
        COMMUNITY = "masyarakat", _("Masyarakat")

    class Continuity(models.TextChoices):
        RUNNING = "berjalan", _("Masih berjalan")
        SCALED_UP = "berkembang", _("Berkembang")
        STOPPED = "berhenti", _("Berhenti")
        UNKNOWN = "tidak_diketahui", _("Belum diketahui")

    # Narrative sections, in reading order; pages, API and exports iterate over this one list.
    NARRATIVE_FIELDS = (
        "problem",
        "idea",
        "how_it_works",
        "results",
        "replicability",
        "sustainability",
        "resources",
        "stakeholders",
    )

    title = models.CharField(_("judul"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, editable=False)
    summary = models.TextField(_("ringkasan"), max_length=1000)

    problem = models.TextField(_("permasalahan dan latar belakang"), blank=True)
    idea = models.TextField(_("gagasan dan kebaruan"), blank=True)
    how_it_works = models.TextField(_("cara kerja"), blank=True)
    results = models.TextField(_("hasil dan dampak"), blank=True)
    replicability = models.TextField(_("kemampuan direplikasi"), blank=True)
    sustainability = models.TextField(_("keberlanjutan"), blank=True)
    resources = models.TextField(_("sumber daya dan anggaran"), blank=True)
    stakeholders = models.TextField(_("pemangku kepentingan"), blank=True)

    agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        related_name="innovations",
        verbose_name=_("instansi"),
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("provinsi"),
        help_text=_(
            "Diisi otomatis dari instansi daerah; untuk instansi pusat dapat diisi lokasi uji coba."
        ),
    )
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("kabupaten/kota"),
    )
    year_launched = models.PositiveSmallIntegerField(
        _("tahun mulai"), validators=[MinValueValidator(1945), validate_year_launched]
    )
    stage = models.CharField(_("tahapan"), max_length=20, choices=Stage.choices)
    categories = models.ManyToManyField(
        Category, related_name="innovations", verbose_name=_("kategori"), blank=True
    )
    sdgs = models.ManyToManyField(
        SDG, related_name="innovations", verbose_name=_("TPB/SDGs"), blank=True
    )
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    external_ref = models.CharField(
        _("referensi eksternal"),
        max_length=100,
        blank=True,
        help_text=_("Nomor atau ID entri di sistem sumber; unik untuk setiap sumber."),
    )
    legal_basis = models.CharField(
        _("dasar hukum"), max_length=255, blank=True, help_text=_("Mis. Peraturan Bupati Bangka")
    )
    legal_basis_number = models.CharField(
        _("nomor dasar hukum"), max_length=120, blank=True, help_text=_("Mis. Nomor 12 Tahun 2021")
    )
    contact_name = models.CharField(_("nama kontak"), max_length=150, blank=True)
    contact_email = models.EmailField(_("surel kontak"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=40, blank=True)
    website_url = models.URLField(_("situs web"), blank=True)
    video_url = models.URLField(_("tautan video"), blank=True)

    # The national field set (Kemendagri regional innovation reporting).
    kind = models.CharField(_("jenis inovasi"), max_length=20, choices=Kind.choices, blank=True)
    form = models.CharField(_("bentuk inovasi"), max_length=20, choices=Form.choices, blank=True)
    initiator = models.CharField(
        _("inisiator"), max_length=20, choices=Initiator.choices, blank=True
    )
    covid_related = models.BooleanField(_("terkait COVID-19"), default=False)
    trial_started_on = models.DateField(_("tanggal mulai uji coba"), null=True, blank=True)
    implemented_on = models.DateField(_("tanggal mulai penerapan"), null=True, blank=True)
    government_affair = models.ForeignKey(
        GovernmentAffair,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("urusan pemerintahan"),
    )

    # Whether the practice still runs, and when someone last confirmed it.
    continuity_status = models.CharField(
        _("keberlanjutan"), max_length=20, choices=Continuity.choices, default=Continuity.UNKNOWN
    )
    continuity_note = models.TextField(
        _("keterangan keberlanjutan"), blank=True, help_text=_("Wajib diisi bila inovasi berhenti.")
    )
    last_confirmed_at = models.DateField(_("terakhir dikonfirmasi"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dikonfirmasi oleh"),
    )

    # Derived by innovations.completeness on every save; stored so it can be sorted and filtered.
    completeness = models.PositiveSmallIntegerField(
        _("kelengkapan"), default=0, editable=False, db_index=True
    )
    completeness_missing = models.JSONField(
        _("aspek yang belum lengkap"), default=list, editable=False, blank=True
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField(
        _("diterbitkan pada"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dibuat oleh"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("diperbarui oleh"),
    )

    # Set when a curator merged this entry into another (services.duplicates.innovation_merge):
    # the entry is archived, keeps its history, and its slug redirects to the survivor.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_entries",
        editable=False,
        verbose_name=_("digabung ke"),
    )

    # Maintained by database triggers on PostgreSQL (migration 0003) so that it follows every
    # change of the entry, its agency, region or categories in the same transaction, bulk loads
    # included. Unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[categories, sdgs],
        excluded_fields=["updated_at", "search_vector", "completeness", "completeness_missing"],
        # History is read by entry id (and date, user); these copies of the entry's indexes
        # were never queried and cost an import about 0.04 ms a row to keep up (migration 0018).
        # The same for the link history (category and SDG sets), which is read by the history
        # record it belongs to: its copies of the link's entry and target indexes cost inserting
        # 400,000 link-history rows about 0.9 s (migration 0026). Its index of the link's own id
        # stays: "id" here would also drop the entry history's, which is read.
        no_db_index=[
            "innovation",
            "category",
            "sdg",
            "slug",
            "agency",
            "province",
            "regency",
            "government_affair",
            "last_confirmed_by",
            "created_by",
            "updated_by",
            "merged_into",
        ],
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("inovasi")
        verbose_name_plural = _("inovasi")
        permissions = [("publish_innovation", _("Dapat menerbitkan dan mengarsipkan inovasi"))]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="innovation_unique_external_ref_per_source",
            ),
            models.CheckConstraint(
                condition=models.Q(regency__isnull=True) | models.Q(province__isnull=False),
                name="innovation_regency_requires_province",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="innovation_status_published"),
            models.Index(fields=["status", "year_launched"], name="innovation_status_year"),
            # The catalogue's title and completeness orders (InnovationFilter.ORDERINGS, tie
            # breakers included), so that a page is read in order from the index instead of
            # sorting every published entry (111-283 ms at 90,000). "-title" reads the title
            # index backwards: every column flips.
            models.Index(
                fields=["title", "id"],
                name="innovation_published_title",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["-completeness", "-published_at", "-id"],
                name="innovation_published_complete",
                condition=models.Q(status="published"),
            ),
            # The sync cursor (`updated_since`; jippnas.api.KeysetPagination): a page starts in
            # it right after the last row sent, inside a run of one import's date-time too.
            models.Index(
                fields=["updated_at", "id"],
                name="innovation_published_updated",
                condition=models.Q(status="published"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("innovations:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        entry = super().from_db(db, field_names, values)
        # The status as stored, so a save can tell whether the entry was public before it
        # (innovations.cache: saving an entry that is not and was not public changes nothing
        # the public sees). Absent when the status was not loaded.
        if "status" in entry.__dict__:
            entry.stored_status = entry.status
        return entry

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def narrative_sections(self) -> list[tuple[str, str]]:
        """(label, text) of each filled narrative section, in reading order."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.NARRATIVE_FIELDS
            if getattr(self, name)
        ]

    def apply_agency_region(self) -> None:
        """A regional government's entry sits in its region; a central agency's may be placed."""
        agency = self.agency
        if agency.kind in agency.REGIONAL_KINDS:
            self.province_id = agency.province_id
            self.regency_id = agency.regency_id

    def clean(self) -> None:
        if self.agency_id:
            self.apply_agency_region()
        if self.regency_id and self.province_id and self.regency.province_id != self.province_id:
            raise ValidationError(
                {"regency": _("Kabupaten/kota tidak berada di provinsi yang dipilih.")}
            )
        if self.regency_id and not self.province_id:
            self.province_id = self.regency.province_id
        self._clean_field_set()

    def _clean_field_set(self) -> None:
        errors = {}
        today = timezone.localdate()
        for name in ("trial_started_on", "implemented_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("Tanggal tidak boleh di masa depan.")
        if (
            self.trial_started_on
            and self.implemented_on
            and self.trial_started_on > self.implemented_on
            and "implemented_on" not in errors
        ):
            errors["implemented_on"] = _("Penerapan tidak boleh dimulai sebelum uji coba.")
        if self.continuity_status == self.Continuity.STOPPED and not self.continuity_note.strip():
            errors["continuity_note"] = _("Sebutkan alasan inovasi berhenti.")
        if self.last_confirmed_at and self.last_confirmed_at > today:
            errors["last_confirmed_at"] = _("Tanggal tidak boleh di masa depan.")
        if errors:
            raise ValidationError(errors)


class InnovationMedia(models.Model):
    """An image or document attached to an entry; uploads are checked by content and size."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Gambar")
        DOCUMENT = "document", _("Dokumen")

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="media", verbose_name=_("inovasi")
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to="innovations/%Y/%m/")
    caption = models.CharField(_("keterangan"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("media")
        verbose_name_plural = _("media")
        # Each request for an uploaded file looks its owner up by name (jippnas.uploads).
        indexes = [models.Index(fields=["file"], name="innovationmedia_file")]

    def __str__(self) -> str:
        return self.caption or self.file.name

    def clean(self) -> None:
        validate_new_media_file(self.file, self.kind)


class StatusChange(models.Model):
    """The log of the status workflow: who moved which entry from what to what, and when."""

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Innovation.Status.choices)
    to_status = models.CharField(max_length=20, choices=Innovation.Status.choices)
    action = models.CharField(max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("perubahan status")
        verbose_name_plural = _("perubahan status")

    def __str__(self) -> str:
        return f"{self.innovation_id}: {self.from_status} → {self.to_status}"


class SearchSynonym(models.Model):
    """A group of equivalent search terms: an acronym and its expansions, or local variants."""

    terms = models.TextField(
        _("istilah yang setara"),
        help_text=_("Pisahkan dengan koma, mis.: KTP, KTP-el, kartu tanda penduduk"),
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = _("sinonim pencarian")

    def __str__(self) -> str:
        return self.terms

    def clean(self) -> None:
        terms = [t.strip() for t in self.terms.split(",") if t.strip()]
        if len(terms) < 2:
            raise ValidationError({"terms": _("Isi sedikitnya dua istilah, dipisah koma.")})


class SearchPhrase(models.Model):
    """A multi-word term of the synonym table ("pusat kesehatan masyarakat"), indexed as one
    token so that search finds it without rechecking word positions.

    On PostgreSQL a trigger adds the token (the phrase with its spaces as underscores, which no
    text ever parses to) to the match vector of every search-table row holding the phrase
    (search_sql.PHRASE_TOKENS_V1). A new phrase is indexed in the existing rows by a background
    job (services.search_phrases); until it is `ready`, search matches the phrase by its word
    positions as before.
    Kept in step with the synonym table by services.search_phrases; never edited by hand.
    """

    phrase = models.CharField(_("frasa"), max_length=255, unique=True)
    ready = models.BooleanField(_("terindeks"), default=False)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("frasa pencarian")
        verbose_name_plural = _("frasa pencarian")

    def __str__(self) -> str:
        return self.phrase


def phrase_token(phrase: str) -> str:
    """The lexeme standing for a phrase in match vectors: the PostgreSQL parser splits words at
    underscores, so no indexed text yields it."""
    return "_".join(phrase.split())


class SearchWord(models.Model):
    """A word of published titles and summaries, for typo correction ("did you mean")."""

    word = models.CharField(max_length=100, unique=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("kosakata pencarian")
        verbose_name_plural = _("kosakata pencarian")

    def __str__(self) -> str:
        return self.word

    @classmethod
    def closest(cls, word: str, threshold: float = 0.4) -> str | None:
        """The known word most similar to `word` by trigrams, preferring frequent words."""
        from django.contrib.postgres.search import TrigramSimilarity

        best = (
            cls.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gte=threshold)
            .order_by("-similarity", "-documents")
            .values_list("word", flat=True)
            .first()
        )
        return best


class Recognition(models.Model):
    """An award an entry received (KIPP Top 99, outstanding, a provincial win...).

    Shown as a badge on the entry and counted by the `award_level` facet. Higher apps (the
    competitions) record recognitions through innovations.services.recognition_record(), so this
    app never imports them.
    """

    class Level(models.TextChoices):
        TOP_99 = "top_99", _("Top 99")
        TOP_45 = "top_45", _("Top 45")
        OUTSTANDING = "outstanding", _("Inovasi terpuji (Outstanding Achievement)")
        PROVINCIAL_WINNER = "provincial_winner", _("Pemenang kompetisi provinsi")
        OTHER = "other", _("Penghargaan lainnya")

    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="recognitions", verbose_name=_("inovasi")
    )
    title = models.CharField(_("nama penghargaan"), max_length=200, help_text=_("Mis. KIPP 2023"))
    awarded_by = models.CharField(_("pemberi"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("tahun"))
    level = models.CharField(_("tingkat"), max_length=30, choices=Level.choices)
    # Where the recognition came from (e.g. "competition-result:42"), so recording is idempotent.
    source_key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "level"]
        verbose_name = _("penghargaan")
        verbose_name_plural = _("penghargaan")
        constraints = [
            models.UniqueConstraint(
                fields=["innovation", "title", "year", "level"], name="recognition_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.get_level_display()}"


class SearchEntry(models.Model):
    """A published entry as catalogue search reads it: match and rank vectors and facet values.

    The table is created and kept in step by PostgreSQL triggers (innovations/search_sql.py,
    migration 0013) in the same transaction as every change of the entry, its categories, SDGs,
    recognitions, agency or region; drafts have no row. Unmanaged: Django never writes it, and
    on SQLite it does not exist (search there filters the entries themselves).
    """

    innovation = models.OneToOneField(
        Innovation,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_entry",
    )
    match_vector = SearchVectorField()
    rank_vector = SearchVectorField()
    published_at = models.DateTimeField(null=True)
    year_launched = models.PositiveSmallIntegerField()
    province_id = models.BigIntegerField(null=True)
    regency_id = models.BigIntegerField(null=True)
    government_affair_id = models.BigIntegerField(null=True)
    source = models.CharField(max_length=20)
    stage = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    form = models.CharField(max_length=20)
    initiator = models.CharField(max_length=20)
    continuity_status = models.CharField(max_length=20)
    covid_related = models.BooleanField()
    category_ids = ArrayField(models.BigIntegerField())
    sdg_numbers = ArrayField(models.IntegerField())
    award_levels = ArrayField(models.TextField())
    # The facet values packed as bytes (search_sql.FACET_RECORD_V1; read by innovations.facets).
    facet_record = models.BinaryField()
    facet_values = models.BinaryField()

    class Meta:
        managed = False
        db_table = "innovations_searchentry"

    def __str__(self) -> str:
        return f"search entry {self.innovation_id}"
