"""Update campaigns (pemutakhiran data): asking each entry's agency contact to confirm the entry or
propose changes, through a personal link, and collecting the answers for curators.

Proposed changes never touch the published entry: they wait in ProposedChange until a curator
accepts them (innovations.services.campaigns.proposed_change_accept).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Innovation, InnovationMedia

# Entry fields a contact may propose new text for; the form, the diff and the acceptance all
# iterate over this one list.
PROPOSABLE_FIELDS = (
    "title",
    "summary",
    *Innovation.NARRATIVE_FIELDS,
    "legal_basis",
    "legal_basis_number",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website_url",
    "video_url",
)


class UpdateCampaign(models.Model):
    """A data-update round: a period and a scope of published entries whose contacts are asked."""

    name = models.CharField(_("nama kampanye"), max_length=200)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("berakhir"), help_text=_("Tautan undangan kedaluwarsa hari ini."))
    # Scope: every filled criterion narrows it; a hand-picked list, when given, is used as is.
    sources = models.JSONField(
        _("sumber"),
        default=list,
        blank=True,
        help_text=_("Kosongkan untuk semua sumber."),
    )
    year_from = models.PositiveSmallIntegerField(_("tahun mulai dari"), null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(_("tahun mulai sampai"), null=True, blank=True)
    provinces = models.ManyToManyField(
        "regions.Province",
        blank=True,
        related_name="+",
        verbose_name=_("provinsi"),
        help_text=_("Kosongkan untuk semua provinsi."),
    )
    entries = models.ManyToManyField(
        Innovation,
        blank=True,
        related_name="+",
        verbose_name=_("entri pilihan"),
        help_text=_("Bila diisi, hanya entri terbit ini yang diundang."),
    )
    message = models.TextField(
        _("pesan pembuka"), blank=True, help_text=_("Ditampilkan di surel undangan.")
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
    invitations_queued_at = models.DateTimeField(
        _("undangan diantrekan pada"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("kampanye pemutakhiran")
        verbose_name_plural = _("kampanye pemutakhiran")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="update_campaign_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai.")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            errors["year_to"] = _("Rentang tahun terbalik.")
        unknown = set(self.sources or []) - set(Innovation.Source.values)
        if unknown:
            errors["sources"] = _("Sumber tidak dikenal: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.starts_on <= timezone.localdate() <= self.ends_on

    def link_expires_at(self):
        """Links stay valid to the end of the campaign's last day (portal time zone)."""
        from datetime import datetime, time, timedelta

        end = datetime.combine(self.ends_on + timedelta(days=1), time.min)
        return timezone.make_aware(end)


class CampaignInvitation(models.Model):
    """One entry's invitation in one campaign: sent once, tracked until answered or bounced."""

    class Outcome(models.TextChoices):
        CONFIRMED = "confirmed", _("Dikonfirmasi tanpa perubahan")
        CHANGED = "changed", _("Mengusulkan perubahan")

    campaign = models.ForeignKey(
        UpdateCampaign,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("kampanye"),
    )
    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="campaign_invitations",
        verbose_name=_("inovasi"),
    )
    email = models.CharField(_("surel tujuan"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    answered_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)
    outcome = models.CharField(_("jawaban"), max_length=20, choices=Outcome.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dijawab oleh (pengguna)"),
    )
    bounced_at = models.DateTimeField(_("gagal terkirim pada"), null=True, blank=True)
    bounce_reason = models.CharField(_("alasan gagal"), max_length=255, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("pengingat terkirim"), default=0)
    last_reminded_at = models.DateTimeField(_("pengingat terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "id"]
        verbose_name = _("undangan pemutakhiran")
        verbose_name_plural = _("undangan pemutakhiran")
        constraints = [
            # Sending twice (a retried task, two workers) can never invite an entry twice.
            models.UniqueConstraint(
                fields=["campaign", "innovation"], name="campaign_invitation_once_per_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.innovation}"


class InvitationToken(models.Model):
    """A personal link's secret, stored only as its SHA-256 hash.

    Each e-mail (invitation, reminders) carries a fresh random token; all of them stop working
    once the invitation is answered (single use) or the token expires.
    """

    invitation = models.ForeignKey(
        CampaignInvitation, on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("token undangan")
        verbose_name_plural = _("token undangan")

    def __str__(self) -> str:
        return f"token {self.pk} ({self.invitation_id})"


class ProposedChange(models.Model):
    """New values proposed for an entry's text, waiting for a curator; never applied by itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu kurator")
        ACCEPTED = "accepted", _("Diterima")
        RETURNED = "returned", _("Dikembalikan")

    innovation = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="proposed_changes",
        verbose_name=_("inovasi"),
    )
    invitation = models.ForeignKey(
        CampaignInvitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_changes",
        verbose_name=_("undangan"),
    )
    # {field name: proposed value} over PROPOSABLE_FIELDS; `original` keeps the published
    # values at proposal time, so the curator sees when the entry changed in between.
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    original = models.JSONField(_("nilai semula"), default=dict, blank=True)
    attachment = models.FileField(
        _("lampiran"), upload_to="campaigns/%Y/%m/", blank=True, max_length=255
    )
    attachment_kind = models.CharField(
        _("jenis lampiran"), max_length=10, choices=InnovationMedia.Kind.choices, blank=True
    )
    attachment_caption = models.CharField(_("keterangan lampiran"), max_length=255, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diusulkan oleh (pengguna)"),
    )
    proposed_by_email = models.CharField(_("surel pengusul"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("diusulkan pada"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditinjau oleh"),
    )
    reviewed_at = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)
    review_comment = models.TextField(_("catatan kurator"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("usulan perubahan")
        verbose_name_plural = _("usulan perubahan")

    def __str__(self) -> str:
        return _("Usulan untuk “%(entry)s”") % {"entry": self.innovation}

    @property
    def proposer(self) -> str:
        if self.proposed_by_id:
            return self.proposed_by.get_full_name() or self.proposed_by.username
        return self.proposed_by_email
