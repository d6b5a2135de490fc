"""Curation of likely duplicates: the list of flagged pairs, and for each pair a side-by-side
view of both entries with the two decisions — merge (keeping the entry the curator chooses) or
dismiss as not a duplicate.

Only curators see these screens (innovations.permissions decides); the decisions are
innovations.services.duplicates functions, which check the rights again.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import DuplicateCandidate, SlugRedirect
from ..selectors import duplicates as selectors
from ..services import duplicates as services
from . import error_text


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OpenFirstStatusFilter(admin.SimpleListFilter):
    """Opens on the pairs waiting for a decision: that is the curator's work list."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*DuplicateCandidate.Status.choices, ("all", _("Semua"))]

    def choices(self, changelist):
        value = self.value() or DuplicateCandidate.Status.OPEN
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or DuplicateCandidate.Status.OPEN
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin):
    list_display = ("compare_link", "other", "agencies", "reason", "score_shown", "created_at")
    list_filter = (OpenFirstStatusFilter, "reason")
    list_select_related = ("entry__agency", "other__agency")
    search_fields = ("entry__title", "other__title", "entry__external_ref")
    ordering = ("-created_at", "-id")
    compare_template = "admin/innovations/duplicatecandidate/compare.html"

    def has_module_permission(self, request):
        return permissions.can_review_duplicates(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_review_duplicates(request.user)

    # The change page is the comparison (with merge and dismiss); it edits no field itself.
    def has_change_permission(self, request, obj=None):
        return permissions.can_review_duplicates(request.user)

    def has_add_permission(self, request):
        return False  # pairs are flagged by services.duplicates.duplicates_flag

    def has_delete_permission(self, request, obj=None):
        return False  # a decision is part of the record

    @admin.display(description=_("entri"), ordering="entry__title")
    def compare_link(self, candidate):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:innovations_duplicatecandidate_change", args=(candidate.pk,)),
            candidate.entry,
        )

    @admin.display(description=_("instansi"))
    def agencies(self, candidate):
        if candidate.entry.agency_id == candidate.other.agency_id:
            return candidate.entry.agency
        return f"{candidate.entry.agency} / {candidate.other.agency}"

    @admin.display(description=_("skor"), ordering="score")
    def score_shown(self, candidate):
        return f"{candidate.score:.2f}"

    def changelist_view(self, request, extra_context=None):
        # Only for whoever may see the list: the message would show on a refused user's next page.
        count = selectors.open_duplicate_count() if self.has_view_permission(request) else 0
        if count and request.method == "GET":
            self.message_user(
                request,
                _("%(count)d pasangan menunggu keputusan kurator.") % {"count": count},
                messages.INFO,
            )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        candidate = self.get_object(request, object_id)
        if candidate is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if request.POST.get("decision") == "dismiss":
                    services.duplicate_dismiss(candidate=candidate, by=request.user, note=note)
                    self.message_user(
                        request, _("Pasangan ditandai bukan duplikat."), messages.SUCCESS
                    )
                    return HttpResponseRedirect(request.path)
                if request.POST.get("decision") == "merge":
                    survivor = services.duplicate_candidate_merge(
                        candidate=candidate,
                        survivor_id=int(request.POST.get("survivor") or 0),
                        by=request.user,
                        note=note,
                    )
                    self.message_user(
                        request,
                        _("Entri digabung ke “%(entry)s”; slug lamanya dialihkan ke entri ini.")
                        % {"entry": survivor},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, error_text(error), messages.ERROR)
            candidate.refresh_from_db()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Bandingkan kandidat duplikat"),
            "candidate": candidate,
            "rows": selectors.duplicate_comparison(candidate),
            "form": form,
            "is_open": candidate.status == DuplicateCandidate.Status.OPEN,
            "may_merge": permissions.can_merge(request.user),
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.compare_template, context)


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    """Read-only: redirects are written by merges."""

    list_display = ("old_slug", "entry", "created_at")
    search_fields = ("old_slug", "entry__title", "entry__slug")
    list_select_related = ("entry",)

    def has_module_permission(self, request):
        return permissions.can_review_duplicates(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_review_duplicates(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
