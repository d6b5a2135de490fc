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
