"""Judging: assign judges (conflicts refused), declarations, scores."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .. import permissions, selectors, workflow
from ..models import (
    JudgeAssignment,
    Proposal,
    Score,
    Stage,
)


def judge_assignment_problems(*, stage: Stage, proposal: Proposal, judge) -> dict[str, list]:
    """Why `judge` cannot be assigned to `proposal` in `stage` (empty when they can)."""
    errors: dict[str, list] = {}
    if not permissions.is_judge(judge):
        errors["judge"] = [_g("Pengguna ini bukan anggota panel juri.")]
    elif (reason := permissions.conflict_of_interest(judge, proposal)) is not None:
        errors["judge"] = [
            _g("Konflik kepentingan: juri berasal dari instansi yang sama dengan proposal.")
            if reason == "agency"
            else _g("Konflik kepentingan: juri berasal dari provinsi yang sama dengan proposal.")
        ]
    if proposal.competition_id != stage.competition_id:
        errors["proposal"] = [_g("Proposal bukan dari kompetisi tahap ini.")]
    elif not proposal.is_active or proposal.reached_stage_id != stage.pk:
        errors["proposal"] = [_g("Proposal tidak berada pada tahap ini.")]
    if stage.is_closed or not workflow.STAGE_RULES[stage.kind].scored:
        errors["stage"] = [_g("Tahap ini tidak dinilai atau sudah ditutup.")]
    return errors


@transaction.atomic
def judge_assign(*, stage: Stage, proposal: Proposal, judge, by) -> JudgeAssignment:
    """Assign a judge of the panel to a proposal in a stage; conflicts of interest refused."""
    if not permissions.can_organise(by, stage.competition):
        raise PermissionDenied(_("Hanya penyelenggara kompetisi ini yang dapat menugaskan juri."))
    errors = judge_assignment_problems(stage=stage, proposal=proposal, judge=judge)
    if errors:
        raise ValidationError(errors)
    assignment, created = JudgeAssignment.objects.get_or_create(
        stage=stage, proposal=proposal, judge=judge
    )
    if not created:
        raise ValidationError({"judge": _("Juri ini sudah ditugaskan pada proposal ini.")})
    return assignment


def _require_scoring_open(assignment: JudgeAssignment, by) -> Stage:
    if assignment.judge_id != getattr(by, "pk", None) or not permissions.is_judge(by):
        raise PermissionDenied(_("Ini bukan penugasan Anda."))
    if permissions.conflict_of_interest(by, assignment.proposal) is not None:
        raise PermissionDenied(_("Konflik kepentingan: Anda tidak dapat menilai proposal ini."))
    stage = assignment.stage
    if stage.competition.current_stage_id != stage.pk or stage.is_closed:
        raise ValidationError(_("Tahap penilaian ini tidak sedang berjalan."))
    if not assignment.proposal.is_active:
        raise ValidationError(_("Proposal ini sudah tidak aktif."))
    return stage


@transaction.atomic
def assignment_declare(
    *, assignment: JudgeAssignment, by, has_conflict: bool, note: str = ""
) -> JudgeAssignment:
    """Record the judge's declaration of (no) conflict of interest, required before scoring."""
    _require_scoring_open(assignment, by)
    if assignment.declared_at is not None:
        raise ValidationError(_("Pernyataan sudah dibuat."))
    if has_conflict and not note.strip():
        raise ValidationError({"note": _("Jelaskan konflik kepentingan Anda.")})
    assignment.declared_at = timezone.now()
    assignment.declared_conflict = has_conflict
    assignment.declaration_note = note.strip()
    assignment.save(update_fields=["declared_at", "declared_conflict", "declaration_note"])
    return assignment


@transaction.atomic
def scores_save(
    *, assignment: JudgeAssignment, by, values: dict[int, object], comments: dict[int, str]
) -> list[Score]:
    """Store the judge's scores and comments on their own assignment while the stage runs;
    a partial sheet is kept and counted as missing until complete."""
    stage = _require_scoring_open(assignment, by)
    if not assignment.may_score:
        raise ValidationError(
            _("Nyatakan bebas konflik kepentingan sebelum menilai.")
            if assignment.declared_at is None
            else _("Anda menyatakan konflik kepentingan dan tidak dapat menilai proposal ini.")
        )
    criteria = {criterion.id: criterion for criterion in selectors.stage_criteria(stage)}
    errors, parsed = {}, {}
    for criterion_id, raw in values.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            continue
        if raw in (None, ""):
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            errors[f"score_{criterion.id}"] = [_g("Nilai harus berupa angka.")]
            continue
        if not (0 <= value <= criterion.max_score) or value != value.quantize(Decimal("0.01")):
            errors[f"score_{criterion.id}"] = [
                _g("Nilai harus antara 0 dan %(max)d (dua desimal).") % {"max": criterion.max_score}
            ]
            continue
        parsed[criterion.id] = value
    if errors:
        raise ValidationError(errors)
    saved = []
    for criterion_id, value in parsed.items():
        score, _created = Score.objects.update_or_create(
            assignment=assignment,
            criterion_id=criterion_id,
            defaults={"value": value, "comment": (comments.get(criterion_id) or "").strip()},
        )
        saved.append(score)
    return saved
