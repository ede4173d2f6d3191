"""REST API over the same services as the pages.

The contract is the OpenAPI schema drf-spectacular builds from this code (/api/schema/),
and every change to a person names the version it was based on (If-Match with the ETag
of a GET, or a `version` field): a stale one is answered 412 (If-Match) or 409, a missing
one 428, so that of two changes made from the same reading only the first gets through.
"""

import re
from contextlib import contextmanager

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.errors import DomainError
from lindung.people import services
from lindung.people.forms import AGE_BANDS, PersonFilterForm
from lindung.people.models import Occupation, Person, Segment, Sex, Status


class PersonSerializer(serializers.ModelSerializer):
    nik = serializers.CharField(source="masked_nik", read_only=True)
    village_code = serializers.CharField(source="village_id", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "nik",
            "name",
            "sex",
            "birth_place",
            "birth_date",
            "village_code",
            "village_name",
            "rt",
            "rw",
            "street",
            "phone",
            "occupation",
            "occupation_other",
            "segment",
            "declared_income",
            "status",
            "status_reason",
            "warnings",
            "version",
            "proposed_at",
            "verified_at",
        ]
        read_only_fields = fields


class PersonInputSerializer(serializers.Serializer):
    """Shape only; the service applies the rules."""

    nik = serializers.CharField(max_length=40)
    kk_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    name = serializers.CharField(max_length=150)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    village_code = serializers.CharField(max_length=20)
    rt = serializers.CharField(max_length=5, required=False, allow_blank=True)
    rw = serializers.CharField(max_length=5, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    occupation = serializers.ChoiceField(choices=Occupation.choices)
    occupation_other = serializers.CharField(max_length=100, required=False, allow_blank=True)
    segment = serializers.ChoiceField(choices=Segment.choices, required=False, allow_blank=True)
    declared_income = serializers.IntegerField(min_value=1, required=False)
    confirm_note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = (
        "Sertakan versi data yang Anda baca: header If-Match berisi ETag dari GET data ini, atau kolom version. "
        "Tanpa versi, perubahan orang lain sejak Anda membacanya bisa tertimpa."
    )


class Pages(PageNumberPagination):
    invalid_page_message = "Halaman {page_number} tidak ada."


class VersionSerializer(serializers.Serializer):
    # In the schema as required: a client may send If-Match instead, but one of the two must come.
    version = serializers.IntegerField(
        min_value=0, max_value=999_999_999, help_text="Versi data yang Anda baca (atau kirim header If-Match)."
    )


class PersonPatchSerializer(PersonInputSerializer):
    """Only what changes, plus the version it was read at (the schema of PATCH)."""

    version = serializers.IntegerField(min_value=0, max_value=999_999_999)




class RejectSerializer(VersionSerializer):
    reason = serializers.CharField(help_text="Alasan penolakan, minimal 5 huruf.")


class ProblemsSerializer(serializers.Serializer):
    problems = serializers.ListField(child=serializers.DictField(), required=False)
    detail = serializers.CharField(required=False)


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


_ERRORS = {
    400: OpenApiResponse(ProblemsSerializer, description="Data atau saringan tidak valid."),
    401: OpenApiResponse(DetailSerializer, description="Tanpa token, atau token tidak dikenal."),
    403: OpenApiResponse(DetailSerializer, description="Tidak berwenang."),
    404: OpenApiResponse(DetailSerializer, description="Tidak ditemukan atau di luar wilayah Anda."),
}
_CHANGE_ERRORS = {
    **_ERRORS,
    415: OpenApiResponse(DetailSerializer, description="Kirim JSON (atau formulir)."),
    409: OpenApiResponse(DetailSerializer, description="Data sudah diubah orang lain sejak versi yang dikirim."),
    412: OpenApiResponse(DetailSerializer, description="ETag di If-Match bukan versi sekarang."),
    428: OpenApiResponse(DetailSerializer, description="Versi (If-Match atau version) tidak dikirim."),
}
PK = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Nomor data pekerja.")
IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description='ETag dari GET data ini, misalnya "3" (atau kirim kolom version).',
)  # fmt: skip
FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Cari nama atau NIK."),
    OpenApiParameter("district", OpenApiTypes.STR, description="Kode kecamatan, misalnya 64.02.06."),
    OpenApiParameter("village", OpenApiTypes.STR, description="Kode desa, misalnya 64.02.06.1010."),
    OpenApiParameter("occupation", OpenApiTypes.STR, enum=Occupation.values),
    OpenApiParameter("segment", OpenApiTypes.STR, enum=Segment.values),
    OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values),
    OpenApiParameter("age", OpenApiTypes.STR, enum=list(AGE_BANDS)),
    OpenApiParameter("warning", OpenApiTypes.STR, enum=["ada"]),
    OpenApiParameter("page", OpenApiTypes.INT, description="Nomor halaman (50 data per halaman)."),
]


def _problem(field: str, code: str, message: str) -> dict:
    return {"field": field, "code": code, "message": message, "level": "error"}


def _shape_problems(errors) -> ValidationError:
    """Serializer errors in the same shape as the service's problems, so a client reads one format."""
    return ValidationError(
        {
            "problems": [
                _problem("" if field == "non_field_errors" else field, detail.code, str(detail))
                for field, details in errors.items()
                for detail in details
            ]
        }
    )


def _valid(serializer: serializers.Serializer) -> dict:
    if not serializer.is_valid():
        raise _shape_problems(serializer.errors)
    return serializer.validated_data


_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationError({"problems": [_problem("", "invalid", "Kirim data sebagai objek JSON.")]})
    return request.data


def _expected_version(request) -> tuple[int, bool]:
    """The version the change is based on, and whether it came as If-Match; 428 when there is none."""
    header = request.headers.get("If-Match")
    if header:
        match = _ETAG.match(header)
        if not match:
            raise ValidationError(
                {"problems": [_problem("If-Match", "invalid", 'If-Match harus berisi ETag dari GET, misalnya "3".')]}
            )
        return int(match.group(1)), True
    raw = _body(request).get("version")
    if raw is None or raw == "":
        raise PreconditionRequired()
    if isinstance(raw, bool) or not isinstance(raw, (int, str)) or not str(raw).isdigit() or len(str(raw)) > 9:
        raise ValidationError({"problems": [_problem("version", "invalid", "Versi harus berupa bilangan bulat.")]})
    return int(raw), False


@contextmanager
def _domain_errors(*, if_match: bool = False):
    """Turn the services' domain errors into API answers: 400 with problems, 409/412 for a stale version."""
    try:
        yield
    except services.PersonInvalid as exc:
        raise ValidationError({"problems": [p.as_dict() for p in exc.problems]}) from None
    except services.NeedsNote as exc:
        raise ValidationError({"detail": exc.message, "problems": [p.as_dict() for p in exc.holds]}) from None
    except services.StaleEdit as exc:
        raise (PreconditionFailed if if_match else Conflict)(exc.message) from None
    except DomainError as exc:
        raise ValidationError({"detail": exc.message}) from None


def _with_etag(response: Response, person: Person) -> Response:
    response["ETag"] = f'"{person.version}"'
    return response


class PersonViewSet(viewsets.ViewSet):
    """Workers in the registry, as far as your region reaches."""

    # A pk is a number: "abc" (or a number no row can have) is a 404, not an error of the database.
    lookup_value_regex = r"[0-9]{1,18}"
    serializer_class = PersonSerializer
    pagination_class = Pages  # also tells the schema that the list comes in pages

    def _get(self, pk):
        person = Person.objects.visible_to(self.request.user).select_related("village").filter(pk=int(pk)).first()
        if person is None:
            raise NotFound("Data tidak ditemukan atau di luar wilayah Anda.")
        return person

    @extend_schema(parameters=FILTERS, responses={200: PersonSerializer(many=True), **_ERRORS})
    def list(self, request):
        form = PersonFilterForm(request.query_params or None, user=request.user)
        if request.query_params and not form.is_valid():
            # A filter that cannot apply is an error: ignoring it would list people the client did not ask for.
            raise ValidationError(
                {
                    "problems": [
                        _problem(field, detail.code or "invalid", str(detail.message % (detail.params or {})))
                        for field, details in form.errors.as_data().items()
                        for detail in details
                    ]
                }
            )
        qs = form.apply(Person.objects.visible_to(request.user)).select_related("village")
        if not qs.ordered:
            qs = qs.order_by("pk")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PersonSerializer(page, many=True).data)

    @extend_schema(parameters=[PK], responses={200: PersonSerializer, **_ERRORS})
    def retrieve(self, request, pk=None):
        person = self._get(pk)
        return _with_etag(Response(PersonSerializer(person).data), person)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonSerializer, **_CHANGE_ERRORS})
    def create(self, request):
        data = _valid(PersonInputSerializer(data=_body(request)))
        with _domain_errors():
            person = services.propose_person(data, by=request.user, confirm_note=data.get("confirm_note", ""))
        return _with_etag(Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED), person)

    @extend_schema(
        request=PersonPatchSerializer(partial=True),
        parameters=[PK, IF_MATCH],
        responses={200: PersonSerializer, **_CHANGE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        person = self._get(pk)
        version, if_match = _expected_version(request)
        # PATCH sends only what changes; the service checks the whole person.
        data = _valid(PersonInputSerializer(data={**_current(person), **dict(_body(request).items())}))
        with _domain_errors(if_match=if_match):
            person = services.update_person(
                person,
                data,
                by=request.user,
                expected_version=version,
                confirm_note=data.get("confirm_note", ""),
            )
        return _with_etag(Response(PersonSerializer(person).data), person)

    @extend_schema(
        request=VersionSerializer, parameters=[PK, IF_MATCH], responses={200: PersonSerializer, **_CHANGE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        person = self._get(pk)
        version, if_match = _expected_version(request)
        with _domain_errors(if_match=if_match):
            person = services.verify_person(
                person, by=request.user, expected_version=version, note=str(request.data.get("note", ""))
            )
        return _with_etag(Response(PersonSerializer(person).data), person)

    @extend_schema(
        request=RejectSerializer, parameters=[PK, IF_MATCH], responses={200: PersonSerializer, **_CHANGE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        person = self._get(pk)
        version, if_match = _expected_version(request)
        reason = _body(request).get("reason", "")
        if not isinstance(reason, str):
            raise ValidationError({"problems": [_problem("reason", "invalid", "Alasan penolakan harus berupa teks.")]})
        with _domain_errors(if_match=if_match):
            person = services.reject_person(person, by=request.user, reason=reason, expected_version=version)
        return _with_etag(Response(PersonSerializer(person).data), person)

    @extend_schema(
        request=None,
        parameters=[PK],
        responses={200: inline_serializer("FullNik", {"nik": serializers.CharField()}), **_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="reveal-nik")
    def reveal_nik(self, request, pk=None):
        person = self._get(pk)
        if not scope_of(request.user).can(Action.VIEW_FULL_NIK, person.village_id):
            raise PermissionDenied("Anda tidak berwenang melihat NIK lengkap.")
        return Response({"nik": services.reveal_nik(person, by=request.user)})


def _current(person: Person) -> dict:
    values = {f: getattr(person, f) for f in services.DATA_FIELDS if f != "village_id"}
    values["village_code"] = person.village_id
    values["version"] = person.version
    return values
