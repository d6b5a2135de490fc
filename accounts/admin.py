from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

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

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for user in objs:
            if authored_history(user):
                protected.append(
                    _("%(user)s tercatat sebagai pengubah data: nonaktifkan akunnya")
                    % {"user": user}
                )
        return deleted, counts, perms_needed, protected


def authored_history(user) -> bool:
    """Whether any history record names the user: deleting the account would leave those
    changes without an author (the history keeps no copy of the name)."""
    for model in set(registered_models.values()):
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager is None:  # many-to-many links: their rows belong to the owner's records
            continue
        history = getattr(model, manager).model
        if history.objects.filter(history_user_id=user.pk).exists():
            return True
    return False
