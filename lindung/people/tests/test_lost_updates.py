"""Two changes made from the same reading of a worker: the first gets through, the second is told, never lost.

Real threads on a database they share (a file on SQLite, as `make run` has it;
PostgreSQL in CI), each with its own connection, released together by a barrier.
"""

import pytest

from lindung.testing.processes import ADMIN, process_db  # noqa: F401

TRIES = 6

SETUP = f"""
from datetime import date
from django.contrib.auth import get_user_model
from lindung.accounts.models import Role
from lindung.accounts.services import grant_role
from lindung.people.services import propose_person
User = get_user_model()
admin = User.objects.get(username={ADMIN!r})
verifier, made = User.objects.get_or_create(username="verifikator.proses", defaults={{"first_name": "Vera"}})
if made:
    grant_role(verifier, Role.VERIFIER, None, by=None)

def person(serial, **extra):
    data = dict(
        nik=f"6402061205800{{serial:03d}}", kk_number="", name="Ahmad Fauzi", sex="L", birth_place="Tenggarong",
        birth_date=date(1980, 5, 12), village_code="64.02.06.1010", rt="5", rw="", street="Jl. Mangkurawang",
        phone="081234567890", occupation="petani", occupation_other="", segment="", declared_income=1000000,
    )
    data.update(extra)
    return propose_person(data, by=admin)
"""


@pytest.fixture
def shared(process_db):  # noqa: F811
    def clean():
        process_db.django(
            """
            from lindung.audit.models import AuditEntry
            from lindung.dedup.models import DuplicateCandidate
            from lindung.people.models import Person
            DuplicateCandidate.objects.all().delete()
            Person.objects.update(merged_into=None)
            Person.objects.all().delete()
            AuditEntry.objects.all().delete()
            """
        )

    clean()
    yield process_db
    clean()


def test_a_verify_and_a_reject_of_the_same_proposal_through_the_api_cannot_both_succeed(shared):
    outcomes = shared.django(
        SETUP
        + f"""
import threading
from django.db import connection
from rest_framework.test import APIClient

results = []
for attempt in range({TRIES}):
    proposal = person(attempt + 1)
    start = threading.Barrier(2)
    answers = {{}}

    def call(what):
        client = APIClient()
        client.force_authenticate(verifier)
        # The version travels as HTTP says: the ETag of the GET, sent back as If-Match.
        etag = client.get(f"/api/people/{{proposal.pk}}/").get("ETag")
        body = {{"reason": "Foto KTP buram"}} if what == "reject" else {{}}
        start.wait()
        answers[what] = client.post(
            f"/api/people/{{proposal.pk}}/{{what}}/", body, format="json", HTTP_IF_MATCH=etag or ""
        ).status_code
        connection.close()

    threads = [threading.Thread(target=call, args=(w,)) for w in ("verify", "reject")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    proposal.refresh_from_db()
    results.append([answers["verify"], answers["reject"], proposal.status])
result = results
""",
        ALLOWED_HOSTS="testserver",
    )
    for verify, reject, status in outcomes:
        assert sorted([verify, reject]) == [200, 412], outcomes
        assert status == ("verified" if verify == 200 else "rejected"), outcomes


def test_an_admin_edit_and_a_verifier_merge_of_the_same_worker_end_with_one_and_a_message(shared):
    outcomes = shared.django(
        SETUP
        + f"""
import threading
from django.db import connection
from lindung.dedup.models import DuplicateCandidate
from lindung.dedup.services import merge_people
from lindung.errors import DomainError
from lindung.people.models import Person
from lindung.people.services import update_person

results = []
for attempt in range({TRIES}):
    a = person(2 * attempt + 1)
    b = person(2 * attempt + 2, name="Ahmad Fauzi", street="Jl. Lama Sekali")
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.97)
    start = threading.Barrier(2)
    answers = {{}}

    def edit():
        # The admin opened the edit form: version and values as read then.
        seen = Person.objects.get(pk=a.pk)
        raw = {{f: getattr(seen, f) for f in ("nik", "kk_number", "name", "sex", "birth_place", "birth_date", "rt",
               "rw", "phone", "occupation", "occupation_other", "segment", "declared_income")}}
        raw.update(village_code=seen.village_id, street="Jl. Baru Admin No. 7")
        start.wait()
        try:
            update_person(seen, raw, by=admin, expected_version=seen.version)
            answers["edit"] = "ok"
        except DomainError as exc:
            answers["edit"] = exc.message
        finally:
            connection.close()

    def merge():
        # The verifier opened the pair: both versions as shown, and chose the other record's street.
        shown = {{p.pk: p.version for p in Person.objects.filter(pk__in=[a.pk, b.pk])}}
        start.wait()
        try:
            merge_people(pair, by=verifier, survivor_id=a.pk, choices={{"street": "b"}}, versions=shown)
            answers["merge"] = "ok"
        except DomainError as exc:
            answers["merge"] = exc.message
        finally:
            connection.close()

    threads = [threading.Thread(target=edit), threading.Thread(target=merge)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.refresh_from_db()
    b.refresh_from_db()
    results.append([answers["edit"], answers["merge"], a.street, b.status])
result = results
""",
    )
    for edit, merge, street, other_status in outcomes:
        assert [edit, merge].count("ok") == 1, outcomes
        if edit == "ok":
            # The admin's street stands; the verifier is told the record changed under the pair.
            assert "sudah diubah oleh" in merge and street == "Jl. Baru Admin No. 7", outcomes
            assert other_status == "proposed"
        else:
            assert "sudah diubah oleh" in edit and street == "Jl. Lama Sekali", outcomes
            assert other_status == "merged"
