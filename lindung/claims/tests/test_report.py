"""Reporting a claim: coverage at the event, the amount the rules give, and bad input refused whole."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conftest import VILLAGE_B
from lindung.audit.models import AuditEntry
from lindung.claims.models import Claim, ClaimStatus, DocumentState
from lindung.errors import DomainError

PAID_TO_JUNE = {k: date(2023, k, 10) for k in range(1, 7)}
LATE_IN_OCTOBER = {k: date(2023, 10, 10) for k in (7, 8, 9, 10)}


def test_jkm_death_of_a_covered_worker_is_owed_42_million(covered, report, apbd, cast):
    claim = report(covered)
    assert claim.status == ClaimStatus.REPORTED
    assert claim.covered and claim.covered_since == date(2023, 1, 1)
    assert (claim.funder, claim.kpj, claim.months_paid) == (apbd, "23000000000", 5)
    assert claim.entitlement == 42_000_000
    assert [p["amount"] for p in claim.entitlement_parts] == [20_000_000, 12_000_000, 10_000_000]
    assert {c["code"]: c["ok"] for c in claim.checks} == {"covered": True, "jkm_months": True}
    assert AuditEntry.objects.for_target(claim).get().action == "claims.claim.reported"


def test_jkm_after_two_months_pays_the_funeral_cost_only(covered, report):
    claim = report(covered, event_date=date(2023, 2, 20))
    assert claim.months_paid == 2
    assert claim.entitlement == 10_000_000
    check = next(c for c in claim.checks if c["code"] == "jkm_months")
    assert not check["ok"] and "hanya menerima biaya pemakaman Rp 10.000.000" in check["reason"]


def test_a_death_in_a_coverage_gap_is_recorded_with_its_reason_and_no_amount(enrolled, apbd, paid_months, report):
    (person,), _ = enrolled()
    paid_months(apbd, {**PAID_TO_JUNE, **LATE_IN_OCTOBER})
    claim = report(person, event_date=date(2023, 8, 3))
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert not claim.covered
    assert "celah sejak 1 Juli 2023" in claim.coverage_reason
    assert claim.entitlement == 0
    assert "Tidak ada hak" in claim.entitlement_parts[-1]["label"]


def test_jkk_death_is_48_times_income_plus_funeral_and_periodic(covered, report):
    claim = report(covered, kind="jkk_death", event_date=date(2023, 7, 1))
    assert claim.entitlement == 70_000_000
    assert {c["code"] for c in claim.checks} == {"covered", "jkk_lapse", "stage1"}


def test_total_permanent_disability_is_56_times_income(covered, report):
    assert report(covered, kind="jkk_disability", disability_percent=100).entitlement == 56_000_000


def test_partial_disability_is_labelled_unconfirmed(covered, report):
    claim = report(covered, kind="jkk_disability", disability_percent=25)
    assert claim.entitlement == 20_000_000
    assert next(c for c in claim.checks if c["code"] == "partial")["unconfirmed"]


def test_temporary_inability_pays_the_income_per_month(covered, report):
    assert report(covered, kind="jkk_stmb", stmb_months=3).entitlement == 3_000_000


def test_treatment_is_the_receipts(covered, report):
    assert report(covered, kind="jkk_treatment", treatment_cost=4_250_000).entitlement == 4_250_000


def test_a_jkk_report_after_two_days_is_flagged_late_but_still_owed(covered, report):
    claim = report(covered, kind="jkk_treatment", treatment_cost=1_000_000)
    stage1 = next(c for c in claim.checks if c["code"] == "stage1")
    assert not stage1["ok"] and not stage1["blocks"]
    assert "terlambat" in stage1["reason"]
    assert claim.entitlement == 1_000_000


def test_the_death_checklist_needs_the_marriage_book_only_for_a_spouse(covered, report, cast):
    from lindung.claims.services import add_heir

    claim = report(covered)
    states = dict(claim.documents.values_list("kind", "state"))
    assert states["death_certificate"] == DocumentState.MISSING
    assert states["marriage_book"] == DocumentState.NOT_NEEDED
    add_heir(claim, name="Siti Fauziah", relation="spouse", by=cast.operator_a)
    assert claim.documents.get(kind="marriage_book").state == DocumentState.MISSING


# -- bad input --------------------------------------------------------------------------------


@pytest.fixture
def counts():
    return lambda: (Claim.objects.count(), AuditEntry.objects.count())


def test_an_event_in_the_future_is_refused(covered, report, counts):
    before = counts()
    with pytest.raises(DomainError, match="belum terjadi"):
        report(covered, event_date=timezone.localdate() + timedelta(days=1))
    assert counts() == before


def test_an_event_before_the_worker_was_registered_is_refused(worker, report, counts):
    person = worker()  # registered today, never enrolled
    before = counts()
    with pytest.raises(DomainError, match="sebelum Ahmad Fauzi terdaftar"):
        report(person, event_date=timezone.localdate() - timedelta(days=3))
    assert counts() == before


def test_a_person_outside_the_users_region_is_refused(covered, report, cast, counts):
    before = counts()
    with pytest.raises(PermissionDenied, match="di luar wilayah Anda"):
        report(covered, by=cast.operator_b)
    assert counts() == before


def test_a_second_jkm_claim_for_the_same_death_is_refused(covered, report, counts):
    first = report(covered)
    before = counts()
    with pytest.raises(DomainError, match=f"sudah dilaporkan sebagai klaim #{first.pk}"):
        report(covered, by=None, event_date=date(2023, 5, 16))
    with pytest.raises(DomainError, match="Satu kematian, satu klaim"):
        report(covered, kind="jkk_death")
    assert counts() == before


def test_the_database_refuses_a_second_live_death_claim(covered, report):
    from django.db import IntegrityError, transaction

    first = report(covered)
    duplicate = Claim.objects.filter(pk=first.pk).values().get()
    duplicate.pop("id")
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(**duplicate)


def test_a_jkk_claim_without_its_figure_is_refused(covered, report, counts):
    before = counts()
    with pytest.raises(DomainError, match="persen cacat"):
        report(covered, kind="jkk_disability")
    with pytest.raises(DomainError, match="biaya pengobatan"):
        report(covered, kind="jkk_treatment")
    assert counts() == before


def test_village_b_operator_reports_for_village_b_only(cast, worker, report):
    person = worker(village_code=VILLAGE_B, name="Siti Aminah", sex_="P")
    with pytest.raises(PermissionDenied):
        report(person, by=cast.operator_a, event_date=timezone.localdate())
    assert report(person, by=cast.operator_b, event_date=timezone.localdate()).village_id == VILLAGE_B
