"""A death or a move, with its date: registry status, cover ended after that month, membership ended."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEntry
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.enrolment.services import create_memberships, record_death, record_move
from lindung.errors import DomainError
from lindung.funding.models import Allocation
from lindung.people.models import Status
from lindung.programmes.models import Amendment


def test_a_death_in_november_keeps_november_paid_and_ends_the_membership(cast, enrolled):
    year, siti = enrolled["year"], enrolled["people"][0]
    record_death(siti, died_on=date(2021, 11, 20), by=cast.verifier, note="Akta kematian 12/2021")

    siti.refresh_from_db()
    assert (siti.status, siti.closed_on) == (Status.DECEASED, date(2021, 11, 20))
    row = Allocation.objects.get(person=siti)
    assert row.month_indexes() == [1, 2]  # October and November paid, December no longer
    amendment = Amendment.objects.get(programme_year=year)
    assert amendment.changes["cause"] == "meninggal" and amendment.changes["from_month"] == 3
    membership = Membership.objects.get(person=siti)
    assert (membership.status, membership.ended_month, membership.ended_on, membership.end_cause) == (
        MembershipStatus.ENDED,
        2,
        date(2021, 11, 20),
        "meninggal",
    )
    assert AuditEntry.objects.filter(action="enrolment.person.death_recorded", target_id=str(siti.pk)).exists()
    others = Membership.objects.exclude(person=siti).values_list("status", flat=True)
    assert set(others) == {MembershipStatus.TO_SEND}


def test_a_death_in_the_last_month_ends_the_membership_but_no_month_is_taken_away(cast, enrolled):
    siti = enrolled["people"][0]
    record_death(siti, died_on=date(2021, 12, 3), by=cast.verifier)
    assert Allocation.objects.get(person=siti).month_indexes() == [1, 2, 3]
    assert not Amendment.objects.exists()
    # The whole period was lived through up to December: the membership runs to its end.
    assert Membership.objects.get(person=siti).status == MembershipStatus.TO_SEND


def test_a_death_before_the_period_removes_every_month(cast, enrolled):
    siti = enrolled["people"][0]
    record_death(siti, died_on=date(2021, 9, 2), by=cast.verifier)
    assert Allocation.objects.get(person=siti).funder_id is None
    membership = Membership.objects.get(person=siti)
    assert (membership.status, membership.ended_month) == (MembershipStatus.ENDED, 0)


def test_a_move_ends_cover_with_the_cause_pindah(cast, enrolled):
    bambang = enrolled["people"][1]
    record_move(bambang, moved_on=date(2021, 10, 31), by=cast.admin, note="Pindah ke Samarinda")
    bambang.refresh_from_db()
    assert bambang.status == Status.MOVED and bambang.status_reason == "Pindah ke Samarinda"
    assert Allocation.objects.get(person=bambang).month_indexes() == [1]
    assert Membership.objects.get(person=bambang).end_cause == "pindah"


def test_recording_a_death_works_before_memberships_exist_and_they_are_not_made_for_the_dead(cast, approved):
    siti = approved["people"][0]
    record_death(siti, died_on=date(2021, 10, 5), by=cast.verifier)
    assert Allocation.objects.get(person=siti).month_indexes() == [1]
    create_memberships(approved["year"], by=cast.admin)
    # The allocation still pays October for her: the membership exists, October only.
    assert Membership.objects.get(person=siti).months_mask == 0b1


def test_recording_the_same_death_twice_changes_nothing_more(cast, enrolled):
    siti = enrolled["people"][0]
    record_death(siti, died_on=date(2021, 11, 20), by=cast.verifier)
    amendments = Amendment.objects.count()
    record_death(siti, died_on=date(2021, 11, 20), by=cast.verifier)
    assert Amendment.objects.count() == amendments
    with pytest.raises(DomainError, match="sudah tercatat meninggal dunia pada 20 November 2021"):
        record_death(siti, died_on=date(2021, 11, 1), by=cast.verifier)


def test_a_future_date_is_refused_and_nothing_changes(cast, enrolled):
    siti = enrolled["people"][0]
    with pytest.raises(DomainError, match="belum terjadi"):
        record_death(siti, died_on=date(2999, 1, 1), by=cast.verifier)
    siti.refresh_from_db()
    assert siti.status == Status.VERIFIED


def test_an_operator_or_finance_cannot_record_a_death(cast, enrolled):
    siti = enrolled["people"][0]
    for user in (cast.operator_a, cast.finance, cast.operator_b):
        with pytest.raises(PermissionDenied):
            record_death(siti, died_on=date(2021, 11, 20), by=user)
    assert Membership.objects.get(person=siti).status == MembershipStatus.TO_SEND


def test_the_person_page_asks_for_the_date(client, cast, enrolled):
    siti = enrolled["people"][0]
    client.force_login(cast.verifier)
    url = f"/pekerja/{siti.pk}/status/"
    response = client.post(url, {"status": "deceased", "reason": "Akta 1/2021"}, follow=True)
    assert "Isi tanggal meninggal atau pindah." in response.content.decode()
    siti.refresh_from_db()
    assert siti.status == Status.VERIFIED
    client.post(url, {"status": "deceased", "reason": "Akta 1/2021", "closed_on": "2021-11-20"})
    siti.refresh_from_db()
    assert (siti.status, siti.closed_on) == (Status.DECEASED, date(2021, 11, 20))
    assert Membership.objects.get(person=siti).status == MembershipStatus.ENDED
