from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from conftest import VILLAGE_A, VILLAGE_B, person_data
from lindung.audit.models import AuditEntry
from lindung.people.models import Person, Status
from lindung.people.services import PersonInvalid, propose_person


def test_operator_proposes_a_person_in_their_village(cast):
    person = propose_person(person_data(), by=cast.operator_a)
    assert person.status == Status.PROPOSED
    assert person.proposed_by == cast.operator_a
    assert person.name_key == "ahmad fauzi"
    entry = AuditEntry.objects.for_target(person).get()
    assert entry.action == "people.person.proposed"
    assert entry.actor == cast.operator_a
    assert entry.data["values"]["nik"] == person.nik


def test_operator_cannot_propose_in_another_village(cast):
    with pytest.raises(PermissionDenied):
        propose_person(person_data(village_code=VILLAGE_B), by=cast.operator_a)
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="people.person.proposed").exists()


def test_read_only_roles_cannot_propose(cast):
    for user in (cast.finance, cast.auditor, cast.outsider):
        with pytest.raises(PermissionDenied):
            propose_person(person_data(), by=user)


def test_same_nik_twice_is_refused_and_names_the_holder_when_visible(cast):
    propose_person(person_data(), by=cast.operator_a)
    with pytest.raises(PersonInvalid) as exc:
        propose_person(person_data(name="Orang Lain"), by=cast.admin)
    assert exc.value.problems[0].code == "nik_sudah_terdaftar"
    assert "Ahmad Fauzi" in exc.value.message
    assert Person.objects.count() == 1


def test_same_nik_in_a_village_out_of_scope_does_not_reveal_the_name(cast):
    propose_person(person_data(), by=cast.operator_a)
    data = person_data(village_code=VILLAGE_B)
    data["nik"] = Person.objects.get().nik
    with pytest.raises(PersonInvalid) as exc:
        propose_person(data, by=cast.operator_b)
    assert "Ahmad" not in exc.value.message
    # Not even that it is registered somewhere: only who may see the person may know that.
    assert "terdaftar" not in exc.value.message and "wilayah lain" not in exc.value.message
    assert exc.value.problems[0].code == "nik_tidak_dapat_diusulkan"


def test_invalid_data_writes_nothing(cast):
    with pytest.raises(PersonInvalid) as exc:
        propose_person(person_data(nik="12345", phone="08"), by=cast.operator_a)
    assert {p.field for p in exc.value.problems} == {"nik", "phone"}
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(target_type="people.person").exists()


def test_operator_must_correct_a_nik_discrepancy(cast):
    data = person_data()
    data["birth_date"] = date(1980, 6, 12)
    with pytest.raises(PersonInvalid) as exc:
        propose_person(data, by=cast.operator_a, confirm_note="saya yakin benar")
    assert exc.value.problems[0].code == "nik_beda_tanggal_lahir"
    assert not Person.objects.exists()


def test_verifier_confirms_a_genuine_nik_discrepancy_and_it_is_recorded(cast):
    data = person_data()
    data["birth_date"] = date(1980, 6, 12)
    person = propose_person(data, by=cast.verifier, confirm_note="Akta lahir dikoreksi 2015")
    assert person.nik_discrepancy_note == "Akta lahir dikoreksi 2015"
    assert person.nik_discrepancy_confirmed_by == cast.verifier
    entry = AuditEntry.objects.for_target(person).get()
    assert entry.data["confirm_note"] == "Akta lahir dikoreksi 2015"


def test_eligibility_warnings_are_stored_not_refused(cast):
    person = propose_person(person_data(birth=date(1950, 3, 1)), by=cast.operator_a)
    assert [w["code"] for w in person.warnings] == ["usia_di_luar_batas"]


def test_village_a_person_is_in_village_a(cast):
    person = propose_person(person_data(), by=cast.operator_a)
    assert person.village_id == VILLAGE_A
    assert person.district_code == "64.02.06"
