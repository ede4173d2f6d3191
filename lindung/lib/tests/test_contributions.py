"""Contribution arithmetic checked against the figures in domain.md §2."""

from datetime import date

import pytest

from lindung.lib import contributions as c

# The rates domain.md §2 documents: JKK 1 %, JKM Rp 6,800, JHT 2 %; PP 50/2025 cut 50 %.
RATES = c.Rates(jkk_bp=100, jkm_flat=6800, jht_bp=200, discount_bp=5000)
JKK_JKM = ("jkk", "jkm")


def test_the_standard_package_at_one_million_is_16800_a_month():
    assert c.monthly_contribution(1_000_000, JKK_JKM, RATES) == 16_800


def test_adding_jht_gives_36800_a_month():
    assert c.monthly_contribution(1_000_000, ("jkk", "jkm", "jht"), RATES) == 36_800


def test_the_2021_kukar_case_costs_exactly_1786176000():
    assert c.cost(35_440, 3, 1_000_000, JKK_JKM, RATES) == 1_786_176_000


def test_one_person_year_at_the_minimum_is_201600():
    assert c.cost(1, 12, 1_000_000, JKK_JKM, RATES) == 201_600


def test_the_pp50_discount_halves_jkk_and_jkm_to_8400():
    assert c.monthly_contribution(1_000_000, JKK_JKM, RATES, discounted=True) == 8_400


def test_the_discount_never_applies_when_the_apbd_pays():
    assert c.discount_applies(paid_by_government=True, in_discount_window=True) is False
    assert c.discount_applies(paid_by_government=False, in_discount_window=True) is True
    assert c.discount_applies(paid_by_government=False, in_discount_window=False) is False


def test_the_discount_leaves_jht_in_full():
    assert c.monthly_contribution(1_000_000, ("jkk", "jkm", "jht"), RATES, discounted=True) == 8_400 + 20_000


def test_the_2021_budget_buys_the_2021_workers_for_three_months():
    assert c.capacity(1_786_176_000, 3, 1_000_000, JKK_JKM, RATES) == 35_440
    assert c.capacity(1_786_176_000 - 1, 3, 1_000_000, JKK_JKM, RATES) == 35_439


def test_18_billion_covers_more_than_52000_workers_for_a_year_at_the_minimum():
    workers = c.capacity(18_000_000_000, 12, 1_000_000, JKK_JKM, RATES)
    assert workers == 89_285  # 18e9 // 201,600
    assert workers > 52_000


def test_person_months_and_whole_months_for_everyone():
    assert c.person_months(1_786_176_000, 1_000_000, JKK_JKM, RATES) == 106_320
    assert c.affordable_months(1_786_176_000, 35_440, 1_000_000, JKK_JKM, RATES) == 3


def test_a_list_costs_the_sum_of_its_people():
    entries = [(1_000_000, 3), (1_000_000, 12), (2_000_000, 1)]
    assert c.list_cost(entries, JKK_JKM, RATES) == 16_800 * 15 + (20_000 + 6_800)


def test_the_highest_income_bracket_a_budget_allows():
    brackets = [1_000_000, 1_500_000, 2_000_000]
    # 1,000 people for 12 months: 1.5 m costs 21,800 a month, 2 m costs 26,800.
    assert c.highest_affordable_income(261_600_000, 1000, 12, JKK_JKM, RATES, brackets) == 1_500_000
    assert c.highest_affordable_income(100_000, 1000, 12, JKK_JKM, RATES, brackets) is None


def test_programme_sets_that_fit_list_the_richest_first():
    fitting = c.affordable_program_sets(36_800 * 10, 10, 1, 1_000_000, RATES)
    assert fitting == [(("jkk", "jkm", "jht"), 368_000), (("jkk", "jkm"), 168_000)]
    assert c.affordable_program_sets(16_799, 1, 1, 1_000_000, RATES) == []


def test_percentages_round_half_up_to_whole_rupiah():
    # 1 % of 1,000,050 is 10,000.5 → 10,001.
    assert c.monthly_contribution(1_000_050, ("jkk",), RATES) == 10_001


def test_programmes_are_parsed_in_canonical_order_and_unknown_names_refused():
    assert c.parse_programs("JKM, jkk") == ("jkk", "jkm")
    with pytest.raises(c.ContributionError, match="jkp tidak dikenal"):
        c.parse_programs("jkk,jkp")
    with pytest.raises(c.ContributionError, match="paling sedikit satu"):
        c.parse_programs("")


def test_a_zero_income_is_refused_in_indonesian():
    with pytest.raises(c.ContributionError, match="harus lebih dari Rp 0"):
        c.monthly_contribution(0, JKK_JKM, RATES)


def test_a_discount_window_is_counted_in_whole_months():
    # PP 50/2025 for the transport sector: January 2026 to March 2027 (domain.md §2).
    first, last = date(2026, 1, 1), date(2027, 3, 31)
    assert c.month_in_window(date(2026, 1, 1), first, last)
    assert c.month_in_window(date(2027, 3, 1), first, last)
    assert not c.month_in_window(date(2025, 12, 1), first, last)
    assert not c.month_in_window(date(2027, 4, 1), first, last)
    assert not c.month_in_window(date(2026, 5, 1), None, None)


def test_monthly_prices_halve_jkk_and_jkm_only_in_the_discounted_months():
    prices = c.monthly_prices(1_000_000, JKK_JKM, RATES, [False, True, True])
    assert prices == (16_800, 8_400, 8_400)
    with_jht = c.monthly_prices(1_000_000, ("jkk", "jkm", "jht"), RATES, [True, False])
    assert with_jht == (8_400 + 20_000, 36_800)  # JHT is never discounted


def test_a_sponsor_funding_2026_pays_the_discount_from_april_for_other_sectors():
    # Jan-Mar 2026 full, Apr-Dec 2026 half (domain.md §2): 3 x 16,800 + 9 x 8,400.
    months = [date(2026, m, 1) for m in range(1, 13)]
    discounted = [c.month_in_window(m, date(2026, 4, 1), date(2026, 12, 31)) for m in months]
    prices = c.monthly_prices(1_000_000, JKK_JKM, RATES, discounted)
    assert c.masked_amount(prices, (1 << 12) - 1) == 3 * 16_800 + 9 * 8_400 == 126_000
    assert c.masked_amount(prices, 0b000000001001) == 16_800 + 8_400
