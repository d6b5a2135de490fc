"""Tombstones: how incremental-sync clients learn that an entry left the public catalogue."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import Innovation


class Tombstone(models.Model):
    """A published entry that is no longer public: unpublished, archived, deleted or merged.

    Keyed by the entry's slug (permanent, and the key of every export), with its source and
    external reference so a client that keys on those can match too. The entry itself is not a
    foreign key: a deleted entry keeps its tombstone. Re-publishing the entry removes it.
    """

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished", _("Ditarik dari publikasi")
        ARCHIVED = "archived", _("Diarsipkan")
        DELETED = "deleted", _("Dihapus")
        MERGED = "merged", _("Digabung ke entri lain")

    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    innovation_id = models.BigIntegerField(_("ID inovasi"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=20, choices=Innovation.Source.choices)
    external_ref = models.CharField(_("referensi eksternal"), max_length=100, blank=True)
    reason = models.CharField(_("alasan"), max_length=20, choices=Reason.choices)
    replaced_by = models.SlugField(
        _("digantikan oleh"),
        max_length=255,
        blank=True,
        help_text=_("Slug entri yang menggantikannya, bila digabung."),
    )
    removed_at = models.DateTimeField(_("dihapus dari katalog pada"), default=timezone.now)

    class Meta:
        ordering = ["removed_at", "id"]
        verbose_name = _("nisan entri")
        verbose_name_plural = _("nisan entri")
        indexes = [models.Index(fields=["removed_at", "id"], name="tombstone_removed_at_id")]

    def __str__(self) -> str:
        return f"{self.slug} ({self.reason})"
