from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Kompetisi inovasi (KIPP)")

    def ready(self) -> None:
        from jippnas import uploads

        from .permissions import proposal_attachment_access

        uploads.register(proposal_attachment_access)
