"""Admin of replications: agency editors declare and advance their own agency's replications,
hub admins follow their province's, curators see all. Every write goes through
innovations.services.replication, so the admin cannot skip a state or act for another agency."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import permissions_replication as rules
from ..models import (
    Innovation,
    Replication,
    ReplicationProgressReport,
    ReplicationStep,
    ReplicationTarget,
    ReplicationTransition,
)
from ..services import replication as services


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(message) for message in error.messages)
    return str(error) or str(_("Anda tidak berhak melakukan tindakan ini."))


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    max_num = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_view_permission(self, request, obj=None):
        return obj is None or rules.can_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = ReplicationStep
    fields = ("position", "title", "responsible_unit", "target_date", "done_on")


class ReportInline(ReadOnlyInline):
    model = ReplicationProgressReport
    fields = ("reported_on", "progress_percent", "summary", "obstacles", "reported_by")


class TransitionInline(ReadOnlyInline):
    model = ReplicationTransition
    fields = ("at", "from_status", "to_status", "by", "note")
    verbose_name_plural = _("riwayat status")


class DeclareForm(forms.ModelForm):
    class Meta:
        model = Replication
        fields = ("origin", "agency", "target_year")


# --- one small form per workflow step; the service validates again -----------------------------


class CommitForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Tanggal penandatanganan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signatory = forms.CharField(label=_("Penanda tangan"), max_length=200)
    document = forms.FileField(label=_("Dokumen komitmen (PDF/DOCX)"))

    def run(self, replication, by):
        return services.replication_commit(
            replication=replication,
            by=by,
            signed_on=self.cleaned_data["signed_on"],
            signatory=self.cleaned_data["signatory"],
            document=self.cleaned_data["document"],
        )


class PlanForm(forms.Form):
    steps = forms.CharField(
        label=_("Langkah rencana aksi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Satu langkah per baris: judul | unit penanggung jawab | YYYY-MM-DD"),
    )

    def clean_steps(self):
        steps = []
        for number, line in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                raise ValidationError(
                    _("Baris %(n)d: gunakan format judul | unit | YYYY-MM-DD.") % {"n": number}
                )
            try:
                target = forms.DateField().clean(parts[2])
            except ValidationError as error:
                raise ValidationError(
                    _("Baris %(n)d: tanggal tidak sah.") % {"n": number}
                ) from error
            steps.append({"title": parts[0], "responsible_unit": parts[1], "target_date": target})
        return steps

    def run(self, replication, by):
        return services.replication_plan(
            replication=replication, by=by, steps=self.cleaned_data["steps"]
        )


class ReportForm(forms.Form):
    progress_percent = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    summary = forms.CharField(label=_("Ringkasan kemajuan"), widget=forms.Textarea)
    obstacles = forms.CharField(label=_("Kendala"), widget=forms.Textarea, required=False)

    def run(self, replication, by):
        return services.replication_report_progress(
            replication=replication, by=by, **self.cleaned_data
        )


class ImplementForm(forms.Form):
    result = forms.ModelChoiceField(
        label=_("Entri katalog hasil replikasi"), queryset=Innovation.objects.none()
    )

    def __init__(self, *args, replication, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the replicating agency's published entries are offered; the service re-checks.
        self.fields["result"].queryset = Innovation.objects.filter(
            agency_id=replication.agency_id, status=Innovation.Status.PUBLISHED
        ).exclude(pk=replication.origin_id)

    def run(self, replication, by):
        return services.replication_implement(
            replication=replication, by=by, result=self.cleaned_data["result"]
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), widget=forms.Textarea)

    def run(self, replication, by):
        return services.replication_cancel(
            replication=replication, by=by, reason=self.cleaned_data["reason"]
        )


ACTION_FORMS = {
    "commit": CommitForm,
    "plan": PlanForm,
    "report": ReportForm,
    "implement": ImplementForm,
    "cancel": CancelForm,
}


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = ("origin", "agency", "province", "status", "target_year", "updated_at")
    list_filter = ("status", "target_year", "province")
    list_select_related = ("origin", "agency", "province")
    search_fields = ("origin__title", "agency__name")
    change_form_template = "admin/innovations/replication/change_form.html"
    readonly_fields = (
        "origin",
        "agency",
        "province",
        "status",
        "target_year",
        "commitment_signed_on",
        "commitment_signatory",
        "commitment_document",
        "result",
        "cancelled_reason",
        "declared_by",
        "declared_at",
        "is_demo",
    )
    inlines = [StepInline, ReportInline, TransitionInline]

    def get_queryset(self, request):
        return rules.replications_visible_to(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return rules.may_declare_replications(request.user) or rules.is_hub_admin(request.user)
        return rules.can_view(request.user, obj)

    def has_add_permission(self, request):
        return rules.may_declare_replications(request.user)

    def has_change_permission(self, request, obj=None):
        # Nothing is edited in place: steps are taken through the workflow buttons.
        return obj is None and self.has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = DeclareForm
            kwargs["fields"] = DeclareForm.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "origin":
            kwargs["queryset"] = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
        if db_field.name == "agency":
            kwargs["queryset"] = rules.agencies_replicating_as(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if request.user.agency_id:
            initial.setdefault("agency", request.user.agency_id)
        return initial

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST":
            form = DeclareForm(request.POST)
            form.fields["origin"].queryset = Innovation.objects.filter(
                status=Innovation.Status.PUBLISHED
            )
            form.fields["agency"].queryset = rules.agencies_replicating_as(request.user)
            if form.is_valid():
                try:
                    replication = services.replication_declare(
                        origin=form.cleaned_data["origin"],
                        agency=form.cleaned_data["agency"],
                        by=request.user,
                        target_year=form.cleaned_data["target_year"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, _error_text(error), messages.ERROR)
                    return HttpResponseRedirect(request.get_full_path())
                self.message_user(request, _("Niat replikasi dicatat."), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(replication.pk))
        return super().add_view(request, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["workflow_buttons"] = [
                {
                    "label": services.REPLICATION_WORKFLOW[action].label,
                    "url": reverse(
                        "admin:innovations_replication_step",
                        args=(obj.pk, action),
                        current_app=self.admin_site.name,
                    ),
                }
                for action in services.available_replication_actions(obj, request.user)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/step/<str:action>/",
                self.admin_site.admin_view(self.step_view),
                name="innovations_replication_step",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request, object_id, action):
        """A workflow step: its form on GET, the service on POST."""
        replication = self.get_object(request, unquote(object_id))
        if replication is None or action not in ACTION_FORMS:
            raise Http404
        form_class = ACTION_FORMS[action]
        extra = {"replication": replication} if form_class is ImplementForm else {}
        form = form_class(request.POST or None, request.FILES or None, **extra)
        if request.method == "POST" and form.is_valid():
            try:
                form.run(replication, request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _error_text(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(action)s berhasil.")
                    % {"action": services.REPLICATION_WORKFLOW[action].label},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(replication.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": services.REPLICATION_WORKFLOW[action].label,
            "replication": replication,
            "form": form,
            "change_url": self._change_url(replication.pk),
        }
        return TemplateResponse(request, "admin/innovations/replication/step_form.html", context)

    def _change_url(self, pk) -> str:
        return reverse(
            "admin:innovations_replication_change", args=(pk,), current_app=self.admin_site.name
        )


@admin.register(ReplicationTarget)
class ReplicationTargetAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "planned", "note", "is_demo")
    list_filter = ("year",)
    list_select_related = ("agency",)
    search_fields = ("agency__name",)
    fields = ("agency", "year", "planned", "note")

    def get_queryset(self, request):
        return rules.targets_visible_to(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return rules.may_set_targets(request.user)
        return rules.can_set_target(request.user, obj.agency)

    def has_add_permission(self, request):
        return rules.may_set_targets(request.user)

    has_change_permission = has_delete_permission = has_view_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = rules.agencies_targetable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form validated agency and year; the service applies the permission rule again.
        target = services.replication_target_set(
            agency=obj.agency, year=obj.year, planned=obj.planned, by=request.user, note=obj.note
        )
        obj.pk = target.pk
