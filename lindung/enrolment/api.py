"""Read-only API: a person's BPJS memberships, on the same queries as the pages."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lindung.enrolment.models import Membership
from lindung.people.models import Person


class MembershipSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="programme_year.year", read_only=True)
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    wadah_type = serializers.CharField(source="funder.wadah", read_only=True)
    wadah_code = serializers.CharField(source="funder.wadah_code", read_only=True)
    months = serializers.ListField(source="month_indexes", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "year",
            "funder",
            "funder_name",
            "wadah_type",
            "wadah_code",
            "status",
            "kpj",
            "bpjs_start_date",
            "months",
            "refused_reason",
            "ended_month",
            "ended_on",
            "end_cause",
        ]
        read_only_fields = fields


@extend_schema(
    responses={
        200: inline_serializer(
            "PersonMemberships",
            {
                "id": serializers.IntegerField(),
                "name": serializers.CharField(),
                "nik": serializers.CharField(),
                "status": serializers.CharField(),
                "closed_on": serializers.DateField(allow_null=True),
                "memberships": MembershipSerializer(many=True),
            },
        ),
        401: OpenApiResponse(description="Belum masuk."),
        403: OpenApiResponse(description="Tidak berwenang."),
        404: OpenApiResponse(description="Data tidak ditemukan atau di luar wilayah Anda."),
    }
)
@api_view(["GET"])
def person_memberships(request, pk):
    """GET /api/people/<id>/memberships/: the person (masked NIK) and their memberships, newest year first."""
    person = Person.objects.visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise NotFound("Data tidak ditemukan atau di luar wilayah Anda.")
    memberships = (
        Membership.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("funder", "programme_year")
        .order_by("-programme_year__year", "funder__rank", "id")
    )
    return Response(
        {
            "id": person.pk,
            "name": person.name,
            "nik": person.masked_nik,
            "status": person.status,
            "closed_on": person.closed_on,
            "memberships": MembershipSerializer(memberships, many=True).data,
        }
    )
