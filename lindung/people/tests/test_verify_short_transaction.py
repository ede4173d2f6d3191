"""A verify reads what it can before its transaction: on SQLite the transaction holds the one write lock."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lindung.people.models import Status
from lindung.people.services import verify_person


def test_the_rules_are_read_before_the_transaction_and_the_person_inside_it(cast, make_person):
    person = make_person()
    with CaptureQueriesContext(connection) as ctx:
        verified = verify_person(person, by=cast.verifier, expected_version=person.version)
    sql = [q["sql"] for q in ctx.captured_queries]
    opened = next(i for i, s in enumerate(sql) if s.startswith(("SAVEPOINT", "BEGIN")))
    rules = next(i for i, s in enumerate(sql) if "people_eligibilityrules" in s)
    person_read = next(i for i, s in enumerate(sql) if s.startswith("SELECT") and '"people_person"' in s)
    assert rules < opened < person_read
    assert not any("people_eligibilityrules" in s for s in sql[opened:])
    assert verified.status == Status.VERIFIED and verified.version == person.version + 1
