"""Read-only representations of published entries and the taxonomy.

Only public fields are listed: workflow fields (status, created_by, who confirmed the entry)
never leave the portal through the API. Completeness is public: it tells a reader how much of the
story an entry tells, and what is missing.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse as drf_reverse

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
        return _missing_aspects(entry)


def _missing_aspects(entry: Innovation) -> list[dict]:
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

    def to_representation(self, entry: Innovation) -> dict:
        """The fields above, written out: DRF's field-by-field walk (about fifty field objects,
        nested serializers included) cost about 2 ms an entry here, 40 ms of a 20-entry page,
        more than the search itself for most queries. The declared fields still describe the
        output in the OpenAPI schema, and a test holds this to DRF's own rendering."""
        if type(self) is not InnovationListSerializer:
            return super().to_representation(entry)
        known = self._rendering()
        links, labels, moment = known["links"], known["labels"], _DATETIME.to_representation
        agency, province, regency = entry.agency, entry.province, entry.regency
        affair = entry.government_affair
        return {
            "slug": entry.slug,
            "title": entry.title,
            "summary": entry.summary,
            "url": links["url"].replace(_SLUG_MARKER, entry.slug),
            "web_url": links["web_url"].replace(_SLUG_MARKER, entry.slug),
            "agency": {"code": agency.code, "name": agency.name, "kind": agency.kind},
            "province": {"code": province.code, "name": province.name} if province else None,
            "regency": (
                {"code": regency.code, "name": regency.name, "kind": regency.kind}
                if regency
                else None
            ),
            "year_launched": entry.year_launched,
            "stage": entry.stage,
            "stage_label": labels["stage"].get(entry.stage, entry.stage),
            "source": entry.source,
            "source_label": labels["source"].get(entry.source, entry.source),
            "categories": [
                {"slug": c.slug, "name": c.name, "name_en": c.name_en}
                for c in entry.categories.all()
            ],
            "sdgs": [
                {"number": sdg.number, "name": sdg.name, "name_en": sdg.name_en}
                for sdg in entry.sdgs.all()
            ],
            "kind": entry.kind,
            "form": entry.form,
            "initiator": entry.initiator,
            "covid_related": entry.covid_related,
            "government_affair": (
                {"code": affair.code, "name": affair.name, "name_en": affair.name_en}
                if affair
                else None
            ),
            "trial_started_on": _iso_date(entry.trial_started_on),
            "implemented_on": _iso_date(entry.implemented_on),
            "continuity_status": entry.continuity_status,
            "last_confirmed_at": _iso_date(entry.last_confirmed_at),
            "completeness": {"score": entry.completeness, "missing": _missing_aspects(entry)},
            "recognitions": [
                {
                    "title": r.title,
                    "awarded_by": r.awarded_by,
                    "year": r.year,
                    "level": r.level,
                    "level_label": labels["level"].get(r.level, r.level),
                }
                for r in entry.recognitions.all()
            ],
            "snippet": getattr(entry, "snippet", None),
            "published_at": moment(entry.published_at) if entry.published_at else None,
            "updated_at": moment(entry.updated_at) if entry.updated_at else None,
        }

    def _rendering(self) -> dict:
        """What every entry of a page shares, worked out once per serializer (one request, one
        language): its links with a marker for the slug, and the labels of choices (Django's
        get_FOO_display() hashes the lazily translated choices on every call)."""
        known = getattr(self, "_known", None)
        if known is None:
            marked = Innovation(pk=-1, slug=_SLUG_MARKER)  # unsaved entries get no URL
            known = self._known = {
                "links": {
                    # As HyperlinkedIdentityField.get_url() makes it.
                    "url": drf_reverse(
                        "api:innovation-detail", kwargs={"slug": _SLUG_MARKER},
                        request=self.context.get("request"), format=self.context.get("format"),
                    ),
                    "web_url": self.get_web_url(marked),
                },
                "labels": {
                    name: {value: str(label) for value, label in choices}
                    for name, choices in (
                        ("stage", Innovation.Stage.choices),
                        ("source", Innovation.Source.choices),
                        ("level", Recognition.Level.choices),
                    )
                },
            }  # fmt: skip
        return known

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, entry: Innovation) -> str:
        request = self.context.get("request")
        url = entry.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


_SLUG_MARKER = "slug-marker-0"
# Renders as DRF's DateTimeField does: in the current time zone, ISO 8601, "Z" for UTC.
_DATETIME = serializers.DateTimeField()


def _iso_date(value) -> str | None:
    # DRF's DateField renders ISO 8601 (DATE_FORMAT is not set).
    return value.isoformat() if value else None


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

    replaced_by = serializers.CharField(
        source="public_replaced_by",
        help_text="Slug of the published entry a merged entry now lives in; empty otherwise.",
    )

    class Meta:
        model = Tombstone
        fields = ["slug", "source", "external_ref", "reason", "replaced_by", "removed_at"]
