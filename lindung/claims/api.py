"""REST API for claims: read the list and one claim, and report a claim, on the pages' services."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from lindung.claims import services
from lindung.claims.models import Claim, ClaimStatus, Kind
from lindung.errors import DomainError
from lindung.people.models import Person


class HeirSerializer(serializers.Serializer):
    name = serializers.CharField()
    relation = serializers.CharField()
    rank = serializers.IntegerField()
    has_account = serializers.SerializerMethodField()

    def get_has_account(self, heir) -> bool:
        return bool(heir.account_number)


class DocumentSerializer(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    has_file = serializers.BooleanField()


class ClaimSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_nik = serializers.CharField(source="person.masked_nik", read_only=True)
    village_code = serializers.CharField(source="village_id", read_only=True)
    funder_name = serializers.CharField(source="funder.name", read_only=True, default="")

    class Meta:
        model = Claim
        fields = [
            "id",
            "kind",
            "status",
            "person",
            "person_name",
            "person_nik",
            "village_code",
            "event_date",
            "place",
            "covered",
            "covered_since",
            "coverage_reason",
            "funder_name",
            "kpj",
            "months_paid",
            "entitlement",
            "paid_amount",
            "paid_on",
            "submitted_on",
            "bpjs_receipt",
            "bpjs_due_on",
            "status_reason",
            "reported_at",
        ]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimSerializer):
    checks = serializers.JSONField(read_only=True)
    entitlement_parts = serializers.JSONField(read_only=True)
    other_memberships = serializers.JSONField(read_only=True)
    heirs = HeirSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [
            *ClaimSerializer.Meta.fields,
            "account",
            "checks",
            "entitlement_parts",
            "other_memberships",
            "heirs",
            "documents",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.Serializer):
    """Shape only; the service applies the rules."""

    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    event_date = serializers.DateField()
    event_time = serializers.TimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=200)
    account = serializers.CharField()
    treatment_cost = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    stmb_months = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    disability_percent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
    follows = serializers.IntegerField(required=False, allow_null=True)


_ERRORS = {
    400: OpenApiResponse(description="Masukan tidak dapat dipakai; pesannya menyebut yang harus diperbaiki."),
    401: OpenApiResponse(description="Belum masuk."),
    403: OpenApiResponse(description="Tidak berwenang."),
    404: OpenApiResponse(description="Tidak ditemukan atau di luar wilayah Anda."),
}
FILTERS = [
    OpenApiParameter("status", str, enum=ClaimStatus.values, description="Status klaim"),
    OpenApiParameter("region", str, description="Kode wilayah, mis. 64.02.06"),
    OpenApiParameter("page", int, description="Halaman"),
]


class ClaimViewSet(viewsets.ViewSet):
    lookup_value_regex = r"[0-9]{1,18}"
    # Declared so the schema shows the list as the paginated page it is.
    pagination_class = PageNumberPagination

    @extend_schema(parameters=FILTERS, responses={200: ClaimSerializer(many=True), **_ERRORS})
    def list(self, request):
        qs = Claim.objects.visible_to(request.user).select_related("person", "funder")
        status_filter = request.query_params.get("status")
        if status_filter:
            if status_filter not in ClaimStatus.values:
                # An ignored filter would list claims the client did not ask for.
                raise ValidationError(
                    {"status": f"Status tidak dikenal. Pakai salah satu: {', '.join(ClaimStatus.values)}."}
                )
            qs = qs.filter(status=status_filter)
        if request.query_params.get("region"):
            qs = qs.in_region(request.query_params["region"])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(ClaimSerializer(page, many=True).data)

    @extend_schema(responses={200: ClaimDetailSerializer, **_ERRORS})
    def retrieve(self, request, pk=None):
        claim = (
            Claim.objects.visible_to(request.user)
            .select_related("person", "funder")
            .prefetch_related("heirs", "documents")
            .filter(pk=pk)
            .first()
        )
        if claim is None:
            raise NotFound("Klaim tidak ditemukan atau di luar wilayah Anda.")
        return Response(ClaimDetailSerializer(claim).data)

    @extend_schema(request=ReportSerializer, responses={201: ClaimDetailSerializer, **_ERRORS})
    def create(self, request):
        serializer = ReportSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationError(serializer.errors)
        data = dict(serializer.validated_data)
        person = Person.objects.visible_to(request.user).filter(pk=data.pop("person")).first()
        if person is None:
            raise NotFound("Pekerja tidak ditemukan atau di luar wilayah Anda.")
        follows_pk = data.pop("follows", None)
        follows = Claim.objects.filter(person=person, pk=follows_pk).first() if follows_pk else None
        try:
            claim = services.report_claim(person, by=request.user, follows=follows, **data)
        except DomainError as exc:
            raise ValidationError({"detail": exc.message}) from None
        return Response(ClaimDetailSerializer(claim).data, status=status.HTTP_201_CREATED)
