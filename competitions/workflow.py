"""The round's workflow, declared once as data: what each kind of stage allows, and the
organiser's actions with their preconditions. competitions.services applies it; the admin, the
pages and the API never decide these rules themselves."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .models import Competition, Stage

Kind = Stage.Kind


@dataclass(frozen=True)
class StageRule:
    accepts_proposals: bool  # agencies submit, edit and withdraw (until the stage's end date)
    scored: bool  # judges score against the stage's criteria; the organiser advances the top N


STAGE_RULES: dict[str, StageRule] = {
    Kind.REGISTRATION: StageRule(accepts_proposals=True, scored=False),
    Kind.ADMINISTRATIVE: StageRule(accepts_proposals=False, scored=True),
    Kind.TOP_99_EVALUATION: StageRule(accepts_proposals=False, scored=True),
    Kind.PRESENTATION: StageRule(accepts_proposals=False, scored=True),
    Kind.TOP_45: StageRule(accepts_proposals=False, scored=True),
    Kind.FIELD_VERIFICATION: StageRule(accepts_proposals=False, scored=True),
    Kind.ANNOUNCEMENT: StageRule(accepts_proposals=False, scored=False),
}


def deadline_of(stage: Stage):
    """The end of the stage's last day in the portal's time zone."""
    import datetime

    end = datetime.datetime.combine(stage.ends_on, datetime.time.max)
    return timezone.make_aware(end)


def registration_open(competition: Competition, *, now=None) -> bool:
    stage = competition.current_stage
    if stage is None or not STAGE_RULES[stage.kind].accepts_proposals:
        return False
    return (now or timezone.now()) <= deadline_of(stage)


def is_scored(stage: Stage) -> bool:
    """Judges score in this stage: its kind is scored and it has criteria."""
    return STAGE_RULES[stage.kind].scored and stage.criteria.exists()


def next_stage(competition: Competition, stage: Stage | None) -> Stage | None:
    stages = competition.stages.order_by("position")
    if stage is None:
        return stages.first()
    return stages.filter(position__gt=stage.position).first()


def _refuse_start(competition: Competition) -> str | None:
    if competition.current_stage_id:
        return _("Kompetisi sudah dimulai.")
    if not competition.stages.exists():
        return _("Kompetisi belum memiliki tahap.")
    if not competition.groups.exists():
        return _("Kompetisi belum memiliki kelompok.")
    return None


def _refuse_advance(competition: Competition) -> str | None:
    stage = competition.current_stage
    if stage is None:
        return _("Kompetisi belum dimulai.")
    if next_stage(competition, stage) is None:
        return _("Tahap “%(stage)s” adalah tahap terakhir.") % {"stage": stage.get_kind_display()}
    # Agencies were promised until the deadline: registration never closes early.
    if STAGE_RULES[stage.kind].accepts_proposals and timezone.now() <= deadline_of(stage):
        return _("Pendaftaran baru dapat ditutup setelah batas waktu %(date)s.") % {
            "date": stage.ends_on.strftime("%d-%m-%Y")
        }
    return None


def _refuse_publish(competition: Competition) -> str | None:
    stage = competition.current_stage
    if stage is None or next_stage(competition, stage) is not None:
        return _("Hasil hanya dapat diumumkan pada tahap terakhir.")
    return None


@dataclass(frozen=True)
class Action:
    label: str
    allowed: Callable  # (user, competition) -> bool
    refusal: Callable  # (competition) -> reason it cannot happen now, or None


ACTIONS: dict[str, Action] = {
    "start": Action(_("Mulai kompetisi (buka tahap pertama)"), permissions.can_organise,
                    _refuse_start),
    "advance": Action(_("Tutup tahap dan lanjut ke tahap berikutnya"), permissions.can_organise,
                      _refuse_advance),
    "publish_results": Action(_("Umumkan hasil"), permissions.can_organise, _refuse_publish),
}  # fmt: skip


def available_actions(competition: Competition, user) -> list[str]:
    """The organiser actions `user` may take on the round now."""
    return [
        name
        for name, action in ACTIONS.items()
        if action.allowed(user, competition) and action.refusal(competition) is None
    ]
