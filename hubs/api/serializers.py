"""Read-only representations of hubs, their activities, participation data and statistics."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hubs.models import Hub, HubActivity, HubActivityMedia, HubPartner, ParticipationRecord
from innovations.api.replication import InnovationLinkSerializer, inline_choice_field
from regions.api.serializers import (
    AgencySummarySerializer,
    ProvinceSummarySerializer,
    RegencySummarySerializer,
)


class HubPartnerSerializer(serializers.ModelSerializer):
    kind = inline_choice_field(HubPartner.Kind.choices)

    class Meta:
        model = HubPartner
        fields = ["name", "kind", "role", "website", "is_demo"]


class HubSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    province = ProvinceSummarySerializer(read_only=True)
    coordinating_agency = AgencySummarySerializer(read_only=True, allow_null=True)
    kind = inline_choice_field(Hub.Kind.choices)
    status = inline_choice_field(Hub.Status.choices)

    class Meta:
        model = Hub
        fields = [
            "province",
            "kind",
            "status",
            "designation_year",
            "decree_number",
            "decree_date",
            "designation_note",
            "coordinating_agency",
            "website",
            "url",
            "web_url",
            "is_demo",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hub: Hub) -> str:
        from django.urls import reverse

        url = reverse("api:hub-detail", kwargs={"code": hub.province.code})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, hub: Hub) -> str:
        request = self.context.get("request")
        url = hub.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class HubContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")


class HubDetailSerializer(HubSerializer):
    partners = HubPartnerSerializer(many=True, read_only=True)
    contact = HubContactSerializer(source="*", read_only=True)

    class Meta(HubSerializer.Meta):
        fields = [*HubSerializer.Meta.fields, "description", "contact", "partners"]


class HubActivityMediaSerializer(serializers.ModelSerializer):
    kind = inline_choice_field(HubActivityMedia.Kind.choices)
    url = serializers.SerializerMethodField()

    class Meta:
        model = HubActivityMedia
        fields = ["kind", "url", "caption"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, media: HubActivityMedia) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(media.file.url) if request else media.file.url


class HubActivitySerializer(serializers.ModelSerializer):
    province = ProvinceSummarySerializer(source="hub.province", read_only=True)
    kind = inline_choice_field(HubActivity.Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    mode = inline_choice_field(HubActivity.Mode.choices)
    participating_agencies = AgencySummarySerializer(many=True, read_only=True)
    related_innovations = InnovationLinkSerializer(many=True, read_only=True)
    media = HubActivityMediaSerializer(many=True, read_only=True)

    class Meta:
        model = HubActivity
        fields = [
            "id",
            "province",
            "title",
            "kind",
            "kind_label",
            "held_on",
            "place",
            "mode",
            "participating_agencies",
            "related_innovations",
            "media",
            "outcome_notes",
            "is_demo",
        ]


class ParticipationSerializer(serializers.ModelSerializer):
    province = ProvinceSummarySerializer(source="hub.province", read_only=True)
    regency = RegencySummarySerializer(read_only=True)
    period_kind = inline_choice_field(ParticipationRecord.PeriodKind.choices)

    class Meta:
        model = ParticipationRecord
        fields = [
            "id",
            "province",
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
        ]


class StatisticRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField()


class StatisticTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    label_heading = serializers.CharField()
    value_heading = serializers.CharField()
    total = serializers.IntegerField()
    rows = StatisticRowSerializer(many=True)
    csv_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_csv_url(self, table: dict) -> str:
        from django.urls import reverse

        url = reverse("hubs:statistics_csv", kwargs={"figure": table["name"]})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ContinuityRowSerializer(serializers.Serializer):
    source = serializers.CharField()
    source_label = serializers.CharField()
    year_launched = serializers.IntegerField()
    running = serializers.IntegerField(help_text="Berjalan atau dikembangkan.")
    stopped = serializers.IntegerField()
    unknown = serializers.IntegerField()
    total = serializers.IntegerField()


class ContinuityTotalsSerializer(serializers.Serializer):
    running = serializers.IntegerField()
    stopped = serializers.IntegerField()
    unknown = serializers.IntegerField()
    total = serializers.IntegerField()


class ContinuityTableSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    totals = ContinuityTotalsSerializer()
    rows = ContinuityRowSerializer(many=True)
    csv_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_csv_url(self, table: dict) -> str:
        return StatisticTableSerializer.get_csv_url(self, table)
