"""Who may manage which hub data: one place, used by the admin, the API and pages.

Curators manage every hub. A hub admin (group "Admin hub", user.province set) manages only the hub
of its own province: its profile, partners, activities and participation data.
"""

from django.db.models import QuerySet

from innovations.permissions import is_curator
from innovations.permissions_replication import HUB_ADMIN_GROUP, is_hub_admin
from jippnas.uploads import Access

from .models import Hub, HubActivity, ParticipationRecord

__all__ = ["HUB_ADMIN_GROUP", "is_hub_admin"]


def may_manage_hubs(user) -> bool:
    """Whether the user manages any hub at all (curator or hub admin)."""
    return is_curator(user) or is_hub_admin(user)


def hubs_managed_by(user) -> QuerySet[Hub]:
    if is_curator(user):
        return Hub.objects.all()
    if is_hub_admin(user):
        return Hub.objects.filter(province_id=user.province_id)
    return Hub.objects.none()


def can_manage_hub(user, hub: Hub | None) -> bool:
    if hub is None:
        return False
    return is_curator(user) or (is_hub_admin(user) and hub.province_id == user.province_id)


def can_create_hub(user) -> bool:
    # Designation is a ministry decision: only curators register a hub.
    return is_curator(user)


def activities_managed_by(user) -> QuerySet[HubActivity]:
    if is_curator(user):
        return HubActivity.objects.all()
    if is_hub_admin(user):
        return HubActivity.objects.filter(hub__province_id=user.province_id)
    return HubActivity.objects.none()


def participation_managed_by(user) -> QuerySet[ParticipationRecord]:
    if is_curator(user):
        return ParticipationRecord.objects.all()
    if is_hub_admin(user):
        return ParticipationRecord.objects.filter(hub__province_id=user.province_id)
    return ParticipationRecord.objects.none()


def activity_media_access(name: str, user) -> Access:
    """A photo or document of a hub activity: public, as the hub's page shows every activity."""
    from .models import HubActivityMedia

    return Access.PUBLIC if HubActivityMedia.objects.filter(file=name).exists() else Access.NONE
