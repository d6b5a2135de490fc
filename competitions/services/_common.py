"""Helpers shared by the competition services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import (
    Competition,
    Stage,
)


def _locked(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("current_stage")
        .get(pk=competition.pk)
    )


def _apply_action(name: str, competition: Competition, by) -> None:
    action = workflow.ACTIONS[name]
    if not action.allowed(by, competition):
        raise PermissionDenied(_("Hanya penyelenggara kompetisi ini yang dapat melakukannya."))
    reason = action.refusal(competition)
    if reason:
        raise ValidationError(reason)


def _notify_stage_later(stage: Stage) -> None:
    from .. import tasks

    transaction.on_commit(lambda: tasks.notify_stage_changed.delay(stage.pk))
