"""Each role's home page: the day's numbers, each counting only what the user may see."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_B
from lindung.coverage import billing
from lindung.people.services import reject_person, reveal_nik
from lindung.reports.home import home_sections

pytestmark = pytest.mark.django_db


def _cards(user, **kw):
    return {c.label: c for s in home_sections(user, **kw) for c in s.cards}


def test_operator_sees_their_rejected_proposals_and_not_another_villages(cast, make_person):
    mine = make_person(by=cast.operator_a)
    make_person(by=cast.operator_b, village_code=VILLAGE_B)
    reject_person(mine, by=cast.verifier, reason="Alamat tidak lengkap")
    card = _cards(cast.operator_a)["Usulan ditolak, perlu diperbaiki"]
    assert (card.value, card.tone) == ("1", "warn")
    assert card.url.endswith("?status=rejected")
    assert _cards(cast.operator_b)["Usulan ditolak, perlu diperbaiki"].value == "0"


def test_verifier_sees_the_queue_of_their_district(cast, make_person):
    make_person(by=cast.operator_a)
    make_person(by=cast.operator_b, village_code=VILLAGE_B)
    assert _cards(cast.verifier)["Menunggu verifikasi"].value == "1"
    assert _cards(cast.verifier_all)["Menunggu verifikasi"].value == "2"


def test_finance_is_told_of_a_funder_two_months_behind(cast, enrolled, apbd, draft_year, paid_months):
    enrolled(2)
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, {m: date(2023, m, 10) for m in range(1, 4)})
    on_time = _cards(cast.finance, today=date(2023, 4, 20))["Penyandang dana menunggak 2 bulan"]
    assert on_time.value == "0"
    behind = _cards(cast.finance, today=date(2023, 5, 20))["Penyandang dana menunggak 2 bulan"]
    assert (behind.value, behind.tone) == ("1", "warn")


def test_admin_sees_the_years_status_and_its_money(cast, enrolled, draft_year):
    enrolled(1)
    cards = _cards(cast.admin, today=date(2023, 2, 1))
    assert cards["Status tahun program"].value == "Disetujui"
    assert cards["Pagu seluruh penyandang dana"].value == "Rp 10.000.000"


def test_auditor_sees_who_revealed_a_full_nik(cast, make_person):
    reveal_nik(make_person(), by=cast.verifier)
    (section,) = [s for s in home_sections(cast.auditor) if s.recent]
    assert section.recent[0].label == "Melihat NIK lengkap"
    assert section.recent[0].actor == cast.verifier


def test_the_home_page_shows_each_roles_sections(client, cast, make_person):
    make_person(by=cast.operator_a)
    client.force_login(cast.verifier)
    body = client.get(reverse("home")).content.decode()
    assert "Menunggu verifikasi" in body and "Calon duplikat untuk diperiksa" in body
    assert "Penyandang dana menunggak" not in body
    client.force_login(cast.operator_a)
    body = client.get(reverse("home")).content.decode()
    assert "Usulan ditolak, perlu diperbaiki" in body and "Menunggu verifikasi" not in body
