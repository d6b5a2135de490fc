"""Read-only API of the rounds, with stages and published results (never scores)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from competitions import selectors

from . import serializers


@extend_schema_view(
    list=extend_schema(
        summary=_("Daftar kompetisi inovasi dengan tahapan dan hasil yang diumumkan"),
        tags=["kompetisi"],
    ),
    retrieve=extend_schema(summary=_("Satu kompetisi menurut slug"), tags=["kompetisi"]),
)
class CompetitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CompetitionSerializer
    lookup_field = "slug"
    filter_backends = []

    def get_queryset(self):
        return selectors.public_competitions()
