"""Two finance officers adding a replacement at the same moment cannot overspend a funder."""

import threading
from datetime import date

from django.db import connection
from django.db.utils import OperationalError

from lindung.errors import DomainError
from lindung.funding.amendments import add_cover, end_cover
from lindung.funding.models import Allocation
from lindung.funding.services import allocate_year, create_funder
from lindung.programmes.models import Amendment
from lindung.programmes.services import approve_year

DECREE_DATE = date(2021, 9, 20)

MONTH = 16_800


def test_of_two_simultaneous_adds_for_the_last_month_exactly_one_gets_through(browser_regions, cast, year2021, worker):
    # Real threads need committed rows, hence the transactional database (browser_regions gives it
    # its regions back and reloads them all after the module).
    siti = worker(name="Siti Aminah")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    end_cover(year2021, siti, from_month=3, cause="meninggal", by=cast.admin)  # one month left
    people = [worker(name="Rina Pengganti"), worker(name="Dewi Pengganti")]
    start = threading.Barrier(len(people))
    results = []

    def add(person):
        start.wait()
        try:
            add_cover(year2021, person, funder=apbd, from_month=3, reason="Pengganti Siti Aminah", by=cast.finance)
            results.append("ok")
        except DomainError as exc:  # PostgreSQL: waited for the lock, then saw no money left
            results.append(exc.message)
        except OperationalError as exc:  # SQLite: the database refuses a second writer outright
            results.append(str(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    refused = next(r for r in results if r != "ok")
    assert refused.startswith("Sisa pagu APBD Kukar Rp 0") or "locked" in refused, refused
    assert sum(Allocation.objects.filter(funder=apbd).values_list("amount", flat=True)) == apbd.budget
    assert sorted(Amendment.objects.values_list("number", flat=True)) == [1, 2]
