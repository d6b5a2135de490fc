"""Read-only representation of the rounds: stages, groups and published results. Scores,
judges and unpublished results never leave the portal through the API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competitions.models import Competition, CompetitionGroup, Result, Stage
from regions.api.serializers import (
    AgencySummarySerializer,
    ProvinceSummarySerializer,
    RegencySummarySerializer,
)

# Stage kinds are listed in the description, not as an enum: drf-spectacular would name an enum
# after the field ("kind", shared with other apps' choice sets) and warn in the deploy check.
STAGE_KIND_SCHEMA = {
    "type": "string",
    "description": "Jenis tahap: " + ", ".join(Stage.Kind.values),
}


class StageSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    label = serializers.CharField(source="get_kind_display", read_only=True)
    is_current = serializers.SerializerMethodField()
    is_closed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Stage
        fields = ["kind", "label", "position", "starts_on", "ends_on", "is_current", "is_closed"]

    @extend_schema_field(STAGE_KIND_SCHEMA)
    def get_kind(self, stage: Stage) -> str:
        return stage.kind

    def get_is_current(self, stage: Stage) -> bool:
        return stage.competition.current_stage_id == stage.pk


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetitionGroup
        fields = ["slug", "name"]


class AwardedInnovationSerializer(serializers.Serializer):
    """The awarded entry of a result; it reads the Result, whose public_title names the entry."""

    title = serializers.CharField(source="public_title")
    slug = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()
    agency = AgencySummarySerializer(source="proposal.innovation.agency")
    province = ProvinceSummarySerializer(source="proposal.innovation.province", allow_null=True)
    regency = RegencySummarySerializer(source="proposal.innovation.regency", allow_null=True)

    # An entry awaiting curator confirmation is not public yet: named as announced, not linked.
    def get_slug(self, result) -> str | None:
        entry = result.proposal.innovation
        return entry.slug if entry.is_public else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, result) -> str | None:
        entry = result.proposal.innovation
        if not entry.is_public:
            return None
        request = self.context.get("request")
        url = entry.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class ResultSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    group = GroupSerializer(source="proposal.group", read_only=True)
    innovation = AwardedInnovationSerializer(source="*", read_only=True)

    class Meta:
        model = Result
        fields = ["level", "level_label", "rank", "group", "innovation", "published_at"]


class CompetitionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:competition-detail", lookup_field="slug"
    )
    web_url = serializers.SerializerMethodField()
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    organiser_agency = AgencySummarySerializer(read_only=True, allow_null=True)
    province = ProvinceSummarySerializer(read_only=True, allow_null=True)
    current_stage = serializers.SerializerMethodField()
    groups = GroupSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)
    results = ResultSerializer(source="published_results", many=True, read_only=True)

    class Meta:
        model = Competition
        fields = [
            "slug", "name", "url", "web_url", "level", "level_label", "year", "theme",
            "description", "organiser_name", "organiser_agency", "province", "result_levels",
            "current_stage", "groups", "stages", "results",
        ]  # fmt: skip

    @extend_schema_field({**STAGE_KIND_SCHEMA, "nullable": True})
    def get_current_stage(self, competition: Competition) -> str | None:
        stage = competition.current_stage
        return stage.kind if stage else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, competition: Competition) -> str:
        request = self.context.get("request")
        url = competition.get_absolute_url()
        return request.build_absolute_uri(url) if request else url
