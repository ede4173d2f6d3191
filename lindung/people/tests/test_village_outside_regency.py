"""A village outside the installation's regency is refused as outside it, naming the regency, not as unknown."""

from django.urls import reverse
from rest_framework.test import APIClient

from conftest import person_data
from lindung.people.models import Person
from lindung.people.services import check

MANGGAR = "64.71.01.1001"  # a kelurahan of Kota Balikpapan: real, but not Kukar's
REGENCY = "di luar Kabupaten Kutai Kartanegara"


def test_the_rules_refuse_a_village_of_another_regency_as_outside_it(db):
    checked = check(person_data(village_code=MANGGAR))
    [problem] = [p for p in checked.errors if p.field == "village_code"]
    assert problem.code == "desa_luar_kabupaten"
    assert REGENCY in problem.message


def test_the_api_refuses_it_with_the_same_reason(cast):
    client = APIClient()
    client.force_authenticate(cast.admin)
    data = person_data(village_code=MANGGAR)
    data["birth_date"] = data["birth_date"].isoformat()
    response = client.post(reverse("person-list"), data, format="json")
    assert response.status_code == 400
    problems = {p["field"]: p for p in response.json()["problems"]}
    assert problems["village_code"]["code"] == "desa_luar_kabupaten"
    assert REGENCY in problems["village_code"]["message"]
    assert not Person.objects.exists()


def test_the_entry_form_says_the_village_is_outside_the_regency(cast, client):
    client.force_login(cast.admin)
    data = person_data(village_code=MANGGAR)
    data["birth_date"] = data["birth_date"].strftime("%d/%m/%Y")
    response = client.post(reverse("people:person-create"), data)
    assert response.status_code == 200
    assert "Manggar" in response.content.decode() and REGENCY in response.content.decode()
    assert not Person.objects.exists()
