"""Coverage figures against a hand count on a small fixture, scoped to each role."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from conftest import DISTRICT_A, VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.services import adjust_person, allocate_year, create_funder
from lindung.reports import figures, services

pytestmark = pytest.mark.django_db
DISTRICT_B = VILLAGE_B[:8]


@pytest.fixture
def world(cast, year2021, worker, make_person):
    """Village A: 3 verified (2 funded, 1 enrolled); A2: 1 verified, funded, enrolled; B: 2 verified, 1 funded."""
    a = [worker(village_code=VILLAGE_A) for _ in range(3)]
    a2 = worker(village_code=VILLAGE_A2)
    b = [worker(village_code=VILLAGE_B) for _ in range(2)]
    make_person(village_code=VILLAGE_A)  # only proposed: never counted as registered
    for p in (a[2], b[1]):
        adjust_person(year2021, p, kind="exclude", reason="Bukan sasaran tahun ini", by=cast.admin)
    funder = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 6 * 50_400}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    for p in (a[0], a2):
        Membership.objects.create(
            programme_year=year2021, person=p, funder=funder, months_mask=0b111, status=MembershipStatus.ACTIVE
        )
    Membership.objects.create(
        programme_year=year2021, person=a[1], funder=funder, months_mask=0b111, status=MembershipStatus.REFUSED
    )
    return {"year": year2021}


def _row(cov, code):
    return next(r for r in cov.rows if r.code == code)


def test_regency_admin_sees_every_district_with_hand_counted_figures(cast, world):
    cov = figures.coverage(cast.admin, year=world["year"])
    a, b = _row(cov, DISTRICT_A), _row(cov, DISTRICT_B)
    assert (a.registered, a.funded, a.enrolled) == (4, 3, 2)
    assert (b.registered, b.funded, b.enrolled) == (2, 1, 0)
    assert (cov.total.registered, cov.total.funded, cov.total.enrolled) == (6, 4, 2)
    assert len(cov.rows) == 20  # Kukar's 20 kecamatan, the empty ones too
    assert _row(cov, "64.02.12").enrolled == 0  # Tabang: nobody yet, still listed


def test_village_table_of_a_district_adds_up_to_the_district(cast, world):
    cov = figures.coverage(cast.admin, year=world["year"], district=DISTRICT_A)
    assert (_row(cov, VILLAGE_A).funded, _row(cov, VILLAGE_A2).enrolled) == (2, 1)
    assert cov.total.enrolled == 2 and cov.total.name == "Tenggarong"


def test_share_uses_the_estimate_in_force_and_names_its_source(cast, world):
    services.set_workforce_estimate(
        region_code=DISTRICT_A,
        valid_from=date(2021, 1, 1),
        informal_workers=8,
        source="Perkiraan Disnaker",
        by=cast.admin,
    )
    cov = figures.coverage(cast.admin, year=world["year"])
    a = _row(cov, DISTRICT_A)
    assert a.share == 25.0 and a.source == "Perkiraan Disnaker"
    assert _row(cov, DISTRICT_B).share is None
    assert cov.rows[0].code == DISTRICT_A  # ranked: the district with a share comes first


def test_a_change_in_a_membership_moves_the_figures(cast, world):
    before = figures.coverage(cast.admin, year=world["year"]).total.enrolled
    Membership.objects.filter(status=MembershipStatus.REFUSED).update(status=MembershipStatus.ACTIVE)
    assert figures.coverage(cast.admin, year=world["year"]).total.enrolled == before + 1


def test_operator_of_village_b_counts_only_village_b(cast, world):
    cov = figures.coverage(cast.operator_b, year=world["year"])
    assert [r.code for r in cov.rows] == [DISTRICT_B]
    assert (cov.total.registered, cov.total.funded, cov.total.enrolled) == (2, 1, 0)


def test_district_verifier_sees_only_its_district(cast, world):
    cov = figures.coverage(cast.verifier, year=world["year"])
    assert [r.code for r in cov.rows] == [DISTRICT_A]
    assert cov.total.registered == 4


def test_page_and_export_show_the_same_numbers(client, cast, world):
    client.force_login(cast.admin)
    page = client.get(reverse("reports:coverage"), {"tahun": 2021})
    assert page.status_code == 200
    assert "Tenggarong" in page.content.decode() and "<svg" in page.content.decode()
    export = client.get(reverse("reports:coverage-export"), {"tahun": 2021})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows["Tenggarong"][1:4] == (4, 3, 2)
    assert rows["Jumlah"][1:4] == (6, 4, 2)


def test_operator_b_page_does_not_show_village_a_figures(client, cast, world):
    client.force_login(cast.operator_b)
    body = client.get(reverse("reports:coverage"), {"tahun": 2021, "kecamatan": DISTRICT_A}).content.decode()
    assert "Tenggarong" not in body


def test_sponsor_and_outsider_cannot_open_the_dashboard(client, cast, world):
    for user in (cast.sponsor, cast.outsider):
        client.force_login(user)
        assert client.get(reverse("reports:coverage")).status_code == 403
        assert client.get(reverse("reports:coverage-export")).status_code == 403


def test_only_the_admin_manages_denominators_and_milestones_through_the_pages(client, cast, world):
    client.force_login(cast.finance)
    assert client.get(reverse("reports:estimate-list")).status_code == 403
    assert (
        client.post(
            reverse("reports:milestone-list"), {"kind": "regulation", "on": "01/03/2023", "title": "x"}
        ).status_code
        == 403
    )
    client.force_login(cast.admin)
    r = client.post(
        reverse("reports:estimate-list"),
        {"region_code": "64.02", "valid_from": "01/08/2024", "informal_workers": "164000", "source": "Perkiraan kasar"},
    )
    assert r.status_code == 302
    r = client.post(
        reverse("reports:milestone-list"), {"kind": "regulation", "on": "20/10/2023", "title": "Perbup 12/2023"}
    )
    assert r.status_code == 302
    assert "20 Oktober 2023" in client.get(reverse("reports:milestone-list")).content.decode()
