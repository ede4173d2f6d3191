"""Claim workflows: report, heirs and children, documents, and each step from the labour office to BPJS."""

from datetime import date, time

import holidays as holiday_calendars
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.claims import documents as files
from lindung.claims.eligibility import Facts, assess, coverage_at
from lindung.claims.models import (
    DEATH_KINDS,
    RELATION_RANK,
    BenefitRules,
    Child,
    Claim,
    ClaimStatus,
    Document,
    DocumentState,
    Heir,
    Kind,
    Relation,
    SchoolLevel,
)
from lindung.errors import DomainError
from lindung.lib import benefits
from lindung.lib.formatting import age_on, rupiah, tanggal
from lindung.people.models import Person, Status

# Reference lists whose match means the worker holds another BPJS Ketenagakerjaan membership.
OTHER_MEMBERSHIP_LISTS = ("bpjs_active", "employee", "other_funder", "gn_lingkaran")

# What to do next, for a step asked of a claim in the wrong state.
NEXT_STEP = {
    ClaimStatus.REPORTED: "Klaim baru dilaporkan: Dinas harus memeriksanya dulu.",
    ClaimStatus.CHECKED: "Klaim sudah diperiksa: lengkapi berkas lalu rekomendasikan ke BPJS.",
    ClaimStatus.NOT_ELIGIBLE: "Klaim dinyatakan tidak memenuhi syarat; tidak ada langkah lanjutan.",
    ClaimStatus.RECOMMENDED: "Sudah direkomendasikan: catat pengajuan ahli waris ke BPJS (tanggal, nomor tanda terima).",  # noqa: E501
    ClaimStatus.SUBMITTED: "Klaim sudah diajukan ke BPJS: catat pembayaran atau penolakan BPJS.",
    ClaimStatus.PAID: "Klaim sudah dibayar; tidak ada langkah lanjutan.",
    ClaimStatus.REFUSED: "Klaim ditolak BPJS; tidak ada langkah lanjutan.",
}


class WrongStep(DomainError):
    pass


def _require_status(claim: Claim, *expected: str, step: str) -> None:
    if claim.status not in expected:
        raise WrongStep(f"Tidak dapat {step}: status klaim “{claim.get_status_display()}”. {NEXT_STEP[claim.status]}")


def _require(by, action: str, claim_or_village) -> None:
    village = claim_or_village if isinstance(claim_or_village, str) else claim_or_village.village_id
    if not scope_of(by).can(action, village):
        if action == Action.PROPOSE:
            raise PermissionDenied("Pekerja ini di luar wilayah Anda: klaimnya diurus operator desanya atau Dinas.")
        raise PermissionDenied("Langkah ini dilakukan Dinas (admin atau verifikator wilayah klaim).")


def _locked(claim: Claim) -> Claim:
    # Lock the claim row only: `follows` is an outer join, which PostgreSQL cannot lock.
    return Claim.objects.select_for_update(of=("self",)).select_related("person", "rules", "follows").get(pk=claim.pk)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def working_holidays(start: date) -> holiday_calendars.HolidayBase:
    """Indonesian public holidays from the maintained `holidays` calendar, for the years a deadline may span."""
    return holiday_calendars.country_holidays("ID", years=range(start.year, start.year + 2))


def bpjs_due_on(claim: Claim, submitted_on: date) -> date:
    """BPJS must pay within its working days of complete documents (PP 44/2015 Pasal 37)."""
    days = claim.rules.bpjs_pay_working_days
    return benefits.add_working_days(submitted_on, days, holidays=working_holidays(submitted_on).keys())


def registered_on(person: Person) -> date:
    """When the worker entered the programme: their registry entry, or an earlier BPJS membership (older data)."""
    from lindung.enrolment.models import Membership

    days = [timezone.localtime(person.proposed_at or person.created_at).date()]
    for start, period_start in Membership.objects.filter(person=person).values_list(
        "bpjs_start_date", "programme_year__period_start"
    ):
        days.append(start or period_start)
    return min(days)


# -- assessment --------------------------------------------------------------------------------


def _facts(claim: Claim, children=None) -> Facts:
    if children is None:
        children = [c.as_pure() for c in claim.children.all()] if claim.pk else []
    return Facts(
        kind=claim.kind,
        event_date=claim.event_date,
        event_time=claim.event_time,
        reported_at=timezone.localtime(claim.reported_at),
        income=claim.declared_income,
        treatment_cost=claim.treatment_cost,
        stmb_months=claim.stmb_months,
        disability_percent=claim.disability_percent,
        children=tuple(children),
        school_year=claim.school_year,
        follows_kind=claim.follows.kind if claim.follows_id else None,
        follows_percent=claim.follows.disability_percent if claim.follows_id else None,
    )


def _apply_assessment(claim: Claim, children=None) -> None:
    answer = coverage_at(claim.person, claim.event_date)
    claim.covered = bool(answer.covered)
    claim.covered_since = answer.since
    claim.coverage_reason = answer.reason or ""
    claim.membership = answer.membership
    claim.funder = answer.funder
    claim.kpj = answer.kpj or ""
    claim.months_paid = answer.months_paid or 0
    result = assess(_facts(claim, children), coverage=answer, rules=claim.rules)
    claim.checks = [c.as_dict() for c in result.checks]
    claim.entitlement = result.entitlement.total
    claim.entitlement_parts = result.parts + [{"label": n, "amount": None} for n in result.notes]


def _other_memberships(person: Person) -> list[dict]:
    from lindung.dedup.models import PersonFlag

    flags = (
        PersonFlag.objects.active()
        .filter(person=person, reference_list__kind__in=OTHER_MEMBERSHIP_LISTS)
        .select_related("reference_list")
    )
    return [
        {"list": f.reference_list.name, "kind": f.reference_list.kind, "reason": f.reason, "flag": f.pk} for f in flags
    ]


# -- report ------------------------------------------------------------------------------------


def _check_inputs(kind: str, *, treatment_cost, stmb_months, disability_percent, follows, person) -> None:
    if kind == Kind.JKK_TREATMENT and not (treatment_cost and treatment_cost > 0):
        raise DomainError("Isi biaya pengobatan dan perawatan (Rp) sesuai kuitansi.")
    if kind == Kind.JKK_STMB and not (stmb_months and stmb_months > 0):
        raise DomainError("Isi lama tidak mampu bekerja dalam bulan (menurut surat dokter).")
    if kind == Kind.JKK_DISABILITY and not (disability_percent and 1 <= disability_percent <= 100):
        raise DomainError("Isi persen cacat 1–100 menurut surat dokter (100 untuk cacat total tetap).")
    if kind == Kind.SCHOLARSHIP:
        if follows is None:
            raise DomainError("Beasiswa menyusul klaim kematian atau cacat total tetap: pilih klaim asalnya.")
        if follows.person_id != person.pk:
            raise DomainError("Klaim asal beasiswa harus klaim pekerja yang sama.")


def _refuse_second_death(person: Person, kind: str) -> None:
    if kind not in DEATH_KINDS:
        return
    other = (
        Claim.objects.filter(person=person, kind__in=DEATH_KINDS)
        .exclude(status__in=[ClaimStatus.NOT_ELIGIBLE, ClaimStatus.REFUSED])
        .first()
    )
    if other is not None:
        raise DomainError(
            f"Kematian {person.name} sudah dilaporkan sebagai klaim #{other.pk} "
            f"({other.get_kind_display()}, status “{other.get_status_display()}”). Satu kematian, satu klaim."
        )


@transaction.atomic
def report_claim(
    person: Person,
    *,
    kind: str,
    event_date: date,
    place: str,
    account: str,
    by,
    event_time: time | None = None,
    treatment_cost: int | None = None,
    stmb_months: int | None = None,
    disability_percent: int | None = None,
    follows: Claim | None = None,
    school_year: int | None = None,
    today: date | None = None,
) -> Claim:
    """Record a claim for a registered worker, with coverage and the amount the rules give on the event's day."""
    _require(by, Action.PROPOSE, person.village_id)
    today = _today(today)
    if kind not in Kind.values:
        raise DomainError("Jenis klaim tidak dikenal.")
    if person.status == Status.MERGED:
        raise DomainError("Data ini sudah digabung ke data lain: laporkan klaim pada data yang berlaku.")
    if kind == Kind.SCHOLARSHIP and follows is not None:
        event_date = follows.event_date
    if event_date is None:
        raise DomainError("Isi tanggal peristiwa.")
    if event_date > today:
        raise DomainError(f"Tanggal peristiwa {tanggal(event_date)} belum terjadi: periksa tanggalnya.")
    registered = registered_on(person)
    if event_date < registered:
        raise DomainError(
            f"Tanggal peristiwa {tanggal(event_date)} sebelum {person.name} terdaftar di registri "
            f"({tanggal(registered)}): pekerja belum terdaftar saat itu."
        )
    if not place.strip() or not account.strip():
        raise DomainError("Isi tempat peristiwa dan kronologi singkatnya.")
    _check_inputs(
        kind,
        treatment_cost=treatment_cost,
        stmb_months=stmb_months,
        disability_percent=disability_percent,
        follows=follows,
        person=person,
    )
    # Serialises two reports of the same death: the second waits, then sees the first.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    _refuse_second_death(person, kind)
    rules = BenefitRules.in_force(event_date)
    if kind == Kind.SCHOLARSHIP and school_year is None:
        school_year = benefits.school_year_of(rules.as_pure(), today)
    claim = Claim(
        person=person,
        kind=kind,
        village_id=person.village_id,
        event_date=event_date,
        event_time=event_time,
        place=place.strip(),
        account=account.strip(),
        follows=follows,
        school_year=school_year if kind == Kind.SCHOLARSHIP else None,
        declared_income=person.declared_income,
        treatment_cost=treatment_cost if kind == Kind.JKK_TREATMENT else None,
        stmb_months=stmb_months if kind == Kind.JKK_STMB else None,
        disability_percent=disability_percent if kind == Kind.JKK_DISABILITY else None,
        rules=rules,
        reported_by=by,
        reported_at=timezone.now(),
        other_memberships=_other_memberships(person),
    )
    _apply_assessment(claim, children=[])
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as exc:
        raise DomainError(
            "Klaim yang sama sudah dilaporkan (kematian yang sama atau beasiswa tahun yang sama)."
        ) from exc
    Document.objects.bulk_create(
        Document(
            claim=claim,
            kind=kind_,
            state=DocumentState.NOT_NEEDED if kind_ in files.SPOUSE_ONLY else DocumentState.MISSING,
            note="Diperlukan bila ahli waris suami/istri." if kind_ in files.SPOUSE_ONLY else "",
        )
        for kind_ in files.CHECKLIST[kind]
    )
    audit.record(
        "claims.claim.reported",
        claim,
        by=by,
        region_code=claim.village_id,
        data={
            "person": person.pk,
            "kind": kind,
            "event_date": event_date,
            "covered": claim.covered,
            "entitlement": claim.entitlement,
            "other_memberships": len(claim.other_memberships),
        },
    )
    return claim


@transaction.atomic
def reassess_claim(claim: Claim, *, by) -> Claim:
    """Ask the ledger again and recompute the amount (a corrected cover, changed children)."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.REPORTED, ClaimStatus.CHECKED, step="menghitung ulang hak")
    before = {"covered": claim.covered, "entitlement": claim.entitlement, "months_paid": claim.months_paid}
    _apply_assessment(claim)
    claim.save()
    after = {"covered": claim.covered, "entitlement": claim.entitlement, "months_paid": claim.months_paid}
    audit.record("claims.claim.reassessed", claim, by=by, region_code=claim.village_id, data=audit.diff(before, after))
    return claim


# -- heirs and children ------------------------------------------------------------------------


def _require_open(claim: Claim, what: str) -> None:
    if not claim.is_open():
        raise WrongStep(f"Tidak dapat {what}: klaim sudah selesai (“{claim.get_status_display()}”).")


def _sync_spouse_documents(claim: Claim) -> None:
    has_spouse = claim.heirs.filter(relation=Relation.SPOUSE).exists()
    for doc in claim.documents.filter(kind__in=files.SPOUSE_ONLY):
        if has_spouse and doc.state == DocumentState.NOT_NEEDED and not doc.has_file():
            doc.state = DocumentState.MISSING
            doc.save(update_fields=["state"])
        elif not has_spouse and doc.state == DocumentState.MISSING:
            doc.state = DocumentState.NOT_NEEDED
            doc.save(update_fields=["state"])


@transaction.atomic
def add_heir(
    claim: Claim,
    *,
    name: str,
    relation: str,
    by,
    nik: str = "",
    bank_name: str = "",
    account_number: str = "",
    account_holder: str = "",
    phone: str = "",
) -> Heir:
    """Add an heir with the bank account BPJS pays into; the legal order decides who comes first."""
    _require(by, Action.PROPOSE, claim)
    claim = _locked(claim)
    _require_open(claim, "menambah ahli waris")
    if relation not in Relation.values:
        raise DomainError("Pilih hubungan ahli waris dengan pekerja.")
    if not name.strip():
        raise DomainError("Isi nama ahli waris.")
    nik = nik.strip()
    if nik and not (len(nik) == 16 and nik.isdigit()):
        raise DomainError("NIK ahli waris harus 16 angka.")
    account_number = account_number.strip().replace(" ", "").replace("-", "")
    if account_number and not account_number.isdigit():
        raise DomainError("Nomor rekening hanya berisi angka.")
    heir = Heir.objects.create(
        claim=claim,
        name=name.strip(),
        nik=nik,
        relation=relation,
        rank=RELATION_RANK[relation],
        bank_name=bank_name.strip(),
        account_number=account_number,
        account_holder=account_holder.strip() or name.strip(),
        phone=phone.strip(),
    )
    _sync_spouse_documents(claim)
    audit.record(
        "claims.heir.added",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"heir": heir.pk, "relation": relation, "rank": heir.rank, "has_account": bool(account_number)},
    )
    return heir


def first_heirs(heirs) -> list[Heir]:
    """The heirs of the first rank present: they receive the money (PP 44/2015 Pasal 37(5))."""
    heirs = list(heirs)
    if not heirs:
        return []
    top = min(h.rank for h in heirs)
    return [h for h in heirs if h.rank == top]


@transaction.atomic
def add_child(
    claim: Claim,
    *,
    name: str,
    birth_date: date,
    level: str,
    by,
    grade: int = 1,
    nik: str = "",
    ended_on: date | None = None,
) -> Child:
    """Register a child for a scholarship claim (at most the configured number) and recompute its amount."""
    _require(by, Action.PROPOSE, claim)
    claim = _locked(claim)
    if claim.kind != Kind.SCHOLARSHIP:
        raise DomainError("Anak penerima hanya didaftarkan pada klaim beasiswa.")
    _require_status(claim, ClaimStatus.REPORTED, ClaimStatus.CHECKED, step="menambah anak")
    limit = claim.rules.scholarship_max_children
    if claim.children.count() >= limit:
        raise DomainError(
            f"Beasiswa paling banyak untuk {limit} anak; anak ketiga dan seterusnya tidak dapat didaftarkan."
        )
    if level not in SchoolLevel.values:
        raise DomainError("Pilih jenjang sekolah anak.")
    if birth_date is None or birth_date > claim.event_date.replace(year=claim.event_date.year + 1):
        raise DomainError("Tanggal lahir anak tidak masuk akal untuk tanggal peristiwa ini.")
    age = age_on(birth_date, _today(None))
    if age >= claim.rules.scholarship_end_age:
        raise DomainError(f"Anak berusia {age} tahun: beasiswa berakhir pada usia {claim.rules.scholarship_end_age}.")
    if level != SchoolLevel.NONE:
        max_years = int(claim.rules.scholarship_levels[level][1])
        if not 1 <= grade <= max_years:
            raise DomainError(f"Tahun ke- di jenjang {level} harus 1 sampai {max_years}.")
    child = Child.objects.create(
        claim=claim,
        name=name.strip(),
        nik=nik.strip(),
        birth_date=birth_date,
        level=level,
        grade=grade if level != SchoolLevel.NONE else 1,
        ended_on=ended_on,
    )
    before = claim.entitlement
    _apply_assessment(claim)
    claim.save()
    audit.record(
        "claims.child.added",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"child": child.pk, "level": level, "entitlement": [before, claim.entitlement]},
    )
    return child


def scholarship_schedule(claim: Claim) -> benefits.Schedule:
    """The yearly schedule of a scholarship claim's children, from its school year on."""
    return benefits.scholarship(
        claim.rules.as_pure(),
        [c.as_pure() for c in claim.children.all()],
        first_school_year=claim.school_year,
    )


# -- documents ---------------------------------------------------------------------------------


def upload_document(claim: Claim, *, kind: str, uploaded, by) -> Document:
    """Attach a file to a checklist line after checking its size and, by content, its type."""
    _require(by, Action.PROPOSE, claim)
    head = uploaded.read(16)
    uploaded.seek(0)
    content_type, suffix = files.check_upload(uploaded.name, uploaded.size, head)
    stored, digest = files.store(uploaded, claim_pk=claim.pk, suffix=suffix)
    try:
        with transaction.atomic():
            claim = _locked(claim)
            _require_open(claim, "mengunggah dokumen")
            doc, _ = Document.objects.select_for_update().get_or_create(claim=claim, kind=kind)
            old = doc.stored_name
            doc.state = DocumentState.RECEIVED
            doc.stored_name = stored
            doc.original_name = uploaded.name[:200]
            doc.content_type = content_type
            doc.size = uploaded.size
            doc.sha256 = digest
            doc.updated_by = by
            doc.updated_at = timezone.now()
            doc.save()
            audit.record(
                "claims.document.uploaded",
                claim,
                by=by,
                region_code=claim.village_id,
                data={"document": doc.pk, "kind": kind, "size": doc.size, "type": content_type, "sha256": digest},
            )
            if old:
                transaction.on_commit(lambda: files.remove(old))
    except BaseException:
        files.remove(stored)
        raise
    return doc


@transaction.atomic
def mark_document(claim: Claim, *, kind: str, state: str, by, note: str = "") -> Document:
    """Mark a checklist line as received on paper, missing or not needed (the labour office decides)."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_open(claim, "mengubah daftar dokumen")
    if state not in DocumentState.values:
        raise DomainError("Pilih keadaan dokumen.")
    doc = Document.objects.select_for_update().filter(claim=claim, kind=kind).first()
    if doc is None:
        raise DomainError("Dokumen ini tidak ada dalam daftar klaim.")
    if state == DocumentState.MISSING and doc.has_file():
        raise DomainError("Dokumen ini sudah diunggah; unggah berkas pengganti bila keliru.")
    before = doc.state
    doc.state = state
    doc.note = note.strip()[:300]
    doc.updated_by = by
    doc.updated_at = timezone.now()
    doc.save()
    audit.record(
        "claims.document.marked",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"document": doc.pk, "kind": kind, "state": [before, state], "note": doc.note},
    )
    return doc


@transaction.atomic
def open_document(doc: Document, *, by):
    """Open an uploaded file for a user who may see its claim; every view is audited."""
    claim = doc.claim
    _require(by, Action.VIEW, claim)
    if not doc.has_file():
        raise DomainError("Dokumen ini belum diunggah.")
    audit.record(
        "claims.document.viewed",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"document": doc.pk, "kind": doc.kind},
    )
    return files.path_of(doc.stored_name).open("rb")


def missing_documents(claim: Claim) -> list[Document]:
    return [d for d in claim.documents.all() if d.state == DocumentState.MISSING]


# -- status flow -------------------------------------------------------------------------------


@transaction.atomic
def check_claim(claim: Claim, *, eligible: bool, by, reason: str = "") -> Claim:
    """The labour office's check: eligible (a death is then recorded and the cover ended) or not, with a reason."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.REPORTED, step="memeriksa klaim")
    reason = reason.strip()
    if not eligible:
        if len(reason) < 5:
            raise DomainError("Tulis alasan klaim tidak memenuhi syarat (minimal 5 huruf); keluarga membacanya.")
        claim.status = ClaimStatus.NOT_ELIGIBLE
    else:
        if claim.entitlement <= 0:
            failed = [c["label"] for c in claim.checks if c["blocks"] and not c["ok"]]
            raise DomainError(
                "Menurut aturan tidak ada hak (" + "; ".join(failed) + "). Nyatakan tidak memenuhi syarat dengan "
                "alasannya, atau hitung ulang bila perlindungannya sudah dikoreksi."
            )
        claim.status = ClaimStatus.CHECKED
    claim.status_reason = reason
    claim.checked_by = by
    claim.checked_at = timezone.now()
    claim.save()
    audit.record(
        "claims.claim.checked",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"eligible": eligible, "reason": reason},
    )
    if eligible and claim.is_death():
        # The labour office has confirmed the death: the registry and the cover follow from the event date.
        from lindung.enrolment.services import record_death

        person = claim.person
        if person.status != Status.DECEASED:
            record_death(person, died_on=claim.event_date, by=by, note=f"Klaim santunan #{claim.pk}")
    return claim


@transaction.atomic
def recommend_claim(claim: Claim, *, by, today: date | None = None) -> Claim:
    """Recommend a checked claim to BPJS once every needed document and an heir's account are there."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.CHECKED, step="merekomendasikan ke BPJS")
    missing = missing_documents(claim)
    if missing:
        raise DomainError(
            "Berkas belum lengkap: " + ", ".join(d.get_kind_display() for d in missing) + ". "
            "Unggah atau tandai tidak diperlukan dulu."
        )
    if claim.kind == Kind.SCHOLARSHIP and not claim.children.exists():
        raise DomainError("Daftarkan anak penerima beasiswa dulu.")
    if not claim.heirs.exclude(account_number="").exists():
        raise DomainError("Isi ahli waris (atau wali anak) beserta nomor rekeningnya: BPJS membayar lewat transfer.")
    claim.status = ClaimStatus.RECOMMENDED
    claim.recommended_at = timezone.now()
    claim.documents_complete_on = _today(today)
    claim.save()
    audit.record("claims.claim.recommended", claim, by=by, region_code=claim.village_id, data={})
    return claim


def _check_day(on: date | None, *, what: str, not_before: date | None, before_what: str, today: date) -> None:
    if on is None:
        raise DomainError(f"Isi tanggal {what}.")
    if on > today:
        raise DomainError(f"Tanggal {what} {tanggal(on)} belum terjadi.")
    if not_before is not None and on < not_before:
        raise DomainError(f"Tanggal {what} {tanggal(on)} sebelum {before_what} ({tanggal(not_before)}).")


@transaction.atomic
def record_submission(claim: Claim, *, on: date, receipt: str, by, today: date | None = None) -> Claim:
    """Record the heir's submission at BPJS: the day and the receipt number start BPJS's clock."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.RECOMMENDED, step="mencatat pengajuan ke BPJS")
    today = _today(today)
    recommended = timezone.localtime(claim.recommended_at).date()
    _check_day(on, what="pengajuan", not_before=recommended, before_what="rekomendasi Dinas", today=today)
    receipt = (receipt or "").strip()
    if not receipt:
        raise DomainError("Isi nomor tanda terima klaim dari BPJS.")
    claim.status = ClaimStatus.SUBMITTED
    claim.submitted_on = on
    claim.bpjs_receipt = receipt[:60]
    claim.bpjs_due_on = bpjs_due_on(claim, on)
    claim.save()
    audit.record(
        "claims.claim.submitted",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"on": on, "receipt": claim.bpjs_receipt, "due": claim.bpjs_due_on},
    )
    return claim


@transaction.atomic
def record_payment(claim: Claim, *, on: date, amount: int, by, today: date | None = None) -> Claim:
    """Record BPJS's payment; never more than the rules give."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.SUBMITTED, step="mencatat pembayaran")
    _check_day(
        on, what="pembayaran", not_before=claim.submitted_on, before_what="pengajuan ke BPJS", today=_today(today)
    )
    if amount is None or amount <= 0:
        raise DomainError("Isi jumlah yang dibayar BPJS (Rp).")
    if amount > claim.entitlement:
        raise DomainError(
            f"Jumlah {rupiah(amount)} melebihi hak menurut aturan {rupiah(claim.entitlement)}. "
            "Periksa bukti transfer BPJS; bila BPJS memang membayar lebih, catat selisihnya di keterangan Dinas."
        )
    claim.status = ClaimStatus.PAID
    claim.paid_on = on
    claim.paid_amount = amount
    claim.save()
    audit.record(
        "claims.claim.paid",
        claim,
        by=by,
        region_code=claim.village_id,
        data={"on": on, "amount": amount, "entitlement": claim.entitlement},
    )
    return claim


@transaction.atomic
def record_refusal(claim: Claim, *, on: date, reason: str, by, today: date | None = None) -> Claim:
    """Record that BPJS refused the claim, with its reason."""
    _require(by, Action.VERIFY, claim)
    claim = _locked(claim)
    _require_status(claim, ClaimStatus.SUBMITTED, step="mencatat penolakan BPJS")
    _check_day(
        on, what="penolakan", not_before=claim.submitted_on, before_what="pengajuan ke BPJS", today=_today(today)
    )
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError("Tulis alasan penolakan BPJS (minimal 5 huruf).")
    claim.status = ClaimStatus.REFUSED
    claim.refused_on = on
    claim.status_reason = reason
    claim.save()
    audit.record("claims.claim.refused", claim, by=by, region_code=claim.village_id, data={"on": on, "reason": reason})
    return claim
