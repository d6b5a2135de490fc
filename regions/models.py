"""Reference data shared by every app: provinces, regencies/cities and the agency directory.

This is the leaf of the dependency graph: it imports no other app of the project.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province, keyed by its 2-digit Kemendagri code (e.g. "19")."""

    code = models.CharField(_("kode Kemendagri"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """A regency (kabupaten) or city (kota), keyed by its Kemendagri code "PP.RR"."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi")
    )
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        constraints = [
            # 26 names exist both as a kabupaten and a kota; the pair is unique.
            models.UniqueConstraint(fields=["name", "kind"], name="regency_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class Agency(models.Model):
    """A government body: ministry, agency, regional government or enterprise.

    Regional governments are keyed by their region code ("19", "19.01"); central bodies by a
    short upper-case code ("KEMENPANRB"). Partners match agencies by this code.
    """

    class Kind(models.TextChoices):
        MINISTRY = "kementerian", _("Kementerian")
        AGENCY = "lembaga", _("Lembaga")
        PROVINCE = "pemprov", _("Pemerintah Provinsi")
        REGENCY = "kabupaten", _("Pemerintah Kabupaten")
        CITY = "kota", _("Pemerintah Kota")
        ENTERPRISE = "bumn_bumd", _("BUMN/BUMD")
        OTHER = "lainnya", _("Lainnya")

    REGIONAL_KINDS = (Kind.PROVINCE, Kind.REGENCY, Kind.CITY)

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    acronym = models.CharField(_("singkatan"), max_length=50, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("provinsi"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("kabupaten/kota"),
    )
    website = models.URLField(_("situs web"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(regency__isnull=True) | models.Q(province__isnull=False),
                name="agency_regency_requires_province",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.regency_id and self.province_id and self.regency.province_id != self.province_id:
            raise ValidationError(
                {"regency": _("Kabupaten/kota tidak berada di provinsi yang dipilih.")}
            )
        if self.kind in (self.Kind.REGENCY, self.Kind.CITY) and not self.regency_id:
            raise ValidationError(
                {"regency": _("Pemerintah kabupaten/kota wajib memiliki wilayah.")}
            )
        if self.kind == self.Kind.PROVINCE and not self.province_id:
            raise ValidationError({"province": _("Pemerintah provinsi wajib memiliki provinsi.")})
