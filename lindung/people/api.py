"""REST API over the same services as the pages."""

from contextlib import contextmanager

from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.errors import DomainError
from lindung.people import services
from lindung.people.forms import PersonFilterForm
from lindung.people.models import Occupation, Person, Segment, Sex


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


def _expected_version(request) -> int | None:
    raw = request.data.get("version")
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise ValidationError(
            {"problems": [_problem("version", "invalid", "Versi harus berupa bilangan bulat.")]}
        ) from None


@contextmanager
def _domain_errors():
    """Turn the services' domain errors into API answers: 400 with problems, 409 for a stale version."""
    try:
        yield
    except services.PersonInvalid as exc:
        raise ValidationError({"problems": [p.as_dict() for p in exc.problems]}) from None
    except services.NeedsNote as exc:
        raise ValidationError({"detail": exc.message, "problems": [p.as_dict() for p in exc.holds]}) from None
    except services.StaleEdit as exc:
        raise Conflict(exc.message) from None
    except DomainError as exc:
        raise ValidationError({"detail": exc.message}) from None


class PersonViewSet(viewsets.ViewSet):
    def _get(self, pk):
        person = Person.objects.visible_to(self.request.user).select_related("village").filter(pk=pk).first()
        if person is None:
            raise NotFound("Data tidak ditemukan atau di luar wilayah Anda.")
        return person

    def list(self, request):
        form = PersonFilterForm(request.query_params or None, user=request.user)
        qs = form.apply(Person.objects.visible_to(request.user)).select_related("village")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PersonSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(PersonSerializer(self._get(pk)).data)

    def create(self, request):
        data = _valid(PersonInputSerializer(data=request.data))
        with _domain_errors():
            person = services.propose_person(data, by=request.user, confirm_note=data.get("confirm_note", ""))
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        person = self._get(pk)
        if not hasattr(request.data, "items"):
            raise ValidationError({"problems": [_problem("", "invalid", "Kirim data sebagai objek JSON.")]})
        # PATCH sends only what changes; the service checks the whole person.
        data = _valid(PersonInputSerializer(data={**_current(person), **dict(request.data.items())}))
        with _domain_errors():
            person = services.update_person(
                person,
                data,
                by=request.user,
                expected_version=data.get("version"),
                confirm_note=data.get("confirm_note", ""),
            )
        return Response(PersonSerializer(person).data)

    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        person = self._get(pk)
        with _domain_errors():
            person = services.verify_person(
                person,
                by=request.user,
                expected_version=_expected_version(request),
                note=str(request.data.get("note", "")),
            )
        return Response(PersonSerializer(person).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        person = self._get(pk)
        with _domain_errors():
            person = services.reject_person(
                person,
                by=request.user,
                reason=request.data.get("reason", ""),
                expected_version=_expected_version(request),
            )
        return Response(PersonSerializer(person).data)

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
