"""PP 50/2025 by month and by sector: transport Jan 2026-Mar 2027, other sectors Apr-Dec 2026 (domain.md §2)."""

from datetime import date

from lindung.programmes.models import RateSchedule
from lindung.programmes.services import create_year

FULL, CUT = 16_800, 8_400
ALL_MONTHS = (1 << 12) - 1


def test_the_seeded_rates_carry_both_windows_and_their_source(db):
    rates = RateSchedule.in_force(date(2026, 1, 1))
    assert (rates.discount_from, rates.discount_to) == (date(2026, 4, 1), date(2026, 12, 31))
    assert (rates.transport_discount_from, rates.transport_discount_to) == (date(2026, 1, 1), date(2027, 3, 31))
    assert rates.transport_occupations == ["ojek"]
    assert "belum dibedakan" not in rates.source
    assert "Januari 2026-Maret 2027" in rates.source


def test_a_year_copies_the_transport_window_from_the_rates(cast, year_data):
    year = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    assert year.transport_occupations == ["ojek"]
    assert (year.transport_discount_from, year.transport_discount_to) == (date(2026, 1, 1), date(2027, 3, 31))


def test_a_sponsor_pays_half_from_april_for_other_sectors_and_all_year_for_ojek(cast, year_data):
    year = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    assert year.month_prices("petani", paid_by_government=False) == (FULL,) * 3 + (CUT,) * 9
    assert year.month_prices("ojek", paid_by_government=False) == (CUT,) * 12
    assert year.row_amount("petani", ALL_MONTHS, paid_by_government=False) == 3 * FULL + 9 * CUT
    assert year.row_amount("ojek", ALL_MONTHS, paid_by_government=False) == 12 * CUT
    assert year.row_amount("petani", 0b1000, paid_by_government=False) == CUT  # April alone


def test_the_apbd_pays_the_full_rate_in_every_window(cast, year_data):
    year = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    for occupation in ("petani", "ojek"):
        assert year.month_prices(occupation, paid_by_government=True) == (FULL,) * 12
    assert year.monthly_cost() == FULL


def test_only_the_transport_sector_keeps_the_discount_in_2027(cast, year_data):
    year = create_year(year_data(year=2027, period_start=date(2027, 1, 1), months=12), by=cast.admin)
    assert year.month_prices("ojek", paid_by_government=False) == (CUT,) * 3 + (FULL,) * 9
    assert year.month_prices("nelayan", paid_by_government=False) == (FULL,) * 12
    assert "ojek Januari 2027 – Maret 2027" in year.discount_text()
    assert "pekerjaan lain" not in year.discount_text()


def test_a_year_outside_both_windows_has_no_discount_text(year2021):
    assert not year2021.has_discount()
    assert year2021.discount_text() == ""


def test_the_discount_text_names_both_windows_in_2026(cast, year_data):
    year = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    text = year.discount_text()
    assert "Rp 8.400" in text
    assert "ojek Januari 2026 – Desember 2026" in text
    assert "pekerjaan lain April 2026 – Desember 2026" in text


def test_draft_years_set_up_before_the_transport_window_get_it_and_approved_ones_do_not(cast, year_data):
    import importlib

    from django.apps import apps

    from lindung.programmes.models import ProgrammeYear, YearStatus

    migration = importlib.import_module("lindung.programmes.migrations.0005_draft_years_transport_window")
    draft = create_year(year_data(year=2026, period_start=date(2026, 1, 1), months=12), by=cast.admin)
    approved = create_year(year_data(year=2027, period_start=date(2027, 1, 1), months=12), by=cast.admin)
    old_note = "Jendela sektor transportasi (Jan 2026-Mar 2027) belum dibedakan."
    ProgrammeYear.objects.update(
        transport_discount_from=None, transport_discount_to=None, transport_occupations=[], rates_source=old_note
    )
    ProgrammeYear.objects.filter(pk=approved.pk).update(status=YearStatus.APPROVED)
    migration.forward(apps, None)
    draft.refresh_from_db()
    approved.refresh_from_db()
    assert draft.transport_occupations == ["ojek"] and draft.transport_discount_to == date(2027, 3, 31)
    assert "belum dibedakan" not in draft.rates_source
    assert approved.transport_occupations == [] and approved.transport_discount_from is None


def test_the_admin_refuses_a_half_window_a_backwards_window_and_unknown_occupations(db):
    import pytest
    from django.core.exceptions import ValidationError

    rates = RateSchedule(
        valid_from=date(2027, 1, 1),
        discount_bp=5000,
        discount_from=date(2026, 4, 1),
        transport_discount_from=date(2027, 3, 1),
        transport_discount_to=date(2026, 1, 1),
        transport_occupations=["ojek", "pilot"],
    )
    with pytest.raises(ValidationError) as raised:
        rates.full_clean()
    assert set(raised.value.message_dict) == {"discount_to", "transport_discount_to", "transport_occupations"}
    assert "pilot" in raised.value.message_dict["transport_occupations"][0]
