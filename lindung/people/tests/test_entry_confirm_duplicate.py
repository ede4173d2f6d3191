"""The entry form stops at a probable existing person: nothing is saved until the user says "Tetap simpan"."""

from django.urls import reverse

from conftest import VILLAGE_B, person_data
from lindung.people.models import Person
from lindung.people.services import propose_person
from lindung.regions.models import Region

KK = "6402062001100005"
CREATE = reverse("people:person-create")


def _posted(**overrides) -> dict:
    data = {k: v for k, v in person_data(**overrides).items() if v is not None}
    data["birth_date"] = data["birth_date"].strftime("%d/%m/%Y")
    return data


def test_a_probable_existing_person_is_shown_before_anything_is_saved(client, cast):
    propose_person(person_data(serial=1, kk_number=KK), by=cast.operator_a)
    client.force_login(cast.operator_a)
    response = client.post(CREATE, _posted(serial=7, kk_number=KK))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Belum disimpan: pekerja ini mungkin sudah terdaftar" in page
    assert "Ahmad Fauzi" in page and "Tetap simpan" in page and "Batal" in page
    assert Person.objects.count() == 1


def test_saving_anyway_keeps_the_warning_with_the_person_for_the_verifier(client, cast):
    propose_person(person_data(serial=1, kk_number=KK), by=cast.operator_a)
    client.force_login(cast.operator_a)
    response = client.post(CREATE, {**_posted(serial=7, kk_number=KK), "save_anyway": "1"})
    assert response.status_code == 302
    again = Person.objects.exclude(nik=person_data(serial=1)["nik"]).get()
    assert "kemungkinan_duplikat" in [w["code"] for w in again.warnings]


def test_a_stranger_is_saved_at_once(client, cast):
    propose_person(person_data(serial=1), by=cast.operator_a)
    client.force_login(cast.operator_a)
    response = client.post(CREATE, _posted(serial=2, name="Siti Rahmawati", sex_="P", phone="0813-1111-2222"))
    assert response.status_code == 302 and Person.objects.count() == 2


def test_a_candidate_outside_the_users_villages_is_not_named(client, cast):
    village_b = person_data(village_code=VILLAGE_B, serial=1, kk_number=KK, name="Rahmat Hidayat")
    propose_person(village_b, by=cast.admin)
    client.force_login(cast.operator_a)
    response = client.post(
        CREATE, _posted(serial=7, kk_number=KK, name="Rahmat Hidayat", birth=village_b["birth_date"])
    )
    page = response.content.decode()
    assert "Belum disimpan" in page and "Kemungkinan orang yang sama dengan data di wilayah lain" in page
    assert Region.objects.get(code=VILLAGE_B).name not in page
    assert Person.objects.count() == 1


def test_enter_in_a_field_of_the_confirm_step_asks_again_rather_than_saving(client, cast):
    propose_person(person_data(serial=1, kk_number=KK), by=cast.operator_a)
    client.force_login(cast.operator_a)
    page = client.post(CREATE, _posted(serial=7, kk_number=KK)).content.decode()
    form = page[page.index('<form method="post" class="card person-form"') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert 'name="save_anyway"' not in first_button
