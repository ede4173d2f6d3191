"""Claims: the list, the claim page and the regency's claim figures, with a million people and 20,000 claims.

Builds the registry with the demo generator, then 20,000 claims spread over the regency's villages,
kinds and states (each with its checklist and a few audit entries, as the services leave them),
and requests the pages through Django's test client as logged-in users.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

from benchmarks.registry import ensure_postgres_database, fresh_sqlite, timed

RUNS = 11


def make_claims(count: int, *, seed: int = 10) -> None:
    """Claims as the services leave them, written in bulk (the services' own speed is not measured here)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from lindung.audit.models import AuditEntry
    from lindung.claims import documents as files
    from lindung.claims.models import BenefitRules, Claim, ClaimStatus, Document, DocumentState, Heir, Kind
    from lindung.funding.models import Funder
    from lindung.people.models import Person

    rng = random.Random(seed)
    admin = get_user_model().objects.get(username="admin")
    rules = BenefitRules.in_force(date(2026, 1, 1))
    funders = list(Funder.objects.all()) or [None]
    ids = list(Person.objects.values_list("id", "village_id"))
    chosen = rng.sample(ids, count)
    kinds = [Kind.JKM] * 5 + [Kind.JKK_TREATMENT] * 3 + [Kind.JKK_STMB, Kind.JKK_DEATH, Kind.SCHOLARSHIP]
    statuses = list(ClaimStatus.values)
    now = timezone.now()
    batch = []
    for i, (person_id, village_id) in enumerate(chosen):
        kind = rng.choice(kinds)
        status = rng.choice(statuses)
        covered = rng.random() < 0.9
        entitlement = 42_000_000 if kind == Kind.JKM else 70_000_000 if kind == Kind.JKK_DEATH else 3_000_000
        event = date(2022, 1, 1) + timedelta(days=rng.randrange(1700))
        batch.append(
            Claim(
                person_id=person_id,
                kind=kind,
                village_id=village_id,
                event_date=event,
                place="Tempat kejadian",
                account="Kronologi singkat.",
                school_year=event.year if kind == Kind.SCHOLARSHIP else None,
                declared_income=1_000_000,
                treatment_cost=3_000_000 if kind == Kind.JKK_TREATMENT else None,
                stmb_months=3 if kind == Kind.JKK_STMB else None,
                covered=covered,
                covered_since=date(event.year, 1, 1) if covered else None,
                coverage_reason="Terlindungi: iuran dibayar tepat waktu." if covered else "Tidak terlindungi.",
                funder=rng.choice(funders) if covered else None,
                kpj=f"{23000000000 + i}",
                months_paid=rng.randrange(1, 60),
                rules=rules,
                checks=[
                    {
                        "code": "covered",
                        "label": "Terlindungi",
                        "ok": covered,
                        "reason": "",
                        "blocks": True,
                        "unconfirmed": False,
                    }
                ],
                entitlement=entitlement if covered else 0,
                entitlement_parts=[{"label": "Santunan", "amount": entitlement}],
                status=status,
                reported_by=admin,
                reported_at=now - timedelta(days=rng.randrange(900)),
                submitted_on=event + timedelta(days=30) if status in ("submitted", "paid", "refused") else None,
                bpjs_due_on=event + timedelta(days=40) if status in ("submitted", "paid", "refused") else None,
                paid_on=event + timedelta(days=35) if status == "paid" else None,
                paid_amount=(entitlement if covered else 0) if status == "paid" else None,
            )
        )
    # Each person has one claim at most here, so the one-death-per-person rule holds.
    Claim.objects.bulk_create(batch, batch_size=2000)
    docs, heirs, audit = [], [], []
    for claim in Claim.objects.only("id", "kind", "village_id").iterator(chunk_size=5000):
        for kind in files.CHECKLIST[claim.kind]:
            docs.append(Document(claim_id=claim.pk, kind=kind, state=DocumentState.MISSING))
        heirs.append(Heir(claim_id=claim.pk, name="Ahli Waris", relation="spouse", rank=1, account_number="123"))
        for action in ("claims.claim.reported", "claims.heir.added", "claims.claim.checked"):
            audit.append(
                AuditEntry(
                    actor=admin,
                    interface="web",
                    action=action,
                    target_type="claims.claim",
                    target_id=str(claim.pk),
                    region_code=claim.village_id,
                    data={},
                )
            )
    Document.objects.bulk_create(docs, batch_size=5000)
    Heir.objects.bulk_create(heirs, batch_size=5000)
    AuditEntry.objects.bulk_create(audit, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    args = parser.parse_args()
    if not args.reuse:
        ensure_postgres_database()
        fresh_sqlite()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from lindung.claims.models import Claim
    from lindung.demo.services import ensure_demo_programme, ensure_demo_users, generate_demo_people
    from lindung.people.models import Person
    from lindung.regions.services import load_regions

    setup_test_environment()
    backend = connection.vendor
    call_command("migrate", verbosity=0)
    if not (args.reuse and Person.objects.exists()):
        load_regions()
        users = ensure_demo_users()
        started = time.perf_counter()
        generate_demo_people(args.people, seed=2021)
        ensure_demo_programme()
        print(f"[{backend}] {args.people:,} people in {time.perf_counter() - started:.0f} s", flush=True)
    users = {u["username"]: u for u in ensure_demo_users()}
    if not (args.reuse and Claim.objects.exists()):
        started = time.perf_counter()
        make_claims(args.claims)
        print(f"[{backend}] {args.claims:,} claims in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE")
    operator = next(name for name in users if name.startswith("operator."))
    sample = Claim.objects.order_by("-reported_at", "-id").first()
    district_claim = Claim.objects.in_region("64.02.06").first()
    queries = [
        ("admin", "daftar klaim, tanpa saringan", "/santunan/"),
        ("admin", "daftar klaim, status diajukan", "/santunan/?status=submitted"),
        ("admin", "daftar klaim, kecamatan + status", "/santunan/?district=64.02.06&status=paid"),
        ("admin", "daftar klaim, terlambat di BPJS", "/santunan/?waiting=terlambat"),
        ("admin", "daftar klaim, hal. 100", "/santunan/?hal=100"),
        (operator, "operator desa, daftar klaim", "/santunan/"),
        ("admin", "halaman klaim", f"/santunan/{sample.pk}/"),
        ("admin", "halaman klaim (Tenggarong)", f"/santunan/{district_claim.pk}/"),
        ("admin", "angka klaim seluruh kabupaten", "/santunan/angka/"),
        ("admin", "angka klaim, satu tahun", "/santunan/angka/?tahun=2024"),
        ("admin", "API daftar klaim", "/api/claims/"),
    ]
    clients = {}
    for username in {"admin", operator}:
        client = Client()
        client.login(username=username, password=users[username]["password"])
        clients[username] = client
    print(f"\n[{backend}] {Person.objects.count():,} people, {Claim.objects.count():,} claims")
    print(f"{'query':<38} {'median ms':>10} {'p95 ms':>8}  rows")
    for username, label, url in queries:
        client = clients[username]
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        samples = sorted(timed(lambda u=url, c=client: c.get(u)) for _ in range(RUNS))
        context = response.context or {}
        rows = context["page"].paginator.count if "page" in context else "-"
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(f"{label:<38} {statistics.median(samples):>10.1f} {p95:>8.1f}  {rows}")


if __name__ == "__main__":
    main()
