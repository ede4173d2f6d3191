"""`GET /api/people/<pk>/coverage/?on=YYYY-MM-DD`: coverage_on for one person the caller may see."""

from datetime import date

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from lindung.accounts.scoping import get_visible_or_404
from lindung.coverage.services import answer_from, person_ledger
from lindung.people.models import Person


@extend_schema(
    parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Tanggal yang ditanyakan (bawaan: hari ini)")],
    responses={
        200: OpenApiTypes.OBJECT,
        400: OpenApiResponse(description="Tanggal tidak terbaca."),
        401: OpenApiResponse(description="Belum masuk."),
        403: OpenApiResponse(description="Tidak berwenang."),
        404: OpenApiResponse(description="Pekerja tidak ditemukan atau di luar wilayah Anda."),
    },
)
@api_view(["GET"])
def person_coverage(request, pk):
    person = get_visible_or_404(Person.objects, request.user, pk=pk)
    raw = request.query_params.get("on")
    try:
        # Without `on`, today; an `on` that is there must be a date (an empty one too).
        on = date.fromisoformat(raw) if raw is not None else timezone.localdate()
    except ValueError:
        raise ValidationError({"on": f"Tanggal {raw} tidak terbaca; tulis seperti 2026-05-12."}) from None
    ledger = person_ledger(person)
    answer = answer_from(ledger, on)
    return Response(
        {
            "id": person.pk,
            "on": answer.on,
            "covered": answer.covered,
            "since": answer.since,
            "funder": {"id": answer.funder.pk, "name": answer.funder.name, "wadah": answer.funder.wadah}
            if answer.funder
            else None,
            "kpj": answer.kpj,
            "months_paid": answer.months_paid,
            "reason": answer.reason,
            "months": [
                {
                    "month": m.label,
                    "state": m.state.state.value,
                    "covered": m.state.covered,
                    "funder": m.funder.name if m.funder else None,
                    "kpj": m.kpj,
                    "paid_on": m.state.paid_on,
                    "invoice": m.invoice,
                }
                for m in ledger.months
            ],
        }
    )
