"""Read-only API of the catalogue: published entries and the taxonomy they are filed under."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from innovations import facets as facet_module
from innovations import search, selectors
from innovations.filters import InnovationFilter
from innovations.models import SDG, Category
from innovations.selectors import catalogue as catalogue_selectors
from jippnas.api import StandardPagination

from . import serializers

QUERY_PARAMETER = OpenApiParameter(
    "q",
    OpenApiTypes.STR,
    description=_(
        'Kata kunci dengan sintaks mesin pencari: semua kata harus cocok, "frasa dalam kutip", '
        "-kata untuk mengecualikan, OR untuk alternatif. Paling banyak 500 karakter."
    ),
)
ORDERING_PARAMETER = OpenApiParameter(
    "ordering",
    OpenApiTypes.STR,
    enum=list(InnovationFilter.ORDERINGS),
    description=_(
        "Urutan hasil. Bawaan: relevance bila ada kata kunci, selain itu newest. "
        "Nilai yang tidak dikenal ditolak (400)."
    ),
)

FACETS_PARAMETER = OpenApiParameter(
    "facets",
    OpenApiTypes.STR,
    description=_(
        "Nama faset dipisah koma, dihitung untuk kata kunci dan filter saat ini: "
        "%(names)s. Hasilnya ada di kunci `facets` jawaban."
    )
    % {"names": ", ".join(facet_module.FACET_NAMES)},
)


class InnovationPagination(StandardPagination):
    """Adds the facet counts and the search's own notes beside the page of results."""

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        bucket = {
            "type": "object",
            "properties": {
                "value": {"type": "string"},
                "label": {"type": "string"},
                "count": {"type": "integer"},
            },
        }
        schema["properties"]["facets"] = {
            "type": "object",
            "additionalProperties": {"type": "array", "items": bucket},
        }
        schema["properties"]["search"] = {
            "type": "object",
            "nullable": True,
            "properties": {
                "query": {"type": "string"},
                "corrected_to": {"type": "string", "nullable": True},
                "suggestion": {"type": "string", "nullable": True},
            },
        }
        return schema


# Repeatable parameters: an entry matches when it carries any of the given values.
CATEGORY_PARAMETER = OpenApiParameter(
    "category",
    OpenApiTypes.STR,
    many=True,
    explode=True,
    style="form",
    description=_("Slug kategori; ulangi parameter untuk beberapa kategori (cocok salah satu)."),
)
SDG_PARAMETER = OpenApiParameter(
    "sdg",
    OpenApiTypes.INT,
    many=True,
    explode=True,
    style="form",
    description=_("Nomor TPB/SDG (1–17); ulangi parameter untuk beberapa tujuan."),
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Daftar inovasi yang terbit"),
        description=_(
            "Hanya entri yang telah diterbitkan. Parameter penyaring sama dengan halaman "
            "/inovasi/; nilai yang tidak sah dijawab 400 dengan nama parameternya."
        ),
        parameters=[
            QUERY_PARAMETER,
            ORDERING_PARAMETER,
            CATEGORY_PARAMETER,
            SDG_PARAMETER,
            FACETS_PARAMETER,
        ],
        tags=["inovasi"],
    ),
    similar=extend_schema(
        summary=_("Inovasi serupa"),
        description=_(
            "Entri terbit lain yang paling mirip: kategori dan TPB yang sama serta kemiripan "
            "teks judul. Tidak pernah memuat entri itu sendiri atau entri yang belum terbit."
        ),
        responses=serializers.InnovationListSerializer(many=True),
        tags=["inovasi"],
    ),
    retrieve=extend_schema(
        summary=_("Satu inovasi yang terbit, lengkap dengan kisahnya"),
        tags=["inovasi"],
    ),
)
class InnovationViewSet(viewsets.ReadOnlyModelViewSet):
    # DRF's OrderingFilter would silently ignore a bad `ordering`; the FilterSet rejects it.
    filter_backends = [DjangoFilterBackend]
    filterset_class = InnovationFilter
    pagination_class = InnovationPagination
    lookup_field = "slug"

    def get_queryset(self):
        queryset = selectors.published_innovations()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("media")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InnovationDetailSerializer
        return serializers.InnovationListSerializer

    def filter_queryset(self, queryset):
        # Filters select entries for the list; a detail URL names its entry by slug alone.
        if self.action != "list":
            return queryset
        return self._valid_filterset(queryset).qs

    def _valid_filterset(self, queryset) -> InnovationFilter:
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset

    def list(self, request, *args, **kwargs):
        try:
            facet_names = facet_module.parse_facet_names(request.query_params.get("facets"))
        except ValueError as unknown:
            raise exceptions.ValidationError(
                {"facets": [_("Faset tidak dikenal: %(names)s") % {"names": unknown}]}
            ) from None
        filterset = self._valid_filterset(self.get_queryset())
        results = catalogue_selectors.catalogue_results(filterset, facet_names)
        page = self.paginate_queryset(results.entries)
        outcome = results.search_outcome
        if outcome is not None:
            words = outcome.parsed.words()
            for entry in page:
                entry.snippet = search.highlight(entry.summary, words)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["facets"] = results.facets
        response.data["search"] = (
            {
                "query": request.query_params.get("q", ""),
                "corrected_to": outcome.corrected_to,
                "suggestion": (
                    selectors.search_suggestion(request.query_params["q"])
                    if not self.paginator.page.paginator.count
                    else None
                ),
            }
            if outcome is not None
            else None
        )
        return response

    @action(detail=True, methods=["get"])
    def similar(self, request, slug=None):
        entry = self.get_object()
        similar = selectors.similar_innovations(entry, limit=10)
        return Response(self.get_serializer(similar, many=True).data)


@extend_schema_view(
    list=extend_schema(summary=_("Daftar kategori layanan publik"), tags=["taksonomi"]),
    retrieve=extend_schema(summary=_("Satu kategori menurut slug"), tags=["taksonomi"]),
)
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.order_by("position", "name")
    serializer_class = serializers.CategorySerializer
    filter_backends = []
    lookup_field = "slug"


@extend_schema_view(
    list=extend_schema(summary=_("Daftar 17 TPB/SDGs"), tags=["taksonomi"]),
    retrieve=extend_schema(summary=_("Satu TPB/SDG menurut nomornya"), tags=["taksonomi"]),
)
class SDGViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SDG.objects.order_by("number")
    serializer_class = serializers.SDGSerializer
    filter_backends = []
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"
