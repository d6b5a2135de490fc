"""Who may do what with replications: one place, used by the services, admin, API and pages.

Agency editors act on their own agency's replications only; curators act on all of them. A hub
admin follows (reads) the replications of its province and sets its governments' yearly targets,
but never moves a replication along its workflow: that is the replicating agency's commitment.
"""

from django.db.models import QuerySet

from .models import Replication, ReplicationTarget
from .permissions import HUB_ADMIN_GROUP, is_agency_editor, is_curator, is_hub_admin

__all__ = ["HUB_ADMIN_GROUP", "is_hub_admin"]


def can_declare_for(user, agency) -> bool:
    """Declaring an intent is the replicating agency's act (or a curator's on its behalf)."""
    return is_curator(user) or (is_agency_editor(user) and agency.pk == user.agency_id)


def can_act_on(user, replication: Replication) -> bool:
    return is_curator(user) or (is_agency_editor(user) and replication.agency_id == user.agency_id)


def can_view(user, replication: Replication) -> bool:
    return can_act_on(user, replication) or (
        is_hub_admin(user) and replication.province_id == user.province_id
    )


def replications_visible_to(user) -> QuerySet[Replication]:
    """Every replication the user may see in management screens, whatever its status."""
    if is_curator(user):
        return Replication.objects.all()
    if is_agency_editor(user):
        return Replication.objects.filter(agency_id=user.agency_id)
    if is_hub_admin(user):
        return Replication.objects.filter(province_id=user.province_id)
    return Replication.objects.none()


def can_set_target(user, agency) -> bool:
    if is_curator(user):
        return True
    if is_agency_editor(user) and agency.pk == user.agency_id:
        return True
    return is_hub_admin(user) and agency.province_id == user.province_id


def targets_visible_to(user) -> QuerySet[ReplicationTarget]:
    if is_curator(user):
        return ReplicationTarget.objects.all()
    if is_agency_editor(user):
        return ReplicationTarget.objects.filter(agency_id=user.agency_id)
    if is_hub_admin(user):
        return ReplicationTarget.objects.filter(agency__province_id=user.province_id)
    return ReplicationTarget.objects.none()


def may_declare_replications(user) -> bool:
    """Whether the user declares replications for any agency (no query: admin menus ask often)."""
    return is_curator(user) or is_agency_editor(user)


def may_set_targets(user) -> bool:
    return is_curator(user) or is_agency_editor(user) or is_hub_admin(user)


def agencies_replicating_as(user):
    """The agencies a user may declare replications for."""
    from regions.models import Agency

    if is_curator(user):
        return Agency.objects.all()
    if is_agency_editor(user):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()


def agencies_targetable_by(user):
    from regions.models import Agency

    if is_curator(user):
        return Agency.objects.all()
    if is_hub_admin(user):
        return Agency.objects.filter(province_id=user.province_id)
    if is_agency_editor(user):
        return Agency.objects.filter(pk=user.agency_id)
    return Agency.objects.none()
