from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command

from lindung.accounts.scoping import scope_of
from lindung.demo.services import DEMO_PASSWORD, ensure_demo_users, generate_demo_people
from lindung.lib.nik import parse_nik
from lindung.people.models import Person, Status


def test_demo_people_pass_the_registry_rules_and_live_in_the_regency(db):
    stats = generate_demo_people(400, seed=7, today=date(2026, 11, 24))
    people = list(Person.objects.all())
    assert len(people) == stats["inserted"] >= 390
    assert all(p.village_id.startswith("64.02.") for p in people)
    for p in people:
        info = parse_nik(p.nik, today=date(2026, 11, 24))
        if not p.warnings:
            assert info.sex == p.sex
    assert {p.status for p in people} >= {Status.VERIFIED, Status.PROPOSED}


def test_unconfirmed_nik_discrepancy_is_never_stored_as_verified(db):
    generate_demo_people(3000, seed=11, today=date(2026, 11, 24))
    mismatched = [p for p in Person.objects.all() if any(w["level"] == "confirm" for w in p.warnings)]
    assert mismatched, "the generator injects NIK/birth-date mismatches"
    assert all(p.status != Status.VERIFIED for p in mismatched)


def test_demo_generation_is_deterministic(db):
    generate_demo_people(200, seed=3, today=date(2026, 11, 24))
    first = list(Person.objects.order_by("nik").values_list("nik", "name", "village_id"))
    Person.objects.all().delete()
    generate_demo_people(200, seed=3, today=date(2026, 11, 24))
    assert list(Person.objects.order_by("nik").values_list("nik", "name", "village_id")) == first


def test_demo_users_cover_every_role_and_log_in(db, client):
    rows = ensure_demo_users()
    assert {r["role"] for r in rows} == {"Admin kabupaten", "Verifikator", "Operator desa", "Keuangan", "Auditor"}
    again = ensure_demo_users()
    assert [r["username"] for r in again] == [r["username"] for r in rows]
    User = get_user_model()
    assert User.objects.count() == len(rows)
    operator = next(r["username"] for r in rows if r["role"] == "Operator desa")
    assert client.login(username=operator, password=DEMO_PASSWORD)
    codes = scope_of(User.objects.get(username=operator)).region_codes()
    assert codes and all(len(c) == 13 for c in codes)


def test_setup_demo_fills_an_empty_registry_once(db, capsys):
    call_command("setup_demo", size=150)
    count = Person.objects.count()
    assert 140 <= count <= 150
    out = capsys.readouterr().out
    assert "admin" in out and DEMO_PASSWORD in out
    call_command("setup_demo", size=150)
    assert Person.objects.count() == count
