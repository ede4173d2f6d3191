"""The entry form warns of a probable existing person with the import's own duplicate check."""

from conftest import person_data
from lindung.people.services import propose_person


def test_entering_a_registered_worker_under_a_mistyped_nik_warns_of_the_existing_person(cast):
    propose_person(person_data(serial=1, kk_number="6402062001100005"), by=cast.operator_a)
    again = propose_person(person_data(serial=7, kk_number="6402062001100005"), by=cast.operator_a)
    codes = [w["code"] for w in again.warnings]
    assert "kemungkinan_duplikat" in codes
    message = next(w["message"] for w in again.warnings if w["code"] == "kemungkinan_duplikat")
    assert "Ahmad Fauzi" in message


def test_entering_a_stranger_gives_no_duplicate_warning(cast):
    propose_person(person_data(serial=1), by=cast.operator_a)
    other = propose_person(
        person_data(serial=2, name="Siti Rahmawati", sex_="P", phone="0813-1111-2222"), by=cast.operator_a
    )
    assert "kemungkinan_duplikat" not in [w["code"] for w in other.warnings]
