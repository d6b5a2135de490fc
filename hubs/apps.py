from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hub JIPP provinsi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from innovations.models import Replication, ReplicationTarget
        from innovations.services.replication import replications_changed

        # Services bump the version themselves; signals also catch deletions and bulk-free saves
        # made elsewhere (shell, admin delete), so cached national figures never go stale.
        for sender in (Replication, ReplicationTarget):
            for signal, verb in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    replications_changed,
                    sender=sender,
                    dispatch_uid=f"hubs_replications_{verb}_{sender.__name__}",
                )

        from jippnas import uploads

        from .permissions import activity_media_access

        uploads.register(activity_media_access)
