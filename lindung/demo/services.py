"""Fill an installation with a realistic synthetic regency for demos and benchmarks."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.services import create_user, grant_role
from lindung.audit import services as audit
from lindung.lib.synth import generate_people
from lindung.people.models import EligibilityRules, Person, Status
from lindung.people.validation import CONFIRM, check_person
from lindung.regions.models import Region
from lindung.regions.services import district_exists

DEMO_PASSWORD = "lindung-demo"
BATCH = 5000

# Kukar's kecamatan split in 2021 (Permendagri 58/2021): older NIKs carry the parent's code.
OLD_DISTRICT_CODES = {"64.02.19": "64.02.08", "64.02.20": "64.02.13"}


def demo_users_plan() -> list[tuple[str, str, str, str | None]]:
    """(username, full name, role, region) for every demo login, chosen from the installation's regions."""
    regency = settings.LINDUNG_REGENCY
    villages = list(Region.objects.within(regency).villages().order_by("code").values_list("code", "name"))
    districts = list(Region.objects.within(regency).districts().order_by("code").values_list("code", "name"))
    if not villages or not districts:
        raise RuntimeError(f"Wilayah {regency} belum dimuat. Jalankan: lindung load_regions")
    district_code, district_name = districts[min(5, len(districts) - 1)]
    in_district = [v for v in villages if v[0].startswith(district_code + ".")]
    village_a = in_district[len(in_district) // 2]
    village_b = next(v for v in villages if not v[0].startswith(district_code + "."))
    return [
        ("admin", "Admin Kabupaten", Role.ADMIN, None),
        ("verifikator", "Verifikator Kabupaten", Role.VERIFIER, None),
        (f"verifikator.{_slug(district_name)}", f"Verifikator Kec. {district_name}", Role.VERIFIER, district_code),
        (f"operator.{_slug(village_a[1])}", f"Operator {village_a[1]}", Role.OPERATOR, village_a[0]),
        (f"operator.{_slug(village_b[1])}", f"Operator {village_b[1]}", Role.OPERATOR, village_b[0]),
        ("keuangan", "Bagian Keuangan", Role.FINANCE, None),
        ("auditor", "Auditor Inspektorat", Role.AUDITOR, None),
    ]


def ensure_demo_programme(*, today: date | None = None) -> dict | None:
    """A draft programme year with the regency's budget and a CSR sponsor, allocated once; None if one exists."""
    from lindung.funding.services import allocate_year, create_funder, create_sponsor_user
    from lindung.programmes.models import ProgrammeYear
    from lindung.programmes.services import create_year

    if ProgrammeYear.objects.exists():
        return None
    today = today or timezone.localdate()
    admin = get_user_model().objects.filter(username="admin").first()
    year = create_year(
        {
            "year": today.year,
            "name": "Jaminan sosial ketenagakerjaan pekerja rentan (demo)",
            "period_start": date(today.year, 1, 1),
            "months": 12,
            "covers_jkk": True,
            "covers_jkm": True,
            "covers_jht": False,
            "declared_income": 1_000_000,
            "min_age": 18,
            "max_age": 65,
            "occupations": [],
            "segments": [],
            "require_domicile": True,
            "priority_occupations": [],
        },
        by=admin,
    )
    create_funder(year, {"kind": "apbd_kab", "name": "APBD Kabupaten", "budget": 6_000_000_000}, by=admin)
    district = demo_users_plan()[2][3]
    csr = create_funder(
        year,
        {"kind": "csr", "name": "PT Contoh Sejahtera (CSR)", "budget": 500_000_000, "districts": [district]},
        by=admin,
    )
    if not get_user_model().objects.filter(username="sponsor").exists():
        create_sponsor_user(csr, "sponsor", DEMO_PASSWORD, by=admin)
    return allocate_year(year, by=admin)


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def ensure_demo_users() -> list[dict]:
    """Create the demo logins that do not exist yet; return all of them for printing."""
    User = get_user_model()
    rows = []
    for username, full_name, role, region in demo_users_plan():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = create_user(username, DEMO_PASSWORD, full_name=full_name, by=None)
            grant_role(user, role, region, by=None)
        region_name = Region.objects.get(code=region).name if region else "seluruh kabupaten"
        rows.append({"username": username, "password": DEMO_PASSWORD, "role": Role(role).label, "region": region_name})
    return rows


def generate_demo_people(size: int, *, seed: int = 2021, today: date | None = None, progress=None) -> dict:
    """Insert `size` synthetic people through the registry's validation, in batches."""
    today = today or timezone.localdate()
    villages = list(
        Region.objects.within(settings.LINDUNG_REGENCY).villages().order_by("code").values_list("code", flat=True)
    )
    village_set = frozenset(villages)
    rules = EligibilityRules.in_force(today)
    verifier = get_user_model().objects.filter(username="verifikator").first()
    taken = set(Person.objects.values_list("nik", flat=True)) if Person.objects.exists() else set()
    now = timezone.now()
    stats = {"inserted": 0, "skipped_same_nik": 0, "skipped_invalid": 0, "with_warnings": 0}
    batch: list[Person] = []

    def flush():
        with transaction.atomic():
            Person.objects.bulk_create(batch, batch_size=1000)
        batch.clear()

    for row in generate_people(size, villages=villages, seed=seed, today=today, old_district_codes=OLD_DISTRICT_CODES):
        if row.nik in taken:
            stats["skipped_same_nik"] += 1
            continue
        raw = {
            "nik": row.nik,
            "kk_number": row.kk_number,
            "name": row.name,
            "sex": row.sex,
            "birth_place": row.birth_place,
            "birth_date": row.birth_date,
            "village_code": row.village_code,
            "rt": row.rt,
            "rw": row.rw,
            "street": row.street,
            "phone": row.phone,
            "occupation": row.occupation,
            "occupation_other": row.occupation_other,
            "segment": row.segment,
            "declared_income": row.declared_income,
        }
        checked = check_person(
            raw, today=today, rules=rules, village_exists=village_set.__contains__, district_known=district_exists
        )
        errors = checked.errors
        if errors and all(p.field == "phone" for p in errors):
            # An old list's broken phone number is dropped, the person kept.
            raw["phone"] = ""
            checked = check_person(
                raw, today=today, rules=rules, village_exists=village_set.__contains__, district_known=district_exists
            )
        if checked.errors:
            stats["skipped_invalid"] += 1
            continue
        notes = checked.warnings + checked.confirmations
        status = row.status
        # An unconfirmed NIK discrepancy cannot have passed verification.
        if any(p.level == CONFIRM for p in notes) and status == Status.VERIFIED:
            status = Status.PROPOSED
        verified = status == Status.VERIFIED
        batch.append(
            Person(
                **checked.values,
                status=status,
                status_reason="Data demo: alasan contoh"
                if status in (Status.REJECTED, Status.DECEASED, Status.MOVED)
                else "",
                status_changed_at=now,
                warnings=[p.as_dict() for p in notes],
                proposed_at=now,
                verified_by=verifier if verified else None,
                verified_at=now if verified else None,
            )
        )
        taken.add(row.nik)
        stats["inserted"] += 1
        stats["with_warnings"] += bool(notes)
        if len(batch) >= BATCH:
            flush()
            if progress:
                progress(stats["inserted"], size)
    if batch:
        flush()
    if progress:
        progress(size, size)
    with transaction.atomic():
        anchor = Region.objects.get(code=settings.LINDUNG_REGENCY)
        audit.record(
            "demo.people.generated",
            anchor,
            by=None,
            region_code=anchor.code,
            data={"size": size, "seed": seed, **stats},
        )
    return stats


def ensure_demo_claims(*, today: date | None = None) -> dict:
    """A handful of benefit claims in different states, once (lindung.claims.demo)."""
    from lindung.claims.demo import create_demo_claims

    return create_demo_claims(today=today)
