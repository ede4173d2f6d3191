from datetime import date

import pytest

from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.programmes.models import Amendment, ProgrammeYear, YearStatus
from lindung.programmes.services import (
    approve_year,
    create_year,
    eligible_people,
    ineligibility_reasons,
    open_amendment,
    update_year,
)

DECREE_DATE = date(2021, 9, 20)


def test_a_new_year_takes_its_rates_from_the_dated_configuration(year2021):
    assert (year2021.jkk_bp, year2021.jkm_flat, year2021.jht_bp) == (100, 6800, 200)
    assert year2021.monthly_cost() == 16_800
    assert year2021.months_label() == "Oktober 2021 – Desember 2021"
    assert AuditEntry.objects.filter(action="programmes.year.created").count() == 1


def test_jht_adds_two_percent_of_the_declared_income(cast, year_data):
    year = create_year(year_data(year=2022, period_start=date(2022, 1, 1), months=12, covers_jht=True), by=cast.admin)
    assert year.monthly_cost() == 36_800


def test_the_pp50_discount_applies_to_a_sponsor_but_never_to_the_apbd(cast, year_data):
    year = create_year(year_data(year=2026, period_start=date(2026, 4, 1), months=9), by=cast.admin)
    assert year.monthly_cost(paid_by_government=True) == 16_800
    assert year.monthly_cost(paid_by_government=False) == 8_400


def test_overlapping_periods_are_refused_and_nothing_is_saved(cast, year2021, year_data):
    with pytest.raises(DomainError, match="bertumpuk dengan tahun program 2021"):
        create_year(year_data(year=2022, period_start=date(2021, 12, 1), months=12), by=cast.admin)
    assert not ProgrammeYear.objects.filter(year=2022).exists()


def test_a_second_set_up_of_the_same_year_is_refused(cast, year2021, year_data):
    with pytest.raises(DomainError, match="sudah ada"):
        create_year(year_data(), by=cast.admin)


def test_a_year_cannot_be_approved_before_an_allocation(year2021, cast):
    with pytest.raises(DomainError, match="Jalankan alokasi dulu"):
        approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    year2021.refresh_from_db()
    assert year2021.status == YearStatus.DRAFT


def test_an_edit_after_approval_is_refused_until_an_amendment_is_opened(cast, year2021, worker):
    from lindung.funding.services import allocate_year, create_funder

    worker()
    create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/123/2021", decree_date=DECREE_DATE)
    with pytest.raises(DomainError, match=r"sudah disetujui.*buka amandemen"):
        update_year(year2021, {"declared_income": 2_000_000}, by=cast.admin)
    year2021.refresh_from_db()
    assert year2021.declared_income == 1_000_000

    with pytest.raises(DomainError, match="alasan"):
        open_amendment(year2021, reason="", by=cast.admin)
    amendment = open_amendment(year2021, reason="Peserta meninggal, surat 12/2021", by=cast.admin)
    update_year(year2021, {"declared_income": 2_000_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    amendment.refresh_from_db()
    assert amendment.closed_at is not None
    assert amendment.changes["before"]["amount"] == 16_800 * 3
    assert amendment.changes["after"]["amount"] == 26_800 * 3
    assert Amendment.objects.count() == 1


def test_eligibility_follows_the_years_rules(cast, year2021, worker, make_person):
    ok = worker()
    young = worker(birth=date(2005, 1, 1))  # 16 on 1 October 2021
    proposed = make_person()
    assert list(eligible_people(year2021)) == [ok]
    assert "di luar batas 18–65" in ineligibility_reasons(year2021, young)[0]
    assert "belum/tidak terverifikasi" in ineligibility_reasons(year2021, proposed)[0]
    year = update_year(year2021, {"occupations": ["nelayan"]}, by=cast.admin)
    assert not eligible_people(year).exists()
