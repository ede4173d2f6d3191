"""Audit entries: written with the change or not at all, and marked with the interface the work came through."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import person_data
from lindung import cli
from lindung.audit import services as audit
from lindung.audit.context import current_interface, using_interface
from lindung.audit.models import AuditEntry
from lindung.people.models import Person
from lindung.people.services import propose_person, reveal_nik
from lindung.regions.models import Region


def test_a_failure_after_the_audit_call_takes_back_the_change_and_the_entry(cast):
    first = propose_person(person_data(), by=cast.operator_a)
    entries_before = AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        person = propose_person(person_data(name="Budi Santoso", serial=2), by=cast.operator_a)
        assert AuditEntry.objects.for_target(person).exists()
        # The workflow goes on and breaks a constraint after its audit entry was written.
        Person.objects.filter(pk=person.pk).update(nik=first.nik)
    assert list(Person.objects.all()) == [first]
    assert AuditEntry.objects.count() == entries_before


def test_an_audit_entry_that_cannot_be_written_takes_the_change_with_it(cast):
    with pytest.raises(IntegrityError), using_interface("bogus"):
        propose_person(person_data(), by=cast.operator_a)
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(target_type="people.person").exists()


def test_record_outside_a_transaction_raises(django_db_blocker):
    with django_db_blocker.unblock():
        with pytest.raises(RuntimeError, match="inside the transaction"):
            audit.record("regions.region.touched", Region(code="64.02"), by=None)
        assert not AuditEntry.objects.filter(action="regions.region.touched").exists()


def test_record_inside_a_transaction_writes_one_entry(db):
    with transaction.atomic():
        entry = audit.record("regions.region.touched", Region(code="64.02"), by=None, data={"n": 1})
    assert (entry.target_type, entry.target_id, entry.interface, entry.data) == (
        "regions.region",
        "64.02",
        "system",
        {"n": 1},
    )


def test_pages_are_audited_as_web(client, cast, make_person):
    person = make_person()
    client.force_login(cast.operator_a)
    client.post(reverse("people:person-reveal-nik", kwargs={"pk": person.pk}))
    assert AuditEntry.objects.get(action="people.person.nik_viewed").interface == "web"


def test_the_api_is_audited_as_api(client, cast, make_person):
    person = make_person()
    client.force_login(cast.operator_a)
    client.post(reverse("person-reveal-nik", kwargs={"pk": person.pk}))
    assert AuditEntry.objects.get(action="people.person.nik_viewed").interface == "api"


def test_the_lindung_command_is_audited_as_cli(db, capsys):
    # Every management command closes the database connections when it ends, which on PostgreSQL
    # ends the test's transaction too; so the command itself reports what it wrote.
    code = (
        "from lindung.accounts.services import create_user; "
        "from lindung.audit.models import AuditEntry; "
        "user = create_user('dari.cli', 'sandi-uji-123', by=None); "
        "entry = AuditEntry.objects.get(action='accounts.user.created', target_id=str(user.pk)); "
        "print('audit', entry.interface, entry.data['username'])"
    )
    assert cli.main(["lindung", "shell", "--command", code]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "audit cli dari.cli"
    assert current_interface() == "system"


def test_work_outside_any_interface_is_audited_as_system(cast, make_person):
    person = make_person()
    reveal_nik(person, by=cast.operator_a)
    assert AuditEntry.objects.get(action="people.person.nik_viewed").interface == "system"


def test_the_interface_is_restored_after_a_request(client, cast):
    client.force_login(cast.operator_a)
    client.get(reverse("people:person-list"))
    assert current_interface() == "system"
