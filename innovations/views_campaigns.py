"""Pages of update campaigns: the contact's personal link, the agency editor's answer, and the
campaign dashboard. Thin: reads come from selectors.campaigns, writes from services.campaigns."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import permissions
from .forms_campaigns import PROPOSE, EntryUpdateForm
from .models import Innovation
from .selectors import campaigns as selectors
from .services import campaigns as services

CHART_WIDTH = 560
CHART_ROW = 26
CHART_GUTTER = 210  # room for the group labels left of the bars
# The chart stacks the parts that add up to "invited"; opened and bounced stay in the table.
CHART_SEGMENTS = ("confirmed", "changed", "no_answer")


def _private(response: HttpResponse) -> HttpResponse:
    # The URL holds a secret: keep it out of other sites' Referer headers, caches and search
    # engines. Not "no-referrer": browsers then send "Origin: null" and the form's own POST
    # fails Django's CSRF origin check.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store, private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_unavailable(request: HttpRequest, *, gone: bool) -> HttpResponse:
    """One neutral page for every unusable link; the status differs, the text never does."""
    return _private(
        render(request, "innovations/campaigns/link_unavailable.html", status=410 if gone else 404)
    )


def _submit(request, form: EntryUpdateForm, *, entry: Innovation, invitation=None, by=None):
    """Hand a valid form to the answer service; returns the proposal or None, or re-raises."""
    data = form.cleaned_data
    proposing = data["decision"] == PROPOSE
    return services.campaign_answer_submit(
        entry=entry,
        invitation=invitation,
        by=by,
        continuity_status=data["continuity_status"],
        continuity_note=data.get("continuity_note", ""),
        changes=form.changes() if proposing else {},
        attachment=data.get("attachment") if proposing else None,
        attachment_kind=data.get("attachment_kind") or "document",
        attachment_caption=data.get("attachment_caption", ""),
    )


def _add_service_errors(form: EntryUpdateForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages_ in error.error_dict.items():
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def answer_by_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    lookup = selectors.invitation_for_link(slug=slug, token=token)
    if lookup.invitation is None:
        return _link_unavailable(request, gone=lookup.gone)
    invitation = lookup.invitation
    # A detached copy for the form: validation may set values on it, it is never saved.
    entry = Innovation.objects.select_related("agency").get(pk=invitation.innovation_id)
    if request.method == "POST":
        form = EntryUpdateForm(request.POST, request.FILES, instance=entry)
        if form.is_valid():
            try:
                proposal = _submit(request, form, entry=entry, invitation=invitation)
            except services.InvitationUnavailable:
                return _link_unavailable(request, gone=True)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return _private(
                    render(
                        request,
                        "innovations/campaigns/thanks.html",
                        {"entry": entry, "proposal": proposal},
                    )
                )
        status = 400
    else:
        services.invitation_mark_opened(invitation=invitation)
        form = EntryUpdateForm(instance=entry)
        status = 200
    return _private(
        render(
            request,
            "innovations/campaigns/answer.html",
            {"form": form, "entry": entry, "campaign": invitation.campaign},
            status=status,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_as_editor(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    if not permissions.is_agency_editor(user):
        raise Http404
    entry = get_object_or_404(
        Innovation.objects.select_related("agency"),
        slug=slug,
        agency_id=user.agency_id,
        status=Innovation.Status.PUBLISHED,
    )
    invitation = selectors.open_invitation_for_entry(entry)
    if request.method == "POST":
        form = EntryUpdateForm(request.POST, request.FILES, instance=entry)
        if form.is_valid():
            try:
                proposal = _submit(request, form, entry=entry, by=user)
            except ValidationError as error:
                _add_service_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Usulan perubahan dikirim ke kurator.")
                    if proposal
                    else _("Terima kasih, entri dikonfirmasi."),
                )
                return redirect("campaigns:index")
        status = 400
    else:
        form = EntryUpdateForm(instance=entry)
        status = 200
    return render(
        request,
        "innovations/campaigns/answer.html",
        {"form": form, "entry": entry, "campaign": invitation.campaign if invitation else None},
        status=status,
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "innovations/campaigns/index.html",
        {
            "invitations": selectors.open_invitations_for_editor(user),
            "campaigns": selectors.campaigns_visible_to(user),
            "is_curator": permissions.is_curator(user),
            "pending_proposals": (
                selectors.pending_proposed_changes().count() if permissions.is_curator(user) else 0
            ),
        },
    )


def _chart(figures: dict) -> dict:
    """Bar geometry for the stacked SVG chart (presentation only; the counts are the selector's)."""
    rows = figures["rows"]
    largest = max((row["invited"] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        x, segments = float(CHART_GUTTER), []
        for name in CHART_SEGMENTS:
            width = row[name] * CHART_WIDTH / largest
            segments.append({"name": name, "x": round(x, 1), "width": round(width, 1),
                             "value": row[name], "label": selectors.FIGURES[name][0]})  # fmt: skip
            x += width
        bars.append({"y": index * CHART_ROW, "label": row["group"], "segments": segments,
                     "invited": row["invited"], "end": round(x + 6, 1)})  # fmt: skip
    return {
        "bars": bars,
        "label_x": CHART_GUTTER - 10,
        "width": CHART_GUTTER + CHART_WIDTH + 50,
        "height": max(len(bars), 1) * CHART_ROW + 10,
        "legend": [(name, selectors.FIGURES[name][0]) for name in CHART_SEGMENTS],
    }


@login_required
def dashboard(request: HttpRequest, campaign_id: int) -> HttpResponse:
    if not selectors.can_see_campaign_dashboard(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(selectors.campaigns_visible_to(request.user), pk=campaign_id)
    by = request.GET.get("by", "province")
    if by not in selectors.DIMENSIONS:
        by = "province"
    figures = selectors.campaign_figures(user=request.user, campaign=campaign, by=by)
    columns = [(name, label) for name, (label, _condition) in selectors.FIGURES.items()]
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="pemutakhiran-{campaign.pk}-{by}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow([str(figures["dimension_label"]), *(str(label) for _n, label in columns)])
        for row in figures["rows"]:
            writer.writerow([row["group"], *(row[name] for name, _label in columns)])
        writer.writerow([_("Jumlah"), *(figures["total"][name] for name, _label in columns)])
        return response
    return render(
        request,
        "innovations/campaigns/dashboard.html",
        {
            "campaign": campaign,
            "figures": figures,
            "columns": columns,
            "table": [
                {"group": row["group"], "values": [row[name] for name, _label in columns]}
                for row in figures["rows"]
            ],
            "total": [figures["total"][name] for name, _label in columns],
            "dimensions": [(name, label) for name, (label, _path) in selectors.DIMENSIONS.items()],
            "chart": _chart(figures),
            "scope_province": (
                request.user.province
                if not permissions.is_curator(request.user) and selectors.is_hub_admin(request.user)
                else None
            ),
        },
    )
