"""Read-only API of the catalogue: published entries and the taxonomy they are filed under."""

from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from innovations import facets as facet_module
from innovations import search, selectors
from innovations.exporters import XLSX_MAX_ROWS
from innovations.filters import InnovationFilter
from innovations.models import SDG, Category
from innovations.selectors import catalogue as catalogue_selectors
from innovations.selectors import duplicates as duplicate_selectors
from innovations.selectors import exchange as exchange_selectors
from jippnas.api import KeysetPagination, StandardPagination

from . import exchange, serializers

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


UPDATED_SINCE_PARAMETER = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description=_(
        "Sinkronisasi bertahap: hanya entri yang berubah pada atau setelah waktu ini (ISO 8601; "
        "tanpa zona dibaca WIB). Jawaban berganti ke halaman berkursor {next, results}, "
        "urut (updated_at, id), tanpa count dan faset; ikuti `next` sampai null. Tidak dapat "
        "digabung dengan `ordering`. Entri yang keluar dari katalog: /api/v1/innovations/"
        "tombstones/."
    ),
)
CURSOR_PARAMETER = OpenApiParameter(
    "cursor",
    OpenApiTypes.STR,
    description=_("Kursor dari tautan `next` (hanya bersama updated_since)."),
)
SINCE_PARAMETER = OpenApiParameter(
    "since",
    OpenApiTypes.DATETIME,
    description=_("Hanya entri yang keluar dari katalog pada atau setelah waktu ini (ISO 8601)."),
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["csv", "jsonl", "xlsx"],
    default="csv",
    description=_(
        "Format berkas: csv (UTF-8 dengan BOM), jsonl (satu objek JSON per baris) atau xlsx."
    ),
)
CONDITIONAL_NOTE = _(
    " Jawaban membawa ETag dan Last-Modified; kirim If-None-Match atau If-Modified-Since "
    "untuk mendapat 304 bila katalog tidak berubah."
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Daftar inovasi yang terbit"),
        description=_(
            "Hanya entri yang telah diterbitkan. Parameter penyaring sama dengan halaman "
            "/inovasi/; nilai yang tidak sah dijawab 400 dengan nama parameternya."
        )
        + CONDITIONAL_NOTE,
        parameters=[
            QUERY_PARAMETER,
            ORDERING_PARAMETER,
            CATEGORY_PARAMETER,
            SDG_PARAMETER,
            FACETS_PARAMETER,
            UPDATED_SINCE_PARAMETER,
            CURSOR_PARAMETER,
        ],
        tags=["inovasi"],
    ),
    export=extend_schema(
        # The list's filters apply: let the schema list them as for the list.
        filters=True,
        summary=_("Ekspor katalog yang tersaring"),
        description=_(
            "Semua entri terbit yang cocok dengan penyaring daftar (parameter sama, termasuk q "
            "dan ordering), sebagai berkas CSV, JSON Lines atau XLSX dengan kolom kamus data "
            "(lihat /data-terbuka/). CSV dan JSON Lines dialirkan; XLSX paling banyak "
            "1.048.575 baris."
        )
        + CONDITIONAL_NOTE,
        parameters=[
            FORMAT_PARAMETER,
            QUERY_PARAMETER,
            ORDERING_PARAMETER,
            CATEGORY_PARAMETER,
            SDG_PARAMETER,
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/x-ndjson"): OpenApiTypes.BINARY,
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
            400: OpenApiTypes.OBJECT,
        },
        tags=["inovasi"],
    ),
    tombstones=extend_schema(
        summary=_("Nisan: entri yang keluar dari katalog"),
        description=_(
            "Entri yang pernah terbit lalu ditarik, diarsipkan, dihapus atau digabung, urut "
            "(removed_at, id) dengan kursor; pasangan sinkronisasi updated_since. Entri yang "
            "terbit kembali hilang dari daftar ini dan muncul lagi sebagai perubahan."
        )
        + CONDITIONAL_NOTE,
        parameters=[SINCE_PARAMETER, CURSOR_PARAMETER],
        responses=inline_serializer(
            "TombstonePage",
            {
                "next": drf_serializers.URLField(allow_null=True),
                "results": serializers.TombstoneSerializer(many=True),
            },
        ),
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
        description=_(
            "Slug lama dari entri yang telah digabung ke entri lain dijawab 301 Moved "
            "Permanently dengan header Location ke alamat API entri yang bertahan (klien HTTP "
            "mengikutinya otomatis); badan jawaban memuat `slug` entri itu."
        ),
        tags=["inovasi"],
    ),
)
@method_decorator(exchange.catalogue_conditional, name="dispatch")
class InnovationViewSet(viewsets.ReadOnlyModelViewSet):
    # DRF's OrderingFilter would silently ignore a bad `ordering`; the FilterSet rejects it.
    filter_backends = [DjangoFilterBackend]
    filterset_class = InnovationFilter
    pagination_class = InnovationPagination
    lookup_field = "slug"

    def get_queryset(self):
        if self.action in ("list", "similar"):  # lists and sync pages show no story
            return selectors.listed_innovations()
        queryset = selectors.published_innovations()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("media")
        return queryset

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            # Same rule as the page: a merged-away entry's slug moves to the survivor for good.
            target = duplicate_selectors.redirected_innovation(kwargs.get(self.lookup_field, ""))
            if target is None:
                raise
            location = reverse(
                "api:innovation-detail",
                kwargs={"slug": target.slug},
                request=request,
            )
            return Response({"slug": target.slug}, status=301, headers={"Location": location})

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InnovationDetailSerializer
        if self.action == "tombstones":
            return serializers.TombstoneSerializer
        return serializers.InnovationListSerializer

    def filter_queryset(self, queryset):
        # Filters select entries for the list and its export; a detail URL names its entry by
        # slug alone.
        if self.action not in ("list", "export"):
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
        since = exchange.parse_moment(request.query_params, "updated_since")
        if since is not None:
            return self._sync_page(since)
        filterset = self._valid_filterset(self.get_queryset())
        page_slice = catalogue_selectors.page_slice(
            request.query_params.get(self.paginator.page_query_param),
            self.paginator.get_page_size(request),
        )
        results = catalogue_selectors.catalogue_results(filterset, facet_names, page_slice)
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

    def _sync_page(self, since):
        """The incremental-sync answer: changes since a time, by a keyset cursor."""
        if self.request.query_params.get("ordering"):
            raise exceptions.ValidationError(
                {"ordering": [_("Tidak dapat digabung dengan updated_since (urut updated_at).")]}
            )
        changed = exchange_selectors.changed_since(self.filter_queryset(self.get_queryset()), since)
        paginator = KeysetPagination(ordering=("updated_at", "id"))
        page = paginator.paginate_queryset(changed, self.request, self)
        return paginator.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(
        detail=False, methods=["get"], url_path="export",
        content_negotiation_class=exchange.FormatParameterNegotiation,
    )  # fmt: skip
    def export(self, request):
        export = exchange.export_format(request.query_params)
        queryset = self.filter_queryset(self.get_queryset())
        if export.name == "xlsx" and queryset.count() > XLSX_MAX_ROWS:
            raise exceptions.ValidationError(
                {"format": [_("Terlalu banyak baris untuk XLSX; pilih csv atau jsonl.")]}
            )
        return exchange.export_response(queryset, export)

    @action(detail=False, methods=["get"], url_path="tombstones")
    def tombstones(self, request):
        since = exchange.parse_moment(request.query_params, "since")
        paginator = KeysetPagination(ordering=("removed_at", "id"))
        page = paginator.paginate_queryset(
            exchange_selectors.tombstones_since(since), request, self
        )
        return paginator.get_paginated_response(self.get_serializer(page, many=True).data)

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
