"""The stored per-village figures: the same numbers as a live count and a hand count, and they follow changes."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import DISTRICT_A, VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.coverage import billing
from lindung.dedup.models import DuplicateCandidate
from lindung.dedup.services import merge_people
from lindung.enrolment.models import MembershipStatus
from lindung.enrolment.services import record_death
from lindung.jobs.models import Job
from lindung.people import services as people
from lindung.reports import figures, snapshot
from lindung.reports.models import FigureSnapshot

pytestmark = pytest.mark.django_db
JUNE = date(2023, 6, 20)
COLUMNS = ("registered", "funded", "enrolled", "protected", "six_months", "at_risk")


def _villages(user, year, on=JUNE, district=DISTRICT_A):
    cov = figures.coverage(user, year=year, district=district, on=on)
    return {r.code: tuple(getattr(r, c) for c in COLUMNS) for r in cov.rows if any(getattr(r, c) for c in COLUMNS)}


def _districts(user, year, on=JUNE):
    cov = figures.coverage(user, year=year, on=on)
    rows = {r.code: tuple(getattr(r, c) for c in COLUMNS) for r in cov.rows if r.registered}
    return rows, tuple(getattr(cov.total, c) for c in COLUMNS)


@pytest.fixture
def paid_half_year(cast, enrolled, apbd, draft_year, paid_months, worker):
    """Village A: 3 enrolled and paid January to June, one of them refused by BPJS; village B: 1 registered only."""
    people_a, memberships = enrolled(3)
    memberships[2].status = MembershipStatus.REFUSED
    memberships[2].save()
    billing.build_ledger(draft_year, by=cast.finance)
    paid_months(apbd, {m: date(2023, m, 10) for m in range(1, 7)})
    worker(village_code=VILLAGE_B)
    return people_a, memberships


def test_the_snapshot_gives_the_hand_count_and_the_live_count_for_each_role(cast, paid_half_year, draft_year):
    live_admin = _districts(cast.admin, draft_year)
    live_village = _villages(cast.admin, draft_year)
    live_operator = _villages(cast.operator_b, draft_year, district=VILLAGE_B[:8])
    snapshot.take(draft_year)
    by_district, total = _districts(cast.admin, draft_year)
    # Hand count: A has 3 verified and funded, 2 BPJS members (one refused), both paid Jan–Jun.
    assert by_district == {DISTRICT_A: (3, 3, 2, 2, 2, 0), VILLAGE_B[:8]: (1, 0, 0, 0, 0, 0)}
    assert total == (4, 3, 2, 2, 2, 0)
    assert _villages(cast.admin, draft_year) == {VILLAGE_A: (3, 3, 2, 2, 2, 0)}
    assert _villages(cast.operator_b, draft_year, district=VILLAGE_B[:8]) == {VILLAGE_B: (1, 0, 0, 0, 0, 0)}
    assert _villages(cast.operator_b, draft_year) == {}  # B's operator sees nothing of Tenggarong
    assert (live_admin, live_village, live_operator) == (
        (by_district, total),
        _villages(cast.admin, draft_year),
        _villages(cast.operator_b, draft_year, district=VILLAGE_B[:8]),
    )


def test_the_public_page_counts_from_the_snapshot_like_the_live_count(cast, paid_half_year, draft_year):
    live = figures.district_members(draft_year)
    snapshot.take(draft_year)
    assert figures.district_members(draft_year) == live
    assert next(r for r in live if r["code"] == DISTRICT_A)["members"] == 2


def test_a_move_a_death_and_a_merge_move_every_affected_figure_at_the_next_refresh(
    cast, paid_half_year, draft_year, worker
):
    (first, second, third), _ = paid_half_year
    duplicate = worker(village_code=VILLAGE_A, name="Budi Santoso", birth=date(1979, 2, 3), phone="")
    snapshot.take(draft_year)
    assert _villages(cast.admin, draft_year) == {VILLAGE_A: (4, 3, 2, 2, 2, 0)}

    raw = people._raw(second)
    raw["village_code"] = VILLAGE_A2
    people.update_person(second, raw, by=cast.admin, expected_version=second.version)
    record_death(first, died_on=date(2023, 6, 5), by=cast.admin)
    pair = sorted([third.pk, duplicate.pk])
    candidate = DuplicateCandidate.objects.create(person_a_id=pair[0], person_b_id=pair[1], score=0.97)
    merge_people(candidate, by=cast.verifier_all, survivor_id=third.pk)

    # Until the refresh the dashboard says when its people counts were taken, and keeps them.
    cov = figures.coverage(cast.admin, year=draft_year, district=DISTRICT_A, on=JUNE)
    assert any("dihitung pada" in note for note in cov.notes)
    assert _villages(cast.admin, draft_year) == {VILLAGE_A: (4, 3, 2, 2, 2, 0)}

    snapshot.take(draft_year)
    # A: the dead worker (no longer registered nor active, still covered for June, the month he died)
    # and the refused member remain; the duplicate merged away; the mover counts in A2 now.
    assert _villages(cast.admin, draft_year) == {VILLAGE_A: (1, 2, 0, 1, 1, 0), VILLAGE_A2: (1, 1, 1, 1, 1, 0)}
    by_district, total = _districts(cast.admin, draft_year)
    assert by_district[DISTRICT_A] == (2, 3, 1, 2, 2, 0) and total == (3, 3, 1, 2, 2, 0)
    assert snapshot.current(draft_year).villages.get(village_code=VILLAGE_A).registered == 1


def test_a_payment_moves_the_protection_figures_at_once_without_a_refresh(cast, paid_half_year, draft_year, apbd):
    snapshot.take(draft_year)
    august = date(2023, 8, 20)
    # July and August unpaid: nobody protected in August, both members at risk.
    assert _villages(cast.admin, draft_year, on=august) == {VILLAGE_A: (3, 3, 2, 0, 2, 2)}
    for month in (7, 8):
        invoice = billing.issue_invoice(apbd, first_month=month, by=cast.finance, on=date(2023, month, 1))
        invoice.refresh_from_db()
        billing.record_payment(
            invoice,
            paid_on=date(2023, 8, 14),
            amount=invoice.outstanding,
            receipt_number=f"KW-{month}",
            by=cast.finance,
        )
    assert _villages(cast.admin, draft_year, on=august) == {VILLAGE_A: (3, 3, 2, 2, 2, 0)}


def test_a_stale_snapshot_is_recounted_when_someone_opens_the_dashboard(
    client, cast, paid_half_year, draft_year, worker
):
    snapshot.take(draft_year)
    FigureSnapshot.objects.update(taken_at=timezone.now() - snapshot.FRESH_FOR - timedelta(minutes=1))
    worker(village_code=VILLAGE_A)
    client.force_login(cast.admin)
    client.get(reverse("reports:coverage"), {"tahun": 2023, "kecamatan": DISTRICT_A})
    # Jobs run inline in tests: the queued refresh has already counted the new worker.
    assert Job.objects.filter(kind=snapshot.JOB_KIND, status="done").count() == 1
    assert snapshot.current(draft_year).villages.get(village_code=VILLAGE_A).registered == 4
    client.get(reverse("reports:coverage"), {"tahun": 2023})
    assert Job.objects.filter(kind=snapshot.JOB_KIND).count() == 1  # fresh now: nothing queued again


def test_a_recorded_change_queues_a_recount_at_the_next_look_however_fresh_the_snapshot(
    client, cast, paid_half_year, draft_year
):
    (first, _, _), _ = paid_half_year
    snapshot.take(draft_year)
    client.force_login(cast.admin)
    client.get(reverse("reports:coverage"), {"tahun": 2023})
    assert not Job.objects.filter(kind=snapshot.JOB_KIND).exists()  # fresh and nothing changed

    # Revealing a NIK is audited but moves no count: still nothing to recount.
    people.reveal_nik(first, by=cast.admin)
    client.get(reverse("reports:coverage"), {"tahun": 2023})
    assert not Job.objects.filter(kind=snapshot.JOB_KIND).exists()

    record_death(first, died_on=date(2023, 6, 5), by=cast.admin)
    client.get(reverse("reports:coverage"), {"tahun": 2023, "kecamatan": DISTRICT_A})
    assert Job.objects.filter(kind=snapshot.JOB_KIND, status="done").count() == 1
    assert snapshot.current(draft_year).villages.get(village_code=VILLAGE_A).registered == 2
    client.get(reverse("reports:coverage"), {"tahun": 2023})
    assert Job.objects.filter(kind=snapshot.JOB_KIND).count() == 1  # recounted past the change


def test_a_year_without_a_snapshot_is_counted_live_and_queues_nothing(client, cast, paid_half_year, draft_year):
    client.force_login(cast.admin)
    body = client.get(reverse("reports:coverage"), {"tahun": 2023}).content.decode()
    assert "dihitung pada" not in body
    assert not Job.objects.filter(kind=snapshot.JOB_KIND).exists()


def test_the_command_takes_the_snapshot_and_says_what_it_counted(cast, paid_half_year, draft_year, capsys):
    call_command("refresh_figures", "2023")
    assert "Angka cakupan 2023: 2 desa" in capsys.readouterr().out
    assert snapshot.current(draft_year) is not None
