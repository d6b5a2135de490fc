"""Filters of the reference-data API; an unknown code is a 400 naming the parameter."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Agency, Province, Regency


class RegencyFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), queryset=Province.objects.all(), to_field_name="code"
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Regency.Kind.choices)

    class Meta:
        model = Regency
        fields = ["province", "kind"]


class AgencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Nama atau singkatan"), method="filter_name", max_length=200
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Agency.Kind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Provinsi"), queryset=Province.objects.all(), to_field_name="code"
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Kabupaten/kota"), queryset=Regency.objects.all(), to_field_name="code"
    )

    class Meta:
        model = Agency
        fields = ["q", "kind", "province", "regency"]

    def filter_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))
