"""The year page's NIK lookup answers only about people the user may see."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import DISTRICT_A, VILLAGE_B
from lindung.accounts.models import Role
from lindung.accounts.services import grant_role


def test_a_district_auditor_cannot_look_up_a_person_of_another_district(client, cast, year2021, worker):
    outside = worker(name="Siti Di Luar", village_code=VILLAGE_B)
    inside = worker(name="Budi Di Dalam")
    auditor = get_user_model().objects.create_user("auditor.tenggarong", password="x")
    grant_role(auditor, Role.AUDITOR, DISTRICT_A, by=cast.admin)
    client.force_login(auditor)
    url = reverse("programmes:year-detail", args=[year2021.year])
    page = client.get(url, {"nik": outside.nik})
    assert page.status_code == 200
    assert page.context["explanation"]["person"] is None
    assert "Siti Di Luar" not in page.content.decode()
    assert client.get(url, {"nik": inside.nik}).context["explanation"]["person"] == inside
