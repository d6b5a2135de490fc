from django.contrib import admin

from .models import Agency, Province, Regency


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ("code", "display_name", "province", "kind")
    list_filter = ("kind", "province")
    search_fields = ("code", "name")
    list_select_related = ("province",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "code", "kind", "province", "regency")
    list_filter = ("kind", "province")
    search_fields = ("name", "acronym", "code")
    list_select_related = ("province", "regency")
    autocomplete_fields = ("province", "regency")
