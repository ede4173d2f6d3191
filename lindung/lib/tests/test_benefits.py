"""Entitlements against the figures of domain.md §3."""

from datetime import date, datetime, time

import pytest

from lindung.lib import benefits
from lindung.lib.benefits import Child

# The figures domain.md §3 gives (PP 82/2019 and the sources it cites).
RULES = benefits.Rules(
    jkm_lump_sum=20_000_000,
    jkm_periodic=12_000_000,
    jkm_funeral=10_000_000,
    jkm_min_months=3,
    jkk_death_multiplier=48,
    jkk_death_funeral=10_000_000,
    jkk_death_periodic=12_000_000,
    total_disability_multiplier=56,
    partial_disability_multiplier=80,
    stmb_full_months=12,
    stmb_full_percent=100,
    stmb_after_percent=50,
    scholarship_levels={
        "TK": (1_500_000, 2),
        "SD": (1_500_000, 6),
        "SMP": (2_000_000, 3),
        "SMA": (3_000_000, 3),
        "PT": (12_000_000, 5),
    },
    scholarship_max_children=2,
    scholarship_min_months=36,
    scholarship_end_age=23,
    school_start_age=4,
    school_year_start_month=7,
    jkk_claim_years=5,
    stage1_report_hours=48,
    bpjs_pay_working_days=7,
)


def test_jkm_pays_42_million_in_three_parts():
    result = benefits.jkm(RULES, months_paid=3)
    assert result.total == 42_000_000
    assert [p.amount for p in result.parts] == [20_000_000, 12_000_000, 10_000_000]


def test_jkm_with_fewer_than_three_months_pays_the_funeral_cost_only():
    result = benefits.jkm(RULES, months_paid=2)
    assert result.total == 10_000_000
    assert "hanya menerima biaya pemakaman" in result.notes[0]


def test_jkk_death_at_one_million_income_is_70_million():
    # domain.md: "At Rp1 m income that is Rp70 m", the figure reported for pekerja rentan.
    assert benefits.jkk_death(RULES, income=1_000_000).total == 70_000_000


def test_jkk_death_scales_with_declared_income():
    assert benefits.jkk_death(RULES, income=2_500_000).total == 48 * 2_500_000 + 22_000_000


def test_total_permanent_disability_is_56_times_income():
    assert benefits.jkk_disability(RULES, income=1_000_000, percent=100).total == 56_000_000


def test_partial_disability_is_percent_times_80_times_income():
    assert benefits.jkk_disability(RULES, income=1_000_000, percent=10).total == 8_000_000


def test_disability_percent_outside_1_to_100_is_refused():
    with pytest.raises(ValueError):
        benefits.jkk_disability(RULES, income=1_000_000, percent=0)


def test_stmb_pays_full_income_for_12_months_then_half():
    result = benefits.jkk_stmb(RULES, income=1_000_000, months=15)
    assert [p.amount for p in result.parts] == [12_000_000, 1_500_000]
    assert benefits.jkk_stmb(RULES, income=1_000_000, months=2).total == 2_000_000


def test_treatment_is_what_the_receipts_show():
    assert benefits.jkk_treatment(cost=7_350_000).total == 7_350_000


def test_a_child_through_every_level_receives_87_million():
    child = Child("Anak", date(2020, 3, 1), "TK", 1)
    schedule = benefits.scholarship(RULES, [child], first_school_year=2024)
    assert schedule.total == 87_000_000
    assert len(schedule.years) == 2 + 6 + 3 + 3 + 5


def test_two_children_at_most_174_million():
    children = [Child(f"Anak {i}", date(2020 + i, 1, 1), "TK", 1) for i in range(3)]
    schedule = benefits.scholarship(RULES, children, first_school_year=2024)
    assert schedule.total == 174_000_000
    assert {y.child for y in schedule.years} == {"Anak 0", "Anak 1"}
    assert "paling banyak untuk 2 anak" in schedule.notes[0]


def test_the_schedule_continues_from_the_childs_grade():
    child = Child("Budi", date(2012, 8, 1), "SMP", 2)
    years = benefits.scholarship(RULES, [child], first_school_year=2026).years
    assert [(y.level, y.grade, y.amount) for y in years[:3]] == [
        ("SMP", 2, 2_000_000),
        ("SMP", 3, 2_000_000),
        ("SMA", 1, 3_000_000),
    ]


def test_the_schedule_stops_when_the_child_turns_23():
    child = Child("Sari", date(2004, 1, 10), "PT", 1)
    years = benefits.scholarship(RULES, [child], first_school_year=2024).years
    # 20 in July 2024, 22 in July 2026, 23 in July 2027: three years of higher education.
    assert [y.school_year for y in years] == [2024, 2025, 2026]


def test_the_schedule_stops_at_marriage_or_work():
    child = Child("Dewi", date(2008, 5, 1), "SMA", 1, ended_on=date(2027, 3, 1))
    years = benefits.scholarship(RULES, [child], first_school_year=2024).years
    assert [y.school_year for y in years] == [2024, 2025, 2026]


def test_a_child_not_yet_at_school_starts_on_entering_tk():
    child = Child("Bayi", date(2025, 2, 1), benefits.NOT_IN_SCHOOL)
    years = benefits.scholarship(RULES, [child], first_school_year=2025).years
    assert (years[0].school_year, years[0].level) == (2029, "TK")


def test_school_year_starts_in_july():
    assert benefits.school_year_of(RULES, date(2026, 6, 30)) == 2025
    assert benefits.school_year_of(RULES, date(2026, 7, 1)) == 2026


def test_stage_one_report_is_due_48_hours_after_the_accident():
    due = benefits.stage1_deadline(RULES, event_date=date(2026, 3, 2), event_time=time(9, 30))
    assert due == datetime(2026, 3, 4, 9, 30)


def test_jkk_claim_lapses_five_years_after_the_accident():
    assert benefits.jkk_claim_lapses_on(RULES, event_date=date(2024, 2, 29)) == date(2029, 2, 28)


def test_seven_working_days_skip_weekends_and_holidays():
    # Submitted on Friday 22 May 2026; 27 May is Idul Adha (1 June is left out here on purpose).
    due = benefits.add_working_days(date(2026, 5, 22), 7, holidays=[date(2026, 5, 27)])
    assert due == date(2026, 6, 3)
