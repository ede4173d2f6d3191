from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.errors import DomainError
from lindung.funding import services
from lindung.funding.models import Allocation, Outcome
from lindung.funding.services import (
    adjust_person,
    allocate_year,
    blocked_person_ids,
    create_funder,
    explain,
)
from lindung.programmes.services import approve_year, update_year

DECREE_DATE = date(2021, 9, 20)

PERSON_PERIOD = 16_800 * 3  # one person for Oct-Dec 2021


def funder(year, name, budget_people, **kw):
    by = kw.pop("by", None) or get_user_model().objects.get(username="admin")
    data = {"kind": kw.pop("kind", "apbd_kab"), "name": name, "budget": budget_people * PERSON_PERIOD, **kw}
    return create_funder(year, data, by=by)


def test_each_person_is_paid_once_village_money_first_and_no_budget_exceeded(cast, year2021, worker):
    a1, a2 = worker(village_code=VILLAGE_A), worker(village_code=VILLAGE_A)
    b1 = worker(village_code=VILLAGE_B)
    dd = funder(year2021, "Dana Desa Mangkurawang", 1, kind="dana_desa", village=VILLAGE_A)
    apbd = funder(year2021, "APBD Kukar", 2)
    summary = allocate_year(year2021, by=cast.admin)

    rows = Allocation.objects.filter(funder__isnull=False)
    assert sorted(rows.values_list("person_id", flat=True)) == sorted([a1.pk, a2.pk, b1.pk])
    assert rows.filter(funder=dd).count() == 1
    assert rows.filter(funder=apbd).count() == 2
    assert summary["person_months"] == 9
    assert summary["amount"] == 3 * PERSON_PERIOD
    for f in (dd, apbd):
        spent = sum(rows.filter(funder=f).values_list("amount", flat=True))
        assert spent <= f.budget


def test_priority_categories_decide_who_is_funded_when_money_is_short(cast, year2021, worker):
    farmer = worker(occupation="petani")
    fisher = worker(occupation="nelayan")
    year = update_year(year2021, {"priority_occupations": ["nelayan"]}, by=cast.admin)
    funder(year, "APBD Kukar", 1)
    allocate_year(year, by=cast.admin)
    assert Allocation.objects.get(person=fisher).outcome == Outcome.FUNDED
    assert Allocation.objects.get(person=farmer).outcome == Outcome.NO_BUDGET
    lines = explain(year, farmer)
    assert "pagu APBD Kukar sudah habis untuk pekerja dengan prioritas lebih tinggi" in lines[-1]
    assert (
        explain(year, fisher)[0] == "Didanai penuh 3 bulan oleh APBD Kukar (Oktober 2021 – Desember 2021), Rp 50.400."
    )
    assert explain(year, fisher)[1].startswith("Periode APBD Kukar 3 bulan kurang dari masa kepesertaan minimum 6")


def test_earlier_proposals_come_first_within_a_category(cast, year2021, worker):
    first, second = worker(), worker()
    funder(year2021, "APBD Kukar", 1)
    allocate_year(year2021, by=cast.admin)
    assert Allocation.objects.get(person=first).funder is not None
    assert Allocation.objects.get(person=second).funder is None


def test_a_sponsor_with_fewer_months_covers_its_own_people_and_shares_nobody_with_the_regency(cast, year2021, worker):
    first, second = worker(village_code=VILLAGE_A2), worker(village_code=VILLAGE_A2)
    csr = create_funder(
        year2021,
        {
            "kind": "csr",
            "name": "PT Sponsor",
            "budget": 16_800,
            "first_month": 1,
            "last_month": 1,
            "districts": ["64.02.06"],
        },
        by=cast.admin,
    )
    apbd = funder(year2021, "APBD Kukar", 1)
    allocate_year(year2021, by=cast.admin)
    rows = {a.person_id: a for a in Allocation.objects.filter(funder__isnull=False)}
    assert (rows[first.pk].funder_id, rows[first.pk].month_indexes()) == (csr.pk, [1])
    assert (rows[second.pk].funder_id, rows[second.pk].month_indexes()) == (apbd.pk, [1, 2, 3])
    assert {r.outcome for r in rows.values()} == {Outcome.FUNDED}
    assert explain(year2021, first)[:2] == [
        "Didanai penuh 1 bulan oleh PT Sponsor (Oktober 2021), Rp 16.800.",
        "Periode PT Sponsor 1 bulan kurang dari masa kepesertaan minimum 6 bulan: BPJS Ketenagakerjaan baru "
        "menghitung pekerja penuh setelah 6 bulan iuran (di bawahnya sebagian). Pekerja tetap terlindungi selama "
        "bulan yang dibayar.",
    ]


def test_a_person_nobody_may_fund_is_told_so(cast, year2021, worker):
    worker(village_code=VILLAGE_A)
    outsider = worker(village_code=VILLAGE_B)
    funder(year2021, "CSR Tenggarong", 5, kind="csr", districts=["64.02.06"])
    allocate_year(year2021, by=cast.admin)
    assert Allocation.objects.get(person=outsider).outcome == Outcome.NO_FUNDER
    assert "tidak ada penyandang dana yang menerima desa dan pekerjaan" in explain(year2021, outsider)[-1]


def test_hand_adjustments_are_respected_on_the_next_run(cast, year2021, worker):
    first, second = worker(), worker()
    apbd = funder(year2021, "APBD Kukar", 1)
    adjust_person(year2021, first, kind="exclude", reason="Sudah didanai provinsi", by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    assert Allocation.objects.get(person=first).outcome == Outcome.EXCLUDED
    assert Allocation.objects.get(person=second).funder == apbd
    assert explain(year2021, first)[-1] == "Dikeluarkan secara manual: Sudah didanai provinsi"

    adjust_person(year2021, first, kind="pin", funder=apbd, reason="Keputusan kepala dinas", by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    assert Allocation.objects.get(person=first).funder == apbd
    assert Allocation.objects.get(person=second).outcome == Outcome.NO_BUDGET


def test_a_pin_to_a_funder_that_refuses_the_person_is_refused(cast, year2021, worker):
    worker(village_code=VILLAGE_A)
    outsider = worker(village_code=VILLAGE_B)
    csr = funder(year2021, "CSR Tenggarong", 5, kind="csr", districts=["64.02.06"])
    with pytest.raises(DomainError, match="tidak mendanai pekerja dari desa/pekerjaan"):
        adjust_person(year2021, outsider, kind="pin", funder=csr, reason="coba", by=cast.admin)


def test_allocation_after_approval_is_refused_and_the_list_stays(cast, year2021, worker):
    worker()
    funder(year2021, "APBD Kukar", 1)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    before = list(Allocation.objects.values_list("person_id", "funder_id", "amount"))
    worker()
    with pytest.raises(DomainError, match="sudah disetujui"):
        allocate_year(year2021, by=cast.admin)
    assert list(Allocation.objects.values_list("person_id", "funder_id", "amount")) == before


def test_ineligible_people_are_explained_without_an_allocation_row(cast, year2021, worker):
    young = worker(birth=date(2005, 1, 1))
    assert explain(year2021, young)[0] == "Tidak ikut alokasi karena tidak memenuhi syarat."


def test_blocked_people_are_never_funded_and_told_why(cast, year2021, worker, monkeypatch):
    blocked, free = worker(), worker()
    funder(year2021, "APBD Kukar", 5)
    # Stands in for lindung.dedup (another app): the hook is the one place its answer enters.
    monkeypatch.setattr(services, "blocked_person_ids", lambda: {blocked.pk})
    allocate_year(year2021, by=cast.admin)
    assert Allocation.objects.get(person=blocked).outcome == Outcome.BLOCKED
    assert Allocation.objects.get(person=free).outcome == Outcome.FUNDED
    assert "diblokir oleh pemeriksaan duplikat" in explain(year2021, blocked)[-1]


def test_the_blocking_hook_reads_the_duplicates_app_and_finds_nobody_without_active_flags(db):
    from django.apps import apps

    assert apps.is_installed("lindung.dedup")  # the hook is wired to it, not a stub
    assert blocked_person_ids() == set()


def test_the_allocate_command_runs_the_same_service(cast, year2021, worker, capsys):
    worker()
    funder(year2021, "APBD Kukar", 2)
    call_command("allocate", "2021", "--user", "admin")
    assert "1 dari 1 pekerja layak didanai, 3 orang-bulan, Rp 50.400." in capsys.readouterr().out
