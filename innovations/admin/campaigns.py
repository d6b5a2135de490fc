"""Curation screens of update campaigns: opening campaigns and sending their invitations,
following invitations, and reviewing proposed changes field by field.

Only curators see these screens (innovations.permissions decides, not model permissions), and
every write goes through innovations.services.campaigns.
"""

import difflib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms_campaigns import ProposedChangeReturnForm, UpdateCampaignForm
from ..models import (
    PROPOSABLE_FIELDS,
    CampaignInvitation,
    Innovation,
    ProposedChange,
    UpdateCampaign,
)
from ..services import campaigns as services
from . import error_text


class CuratorOnlyAdmin(admin.ModelAdmin):
    """Campaign screens belong to curators; the roles need no extra model permissions."""

    def has_module_permission(self, request):
        return permissions.is_curator(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_curator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UpdateCampaign)
class UpdateCampaignAdmin(CuratorOnlyAdmin):
    form = UpdateCampaignForm
    list_display = ("name", "starts_on", "ends_on", "invitations_queued_at", "dashboard_link")
    date_hierarchy = "starts_on"
    search_fields = ("name",)
    filter_horizontal = ("provinces",)
    autocomplete_fields = ("entries",)
    readonly_fields = ("created_by", "created_at", "invitations_queued_at")
    fieldsets = (
        (None, {"fields": ("name", "starts_on", "ends_on", "message")}),
        (
            _("Cakupan (entri terbit)"),
            {"fields": ("sources", "year_from", "year_to", "provinces", "entries")},
        ),
        (_("Catatan sistem"), {"fields": ("created_by", "created_at", "invitations_queued_at")}),
    )
    actions = ["send_invitations"]

    def has_add_permission(self, request):
        return permissions.is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        # A campaign with invitations is part of the record of who confirmed what.
        return permissions.is_curator(request.user) and (
            obj is None or not obj.invitations.exists()
        )

    @admin.display(description=_("Dasbor"))
    def dashboard_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("campaigns:dashboard", args=(obj.pk,)), _("Buka dasbor")
        )

    def save_model(self, request, obj, form, change):
        services.campaign_save(campaign=obj, by=request.user)

    @admin.action(description=_("Kirim undangan ke kontak entri (sekali per entri)"))
    def send_invitations(self, request, queryset):
        for campaign in queryset:
            try:
                services.campaign_invitations_queue(campaign=campaign, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{campaign}: {error_text(error)}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("“%(campaign)s”: pengiriman undangan diantrekan.") % {"campaign": campaign},
                    messages.SUCCESS,
                )


@admin.register(CampaignInvitation)
class CampaignInvitationAdmin(CuratorOnlyAdmin):
    """Read-only: invitations are written only by the sending and answering services."""

    list_display = (
        "innovation", "campaign", "email", "sent_at", "opened_at", "answered_at", "outcome",
        "bounced_at", "reminders_sent",
    )  # fmt: skip
    list_filter = ("campaign", "outcome", ("bounced_at", admin.EmptyFieldListFilter))
    list_select_related = ("innovation", "campaign")
    search_fields = ("innovation__title", "email")
    readonly_fields = (
        "campaign", "innovation", "email", "created_at", "sent_at", "opened_at", "answered_at",
        "outcome", "answered_by", "bounced_at", "bounce_reason", "reminders_sent",
        "last_reminded_at",
    )  # fmt: skip


def word_diff(old: str, new: str) -> str:
    """HTML marking removed words <del> and added words <ins>; every word is escaped."""
    old_words, new_words = (old or "").split(), (new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))  # every piece above is escaped


@admin.register(ProposedChange)
class ProposedChangeAdmin(CuratorOnlyAdmin):
    list_display = ("innovation", "proposer", "created_at", "status", "reviewed_by")
    list_filter = ("status", "invitation__campaign")
    list_select_related = ("innovation", "proposed_by", "reviewed_by")
    search_fields = ("innovation__title", "proposed_by_email")
    ordering = ("status", "created_at")

    def has_change_permission(self, request, obj=None):
        # The change page is the review page (diff, accept, return); it edits nothing itself.
        return permissions.is_curator(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # This view replaces the admin's own, so it asks the permission the admin's would.
        if not self.has_change_permission(request):
            raise PermissionDenied
        change = self.get_object(request, object_id)
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return_form = ProposedChangeReturnForm(request.POST or None)
        if request.method == "POST":
            try:
                if request.POST.get("decision") == "accept":
                    services.proposed_change_accept(change=change, by=request.user)
                    self.message_user(request, _("Usulan diterapkan pada entri."), messages.SUCCESS)
                    return HttpResponseRedirect(request.path)
                if request.POST.get("decision") == "return" and return_form.is_valid():
                    services.proposed_change_return(
                        change=change, by=request.user, comment=return_form.cleaned_data["comment"]
                    )
                    self.message_user(
                        request, _("Usulan dikembalikan kepada pengusul."), messages.SUCCESS
                    )
                    return HttpResponseRedirect(request.path)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
            change.refresh_from_db()
        entry = Innovation.objects.get(pk=change.innovation_id)
        rows = []
        for name in PROPOSABLE_FIELDS:
            if name not in change.changes:
                continue
            current = getattr(entry, name) or ""
            proposed = change.changes[name] or ""
            original = change.original.get(name, current) or ""
            rows.append(
                {
                    "label": Innovation._meta.get_field(name).verbose_name,
                    "current": current,
                    "proposed": proposed,
                    "diff": word_diff(current, proposed),
                    "changed_since": current != original,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(change),
            "change": change,
            "entry": entry,
            "rows": rows,
            "return_form": return_form,
            "is_pending": change.status == ProposedChange.Status.PENDING,
            "has_view_permission": True,
        }
        return TemplateResponse(
            request, "innovations/campaigns/admin_proposed_change.html", context
        )
