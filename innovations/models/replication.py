"""Replication: another government adopting a proven innovation, step by step.

intent → committed (signed commitment) → planned (action plan) → in progress (reports) →
implemented (linked to the new local entry) or cancelled (with a reason). The transitions and who
may take them are declared once in innovations.services.replication.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .catalogue import Innovation


class ReplicationQuerySet(models.QuerySet):
    def implemented(self):
        return self.filter(status=Replication.Status.IMPLEMENTED)

    def under_way(self):
        return self.filter(status__in=Replication.UNDER_WAY)


class Replication(models.Model):
    class Status(models.TextChoices):
        INTENT = "intent", _("Niat replikasi")
        COMMITTED = "committed", _("Komitmen")
        PLANNED = "planned", _("Rencana aksi")
        IN_PROGRESS = "in_progress", _("Sedang berjalan")
        IMPLEMENTED = "implemented", _("Diterapkan")
        CANCELLED = "cancelled", _("Dibatalkan")

    # Committed but not yet implemented: what a province watches as "under way".
    UNDER_WAY = (Status.COMMITTED, Status.PLANNED, Status.IN_PROGRESS)

    origin = models.ForeignKey(
        Innovation,
        on_delete=models.PROTECT,
        related_name="replications",
        verbose_name=_("inovasi asal"),
    )
    agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        related_name="replications",
        verbose_name=_("instansi yang mereplikasi"),
    )
    # Copied from the agency so that hubs see their province's replications with one filter.
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("provinsi"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTENT, editable=False
    )
    target_year = models.PositiveSmallIntegerField(
        _("tahun target"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    commitment_signed_on = models.DateField(_("tanggal komitmen"), null=True, blank=True)
    commitment_signatory = models.CharField(_("penanda tangan"), max_length=200, blank=True)
    commitment_document = models.FileField(
        _("dokumen komitmen"), upload_to="replications/%Y/", blank=True
    )
    result = models.OneToOneField(
        Innovation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replicated_from",
        verbose_name=_("entri hasil replikasi"),
    )
    cancelled_reason = models.TextField(_("alasan pembatalan"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("dinyatakan pada"), default=timezone.now)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)
    is_demo = models.BooleanField(
        _("data demo"), default=False, help_text=_("Dibuat oleh seed_hubs; bukan data nyata.")
    )

    objects = ReplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-declared_at", "-id"]
        verbose_name = _("replikasi")
        verbose_name_plural = _("replikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["origin", "agency"],
                condition=~models.Q(status="cancelled"),
                name="replication_one_open_per_agency_and_origin",
            ),
        ]
        indexes = [models.Index(fields=["province", "status"], name="replication_province_status")]

    def __str__(self) -> str:
        return f"{self.agency} ← {self.origin}"


class ReplicationStep(models.Model):
    """One step of the action plan."""

    replication = models.ForeignKey(Replication, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("langkah"), max_length=255)
    responsible_unit = models.CharField(_("unit penanggung jawab"), max_length=200)
    target_date = models.DateField(_("target tanggal"))
    done_on = models.DateField(_("selesai pada"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["position", "target_date", "id"]
        verbose_name = _("langkah rencana aksi")
        verbose_name_plural = _("langkah rencana aksi")

    def __str__(self) -> str:
        return self.title


class ReplicationProgressReport(models.Model):
    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="progress_reports"
    )
    reported_on = models.DateField(_("tanggal laporan"), default=timezone.localdate)
    progress_percent = models.PositiveSmallIntegerField(
        _("kemajuan (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    summary = models.TextField(_("ringkasan kemajuan"))
    obstacles = models.TextField(_("kendala"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.progress_percent}%"


class ReplicationTransition(models.Model):
    """The log of the replication workflow: who moved it from what to what, and when."""

    replication = models.ForeignKey(
        Replication, on_delete=models.CASCADE, related_name="transitions"
    )
    # Blank for the declaration, which creates the replication in its first state.
    from_status = models.CharField(max_length=20, choices=Replication.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Replication.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("riwayat status replikasi")
        verbose_name_plural = _("riwayat status replikasi")

    def __str__(self) -> str:
        return f"{self.replication_id}: {self.from_status} → {self.to_status}"


class ReplicationTarget(models.Model):
    """How many replications a government plans in a year (e.g. Kabupaten Bangka: 5 in 2021)."""

    agency = models.ForeignKey(
        "regions.Agency", on_delete=models.CASCADE, related_name="replication_targets"
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2014), MaxValueValidator(2100)]
    )
    planned = models.PositiveSmallIntegerField(
        _("jumlah direncanakan"), validators=[MinValueValidator(1)]
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = _("target replikasi")
        verbose_name_plural = _("target replikasi")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="replication_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.planned}"
