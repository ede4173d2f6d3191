import pytest
from django.core.exceptions import PermissionDenied

from conftest import VILLAGE_B, person_data
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.people.models import Person, Status
from lindung.people.services import (
    StaleEdit,
    WrongState,
    close_person,
    reject_person,
    update_person,
    verify_people,
    verify_person,
)


def test_operator_cannot_verify(cast, make_person):
    person = make_person(by=cast.operator_a)
    with pytest.raises(PermissionDenied):
        verify_person(person, by=cast.operator_a)
    person.refresh_from_db()
    assert person.status == Status.PROPOSED


def test_verifier_of_the_district_verifies(cast, make_person):
    person = verify_person(make_person(by=cast.operator_a), by=cast.verifier)
    assert person.status == Status.VERIFIED
    assert person.verified_by == cast.verifier
    assert AuditEntry.objects.for_target(person).filter(action="people.person.verified").count() == 1


def test_verifier_of_another_district_cannot_verify(cast, make_person):
    person = make_person(village_code=VILLAGE_B)
    with pytest.raises(PermissionDenied):
        verify_person(person, by=cast.verifier)


def test_verified_person_cannot_be_verified_twice(cast, make_person):
    person = verify_person(make_person(), by=cast.verifier)
    with pytest.raises(WrongState):
        verify_person(person, by=cast.verifier)


def test_rejection_needs_a_reason(cast, make_person):
    person = make_person()
    with pytest.raises(DomainError):
        reject_person(person, by=cast.verifier, reason="  ")
    person.refresh_from_db()
    assert person.status == Status.PROPOSED


def test_rejected_person_corrected_by_operator_is_proposed_again(cast, make_person):
    person = reject_person(make_person(by=cast.operator_a), by=cast.verifier, reason="Nama tidak sesuai KTP")
    assert person.status == Status.REJECTED
    data = person_data(name="Ahmad Fauzi Rahman", serial=1)
    data["nik"] = person.nik
    person = update_person(person, data, by=cast.operator_a, expected_version=person.version)
    assert person.status == Status.PROPOSED
    assert person.status_reason == ""
    entry = AuditEntry.objects.for_target(person).filter(action="people.person.updated").get()
    assert entry.data["changes"]["name"] == ["Ahmad Fauzi", "Ahmad Fauzi Rahman"]
    assert entry.data["status"] == ["rejected", "proposed"]


def test_operator_change_to_verified_person_needs_verification_again(cast, make_person):
    person = verify_person(make_person(by=cast.operator_a), by=cast.verifier)
    data = person_data(street="Jl. Baru No. 1")
    data["nik"] = person.nik
    person = update_person(person, data, by=cast.operator_a, expected_version=person.version)
    assert person.status == Status.PROPOSED


def test_verifier_change_keeps_verified_status(cast, make_person):
    person = verify_person(make_person(), by=cast.verifier)
    data = person_data(street="Jl. Baru No. 1")
    data["nik"] = person.nik
    person = update_person(person, data, by=cast.verifier, expected_version=person.version)
    assert person.status == Status.VERIFIED


def test_second_save_of_the_same_version_is_refused_and_nothing_is_overwritten(cast, make_person):
    person = make_person(by=cast.operator_a)
    opened = person.version
    first = person_data(street="Versi pertama")
    first["nik"] = person.nik
    update_person(person, first, by=cast.operator_a, expected_version=opened)
    second = person_data(street="Versi kedua")
    second["nik"] = person.nik
    with pytest.raises(StaleEdit) as exc:
        update_person(Person.objects.get(pk=person.pk), second, by=cast.verifier, expected_version=opened)
    assert "Operator_A" in exc.value.message
    assert Person.objects.get(pk=person.pk).street == "Versi pertama"


def test_bulk_verification_takes_only_what_the_verifier_may_verify(cast, make_person):
    mine = [make_person() for _ in range(3)]
    other = make_person(village_code=VILLAGE_B)
    result = verify_people(Person.objects.all(), by=cast.verifier)
    assert result.verified == 3
    assert set(Person.objects.filter(status=Status.VERIFIED).values_list("pk", flat=True)) == {p.pk for p in mine}
    assert Person.objects.get(pk=other.pk).status == Status.PROPOSED
    assert AuditEntry.objects.filter(action="people.person.verified").count() == 3


def test_deceased_person_cannot_be_edited(cast, make_person):
    person = close_person(make_person(), by=cast.verifier, status=Status.DECEASED, reason="Akta kematian 123/2026")
    data = person_data()
    data["nik"] = person.nik
    with pytest.raises(WrongState):
        update_person(person, data, by=cast.admin, expected_version=person.version)
