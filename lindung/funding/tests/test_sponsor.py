"""A sponsor sees the people its own funder pays, masked, and nothing else anywhere."""

import pytest
from django.contrib.auth import get_user_model

from conftest import VILLAGE_A, VILLAGE_B
from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.funding.services import allocate_year, create_funder, link_sponsor
from lindung.people.models import Person

PASSWORD = "sandi-uji-123"


@pytest.fixture
def sponsored(cast, year2021, worker):
    mine = worker(village_code=VILLAGE_A, name="Pekerja Sponsor")
    other = worker(village_code=VILLAGE_B, name="Pekerja Lain")
    csr = create_funder(
        year2021, {"kind": "csr", "name": "PT Tambang", "budget": 50_400, "districts": ["64.02.06"]}, by=cast.admin
    )
    create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 504_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    user = cast.sponsor  # the cast's sponsor login, linked to this CSR funder now
    link_sponsor(csr, user, by=cast.admin)
    return {"user": get_user_model().objects.get(pk=user.pk), "funder": csr, "mine": mine, "other": other}


def test_a_sponsor_scope_grants_no_region_at_all(sponsored):
    scope = scope_of(sponsored["user"])
    assert scope.roles == {Role.SPONSOR}
    assert not scope.can("view") and not scope.can("view", VILLAGE_A)
    assert not Person.objects.visible_to(sponsored["user"]).exists()


def test_a_sponsor_sees_nothing_in_the_registry_pages(client, sponsored):
    client.login(username="sponsor", password=PASSWORD)
    page = client.get("/pekerja/")
    assert "Pekerja Sponsor" not in page.content.decode() and "Pekerja Lain" not in page.content.decode()
    assert client.get(f"/pekerja/{sponsored['other'].pk}/").status_code == 404
    assert client.get(f"/pekerja/{sponsored['mine'].pk}/").status_code == 404


def test_a_sponsor_sees_its_own_people_with_masked_niks_only(client, sponsored):
    client.login(username="sponsor", password=PASSWORD)
    home = client.get("/pendanaan/").content.decode()
    assert "PT Tambang" in home and "APBD Kukar" not in home
    assert "Rp 50.400" in home
    people = client.get(f"/pendanaan/dana/{sponsored['funder'].pk}/peserta/").content.decode()
    assert "Pekerja Sponsor" in people and "Pekerja Lain" not in people
    assert sponsored["mine"].masked_nik in people and sponsored["mine"].nik not in people


def test_a_sponsor_cannot_open_another_funders_list_or_the_office_pages(client, sponsored, year2021):
    client.login(username="sponsor", password=PASSWORD)
    apbd = year2021.funders.get(name="APBD Kukar")
    assert client.get(f"/pendanaan/dana/{apbd.pk}/peserta/").status_code == 404
    assert client.get(f"/pendanaan/dana/{apbd.pk}/sk.xlsx").status_code == 404
    assert client.get("/program/").status_code == 403
    assert client.get("/program/2021/").status_code == 403
    assert client.get("/pendanaan/2021/anggaran/").status_code == 403


def test_a_sponsors_own_decree_download_has_masked_niks(client, sponsored):
    client.login(username="sponsor", password=PASSWORD)
    response = client.get(f"/pendanaan/dana/{sponsored['funder'].pk}/sk.xlsx")
    assert response.status_code == 200
    import io

    import openpyxl

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    numbered = [r for r in rows if isinstance(r[0], int)]
    assert [r[2] for r in numbered] == ["Pekerja Sponsor"]
    assert numbered[0][1] == sponsored["mine"].masked_nik


def test_a_village_operator_cannot_see_funding_pages(client, cast, sponsored):
    client.login(username="operator_a", password=PASSWORD)
    assert client.get("/program/2021/").status_code == 403
    assert client.get(f"/pendanaan/dana/{sponsored['funder'].pk}/peserta/").status_code == 404
