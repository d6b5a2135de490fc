"""Read-only API of the reference data: provinces, regencies/cities and the agency directory."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from regions.models import Agency, Province, Regency

from . import filters, serializers

# Regency and agency codes contain dots ("19.01"), which the router's default lookup rejects.
CODE_LOOKUP = r"[^/]+"


@extend_schema_view(
    list=extend_schema(summary=_("Daftar provinsi"), tags=["wilayah"]),
    retrieve=extend_schema(summary=_("Satu provinsi menurut kode Kemendagri"), tags=["wilayah"]),
)
class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Province.objects.order_by("code")
    serializer_class = serializers.ProvinceSerializer
    filter_backends = []
    lookup_field = "code"
    lookup_value_regex = CODE_LOOKUP


@extend_schema_view(
    list=extend_schema(summary=_("Daftar kabupaten/kota"), tags=["wilayah"]),
    retrieve=extend_schema(
        summary=_("Satu kabupaten/kota menurut kode Kemendagri"), tags=["wilayah"]
    ),
)
class RegencyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Regency.objects.select_related("province").order_by("code")
    serializer_class = serializers.RegencySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.RegencyFilter
    lookup_field = "code"
    lookup_value_regex = CODE_LOOKUP


@extend_schema_view(
    list=extend_schema(summary=_("Direktori instansi"), tags=["instansi"]),
    retrieve=extend_schema(summary=_("Satu instansi menurut kodenya"), tags=["instansi"]),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.select_related("province", "regency").order_by("name", "code")
    serializer_class = serializers.AgencySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.AgencyFilter
    lookup_field = "code"
    lookup_value_regex = CODE_LOOKUP
