"""Read-only representations of published entries and the taxonomy.

Only public fields are listed: workflow fields (status, created_by, who confirmed the entry)
never leave the portal through the API. Completeness is public: it tells a reader how much of the
story an entry tells, and what is missing.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innovations import completeness
from innovations.models import (
    SDG,
    Category,
    GovernmentAffair,
    Innovation,
    InnovationMedia,
    Recognition,
    Tombstone,
)
from regions.api.serializers import (
    AgencySummarySerializer,
    ProvinceSummarySerializer,
    RegencySummarySerializer,
)


class CategorySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name", "name_en"]


class SDGSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = SDG
        fields = ["number", "name", "name_en"]


class GovernmentAffairSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = GovernmentAffair
        fields = ["code", "name", "name_en"]


class MissingAspectSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    score = serializers.IntegerField(source="completeness", min_value=0, max_value=100)
    missing = serializers.SerializerMethodField()

    @extend_schema_field(MissingAspectSerializer(many=True))
    def get_missing(self, entry: Innovation) -> list[dict]:
        keys = entry.completeness_missing or []
        return [
            {"key": key, "label": label}
            for key, label in zip(keys, completeness.missing_labels(keys), strict=False)
        ]


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:category-detail", lookup_field="slug")

    class Meta:
        model = Category
        fields = ["slug", "name", "name_en", "description", "url"]


class SDGSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sdg-detail", lookup_field="number")

    class Meta:
        model = SDG
        fields = ["number", "name", "name_en", "url"]


class RecognitionSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Recognition
        fields = ["title", "awarded_by", "year", "level", "level_label"]


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(source="contact_name", read_only=True)
    email = serializers.EmailField(source="contact_email", read_only=True)
    phone = serializers.CharField(source="contact_phone", read_only=True)


class MediaSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = InnovationMedia
        fields = ["kind", "url", "caption"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, media: InnovationMedia) -> str:
        request = self.context.get("request")
        url = media.file.url
        return request.build_absolute_uri(url) if request else url


class InnovationListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:innovation-detail", lookup_field="slug"
    )
    web_url = serializers.SerializerMethodField()
    agency = AgencySummarySerializer(read_only=True)
    province = ProvinceSummarySerializer(read_only=True, allow_null=True)
    regency = RegencySummarySerializer(read_only=True, allow_null=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    categories = CategorySummarySerializer(many=True, read_only=True)
    sdgs = SDGSummarySerializer(many=True, read_only=True)
    government_affair = GovernmentAffairSummarySerializer(read_only=True, allow_null=True)
    completeness = CompletenessSerializer(source="*", read_only=True)
    recognitions = RecognitionSerializer(many=True, read_only=True)
    snippet = serializers.SerializerMethodField(
        help_text="Kutipan ringkasan dengan kata yang cocok dalam <mark>, aman-HTML (hanya saat q)."
    )

    class Meta:
        model = Innovation
        fields = [
            "slug",
            "title",
            "summary",
            "url",
            "web_url",
            "agency",
            "province",
            "regency",
            "year_launched",
            "stage",
            "stage_label",
            "source",
            "source_label",
            "categories",
            "sdgs",
            "kind",
            "form",
            "initiator",
            "covid_related",
            "government_affair",
            "trial_started_on",
            "implemented_on",
            "continuity_status",
            "last_confirmed_at",
            "completeness",
            "recognitions",
            "snippet",
            "published_at",
            "updated_at",
        ]

    def get_snippet(self, entry: Innovation) -> str | None:
        return getattr(entry, "snippet", None)

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, entry: Innovation) -> str:
        request = self.context.get("request")
        url = entry.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class InnovationDetailSerializer(InnovationListSerializer):
    contact = ContactSerializer(source="*", read_only=True)
    media = MediaSerializer(many=True, read_only=True)

    class Meta(InnovationListSerializer.Meta):
        fields = [
            *InnovationListSerializer.Meta.fields,
            *Innovation.NARRATIVE_FIELDS,
            "external_ref",
            "legal_basis",
            "legal_basis_number",
            "contact",
            "website_url",
            "video_url",
            "media",
        ]


class TombstoneSerializer(serializers.ModelSerializer):
    """An entry that left the public catalogue: its keys, why, and when."""

    class Meta:
        model = Tombstone
        fields = ["slug", "source", "external_ref", "reason", "replaced_by", "removed_at"]
