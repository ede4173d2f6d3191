"""Renewal: the re-check proposes removals a verifier decides; a new year starts from last year's roster."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.audit.models import AuditEntry
from lindung.dedup import services as dedup
from lindung.dedup.models import ListKind
from lindung.enrolment.models import Membership, MembershipStatus, ProposalStatus, RemovalProposal
from lindung.enrolment.renewal import confirm_removal, keep_person, recheck_eligibility
from lindung.enrolment.services import create_memberships
from lindung.errors import DomainError
from lindung.funding.models import Adjustment, AdjustmentKind, Funder
from lindung.people.models import Status
from lindung.people.services import close_person
from lindung.programmes.services import create_year


def _block(cast, person):
    content = f"No,NIK,Nama,Jenis Kelamin,Tanggal Lahir\n1,{person.nik},{person.name},L,12-05-1980\n".encode()
    dedup.upload_reference_list(
        SimpleUploadedFile("provinsi.csv", content, content_type="text/csv"),
        by=cast.verifier_all,
        name="Peserta BPU Provinsi",
        kind=ListKind.OTHER_FUNDER,
    )


def test_the_recheck_of_an_approved_year_proposes_the_dead_and_the_blocked(cast, enrolled):
    siti, bambang, _ = enrolled["people"]
    close_person(siti, by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 1/2021")
    _block(cast, bambang)
    assert recheck_eligibility(enrolled["year"], by=cast.verifier_all) == 2
    proposals = {p.person_id: p for p in RemovalProposal.objects.all()}
    assert set(proposals) == {siti.pk, bambang.pk}
    assert proposals[siti.pk].cause == "meninggal"
    assert proposals[bambang.pk].cause == "asn" and "daftar rujukan" in proposals[bambang.pk].reasons[0]
    # Nothing leaves the roster until a verifier decides; running the check again adds nothing.
    assert Membership.objects.filter(status=MembershipStatus.TO_SEND).count() == 3
    assert recheck_eligibility(enrolled["year"], by=cast.verifier_all) == 0

    confirm_removal(proposals[siti.pk], by=cast.verifier, note="Sesuai akta")
    keep_person(proposals[bambang.pk], by=cast.verifier, note="Daftar provinsi keliru, sudah dicek")
    assert Membership.objects.get(person=siti).status == MembershipStatus.ENDED
    assert Membership.objects.get(person=bambang).status == MembershipStatus.TO_SEND
    assert AuditEntry.objects.filter(action="enrolment.renewal.removal_confirmed").count() == 1
    with pytest.raises(DomainError, match="sudah diputuskan"):
        confirm_removal(proposals[bambang.pk], by=cast.verifier)


def test_keeping_someone_needs_a_reason_and_only_a_verifier_of_their_region_decides(cast, enrolled):
    siti = enrolled["people"][0]
    proposal = RemovalProposal.objects.create(programme_year=enrolled["year"], person=siti, cause="lain", reasons=["x"])
    with pytest.raises(DomainError, match="alasan"):
        keep_person(proposal, by=cast.verifier, note="")
    for user in (cast.operator_a, cast.finance, cast.operator_b):
        with pytest.raises(PermissionDenied):
            confirm_removal(proposal, by=user)
    with pytest.raises(PermissionDenied):
        recheck_eligibility(enrolled["year"], by=cast.operator_a)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_the_next_year_starts_from_this_years_active_roster(cast, enrolled, year_data, worker):
    siti, bambang, joko = enrolled["people"]
    Membership.objects.filter(person__in=[siti, bambang, joko]).update(status=MembershipStatus.ACTIVE)
    Membership.objects.filter(person=joko).update(status=MembershipStatus.REFUSED)
    next_year = create_year(year_data(year=2022, period_start=date(2022, 1, 1), months=12, max_age=41), by=cast.admin)
    Funder.objects.create(programme_year=next_year, kind="apbd_kab", name="APBD Kukar", budget=10**9, rank=50)
    bambang.birth_date = date(1990, 1, 1)
    bambang.save(update_fields=["birth_date"])
    # Siti (born 1980) is 41 on 1 January 2022: still inside; make her 42.
    siti.birth_date = date(1979, 6, 1)
    siti.save(update_fields=["birth_date"])
    assert recheck_eligibility(next_year, by=cast.admin) == 1
    proposal = RemovalProposal.objects.get()
    assert proposal.person == siti and "Usia 42 tahun" in proposal.reasons[0]
    pin = Adjustment.objects.get(programme_year=next_year)
    assert (pin.person, pin.kind, pin.funder.name) == (bambang, AdjustmentKind.PIN, "APBD Kukar")
    # Joko was refused by BPJS this year: not carried over.
    confirm_removal(proposal, by=cast.verifier)
    excluded = Adjustment.objects.get(programme_year=next_year, person=siti)
    assert excluded.kind == AdjustmentKind.EXCLUDE


def test_a_year_with_no_earlier_roster_says_so(cast, year2021):
    with pytest.raises(DomainError, match="Tidak ada tahun program sebelum 2021"):
        recheck_eligibility(year2021, by=cast.admin)


def test_memberships_are_made_once(cast, approved):
    assert create_memberships(approved["year"], by=cast.admin) == 3
    assert create_memberships(approved["year"], by=cast.admin) == 0
    assert Membership.objects.count() == 3
    with pytest.raises(PermissionDenied):
        create_memberships(approved["year"], by=cast.finance)
