import pytest

from conftest import VILLAGE_A, VILLAGE_B
from lindung.errors import DomainError
from lindung.funding.models import Funder
from lindung.funding.services import create_funder, update_funder


def test_a_budget_below_the_cost_of_one_person_is_refused_with_the_amounts(cast, year2021, worker):
    worker()
    with pytest.raises(DomainError) as err:
        create_funder(year2021, {"kind": "csr", "name": "PT Kecil", "budget": 50_000}, by=cast.admin)
    assert err.value.message == (
        "Pagu Rp 50.000 kurang dari biaya satu pekerja selama 3 bulan (Rp 50.400: Rp 16.800 per bulan). "
        "Naikkan pagu atau kurangi bulannya."
    )
    assert not Funder.objects.exists()


def test_a_sponsor_restricted_to_a_village_without_eligible_people_is_refused(cast, year2021, worker):
    worker(village_code=VILLAGE_A)
    with pytest.raises(
        DomainError, match=r"Tidak ada pekerja yang memenuhi syarat tahun 2021 di .*\(64\.02\.02\.2001\)"
    ):
        create_funder(
            year2021,
            {"kind": "csr", "name": "PT Loa Kulu", "budget": 5_000_000, "villages": [VILLAGE_B]},
            by=cast.admin,
        )
    assert not Funder.objects.exists()
    create_funder(
        year2021, {"kind": "csr", "name": "PT Tenggarong", "budget": 5_000_000, "villages": [VILLAGE_A]}, by=cast.admin
    )


def test_a_village_fund_needs_its_village_and_months_inside_the_period(cast, year2021, worker):
    worker()
    with pytest.raises(DomainError, match="milik satu desa: pilih desanya"):
        create_funder(year2021, {"kind": "dana_desa", "name": "DD", "budget": 5_000_000}, by=cast.admin)
    with pytest.raises(DomainError, match="bulan ke-1 sampai ke-3"):
        create_funder(
            year2021, {"kind": "apbd_kab", "name": "APBD", "budget": 5_000_000, "last_month": 4}, by=cast.admin
        )
    funder = create_funder(
        year2021,
        {"kind": "dana_desa", "name": "DD Mangkurawang", "budget": 5_000_000, "village": VILLAGE_A},
        by=cast.admin,
    )
    assert funder.rank == 10  # village money is used before the regency's


def test_an_invalid_edit_leaves_the_funder_as_it_was(cast, year2021, worker):
    worker()
    funder = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD", "budget": 5_000_000}, by=cast.admin)
    with pytest.raises(DomainError):
        update_funder(funder, {"budget": 1}, by=cast.admin)
    funder.refresh_from_db()
    assert funder.budget == 5_000_000


def test_the_year_page_names_a_funders_restrictions_in_words(cast, year2021, worker):
    from lindung.funding.services import funder_totals
    from lindung.regions.models import Region

    worker(village_code=VILLAGE_A, occupation="nelayan")
    create_funder(
        year2021,
        {"kind": "csr", "name": "PT Pesisir", "budget": 5_000_000, "districts": [VILLAGE_A[:8]],
         "occupations": ["nelayan", "ojek"]},
        by=cast.admin,
    )  # fmt: skip
    create_funder(year2021, {"kind": "apbd_kab", "name": "APBD", "budget": 5_000_000}, by=cast.admin)
    district = Region.objects.get(code=VILLAGE_A[:8]).name
    texts = {t["funder"].name: t["restriction"] for t in funder_totals(year2021)}
    assert texts == {"PT Pesisir": f"Kec. {district}; Nelayan, Ojek", "APBD": "—"}
