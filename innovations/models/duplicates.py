"""Likely duplicates of catalogue entries, and the slugs of entries merged away.

Ingestion and imports flag pairs (innovations.services.duplicates.duplicates_flag); curators
decide each pair in the admin: merge it (innovation_merge) or dismiss it as not a duplicate.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogue import Innovation


class DuplicateCandidate(models.Model):
    """A pair of entries that look like one innovation recorded twice.

    The pair is stored ordered (entry.id < other.id), so (a, b) and (b, a) are the same row and
    flagging twice records nothing new. A dismissed pair stays dismissed: it is never re-flagged.
    """

    class Reason(models.TextChoices):
        SIMILAR_TITLE_SAME_AGENCY = (
            "similar_title_same_agency",
            _("Judul mirip, instansi sama"),
        )
        SAME_EXTERNAL_REF_OTHER_SOURCE = (
            "same_external_ref_other_source",
            _("Referensi eksternal sama, sumber berbeda"),
        )

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu keputusan")
        MERGED = "merged", _("Digabung")
        DISMISSED = "dismissed", _("Bukan duplikat")

    entry = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="duplicate_candidates_as_entry",
        verbose_name=_("entri"),
    )
    other = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="duplicate_candidates_as_other",
        verbose_name=_("entri lain"),
    )
    reason = models.CharField(_("alasan"), max_length=40, choices=Reason.choices)
    # pg_trgm's similarity of the titles (computed alike in Python on SQLite); 1.0 for a shared
    # external reference.
    score = models.FloatField(_("skor kemiripan"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diputuskan oleh"),
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("ditandai pada"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kandidat duplikat")
        verbose_name_plural = _("kandidat duplikat")
        # The admin's list (open pairs, newest first): its page is read in order from the
        # index, so only that page's pairs are joined to their entries.
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="duplicate_status_created"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["entry", "other"], name="duplicate_candidate_one_row"),
            models.CheckConstraint(
                condition=models.Q(entry__lt=models.F("other")),
                name="duplicate_candidate_ordered_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(decided_at__isnull=False),
                name="duplicate_candidate_decision_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry} ↔ {self.other}"


class SlugRedirect(models.Model):
    """An old address of an entry that now lives under another slug (after a merge).

    The detail page answers 301 to the surviving entry, and so does the API detail.
    """

    old_slug = models.SlugField(_("slug lama"), max_length=255, unique=True)
    entry = models.ForeignKey(
        Innovation,
        on_delete=models.CASCADE,
        related_name="slug_redirects",
        verbose_name=_("entri tujuan"),
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = _("pengalihan slug")
        verbose_name_plural = _("pengalihan slug")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.entry.slug}"
