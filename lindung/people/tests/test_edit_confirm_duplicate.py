"""An edit that makes a person probably someone else stops before saving, as a new entry does."""

import pytest
from django.urls import reverse

from conftest import person_data
from lindung.people.models import Person
from lindung.people.services import ProbableDuplicate, propose_person, update_person

KK = "6402062001100005"
DUPLICATE = "kemungkinan_duplikat"


def _posted(person, **overrides) -> dict:
    data = {k: v for k, v in person_data(**overrides).items() if v is not None}
    data["birth_date"] = data["birth_date"].strftime("%d/%m/%Y")
    data["version"] = person.version
    return data


@pytest.fixture
def ahmad(cast):
    return propose_person(person_data(serial=1, kk_number=KK), by=cast.operator_a)


@pytest.fixture
def siti(cast, ahmad):
    """A stranger to Ahmad, saved at once."""
    return propose_person(
        person_data(serial=2, name="Siti Rahmawati", sex_="P", phone="0813-1111-2222"), by=cast.operator_a
    )


def _edit(person):
    return reverse("people:person-edit", args=[person.pk])


def test_an_edit_that_makes_the_person_match_someone_else_is_shown_before_anything_is_saved(client, cast, siti):
    client.force_login(cast.operator_a)
    response = client.post(_edit(siti), _posted(siti, serial=7, kk_number=KK))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Belum disimpan: pekerja ini mungkin sudah terdaftar" in page
    assert "Ahmad Fauzi" in page and "Tetap simpan" in page
    step = page[page.index('id="probable-duplicate"') :]
    step = step[: step.index("</div>\n  </div>")]
    assert f'href="{reverse("people:person-detail", args=[siti.pk])}">Batal</a>' in step
    unchanged = Person.objects.get(pk=siti.pk)
    assert (unchanged.name, unchanged.version) == ("Siti Rahmawati", siti.version)


def test_saving_the_edit_anyway_keeps_the_warning_for_the_verifier(client, cast, siti):
    client.force_login(cast.operator_a)
    response = client.post(_edit(siti), {**_posted(siti, serial=7, kk_number=KK), "save_anyway": "1"})
    assert response.status_code == 302
    saved = Person.objects.get(pk=siti.pk)
    assert saved.name == "Ahmad Fauzi"
    assert DUPLICATE in [w["code"] for w in saved.warnings]


def test_a_later_edit_of_another_field_keeps_that_warning(client, cast, siti):
    client.force_login(cast.operator_a)
    client.post(_edit(siti), {**_posted(siti, serial=7, kk_number=KK), "save_anyway": "1"})
    saved = Person.objects.get(pk=siti.pk)
    response = client.post(_edit(saved), _posted(saved, serial=7, kk_number=KK, street="Jl. Baru"))
    assert response.status_code == 302
    again = Person.objects.get(pk=siti.pk)
    assert again.street == "Jl. Baru" and DUPLICATE in [w["code"] for w in again.warnings]


def test_correcting_ones_own_nik_does_not_match_ones_own_old_record(client, cast, ahmad):
    client.force_login(cast.operator_a)
    response = client.post(_edit(ahmad), _posted(ahmad, serial=3, kk_number=KK, name="Achmad Fauzi"))
    assert response.status_code == 302
    saved = Person.objects.get(pk=ahmad.pk)
    assert saved.nik == person_data(serial=3)["nik"] and saved.name == "Achmad Fauzi"
    assert DUPLICATE not in [w["code"] for w in saved.warnings]


def test_the_service_stops_at_the_duplicate_whatever_calls_it(cast, siti):
    with pytest.raises(ProbableDuplicate) as exc:
        update_person(
            siti,
            person_data(serial=7, kk_number=KK),
            by=cast.operator_a,
            expected_version=siti.version,
            stop_at_duplicate=True,
        )
    assert "Ahmad Fauzi" in exc.value.message
    assert Person.objects.get(pk=siti.pk).name == "Siti Rahmawati"


def test_without_the_stop_the_service_saves_with_the_warning(cast, siti):
    saved = update_person(siti, person_data(serial=7, kk_number=KK), by=cast.operator_a, expected_version=siti.version)
    assert DUPLICATE in [w["code"] for w in saved.warnings]
