"""Funding changes made at the same moment: one wins cleanly, the other is told in Indonesian, nothing is lost.

Real threads on a database they share (a file on SQLite, as `make run` has it;
PostgreSQL in CI), each with its own connection, released together by a barrier.
On SQLite every write transaction starts IMMEDIATE, so the two run one after the
other; on PostgreSQL they overlap, and only the row locks and the checks made
under them keep the outcome the same. The assertions hold on both.
"""

import pytest

from lindung.testing.processes import ADMIN, process_db  # noqa: F401

TRIES = 5

SETUP = f"""
import threading
from datetime import date
from django.contrib.auth import get_user_model
from django.db import connection
from lindung.errors import DomainError
from lindung.funding import amendments, services as funding
from lindung.funding.models import Allocation, Funder, Realisation
from lindung.people.services import propose_person, verify_person
from lindung.programmes.models import ProgrammeYear
from lindung.programmes.services import approve_year, create_year
admin = get_user_model().objects.get(username={ADMIN!r})
MONTH = 16_800  # JKK + JKM of one worker for one month in 2021

def year(number, months=3):
    return create_year(dict(
        year=number, name="Jaminan sosial pekerja rentan", period_start=date(number, 10, 1), months=months,
        covers_jkk=True, covers_jkm=True, covers_jht=False, declared_income=1_000_000, min_age=18, max_age=65,
        occupations=[], segments=[], require_domicile=True, priority_occupations=[],
    ), by=admin)

def workers(count, first):
    made = []
    for serial in range(first, first + count):
        person = propose_person(dict(
            nik=f"640206130690{{serial:04d}}", kk_number="", name=f"Pekerja {{serial}}", sex="L",
            birth_place="Tenggarong", birth_date=date(1990, 6, 13), village_code="64.02.06.1010", rt="5", rw="",
            street="Jl. Mangkurawang", phone="", occupation="petani", occupation_other="", segment="",
            declared_income=1_000_000,
        ), by=admin)
        made.append(verify_person(person, by=admin))
    return made

def race(*calls):
    # Each call in its own thread and connection, all released at once; a call's answer is "ok" or its message.
    start = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(i, call):
        start.wait()
        try:
            call()
            answers[i] = "ok"
        except DomainError as exc:
            answers[i] = exc.message
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers
"""


@pytest.fixture
def shared(process_db):  # noqa: F811
    def clean():
        process_db.django(
            """
            from lindung.audit.models import AuditEntry
            from lindung.funding.models import Adjustment, Allocation, Funder, Realisation
            from lindung.people.models import Person
            from lindung.programmes.models import ProgrammeYear
            years = ProgrammeYear.objects.filter(year__gte=2040)
            for model in (Realisation, Allocation, Adjustment):
                model.objects.filter(funder__programme_year__in=years).delete()
            Allocation.objects.filter(programme_year__in=years).delete()
            Adjustment.objects.filter(programme_year__in=years).delete()
            Funder.objects.filter(programme_year__in=years).delete()
            years.delete()
            Person.objects.filter(nik__startswith="640206130690").delete()
            AuditEntry.objects.all().delete()
            """
        )

    clean()
    yield process_db
    clean()


def test_a_pagu_lowered_while_the_allocation_runs_never_leaves_an_overspent_allocation_that_looks_current(shared):
    outcomes = shared.django(
        SETUP
        + f"""
from lindung.programmes.services import allocation_out_of_date
people = workers(300, 1)
results = []
for attempt in range({TRIES}):
    y = year(2045 + attempt)
    apbd = funding.create_funder(y, {{"kind": "apbd_kab", "name": "APBD Kukar", "budget": 300 * 3 * MONTH}},
                                 by=admin)
    answers = race(
        lambda: funding.allocate_year(y, by=admin),
        lambda: funding.update_funder(apbd, {{"budget": 100 * 3 * MONTH}}, by=admin),
    )
    y.refresh_from_db()
    apbd.refresh_from_db()
    spent = sum(Allocation.objects.filter(funder=apbd).values_list("amount", flat=True))
    current = y.allocated_at is not None and not allocation_out_of_date(y)
    results.append([answers, spent, apbd.budget, current])
result = results
""",
        timeout=600,
    )
    for answers, spent, budget, current in outcomes:
        assert answers[1] == "ok", outcomes  # lowering the pagu of a draft year is always allowed
        if answers[0] == "ok" and current:
            # The allocation on record, unflagged, must fit the pagu as it now stands.
            assert spent <= budget, outcomes
        elif answers[0] != "ok":
            assert "diubah pengguna lain selama alokasi berjalan" in answers[0], outcomes
            assert "Jalankan alokasi lagi" in answers[0], outcomes


def test_two_officers_ending_the_same_cover_at_once_record_one_amendment_and_tell_the_other(shared):
    outcomes = shared.django(
        SETUP
        + f"""
from lindung.programmes.models import Amendment
results = []
workers(1, 400)
for attempt in range({TRIES}):
    y = year(2050 + attempt)
    funding.create_funder(y, {{"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}}, by=admin)
    funding.allocate_year(y, by=admin)
    siti = Allocation.objects.get(programme_year=y, funder__isnull=False).person
    approve_year(y, by=admin, decree_number=f"500/{{attempt}}/2040", decree_date=date(2040, 9, 20))
    end = lambda: amendments.end_cover(y, siti, from_month=2, cause="meninggal", by=admin)
    answers = race(end, end)
    rows = list(Allocation.objects.filter(programme_year=y, person=siti).values_list("months_mask", "amount"))
    numbers = list(Amendment.objects.filter(programme_year=y).values_list("number", flat=True))
    results.append([answers, rows, numbers])
result = results
""",
    )
    for answers, rows, numbers in outcomes:
        assert answers.count("ok") == 1, outcomes
        refused = next(a for a in answers if a != "ok")
        assert "sudah berakhir pada bulan ke-1" in refused and "tidak ada yang diubah" in refused, outcomes
        assert rows == [[1, 16_800]], outcomes
        assert numbers == [1], outcomes
