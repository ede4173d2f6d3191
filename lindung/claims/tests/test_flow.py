"""The status flow: who may take each step, in which order, and what a death claim does to the registry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lindung.audit.models import AuditEntry
from lindung.claims import services
from lindung.claims.models import ClaimStatus, DocumentState
from lindung.enrolment.models import MembershipStatus
from lindung.errors import DomainError
from lindung.people.models import Status

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _complete_documents(claim, by):
    for doc in claim.documents.filter(state=DocumentState.MISSING):
        services.upload_document(
            claim, kind=doc.kind, uploaded=SimpleUploadedFile(f"{doc.kind}.pdf", PDF, "application/pdf"), by=by
        )


@pytest.fixture
def checked(covered, report, cast):
    claim = report(covered)
    return services.check_claim(claim, eligible=True, by=cast.verifier)


def test_a_jkm_claim_goes_from_report_to_payment(checked, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    claim = checked
    services.add_heir(
        claim,
        name="Siti Fauziah",
        relation="spouse",
        bank_name="BPD Kaltim",
        account_number="0011 2233 44",
        by=cast.operator_a,
    )
    _complete_documents(claim, cast.operator_a)
    claim = services.recommend_claim(claim, by=cast.verifier)
    assert claim.status == ClaimStatus.RECOMMENDED
    today = timezone.localdate()
    claim = services.record_submission(claim, on=today, receipt="TT-2026-0042", by=cast.admin)
    assert claim.bpjs_due_on == services.bpjs_due_on(claim, today)
    claim = services.record_payment(claim, on=today, amount=42_000_000, by=cast.admin)
    assert (claim.status, claim.paid_amount) == (ClaimStatus.PAID, 42_000_000)
    actions = list(AuditEntry.objects.for_target(claim).order_by("id").values_list("action", flat=True))
    assert actions[:2] == ["claims.claim.reported", "claims.claim.checked"]
    assert actions[-3:] == ["claims.claim.recommended", "claims.claim.submitted", "claims.claim.paid"]


def test_bpjs_has_seven_working_days_without_indonesian_holidays(checked):
    # From Friday 22 May 2026: Idul Adha (27 May) and Hari Lahir Pancasila (1 June) are not working days.
    assert services.bpjs_due_on(checked, date(2026, 5, 22)) == date(2026, 6, 4)
    # A plain week: Monday 2 March 2026 + 7 working days is Wednesday 11 March.
    assert services.bpjs_due_on(checked, date(2026, 3, 2)) == date(2026, 3, 11)


def test_checking_a_death_claim_records_the_death_and_ends_the_cover(checked):
    person = checked.person
    person.refresh_from_db()
    assert person.status == Status.DECEASED
    assert person.closed_on == date(2023, 5, 15)
    membership = person.memberships.get()
    assert (membership.status, membership.ended_on, membership.ended_month) == (
        MembershipStatus.ENDED,
        date(2023, 5, 15),
        5,
    )


def test_a_village_operator_cannot_check_a_claim(covered, report, cast):
    claim = report(covered)
    with pytest.raises(PermissionDenied, match="dilakukan Dinas"):
        services.check_claim(claim, eligible=True, by=cast.operator_a)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPORTED


def test_finance_cannot_record_a_payment(checked, cast):
    with pytest.raises(PermissionDenied):
        services.record_payment(checked, on=date(2026, 1, 5), amount=1, by=cast.finance)


def test_not_eligible_needs_a_reason(covered, report, cast):
    claim = report(covered)
    with pytest.raises(DomainError, match="alasan"):
        services.check_claim(claim, eligible=False, reason="", by=cast.verifier)
    claim = services.check_claim(claim, eligible=False, reason="Bukan pekerja rentan", by=cast.verifier)
    assert claim.status == ClaimStatus.NOT_ELIGIBLE
    claim.person.refresh_from_db()
    assert claim.person.status != Status.DECEASED


def test_a_claim_with_no_amount_cannot_be_found_eligible(worker, report, cast):
    from django.utils import timezone

    claim = report(worker(), event_date=timezone.localdate())
    with pytest.raises(DomainError, match="tidak ada hak"):
        services.check_claim(claim, eligible=True, by=cast.verifier)


def test_steps_out_of_order_are_refused_with_what_to_do(covered, report, cast):
    claim = report(covered)
    with pytest.raises(DomainError, match="Dinas harus memeriksanya dulu"):
        services.recommend_claim(claim, by=cast.verifier)
    with pytest.raises(DomainError, match="Tidak dapat mencatat pembayaran"):
        services.record_payment(claim, on=date(2026, 1, 5), amount=1, by=cast.verifier)
    claim = services.check_claim(claim, eligible=True, by=cast.verifier)
    with pytest.raises(DomainError, match="sudah diperiksa"):
        services.check_claim(claim, eligible=True, by=cast.verifier)


def test_recommending_needs_every_document_and_an_account(checked, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with pytest.raises(DomainError, match=r"Berkas belum lengkap: .*Akta/surat kematian"):
        services.recommend_claim(checked, by=cast.verifier)
    _complete_documents(checked, cast.operator_a)
    with pytest.raises(DomainError, match="nomor rekening"):
        services.recommend_claim(checked, by=cast.verifier)
    checked.refresh_from_db()
    assert checked.status == ClaimStatus.CHECKED


@pytest.fixture
def submitted(checked, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    services.add_heir(checked, name="Siti", relation="spouse", account_number="123", by=cast.operator_a)
    _complete_documents(checked, cast.operator_a)
    services.recommend_claim(checked, by=cast.verifier)
    return services.record_submission(checked, on=timezone.localdate(), receipt="TT-1", by=cast.verifier)


def test_a_payment_above_the_entitlement_is_refused(submitted, cast):
    with pytest.raises(DomainError, match=r"melebihi hak menurut aturan Rp 42\.000\.000"):
        services.record_payment(submitted, on=timezone.localdate(), amount=42_000_001, by=cast.verifier)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.paid_amount) == (ClaimStatus.SUBMITTED, None)


def test_a_refusal_by_bpjs_keeps_its_reason(submitted, cast):
    claim = services.record_refusal(
        submitted, on=timezone.localdate(), reason="Berkas ahli waris ganda", by=cast.verifier
    )
    assert (claim.status, claim.status_reason) == (ClaimStatus.REFUSED, "Berkas ahli waris ganda")


def test_a_submission_needs_the_receipt_number(checked, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    services.add_heir(checked, name="Siti", relation="spouse", account_number="123", by=cast.operator_a)
    _complete_documents(checked, cast.operator_a)
    services.recommend_claim(checked, by=cast.verifier)
    with pytest.raises(DomainError, match="nomor tanda terima"):
        services.record_submission(checked, on=timezone.localdate(), receipt=" ", by=cast.verifier)


def test_heirs_of_the_first_rank_receive(checked, cast):
    services.add_heir(checked, name="Ibu Kandung", relation="direct_line", by=cast.operator_a)
    services.add_heir(checked, name="Istri", relation="spouse", by=cast.operator_a)
    services.add_heir(checked, name="Anak", relation="child", by=cast.operator_a)
    heirs = list(checked.heirs.all())
    assert [h.name for h in heirs] == ["Istri", "Anak", "Ibu Kandung"]
    assert [h.name for h in services.first_heirs(heirs)] == ["Istri", "Anak"]


def test_a_worker_on_the_active_bpjs_list_is_flagged(covered, report, cast):
    from lindung.dedup.models import ListKind, PersonFlag, ReferenceList, ReferenceRow

    ref = ReferenceList.objects.create(name="Peserta PU aktif 2023", kind=ListKind.BPJS_ACTIVE, uploaded_by=cast.admin)
    row = ReferenceRow.objects.create(reference_list=ref, line=2, nik=covered.nik, name=covered.name)
    PersonFlag.objects.create(person=covered, reference_row=row, reference_list=ref, reason=ref.reason, score=1.0)
    claim = report(covered)
    assert claim.other_memberships == [
        {
            "list": "Peserta PU aktif 2023",
            "kind": "bpjs_active",
            "reason": ref.reason,
            "flag": claim.other_memberships[0]["flag"],
        }
    ]
