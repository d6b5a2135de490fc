"""Ingestion API: partners create and update their entries by (source, external id).

Thin: the views check the key's scope (innovations.api.partners), hand the payload to
innovations.services.exchange — the same validation and upsert the admin import runs — and
serialize its per-entry result. The serializers here document the payload in the OpenAPI schema;
the service is what validates it.
"""

from django.conf import settings
from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from innovations.models import Innovation
from innovations.services import exchange

from .partners import PartnerKeyAuthentication, PartnerRateThrottle, WriteSourceScope


class IngestEntrySerializer(serializers.Serializer):
    """One entry as a partner sends it; related rows by official code."""

    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(max_length=1000)
    agency = serializers.CharField(help_text="Kode instansi, mis. 19.01 atau KEMENPANRB.")
    province = serializers.CharField(required=False, allow_blank=True, help_text="Kode provinsi.")
    regency = serializers.CharField(
        required=False, allow_blank=True, help_text="Kode kabupaten/kota Kemendagri."
    )
    government_affair = serializers.CharField(
        required=False, allow_blank=True, help_text="Kode urusan pemerintahan, mis. 2.12."
    )
    categories = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Slug kategori."
    )
    sdgs = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=17), required=False
    )
    year_launched = serializers.IntegerField(min_value=1945)
    stage = serializers.ChoiceField(Innovation.Stage.choices)
    kind = serializers.ChoiceField(Innovation.Kind.choices, required=False, allow_blank=True)
    form = serializers.ChoiceField(Innovation.Form.choices, required=False, allow_blank=True)
    initiator = serializers.ChoiceField(
        Innovation.Initiator.choices, required=False, allow_blank=True
    )
    covid_related = serializers.BooleanField(required=False)
    trial_started_on = serializers.DateField(required=False, allow_null=True)
    implemented_on = serializers.DateField(required=False, allow_null=True)
    continuity_status = serializers.ChoiceField(Innovation.Continuity.choices, required=False)
    continuity_note = serializers.CharField(required=False, allow_blank=True)
    last_confirmed_at = serializers.DateField(required=False, allow_null=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    legal_basis_number = serializers.CharField(required=False, allow_blank=True)
    contact_name = serializers.CharField(required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True)
    website_url = serializers.URLField(required=False, allow_blank=True)
    video_url = serializers.URLField(required=False, allow_blank=True)
    problem = serializers.CharField(required=False, allow_blank=True)
    idea = serializers.CharField(required=False, allow_blank=True)
    how_it_works = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    replicability = serializers.CharField(required=False, allow_blank=True)
    sustainability = serializers.CharField(required=False, allow_blank=True)
    resources = serializers.CharField(required=False, allow_blank=True)
    stakeholders = serializers.CharField(required=False, allow_blank=True)


class IngestBatchEntrySerializer(IngestEntrySerializer):
    external_ref = serializers.CharField(max_length=100)


class IngestBatchSerializer(serializers.Serializer):
    entries = IngestBatchEntrySerializer(many=True, max_length=1000)


class IngestResultSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Urutan entri dalam kiriman, mulai 0.")
    source = serializers.CharField()
    external_ref = serializers.CharField()
    status = serializers.ChoiceField(
        ["created", "updated", "unchanged", "error"],
        help_text="unchanged: nilai sama dengan yang tersimpan; tidak ada yang ditulis.",
    )
    id = serializers.IntegerField(allow_null=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class IngestCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    error = serializers.IntegerField()


class IngestBatchResultSerializer(serializers.Serializer):
    written = serializers.BooleanField()
    counts = IngestCountsSerializer()
    results = IngestResultSerializer(many=True)


SOURCE_PARAMETER = OpenApiParameter(
    "source", OpenApiTypes.STR, OpenApiParameter.PATH, enum=Innovation.Source.values,
    description=_("Sumber entri; kunci harus diterbitkan untuk menulis sumber ini."),
)  # fmt: skip

ERRORS = {
    401: OpenApiResponse(description=_("Tanpa kunci API, atau kunci tidak sah/dicabut.")),
    403: OpenApiResponse(description=_("Kunci tidak diterbitkan untuk menulis sumber ini.")),
    409: OpenApiResponse(description=_("Entri yang sama sedang ditulis bersamaan; ulangi.")),
    429: OpenApiResponse(description=_("Batas laju terlampaui; lihat header Retry-After.")),
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Entri yang sama sedang ditulis bersamaan; ulangi kiriman.")
    default_code = "conflict"


class IngestView(APIView):
    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [WriteSourceScope]
    throttle_classes = [PartnerRateThrottle]

    def upsert(self, rows, **options):
        try:
            return exchange.exchange_upsert(
                rows=rows, by=self.request.user, source=self.kwargs["source"],
                reason=f"api:{self.request.auth.prefix}", **options,
            )  # fmt: skip
        except IntegrityError:
            # A concurrent write of the same entry (or slug) won the race; nothing was written.
            raise Conflict() from None


def _payload(request) -> dict:
    if not isinstance(request.data, dict):
        raise exceptions.ValidationError({"detail": [_("Kirim satu objek JSON.")]})
    return request.data


class IngestEntryView(IngestView):
    """One entry by its external id: PUT creates or replaces, PATCH changes the given fields."""

    def _answer(self, result):
        row = result.rows[0]
        if row.status == exchange.Outcome.ERROR:
            return Response(row.as_dict(), status=status.HTTP_400_BAD_REQUEST)
        code = status.HTTP_201_CREATED if row.status == "created" else status.HTTP_200_OK
        return Response(row.as_dict(), status=code)

    @extend_schema(
        summary=_("Buat atau ganti satu entri (idempoten)"),
        description=_(
            "Kolom yang tidak dikirim dikosongkan. Mengirim isi yang sama dua kali tidak mengubah "
            "apa pun dan tidak menambah riwayat (status `unchanged`). Entri baru masuk peninjauan "
            "atau langsung terbit menurut kebijakan sumbernya."
        ),
        request=IngestEntrySerializer,
        parameters=[SOURCE_PARAMETER],
        responses={
            200: IngestResultSerializer,
            201: IngestResultSerializer,
            400: IngestResultSerializer,
            **ERRORS,
        },
        tags=["ingest"],
    )
    def put(self, request, source, external_ref):
        rows = [{**_payload(request), "external_ref": external_ref}]
        return self._answer(self.upsert(rows, partial=False))

    @extend_schema(
        summary=_("Ubah sebagian kolom satu entri"),
        description=_("Hanya kolom yang dikirim yang diubah. Entri harus sudah ada (404)."),
        request=IngestEntrySerializer(partial=True),
        parameters=[SOURCE_PARAMETER],
        responses={
            200: IngestResultSerializer,
            400: IngestResultSerializer,
            404: OpenApiResponse(description=_("Entri tidak ditemukan.")),
            **ERRORS,
        },
        tags=["ingest"],
    )
    def patch(self, request, source, external_ref):
        # A reference that cannot name an entry (a NUL, which PostgreSQL refuses to compare) is
        # not looked up: the upsert reports it as PUT does.
        stored = Innovation.objects.filter(source=source, external_ref=external_ref)
        if exchange.external_ref_error(external_ref) is None and not stored.exists():
            raise exceptions.NotFound(_("Entri tidak ditemukan."))
        rows = [{**_payload(request), "external_ref": external_ref}]
        return self._answer(self.upsert(rows, partial=True))


class IngestBatchView(IngestView):
    @extend_schema(
        summary=_("Kirim banyak entri sekaligus (paling banyak 1.000)"),
        description=_(
            "Setiap entri diperiksa sendiri dan hasilnya dilaporkan per entri (created, updated, "
            "unchanged, error dengan kesalahan per kolom). Entri yang gagal TIDAK menghalangi "
            "entri lain: semua entri yang sah disimpan dalam satu transaksi. Dengan `atomic=true` "
            "satu kesalahan membatalkan seluruh kiriman (tidak ada yang disimpan). Lebih dari "
            "1.000 entri dijawab 400."
        ),
        parameters=[
            SOURCE_PARAMETER,
            OpenApiParameter(
                "atomic", OpenApiTypes.BOOL, description=_("Semua atau tidak sama sekali.")
            ),
            OpenApiParameter(
                "partial", OpenApiTypes.BOOL, description=_("Kolom yang tidak dikirim dibiarkan.")
            ),
        ],
        request=IngestBatchSerializer,
        responses={200: IngestBatchResultSerializer, **ERRORS},
        tags=["ingest"],
    )
    def post(self, request, source):
        entries = _payload(request).get("entries")
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise exceptions.ValidationError({"entries": [_("Kirim daftar objek entri.")]})
        limit = settings.EXCHANGE_BATCH_MAX
        if len(entries) > limit:
            raise exceptions.ValidationError(
                {"entries": [_("Paling banyak %(limit)d entri per kiriman.") % {"limit": limit}]}
            )
        flag = {"1", "true", "yes"}
        result = self.upsert(
            entries,
            partial=request.query_params.get("partial", "").lower() in flag,
            atomic=request.query_params.get("atomic", "").lower() in flag,
        )
        return Response(
            {
                "written": result.written,
                "counts": result.counts,
                "results": [row.as_dict() for row in result.rows],
            }
        )
