"""Workflows on duplicates and reference lists: scan, merge, keep apart, bulk merge, upload, match, clear."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.dedup.models import (
    LIST_REASONS,
    CandidateStatus,
    DuplicateCandidate,
    FlagStatus,
    ListKind,
    PersonFlag,
    ReferenceList,
    ReferenceRow,
)
from lindung.dedup.reading import read_reference_file
from lindung.errors import DomainError
from lindung.jobs.models import Job
from lindung.jobs.services import enqueue, handler
from lindung.lib import linkage
from lindung.lib.nik import digits_apart
from lindung.people import services as people_services
from lindung.people.models import Person, Status

# Pairs this likely are worth a verifier's look; below, they are noise.
REVIEW_FROM = 0.2
# A reference-list match this strong blocks funding until a verifier clears it.
FLAG_FROM = 0.5


def bulk_merge_minimum() -> float:
    """The lowest score a verifier may merge in bulk (LINDUNG_DEDUP_BULK_MIN, default 0.99)."""
    return float(getattr(settings, "LINDUNG_DEDUP_BULK_MIN", 0.99))


# Fields a merge may take from either record. The NIK is not among them: the
# survivor keeps its own, so choose as survivor the record whose NIK is right.
MERGE_FIELDS = tuple(field for field in people_services.DATA_FIELDS if field != "nik")
MERGE_LABELS = {
    "name": "Nama",
    "kk_number": "No. KK",
    "sex": "Jenis kelamin",
    "birth_place": "Tempat lahir",
    "birth_date": "Tanggal lahir",
    "village_id": "Desa/kelurahan",
    "rt": "RT",
    "rw": "RW",
    "street": "Alamat",
    "phone": "No. HP",
    "occupation": "Pekerjaan",
    "occupation_other": "Pekerjaan lainnya",
    "occupation_written": "Pekerjaan (sesuai daftar)",
    "segment": "Segmen",
    "declared_income": "Penghasilan",
}


class WrongState(DomainError):
    pass


# --- the engine's view of people ------------------------------------------------

_PERSON_COLUMNS = ("pk", "nik", "kk_number", "name", "sex", "birth_date", "village_id", "phone")


def _person_columns(rows: list[tuple]) -> dict[str, list]:
    return {
        "nik": [r[1] for r in rows],
        "kk": [r[2] for r in rows],
        "name": [r[3] for r in rows],
        "sex": [r[4] for r in rows],
        "birth_date": [r[5] for r in rows],
        "village": [r[6] for r in rows],
        "phone": [r[7] for r in rows],
    }


def _registry_rows() -> list[tuple]:
    # Merged-away records are history; the survivor stands for the person.
    return list(Person.objects.exclude(status=Status.MERGED).order_by("pk").values_list(*_PERSON_COLUMNS))


# --- scanning -------------------------------------------------------------------


def start_scan(*, by) -> Job:
    """Queue a scan of the whole registry for duplicates."""
    scope_of(by).require(Action.VERIFY)
    return enqueue("dedup.scan", by=by, label="Mencari duplikat di registri")


@handler("dedup.scan")
def _run_scan(job: Job, report) -> dict:
    return scan_duplicates(by=job.created_by, progress=report, job=job)


def scan_duplicates(*, by, progress=None, job: Job | None = None) -> dict:
    """Score every likely pair in the registry and store the candidates to review."""
    # Movers join two regions, so the scan reads the whole registry; what a
    # user sees of the result is scoped when read.
    scope_of(by).require(Action.VERIFY)
    rows = _registry_rows()
    result = linkage.deduplicate(_person_columns(rows), progress=progress)
    pks = [r[0] for r in rows]
    found: dict[tuple[int, int], tuple[float, dict]] = {}
    for k in range(len(result.left)):
        if result.prob[k] < REVIEW_FROM or result.rule[k]:
            continue
        a, b = pks[int(result.left[k])], pks[int(result.right[k])]
        pair = (a, b) if a < b else (b, a)
        found[pair] = (float(result.prob[k]), result.evidence(k))

    created = updated = superseded = 0
    with transaction.atomic():
        # Every pair ever stored, without an IN list that would outgrow SQLite's parameter limit.
        existing = {
            (a, b): (pk, status)
            for pk, a, b, status in DuplicateCandidate.objects.values_list("pk", "person_a_id", "person_b_id", "status")
        }
        new, changed = [], []
        for pair, (prob, evidence) in found.items():
            known = existing.get(pair)
            if known is None:
                new.append(
                    DuplicateCandidate(
                        person_a_id=pair[0], person_b_id=pair[1], score=prob, evidence=evidence, found_by_job=job
                    )
                )
            elif known[1] == CandidateStatus.OPEN:
                changed.append(DuplicateCandidate(pk=known[0], score=prob, evidence=evidence, found_by_job=job))
            # A decided pair stays decided: "different people" is never proposed again.
        # ignore_conflicts: a pair stored by a concurrent scan is not an error.
        DuplicateCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        DuplicateCandidate.objects.bulk_update(changed, ["score", "evidence", "found_by_job"], batch_size=1000)
        # Data corrected since the last scan: the pair no longer looks alike.
        gone = [pk for pair, (pk, status) in existing.items() if status == CandidateStatus.OPEN and pair not in found]
        for start in range(0, len(gone), 1000):
            superseded += DuplicateCandidate.objects.filter(pk__in=gone[start : start + 1000]).update(
                status=CandidateStatus.SUPERSEDED, decided_at=timezone.now()
            )
        created, updated = len(new), len(changed)
        summary = {"records": len(rows), "pairs_compared": len(result.left), "candidates": len(found)}
        if job is not None:
            audit.record(
                "dedup.scan.completed",
                job,
                by=by,
                data={**summary, "new": created, "updated": updated, "superseded": superseded},
            )
    return {
        **summary,
        "new": created,
        "message": f"{_n(len(rows))} data diperiksa, {_n(len(found))} calon duplikat ({_n(created)} baru).",
        "next_url": reverse("dedup:candidate-list"),
    }


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# --- deciding -----------------------------------------------------------------


def _lock_pair(candidate: DuplicateCandidate, *, by) -> tuple[DuplicateCandidate, Person, Person]:
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    people = {
        p.pk: p
        for p in Person.objects.select_for_update().filter(pk__in=[candidate.person_a_id, candidate.person_b_id])
    }
    a, b = people[candidate.person_a_id], people[candidate.person_b_id]
    scope = scope_of(by)
    # A decision changes both records, so the verifier must cover both regions.
    if not (scope.can(Action.VERIFY, a.village_id) and scope.can(Action.VERIFY, b.village_id)):
        raise DomainError(
            "Anda hanya dapat memutuskan pasangan yang kedua datanya berada di wilayah Anda. "
            "Minta verifikator kabupaten memutuskan pasangan lintas wilayah ini."
        )
    if not candidate.is_open():
        raise WrongState(f"Pasangan ini sudah diputuskan ({candidate.get_status_display()}). Muat ulang halaman.")
    return candidate, a, b


def _supersede_others(person: Person, *, keep: int) -> None:
    DuplicateCandidate.objects.filter(Q(person_a=person) | Q(person_b=person), status=CandidateStatus.OPEN).exclude(
        pk=keep
    ).update(status=CandidateStatus.SUPERSEDED, decided_at=timezone.now())


def _raw_values(person: Person) -> dict:
    raw = {field: getattr(person, field) for field in MERGE_FIELDS}
    raw["village_code"] = raw.pop("village_id")
    raw["nik"] = person.nik
    return raw


@transaction.atomic
def merge_people(
    candidate: DuplicateCandidate,
    *,
    by,
    survivor_id: int,
    choices: dict[str, str] | None = None,
    note: str = "",
    versions: dict[int, int] | None = None,
) -> Person:
    """Merge a candidate pair into the survivor, taking each chosen field from either record.

    `versions` are the two records' versions as the verifier saw them: the choices were made
    against those values, so a record changed since (an admin's edit) stops the merge.
    """
    candidate, a, b = _lock_pair(candidate, by=by)
    for person in (a, b):
        seen = (versions or {}).get(person.pk)
        if seen is not None and seen != person.version:
            # _lock words the message (who changed it, when); the rows are locked already.
            people_services._lock(person, by=by, action=Action.VERIFY, expected_version=seen)
    if survivor_id not in (a.pk, b.pk):
        raise DomainError("Pilih data yang dipertahankan (kiri atau kanan).")
    survivor, other = (a, b) if survivor_id == a.pk else (b, a)
    for person in (survivor, other):
        if person.status == Status.MERGED:
            raise WrongState(f"{person.name} sudah digabung ke data lain. Muat ulang halaman.")
    choices = choices or {}
    unknown = set(choices) - set(MERGE_FIELDS)
    if unknown:
        raise DomainError(f"Kolom tidak dikenal: {', '.join(sorted(unknown))}.")
    taken = {}
    side_of = {"a": a, "b": b}
    for field, side in choices.items():
        if side not in side_of:
            raise DomainError("Pilihan nilai harus kiri atau kanan.")
        source = side_of[side]
        if source.pk != survivor.pk and getattr(source, field) != getattr(survivor, field):
            taken[field] = getattr(source, field)
    if taken:
        raw = _raw_values(survivor)
        for field, value in taken.items():
            raw["village_code" if field == "village_id" else field] = value
        survivor = people_services.update_person(
            survivor,
            raw,
            by=by,
            expected_version=None,
            confirm_note=note.strip() or "Digabung dengan data duplikat; nilai dipilih verifikator.",
            not_duplicate_of=[other.pk],  # the record it is taking values from, about to be merged into it
        )
    else:
        # The survivor changes even when no value does (it takes the other's history and flags):
        # an edit form opened before the merge must not save over it unawares.
        survivor.version += 1
        survivor.save(update_fields=["version"])
    now = timezone.now()
    before = other.status
    other.status, other.merged_into = Status.MERGED, survivor
    other.status_reason = f"Duplikat dari data #{survivor.pk} ({survivor.name})." + (
        f" {note.strip()}" if note.strip() else ""
    )
    other.status_changed_at = now
    other.version += 1
    other.save()
    audit.record(
        "people.person.merged",
        other,
        by=by,
        region_code=other.village_id,
        data={"into": survivor.pk, "from": before, "candidate": candidate.pk, "taken": sorted(taken), "note": note},
    )
    candidate.status, candidate.reviewer, candidate.decided_at = CandidateStatus.MERGED, by, now
    candidate.survivor, candidate.decision_note = survivor, note
    candidate.save()
    audit.record(
        "dedup.candidate.merged",
        candidate,
        by=by,
        region_code=survivor.village_id,
        data={"survivor": survivor.pk, "merged": other.pk, "score": candidate.score, "taken": sorted(taken)},
    )
    # The survivor's own history says what was merged into it, so nobody has to search for it.
    audit.record(
        "people.person.merge_kept",
        survivor,
        by=by,
        region_code=survivor.village_id,
        data={"merged": other.pk, "candidate": candidate.pk, "taken": sorted(taken)},
    )
    _supersede_others(other, keep=candidate.pk)
    # A block found on the duplicate holds the person, so it follows to the survivor.
    for flag in PersonFlag.objects.filter(person=other, status=FlagStatus.ACTIVE):
        PersonFlag.objects.get_or_create(
            person=survivor,
            reference_row=flag.reference_row,
            defaults={
                "reference_list": flag.reference_list,
                "reason": flag.reason,
                "score": flag.score,
                "evidence": {**flag.evidence, "from_merged": other.pk},
            },
        )
    return survivor


def niks_one_digit_apart(candidate: DuplicateCandidate) -> bool:
    """Do the pair's NIKs differ in one digit (or two neighbours swapped), the case a verifier must see whole?"""
    a, b = candidate.person_a.nik, candidate.person_b.nik
    apart = digits_apart(a, b)
    swapped = len(apart) == 2 and apart[1] == apart[0] + 1 and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]]
    return len(apart) == 1 or swapped


@transaction.atomic
def reveal_pair_niks(candidate: DuplicateCandidate, *, by) -> tuple[str, str]:
    """Show both whole NIKs of a pair that differ by one digit; each reveal is recorded on its person."""
    if not niks_one_digit_apart(candidate):
        raise DomainError("NIK kedua data tidak hanya berbeda satu digit; buka masing-masing data untuk melihatnya.")
    return (
        people_services.reveal_nik(candidate.person_a, by=by),
        people_services.reveal_nik(candidate.person_b, by=by),
    )


@transaction.atomic
def mark_distinct(candidate: DuplicateCandidate, *, by, note: str = "") -> DuplicateCandidate:
    """Record that the pair are two people; the scan never proposes them again."""
    candidate, a, _b = _lock_pair(candidate, by=by)
    if len((note or "").strip()) < 5:
        raise DomainError(
            "Tulis alasan singkat mengapa keduanya orang berbeda (minimal 5 huruf), misalnya: "
            "“kakak-adik, NIK dan tanggal lahir di KTP berbeda”."
        )
    candidate.status, candidate.reviewer, candidate.decided_at = CandidateStatus.DISTINCT, by, timezone.now()
    candidate.decision_note = note.strip()
    candidate.save()
    audit.record(
        "dedup.candidate.distinct",
        candidate,
        by=by,
        region_code=a.village_id,
        data={"people": [candidate.person_a_id, candidate.person_b_id], "score": candidate.score, "note": note},
    )
    return candidate


def _default_survivor(a: Person, b: Person) -> Person:
    # A verified record has been checked against the KTP; otherwise the older one.
    if (a.status == Status.VERIFIED) != (b.status == Status.VERIFIED):
        return a if a.status == Status.VERIFIED else b
    return a if a.pk < b.pk else b


def _fill_blanks(survivor: Person, other: Person, sides: dict[int, str]) -> dict[str, str]:
    return {
        field: sides[other.pk]
        for field in MERGE_FIELDS
        if getattr(survivor, field) in ("", None) and getattr(other, field) not in ("", None)
    }


def mergeable(user, threshold: float) -> QuerySet:
    """Open candidates at or above the threshold whose both people the user may verify."""
    scope = scope_of(user)
    return DuplicateCandidate.objects.open().filter(
        scope.region_q("person_a__village_id", Action.VERIFY),
        scope.region_q("person_b__village_id", Action.VERIFY),
        score__gte=threshold,
    )


def start_bulk_merge(*, by, threshold: float) -> Job:
    """Queue the merge of every open candidate at or above the threshold in the user's region."""
    scope_of(by).require(Action.VERIFY)
    if threshold < bulk_merge_minimum():
        raise DomainError(
            f"Penggabungan sekaligus hanya untuk peluang minimal {bulk_merge_minimum():.0%}. "
            "Pasangan di bawahnya harus diperiksa satu per satu."
        )
    return enqueue(
        "dedup.bulk_merge", by=by, params={"threshold": threshold}, label=f"Menggabungkan duplikat ≥ {threshold:.0%}"
    )


@handler("dedup.bulk_merge")
def _run_bulk_merge(job: Job, report) -> dict:
    return bulk_merge(by=job.created_by, threshold=float(job.params["threshold"]), progress=report)


def bulk_merge(*, by, threshold: float, progress=None) -> dict:
    """Merge each open candidate above the threshold, keeping the verified or older record."""
    if threshold < bulk_merge_minimum():
        raise DomainError(f"Penggabungan sekaligus hanya untuk peluang minimal {bulk_merge_minimum():.0%}.")
    ids = list(mergeable(by, threshold).order_by("-score", "id").values_list("pk", flat=True))
    merged = skipped = 0
    for done, pk in enumerate(ids, start=1):
        candidate = DuplicateCandidate.objects.select_related("person_a", "person_b").get(pk=pk)
        a, b = candidate.person_a, candidate.person_b
        survivor = _default_survivor(a, b)
        other = b if survivor is a else a
        try:
            merge_people(
                candidate,
                by=by,
                survivor_id=survivor.pk,
                choices=_fill_blanks(survivor, other, {a.pk: "a", b.pk: "b"}),
                note=f"Digabung sekaligus (peluang ≥ {threshold:.0%}).",
            )
            merged += 1
        except DomainError:
            # Superseded by an earlier merge in this run, or needs a person's eye.
            skipped += 1
        if progress:
            progress(done, len(ids), "Menggabungkan duplikat")
    return {
        "merged": merged,
        "skipped": skipped,
        "message": f"{merged} pasangan digabung, {skipped} dilewati untuk diperiksa satu per satu.",
        "next_url": reverse("dedup:candidate-list"),
    }


# --- reference lists --------------------------------------------------------------


def upload_reference_list(uploaded_file, *, by, name: str, kind: str, note: str = "") -> ReferenceList:
    """Store an uploaded reference list and queue its match against the registry."""
    scope_of(by).require(Action.VERIFY)
    if kind not in ListKind.values:
        raise DomainError("Pilih jenis daftar pembanding.")
    filename = getattr(uploaded_file, "name", "") or "daftar"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(filename).name
        with path.open("wb") as fh:
            for chunk in uploaded_file.chunks() if hasattr(uploaded_file, "chunks") else [uploaded_file.read()]:
                fh.write(chunk)
        rows = read_reference_file(path, filename=filename)
    with transaction.atomic():
        reference = ReferenceList.objects.create(
            name=name.strip() or filename,
            kind=kind,
            note=note.strip(),
            file_name=filename[:255],
            uploaded_by=by,
            row_count=len(rows),
        )
        ReferenceRow.objects.bulk_create(
            [
                ReferenceRow(
                    reference_list=reference,
                    line=r.line,
                    nik=r.nik,
                    kk_number=r.kk_number,
                    name=r.name,
                    sex=r.sex,
                    birth_date=r.birth_date,
                    village_code=r.village_code,
                    phone=r.phone,
                    extra=r.extra,
                )
                for r in rows
            ],
            batch_size=2000,
        )
        audit.record(
            "dedup.reference.uploaded", reference, by=by, data={"kind": kind, "rows": len(rows), "file": filename}
        )
        job = enqueue(
            "dedup.match_reference", by=by, params={"list": reference.pk}, label=f"Mencocokkan daftar {reference.name}"
        )
        ReferenceList.objects.filter(pk=reference.pk).update(job=job)
    reference.refresh_from_db()
    return reference


@handler("dedup.match_reference")
def _run_match(job: Job, report) -> dict:
    reference = ReferenceList.objects.get(pk=job.params["list"])
    return match_reference_list(reference, by=job.created_by, progress=report)


def match_reference_list(reference: ReferenceList, *, by, progress=None) -> dict:
    """Match a reference list against the registry and flag who must not be funded."""
    entries = list(
        reference.rows.order_by("line").values_list(
            "pk", "nik", "kk_number", "name", "sex", "birth_date", "village_code", "phone"
        )
    )
    people = _registry_rows()
    result = linkage.link(_person_columns(entries), _person_columns(people), progress=progress)
    n_in = len(entries)
    best: dict[tuple[int, int], tuple[float, dict]] = {}
    for k in range(len(result.left)):
        if result.prob[k] < FLAG_FROM or result.rule[k]:
            continue
        row_pk = entries[int(result.left[k])][0]
        person_pk = people[int(result.right[k]) - n_in][0]
        key = (person_pk, row_pk)
        if key not in best or best[key][0] < result.prob[k]:
            best[key] = (float(result.prob[k]), result.evidence(k))
    reason = LIST_REASONS[reference.kind]
    with transaction.atomic():
        known = set(PersonFlag.objects.filter(reference_list=reference).values_list("person_id", "reference_row_id"))
        PersonFlag.objects.bulk_create(
            [
                PersonFlag(
                    person_id=person_pk,
                    reference_row_id=row_pk,
                    reference_list=reference,
                    reason=reason,
                    score=prob,
                    evidence=evidence,
                )
                for (person_pk, row_pk), (prob, evidence) in best.items()
                if (person_pk, row_pk) not in known
            ],
            batch_size=1000,
        )
        matched = len({person_pk for person_pk, _row in best})
        ReferenceList.objects.filter(pk=reference.pk).update(matched_count=matched)
        audit.record("dedup.reference.matched", reference, by=by, data={"rows": n_in, "flagged_people": matched})
    return {
        "flagged": matched,
        "message": f"{n_in} baris dicocokkan; {matched} orang di registri ditandai dan diblokir.",
        "next_url": reverse("dedup:reference-detail", args=[reference.pk]),
    }


@transaction.atomic
def clear_flag(flag: PersonFlag, *, by, reason: str) -> PersonFlag:
    """Lift a reference-list block after a verifier checked it, saying why."""
    flag = PersonFlag.objects.select_for_update().select_related("person").get(pk=flag.pk)
    scope_of(by).require(Action.VERIFY, flag.person.village_id)
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise DomainError(
            "Tulis alasan (minimal 5 huruf), misalnya “beda orang: tanggal lahir dan nama ibu berbeda” "
            "atau “kepesertaan provinsi sudah berakhir Desember 2025”."
        )
    if not flag.is_active():
        raise WrongState("Tanda ini sudah dibersihkan. Muat ulang halaman.")
    flag.status, flag.cleared_by, flag.cleared_at, flag.clear_reason = FlagStatus.CLEARED, by, timezone.now(), reason
    flag.save()
    audit.record(
        "dedup.flag.cleared",
        flag.person,
        by=by,
        region_code=flag.person.village_id,
        data={"flag": flag.pk, "list": flag.reference_list_id, "reason": reason},
    )
    return flag


def is_blocked(person: Person) -> bool:
    """Tell whether a reference-list match still blocks this person's enrollment."""
    return PersonFlag.objects.filter(person=person, status=FlagStatus.ACTIVE).exists()


def blocked_ids() -> QuerySet:
    """Ids of people blocked by an active flag, for `Person.objects.exclude(pk__in=blocked_ids())`."""
    return PersonFlag.objects.filter(status=FlagStatus.ACTIVE).values("person_id")


def active_flags(people: Iterable[Person]) -> dict[int, list[PersonFlag]]:
    """Active flags per person id, for showing blocks next to people."""
    out: dict[int, list[PersonFlag]] = {}
    for flag in PersonFlag.objects.active().filter(person__in=list(people)).select_related("reference_list"):
        out.setdefault(flag.person_id, []).append(flag)
    return out
