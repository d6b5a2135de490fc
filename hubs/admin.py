"""Hub management screens for curators (every hub) and hub admins (their province's hub only).

Who sees and changes what comes from hubs.permissions; every write goes through hubs.services.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from innovations.admin import error_text
from innovations.models import Innovation
from regions.models import Regency

from . import permissions, services
from .models import Hub, HubActivity, HubActivityMedia, HubPartner, ParticipationRecord


class SaveRefused(Exception):
    """A service refused what the form accepted; shown as a message, nothing saved."""


class ScopedAdmin(admin.ModelAdmin):
    """Rows visible and editable only within the hubs the user manages."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def scoped_queryset(self, user):
        raise NotImplementedError

    def hub_of(self, obj):
        return obj.hub

    def get_queryset(self, request):
        return self.scoped_queryset(request.user)

    def has_module_permission(self, request):
        return permissions.may_manage_hubs(request.user)

    def has_view_permission(self, request, obj=None):
        if not permissions.may_manage_hubs(request.user):
            return False
        return obj is None or permissions.can_manage_hub(request.user, self.hub_of(obj))

    def has_add_permission(self, request):
        return permissions.may_manage_hubs(request.user)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub":
            kwargs["queryset"] = permissions.hubs_managed_by(request.user).select_related(
                "province"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            self.save_with_service(request, obj)
        except (ValidationError, PermissionDenied) as error:
            raise SaveRefused(error_text(error)) from error

    def save_with_service(self, request, obj):
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except SaveRefused as refusal:
            self.message_user(
                request,
                _("Perubahan tidak disimpan: %(reason)s") % {"reason": refusal},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())


class HubPartnerInline(admin.TabularInline):
    model = HubPartner
    fields = ("name", "kind", "role", "website", "is_demo")
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # The parent hub decides; the admin already checked it.
    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.can_manage_hub(request.user, obj)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Hub)
class HubAdmin(ScopedAdmin):
    list_display = ("province", "kind", "status", "designation_year", "coordinating_agency")
    list_filter = ("kind", "status", "designation_year")
    list_select_related = ("province", "coordinating_agency")
    search_fields = ("province__name",)
    inlines = [HubPartnerInline]
    fields = (
        "province",
        "kind",
        "status",
        "designation_year",
        "decree_number",
        "decree_date",
        "designation_note",
        "coordinating_agency",
        "description",
        "website",
        "contact_name",
        "contact_email",
        "contact_phone",
        "is_demo",
    )

    def scoped_queryset(self, user):
        return permissions.hubs_managed_by(user)

    def hub_of(self, obj):
        return obj

    def has_add_permission(self, request):
        return permissions.can_create_hub(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_create_hub(request.user)

    def get_readonly_fields(self, request, obj=None):
        # The designation itself is a ministry decree: hub admins maintain the profile only.
        if permissions.can_create_hub(request.user):
            return ()
        return ("province", "kind", "status", "designation_year", "decree_number", "decree_date")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "coordinating_agency" and not permissions.can_create_hub(request.user):
            from regions.models import Agency

            kwargs["queryset"] = Agency.objects.filter(province_id=request.user.province_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_with_service(self, request, obj):
        services.hub_save(hub=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        for partner in formset.save(commit=False):
            try:
                services.hub_partner_save(partner=partner, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                raise SaveRefused(error_text(error)) from error
        for partner in formset.deleted_objects:
            partner.delete()


class HubActivityMediaInline(admin.TabularInline):
    """Photos and documents; each upload is checked by HubActivityMedia.clean()."""

    model = HubActivityMedia
    fields = ("kind", "file", "caption")
    extra = 0

    def has_view_permission(self, request, obj=None):
        return obj is None or permissions.can_manage_hub(request.user, obj.hub)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(HubActivity)
class HubActivityAdmin(ScopedAdmin):
    list_display = ("title", "hub", "kind", "held_on", "mode", "is_demo")
    list_filter = ("kind", "mode", "hub")
    list_select_related = ("hub__province",)
    search_fields = ("title", "place", "outcome_notes")
    date_hierarchy = "held_on"
    filter_horizontal = ("participating_agencies", "related_innovations")
    inlines = [HubActivityMediaInline]
    fields = (
        "hub",
        "title",
        "kind",
        "held_on",
        "place",
        "mode",
        "participating_agencies",
        "related_innovations",
        "outcome_notes",
        "is_demo",
    )

    def scoped_queryset(self, user):
        return permissions.activities_managed_by(user)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related_innovations":
            kwargs["queryset"] = Innovation.objects.filter(status=Innovation.Status.PUBLISHED)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_with_service(self, request, obj):
        # Participants and entries are saved by the form right after (save_related).
        services.hub_activity_save(activity=obj, by=request.user)


@admin.register(ParticipationRecord)
class ParticipationRecordAdmin(ScopedAdmin):
    list_display = (
        "regency",
        "year",
        "period_kind",
        "period",
        "skm_index",
        "fkp_forums",
        "lapor_received",
        "lapor_resolved",
        "is_demo",
    )
    list_filter = ("year", "period_kind", "hub")
    list_select_related = ("regency", "hub__province")
    search_fields = ("regency__name",)
    fields = (
        "hub",
        "regency",
        "year",
        "period_kind",
        "period",
        "skm_index",
        "skm_respondents",
        "fkp_forums",
        "fkp_topics",
        "lapor_received",
        "lapor_resolved",
        "lapor_median_days",
        "is_demo",
    )

    def scoped_queryset(self, user):
        return permissions.participation_managed_by(user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "regency":
            provinces = permissions.hubs_managed_by(request.user).values("province_id")
            kwargs["queryset"] = Regency.objects.filter(province_id__in=provinces)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_with_service(self, request, obj):
        services.participation_record_save(record=obj, by=request.user)
