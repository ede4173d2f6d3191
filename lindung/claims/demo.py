"""A handful of demo claims in different states, made through the same services as the pages."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lindung.claims import services
from lindung.claims.eligibility import coverage_at
from lindung.claims.models import Claim, DocumentState, Kind
from lindung.people.models import Person, Status

# A one-page PDF that says it is a demo scan; real files come from the village.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 20 50 Td (Dokumen demo) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _user(name: str):
    return get_user_model().objects.filter(username=name).first()


def _documents(claim: Claim, by) -> None:
    for doc in claim.documents.filter(state=DocumentState.MISSING):
        services.upload_document(claim, kind=doc.kind, uploaded=SimpleUploadedFile(f"{doc.kind}.pdf", DEMO_PDF), by=by)


def _pick(people, days, *, covered: bool, gap: bool, skip, today: date):
    """The first person and day whose coverage is as asked (a gap: enrolled, yet not covered that day)."""
    for day in days:
        for person in people:
            if person.pk in skip or not services.registered_on(person) <= day <= today:
                continue
            answer = coverage_at(person, day)
            if answer.covered == covered and (not gap or answer.membership is not None):
                return person, day
    return None, None


def create_demo_claims(*, today: date | None = None) -> dict:
    """Create the demo claims once; say which ones could use a real cover and which could not."""
    from lindung.demo.services import demo_users_plan

    if Claim.objects.exists():
        return {"created": 0, "notes": []}
    today = today or timezone.localdate()
    plan = demo_users_plan()
    operator, other_operator = _user(plan[3][0]), _user(plan[4][0])
    verifier, admin = _user("verifikator"), _user("admin")
    village, other_village = plan[3][3], plan[4][3]
    notes: list[str] = []
    verified = Person.objects.filter(status=Status.VERIFIED).order_by("id")
    # The operators' villages first, then people enrolled in an earlier year (the coverage demo's history),
    # then anyone: a small demo registry may leave the villages nearly empty. Outside the operators'
    # villages the admin reports, as the labour office may anywhere.
    enrolled = list(verified.filter(memberships__isnull=False).distinct()[:60])
    rest = enrolled + list(verified.exclude(village_id__in=[village, other_village])[:40])
    pool = list(verified.filter(village_id=village)[:40]) + rest
    other_pool = list(verified.filter(village_id=other_village)[:20]) + rest
    last = today.year - 1
    covered_days = [today, date(last, 5, 15), date(last, 11, 20)]
    gap_days = [date(last, 8, 10), today]
    used: set[int] = set()

    def reporter(person, usual):
        return usual if person.village_id in (village, other_village) else admin

    def choose(pool_, *, covered: bool, gap: bool = False, back: int = 0):
        person, day = _pick(pool_, gap_days if gap else covered_days, covered=covered, gap=gap, skip=used, today=today)
        if person is None:
            what = "celah perlindungan" if gap else ("terlindungi" if covered else "tidak terlindungi")
            notes.append(f"Tidak ada pekerja demo yang {what}; klaimnya dibuat pada pekerja yang ada.")
            person = next((p for p in pool_ if p.pk not in used), None)
            if person is None:
                raise RuntimeError("Registri demo terlalu kecil untuk klaim demo.")
            day = max(services.registered_on(person), today - timedelta(days=back))
        used.add(person.pk)
        return person, day

    # 1. A JKM death walked to payment (or refused as not eligible when nobody is covered).
    jkm_person, jkm_day = choose(pool, covered=True, back=20)
    jkm = services.report_claim(
        jkm_person,
        kind=Kind.JKM,
        event_date=jkm_day,
        place="Sungai Mahakam",
        account="Perahu terbalik saat menjala ikan; jenazah ditemukan warga keesokan harinya.",
        by=reporter(jkm_person, operator),
    )
    jkm_by = reporter(jkm_person, operator)
    services.add_heir(
        jkm, name="Siti Rahmah", relation="spouse", bank_name="Bankaltimtara", account_number="0012345678", by=jkm_by
    )
    services.add_heir(jkm, name="Rudi Hartono", relation="child", by=jkm_by)
    if jkm.entitlement > 0:
        services.check_claim(jkm, eligible=True, by=verifier)
        _documents(jkm, jkm_by)
        services.recommend_claim(jkm, by=verifier)
        services.record_submission(jkm, on=today, receipt="TT/JKM/2026/0001", by=verifier)
        services.record_payment(jkm, on=today, amount=jkm.entitlement, by=admin)
    else:
        services.check_claim(jkm, eligible=False, reason="Tidak terlindungi pada tanggal peristiwa.", by=verifier)

    # 2. The scholarship that follows it, for two children.
    scholarship = services.report_claim(
        jkm_person,
        kind=Kind.SCHOLARSHIP,
        event_date=jkm.event_date,
        place=jkm.place,
        account="Beasiswa untuk dua anak almarhum.",
        follows=jkm,
        by=jkm_by,
    )
    services.add_child(scholarship, name="Nur Aisyah", birth_date=date(2013, 4, 2), level="SMP", grade=1, by=jkm_by)
    services.add_child(scholarship, name="Rudi Hartono", birth_date=date(2018, 9, 15), level="SD", grade=2, by=jkm_by)
    services.add_heir(
        scholarship,
        name="Siti Rahmah",
        relation="spouse",
        bank_name="Bankaltimtara",
        account_number="0012345678",
        account_holder="Siti Rahmah (wali)",
        by=jkm_by,
    )

    # 3. A death inside a coverage gap: recorded with the ledger's reason, because families ask.
    gap_person, gap_day = choose(pool, covered=False, gap=True, back=5)
    services.report_claim(
        gap_person,
        kind=Kind.JKM,
        event_date=gap_day,
        place="Rumah, RT 03",
        account="Meninggal mendadak di rumah.",
        by=reporter(gap_person, operator),
    )

    # 4. A work accident being treated, reported in another village.
    accident_person, accident_day = choose(other_pool, covered=True, back=1)
    services.report_claim(
        accident_person,
        kind=Kind.JKK_TREATMENT,
        event_date=accident_day,
        place="Kebun sawit, Blok C",
        account="Tangan tertebas parang saat memanen; dibawa ke puskesmas.",
        treatment_cost=3_750_000,
        by=reporter(accident_person, other_operator),
    )

    # 5. A fall from a roof with an inability to work, checked and waiting for documents.
    stmb_person, stmb_day = choose(pool, covered=True, back=3)
    stmb = services.report_claim(
        stmb_person,
        kind=Kind.JKK_STMB,
        event_date=stmb_day,
        place="Proyek rumah warga",
        account="Jatuh dari atap saat memasang seng; patah kaki.",
        stmb_months=2,
        by=reporter(stmb_person, operator),
    )
    if stmb.entitlement > 0:
        services.check_claim(stmb, eligible=True, by=verifier)
    return {"created": Claim.objects.count(), "notes": notes}
