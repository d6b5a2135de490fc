"""KIPP competitions: rounds with groups and dated stages, proposals, independent judging and
results. Results reach the catalogue only through innovations.services.recognition_record()."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innovations.models import Recognition

ResultLevel = Recognition.Level


class Competition(models.Model):
    """One round: the national KIPP of a year, a province's round, or another body's award."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Nasional")
        PROVINCIAL = "provincial", _("Provinsi")

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2014)])
    theme = models.CharField(_("tema"), max_length=255)
    description = models.TextField(_("deskripsi"), blank=True)
    organiser_name = models.CharField(
        _("penyelenggara"), max_length=200, help_text=_("Mis. Kementerian PANRB")
    )
    organiser_agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instansi penyelenggara"),
    )
    # A provincial round is run by that province's hub; its admins organise it.
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competitions",
        verbose_name=_("provinsi (kompetisi provinsi)"),
    )
    result_levels = models.JSONField(
        _("tingkat hasil"),
        default=list,
        blank=True,
        help_text=_('Daftar tingkat hasil yang diberikan, mis. ["top_99", "top_45"].'),
    )
    required_sections = models.JSONField(
        _("bagian proposal wajib"),
        default=list,
        blank=True,
        help_text=_(
            'Daftar {"section": "problem", "label": "Permasalahan", "min_words": 50, '
            '"max_words": 500}.'
        ),
    )
    required_attachments = models.JSONField(
        _("lampiran proposal"),
        default=list,
        blank=True,
        help_text=_(
            'Daftar {"key": "proposal", "label": "Dokumen proposal", "kind": "document", '
            '"required": true}.'
        ),
    )
    current_stage = models.ForeignKey(
        "Stage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("tahap berjalan"),
    )
    is_demo = models.BooleanField(_("data demo"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "level", "name"]
        verbose_name = _("kompetisi")
        verbose_name_plural = _("kompetisi")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level="national", province__isnull=True)
                    | models.Q(level="provincial", province__isnull=False)
                ),
                name="competition_province_iff_provincial",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("competitions:detail", kwargs={"slug": self.slug})

    def section_specs(self) -> list[dict]:
        return [dict(spec) for spec in self.required_sections or []]

    def attachment_specs(self) -> list[dict]:
        return [dict(spec) for spec in self.required_attachments or []]

    def result_level_labels(self) -> list[tuple[str, str]]:
        labels = dict(ResultLevel.choices)
        return [(level, labels[level]) for level in self.result_levels if level in labels]

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.level == self.Level.PROVINCIAL and not self.province_id:
            errors["province"] = [_("Kompetisi provinsi wajib memiliki provinsi.")]
        if self.level == self.Level.NATIONAL and self.province_id:
            errors["province"] = [_("Kompetisi nasional tidak memiliki provinsi.")]
        valid_levels = set(ResultLevel.values)
        if not isinstance(self.result_levels, list) or any(
            level not in valid_levels for level in self.result_levels
        ):
            errors["result_levels"] = [
                _("Tingkat hasil harus berupa daftar dari: %(levels)s.")
                % {"levels": ", ".join(ResultLevel.values)}
            ]
        section_errors = _section_spec_errors(self.required_sections)
        if section_errors:
            errors["required_sections"] = section_errors
        attachment_errors = _attachment_spec_errors(self.required_attachments)
        if attachment_errors:
            errors["required_attachments"] = attachment_errors
        if errors:
            raise ValidationError(errors)


def _section_spec_errors(specs) -> list[str]:
    if not isinstance(specs, list):
        return [_("Harus berupa daftar.")]
    errors, seen = [], set()
    for spec in specs:
        if not isinstance(spec, dict) or not isinstance(spec.get("section"), str):
            errors.append(_("Setiap bagian memerlukan kunci “section”."))
            continue
        low, high = spec.get("min_words", 0), spec.get("max_words")
        if (
            not isinstance(low, int)
            or low < 0
            or (high is not None and (not isinstance(high, int) or high < low))
        ):
            errors.append(
                _("Batas kata bagian “%(section)s” tidak sah.") % {"section": spec["section"]}
            )
        if spec["section"] in seen:
            errors.append(_("Bagian “%(section)s” ganda.") % {"section": spec["section"]})
        seen.add(spec["section"])
    return errors


def _attachment_spec_errors(specs) -> list[str]:
    if not isinstance(specs, list):
        return [_("Harus berupa daftar.")]
    errors = []
    for spec in specs:
        if (
            not isinstance(spec, dict)
            or not isinstance(spec.get("key"), str)
            or spec.get("kind") not in ("image", "document")
        ):
            errors.append(_("Setiap lampiran memerlukan “key” dan “kind” (image/document)."))
    return errors


class CompetitionGroup(models.Model):
    """A category a proposal competes in (umum, khusus, replikasi); ranking is per group."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="groups", verbose_name=_("kompetisi")
    )
    slug = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["competition", "position", "id"]
        verbose_name = _("kelompok")
        verbose_name_plural = _("kelompok")
        constraints = [
            models.UniqueConstraint(fields=["competition", "slug"], name="group_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.Model):
    """A dated step of a round. What may happen in each kind of stage is declared in
    competitions.workflow; the competition's `current_stage` says which one is running."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Pendaftaran")
        ADMINISTRATIVE = "administrative", _("Seleksi administrasi")
        TOP_99_EVALUATION = "top_99_evaluation", _("Evaluasi Top 99")
        PRESENTATION = "presentation", _("Presentasi dan wawancara")
        TOP_45 = "top_45", _("Top 45")
        FIELD_VERIFICATION = "field_verification", _("Verifikasi lapangan")
        ANNOUNCEMENT = "announcement", _("Pengumuman")

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="stages", verbose_name=_("kompetisi")
    )
    kind = models.CharField(_("jenis tahap"), max_length=30, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("urutan"))
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    # Proposals that reach this stage earn this result (e.g. reaching presentations = Top 99).
    result_level = models.CharField(
        _("hasil bagi yang mencapai tahap ini"),
        max_length=30,
        choices=ResultLevel.choices,
        blank=True,
    )
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["competition", "position"]
        verbose_name = _("tahap")
        verbose_name_plural = _("tahap")
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="stage_unique_kind"),
            models.UniqueConstraint(
                fields=["competition", "position"], name="stage_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="stage_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competition} — {self.get_kind_display()}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Tanggal selesai sebelum tanggal mulai.")})
        if (
            self.result_level
            and self.competition_id
            and self.result_level not in (self.competition.result_levels or [])
        ):
            raise ValidationError(
                {"result_level": _("Tingkat hasil ini tidak dikonfigurasi untuk kompetisi.")}
            )


class Criterion(models.Model):
    """A judging criterion of one stage, with its weight and maximum score."""

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("tahap")
    )
    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("panduan penilaian"), blank=True)
    weight = models.DecimalField(
        _("bobot"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("nilai maksimum"), validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["stage", "position", "id"]
        verbose_name = _("kriteria penilaian")
        verbose_name_plural = _("kriteria penilaian")
        constraints = [
            models.UniqueConstraint(fields=["stage", "name"], name="criterion_unique_name"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_gt_0"),
            models.CheckConstraint(
                condition=models.Q(max_score__gt=0), name="criterion_max_score_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Proposal(models.Model):
    """An innovation entered into a round, in one group, with the sections the round asks for."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Diajukan")
        WITHDRAWN = "withdrawn", _("Ditarik")
        DISQUALIFIED = "disqualified", _("Didiskualifikasi")

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("kompetisi")
    )
    group = models.ForeignKey(
        CompetitionGroup,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("kelompok"),
    )
    innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.PROTECT,
        related_name="competition_proposals",
        verbose_name=_("inovasi"),
    )
    # The entry's agency when submitted: whose proposal this is for permissions and conflicts.
    agency = models.ForeignKey(
        "regions.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("instansi")
    )
    sections = models.JSONField(_("isi proposal"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # The furthest stage reached; a proposal left behind keeps the stage it was stopped at.
    reached_stage = models.ForeignKey(
        Stage,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("tahap yang dicapai"),
    )
    status_note = models.TextField(_("catatan status"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diajukan oleh"),
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["competition", "group", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposal")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "innovation"],
                condition=~models.Q(status="withdrawn"),
                name="proposal_one_active_per_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.innovation} ({self.competition})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def province_ids(self) -> set[int]:
        """The provinces a proposal comes from: its entry's and its agency's."""
        ids = {self.innovation.province_id, self.agency.province_id}
        return {pk for pk in ids if pk}


def proposal_upload_to(instance, filename: str) -> str:
    # Unguessable folder: attachments are for the panel, not for the public.
    return f"competitions/proposals/{uuid.uuid4().hex}/{filename}"


class ProposalAttachment(models.Model):
    """A file the round requires (proposal document, photos), checked like catalogue media."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Gambar")
        DOCUMENT = "document", _("Dokumen")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("proposal")
    )
    key = models.SlugField(_("kunci"), max_length=40)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=proposal_upload_to)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposal", "key"]
        verbose_name = _("lampiran proposal")
        verbose_name_plural = _("lampiran proposal")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "key"], name="attachment_unique_key"),
        ]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class JudgeAssignment(models.Model):
    """A judge of the independent panel assigned to one proposal in one stage.

    The judge declares (no) conflict of interest before scoring; the services also refuse a
    judge from the proposal's own agency or province whatever the declaration says.
    """

    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("tahap")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("proposal")
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="judge_assignments",
        verbose_name=_("juri"),
    )
    assigned_at = models.DateTimeField(_("ditugaskan pada"), auto_now_add=True)
    declared_at = models.DateTimeField(_("pernyataan pada"), null=True, blank=True, editable=False)
    declared_conflict = models.BooleanField(
        _("menyatakan konflik kepentingan"), default=False, editable=False
    )
    declaration_note = models.TextField(_("keterangan pernyataan"), blank=True, editable=False)

    class Meta:
        ordering = ["stage", "proposal", "judge"]
        verbose_name = _("penugasan juri")
        verbose_name_plural = _("penugasan juri")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "proposal", "judge"], name="assignment_unique_judge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.proposal}"

    @property
    def may_score(self) -> bool:
        return self.declared_at is not None and not self.declared_conflict


class Score(models.Model):
    """One judge's score on one criterion of one proposal, with a comment."""

    assignment = models.ForeignKey(
        JudgeAssignment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("penugasan"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("kriteria")
    )
    value = models.DecimalField(
        _("nilai"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("komentar"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["assignment", "criterion__position"]
        verbose_name = _("nilai")
        verbose_name_plural = _("nilai")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="score_unique_criterion"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.value}"


class Result(models.Model):
    """A result of the round for one proposal (Top 99, Top 45, outstanding, ...). Once published
    it is recorded in the catalogue as a Recognition of the entry."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="results", verbose_name=_("kompetisi")
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="results", verbose_name=_("proposal")
    )
    level = models.CharField(_("tingkat"), max_length=30, choices=ResultLevel.choices)
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    published_at = models.DateTimeField(_("diumumkan pada"), null=True, blank=True, editable=False)
    # The entry's title when the result was announced: what the public sees while the entry is
    # not published, so that later edits of an unpublished entry stay private.
    announced_title = models.CharField(
        _("judul saat diumumkan"), max_length=255, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competition", "level", "rank", "id"]
        verbose_name = _("hasil")
        verbose_name_plural = _("hasil")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "level"], name="result_unique_level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.proposal.innovation}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def source_key(self) -> str:
        return f"competition-result:{self.pk}"

    @property
    def public_title(self) -> str:
        """The awarded entry's title as results lists show it: its current title once it is a
        published catalogue entry, the title announced with the result until then."""
        entry = self.proposal.innovation
        return entry.title if entry.is_public else self.announced_title


class AwaitingCuratorConfirmation(Result):
    """Published results whose entry is not yet a published catalogue entry (admin list)."""

    class Meta:
        proxy = True
        verbose_name = _("hasil menunggu konfirmasi kurator")
        verbose_name_plural = _("hasil menunggu konfirmasi kurator")


class StageChange(models.Model):
    """The log of a round's workflow: who opened which stage, when, and what was decided."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="stage_changes"
    )
    action = models.CharField(max_length=30)
    from_stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("perubahan tahap")
        verbose_name_plural = _("perubahan tahap")

    def __str__(self) -> str:
        return f"{self.competition}: {self.action}"
