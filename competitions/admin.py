"""Configuration screens for organisers: rounds with groups and stages, criteria, judge
assignments, proposals (read-only, disqualification), results, and the list of awarded entries
awaiting a curator's confirmation. Rows are narrowed by competitions.permissions (a hub admin
sees only its own province's round); writes go through competitions.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovations.permissions import is_curator
from regions.models import Province

from . import permissions, services
from .models import (
    AwaitingCuratorConfirmation,
    Competition,
    CompetitionGroup,
    Criterion,
    JudgeAssignment,
    Proposal,
    Result,
    Stage,
    StageChange,
)


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(str(message) for message in error.messages)
    return str(error) or str(_("Anda tidak berhak melakukan tindakan ini."))


class OrganisedRowsMixin:
    """Shows and lets change only the rows of rounds the user organises."""

    competition_path = "competition"

    def _organised(self, request):
        return permissions.competitions_organised_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(**{f"{self.competition_path}__in": self._organised(request)})

    def _competition_of(self, obj):
        for part in self.competition_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (
            obj is None or permissions.can_organise(request.user, self._competition_of(obj))
        )

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (
            obj is None or permissions.can_organise(request.user, self._competition_of(obj))
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organised = self._organised(request)
        if db_field.name == "competition":
            kwargs["queryset"] = organised
        elif db_field.name == "stage":
            kwargs["queryset"] = Stage.objects.filter(competition__in=organised).select_related(
                "competition"
            )
        elif db_field.name == "proposal":
            kwargs["queryset"] = Proposal.objects.filter(
                competition__in=organised, status=Proposal.Status.SUBMITTED
            ).select_related("innovation", "competition")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GroupInline(admin.TabularInline):
    model = CompetitionGroup
    fields = ("slug", "name", "position", "description")
    extra = 0


class StageInline(admin.TabularInline):
    model = Stage
    fields = ("position", "kind", "starts_on", "ends_on", "result_level", "opened_at", "closed_at")
    readonly_fields = ("opened_at", "closed_at")
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "province", "year", "current_stage", "moderation_link")
    list_filter = ("level", "year")
    search_fields = ("name", "theme")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("current_stage", "is_demo")
    inlines = [GroupInline, StageInline]
    list_select_related = ("province", "current_stage")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=permissions.competitions_organised_by(request.user))
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_organise(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_organise(request.user, obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        user = request.user
        if not permissions.is_ministry_organiser(user) and permissions.is_hub_admin(user):
            # A hub admin runs only its own province's provincial round.
            if "province" in form.base_fields:
                form.base_fields["province"].queryset = Province.objects.filter(pk=user.province_id)
            if "level" in form.base_fields:
                form.base_fields["level"].choices = [
                    (Competition.Level.PROVINCIAL, Competition.Level.PROVINCIAL.label)
                ]
        return form

    def save_model(self, request, obj, form, change):
        services.competition_save(competition=obj, by=request.user)

    @admin.display(description=_("Moderasi"))
    def moderation_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("competitions:moderation", args=[obj.slug]), _("Buka")
        )


@admin.register(Criterion)
class CriterionAdmin(OrganisedRowsMixin, admin.ModelAdmin):
    competition_path = "stage__competition"
    list_display = ("name", "stage", "weight", "max_score", "position")
    list_filter = ("stage__competition", "stage__kind")
    list_select_related = ("stage__competition",)


class JudgeAssignmentForm(forms.ModelForm):
    """Refuses a conflict of interest (own agency or province) with the service's words."""

    class Meta:
        model = JudgeAssignment
        fields = ("stage", "proposal", "judge")

    def clean(self):
        data = super().clean()
        stage, proposal, judge = data.get("stage"), data.get("proposal"), data.get("judge")
        if stage and proposal and judge and not self.instance.pk:
            for field, errors in services.judge_assignment_problems(
                stage=stage, proposal=proposal, judge=judge
            ).items():
                self.add_error(field, errors)
        return data


@admin.register(JudgeAssignment)
class JudgeAssignmentAdmin(OrganisedRowsMixin, admin.ModelAdmin):
    competition_path = "stage__competition"
    form = JudgeAssignmentForm
    list_display = ("proposal", "stage", "judge", "declared_at", "declared_conflict")
    list_filter = ("stage__competition", "stage__kind", "declared_conflict")
    readonly_fields = ("declared_at", "declared_conflict", "declaration_note")
    list_select_related = ("proposal__innovation", "stage__competition", "judge")

    def get_readonly_fields(self, request, obj=None):
        # An assignment is never moved to another proposal or judge: delete and assign anew.
        if obj is not None:
            return ("stage", "proposal", "judge", *self.readonly_fields)
        return self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "judge":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(
                groups__name=permissions.JUDGE_GROUP, is_active=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return
        assignment = services.judge_assign(
            stage=obj.stage, proposal=obj.proposal, judge=obj.judge, by=request.user
        )
        obj.pk = assignment.pk


@admin.register(Proposal)
class ProposalAdmin(OrganisedRowsMixin, admin.ModelAdmin):
    list_display = ("innovation", "competition", "group", "agency", "status", "reached_stage")
    list_filter = ("competition", "group", "status")
    search_fields = ("innovation__title", "agency__name")
    list_select_related = ("innovation", "competition", "group", "agency", "reached_stage")
    readonly_fields = (
        "competition", "group", "innovation", "agency", "sections", "status", "status_note",
        "reached_stage", "submitted_by", "submitted_at",
    )  # fmt: skip
    fields = readonly_fields
    actions = ["disqualify_selected"]

    def has_add_permission(self, request):
        # Proposals are submitted by agencies through their pages, not typed in by organisers.
        return False

    @admin.action(description=_("Diskualifikasi (seleksi administrasi tidak lolos)"))
    def disqualify_selected(self, request, queryset):
        for proposal in queryset:
            try:
                services.proposal_disqualify(
                    proposal=proposal,
                    by=request.user,
                    reason=str(_("Tidak lolos seleksi administrasi.")),
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{proposal}: {_error_text(error)}", messages.ERROR)


class ResultForm(forms.ModelForm):
    class Meta:
        model = Result
        fields = ("proposal", "level", "rank")


@admin.register(Result)
class ResultAdmin(OrganisedRowsMixin, admin.ModelAdmin):
    form = ResultForm
    list_display = ("proposal", "competition", "level", "rank", "published_at")
    list_filter = ("competition", "level")
    list_select_related = ("proposal__innovation", "competition")
    readonly_fields = ("published_at",)

    def get_readonly_fields(self, request, obj=None):
        # A published result is a recognition in the catalogue: it is not edited here.
        if obj is not None and obj.is_published:
            return ("proposal", "level", "rank", "published_at")
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        try:
            result = services.result_award(
                proposal=obj.proposal, level=obj.level, by=request.user, rank=obj.rank
            )
        except ValidationError as error:
            self.message_user(request, _error_text(error), messages.ERROR)
            return
        obj.pk = result.pk


@admin.register(AwaitingCuratorConfirmation)
class AwaitingCuratorConfirmationAdmin(admin.ModelAdmin):
    """Announced results whose entry is not published yet: a curator confirms (publishes) the
    entry through the catalogue workflow."""

    list_display = ("entry", "entry_status", "competition", "level", "published_at", "entry_link")
    list_filter = ("competition", "level")
    list_select_related = ("proposal__innovation", "competition")
    actions = ["confirm_selected"]

    def get_queryset(self, request):
        from . import selectors

        queryset = selectors.awaiting_curator_confirmation()
        if is_curator(request.user):
            return queryset
        return queryset.filter(competition__in=permissions.competitions_organised_by(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Inovasi"))
    def entry(self, obj):
        return obj.proposal.innovation.title

    @admin.display(description=_("Status entri"))
    def entry_status(self, obj):
        return obj.proposal.innovation.get_status_display()

    @admin.display(description=_("Entri"))
    def entry_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:innovations_innovation_change", args=[obj.proposal.innovation_id]),
            _("Buka di kurasi"),
        )

    @admin.action(description=_("Konfirmasi dan terbitkan entri di katalog"))
    def confirm_selected(self, request, queryset):
        done = 0
        for result in queryset:
            try:
                services.awarded_entry_confirm(result=result, by=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{result}: {_error_text(error)}", messages.ERROR)
        if done:
            self.message_user(request, _("%d entri diterbitkan.") % done, messages.SUCCESS)


@admin.register(StageChange)
class StageChangeAdmin(OrganisedRowsMixin, admin.ModelAdmin):
    list_display = ("competition", "action", "from_stage", "to_stage", "by", "at", "note")
    list_filter = ("competition", "action")
    list_select_related = ("competition", "from_stage", "to_stage", "by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
