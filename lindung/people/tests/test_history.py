from conftest import VILLAGE_A2, person_data
from lindung.people.history import person_history
from lindung.people.services import reject_person, update_person


def test_history_shows_labels_and_readable_values_not_codes(cast, make_person):
    person = make_person(by=cast.operator_a)
    data = person_data(village_code=VILLAGE_A2, occupation="nelayan", serial=1)
    data["nik"] = person.nik
    person = update_person(person, data, by=cast.verifier, expected_version=person.version)
    reject_person(person, by=cast.verifier, reason="Foto KTP buram")
    items = person_history(person)
    assert [i.label for i in items] == ["Ditolak", "Data diubah", "Diusulkan"]
    assert items[0].reason == "Foto KTP buram"
    changes = {c.label: (c.before, c.after) for c in items[1].changes}
    assert changes["Pekerjaan"] == ("Petani", "Nelayan")
    assert changes["Desa/kelurahan"] == ("Mangkurawang", "Rapak Lambur")


def test_history_masks_nik_changes(cast, make_person):
    person = make_person(by=cast.operator_a)
    data = person_data(serial=77)
    person = update_person(person, data, by=cast.operator_a, expected_version=person.version)
    change = next(c for c in person_history(person)[0].changes if c.label == "NIK")
    assert "*" in change.before and "*" in change.after
    assert person.nik not in change.after
