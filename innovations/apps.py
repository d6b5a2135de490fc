from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Katalog inovasi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import search
        from .models import SearchSynonym

        def synonyms_changed(**kwargs):
            search.synonyms_changed()

        post_save.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="synonyms_saved")
        post_delete.connect(synonyms_changed, sender=SearchSynonym, dispatch_uid="synonyms_deleted")
