"""Portal users. A user may belong to one agency: that is what an agency editor may edit."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    agency = models.ForeignKey(
        "regions.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("instansi"),
        help_text=_("Editor instansi hanya dapat mengelola entri milik instansi ini."),
    )

    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("provinsi (admin hub)"),
        help_text=_("Admin hub hanya dapat mengelola data hub dan replikasi provinsi ini."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
