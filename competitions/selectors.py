"""Reads for the round's pages, the API and the reports. Public reads expose published results
only; scores are read only by the organiser's moderation view and by each judge for their own
sheets."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from innovations.models import Innovation

from . import permissions, scoring
from .models import (
    Competition,
    CompetitionGroup,
    Criterion,
    JudgeAssignment,
    Proposal,
    Result,
    ResultLevel,
    Stage,
)


def published_results() -> QuerySet[Result]:
    """Announced results with what a results list shows (entry, agency, region, group)."""
    return (
        Result.objects.filter(published_at__isnull=False)
        .select_related(
            "proposal__group",
            "proposal__innovation__agency",
            "proposal__innovation__province",
            "proposal__innovation__regency",
        )
        # The title as announced: an unpublished entry's later edits must not reorder the list.
        .order_by("level", "proposal__group__position", "rank", "announced_title")
    )


def public_competitions() -> QuerySet[Competition]:
    """Every round with its stages, groups and published results prefetched."""
    return (
        Competition.objects.select_related("current_stage", "organiser_agency", "province")
        .prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("position")),
            "groups",
            Prefetch("results", queryset=published_results(), to_attr="published_results"),
        )
        .order_by("-year", "level", "name")
    )


def competition_list() -> QuerySet[Competition]:
    """Rounds for the index page: stages and counts, without loading the results."""
    return (
        Competition.objects.select_related("current_stage", "province")
        .prefetch_related(Prefetch("stages", queryset=Stage.objects.order_by("position")))
        .annotate(
            published_result_count=Count(
                "results", filter=Q(results__published_at__isnull=False), distinct=True
            )
        )
        .order_by("-year", "level", "name")
    )


@dataclass
class LevelResults:
    level: str
    label: str
    groups: list[tuple[CompetitionGroup, list[Result]]]


def results_by_level_and_group(competition: Competition) -> list[LevelResults]:
    """Published results of the round, by level (in the round's order) then group."""
    results = getattr(competition, "published_results", None)
    if results is None:
        results = list(published_results().filter(competition=competition))
    labels = dict(ResultLevel.choices)
    order = list(competition.result_levels) + [
        level for level in ResultLevel.values if level not in competition.result_levels
    ]
    by_level: dict[str, dict[int, list[Result]]] = defaultdict(lambda: defaultdict(list))
    groups = {}
    for result in results:
        by_level[result.level][result.proposal.group_id].append(result)
        groups[result.proposal.group_id] = result.proposal.group
    outcome = []
    for level in order:
        if level not in by_level:
            continue
        grouped = sorted(by_level[level].items(), key=lambda item: groups[item[0]].position)
        outcome.append(
            LevelResults(level, labels[level], [(groups[gid], rows) for gid, rows in grouped])
        )
    return outcome


def stage_criteria(stage: Stage) -> list[Criterion]:
    return list(stage.criteria.order_by("position", "id"))


@dataclass
class Sheet:
    assignment: JudgeAssignment
    total: object  # Fraction | None
    scored: int


@dataclass
class BoardRow:
    proposal: Proposal
    score: scoring.ProposalScore
    sheets: list[Sheet] = field(default_factory=list)

    @property
    def total(self) -> float | None:
        return None if self.score.total is None else float(self.score.total)


@dataclass
class GroupBoard:
    group: CompetitionGroup
    rows: list[BoardRow]


def stage_scoreboard(stage: Stage) -> list[GroupBoard]:
    """Proposals in the stage, ranked per group, with each judge's sheet total, the spread and
    the missing sheets (for the organiser's moderation and for advancing)."""
    criteria = stage_criteria(stage)
    specs = [scoring.CriterionSpec(c.id, c.weight, c.max_score) for c in criteria]
    proposals = (
        Proposal.objects.filter(
            reached_stage=stage, status=Proposal.Status.SUBMITTED, competition=stage.competition_id
        )
        .select_related("group", "innovation", "agency")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=JudgeAssignment.objects.filter(stage=stage)
                .select_related("judge")
                .prefetch_related("scores"),
            )
        )
    )
    by_group: dict[int, list[BoardRow]] = defaultdict(list)
    groups = {}
    for proposal in proposals:
        row = BoardRow(proposal, scoring.ProposalScore(key=proposal.pk))
        for assignment in proposal.assignments.all():
            values = {score.criterion_id: score.value for score in assignment.scores.all()}
            total = None if assignment.declared_conflict else scoring.sheet_total(specs, values)
            row.sheets.append(Sheet(assignment, total, len(values)))
            row.score.sheets.append(total)
        by_group[proposal.group_id].append(row)
        groups[proposal.group_id] = proposal.group
    boards = []
    for group_id, rows in sorted(by_group.items(), key=lambda item: groups[item[0]].position):
        ranked = scoring.rank([row.score for row in rows])
        order = {id(score): index for index, score in enumerate(ranked)}
        rows.sort(key=lambda row: order[id(row.score)])
        boards.append(GroupBoard(groups[group_id], rows))
    return boards


def proposals_of_agency(user, competition: Competition) -> QuerySet[Proposal]:
    """The user's agency's proposals in the round (none for anyone else)."""
    if not permissions.is_agency_editor(user):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(competition=competition, agency_id=user.agency_id)
        .select_related("group", "innovation", "reached_stage")
        .order_by("-submitted_at")
    )


def own_proposal(user, competition: Competition, pk: int) -> Proposal:
    """One of the user's agency's proposals; DoesNotExist for anyone else's."""
    return proposals_of_agency(user, competition).prefetch_related("attachments").get(pk=pk)


def entries_proposable_by(user) -> QuerySet[Innovation]:
    """Catalogue entries an agency editor may enter: their agency's, not archived."""
    if not permissions.is_agency_editor(user):
        return Innovation.objects.none()
    return Innovation.objects.filter(agency_id=user.agency_id).exclude(
        status=Innovation.Status.ARCHIVED
    )


def judge_assignments(user, competition: Competition) -> QuerySet[JudgeAssignment]:
    """The judge's own assignments in the round (never anyone else's)."""
    if not permissions.is_judge(user):
        return JudgeAssignment.objects.none()
    return (
        JudgeAssignment.objects.filter(judge=user, stage__competition=competition)
        .select_related("stage", "proposal__innovation", "proposal__group")
        .annotate(scored=Count("scores"))
        .order_by("-stage__position", "proposal__innovation__title")
    )


def own_assignment(user, competition: Competition, pk: int) -> JudgeAssignment:
    """One of the judge's own assignments with its proposal; DoesNotExist otherwise."""
    return (
        judge_assignments(user, competition)
        .select_related("proposal__agency", "proposal__innovation__province")
        .prefetch_related("proposal__attachments")
        .get(pk=pk)
    )


def own_scores(assignment: JudgeAssignment) -> dict[int, object]:
    """The assignment's own scores by criterion id: a judge's sheet, nobody else's."""
    return {score.criterion_id: score for score in assignment.scores.all()}


def awaiting_curator_confirmation() -> QuerySet[Result]:
    """Announced results whose entry is not yet a published catalogue entry."""
    return (
        Result.objects.filter(published_at__isnull=False)
        .exclude(proposal__innovation__status=Innovation.Status.PUBLISHED)
        .select_related("competition", "proposal__innovation__agency")
    )


@dataclass
class RegionRow:
    province: str
    regency: str
    counts: dict[str, int]
    total: int
    entries: set = field(default_factory=set)


def incentive_report(year: int) -> tuple[list[RegionRow], list[Result]]:
    """Announced results of the year's rounds counted per region of the awarded entries
    (province and regency/city), with the detail rows behind them."""
    results = list(
        published_results()
        .filter(competition__year=year)
        .select_related("competition")
        .order_by(
            "proposal__innovation__province__code",
            "proposal__innovation__regency__code",
            "competition__name",
            "level",
            "announced_title",
        )
    )
    regions: dict[tuple, RegionRow] = {}
    for result in results:
        entry = result.proposal.innovation
        key = (
            entry.province.code if entry.province else "",
            entry.regency.code if entry.regency else "",
        )
        row = regions.get(key)
        if row is None:
            row = regions[key] = RegionRow(
                province=entry.province.name if entry.province else "",
                regency=entry.regency.display_name if entry.regency else "",
                counts=dict.fromkeys(ResultLevel.values, 0),
                total=0,
            )
        row.counts[result.level] += 1
        row.total += 1
        row.entries.add(entry.pk)
    return [regions[key] for key in sorted(regions)], results
