"""The scholarship: three years of contributions, at most two children, a yearly schedule and its reminders."""

from datetime import date

import pytest

from lindung.claims import services
from lindung.claims.figures import scholarship_reminders
from lindung.claims.models import ClaimStatus
from lindung.errors import DomainError


@pytest.fixture
def death(covered, earlier_years, report, cast):
    earlier_years(covered, [2021, 2022])
    claim = report(covered, event_date=date(2023, 11, 20))
    assert claim.months_paid == 35 and claim.entitlement == 42_000_000
    return claim


@pytest.fixture
def long_death(covered, earlier_years, report, cast):
    earlier_years(covered, [2020, 2021, 2022])
    return report(covered, event_date=date(2023, 3, 1))


def test_a_scholarship_needs_three_years_of_contributions(death, report):
    claim = report(death.person, kind="scholarship", follows=death, school_year=2024)
    check = next(c for c in claim.checks if c["code"] == "scholarship_months")
    assert not check["ok"] and "35 bulan" in check["reason"]
    assert claim.entitlement == 0


def test_a_scholarship_for_two_children_pays_this_years_levels(long_death, report, cast):
    claim = report(long_death.person, kind="scholarship", follows=long_death, school_year=2024)
    assert claim.months_paid == 39
    services.add_child(claim, name="Rina", birth_date=date(2012, 8, 1), level="SMP", grade=2, by=cast.operator_a)
    services.add_child(claim, name="Dodi", birth_date=date(2017, 2, 1), level="SD", grade=2, by=cast.operator_a)
    claim.refresh_from_db()
    assert claim.entitlement == 2_000_000 + 1_500_000
    schedule = services.scholarship_schedule(claim)
    assert [(y.level, y.grade) for y in schedule.for_child("Rina")][:3] == [("SMP", 2), ("SMP", 3), ("SMA", 1)]
    with pytest.raises(DomainError, match="paling banyak untuk 2 anak"):
        services.add_child(claim, name="Ketiga", birth_date=date(2020, 1, 1), level="TK", by=cast.operator_a)


def test_a_scholarship_must_follow_a_death_or_total_disability_of_the_same_worker(covered, report):
    with pytest.raises(DomainError, match="pilih klaim asalnya"):
        report(covered, kind="scholarship")


def test_a_paid_scholarship_is_on_next_years_reminder_list(long_death, report, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    claim = report(long_death.person, kind="scholarship", follows=long_death, school_year=2024)
    services.add_child(claim, name="Rina", birth_date=date(2012, 8, 1), level="SMP", grade=2, by=cast.operator_a)
    from lindung.claims.models import Claim

    # Paid as the flow tests walk it; only the following year matters here.
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.PAID, paid_amount=2_000_000)
    reminders = scholarship_reminders(by=cast.verifier, school_year=2025)
    assert [(r.claim.pk, r.amount) for r in reminders] == [(claim.pk, 2_000_000)]
    assert [(y.level, y.grade) for y in reminders[0].years] == [("SMP", 3)]
    assert scholarship_reminders(by=cast.operator_b, school_year=2025) == []
