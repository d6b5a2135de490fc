"""Read API of hubs, their activities, participation data and the national statistics tables."""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hubs import selectors
from hubs.models import Hub, HubActivity, ParticipationRecord
from regions.models import Province, Regency

from . import serializers

YEAR_BOUNDS = {"min_value": 2014, "max_value": 2100}


def province_filter(field_name: str):
    return django_filters.ModelChoiceFilter(
        label=_("Kode provinsi"),
        queryset=Province.objects.all(),
        to_field_name="code",
        field_name=field_name,
    )


class HubFilter(django_filters.FilterSet):
    province = province_filter("province")
    year = django_filters.NumberFilter(
        label=_("Tahun penetapan"), field_name="designation_year", **YEAR_BOUNDS
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=Hub.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Hub.Status.choices)

    class Meta:
        model = Hub
        fields = ["province", "year", "kind", "status"]


class HubActivityFilter(django_filters.FilterSet):
    province = province_filter("hub__province")
    year = django_filters.NumberFilter(label=_("Tahun"), field_name="held_on__year", **YEAR_BOUNDS)
    kind = django_filters.ChoiceFilter(label=_("Jenis"), choices=HubActivity.Kind.choices)

    class Meta:
        model = HubActivity
        fields = ["province", "year", "kind"]


class ParticipationFilter(django_filters.FilterSet):
    province = province_filter("hub__province")
    regency = django_filters.ModelChoiceFilter(
        label=_("Kode kabupaten/kota"), queryset=Regency.objects.all(), to_field_name="code"
    )
    year = django_filters.NumberFilter(label=_("Tahun"), field_name="year", **YEAR_BOUNDS)
    period_kind = django_filters.ChoiceFilter(
        label=_("Jenis periode"), choices=ParticipationRecord.PeriodKind.choices
    )

    class Meta:
        model = ParticipationRecord
        fields = ["province", "regency", "year", "period_kind"]


@extend_schema_view(
    list=extend_schema(summary=_("Daftar Hub JIPP provinsi"), tags=["hub"]),
    retrieve=extend_schema(
        summary=_("Satu hub menurut kode provinsi"),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("Kode Kemendagri provinsi, mis. 19"),
            )
        ],
        tags=["hub"],
    ),
)
class HubViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    filterset_class = HubFilter
    lookup_field = "province__code"
    lookup_url_kwarg = "code"
    lookup_value_regex = r"[0-9A-Za-z]{1,2}"

    def get_queryset(self):
        queryset = selectors.hubs_for_list()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("partners")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.HubDetailSerializer
        return serializers.HubSerializer


@extend_schema_view(
    list=extend_schema(
        summary=_("Kegiatan hub, terbaru lebih dahulu"),
        description=_(
            "Penyaring: province (kode), year (tahun kegiatan), kind. Nilai tidak sah dijawab 400."
        ),
        tags=["hub"],
    ),
    retrieve=extend_schema(summary=_("Satu kegiatan hub"), tags=["hub"]),
)
class HubActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.HubActivitySerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = HubActivityFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.hub_activities()


@extend_schema_view(
    list=extend_schema(
        summary=_("Data partisipasi masyarakat (SKM, FKP, LAPOR!) per kabupaten/kota"),
        tags=["hub"],
    ),
    retrieve=extend_schema(summary=_("Satu baris data partisipasi"), tags=["hub"]),
)
class ParticipationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ParticipationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ParticipationFilter
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.participation_records()


@extend_schema_view(
    list=extend_schema(
        summary=_("Tabel statistik nasional"),
        description=_("Setiap tabel dihitung dari inovasi yang terbit saja."),
        responses=serializers.StatisticTableSerializer(many=True),
        tags=["statistik"],
    ),
    retrieve=extend_schema(
        summary=_("Satu tabel statistik nasional"),
        parameters=[
            OpenApiParameter(
                "figure", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(selectors.FIGURES)
            )
        ],
        responses=serializers.StatisticTableSerializer,
        tags=["statistik"],
    ),
)
class StatisticsViewSet(viewsets.ViewSet):
    lookup_field = "figure"
    lookup_value_regex = r"[a-z-]+"

    def list(self, request):
        tables = [selectors.figure_table(name) for name in selectors.FIGURES]
        context = {"request": request}
        return Response(
            serializers.StatisticTableSerializer(tables, many=True, context=context).data
        )

    @extend_schema(
        summary=_("Keberlanjutan inovasi terbit menurut sumber dan tahun mulai"),
        responses=serializers.ContinuityTableSerializer,
        tags=["statistik"],
    )
    @action(detail=False, url_path="keberlanjutan")
    def continuity(self, request):
        table = selectors.continuity_table()
        return Response(
            serializers.ContinuityTableSerializer(table, context={"request": request}).data
        )

    def retrieve(self, request, figure=None):
        if figure not in selectors.FIGURES:
            raise Http404
        table = selectors.figure_table(figure)
        return Response(
            serializers.StatisticTableSerializer(table, context={"request": request}).data
        )
