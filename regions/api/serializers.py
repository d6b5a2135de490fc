"""Read-only representations of the reference data; the summaries are nested by other apps."""

from rest_framework import serializers

from regions.models import Agency, Province, Regency


class ProvinceSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class RegencySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Regency
        fields = ["code", "name", "kind"]


class AgencySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind"]


class ProvinceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:province-detail", lookup_field="code")

    class Meta:
        model = Province
        fields = ["code", "name", "url"]


class RegencySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:regency-detail", lookup_field="code")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    display_name = serializers.CharField(read_only=True)
    province = ProvinceSummarySerializer(read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "name", "kind", "kind_label", "display_name", "province", "url"]


class AgencySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:agency-detail", lookup_field="code")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    province = ProvinceSummarySerializer(read_only=True, allow_null=True)
    regency = RegencySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "acronym",
            "kind",
            "kind_label",
            "province",
            "regency",
            "website",
            "url",
        ]
