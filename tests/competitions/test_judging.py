"""Independent judging: judges see only their own assignments and sheets, declare conflicts
before scoring, are refused their own agency's or province's proposals, and the organiser's
moderation view shows totals, spread and missing scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from competitions import services
from competitions.models import JudgeAssignment, Score, Stage
from tests.factories import AgencyEditorFactory, AgencyFactory

from .factories import (
    AssignmentFactory,
    CriterionFactory,
    JudgeFactory,
    OrganiserFactory,
    ProposalFactory,
    competition_with_stages,
    make_current,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_in_evaluation():
    competition = competition_with_stages()
    current = make_current(competition, Stage.Kind.TOP_99_EVALUATION)
    novelty = CriterionFactory(stage=current, name="Kebaruan", weight=60, max_score=10)
    impact = CriterionFactory(stage=current, name="Dampak", weight=40, max_score=10)
    return competition, current, [novelty, impact]


def assignment_url(competition, assignment):
    return reverse(
        "competitions:assignment", kwargs={"slug": competition.slug, "pk": assignment.pk}
    )


def test_judge_cannot_see_unassigned_proposals(client, round_in_evaluation):
    competition, current, _criteria = round_in_evaluation
    judge = JudgeFactory()
    mine = AssignmentFactory(
        stage=current, judge=judge,
        proposal=ProposalFactory(competition=competition, reached_stage=current),
    )  # fmt: skip
    other_proposal = ProposalFactory(
        competition=competition, reached_stage=current, innovation__title="Bukan Tugas Saya"
    )
    someone_elses = AssignmentFactory(stage=current, proposal=other_proposal)
    client.force_login(judge)
    listing = client.get(reverse("competitions:judging", kwargs={"slug": competition.slug}))
    assert mine.proposal.innovation.title in listing.content.decode()
    assert "Bukan Tugas Saya" not in listing.content.decode()
    assert client.get(assignment_url(competition, mine)).status_code == 200
    assert client.get(assignment_url(competition, someone_elses)).status_code == 404
    response = client.post(
        assignment_url(competition, someone_elses), {"action": "score", "score_1": "9"}
    )
    assert response.status_code == 404
    assert not Score.objects.exists()


def test_judge_never_sees_another_judges_scores(client, round_in_evaluation):
    competition, current, (novelty, _impact) = round_in_evaluation
    proposal = ProposalFactory(competition=competition, reached_stage=current)
    judge, colleague = JudgeFactory(), JudgeFactory()
    mine = AssignmentFactory(stage=current, proposal=proposal, judge=judge)
    theirs = AssignmentFactory(stage=current, proposal=proposal, judge=colleague)
    Score.objects.create(
        assignment=theirs, criterion=novelty, value=Decimal("3.25"),
        comment="Catatan rahasia juri lain",
    )  # fmt: skip
    client.force_login(judge)
    page = client.get(assignment_url(competition, mine)).content.decode()
    assert "Catatan rahasia juri lain" not in page
    assert "3.25" not in page and "3,25" not in page
    # Nor through the organiser's moderation view.
    moderation = reverse("competitions:moderation", kwargs={"slug": competition.slug})
    assert client.get(moderation).status_code == 403


def test_judge_declares_before_scoring_then_scores_with_comments(client, round_in_evaluation):
    competition, current, (novelty, impact) = round_in_evaluation
    judge = JudgeFactory()
    assignment = AssignmentFactory(
        stage=current, judge=judge, declared_at=None,
        proposal=ProposalFactory(competition=competition, reached_stage=current),
    )  # fmt: skip
    client.force_login(judge)
    target = assignment_url(competition, assignment)
    early = {"action": "score", f"score_{novelty.pk}": "8", f"score_{impact.pk}": "7"}
    assert client.post(target, early).status_code == 400
    assert not Score.objects.exists()
    declared = client.post(target, {"action": "declare", "has_conflict": "no", "confirm": "on"})
    assert declared.status_code == 302
    assignment.refresh_from_db()
    assert assignment.declared_at is not None and not assignment.declared_conflict
    response = client.post(target, {**early, f"comment_{novelty.pk}": "Gagasan segar."})
    assert response.status_code == 302
    scores = {s.criterion_id: s for s in Score.objects.filter(assignment=assignment)}
    assert scores[novelty.pk].value == 8 and scores[novelty.pk].comment == "Gagasan segar."
    too_high = client.post(target, {"action": "score", f"score_{impact.pk}": "11"})
    assert too_high.status_code == 400
    assert "Nilai harus antara 0 dan 10" in too_high.content.decode()


def test_judge_declaring_a_conflict_cannot_score(round_in_evaluation):
    competition, current, (novelty, _impact) = round_in_evaluation
    judge = JudgeFactory()
    assignment = AssignmentFactory(
        stage=current, judge=judge, declared_at=None,
        proposal=ProposalFactory(competition=competition, reached_stage=current),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.assignment_declare(assignment=assignment, by=judge, has_conflict=True)
    services.assignment_declare(
        assignment=assignment, by=judge, has_conflict=True, note="Mantan konsultan proyek ini."
    )
    with pytest.raises(ValidationError, match="konflik"):
        services.scores_save(assignment=assignment, by=judge, values={novelty.pk: 5}, comments={})


def test_conflict_of_interest_is_enforced_for_agency_and_province(round_in_evaluation):
    competition, current, (novelty, _impact) = round_in_evaluation
    organiser = OrganiserFactory()
    proposal = ProposalFactory(competition=competition, reached_stage=current)
    same_agency = JudgeFactory(agency=proposal.agency)
    neighbour = AgencyFactory(regency__province=proposal.agency.province)
    same_province_by_agency = JudgeFactory(agency=neighbour)
    same_province_by_account = JudgeFactory(province=proposal.agency.province)
    for judge in (same_agency, same_province_by_agency, same_province_by_account):
        with pytest.raises(ValidationError, match="Konflik kepentingan"):
            services.judge_assign(stage=current, proposal=proposal, judge=judge, by=organiser)
    assert not JudgeAssignment.objects.exists()
    independent = JudgeFactory()
    services.judge_assign(stage=current, proposal=proposal, judge=independent, by=organiser)
    # A judge who later joins the proposal's province is refused at scoring time.
    assignment = JudgeAssignment.objects.get()
    services.assignment_declare(assignment=assignment, by=independent, has_conflict=False)
    independent.province = proposal.agency.province
    independent.save()
    with pytest.raises(PermissionDenied):
        services.scores_save(
            assignment=assignment, by=independent, values={novelty.pk: 5}, comments={}
        )


def test_conflict_is_refused_in_the_admin_assignment_form(client, round_in_evaluation):
    competition, current, _criteria = round_in_evaluation
    organiser = OrganiserFactory()
    proposal = ProposalFactory(competition=competition, reached_stage=current)
    judge = JudgeFactory(agency=proposal.agency)
    client.force_login(organiser)
    response = client.post(
        reverse("admin:competitions_judgeassignment_add"),
        {"stage": current.pk, "proposal": proposal.pk, "judge": judge.pk},
    )
    assert response.status_code == 200
    assert "Konflik kepentingan" in response.content.decode()
    assert not JudgeAssignment.objects.exists()


def test_only_assigned_judges_and_only_while_the_stage_runs(round_in_evaluation):
    competition, current, (novelty, _impact) = round_in_evaluation
    judge = JudgeFactory()
    assignment = AssignmentFactory(
        stage=current, judge=judge,
        proposal=ProposalFactory(competition=competition, reached_stage=current),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.scores_save(
            assignment=assignment, by=JudgeFactory(), values={novelty.pk: 5}, comments={}
        )
    make_current(competition, Stage.Kind.PRESENTATION)
    assignment.stage.refresh_from_db()
    with pytest.raises(ValidationError, match="tidak sedang berjalan"):
        services.scores_save(assignment=assignment, by=judge, values={novelty.pk: 5}, comments={})


def test_moderation_shows_totals_spread_and_missing_scores(
    client, round_in_evaluation, django_assert_max_num_queries
):
    competition, current, (novelty, impact) = round_in_evaluation
    strong = ProposalFactory(competition=competition, reached_stage=current)
    unfinished = ProposalFactory(competition=competition, reached_stage=current)
    for marks in ((10, 10), (6, 6)):  # sheets of 100 and 60: mean 80, stddev 20
        assignment = AssignmentFactory(stage=current, proposal=strong)
        Score.objects.create(assignment=assignment, criterion=novelty, value=marks[0])
        Score.objects.create(assignment=assignment, criterion=impact, value=marks[1])
    partial = AssignmentFactory(stage=current, proposal=unfinished)
    Score.objects.create(assignment=partial, criterion=novelty, value=5)
    for _ in range(5):
        extra = ProposalFactory(competition=competition, reached_stage=current)
        AssignmentFactory(stage=current, proposal=extra)
    client.force_login(OrganiserFactory())
    with django_assert_max_num_queries(20):
        response = client.get(reverse("competitions:moderation", kwargs={"slug": competition.slug}))
    page = response.content.decode()
    row = page.split(f'data-proposal="{strong.pk}"')[1].split("</tr>")[0]
    assert "80,00" in row or "80.00" in row
    assert "60,00" in row or "60.00" in row
    assert "20,00" in row or "20.00" in row
    missing_row = page.split(f'data-proposal="{unfinished.pk}"')[1].split("</tr>")[0]
    assert "1/2" in missing_row
    assert 'class="moderation-table__missing"' in page


def test_agency_editor_and_judge_cannot_moderate(client, round_in_evaluation):
    competition, _current, _criteria = round_in_evaluation
    moderation = reverse("competitions:moderation", kwargs={"slug": competition.slug})
    for user in (AgencyEditorFactory(), JudgeFactory()):
        client.force_login(user)
        assert client.get(moderation).status_code == 403
        response = client.post(
            reverse("competitions:moderation_action", kwargs={"slug": competition.slug}),
            {"action": "advance"},
        )
        assert response.status_code == 403
