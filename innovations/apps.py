from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "innovations"
    verbose_name = _("Katalog inovasi")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import catalogue_changed, entry_saved
        from .models import Innovation, Recognition, SearchSynonym
        from .services.search_phrases import synonym_table_changed

        post_save.connect(
            synonym_table_changed, sender=SearchSynonym, dispatch_uid="synonyms_saved"
        )
        post_delete.connect(
            synonym_table_changed, sender=SearchSynonym, dispatch_uid="synonyms_deleted"
        )

        for sender in (Innovation, Recognition):
            post_save.connect(
                catalogue_changed, sender=sender, dispatch_uid=f"catalogue_saved_{sender.__name__}"
            )
            post_delete.connect(
                catalogue_changed,
                sender=sender,
                dispatch_uid=f"catalogue_deleted_{sender.__name__}",
            )
        # After catalogue_changed, which compares the status saved with the one stored before.
        post_save.connect(entry_saved, sender=Innovation, dispatch_uid="entry_saved_status")
        from .services.tombstones import tombstone_on_delete

        # Deleting a public entry leaves a tombstone for sync clients (updated_since).
        post_delete.connect(
            tombstone_on_delete, sender=Innovation, dispatch_uid="tombstone_deleted"
        )

        # Names that search matches (agency, region, category) and the synonym table change
        # which entries a query finds, and the names of SDGs and government affairs label
        # facet values: cached facet counts, totals and labels must not outlive them.
        from regions.models import Agency, Province, Regency

        from .models import SDG, Category, GovernmentAffair

        for sender in (
            Agency, Province, Regency, Category, SDG, GovernmentAffair, SearchSynonym,
        ):  # fmt: skip
            for signal, verb in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    catalogue_changed,
                    sender=sender,
                    dispatch_uid=f"catalogue_{verb}_{sender.__name__}",
                )
        # A reload of the reference data renames regions and agencies in bulk, without those
        # signals.
        from regions.signals import reference_data_loaded

        reference_data_loaded.connect(catalogue_changed, dispatch_uid="catalogue_reference_data")
        from jippnas import uploads

        from . import permissions

        for rule in (
            permissions.entry_media_access,
            permissions.proposed_change_attachment_access,
            permissions.import_file_access,
            permissions.commitment_document_access,
        ):
            uploads.register(rule)

        for through in (Innovation.categories.through, Innovation.sdgs.through):
            m2m_changed.connect(
                catalogue_changed, sender=through, dispatch_uid=f"catalogue_m2m_{through.__name__}"
            )
