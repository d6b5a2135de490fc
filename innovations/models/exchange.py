"""Data exchange with partner agencies: API keys, each source's ingestion policy, import jobs."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Innovation


def partner_key_hash(token: str) -> str:
    """The stored form of a key. The token has 256 bits of entropy, so a plain SHA-256 is as
    strong as a slow password hash here, and lets a request find its key in one indexed lookup."""
    return hashlib.sha256(token.encode()).hexdigest()


class PartnerKey(models.Model):
    """An API key of a partner agency. Only its hash is stored; the token is shown once.

    Every key has its own technical user (active, no usable password, no group), recorded as
    the author of everything written with the key, so the history of an entry names the key.
    """

    name = models.CharField(_("nama"), max_length=120, help_text=_("Mis. Sinkronisasi SINOVIK"))
    agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_keys",
        verbose_name=_("instansi mitra"),
    )
    prefix = models.CharField(
        _("awalan kunci"),
        max_length=12,
        unique=True,
        editable=False,
        help_text=_("Awal token, untuk mengenali kunci tanpa menyimpan token."),
    )
    hashed_token = models.CharField(max_length=64, unique=True, editable=False)
    can_read = models.BooleanField(_("boleh membaca"), default=True)
    write_source = models.CharField(
        _("boleh menulis untuk sumber"),
        max_length=20,
        choices=Innovation.Source.choices,
        blank=True,
        help_text=_("Kosong: kunci hanya untuk membaca."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_key",
        editable=False,
        verbose_name=_("pengguna teknis"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        _("terakhir dipakai"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("kunci API mitra")
        verbose_name_plural = _("kunci API mitra")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IngestionPolicy(models.Model):
    """Where a source's new entries land: in review for a curator, or published at once."""

    class Target(models.TextChoices):
        REVIEW = Innovation.Status.IN_REVIEW.value, _("Dalam peninjauan (kurator menerbitkan)")
        PUBLISH = Innovation.Status.PUBLISHED.value, _("Langsung terbit")

    source = models.CharField(
        _("sumber"), max_length=20, choices=Innovation.Source.choices, unique=True
    )
    target_status = models.CharField(
        _("status entri baru"), max_length=20, choices=Target.choices, default=Target.REVIEW
    )
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        ordering = ["source"]
        verbose_name = _("kebijakan penerimaan data")
        verbose_name_plural = _("kebijakan penerimaan data")

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.get_target_status_display()}"


class ImportJob(models.Model):
    """A file imported in the admin: its dry-run or run, progress and the report of every row."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    # upload → dry run (validating) → validated or invalid → confirmed (importing) → done or
    # failed. A failed or invalid file writes no entry at all.
    class Status(models.TextChoices):
        VALIDATING = "validating", _("Sedang diperiksa")
        VALIDATED = "validated", _("Siap diimpor (menunggu konfirmasi)")
        INVALID = "invalid", _("Ada kesalahan (tidak ada yang disimpan)")
        IMPORTING = "importing", _("Sedang diimpor")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal (tidak ada yang disimpan)")

    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALIDATING
    )
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    report = models.JSONField(_("laporan"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("diunggah oleh"),
    )
    # Who confirmed the import: the entries' history names them, not the uploader.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikonfirmasi oleh"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor data")
        verbose_name_plural = _("impor data")

    def __str__(self) -> str:
        return f"{self.file.name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
