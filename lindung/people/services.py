"""Workflows on the registry: propose, correct, verify, reject, close, reveal, export."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.lib.formatting import tanggal, tanggal_waktu
from lindung.people.models import EligibilityRules, Person, Status
from lindung.people.validation import CheckedPerson, Problem, check_person
from lindung.regions.models import Level, Region
from lindung.regions.services import district_exists

# Fields a person's data form changes; the audit diff covers exactly these.
DATA_FIELDS = (
    "nik",
    "kk_number",
    "name",
    "sex",
    "birth_place",
    "birth_date",
    "village_id",
    "rt",
    "rw",
    "street",
    "phone",
    "occupation",
    "occupation_other",
    "occupation_written",
    "segment",
    "declared_income",
)


class PersonInvalid(DomainError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class StaleEdit(DomainError):
    pass


class WrongState(DomainError):
    pass


def _village_exists(code: str) -> bool:
    return Region.objects.filter(code=code, level=Level.VILLAGE, current=True).exists()


def check(raw, *, today: date | None = None) -> CheckedPerson:
    """Check one person's data against the rules in force today."""
    today = today or timezone.localdate()
    return check_person(
        raw,
        today=today,
        rules=EligibilityRules.in_force(today),
        village_exists=_village_exists,
        district_known=district_exists,
    )


def _snapshot(person: Person) -> dict:
    return {f: getattr(person, f) for f in DATA_FIELDS}


def _refuse_unconfirmed(checked: CheckedPerson, *, by, village_code: str, note: str, already_confirmed: bool) -> str:
    """Return the confirmation note to store, or raise when a NIK discrepancy is unconfirmed."""
    if checked.errors:
        raise PersonInvalid(checked.errors + checked.confirmations)
    if not checked.confirmations:
        return ""
    if already_confirmed:
        return None  # keep the existing confirmation
    if note.strip() and scope_of(by).can(Action.VERIFY, village_code):
        return note.strip()
    raise PersonInvalid(checked.confirmations)


NOT_FROM_HERE = (
    "NIK ini tidak dapat diusulkan dari wilayah Anda. Periksa NIK pada KTP/KK; bila benar, minta verifikator "
    "kabupaten memeriksanya."
)


def _nik_taken(nik: str, *, exclude_pk=None, by) -> None:
    other = Person.objects.filter(nik=nik).exclude(pk=exclude_pk).first()
    if other is None:
        return
    if other.status == Status.MERGED and other.merged_into_id:
        # A merged-away record keeps its NIK for the history; the person lives on in the survivor.
        other = Person.objects.select_related("village").get(pk=other.merged_into_id)
    if Person.objects.visible_to(by).filter(pk=other.pk).exists():
        where = f"atas nama {other.name} ({other.village.name})"
    else:
        # Whoever may not see that person is not told where, by whom or under which name it is
        # registered (nor given a way to tell it from any other refusal of this NIK from here).
        raise PersonInvalid([Problem("nik", "nik_tidak_dapat_diusulkan", NOT_FROM_HERE)])
    raise PersonInvalid([Problem("nik", "nik_sudah_terdaftar", f"NIK ini sudah terdaftar {where}.")])


def probable_duplicates(values: dict, *, by, excluding=()) -> list[Problem]:
    """Warn when the person being entered is probably someone already registered under another NIK.

    The import preview's check (`imports.duplicates.find`), on one row: the
    entry form, the edit form, the import and the verifier's scan see one engine.
    `excluding` names stored people it must not be matched with (itself, when edited).
    """
    from lindung.imports import duplicates  # imports builds on people; this is the one way back

    row = duplicates.Incoming.of(0, "", 0, values)
    found = duplicates.find([row], scope=scope_of(by), regency=settings.LINDUNG_REGENCY, excluding=excluding)
    return list(found.values())


class ProbableDuplicate(DomainError):
    """The person being entered is probably registered already; nothing was saved until the user says so."""

    def __init__(self, problems: list[Problem]):
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems


@transaction.atomic
def propose_person(raw, *, by, confirm_note: str = "", stop_at_duplicate: bool = False) -> Person:
    """Register a new person as proposed by an operator (or an admin/verifier).

    With `stop_at_duplicate`, a probable existing person raises ProbableDuplicate before
    anything is saved, so the form can ask "save anyway?"; saved anyway, the warning stays
    with the person for the verifier.
    """
    checked = check(raw)
    village_code = checked.values.get("village_id") or ""
    scope_of(by).require(Action.PROPOSE, village_code or None)
    note = _refuse_unconfirmed(checked, by=by, village_code=village_code, note=confirm_note, already_confirmed=False)
    _nik_taken(checked.values["nik"], by=by)
    found = probable_duplicates(checked.values, by=by)
    if found and stop_at_duplicate:
        raise ProbableDuplicate(found)
    checked.problems.extend(found)
    now = timezone.now()
    person = Person(
        **checked.values,
        warnings=[p.as_dict() for p in checked.warnings],
        status=Status.PROPOSED,
        proposed_by=by,
        proposed_at=now,
        status_changed_at=now,
        nik_discrepancy_note=note or "",
        nik_discrepancy_confirmed_by=by if note else None,
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Lost a race with another entry of the same NIK.
        raise PersonInvalid(
            [Problem("nik", "nik_sudah_terdaftar", "NIK ini baru saja didaftarkan pengguna lain.")]
        ) from None
    audit.record(
        "people.person.proposed",
        person,
        by=by,
        region_code=person.village_id,
        data={"values": _snapshot(person), "warnings": [w.code for w in checked.warnings], "confirm_note": note or ""},
    )
    return person


# Audited reads change nothing, so they never explain why a person's version moved on.
READ_ACTIONS = ("people.person.nik_viewed",)


def _lock(person: Person, *, by, action: str, expected_version: int | None) -> Person:
    """Lock the person's row, check the user may act on it, then that nobody changed it since it was opened."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    # Permission before the version: a user who may not act learns nothing about others' edits.
    scope_of(by).require(action, locked.village_id)
    if expected_version is not None and locked.version != expected_version:
        last = AuditEntry.objects.for_target(locked).exclude(action__in=READ_ACTIONS).select_related("actor").first()
        who = last.actor.get_full_name() or last.actor.username if last and last.actor else "pengguna lain"
        when = tanggal_waktu(timezone.localtime(last.created_at)) if last else ""
        raise StaleEdit(
            f"Data {locked.name} sudah diubah oleh {who} pada {when} sejak Anda membukanya. "
            "Muat ulang halaman, periksa perubahannya, lalu simpan lagi."
        )
    return locked


@transaction.atomic
def update_person(
    person: Person,
    raw,
    *,
    by,
    expected_version: int | None,
    confirm_note: str = "",
    stop_at_duplicate: bool = False,
    not_duplicate_of=(),
) -> Person:
    """Correct a person's data; an operator's change sends a verified person back for verification.

    A change to what the duplicate engine compares is checked as a new entry is: with
    `stop_at_duplicate`, a probable other person raises ProbableDuplicate before anything is
    saved; otherwise the warning is saved with the person. `not_duplicate_of` names people
    known to be this one (a merge's other record).
    """
    scope = scope_of(by)
    person = _lock(person, by=by, action=Action.PROPOSE, expected_version=expected_version)
    if person.is_closed():
        raise WrongState(f"Data berstatus {person.get_status_display()} tidak dapat diubah.")
    checked = check(raw)
    village_code = checked.values.get("village_id") or ""
    if village_code:
        scope.require(Action.PROPOSE, village_code)
    identity_unchanged = all(checked.values.get(f) == getattr(person, f) for f in ("nik", "birth_date", "sex"))
    already = identity_unchanged and bool(person.nik_discrepancy_note)
    note = _refuse_unconfirmed(checked, by=by, village_code=village_code, note=confirm_note, already_confirmed=already)
    if checked.values["nik"] != person.nik:
        _nik_taken(checked.values["nik"], exclude_pk=person.pk, by=by)
    from lindung.imports import duplicates  # as in probable_duplicates: the one way back

    # An edit of a field the engine does not compare cannot make a new match: it neither asks
    # again nor drops an earlier warning.
    if any(checked.values.get(f) != getattr(person, f) for f in duplicates.COMPARED_FIELDS):
        found = probable_duplicates(checked.values, by=by, excluding=[person.pk, *not_duplicate_of])
        if found and stop_at_duplicate:
            raise ProbableDuplicate(found)
        duplicate_warnings = [p.as_dict() for p in found]
    else:
        duplicate_warnings = [w for w in person.warnings or [] if w.get("code") == duplicates.CODE]

    before = _snapshot(person)
    before_status = person.status
    for key, value in checked.values.items():
        setattr(person, key, value)
    after = _snapshot(person)
    changes = audit.diff(before, after)
    if note is not None:
        person.nik_discrepancy_note = note
        person.nik_discrepancy_confirmed_by = by if note else None
    person.warnings = [p.as_dict() for p in checked.warnings] + duplicate_warnings
    now = timezone.now()
    # Correcting a rejected person proposes it again; an operator's change to a
    # verified person must be checked again before it can be funded.
    if person.status == Status.REJECTED or (
        person.status == Status.VERIFIED and changes and not scope.can(Action.VERIFY, person.village_id)
    ):
        person.status = Status.PROPOSED
        person.status_reason = ""
        person.status_changed_at = now
        person.proposed_by, person.proposed_at = by, now
    person.version += 1
    person.save()
    audit.record(
        "people.person.updated",
        person,
        by=by,
        region_code=person.village_id,
        data={"changes": changes, "status": [before_status, person.status], "confirm_note": note or ""},
    )
    return person


def _raw(person: Person) -> dict:
    """A stored person's data as an entry form would send it, for checking it again."""
    raw = _snapshot(person)
    raw["village_code"] = raw.pop("village_id")
    return raw


def recheck(person: Person, *, today: date | None = None, rules=None) -> CheckedPerson:
    """Check a stored person again with today's rules, exactly as the entry form would."""
    today = today or timezone.localdate()
    return check_person(
        _raw(person),
        today=today,
        rules=rules or EligibilityRules.in_force(today),
        # The stored village is a foreign key: it exists.
        village_exists=lambda code: True,
        district_known=district_exists,
    )


def verification_holds(person: Person, *, today: date | None = None, rules=None) -> list[Problem]:
    """What a verifier must look at and answer for before accepting: the rules checked again today.

    The same check as the entry form: the programme's warnings (age, domicile, occupation) and a
    NIK whose birth date or sex disagrees and that nobody has confirmed yet.
    """
    checked = recheck(person, today=today, rules=rules)
    holds = list(checked.warnings)
    if not person.nik_discrepancy_note:
        holds += checked.confirmations
    return holds


class NeedsNote(DomainError):
    def __init__(self, holds: list[Problem]):
        self.holds = holds
        super().__init__(
            "Data ini punya peringatan: "
            + " ".join(p.message for p in holds)
            + " Tulis catatan verifikasi (minimal 5 huruf) yang menjelaskan mengapa tetap diterima, "
            "atau tolak agar desa memperbaikinya."
        )


def verify_person(person: Person, *, by, expected_version: int | None = None, note: str = "") -> Person:
    """Accept a proposed person as verified; a person with warnings needs the verifier's note."""
    # Today's rules are read before the transaction: on SQLite it holds the one write lock from
    # its start, which an import's chunks and every other verifier are waiting for.
    today = timezone.localdate()
    rules = EligibilityRules.in_force(today)
    with transaction.atomic():
        return _verify_locked(person, by=by, expected_version=expected_version, note=note, today=today, rules=rules)


def _verify_locked(person: Person, *, by, expected_version, note: str, today: date, rules) -> Person:
    person = _lock(person, by=by, action=Action.VERIFY, expected_version=expected_version)
    if not person.can_be_verified():
        raise WrongState(
            f"Hanya data berstatus Diusulkan yang dapat diverifikasi (status sekarang: {person.get_status_display()})."
        )
    holds = verification_holds(person, today=today, rules=rules)
    note = (note or "").strip()
    if holds and len(note) < 5:
        raise NeedsNote(holds)
    now = timezone.now()
    person.status, person.status_reason, person.status_changed_at = Status.VERIFIED, "", now
    person.verified_by, person.verified_at = by, now
    if any(p.level == "confirm" for p in holds):
        # The note answers the NIK discrepancy too, exactly as on the entry form.
        person.nik_discrepancy_note, person.nik_discrepancy_confirmed_by = note, by
    person.version += 1
    person.save()
    data = {"note": note, "holds": [p.code for p in holds]} if holds else {}
    audit.record("people.person.verified", person, by=by, region_code=person.village_id, data=data)
    return person


@transaction.atomic
def reject_person(person: Person, *, by, reason: str, expected_version: int | None = None) -> Person:
    """Reject a proposed (or verified) person, saying why so the village can correct it."""
    person = _lock(person, by=by, action=Action.VERIFY, expected_version=expected_version)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError("Tulis alasan penolakan (minimal 5 huruf) agar desa tahu apa yang harus diperbaiki.")
    if not person.can_be_rejected():
        raise WrongState(f"Data berstatus {person.get_status_display()} tidak dapat ditolak.")
    before = person.status
    person.status, person.status_reason, person.status_changed_at = Status.REJECTED, reason, timezone.now()
    person.verified_by = person.verified_at = None
    person.version += 1
    person.save()
    audit.record(
        "people.person.rejected", person, by=by, region_code=person.village_id, data={"reason": reason, "from": before}
    )
    return person


@transaction.atomic
def close_person(
    person: Person,
    *,
    by,
    status: str,
    reason: str,
    expected_version: int | None = None,
    closed_on: date | None = None,
) -> Person:
    """Mark a person deceased or moved away (on a day, when known); both end funding.

    Pages and commands go through lindung.enrolment.services.record_death/record_move, which also
    end the person's cover and BPJS membership; this is the registry half of that path.
    """
    person = _lock(person, by=by, action=Action.VERIFY, expected_version=expected_version)
    if status not in (Status.DECEASED, Status.MOVED):
        raise DomainError("Status penutupan harus Meninggal atau Pindah.")
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError("Tulis keterangan (minimal 5 huruf), misalnya nomor akta kematian atau tujuan pindah.")
    if person.is_closed():
        raise WrongState(f"Data ini sudah berstatus {person.get_status_display()}.")
    if closed_on is not None and closed_on > timezone.localdate():
        raise DomainError(f"Tanggal {tanggal(closed_on)} belum terjadi. Isi tanggal meninggal atau pindah yang benar.")
    before = person.status
    person.status, person.status_reason, person.status_changed_at = status, reason, timezone.now()
    person.closed_on = closed_on
    person.version += 1
    person.save()
    audit.record(
        f"people.person.{status}",
        person,
        by=by,
        region_code=person.village_id,
        data={"reason": reason, "from": before, "closed_on": closed_on},
    )
    return person


@dataclass(frozen=True)
class BulkVerification:
    verified: int
    # Proposed people with a warning or an unconfirmed NIK discrepancy: each needs a verifier's note.
    held: int


def verify_people(people: QuerySet, *, by, progress=None) -> BulkVerification:
    """Verify every proposed person in the list that the user may verify and that has no warning."""
    scope = scope_of(by)
    candidates = scope.filter(people.filter(status=Status.PROPOSED), "village_id", Action.VERIFY)
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    today = timezone.localdate()
    rules = EligibilityRules.in_force(today)
    done = held = 0
    # Chunks keep each transaction short so entry work in the villages is not blocked.
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        with transaction.atomic():
            now = timezone.now()
            rows = []
            for person in Person.objects.select_for_update().filter(pk__in=chunk, status=Status.PROPOSED):
                if verification_holds(person, today=today, rules=rules):
                    held += 1
                    continue
                rows.append(person)
            # Every row gets the same values, so one UPDATE does it (bulk_update's CASE per row is far slower).
            Person.objects.filter(pk__in=[p.pk for p in rows]).update(
                status=Status.VERIFIED,
                status_reason="",
                status_changed_at=now,
                verified_by=by,
                verified_at=now,
                version=F("version") + 1,
            )
            audit.record_many(
                (("people.person.verified", p, p.village_id, {"bulk": True}) for p in rows), by=by, prepared=True
            )
            done += len(rows)
        if progress:
            progress(min(start + len(chunk), len(ids)), len(ids))
    return BulkVerification(verified=done, held=held)


@transaction.atomic
def reveal_nik(person: Person, *, by) -> str:
    """Return the full NIK and record who saw it."""
    scope_of(by).require(Action.VIEW_FULL_NIK, person.village_id)
    audit.record("people.person.nik_viewed", person, by=by, region_code=person.village_id)
    return person.nik


def record_export(people_count: int, *, by, filters: dict, full_nik: bool) -> None:
    """Audit an export of the registry (who, which filter, how many rows, full or masked NIK)."""
    with transaction.atomic():
        target = by  # the export belongs to no single person; attach it to the user who made it
        audit.record(
            "people.registry.exported",
            target,
            by=by,
            data={"rows": people_count, "filters": filters, "full_nik": full_nik},
        )
