"""A finance officer sees the allocation is stale whenever a manual adjustment is added, changed or removed."""

from datetime import date

import pytest

from lindung.funding.models import Adjustment
from lindung.funding.services import adjust_person, allocate_year, create_funder, remove_adjustment
from lindung.programmes.services import allocation_out_of_date

PASSWORD = "sandi-uji-123"


@pytest.fixture
def allocated(cast, year2021, worker):
    """A year allocated with one exclusion already in place."""
    siti, bambang = worker(name="Siti Aminah"), worker(name="Bambang Sutrisno")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)
    csr = create_funder(year2021, {"kind": "csr", "name": "PT Tambang", "budget": 10_000_000}, by=cast.admin)
    adjust_person(year2021, siti, kind="exclude", reason="Sudah ikut program desa", by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    year2021.refresh_from_db()
    assert allocation_out_of_date(year2021) == ""
    return {"year": year2021, "siti": siti, "bambang": bambang, "apbd": apbd, "csr": csr}


def test_changing_an_adjustment_after_the_allocation_makes_it_stale(cast, allocated):
    year = allocated["year"]
    adjust_person(year, allocated["siti"], kind="pin", funder=allocated["csr"], reason="Permintaan CSR", by=cast.admin)
    assert allocation_out_of_date(year) == "1 penyesuaian manual diubah sesudah alokasi."


def test_removing_an_adjustment_after_the_allocation_makes_it_stale(cast, allocated):
    year = allocated["year"]
    remove_adjustment(Adjustment.objects.get(person=allocated["siti"]), by=cast.admin)
    assert allocation_out_of_date(year) == "1 penyesuaian manual dihapus sesudah alokasi."


def test_added_changed_and_removed_adjustments_are_each_named_and_one_added_then_removed_is_not(
    cast, allocated, worker
):
    year = allocated["year"]
    rina = worker(name="Rina Wati")
    adjust_person(year, rina, kind="exclude", reason="Pindah domisili", by=cast.admin)
    adjust_person(year, allocated["bambang"], kind="exclude", reason="Sudah PU", by=cast.admin)
    adjust_person(year, allocated["siti"], kind="exclude", reason="Alasan dirinci", by=cast.admin)
    remove_adjustment(Adjustment.objects.get(person=allocated["bambang"]), by=cast.admin)
    assert allocation_out_of_date(year) == (
        "1 penyesuaian manual ditambahkan sesudah alokasi. 1 penyesuaian manual diubah sesudah alokasi."
    )


def test_an_adjustment_of_another_year_does_not_make_this_one_stale(cast, allocated, year_data, worker):
    from lindung.programmes.services import create_year

    other = create_year(year_data(year=2022, period_start=date(2022, 10, 1)), by=cast.admin)
    create_funder(other, {"kind": "apbd_kab", "name": "APBD Kukar 2022", "budget": 10_000_000}, by=cast.admin)
    adjust_person(other, allocated["siti"], kind="exclude", reason="Tahun lain", by=cast.admin)
    remove_adjustment(Adjustment.objects.get(programme_year=other), by=cast.admin)
    assert allocation_out_of_date(allocated["year"]) == ""


def test_a_run_after_the_change_is_up_to_date_again(cast, allocated):
    year = allocated["year"]
    remove_adjustment(Adjustment.objects.get(person=allocated["siti"]), by=cast.admin)
    allocate_year(year, by=cast.admin)
    year.refresh_from_db()
    assert allocation_out_of_date(year) == ""


def test_the_year_page_tells_the_finance_officer_a_removal_made_the_run_stale(client, cast, allocated):
    remove_adjustment(Adjustment.objects.get(person=allocated["siti"]), by=cast.admin)
    client.login(username="finance", password=PASSWORD)
    page = client.get("/program/2021/").content.decode()
    assert "1 penyesuaian manual dihapus sesudah alokasi." in page
