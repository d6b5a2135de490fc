"""Rounds: start, advance the top N, award and publish results, curator confirmation."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from innovations import services as catalogue
from innovations.models import Innovation, Recognition

from .. import permissions, scoring, selectors, workflow
from ..models import (
    Competition,
    Proposal,
    Result,
    Stage,
    StageChange,
)
from ._common import _apply_action, _locked, _notify_stage_later


@transaction.atomic
def competition_save(*, competition: Competition, by) -> Competition:
    """Validate and store a round; a hub admin only its own province's provincial round."""
    if competition.pk:
        stored = Competition.objects.get(pk=competition.pk)
        if not permissions.can_organise(by, stored):
            raise PermissionDenied(_("Anda tidak berhak mengubah kompetisi ini."))
    if not permissions.can_organise(by, competition):
        raise PermissionDenied(
            _("Admin hub hanya dapat menyelenggarakan kompetisi provinsi untuk provinsinya.")
        )
    competition.full_clean()
    competition.save()
    return competition


@transaction.atomic
def competition_start(*, competition: Competition, by) -> Competition:
    """Open the first stage (registration) of a round."""
    competition = _locked(competition)
    _apply_action("start", competition, by)
    first = workflow.next_stage(competition, None)
    now = timezone.now()
    Stage.objects.filter(pk=first.pk).update(opened_at=now)
    competition.current_stage = first
    competition.save(update_fields=["current_stage", "updated_at"])
    StageChange.objects.create(competition=competition, action="start", to_stage=first, by=by)
    _notify_stage_later(first)
    return competition


@dataclass
class AdvanceOutcome:
    from_stage: Stage
    to_stage: Stage
    advanced: list[Proposal]
    ties: dict[str, list[Proposal]] = field(default_factory=dict)  # group name -> tied at cut
    note: str = ""


def _scoreboard_cuts(stage: Stage, quotas: dict[str, int] | None):
    boards = selectors.stage_scoreboard(stage)
    unfinished = [
        row.proposal.innovation.title
        for board in boards
        for row in board.rows
        if row.score.missing or row.score.total is None
    ]
    if unfinished:
        raise ValidationError(
            _(
                "Penilaian belum lengkap untuk %(count)d proposal (%(titles)s). Lengkapi nilai, "
                "atau ganti juri yang menyatakan konflik, sebelum melanjutkan."
            )
            % {"count": len(unfinished), "titles": "; ".join(unfinished[:10])}
        )
    quotas = quotas or {}
    missing_quota = [board.group.name for board in boards if board.group.slug not in quotas]
    if missing_quota:
        raise ValidationError(
            {"quotas": _("Isi jumlah yang lolos untuk kelompok: %(groups)s.")
             % {"groups": ", ".join(missing_quota)}}
        )  # fmt: skip
    cuts = []
    for board in boards:
        quota = quotas[board.group.slug]
        if not isinstance(quota, int) or quota < 0:
            raise ValidationError({"quotas": _("Jumlah yang lolos harus bilangan bulat ≥ 0.")})
        cuts.append((board, scoring.cut([row.score for row in board.rows], quota), quota))
    return cuts


@transaction.atomic
def stage_advance(
    *, competition: Competition, by, quotas: dict[str, int] | None = None, include_ties=False
) -> AdvanceOutcome:
    """Close the current stage and open the next. In a scored stage the top N of each group
    (quotas by group slug) advance; a tie across the cut is never broken silently: the service
    refuses and names the tied proposals and the quotas that avoid the tie, unless
    `include_ties`, in which case every tied proposal advances and the outcome says so."""
    competition = _locked(competition)
    _apply_action("advance", competition, by)
    stage = competition.current_stage
    target = workflow.next_stage(competition, stage)
    ties: dict[str, list[Proposal]] = {}
    ranks: dict[int, int | None] = {}
    if workflow.is_scored(stage):
        cuts = _scoreboard_cuts(stage, quotas)
        rows = {row.score.key: row for board, _cut, _n in cuts for row in board.rows}
        tie_messages = []
        advancing = []
        for board, cut, quota in cuts:
            if cut.tied:
                ties[board.group.name] = [rows[entry.key].proposal for entry in cut.tied]
                tie_messages.append(
                    _g(
                        "Kelompok %(group)s: %(count)d proposal bernilai sama (%(total).2f) di "
                        "batas %(quota)d besar: %(titles)s. Pilih %(fewer)d atau %(more)d, atau "
                        "loloskan semua yang bernilai sama."
                    )
                    % {
                        "group": board.group.name,
                        "count": len(cut.tied),
                        "total": float(cut.tied[0].total),
                        "quota": quota,
                        "titles": "; ".join(p.innovation.title for p in ties[board.group.name]),
                        "fewer": cut.fewer,
                        "more": cut.more,
                    }
                )
            for entry in cut.selected:
                advancing.append(rows[entry.key].proposal)
                ranks[entry.key] = entry.rank
        if ties and not include_ties:
            raise ValidationError(tie_messages)
        note = " ".join(tie_messages)
    else:
        advancing = list(
            Proposal.objects.filter(
                competition=competition, reached_stage=stage, status=Proposal.Status.SUBMITTED
            ).select_related("innovation")
        )
        note = ""
    Proposal.objects.filter(pk__in=[p.pk for p in advancing]).update(reached_stage=target)
    if target.result_level:
        for proposal in advancing:
            Result.objects.update_or_create(
                proposal=proposal,
                level=target.result_level,
                defaults={"competition": competition, "rank": ranks.get(proposal.pk)},
            )
    now = timezone.now()
    Stage.objects.filter(pk=stage.pk).update(closed_at=now)
    Stage.objects.filter(pk=target.pk).update(opened_at=now)
    competition.current_stage = target
    competition.save(update_fields=["current_stage", "updated_at"])
    StageChange.objects.create(
        competition=competition, action="advance", from_stage=stage, to_stage=target, by=by,
        note=(f"{len(advancing)} proposal lolos. {note}").strip(),
    )  # fmt: skip
    _notify_stage_later(target)
    return AdvanceOutcome(stage, target, advancing, ties, note)


@transaction.atomic
def result_award(*, proposal: Proposal, level: str, by, rank: int | None = None) -> Result:
    """Give a proposal a result the round offers (e.g. outstanding among the Top 45)."""
    competition = _locked(proposal.competition)
    if not permissions.can_organise(by, competition):
        raise PermissionDenied(_("Hanya penyelenggara kompetisi ini yang dapat melakukannya."))
    if level not in competition.result_levels:
        raise ValidationError({"level": _("Tingkat hasil ini tidak dikonfigurasi.")})
    if not proposal.is_active:
        raise ValidationError(_("Proposal yang ditarik atau didiskualifikasi tidak diberi hasil."))
    result, _created = Result.objects.update_or_create(
        proposal=proposal, level=level, defaults={"competition": competition, "rank": rank}
    )
    return result


@transaction.atomic
def results_publish(*, competition: Competition, by) -> list[Result]:
    """Announce the round's unpublished results and record each as a recognition of the entry
    (a badge and the `award_level` facet); unpublished entries wait for a curator."""
    competition = _locked(competition)
    _apply_action("publish_results", competition, by)
    results = list(
        competition.results.filter(published_at__isnull=True).select_related("proposal__innovation")
    )
    if not results:
        raise ValidationError(_("Tidak ada hasil yang belum diumumkan."))
    now = timezone.now()
    for result in results:
        _result_publish(result, competition, now, by)
    Stage.objects.filter(pk=competition.current_stage_id, closed_at__isnull=True).update(
        closed_at=now
    )
    StageChange.objects.create(
        competition=competition, action="publish_results", by=by,
        note=f"{len(results)} hasil diumumkan.",
    )  # fmt: skip
    from .. import tasks

    transaction.on_commit(lambda: tasks.notify_results_published.delay(competition.pk))
    return results


def _result_publish(result: Result, competition: Competition, now, by) -> Recognition:
    result.published_at = now
    result.announced_title = result.proposal.innovation.title
    result.save(update_fields=["published_at", "announced_title"])
    return catalogue.recognition_record(
        entry=result.proposal.innovation,
        title=f"{competition.name}",
        year=competition.year,
        level=result.level,
        awarded_by=competition.organiser_name,
        source_key=result.source_key,
        by=by,
    )


@transaction.atomic
def awarded_entry_confirm(*, result: Result, by) -> Innovation:
    """A curator confirms an awarded entry: it is published through the catalogue workflow."""
    entry = result.proposal.innovation
    if result.published_at is None:
        raise ValidationError(_("Hasil ini belum diumumkan."))
    if entry.status == Innovation.Status.PUBLISHED:
        raise ValidationError(_("Entri ini sudah terbit."))
    if entry.status == Innovation.Status.DRAFT:
        entry = catalogue.innovation_transition(
            entry=entry, action="submit", by=by, note=f"{result.competition.name}"
        )
    return catalogue.innovation_transition(
        entry=entry, action="publish", by=by, note=f"{result.competition.name}"
    )
