"""Pages of the competitions: the public list and round pages with results, the incentive
report, and the working pages of agency editors (their proposals), judges (their assignments)
and organisers (moderation). Thin: reads from selectors, writes through services; another
agency's proposal or another judge's assignment answers 404, as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import forms, permissions, reports, selectors, services, workflow
from .models import Competition, JudgeAssignment, Proposal


def _competition(slug: str) -> Competition:
    return get_object_or_404(
        Competition.objects.select_related("current_stage", "province", "organiser_agency"),
        slug=slug,
    )


def competition_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competitions/list.html",
        {"competitions": selectors.competition_list()},
    )


def competition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    competition = get_object_or_404(selectors.public_competitions(), slug=slug)
    user = request.user
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "stages": list(competition.stages.all()),
            "results": selectors.results_by_level_and_group(competition),
            "registration_open": workflow.registration_open(competition),
            "is_agency_editor": permissions.can_manage_own_proposals(user),
            "is_judge": permissions.is_judge(user),
            "is_organiser": permissions.can_organise(user, competition),
        },
    )


def incentive_report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if fmt == "csv":
        content, content_type = reports.incentive_csv(year), "text/csv; charset=utf-8"
    else:
        content = reports.incentive_xlsx(year)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="laporan-insentif-{year}.{fmt}"'
    return response


# --- Agency editors ---------------------------------------------------------------------------


def _require_agency_editor(request: HttpRequest) -> None:
    if not permissions.can_manage_own_proposals(request.user):
        raise PermissionDenied(_("Halaman ini untuk editor instansi."))


@login_required
def my_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _competition(slug)
    _require_agency_editor(request)
    return render(
        request,
        "competitions/my_proposals.html",
        {
            "competition": competition,
            "proposals": selectors.proposals_of_agency(request.user, competition),
            "registration_open": workflow.registration_open(competition),
        },
    )


def _locked_page(request, competition, proposal=None) -> HttpResponse:
    return render(
        request,
        "competitions/proposal_locked.html",
        {"competition": competition, "proposal": proposal},
        status=403,
    )


@login_required
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _competition(slug)
    _require_agency_editor(request)
    if not workflow.registration_open(competition):
        return _locked_page(request, competition)
    form = forms.ProposalForm(
        request.POST or None, request.FILES or None, competition=competition, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_submit(
                competition=competition, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            forms.show_service_errors(form, error)
        else:
            messages.success(request, _("Proposal “%s” diajukan.") % proposal.innovation.title)
            return redirect("competitions:my_proposals", slug=competition.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "competitions/proposal_form.html",
        {"competition": competition, "form": form, "proposal": None},
        status=status,
    )


def _own_proposal(request, competition, pk) -> Proposal:
    _require_agency_editor(request)
    try:
        return selectors.own_proposal(request.user, competition, pk)
    except Proposal.DoesNotExist:
        raise Http404(_("Proposal tidak ditemukan.")) from None


@login_required
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    competition = _competition(slug)
    proposal = _own_proposal(request, competition, pk)
    if not proposal.is_active or not workflow.registration_open(competition):
        return _locked_page(request, competition, proposal)
    form = forms.ProposalForm(
        request.POST or None,
        request.FILES or None,
        competition=competition,
        user=request.user,
        proposal=proposal,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(proposal=proposal, by=request.user, **form.service_arguments())
        except ValidationError as error:
            forms.show_service_errors(form, error)
        else:
            messages.success(request, _("Perubahan proposal disimpan."))
            return redirect("competitions:my_proposals", slug=competition.slug)
    return render(
        request,
        "competitions/proposal_form.html",
        {"competition": competition, "form": form, "proposal": proposal},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    competition = _competition(slug)
    proposal = _own_proposal(request, competition, pk)
    if not proposal.is_active or not workflow.registration_open(competition):
        return _locked_page(request, competition, proposal)
    if request.method == "POST":
        try:
            services.proposal_withdraw(proposal=proposal, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Proposal ditarik."))
        return redirect("competitions:my_proposals", slug=competition.slug)
    return render(
        request,
        "competitions/proposal_withdraw.html",
        {"competition": competition, "proposal": proposal},
    )


# --- Judges -----------------------------------------------------------------------------------


@login_required
def judging(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _competition(slug)
    if not permissions.is_judge(request.user):
        raise PermissionDenied(_("Halaman ini untuk juri."))
    return render(
        request,
        "competitions/judging.html",
        {
            "competition": competition,
            "assignments": selectors.judge_assignments(request.user, competition),
        },
    )


@login_required
def assignment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    competition = _competition(slug)
    if not permissions.is_judge(request.user):
        raise PermissionDenied(_("Halaman ini untuk juri."))
    try:
        assignment = selectors.own_assignment(request.user, competition, pk)
    except JudgeAssignment.DoesNotExist:
        raise Http404(_("Penugasan tidak ditemukan.")) from None
    criteria = selectors.stage_criteria(assignment.stage)
    scores = selectors.own_scores(assignment)
    action = request.POST.get("action") if request.method == "POST" else None
    declaration = forms.DeclarationForm(request.POST if action == "declare" else None)
    score_form = forms.ScoreForm(
        request.POST if action == "score" else None, criteria=criteria, scores=scores
    )
    status = 200
    if action == "declare" and declaration.is_valid():
        try:
            services.assignment_declare(
                assignment=assignment, by=request.user, **declaration.cleaned_data_for_service()
            )
        except ValidationError as error:
            forms.show_service_errors(declaration, error)
            status = 400
        else:
            messages.success(request, _("Pernyataan konflik kepentingan dicatat."))
            return redirect("competitions:assignment", slug=slug, pk=pk)
    elif action == "score" and score_form.is_valid():
        try:
            services.scores_save(
                assignment=assignment, by=request.user, **score_form.service_arguments()
            )
        except ValidationError as error:
            forms.show_service_errors(score_form, error)
            status = 400
        else:
            messages.success(request, _("Nilai disimpan."))
            return redirect("competitions:assignment", slug=slug, pk=pk)
    elif action:
        status = 400
    proposal = assignment.proposal
    return render(
        request,
        "competitions/assignment.html",
        {
            "competition": competition,
            "assignment": assignment,
            "proposal": proposal,
            "sections": _labelled_sections(competition, proposal),
            "declaration_form": declaration,
            "score_form": score_form,
            "scoring_open": competition.current_stage_id == assignment.stage_id
            and not assignment.stage.is_closed,
        },
        status=status,
    )


def _labelled_sections(competition: Competition, proposal: Proposal) -> list[tuple[str, str]]:
    return [
        (spec.get("label") or spec["section"], proposal.sections.get(spec["section"], ""))
        for spec in competition.section_specs()
    ]


# --- Organisers -------------------------------------------------------------------------------


def _organised(request, slug) -> Competition:
    competition = _competition(slug)
    if not permissions.can_organise(request.user, competition):
        raise PermissionDenied(
            _("Hanya penyelenggara kompetisi ini yang dapat membuka halaman ini.")
        )
    return competition


def _moderation_context(competition: Competition, user, advance_form=None) -> dict:
    stage = competition.current_stage
    scored = stage is not None and workflow.is_scored(stage)
    boards = selectors.stage_scoreboard(stage) if scored else []
    groups = [board.group for board in boards] or list(competition.groups.all())
    return {
        "competition": competition,
        "stage": stage,
        "scored": scored,
        "boards": boards,
        "criteria": selectors.stage_criteria(stage) if scored else [],
        "actions": workflow.available_actions(competition, user),
        "advance_form": advance_form or forms.AdvanceForm(groups=groups),
        "proposal_count": competition.proposals.filter(
            status=Proposal.Status.SUBMITTED, reached_stage=stage
        ).count()
        if stage
        else 0,
        "pending_results": competition.results.filter(published_at__isnull=True).count(),
    }


@login_required
def moderation(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _organised(request, slug)
    return render(
        request, "competitions/moderation.html", _moderation_context(competition, request.user)
    )


@login_required
@require_POST
def moderation_action(request: HttpRequest, slug: str) -> HttpResponse:
    competition = _organised(request, slug)
    action = request.POST.get("action")
    advance_form = None
    try:
        if action == "start":
            services.competition_start(competition=competition, by=request.user)
            messages.success(request, _("Kompetisi dimulai."))
        elif action == "advance":
            stage = competition.current_stage
            if stage is not None and workflow.is_scored(stage):
                groups = [board.group for board in selectors.stage_scoreboard(stage)]
                advance_form = forms.AdvanceForm(request.POST, groups=groups)
                if not advance_form.is_valid():
                    raise ValidationError(_("Periksa jumlah yang lolos."))
                outcome = services.stage_advance(
                    competition=competition,
                    by=request.user,
                    quotas=advance_form.quotas(),
                    include_ties=advance_form.cleaned_data["include_ties"],
                )
            else:
                outcome = services.stage_advance(competition=competition, by=request.user)
            messages.success(
                request,
                _("%(count)d proposal lolos ke tahap %(stage)s.")
                % {"count": len(outcome.advanced), "stage": outcome.to_stage.get_kind_display()},
            )
            if outcome.ties:
                messages.warning(request, outcome.note)
        elif action == "publish_results":
            published = services.results_publish(competition=competition, by=request.user)
            messages.success(request, _("%d hasil diumumkan.") % len(published))
        else:
            raise ValidationError(_("Tindakan tidak dikenal."))
    except ValidationError as error:
        competition.refresh_from_db()
        context = _moderation_context(competition, request.user, advance_form)
        context["errors"] = [
            message
            for messages_ in (
                error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]
            )
            for message in messages_
        ]
        return render(request, "competitions/moderation.html", context, status=400)
    return redirect("competitions:moderation", slug=competition.slug)
