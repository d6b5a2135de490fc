from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Instansi dan wilayah"), {"fields": ("agency", "province")}),
    )
    list_display = ("username", "email", "agency", "province", "is_staff", "is_active")
    list_filter = (*DjangoUserAdmin.list_filter, "groups")
    autocomplete_fields = ("agency", "province")
    list_select_related = ("agency", "province")

    # Who is a superuser and which roles and permissions a user holds are set by superusers
    # only; nobody changes their own staff or active flag (a staff account allowed to change
    # users could otherwise make itself a superuser).
    PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")
    OWN_ACCOUNT_FIELDS = ("is_staff", "is_active")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.PRIVILEGE_FIELDS
        if obj is not None and obj.pk == request.user.pk:
            fields += self.OWN_ACCOUNT_FIELDS
        return fields
