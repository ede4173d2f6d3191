"""The seeded benefit rules give domain.md §3's figures."""

from datetime import date

import pytest

from lindung.claims.models import BenefitRules
from lindung.errors import DomainError
from lindung.lib import benefits


def test_seeded_rules_give_jkm_42_million_and_jkk_death_70_million(db):
    rules = BenefitRules.in_force(date(2026, 1, 1)).as_pure()
    assert benefits.jkm(rules, months_paid=3).total == 42_000_000
    assert benefits.jkm(rules, months_paid=1).total == 10_000_000
    assert benefits.jkk_death(rules, income=1_000_000).total == 70_000_000
    assert benefits.jkk_disability(rules, income=1_000_000, percent=100).total == 56_000_000


def test_seeded_scholarship_is_87_million_per_child_for_two_children(db):
    rules = BenefitRules.in_force(date(2026, 1, 1))
    pure = rules.as_pure()
    children = [benefits.Child("A", date(2021, 1, 1), "TK"), benefits.Child("B", date(2021, 6, 1), "TK")]
    assert benefits.scholarship(pure, children, first_school_year=2025).total == 174_000_000
    assert (pure.scholarship_max_children, pure.scholarship_min_months, pure.scholarship_end_age) == (2, 36, 23)


def test_unconfirmed_rules_are_flagged_and_sources_cited(db):
    rules = BenefitRules.in_force(date(2026, 1, 1))
    assert rules.is_unconfirmed("partial_disability_multiplier")
    assert rules.is_unconfirmed("stmb_full_percent")
    assert not rules.is_unconfirmed("jkm_lump_sum")
    assert "PP 82/2019" in rules.source and "PP 44/2015 Pasal 37" in rules.source


def test_an_event_before_the_first_rules_is_refused_not_guessed(db):
    with pytest.raises(DomainError, match="belum diisi"):
        BenefitRules.in_force(date(2015, 1, 1))
