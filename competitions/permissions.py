"""Who may do what in a round: one place, used by the admin, the API and the pages.

Organisers are ministry staff (group "Penyelenggara kompetisi", or superusers) for every round,
and a hub admin (group "Admin hub", user.province) for the provincial round of its own province
only. Judges (group "Juri") see only what they are assigned. Agency editors see and change only
their own agency's proposals. The hubs app is not imported: a provincial round names its
province, and hub admins are recognised by group and province.
"""

from django.db.models import Q, QuerySet

from innovations.permissions import AGENCY_EDITOR_GROUP, _in_group, is_agency_editor, is_hub_admin
from jippnas.uploads import Access

from .models import Competition, JudgeAssignment, Proposal
from .roles import HUB_ADMIN_GROUP, JUDGE_GROUP, ORGANISER_GROUP

__all__ = [
    "AGENCY_EDITOR_GROUP",
    "HUB_ADMIN_GROUP",
    "JUDGE_GROUP",
    "ORGANISER_GROUP",
    "is_hub_admin",
]


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_ministry_organiser(user) -> bool:
    return _active(user) and (user.is_superuser or _in_group(user, ORGANISER_GROUP))


def is_organiser(user) -> bool:
    """Organises at least one kind of round (ministry staff or a hub admin)."""
    return is_ministry_organiser(user) or is_hub_admin(user)


def is_judge(user) -> bool:
    return _active(user) and _in_group(user, JUDGE_GROUP)


def can_organise(user, competition: Competition) -> bool:
    if is_ministry_organiser(user):
        return True
    return (
        is_hub_admin(user)
        and competition.level == Competition.Level.PROVINCIAL
        and competition.province_id == user.province_id
    )


def competitions_organised_by(user) -> QuerySet[Competition]:
    """The rounds a user may configure and moderate."""
    if is_ministry_organiser(user):
        return Competition.objects.all()
    if is_hub_admin(user):
        return Competition.objects.filter(
            level=Competition.Level.PROVINCIAL, province_id=user.province_id
        )
    return Competition.objects.none()


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Proposals a user may open: organisers their rounds', editors their agency's, judges
    only those they are assigned to."""
    if not _active(user):
        return Proposal.objects.none()
    condition = Q(pk__in=[])
    if is_organiser(user):
        condition |= Q(competition__in=competitions_organised_by(user))
    if is_agency_editor(user):
        condition |= Q(agency_id=user.agency_id)
    if is_judge(user):
        condition |= Q(assignments__judge=user)
    return Proposal.objects.filter(condition).distinct()


def can_manage_own_proposals(user) -> bool:
    return is_agency_editor(user)


def is_own_proposal(user, proposal: Proposal) -> bool:
    return is_agency_editor(user) and proposal.agency_id == user.agency_id


def judge_provinces(judge) -> set[int]:
    """A judge's own provinces: the one on the account and their agency's."""
    ids = {judge.province_id}
    if judge.agency_id:
        ids.add(judge.agency.province_id)
    return {pk for pk in ids if pk}


def conflict_of_interest(judge, proposal: Proposal) -> str | None:
    """Why `judge` may not score `proposal` (own agency or province), or None."""
    if judge.agency_id and judge.agency_id == proposal.agency_id:
        return "agency"
    if judge_provinces(judge) & proposal.province_ids:
        return "province"
    return None


def can_score(user, assignment: JudgeAssignment) -> bool:
    return (
        is_judge(user)
        and assignment.judge_id == user.pk
        and conflict_of_interest(user, assignment.proposal) is None
    )


def proposal_attachment_access(name: str, user) -> Access:
    """A proposal's attachment: for those who may open the proposal (its round's organisers,
    its agency's editors, its judges)."""
    from .models import ProposalAttachment

    readable = ProposalAttachment.objects.filter(
        file=name, proposal__in=proposals_visible_to(user)
    ).exists()
    return Access.RESTRICTED if readable else Access.NONE
