"""Changes after the fact: one person's cover ended or added on an approved year, and a funder deleted.

An approved year's list is in the regent's decree, so a one-person change must leave everybody
else's funder, months and amount exactly as they were: these services touch only that person's
allocation rows (and, for a deleted funder, only that funder's), never re-run the allocation.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone

from lindung.accounts.scoping import require_funding_officer, require_programme_manager, require_region
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.funding import services as funding
from lindung.funding.models import Adjustment, AdjustmentKind, Allocation, Funder, FunderUser, Outcome, Realisation
from lindung.jobs.models import Job, JobStatus
from lindung.lib.formatting import rupiah
from lindung.people.models import Person
from lindung.programmes.models import Amendment, ProgrammeYear
from lindung.programmes.services import ineligibility_reasons


class EndCause(models.TextChoices):
    DIED = "meninggal", "Meninggal dunia"
    MOVED = "pindah", "Pindah domisili"
    COVERED_ELSEWHERE = "asn", "Menjadi ASN / peserta aktif lain"
    DUPLICATE = "ganda", "Data ganda"
    OTHER = "lain", "Lain-lain"


MIN_REASON = 10


def _mask(first: int, last: int) -> int:
    """Months first..last (1-based, inclusive) as a bitmask over the period."""
    return ((1 << (last - first + 1)) - 1) << (first - 1)


def _indexes(mask: int) -> list[int]:
    return [i + 1 for i in range(12) if mask >> i & 1]


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def _lock_approved_year(year: ProgrammeYear) -> ProgrammeYear:
    # Every amendment locks the year row first: amendments on one year run one at a time, so two
    # officers can neither take the same number nor both spend a funder's last rupiah.
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_approved:
        raise DomainError(
            f"Tahun program {year.year} belum disetujui, jadi daftarnya belum terkunci. Ubah lewat penyesuaian "
            "manual lalu jalankan alokasi lagi; amandemen per orang hanya untuk tahun yang sudah disetujui."
        )
    return year


def _lock_person(person: Person, by) -> Person:
    """The person as they are now, held until the amendment is written.

    The caller read the person before the year's lock was granted: meanwhile a verifier may have
    merged them away, moved them to another village or changed their occupation (and with it the
    price). Eligibility, restrictions, prices and the region check go by this reading.
    """
    fresh = Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    if fresh is None:
        raise DomainError(f"Data {person.name} sudah dihapus atau digabung oleh pengguna lain. Muat ulang halaman.")
    require_region(by, "view", fresh.village_id)
    return fresh


def _check_month(year: ProgrammeYear, month: int) -> None:
    if not 1 <= month <= year.months:
        raise DomainError(
            f"Bulan ke-{month} di luar periode program: pilih bulan ke-1 sampai ke-{year.months} "
            f"({year.months_label()})."
        )


def _next_number(year: ProgrammeYear) -> int:
    return (year.amendments.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def _kept_amount(year: ProgrammeYear, row: Allocation, person: Person, mask: int) -> int:
    """What the row costs for the months it keeps.

    Prices may differ by month (PP 50/2025 windows for non-government payers). Where the row was
    priced month by month, the kept months are priced the same way; otherwise (a row written at a
    flat rate) the row's own monthly amount is kept, so an amendment never reprices a month.
    """
    government = row.funder.is_government
    if year.row_amount(person.occupation, row.months_mask, paid_by_government=government) == row.amount:
        return year.row_amount(person.occupation, mask, paid_by_government=government)
    return row.amount // row.months * mask.bit_count()


def _paid_months(rows: list[Allocation], keep: int) -> dict[str, list[int]]:
    """Per funder name, the months being removed from these rows that already have a realisation."""
    removed = {row.funder_id: row.months_mask & ~keep for row in rows}
    realised = Realisation.objects.filter(funder_id__in=removed, amount__gt=0).values_list("funder_id", "month")
    names = {row.funder_id: row.funder.name for row in rows}
    paid: dict[str, list[int]] = {}
    for funder_id, month in sorted(realised, key=lambda fm: (names[fm[0]], fm[1])):
        if removed[funder_id] >> (month - 1) & 1:
            paid.setdefault(names[funder_id], []).append(month)
    return paid


def _person_text(person: Person) -> str:
    return f"{person.name} ({person.masked_nik})"


def _record(year: ProgrammeYear, person: Person, number: int, reason: str, changes: dict, *, action: str, by):
    """The amendment, closed at once (the year stays approved), and its audit entry."""
    amendment = Amendment.objects.create(
        programme_year=year,
        number=number,
        reason=reason,
        changes=changes,
        created_by=_user(by),
        closed_at=timezone.now(),
    )
    audit.record(
        action,
        amendment,
        by=by,
        region_code=person.village_id,
        data={k: v for k, v in changes.items() if k != "summary"} | {"year": year.year, "number": number},
    )
    return amendment


def funder_remaining(funder: Funder) -> int:
    """The funder's pagu minus what its allocation rows commit."""
    spent = Allocation.objects.filter(funder=funder).aggregate(s=Sum("amount"))["s"] or 0
    return funder.budget - spent


def cover_of(year: ProgrammeYear, person: Person) -> list[Allocation]:
    """The person's funded rows in this year, funder first."""
    return list(
        Allocation.objects.filter(programme_year=year, person=person, funder__isnull=False)
        .select_related("funder")
        .order_by("funder__rank", "funder_id")
    )


@transaction.atomic
def end_cover(year: ProgrammeYear, person: Person, *, from_month: int, cause: str, note: str = "", by) -> Amendment:
    """Stop paying for one person from a month on, leaving everybody else as approved."""
    require_funding_officer(by)
    require_region(by, "view", person.village_id)
    return _end_cover(year, person, from_month=from_month, cause=cause, note=note, by=by)


def end_cover_after_closure(
    year: ProgrammeYear, person: Person, *, from_month: int, cause: str, note: str = "", by
) -> Amendment:
    """End the cover of a worker the caller has just recorded as deceased or moved away.

    The death or the move is the authority: whoever may record it (a verifier of the worker's
    region) ends the months that follow, as a recorded amendment like any other.
    """
    require_region(by, "verify", person.village_id)
    if cause not in (EndCause.DIED, EndCause.MOVED):
        raise DomainError("Hanya kematian atau kepindahan yang mengakhiri kepesertaan dengan cara ini.")
    return _end_cover(year, person, from_month=from_month, cause=cause, note=note, by=by)


def _end_cover(year: ProgrammeYear, person: Person, *, from_month: int, cause: str, note: str, by) -> Amendment:
    year = _lock_approved_year(year)
    person = _lock_person(person, by)
    _check_month(year, from_month)
    if cause not in EndCause.values:
        raise DomainError("Pilih alasan berakhirnya kepesertaan: " + ", ".join(EndCause.labels) + ".")
    note = (note or "").strip()
    if cause == EndCause.OTHER and len(note) < MIN_REASON:
        raise DomainError(f"Untuk alasan lain-lain, tulis keterangannya (paling sedikit {MIN_REASON} huruf).")
    rows = list(
        Allocation.objects.select_for_update()
        .filter(programme_year=year, person=person, funder__isnull=False)
        .select_related("funder")
        .order_by("funder__rank", "funder_id")
    )
    if not rows:
        raise DomainError(f"{_person_text(person)} tidak didanai pada tahun program {year.year}.")
    covered = 0
    for row in rows:
        covered |= row.months_mask
    months = _indexes(covered)
    first, last = months[0], months[-1]
    if from_month < first:
        raise DomainError(
            f"Bulan ke-{from_month} ({year.month_label(from_month)}) sebelum bulan pertama yang didanai untuk "
            f"{person.name}, yaitu bulan ke-{first} ({year.month_label(first)}). Untuk menghapus seluruh "
            f"kepesertaannya, pilih bulan ke-{first}."
        )
    if from_month > last:
        raise DomainError(
            f"Pendanaan {person.name} sudah berakhir pada bulan ke-{last} ({year.month_label(last)}); mulai bulan "
            f"ke-{from_month} tidak ada yang dibayar, jadi tidak ada yang diubah."
        )

    number = _next_number(year)
    label = EndCause(cause).label
    reason = f"{label}: {note}" if note else label
    keep = _mask(1, from_month - 1) if from_month > 1 else 0
    # Months the finance office already paid to BPJS for these funders: ending the cover lowers
    # what is committed for them, but money paid does not come back by itself.
    paid = _paid_months(rows, keep)
    changed = []
    for row in rows:
        mask = row.months_mask & keep
        entry = {
            "funder": row.funder_id,
            "funder_name": row.funder.name,
            "months_before": _indexes(row.months_mask),
            "months_after": _indexes(mask),
            "amount_before": row.amount,
            "amount_after": _kept_amount(year, row, person, mask),
        }
        changed.append(entry)
        if not mask:
            row.delete()
            continue
        # A row another funder's months left untouched is still part of a cover that now ends early.
        row.months_mask, row.months, row.amount = mask, mask.bit_count(), entry["amount_after"]
        row.outcome = Outcome.PARTIAL
        row.save(update_fields=["months_mask", "months", "amount", "outcome"])
    if not covered & keep:
        # Nothing left: the person keeps one row without a funder, as the allocation writes for anyone unfunded.
        Allocation.objects.create(
            programme_year=year,
            person=person,
            outcome=Outcome.EXCLUDED,
            rank=rows[0].rank,
            note=f"Amandemen {number}, mulai {year.month_label(from_month)}: {reason}"[:400],
        )
    before = sum(e["amount_before"] for e in changed)
    after = sum(e["amount_after"] for e in changed)
    summary = (
        f"Kepesertaan {_person_text(person)} berakhir mulai {year.month_label(from_month)} ({label}): "
        + "; ".join(f"{e['funder_name']} {rupiah(e['amount_before'])} → {rupiah(e['amount_after'])}" for e in changed)
        + "."
    )
    if paid:
        listed = "; ".join(
            f"{name} bulan {', '.join(year.month_label(m) for m in months)}" for name, months in paid.items()
        )
        summary += (
            f" Sudah direalisasikan (dibayar) sebelumnya: {listed}. Iuran yang sudah dibayar tidak kembali dengan "
            "sendirinya; urus pengembaliannya dengan BPJS Ketenagakerjaan."
        )
    changes = {
        "kind": "end",
        "person": person.pk,
        "person_name": person.name,
        "nik": person.masked_nik,
        "from_month": from_month,
        "cause": cause,
        "rows": changed,
        "amount_before": before,
        "amount_after": after,
        "decree_number": year.decree_number,
        "summary": summary,
        "paid_months_removed": {name: months for name, months in paid.items()},
    }
    return _record(year, person, number, reason, changes, action="funding.amendment.cover_ended", by=by)


@transaction.atomic
def add_cover(year: ProgrammeYear, person: Person, *, funder: Funder, from_month: int, reason: str, by) -> Amendment:
    """Pay for one more person from a month to the funder's last month, out of what the funder has left."""
    require_funding_officer(by)
    require_region(by, "view", person.village_id)
    year = _lock_approved_year(year)
    person = _lock_person(person, by)
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise DomainError(
            f"Tulis alasan penambahan (paling sedikit {MIN_REASON} huruf), misalnya siapa yang digantikan."
        )
    _check_month(year, from_month)
    if funder.programme_year_id != year.pk:
        raise DomainError(f"{funder.name} bukan penyandang dana tahun program {year.year}.")
    # The funder row lock keeps the remaining-budget check and the new row together, whatever
    # else (a realisation, another amendment) touches this funder meanwhile.
    funder = Funder.objects.select_for_update().select_related("programme_year").get(pk=funder.pk)
    last = funder.end_month
    if not funder.first_month <= from_month <= last:
        raise DomainError(
            f"{funder.name} mendanai bulan ke-{funder.first_month} sampai ke-{last} "
            f"({year.months_label(funder.first_month, last)}); bulan ke-{from_month} "
            f"({year.month_label(from_month)}) di luar itu."
        )
    reasons = ineligibility_reasons(year, person)
    if reasons:
        raise DomainError(f"{_person_text(person)} tidak memenuhi syarat tahun {year.year}: " + " ".join(reasons))
    if person.pk in funding.blocked_person_ids():
        raise DomainError(
            f"{_person_text(person)} diblokir oleh pemeriksaan duplikat/daftar rujukan (misalnya sudah didanai "
            "pihak lain). Selesaikan tandanya di menu Duplikat dulu."
        )
    funded = cover_of(year, person)
    if funded:
        where = "; ".join(f"{r.funder.name} bulan ke-{', '.join(map(str, r.month_indexes()))}" for r in funded)
        raise DomainError(f"{_person_text(person)} sudah didanai pada tahun {year.year} ({where}).")
    if not funder.accepts(person.village_id, person.occupation):
        raise DomainError(
            f"Batasan {funder.name} (wilayah/pekerjaan) tidak menerima {person.name} "
            f"({person.occupation_label}, desa {person.village_id}). Pilih penyandang dana lain."
        )
    mask = _mask(from_month, last)
    months = mask.bit_count()
    prices = year.month_prices(person.occupation, paid_by_government=funder.is_government)[from_month - 1 : last]
    needed = sum(prices)
    remaining = funder_remaining(funder)
    if needed > remaining:
        per_month = f"{rupiah(prices[0])} per bulan" if len(set(prices)) == 1 else "tarif per bulan berbeda"
        raise DomainError(
            f"Sisa pagu {funder.name} {rupiah(remaining)}, sedangkan {person.name} selama {months} bulan "
            f"({year.months_label(from_month, last)}) membutuhkan {rupiah(needed)} ({per_month}). "
            f"Kurang {rupiah(needed - remaining)}: pilih bulan yang lebih akhir atau penyandang dana lain."
        )

    number = _next_number(year)
    old = list(Allocation.objects.select_for_update().filter(programme_year=year, person=person))
    rank = (
        old[0].rank
        if old
        else (Allocation.objects.filter(programme_year=year).aggregate(m=models.Max("rank"))["m"] or 0) + 1
    )
    Allocation.objects.filter(pk__in=[r.pk for r in old]).delete()
    # Whole cover: the funder's whole period (issue 9), as the allocation counts it.
    full = mask == funder.months_mask
    Allocation.objects.create(
        programme_year=year,
        person=person,
        funder=funder,
        months_mask=mask,
        months=months,
        amount=needed,
        outcome=Outcome.FUNDED if full else Outcome.PARTIAL,
        rank=rank,
    )
    summary = (
        f"{_person_text(person)} ditambahkan ke {funder.name} mulai {year.months_label(from_month, last)} "
        f"({months} bulan, {rupiah(needed)}); sisa pagu {rupiah(remaining)} → {rupiah(remaining - needed)}."
    )
    changes = {
        "kind": "add",
        "person": person.pk,
        "person_name": person.name,
        "nik": person.masked_nik,
        "funder": funder.pk,
        "funder_name": funder.name,
        "from_month": from_month,
        "months_after": _indexes(mask),
        "replaced_outcome": old[0].outcome if old else None,
        "amount_before": 0,
        "amount_after": needed,
        "funder_remaining_before": remaining,
        "funder_remaining_after": remaining - needed,
        "decree_number": year.decree_number,
        "summary": summary,
    }
    return _record(year, person, number, reason, changes, action="funding.amendment.cover_added", by=by)


def deletion_effects(funder: Funder) -> dict:
    """What deleting the funder would take with it, for the confirmation page."""
    rows = Allocation.objects.filter(funder=funder)
    return {
        "people": rows.values("person").distinct().count(),
        "amount": rows.aggregate(s=Sum("amount"))["s"] or 0,
        "pins": list(
            Adjustment.objects.filter(funder=funder, kind=AdjustmentKind.PIN).select_related("person").order_by("id")
        ),
        "users": list(FunderUser.objects.filter(funder=funder).select_related("user").order_by("id")),
        "realisations": Realisation.objects.filter(funder=funder).count(),
    }


def check_deletable(funder: Funder) -> None:
    """Refuse, with the reason, to delete a funder the decree or a payment already names."""
    year = funder.programme_year
    if year.is_approved:
        raise DomainError(
            f"Tahun program {year.year} sudah disetujui dan {funder.name} tercantum dalam daftarnya, jadi tidak "
            "bisa dihapus. Buka amandemen tahun program dulu (tulis alasannya), lalu hapus."
        )
    # The allocation reads the funders, solves for seconds, then writes rows for the ones it read;
    # rows carry no database foreign key, so a funder deleted meanwhile would leave rows behind.
    running = Job.objects.filter(
        kind="funding.allocate", params__year=year.year, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
    )
    if any(not job.is_stale() for job in running):
        raise DomainError(
            f"Alokasi tahun {year.year} sedang berjalan. Tunggu sampai selesai, lalu hapus {funder.name}."
        )
    realised = Realisation.objects.filter(funder=funder).order_by("month")
    if realised.exists():
        months = ", ".join(f"ke-{r.month}" for r in realised)
        total = sum(r.amount for r in realised)
        raise DomainError(
            f"Sudah ada realisasi pembayaran {funder.name} (bulan {months}, jumlah {rupiah(total)}): uang itu "
            "sudah dibayarkan dan harus tetap tercatat, jadi penyandang dana ini tidak bisa dihapus. Ubah pagunya "
            "bila perlu."
        )


@transaction.atomic
def delete_funder(funder: Funder, *, by) -> dict:
    """Delete a funder entered by mistake from a draft year, with its rows, sponsor links and pins."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=funder.programme_year_id)
    funder = Funder.objects.select_for_update().filter(pk=funder.pk).first()
    if funder is None:
        raise DomainError("Penyandang dana ini sudah dihapus.")
    funder.programme_year = year
    check_deletable(funder)
    effects = deletion_effects(funder)
    rows = Allocation.objects.filter(funder=funder)
    removed_rows = rows.count()
    snapshot = {f: getattr(funder, f) for f in funding.FUNDER_FIELDS} | {"id": funder.pk, "year": year.year}
    data = {
        "funder": snapshot,
        "allocation_rows": removed_rows,
        "people": effects["people"],
        "amount": effects["amount"],
        "pins_removed": [a.person_id for a in effects["pins"]],
        "users_unlinked": [link.user.username for link in effects["users"]],
    }
    audit.record("funding.funder.deleted", funder, by=by, data=data)
    rows.delete()
    Adjustment.objects.filter(funder=funder).delete()
    FunderUser.objects.filter(funder=funder).delete()
    name = funder.name
    funder.delete()
    if removed_rows:
        # The people it paid now have no row or a partial one: the whole run is out of date.
        # Without allocated_at, approve_year refuses until the allocation runs again.
        year.allocated_at = None
        summary = dict(year.allocation_summary or {})
        why = f"Penyandang dana {name} dihapus; {removed_rows} baris alokasinya ikut terhapus."
        summary["stale"] = f"{summary['stale']} {why}" if summary.get("stale") else why
        year.allocation_summary = summary
        year.save(update_fields=["allocated_at", "allocation_summary"])
    return data
