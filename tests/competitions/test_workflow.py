"""Stage transitions, the organiser's refusals, advancing the top N with ties shown, and
publishing results into the catalogue."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from competitions import services
from competitions.models import Competition, Proposal, Result, Score, Stage, StageChange
from innovations.models import Innovation, Recognition
from tests.factories import PublishedInnovationFactory

from .factories import (
    AssignmentFactory,
    CriterionFactory,
    HubAdminFactory,
    JudgeFactory,
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    group,
    make_current,
    stage,
)

pytestmark = pytest.mark.django_db
PAST = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def organiser():
    return OrganiserFactory()


def scored_stage(competition, kind=Stage.Kind.TOP_99_EVALUATION):
    """Make `kind` current with two criteria (weights 60/40, max 10)."""
    current = make_current(competition, kind)
    CriterionFactory(stage=current, name="Kebaruan", weight=60, max_score=10, position=0)
    CriterionFactory(stage=current, name="Dampak", weight=40, max_score=10, position=1)
    return current


def judged(proposal, current, *marks, judge=None):
    """One judge's complete sheet on a proposal: marks per criterion in order."""
    assignment = AssignmentFactory(stage=current, proposal=proposal, judge=judge or JudgeFactory())
    for criterion, mark in zip(current.criteria.order_by("position"), marks, strict=False):
        Score.objects.create(assignment=assignment, criterion=criterion, value=Decimal(mark))
    return assignment


def test_registration_cannot_close_before_its_deadline(organiser):
    competition = competition_with_stages()
    with pytest.raises(ValidationError, match="batas waktu"):
        services.stage_advance(competition=competition, by=organiser)
    competition.refresh_from_db()
    assert competition.current_stage.kind == Stage.Kind.REGISTRATION


def test_closing_registration_moves_active_proposals_only(organiser):
    competition = competition_with_stages(registration_ends=PAST)
    active = ProposalFactory(competition=competition)
    withdrawn = ProposalFactory(competition=competition, status=Proposal.Status.WITHDRAWN)
    outcome = services.stage_advance(competition=competition, by=organiser)
    competition.refresh_from_db()
    assert competition.current_stage.kind == Stage.Kind.ADMINISTRATIVE
    assert outcome.advanced == [active]
    active.refresh_from_db(), withdrawn.refresh_from_db()
    assert active.reached_stage.kind == Stage.Kind.ADMINISTRATIVE
    assert withdrawn.reached_stage.kind == Stage.Kind.REGISTRATION
    assert stage(competition, Stage.Kind.REGISTRATION).closed_at is not None
    assert StageChange.objects.filter(competition=competition, action="advance").exists()


def test_only_an_organiser_advances(organiser):
    competition = competition_with_stages(registration_ends=PAST)
    with pytest.raises(PermissionDenied):
        services.stage_advance(competition=competition, by=JudgeFactory())


def test_hub_admin_organises_only_own_provinces_round():
    hub_admin = HubAdminFactory()
    other = HubAdminFactory()
    competition = competition_with_stages(
        registration_ends=PAST, level=Competition.Level.PROVINCIAL, province=hub_admin.province,
        result_levels=["provincial_winner"],
    )  # fmt: skip
    national = competition_with_stages(registration_ends=PAST)
    with pytest.raises(PermissionDenied):
        services.stage_advance(competition=competition, by=other)
    with pytest.raises(PermissionDenied):
        services.stage_advance(competition=national, by=hub_admin)
    services.stage_advance(competition=competition, by=hub_admin)
    competition.refresh_from_db()
    assert competition.current_stage.kind == Stage.Kind.ADMINISTRATIVE


def test_last_stage_cannot_advance_and_results_publish_only_there(organiser):
    competition = competition_with_stages()
    with pytest.raises(ValidationError, match="tahap terakhir"):
        services.results_publish(competition=competition, by=organiser)
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    with pytest.raises(ValidationError, match="terakhir"):
        services.stage_advance(competition=competition, by=organiser)


def test_advancing_refuses_while_scores_are_missing(organiser):
    competition = competition_with_stages()
    current = scored_stage(competition)
    complete = ProposalFactory(competition=competition, reached_stage=current)
    partial = ProposalFactory(competition=competition, reached_stage=current)
    judged(complete, current, 8, 8)
    judged(partial, current, 8)  # second criterion not scored
    with pytest.raises(ValidationError, match="belum lengkap") as refusal:
        services.stage_advance(competition=competition, by=organiser, quotas={"umum": 1})
    assert partial.innovation.title in str(refusal.value)
    competition.refresh_from_db()
    assert competition.current_stage == current


def test_top_n_per_group_advance_and_earn_the_next_stages_result(organiser):
    competition = competition_with_stages()
    current = scored_stage(competition)
    umum, khusus = group(competition, "umum"), group(competition, "khusus")
    best = ProposalFactory(competition=competition, group=umum, reached_stage=current)
    second = ProposalFactory(competition=competition, group=umum, reached_stage=current)
    third = ProposalFactory(competition=competition, group=umum, reached_stage=current)
    special = ProposalFactory(competition=competition, group=khusus, reached_stage=current)
    judged(best, current, 10, 9)
    judged(second, current, 7, 9)
    judged(third, current, 6, 5)
    judged(special, current, 5, 5)
    outcome = services.stage_advance(
        competition=competition, by=organiser, quotas={"umum": 2, "khusus": 1}
    )
    assert set(outcome.advanced) == {best, second, special}
    assert outcome.ties == {}
    presentation = stage(competition, Stage.Kind.PRESENTATION)
    third.refresh_from_db()
    assert third.reached_stage == current  # left behind at the stage it was stopped at
    results = Result.objects.filter(competition=competition)
    assert {(r.proposal, r.level, r.rank) for r in results} == {
        (best, "top_99", 1), (second, "top_99", 2), (special, "top_99", 1),
    }  # fmt: skip
    assert all(r.published_at is None for r in results)
    assert Proposal.objects.filter(reached_stage=presentation).count() == 3


def test_tie_at_the_cut_is_refused_with_the_tied_proposals_named(organiser):
    competition = competition_with_stages()
    current = scored_stage(competition)
    first = ProposalFactory(competition=competition, reached_stage=current)
    tied_a = ProposalFactory(competition=competition, reached_stage=current)
    tied_b = ProposalFactory(competition=competition, reached_stage=current)
    judged(first, current, 10, 10)
    judged(tied_a, current, 8, 8)
    judged(tied_b, current, 10, 5)
    # 0.8*60 + 0.8*40 = 80 and 1.0*60 + 0.5*40 = 80: tied across the cut of 2.
    with pytest.raises(ValidationError) as refusal:
        services.stage_advance(competition=competition, by=organiser, quotas={"umum": 2})
    message = " ".join(refusal.value.messages)
    assert tied_a.innovation.title in message and tied_b.innovation.title in message
    assert "Pilih 1 atau 3" in message
    competition.refresh_from_db()
    assert competition.current_stage == current
    assert not Result.objects.exists()


def test_tie_at_the_cut_all_advance_when_asked_and_the_outcome_says_so(organiser):
    competition = competition_with_stages()
    current = scored_stage(competition)
    first, tied_a, tied_b, last = (
        ProposalFactory(competition=competition, reached_stage=current) for _ in range(4)
    )
    judged(first, current, 10, 10)
    judged(tied_a, current, 8, 8)
    judged(tied_b, current, 8, 8, judge=JudgeFactory())
    judged(last, current, 2, 2)
    outcome = services.stage_advance(
        competition=competition, by=organiser, quotas={"umum": 2}, include_ties=True
    )
    assert set(outcome.advanced) == {first, tied_a, tied_b}
    assert set(outcome.ties["Umum"]) == {tied_a, tied_b}
    assert "bernilai sama" in StageChange.objects.get(action="advance").note


def test_publishing_results_records_recognitions_in_the_catalogue(organiser):
    competition = competition_with_stages(name="KIPP 2025", year=2025)
    make_current(competition, Stage.Kind.ANNOUNCEMENT)
    entry = PublishedInnovationFactory()
    draft = PublishedInnovationFactory(status=Innovation.Status.DRAFT, published_at=None)
    awarded = ProposalFactory(competition=competition, innovation=entry)
    waiting = ProposalFactory(competition=competition, innovation=draft)
    services.result_award(proposal=awarded, level="outstanding", by=organiser)
    services.result_award(proposal=waiting, level="top_45", by=organiser)
    published = services.results_publish(competition=competition, by=organiser)
    assert len(published) == 2
    recognition = Recognition.objects.get(innovation=entry)
    assert (recognition.title, recognition.year, recognition.level) == (
        "KIPP 2025", 2025, "outstanding",
    )  # fmt: skip
    assert recognition.awarded_by == "Kementerian PANRB"
    assert recognition.source_key == f"competition-result:{published[0].pk}" or (
        recognition.source_key == f"competition-result:{published[1].pk}"
    )
    # An awarded draft stays unpublished until a curator confirms it.
    draft.refresh_from_db()
    assert draft.status == Innovation.Status.DRAFT
    with pytest.raises(ValidationError, match="belum diumumkan"):
        services.results_publish(competition=competition, by=organiser)


def test_result_level_must_be_configured_for_the_round(organiser):
    competition = competition_with_stages(result_levels=["top_99"])
    proposal = ProposalFactory(competition=competition)
    with pytest.raises(ValidationError):
        services.result_award(proposal=proposal, level="outstanding", by=organiser)


def test_start_opens_the_first_stage_once(organiser):
    competition = competition_with_stages()
    Competition.objects.filter(pk=competition.pk).update(current_stage=None)
    competition.refresh_from_db()
    services.competition_start(competition=competition, by=organiser)
    competition.refresh_from_db()
    assert competition.current_stage.kind == Stage.Kind.REGISTRATION
    with pytest.raises(ValidationError, match="sudah dimulai"):
        services.competition_start(competition=competition, by=organiser)


def test_provincial_round_needs_a_province_and_national_none():
    competition = Competition(
        name="X", slug="x", level=Competition.Level.PROVINCIAL, year=2024, theme="t",
        organiser_name="Hub", result_levels=["nope"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        competition.full_clean()
    assert {"province", "result_levels"} <= set(error.value.message_dict)
