"""Funding: allocation of N eligible people over ~500 funders, and the decree list as XLSX and PDF.

Builds a fresh database: N verified synthetic people (lindung.lib.synth, inserted in
bulk without the registry's per-row checks, which `benchmarks.registry` measures),
one programme year with every village's fund, ~260 CSR sponsors with district,
village, occupation and month restrictions, the provincial and the regency budget;
then runs the same `allocate_year` the page and `lindung allocate` use. A fifth of the
sponsors (drawn apart, so the funders are otherwise those of earlier sessions) allow
splitting. It prints how many people are covered for a funder's whole period, for all 12
months, for at least the 6 months BPJS counts fully, and how many people BPJS's 6-month rule
counts. (The comparison with the previous person-month objective, which settled issue 9, used
that solver as it was: `git show 8249651^:lindung/funding/allocation.py`.) A second year funds exactly D people from one
budget and prints its decree list.

`--pure` skips the database: it builds the same people (same generator, seed and
eligibility rules), the same funders (same random draws, the same refusal of a
restriction nobody meets) in memory, and times only `lindung.funding.allocation.allocate`.
"""

import argparse
import os
import random
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")

import django

from benchmarks.registry import ensure_postgres_database, fresh_sqlite


def insert_people(n: int) -> int:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from lindung.lib.names import name_key
    from lindung.lib.synth import generate_people
    from lindung.people.models import Occupation, Person, Segment, Status
    from lindung.regions.models import Region

    villages = list(
        Region.objects.within(settings.LINDUNG_REGENCY).villages().order_by("code").values_list("code", flat=True)
    )
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            # Set-up only: a large page cache keeps the registry's ten indexes in memory while it fills.
            cur.execute("PRAGMA cache_size = -1000000")
    occupations, segments = set(Occupation.values), set(Segment.values)
    seen: set[str] = set()
    batch: list[Person] = []
    start = timezone.now()
    inserted = 0
    for i, row in enumerate(
        generate_people(int(n * 1.05), villages=villages, seed=2021, defect_rate=0, duplicate_rate=0)
    ):
        if inserted + len(batch) >= n:
            break
        if row.nik in seen or row.occupation not in occupations or row.segment not in segments:
            continue
        seen.add(row.nik)
        batch.append(
            Person(
                nik=row.nik,
                kk_number=row.kk_number,
                name=row.name,
                name_key=name_key(row.name),
                sex=row.sex,
                birth_place=row.birth_place,
                birth_date=row.birth_date,
                village_id=row.village_code,
                rt=row.rt,
                rw=row.rw,
                street=row.street,
                phone=row.phone,
                occupation=row.occupation,
                occupation_other=row.occupation_other,
                segment=row.segment,
                declared_income=1_000_000,
                status=Status.VERIFIED,
                proposed_at=start + timezone.timedelta(seconds=i),
            )
        )
        if len(batch) == 20_000:
            with transaction.atomic():
                Person.objects.bulk_create(batch, batch_size=5_000)
            inserted += len(batch)
            batch.clear()
    with transaction.atomic():
        Person.objects.bulk_create(batch, batch_size=5_000)
    return inserted + len(batch)


def make_funders(year, rng: random.Random, people: int, split_rng: random.Random) -> int:
    from django.conf import settings

    from lindung.errors import DomainError
    from lindung.funding.models import Funder
    from lindung.funding.services import create_funder
    from lindung.people.models import Occupation
    from lindung.regions.models import Region

    villages = list(Region.objects.within(settings.LINDUNG_REGENCY).villages().values_list("code", flat=True))
    districts = list(Region.objects.within(settings.LINDUNG_REGENCY).districts().values_list("code", flat=True))
    person_year = year.monthly_cost() * year.months
    per_village = max(1, people // len(villages))
    occupations = [o for o in Occupation.values if o != "lainnya"]
    for code in sorted(villages):
        # A village fund pays for a slice of its own village's workers.
        create_funder(
            year,
            {
                "kind": "dana_desa",
                "name": f"Dana Desa {code}",
                "village": code,
                "budget": person_year * max(1, int(per_village * rng.uniform(0.02, 0.12))),
            },
            by=None,
        )
    sponsors = 500 - 2 - len(villages)
    k = 0
    while k < sponsors:
        first = rng.randint(1, 6)
        last = rng.choice([12, 12, first + 5])
        data = {
            "kind": rng.choice(["csr", "csr", "csr", "gn_lingkaran", "donor"]),
            "name": f"Sponsor {k:03d}",
            "first_month": first,
            "last_month": min(12, last),
            "budget": year.monthly_cost() * (min(12, last) - first + 1) * rng.randint(20, 2_000),
            "allow_split": split_rng.random() < 0.2,
        }
        if rng.random() < 0.5:
            data["districts"] = rng.sample(districts, rng.randint(1, 3))
        else:
            data["villages"] = rng.sample(villages, rng.randint(1, 5))
        if rng.random() < 0.4:
            data["occupations"] = rng.sample(occupations, rng.randint(1, 4))
        try:
            create_funder(year, data, by=None)
        except DomainError:
            continue  # a restriction nobody meets is refused, as it should be: draw another sponsor
        k += 1
    create_funder(
        year,
        {
            "kind": "apbd_prov",
            "name": "APBD Provinsi",
            "occupations": ["nelayan", "petani", "pekebun"],
            "budget": person_year * people // 10,
        },
        by=None,
    )
    create_funder(
        year, {"kind": "apbd_kab", "name": "APBD Kabupaten", "budget": person_year * people * 4 // 10}, by=None
    )
    return Funder.objects.filter(programme_year=year).count()


def stored_cover_figures(year, eligible: int) -> dict:
    """`cover_figures` of the rows `allocate_year` stored."""
    import numpy as np

    from lindung.funding.models import Allocation, Outcome

    rows = Allocation.objects.filter(programme_year=year, funder__isnull=False).values_list(
        "person_id", "months_mask", "outcome", "amount"
    )
    person, mask, outcome, amount = zip(*rows.iterator(chunk_size=50_000), strict=True) if rows.exists() else ((),) * 4
    _, index = np.unique(np.array(person, dtype=np.int64), return_inverse=True)
    whole = np.array([o == Outcome.FUNDED for o in outcome], dtype=bool)
    return cover_figures(eligible, index, np.array(mask, dtype=np.int64), whole, int(sum(amount)))


def year_data(y: int) -> dict:
    return {
        "year": y,
        "name": "Benchmark",
        "period_start": date(y, 1, 1),
        "months": 12,
        "covers_jkk": True,
        "covers_jkm": True,
        "covers_jht": False,
        "declared_income": 1_000_000,
        "min_age": 15,
        "max_age": 70,
        "occupations": [],
        "segments": [],
        "require_domicile": True,
        "priority_occupations": ["nelayan", "petani", "buruh_harian_lepas"],
    }


def pure_inputs(n: int) -> tuple[list[int], list[tuple[str, str]], list, int]:
    """The benchmark's people and funders without a database, as `allocate_year` hands them to the solver."""
    import csv
    from pathlib import Path

    from django.conf import settings

    from lindung.funding.models import DEFAULT_RANK, Funder
    from lindung.lib.synth import generate_people
    from lindung.people.models import Occupation, Segment

    regency = settings.LINDUNG_REGENCY
    with (Path(settings.BASE_DIR) / "data" / "wilayah_id.csv").open(encoding="utf-8") as fh:
        codes = [r["code"] for r in csv.DictReader(fh) if r["code"].startswith(regency + ".")]
    villages = sorted(c for c in codes if len(c) == 13)
    districts = sorted(c for c in codes if len(c) == 8)
    data = year_data(2025)
    start = data["period_start"]
    oldest, youngest = (
        start.replace(year=start.year - data["max_age"] - 1),
        start.replace(year=start.year - data["min_age"]),
    )
    occupations, segments = set(Occupation.values), set(Segment.values)
    seen: set[str] = set()
    people: list[tuple[str, str, int]] = []  # village, occupation, proposal order
    inserted = 0
    for i, row in enumerate(
        generate_people(int(n * 1.05), villages=villages, seed=2021, defect_rate=0, duplicate_rate=0)
    ):
        if inserted >= n:
            break
        if row.nik in seen or row.occupation not in occupations or row.segment not in segments:
            continue
        seen.add(row.nik)
        inserted += 1
        if oldest < row.birth_date <= youngest:  # eligible_people: aged 15-70 on the first day
            people.append((row.village_code, row.occupation, i))
    rank = {occ: k for k, occ in enumerate(data["priority_occupations"])}
    people.sort(key=lambda p: (rank.get(p[1], len(rank)), p[2]))
    present = {(v, o) for v, o, _ in people}
    present_places = {v for v, _ in present} | {v[:8] for v, _ in present}

    cost = 16_800  # 2025 lies outside the PP 50/2025 window, so every funder pays the full rate
    rng = random.Random(7)
    split_rng = random.Random(8)
    person_year = cost * 12
    per_village = max(1, inserted // len(villages))
    funders: list[Funder] = []

    def add(**kw) -> None:
        funders.append(Funder(rank=DEFAULT_RANK[kw["kind"]], first_month=kw.pop("first_month", 1), **kw))

    for code in villages:
        add(
            kind="dana_desa",
            name=code,
            village_id=code,
            budget=person_year * max(1, int(per_village * rng.uniform(0.02, 0.12))),
        )
    occupation_choices = [o for o in Occupation.values if o != "lainnya"]
    k = 0
    while k < 500 - 2 - len(villages):
        first = rng.randint(1, 6)
        last = rng.choice([12, 12, first + 5])
        kw = {
            "kind": rng.choice(["csr", "csr", "csr", "gn_lingkaran", "donor"]),
            "first_month": first,
            "last_month": min(12, last),
            "budget": cost * (min(12, last) - first + 1) * rng.randint(20, 2_000),
            "allow_split": split_rng.random() < 0.2,
        }
        if rng.random() < 0.5:
            kw["districts"] = rng.sample(districts, rng.randint(1, 3))
        else:
            kw["villages"] = rng.sample(villages, rng.randint(1, 5))
        if rng.random() < 0.4:
            kw["occupations"] = rng.sample(occupation_choices, rng.randint(1, 4))
        places = kw.get("districts") or kw.get("villages")
        occs = kw.get("occupations")
        # create_funder refuses a place with no eligible person (of the chosen occupations): draw again.
        if occs:
            ok = all(
                any((v, o) in present for v in villages if v == p or v.startswith(p + ".") for o in occs)
                for p in places
            )
        else:
            ok = all(p in present_places for p in places)
        if not ok:
            continue
        add(name=f"Sponsor {k:03d}", **kw)
        k += 1
    add(
        kind="apbd_prov",
        name="APBD Provinsi",
        occupations=["nelayan", "petani", "pekebun"],
        budget=person_year * inserted // 10,
    )
    add(kind="apbd_kab", name="APBD Kabupaten", budget=person_year * inserted * 4 // 10)
    funders = [f for _, f in sorted(enumerate(funders), key=lambda x: (x[1].rank, x[0]))]

    type_index: dict[tuple[str, str], int] = {}
    person_types = [type_index.setdefault((v, o), len(type_index)) for v, o, _ in people]
    specs = [solver_spec(f, cost) for f in funders]
    return person_types, list(type_index), specs, inserted


def solver_spec(f, cost: int):
    from lindung.funding.allocation import FunderSpec

    return FunderSpec(
        key=int(f.is_government),  # read by --discount: public money never gets the PP 50/2025 cut
        budget=f.budget,
        monthly_cost=cost,
        first_month=f.first_month,
        last_month=f.last_month or 12,
        accepts=lambda key, f=f: f.accepts(key[0], key[1]),
        allow_split=f.allow_split,
    )


def with_discount(specs: list, government: list[int], type_keys: list) -> tuple[list, list[int]]:
    """The same inputs priced as in 2026 under PP 50/2025: sponsors pay half for ojek all year and for
    everyone else from April; public money (APBD, village funds) pays in full."""
    from dataclasses import replace

    full, cut = 16_800, 8_400
    sponsor = ((full,) * 3 + (cut,) * 9, (cut,) * 12)
    specs = [s if public else replace(s, prices=sponsor) for s, public in zip(specs, government, strict=True)]
    return specs, [int(occupation == "ojek") for _, occupation in type_keys]


def pure(n: int, discount: bool = False) -> None:
    from lindung.funding.allocation import allocate

    started = time.perf_counter()
    person_types, type_keys, specs, inserted = pure_inputs(n)
    type_class = None
    if discount:
        specs, type_class = with_discount(specs, [s.key for s in specs], type_keys)
        print("[pure] 2026 prices: sponsors pay PP 50/2025 rates (ojek all year, others from April)")
    print(
        f"[pure] {inserted:,} people generated, {len(person_types):,} eligible, {len(specs)} funders, "
        f"{len(type_keys):,} types in {time.perf_counter() - started:.1f} s (set-up, not timed)"
    )
    started = time.perf_counter()
    result = allocate(person_types, type_keys, specs, 12, type_class=type_class, min_months=6)
    elapsed = time.perf_counter() - started
    over = sum(1 for s, f in zip(result.spent, specs, strict=True) if s > f.budget)
    print(
        f"allocation (solver only) of {len(person_types):,} eligible over {len(specs)} funders: {elapsed:.1f} s; "
        f"{result.people_whole:,} people covered for a whole period, {result.stats['people_split']:,} split, "
        f"{result.person_months:,} person-months, Rp {sum(result.spent):,}; funders over budget: {over}; "
        f"stats {result.stats}"
    )
    print_cover(cover_figures(len(person_types), result.person, result.mask, result.whole, sum(result.spent)))


def cover_figures(n_people: int, person, mask, whole, spent: int) -> dict:
    """What an allocation protects: people by months covered, and as BPJS's 6-month rule counts them."""
    import numpy as np

    months = np.bincount(person, weights=np.bitwise_count(mask), minlength=n_people) if len(person) else np.zeros(1)
    return {
        "people covered": int((months > 0).sum()),
        "covered for a whole funder period, by one funder": int(np.unique(person[whole]).size),
        "covered all 12 months": int((months == 12).sum()),
        "covered 6 months or more (BPJS counts them fully)": int((months >= 6).sum()),
        "people BPJS counts (6-month rule, proportional below)": round(float(np.minimum(months, 6).sum() / 6)),
        "person-months": int(months.sum()),
        "rupiah spent": spent,
    }


def print_cover(figures: dict) -> None:
    print("what the allocation protects:")
    for label, value in figures.items():
        print(f"  {label:56} {value:>20,}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--decree", type=int, default=52_000)
    parser.add_argument("--pure", action="store_true", help="time only the solver on inputs built in memory")
    parser.add_argument(
        "--discount", action="store_true", help="with --pure: 2026 prices (PP 50/2025 for sponsors, by sector)"
    )
    args = parser.parse_args()
    if args.pure:
        django.setup()
        pure(args.people, discount=args.discount)
        return
    ensure_postgres_database()
    fresh_sqlite()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lindung.funding import exports
    from lindung.funding.models import Allocation, Funder
    from lindung.funding.services import allocate_year, allocation_message
    from lindung.programmes.services import create_year
    from lindung.regions.services import load_regions

    backend = connection.vendor
    call_command("migrate", verbosity=0)
    load_regions()
    started = time.perf_counter()
    n = insert_people(args.people)
    if backend == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    print(f"[{backend}] {n:,} verified people inserted in {time.perf_counter() - started:.1f} s (set-up, not timed)")

    year = create_year(year_data(2025), by=None)
    started = time.perf_counter()
    funders = make_funders(year, random.Random(7), n, random.Random(8))
    print(f"{funders} funders entered through create_funder (each validated) in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    summary = allocate_year(year, by=None)
    elapsed = time.perf_counter() - started
    s = summary["seconds"]
    print(
        f"allocation of {summary['eligible']:,} eligible over {funders} funders: {elapsed:.1f} s "
        f"(load+sort {s['load']} s, solve {s['solve']} s, write {s['write']} s; "
        f"{summary['solver']['types']} types, {summary['solver']['searches']} path searches, "
        f"{summary['solver']['augmented']} re-routes)"
    )
    print("  " + allocation_message(summary))
    over = [
        f
        for f in Funder.objects.filter(programme_year=year)
        if sum(Allocation.objects.filter(funder=f).values_list("amount", flat=True)) > f.budget
    ]
    print(f"  funders over budget: {len(over)}")
    print_cover(stored_cover_figures(year, summary["eligible"]))

    decree_year = create_year({**year_data(2024), "priority_occupations": []}, by=None)
    decree_funder_budget = decree_year.monthly_cost() * 12 * args.decree
    from lindung.funding.services import create_funder

    funder = create_funder(
        decree_year, {"kind": "apbd_kab", "name": "APBD Kabupaten", "budget": decree_funder_budget}, by=None
    )
    allocate_year(decree_year, by=None)
    for label, fn in (("XLSX", exports.decree_xlsx), ("PDF", exports.decree_pdf)):
        started = time.perf_counter()
        content, count = fn(funder, full_nik=True)
        seconds = time.perf_counter() - started
        print(f"decree list {label}: {count:,} people, {len(content) / 1e6:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
