"""Read API of replications: public (only replications of published innovations), filterable by
province, year, status and agency. Registered by hubs/api/urls.py under /api/v1/replications/."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from innovations.models import (
    Replication,
    ReplicationProgressReport,
    ReplicationStep,
    ReplicationTransition,
)
from innovations.selectors.replication import public_replications
from regions.api.serializers import AgencySummarySerializer, ProvinceSummarySerializer
from regions.models import Agency, Province


def inline_choice_field(choices, *, blank: bool = False, **kwargs) -> serializers.ChoiceField:
    """A read-only choice field documented with an inline enum: several models have a `kind`
    or `status`, and drf-spectacular would name their enum components by field name and collide.
    Wrapped in allOf, the enum stays inline (its post-processing only extracts direct enums)."""
    values = [value for value, _label in choices] + ([""] if blank else [])
    # A class per choice set: serializers deep-copy field instances, which drops annotations.
    field_class = type("InlineChoiceField", (serializers.ChoiceField,), {})
    extend_schema_field({"allOf": [{"type": "string", "enum": values}]})(field_class)
    return field_class(choices=choices, read_only=True, **kwargs)


class InnovationLinkSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class ReplicationStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplicationStep
        fields = ["position", "title", "responsible_unit", "target_date", "done_on"]


class ReplicationReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplicationProgressReport
        fields = ["reported_on", "progress_percent", "summary", "obstacles"]


class ReplicationTransitionSerializer(serializers.ModelSerializer):
    from_status = inline_choice_field(Replication.Status.choices, blank=True)
    to_status = inline_choice_field(Replication.Status.choices)

    class Meta:
        model = ReplicationTransition
        fields = ["from_status", "to_status", "at", "note"]


class ReplicationSerializer(serializers.ModelSerializer):
    origin = InnovationLinkSerializer(read_only=True)
    result = serializers.SerializerMethodField()
    agency = AgencySummarySerializer(read_only=True)
    province = ProvinceSummarySerializer(read_only=True, allow_null=True)
    status = inline_choice_field(Replication.Status.choices)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Replication
        fields = [
            "id",
            "origin",
            "agency",
            "province",
            "status",
            "status_label",
            "target_year",
            "commitment_signed_on",
            "commitment_signatory",
            "result",
            "cancelled_reason",
            "declared_at",
            "updated_at",
            "is_demo",
        ]

    @staticmethod
    def _public_result(replication):
        result = replication.result
        return result if result is not None and result.is_public else None

    @extend_schema_field(InnovationLinkSerializer(allow_null=True))
    def get_result(self, replication) -> dict | None:
        result = self._public_result(replication)
        return InnovationLinkSerializer(result).data if result else None


class ReplicationDetailSerializer(ReplicationSerializer):
    steps = ReplicationStepSerializer(many=True, read_only=True)
    progress_reports = ReplicationReportSerializer(many=True, read_only=True)
    transitions = ReplicationTransitionSerializer(many=True, read_only=True)

    class Meta(ReplicationSerializer.Meta):
        fields = [*ReplicationSerializer.Meta.fields, "steps", "progress_reports", "transitions"]


class ReplicationFilter(django_filters.FilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Kode provinsi"), queryset=Province.objects.all(), to_field_name="code"
    )
    year = django_filters.NumberFilter(
        label=_("Tahun target"), field_name="target_year", min_value=2014, max_value=2100
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Replication.Status.choices)
    agency = django_filters.ModelChoiceFilter(
        label=_("Kode instansi"), queryset=Agency.objects.all(), to_field_name="code"
    )
    origin = django_filters.CharFilter(label=_("Slug inovasi asal"), field_name="origin__slug")

    class Meta:
        model = Replication
        fields = ["province", "year", "status", "agency", "origin"]


@extend_schema_view(
    list=extend_schema(
        summary=_("Daftar replikasi inovasi"),
        description=_(
            "Replikasi inovasi yang terbit oleh instansi lain, dengan statusnya "
            "(niat, komitmen, rencana aksi, berjalan, diterapkan, dibatalkan). "
            "Nilai penyaring yang tidak sah dijawab 400."
        ),
        tags=["replikasi"],
    ),
    retrieve=extend_schema(
        summary=_("Satu replikasi dengan rencana aksi, laporan dan riwayat"), tags=["replikasi"]
    ),
)
class ReplicationViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReplicationFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        queryset = public_replications().order_by("-updated_at", "-id")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("steps", "progress_reports", "transitions")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ReplicationDetailSerializer
        return ReplicationSerializer
