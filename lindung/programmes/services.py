"""Workflows on programme years: set up, change, approve, amend; and who is eligible."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from lindung.accounts.scoping import require_programme_manager
from lindung.audit import services as audit
from lindung.errors import DomainError
from lindung.lib.formatting import tanggal
from lindung.people.models import Occupation, Person, PersonQuerySet, Segment, Status
from lindung.programmes.models import Amendment, ProgrammeYear, RateSchedule, YearStatus, add_months
from lindung.regions.models import below

# Fields the set-up form changes; the audit diff covers exactly these.
YEAR_FIELDS = (
    "year",
    "name",
    "period_start",
    "months",
    "covers_jkk",
    "covers_jkm",
    "covers_jht",
    "declared_income",
    "min_age",
    "max_age",
    "occupations",
    "segments",
    "require_domicile",
    "priority_occupations",
)


def _snapshot(year: ProgrammeYear) -> dict:
    return {f: getattr(year, f) for f in YEAR_FIELDS}


def _check_year(year: ProgrammeYear) -> None:
    if not 1 <= year.months <= 12:
        raise DomainError("Jumlah bulan program harus antara 1 dan 12.")
    if year.period_start.day != 1:
        raise DomainError("Program dimulai pada tanggal 1 suatu bulan. Pilih bulan pertamanya.")
    if not (year.covers_jkk or year.covers_jkm or year.covers_jht):
        raise DomainError("Pilih paling sedikit satu program (JKK, JKM atau JHT).")
    if year.min_age > year.max_age:
        raise DomainError(f"Usia minimum ({year.min_age}) lebih besar dari usia maksimum ({year.max_age}).")
    if year.declared_income <= 0:
        raise DomainError("Penghasilan yang dilaporkan harus lebih dari Rp 0.")
    unknown = sorted(set(year.occupations or []) - set(Occupation.values))
    unknown += sorted(set(year.priority_occupations or []) - set(Occupation.values))
    if unknown:
        raise DomainError(f"Pekerjaan tidak dikenal: {', '.join(unknown)}.")
    if set(year.segments or []) - set(Segment.values):
        raise DomainError("Segmen hanya boleh BPU atau PU.")
    others = ProgrammeYear.objects.exclude(pk=year.pk)
    for other in others.select_for_update() if year.pk else others:
        if year.overlaps(other):
            last = add_months(other.period_end, -1)
            raise DomainError(
                f"Periode {year.months_label()} bertumpuk dengan tahun program {other.year} "
                f"({tanggal(other.period_start)} s.d. akhir {last:%m/%Y}). Satu bulan hanya boleh masuk satu "
                "tahun program: geser bulan pertama atau kurangi jumlah bulan."
            )


def _apply_rates(year: ProgrammeYear) -> None:
    rates = RateSchedule.in_force(year.period_start)
    year.jkk_bp, year.jkm_flat, year.jht_bp = rates.jkk_bp, rates.jkm_flat, rates.jht_bp
    year.discount_bp, year.discount_from, year.discount_to = rates.discount_bp, rates.discount_from, rates.discount_to
    year.transport_discount_from = rates.transport_discount_from
    year.transport_discount_to = rates.transport_discount_to
    year.transport_occupations = list(rates.transport_occupations or [])
    year.min_cover_months = rates.min_cover_months
    year.rates_source = f"Tarif berlaku sejak {tanggal(rates.valid_from)}. {rates.source}".strip()


@transaction.atomic
def create_year(data: dict, *, by) -> ProgrammeYear:
    """Set up a programme year with the rates in force on its first month."""
    require_programme_manager(by)
    if ProgrammeYear.objects.filter(year=data["year"]).exists():
        raise DomainError(f"Tahun program {data['year']} sudah ada. Buka tahun itu untuk mengubahnya.")
    year = ProgrammeYear(**{k: v for k, v in data.items() if k in YEAR_FIELDS})
    _check_year(year)
    _apply_rates(year)
    year.save()
    audit.record("programmes.year.created", year, by=by, data=_snapshot(year))
    return year


@transaction.atomic
def update_year(year: ProgrammeYear, data: dict, *, by) -> ProgrammeYear:
    """Change a draft year's set-up; the rates follow its (possibly new) first month."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    year.require_editable()
    before = _snapshot(year)
    for key, value in data.items():
        if key in YEAR_FIELDS:
            setattr(year, key, value)
    _check_year(year)
    _apply_rates(year)
    year.save()
    changes = audit.diff(before, _snapshot(year))
    if changes:
        audit.record("programmes.year.updated", year, by=by, data={"changes": changes})
    return year


def allocation_out_of_date(year: ProgrammeYear) -> str:
    """Why the last allocation no longer matches the year's set-up, in Indonesian; "" when it still does."""
    from lindung.audit.models import AuditEntry
    from lindung.funding.models import Funder

    if year.allocated_at is None:
        return (year.allocation_summary or {}).get("stale", "")
    since = year.allocated_at
    reasons = []
    added = list(Funder.objects.filter(programme_year=year, created_at__gt=since).values_list("name", flat=True))
    if added:
        reasons.append(f"Penyandang dana {', '.join(added)} ditambahkan sesudah alokasi.")
    funder_ids = [str(pk) for pk in Funder.objects.filter(programme_year=year).values_list("pk", flat=True)]
    changed = (
        AuditEntry.objects.filter(
            created_at__gt=since,
            action="funding.funder.updated",
            target_type="funding.funder",
            target_id__in=funder_ids,
        )
        .values_list("target_id", flat=True)
        .distinct()
    )
    if changed:
        names = Funder.objects.filter(pk__in=list(changed)).values_list("name", flat=True)
        reasons.append(f"Penyandang dana {', '.join(names)} diubah sesudah alokasi.")
    reasons += _adjustment_changes(year, since)
    if AuditEntry.objects.filter(
        created_at__gt=since,
        action="programmes.year.updated",
        target_type=ProgrammeYear._meta.label_lower,
        target_id=str(year.pk),
    ).exists():
        reasons.append("Pengaturan tahun program diubah sesudah alokasi.")
    return " ".join(reasons)


def _adjustment_changes(year: ProgrammeYear, since) -> list[str]:
    """Manual adjustments added, changed or removed after the run, each kind as one Indonesian sentence."""
    from lindung.audit.models import AuditEntry
    from lindung.funding.models import Adjustment

    reasons = []
    current = Adjustment.objects.filter(programme_year=year)
    added = current.filter(created_at__gt=since).count()
    if added:
        reasons.append(f"{added} penyesuaian manual ditambahkan sesudah alokasi.")
    # An edit keeps the row and its created_at (update_or_create), so only its audit entry shows it.
    older = [str(pk) for pk in current.filter(created_at__lte=since).values_list("pk", flat=True)]
    changed = (
        AuditEntry.objects.filter(
            created_at__gt=since,
            action="funding.adjustment.set",
            target_type=Adjustment._meta.label_lower,
            target_id__in=older,
        )
        .values_list("target_id", flat=True)
        .distinct()
        .count()
    )
    if changed:
        reasons.append(f"{changed} penyesuaian manual diubah sesudah alokasi.")
    removals = AuditEntry.objects.filter(
        created_at__gt=since, action="funding.adjustment.removed", data__year=year.pk
    ).values_list("data", flat=True)
    # One added and removed again since the run left its inputs as they were.
    removed = sum(1 for d in removals if "created_at" not in d or datetime.fromisoformat(d["created_at"]) <= since)
    if removed:
        reasons.append(f"{removed} penyesuaian manual dihapus sesudah alokasi.")
    return reasons


@transaction.atomic
def approve_year(
    year: ProgrammeYear,
    *,
    by,
    decree_number: str = "",
    decree_date: date | None = None,
    allocated_at=None,
) -> ProgrammeYear:
    """Freeze the year's list and amounts under a numbered, dated decree, closing an open amendment.

    `allocated_at` is the allocation the approver saw on the confirmation page: a run since then
    is refused, so nobody approves totals they have not seen.
    """
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    if year.is_approved:
        raise DomainError(f"Tahun program {year.year} sudah disetujui.")
    stale = allocation_out_of_date(year)
    if stale:
        raise DomainError(
            f"Hasil alokasi tahun {year.year} sudah tidak berlaku: {stale} Jalankan alokasi lagi, lalu setujui."
        )
    if year.allocated_at is None or not year.allocations.filter(funder__isnull=False).exists():
        raise DomainError(
            f"Tahun program {year.year} belum punya peserta yang didanai. Jalankan alokasi dulu, periksa hasilnya, "
            "lalu setujui."
        )
    if allocated_at is not None and allocated_at != year.allocated_at:
        raise DomainError(
            "Alokasi dijalankan lagi sesudah Anda membuka halaman persetujuan. Periksa jumlah yang baru, lalu setujui."
        )
    decree_number = (decree_number or "").strip()
    if not decree_number:
        raise DomainError("Isi nomor SK Bupati yang menetapkan daftar ini, misalnya 500/123/HK/2026.")
    if decree_date is None:
        raise DomainError("Isi tanggal SK Bupati (hari/bulan/tahun), misalnya 02/01/2026.")
    year.status = YearStatus.APPROVED
    year.approved_at = timezone.now()
    year.approved_by = by if getattr(by, "is_authenticated", False) else None
    year.decree_number = decree_number
    year.decree_date = decree_date
    year.save(update_fields=["status", "approved_at", "approved_by", "decree_number", "decree_date"])
    open_amendment = year.amendments.filter(closed_at__isnull=True).first()
    if open_amendment:
        open_amendment.closed_at = year.approved_at
        open_amendment.changes = {**open_amendment.changes, "after": year.allocation_summary}
        open_amendment.save(update_fields=["closed_at", "changes"])
    audit.record(
        "programmes.year.approved",
        year,
        by=by,
        data={
            "decree_number": year.decree_number,
            "decree_date": decree_date.isoformat(),
            "summary": year.allocation_summary,
        },
    )
    return year


@transaction.atomic
def open_amendment(year: ProgrammeYear, *, reason: str, by) -> Amendment:
    """Unlock an approved year for a recorded change; approving again closes the amendment."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_approved:
        raise DomainError(f"Tahun program {year.year} belum disetujui, jadi bisa diubah langsung tanpa amandemen.")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError("Tulis alasan amandemen (paling sedikit 10 huruf), misalnya nomor surat atau kejadiannya.")
    number = (year.amendments.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    amendment = Amendment.objects.create(
        programme_year=year,
        number=number,
        reason=reason,
        changes={"before": year.allocation_summary, "decree_number": year.decree_number},
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    year.status = YearStatus.DRAFT
    year.save(update_fields=["status"])
    audit.record("programmes.year.amendment_opened", year, by=by, data={"number": number, "reason": reason})
    return amendment


def _years_before(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def eligible_people(year: ProgrammeYear) -> PersonQuerySet:
    """Verified people who meet the year's rules on its first day (blocking is the funding app's job)."""
    qs: QuerySet = Person.objects.filter(status=Status.VERIFIED).aged_between(
        year.min_age, year.max_age, on=year.period_start
    )
    if year.occupations:
        qs = qs.filter(occupation__in=year.occupations)
    if year.segments:
        qs = qs.filter(segment__in=year.segments)
    if year.require_domicile:
        qs = qs.filter(below("village_id", settings.LINDUNG_REGENCY))
    return qs


def ineligibility_reasons(year: ProgrammeYear, person: Person) -> list[str]:
    """Why one person is outside the year's rules, in Indonesian; empty when eligible."""
    reasons = []
    if person.status != Status.VERIFIED:
        reasons.append(f"Status data {person.get_status_display().lower()}, belum/tidak terverifikasi.")
    age = person.age_on(year.period_start)
    if not year.min_age <= age <= year.max_age:
        reasons.append(
            f"Usia {age} tahun pada {tanggal(year.period_start)}, di luar batas {year.min_age}–{year.max_age} tahun."
        )
    if year.occupations and person.occupation not in year.occupations:
        reasons.append(f"Pekerjaan {person.occupation_label} tidak termasuk yang didanai tahun {year.year}.")
    if year.segments and person.segment not in year.segments:
        reasons.append(f"Segmen {person.segment} tidak termasuk yang didanai tahun {year.year}.")
    if year.require_domicile and not (
        person.village_id == settings.LINDUNG_REGENCY or person.village_id.startswith(settings.LINDUNG_REGENCY + ".")
    ):
        reasons.append("Tidak berdomisili di kabupaten ini.")
    return reasons
