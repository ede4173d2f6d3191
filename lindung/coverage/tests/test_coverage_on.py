"""coverage_on answers whether a person was protected on a day, from memberships and the funder's payments."""

from datetime import date

import pytest

from lindung.coverage.models import BackdatingRequest, BackdatingStatus
from lindung.coverage.services import coverage_on, person_ledger

PAID_TO_JUNE = {k: date(2023, k, 10) for k in range(1, 7)}
LATE_IN_OCTOBER = {k: date(2023, 10, 10) for k in (7, 8, 9, 10)}
AFTER = date(2023, 10, 20)


@pytest.fixture
def worked_case(enrolled, apbd, paid_months):
    """domain.md §9: paid up to June 2023, nothing for three months, July–October paid in October 2023."""
    (person,), (membership,) = enrolled()
    paid_months(apbd, {**PAID_TO_JUNE, **LATE_IN_OCTOBER})
    return person, membership


def test_the_worked_case_is_covered_again_from_october_only(worked_case, apbd):
    person, membership = worked_case
    october = coverage_on(person, date(2023, 10, 12), today=AFTER)
    assert october.covered
    assert october.since == date(2023, 10, 1)
    assert (october.funder, october.kpj, october.membership) == (apbd, membership.kpj, membership)
    assert october.months_paid == 7
    assert "sejak 1 Oktober 2023" in october.reason


def test_the_worked_case_shows_the_gap(worked_case):
    person, _ = worked_case
    august = coverage_on(person, date(2023, 8, 3), today=AFTER)
    assert not august.covered and august.since is None
    assert august.months_paid == 6
    assert "3 bulan berturut-turut" in august.reason
    assert "celah sejak 1 Juli 2023" in august.reason
    assert "kepesertaan baru mulai Oktober 2023" in august.reason
    assert "Koreksi kepesertaan iuran lanjutan dapat diajukan" in august.reason
    kinds = [m.kind for m in person_ledger(person, today=AFTER).months]
    assert kinds == ["covered"] * 6 + ["gap"] * 3 + ["covered", "unpaid", "unpaid"]


def test_a_granted_correction_closes_the_gap(worked_case, apbd, cast):
    person, _ = worked_case
    BackdatingRequest.objects.create(
        funder=apbd, first_month=7, last_month=9, status=BackdatingStatus.GRANTED, reason="APBD cair terlambat"
    )
    august = coverage_on(person, date(2023, 8, 3), today=AFTER)
    assert august.covered and august.since == date(2023, 1, 1)
    assert "koreksi kepesertaan iuran lanjutan" in august.reason
    assert coverage_on(person, date(2023, 10, 12), today=AFTER).months_paid == 10


def test_a_requested_correction_changes_nothing_until_granted(worked_case, apbd):
    person, _ = worked_case
    BackdatingRequest.objects.create(funder=apbd, first_month=7, last_month=9, reason="APBD cair terlambat")
    assert not coverage_on(person, date(2023, 8, 3), today=AFTER).covered


def test_covered_in_june_since_january(worked_case):
    person, _ = worked_case
    june = coverage_on(person, date(2023, 6, 30), today=AFTER)
    assert june.covered and june.since == date(2023, 1, 1) and june.months_paid == 6
    assert "tepat waktu" in june.reason


def test_an_unpaid_month_within_the_window_is_arrears_with_its_last_day(enrolled, apbd, paid_months):
    (person,), _ = enrolled()
    paid_months(apbd, PAID_TO_JUNE)
    july = coverage_on(person, date(2023, 7, 20), today=date(2023, 8, 1))
    assert not july.covered
    assert "paling lambat 30 September 2023" in july.reason


def test_never_enrolled_is_never_paid(worker):
    person = worker()
    answer = coverage_on(person, date(2023, 5, 1), today=AFTER)
    assert (answer.covered, answer.membership, answer.funder, answer.kpj, answer.months_paid) == (
        False,
        None,
        None,
        "",
        0,
    )
    assert "belum pernah" in answer.reason


def test_refused_by_bpjs_says_why(enrolled, paid_months, apbd):
    (person,), (membership,) = enrolled()
    membership.status, membership.refused_reason = "refused", "Usia di atas 65 tahun"
    membership.save()
    paid_months(apbd, PAID_TO_JUNE)
    answer = coverage_on(person, date(2023, 3, 1), today=AFTER)
    assert not answer.covered and "ditolak BPJS: Usia di atas 65 tahun" in answer.reason


def test_a_death_ends_cover_after_its_month(enrolled, paid_months, apbd):
    (person,), (membership,) = enrolled()
    membership.ended_month, membership.ended_on, membership.end_cause = 4, date(2023, 4, 18), "meninggal"
    membership.status = "ended"
    membership.save()
    paid_months(apbd, PAID_TO_JUNE)
    assert coverage_on(person, date(2023, 4, 18), today=AFTER).covered
    may = coverage_on(person, date(2023, 5, 2), today=AFTER)
    assert not may.covered and "berakhir (meninggal) pada 18 April 2023" in may.reason


def test_cover_starts_on_the_day_bpjs_recorded(enrolled, paid_months, apbd):
    (person,), (membership,) = enrolled()
    membership.bpjs_start_date = date(2023, 2, 14)
    membership.save()
    paid_months(apbd, PAID_TO_JUNE)
    assert not coverage_on(person, date(2023, 1, 20), today=AFTER).covered
    assert not coverage_on(person, date(2023, 2, 13), today=AFTER).covered
    answer = coverage_on(person, date(2023, 3, 1), today=AFTER)
    assert answer.covered and answer.since == date(2023, 2, 14) and answer.months_paid == 2


def test_a_day_outside_every_membership_is_not_funded(worked_case):
    person, _ = worked_case
    answer = coverage_on(person, date(2024, 2, 1), today=date(2024, 3, 1))
    assert not answer.covered and "tidak ada penyandang dana" in answer.reason
    assert answer.months_paid == 7


def test_coverage_on_takes_a_handful_of_queries(worked_case, django_assert_max_num_queries):
    person, _ = worked_case
    with django_assert_max_num_queries(4):
        coverage_on(person, date(2023, 8, 3), today=AFTER)
