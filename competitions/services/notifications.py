"""Mail on stage changes and results (run later by competitions.tasks)."""

from django.core import mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _g
from django.utils.translation import override

from .. import selectors
from ..models import (
    Competition,
    JudgeAssignment,
    Proposal,
    Result,
    Stage,
)


def _contacts(proposal: Proposal) -> list[str]:
    addresses = [proposal.innovation.contact_email]
    if proposal.submitted_by_id and proposal.submitted_by.email:
        addresses.append(proposal.submitted_by.email)
    return list(dict.fromkeys(address for address in addresses if address))


def _message(template: str, subject: str, to: list[str], context: dict):
    body = render_to_string(f"competitions/email/{template}.txt", context)
    return mail.EmailMessage(subject=subject, body=body, to=to)


def stage_change_notify(*, stage_id: int) -> int:
    """Tell agency contacts whether their proposal reached the newly opened stage, and the
    stage's assigned judges that scoring is open; returns the number of messages sent."""
    stage = Stage.objects.select_related("competition").get(pk=stage_id)
    competition = stage.competition
    previous = competition.stages.filter(position__lt=stage.position).order_by("-position").first()
    messages = []
    with override("id"):
        proposals = Proposal.objects.filter(
            competition=competition, status=Proposal.Status.SUBMITTED,
            reached_stage__in=[s for s in (stage, previous) if s],
        ).select_related("innovation", "submitted_by", "reached_stage")  # fmt: skip
        for proposal in proposals:
            if previous is None or not _contacts(proposal):
                continue
            advanced = proposal.reached_stage_id == stage.pk
            messages.append(
                _message(
                    "proposal_advanced" if advanced else "proposal_stopped",
                    _g("[%(competition)s] %(title)s: tahap %(stage)s")
                    % {
                        "competition": competition.name,
                        "title": proposal.innovation.title,
                        "stage": stage.get_kind_display(),
                    },
                    _contacts(proposal),
                    {
                        "competition": competition,
                        "stage": stage,
                        "previous": previous,
                        "proposal": proposal,
                    },
                )
            )
        judges: dict[int, list] = {}
        for assignment in JudgeAssignment.objects.filter(stage=stage).select_related(
            "judge", "proposal__innovation"
        ):
            if assignment.judge.email:
                judges.setdefault(assignment.judge_id, []).append(assignment)
        for assignments in judges.values():
            judge = assignments[0].judge
            messages.append(
                _message(
                    "judge_stage_opened",
                    _g("[%(competition)s] Tahap %(stage)s dibuka untuk penilaian")
                    % {"competition": competition.name, "stage": stage.get_kind_display()},
                    [judge.email],
                    {
                        "competition": competition,
                        "stage": stage,
                        "judge": judge,
                        "assignments": assignments,
                    },
                )
            )
    return _send(messages)


def results_published_notify(*, competition_id: int) -> int:
    """Tell each awarded proposal's contacts their results, and the round's judges that the
    results are announced; returns the number of messages sent."""
    competition = Competition.objects.get(pk=competition_id)
    messages = []
    with override("id"):
        by_proposal: dict[int, list[Result]] = {}
        for result in published_results_of(competition):
            by_proposal.setdefault(result.proposal_id, []).append(result)
        for results in by_proposal.values():
            proposal = results[0].proposal
            if not _contacts(proposal):
                continue
            messages.append(
                _message(
                    "result_awarded",
                    _g("[%(competition)s] Hasil untuk %(title)s")
                    % {"competition": competition.name, "title": proposal.innovation.title},
                    _contacts(proposal),
                    {"competition": competition, "proposal": proposal, "results": results},
                )
            )
        judges = (
            JudgeAssignment.objects.filter(stage__competition=competition)
            .exclude(judge__email="")
            .values_list("judge__email", flat=True)
            .distinct()
        )
        for email in sorted(set(judges)):
            messages.append(
                _message(
                    "judge_results_published",
                    _g("[%(competition)s] Hasil kompetisi diumumkan")
                    % {"competition": competition.name},
                    [email],
                    {"competition": competition},
                )
            )
    return _send(messages)


def published_results_of(competition: Competition):
    return (
        selectors.published_results()
        .filter(competition=competition)
        .select_related("proposal__submitted_by")
    )


def _send(messages: list) -> int:
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
