"""The claims API: list and detail to who may see them, and the report step on the same service."""

from django.urls import reverse

from lindung.claims.models import Claim


def test_detail_shows_coverage_rules_and_amount(client, covered, report, cast):
    claim = report(covered)
    client.force_login(cast.verifier)
    data = client.get(reverse("claim-detail", args=[claim.pk])).json()
    assert (data["entitlement"], data["covered"], data["kpj"], data["funder_name"]) == (
        42_000_000,
        True,
        "23000000000",
        "APBD Kukar",
    )
    assert data["person_nik"] == covered.masked_nik
    assert {c["code"] for c in data["checks"]} == {"covered", "jkm_months"}
    assert {d["kind"] for d in data["documents"]} >= {"death_certificate", "heir_certificate"}


def test_list_filters_by_status(client, covered, report, cast):
    report(covered)
    client.force_login(cast.admin)
    assert client.get(reverse("claim-list"), {"status": "reported"}).json()["count"] == 1
    assert client.get(reverse("claim-list"), {"status": "paid"}).json()["count"] == 0


def test_report_through_the_api_refuses_bad_input_with_the_services_message(client, covered, cast):
    client.force_login(cast.operator_a)
    body = {"person": covered.pk, "kind": "jkm", "place": "Sungai", "account": "Tenggelam."}
    refused = client.post(reverse("claim-list"), {**body, "event_date": "2099-01-01"}, content_type="application/json")
    assert refused.status_code == 400 and "belum terjadi" in refused.json()["detail"]
    created = client.post(reverse("claim-list"), {**body, "event_date": "2023-05-15"}, content_type="application/json")
    assert created.status_code == 201
    assert Claim.objects.get().entitlement == created.json()["entitlement"] == 42_000_000
