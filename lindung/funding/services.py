"""Workflows on funders and the allocation: enter funders, adjust by hand, allocate, realise."""

from __future__ import annotations

import importlib
import time
from collections import Counter, defaultdict

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import require_programme_manager, require_region
from lindung.accounts.services import grant_role
from lindung.audit import services as audit
from lindung.db import insert_rows
from lindung.errors import DomainError
from lindung.funding import allocation as solver
from lindung.funding.models import (
    VILLAGE_KINDS,
    Adjustment,
    AdjustmentKind,
    Allocation,
    Funder,
    FunderKind,
    FunderUser,
    Outcome,
    Realisation,
)
from lindung.jobs.services import handler
from lindung.lib.bulk import fewer_collections
from lindung.lib.formatting import rupiah
from lindung.people.models import Occupation, Person, Status
from lindung.programmes.models import ProgrammeYear
from lindung.programmes.services import eligible_people, ineligibility_reasons
from lindung.regions.models import Region, below

FUNDER_FIELDS = (
    "kind",
    "name",
    "budget",
    "village_id",
    "districts",
    "villages",
    "occupations",
    "first_month",
    "last_month",
    "rank",
    "allow_split",
    "note",
    "wadah_type",
    "wadah_code",
)


def blocked_person_ids() -> set[int]:
    """People the duplicate/reference-list check blocks from funding.

    The single hook into lindung.dedup: once that app is installed its `blocked_ids()`
    (or, failing that, `is_blocked(person)`) decides; until then nobody is blocked.
    """
    if not django_apps.is_installed("lindung.dedup"):
        return set()
    dedup = importlib.import_module("lindung.dedup.services")
    if hasattr(dedup, "blocked_ids"):
        # It returns a values("person_id") queryset today; accept plain ids too.
        return {row["person_id"] if isinstance(row, dict) else row for row in dedup.blocked_ids()}
    if hasattr(dedup, "is_blocked"):
        return {p.pk for p in Person.objects.filter(status=Status.VERIFIED).iterator() if dedup.is_blocked(p)}
    return set()


def _snapshot(funder: Funder) -> dict:
    return {f: getattr(funder, f) for f in FUNDER_FIELDS}


def _region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def _check_funder(funder: Funder) -> None:
    """Every rule a funder must meet; raises with what to fix, before anything is written."""
    year = funder.programme_year
    if funder.kind not in FunderKind.values:
        raise DomainError("Pilih jenis penyandang dana.")
    if funder.budget is None or funder.budget <= 0:
        raise DomainError("Isi pagu anggaran lebih dari Rp 0.")
    last = funder.last_month or year.months
    if not (1 <= funder.first_month <= last <= year.months):
        raise DomainError(
            f"Bulan pendanaan harus di dalam periode program: bulan ke-1 sampai ke-{year.months} "
            f"({year.months_label()})."
        )
    if funder.kind in VILLAGE_KINDS:
        if not funder.village_id:
            raise DomainError(f"Dana {funder.get_kind_display()} milik satu desa: pilih desanya.")
        funder.districts, funder.villages = [], []
    elif funder.village_id:
        raise DomainError("Hanya dana desa (APBDes, ADD, Dana Desa) yang terikat pada satu desa. Kosongkan isian desa.")
    regency = settings.LINDUNG_REGENCY
    codes = (
        set(funder.districts or []) | set(funder.villages or []) | ({funder.village_id} if funder.village_id else set())
    )
    known = set(Region.objects.filter(code__in=codes, current=True).values_list("code", flat=True))
    wrong = sorted(c for c in codes if c not in known or not c.startswith(regency + "."))
    if wrong:
        raise DomainError(f"Kode wilayah tidak dikenal atau di luar kabupaten: {', '.join(wrong)}.")
    unknown = sorted(set(funder.occupations or []) - set(Occupation.values))
    if unknown:
        raise DomainError(f"Pekerjaan tidak dikenal: {', '.join(unknown)}.")
    one_person = funder.cheapest_person()
    if funder.allow_split:
        # Its money may pay single months of people, together with other funders that allow it.
        one_person = funder.cheapest_month()
    if funder.budget < one_person:
        how = (
            "paling murah, sudah dengan potongan PP 50/2025"
            if funder.gets_discount()
            else f"{rupiah(funder.monthly_cost())} per bulan"
        )
        if funder.allow_split:
            raise DomainError(
                f"Pagu {rupiah(funder.budget)} kurang dari biaya satu pekerja selama satu bulan "
                f"({rupiah(one_person)}). Naikkan pagunya."
            )
        raise DomainError(
            f"Pagu {rupiah(funder.budget)} kurang dari biaya satu pekerja selama {funder.month_count} bulan "
            f"({rupiah(one_person)}: {how}). Naikkan pagu atau kurangi bulannya."
        )
    _check_people_exist(funder)


def _check_people_exist(funder: Funder) -> None:
    """Refuse restrictions that match nobody: the money would sit unused without anyone noticing."""
    year = funder.programme_year
    pool = eligible_people(year)
    if funder.occupations:
        pool = pool.filter(occupation__in=funder.occupations)
    places = funder.region_codes()
    if not places:
        if not pool.exists():
            raise DomainError(
                "Belum ada pekerja terverifikasi yang memenuhi syarat tahun ini dan cocok dengan batasan pekerjaan "
                "penyandang dana ini. Verifikasi pekerjanya dulu atau longgarkan batasannya."
            )
        return
    # One indexed EXISTS per place: cheap even with a million people in the registry.
    empty = [p for p in places if not pool.filter(below("village_id", p)).exists()]
    if empty:
        names = _region_names(empty)
        listed = ", ".join(f"{names.get(c, c)} ({c})" for c in empty)
        raise DomainError(
            f"Tidak ada pekerja yang memenuhi syarat tahun {year.year} di {listed}"
            f"{' dengan pekerjaan yang dipilih' if funder.occupations else ''}. "
            "Pilih wilayah lain, atau verifikasi/usulkan pekerja di sana dulu."
        )


def _clean(data: dict) -> dict:
    data = {k: v for k, v in data.items() if k in FUNDER_FIELDS or k == "village"}
    if "village" in data:
        village = data.pop("village")
        data["village_id"] = getattr(village, "pk", village) or None
    return data


@transaction.atomic
def create_funder(year: ProgrammeYear, data: dict, *, by) -> Funder:
    """Enter a funder for a draft year."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    year.require_editable()
    data = _clean(data)
    data.setdefault("rank", None)
    if data["rank"] is None:
        from lindung.funding.models import DEFAULT_RANK

        data["rank"] = DEFAULT_RANK.get(data.get("kind"), 50)
    if Funder.objects.filter(programme_year=year, name=data.get("name", "")).exists():
        raise DomainError(
            f"Penyandang dana bernama {data.get('name')} sudah ada di tahun {year.year}. Pakai nama lain."
        )
    funder = Funder(programme_year=year, **data)
    _check_funder(funder)
    funder.save()
    audit.record("funding.funder.created", funder, by=by, data=_snapshot(funder))
    return funder


@transaction.atomic
def update_funder(funder: Funder, data: dict, *, by) -> Funder:
    """Change a draft year's funder."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=funder.programme_year_id)
    year.require_editable()
    funder = Funder.objects.select_related("programme_year").get(pk=funder.pk)
    before = _snapshot(funder)
    data = _clean(data)
    if data.get("rank", funder.rank) is None:
        data.pop("rank")  # a blank rank on the form keeps the funder's place in the order
    for key, value in data.items():
        setattr(funder, key, value)
    _check_funder(funder)
    funder.save()
    audit.record("funding.funder.updated", funder, by=by, data={"changes": audit.diff(before, _snapshot(funder))})
    return funder


@transaction.atomic
def link_sponsor(funder: Funder, user, *, by) -> FunderUser:
    """Let a sponsor's login see this funder's people (masked) and nothing else."""
    require_programme_manager(by)
    grant_role(user, Role.SPONSOR, None, by=by)
    link, created = FunderUser.objects.get_or_create(funder=funder, user=user)
    if created:
        audit.record("funding.funder.user_linked", funder, by=by, data={"user": user.username})
    return link


@transaction.atomic
def unlink_sponsor(link: FunderUser, *, by) -> None:
    """Stop a sponsor's login from seeing this funder's people (its other funders stay)."""
    require_programme_manager(by)
    audit.record("funding.funder.user_unlinked", link.funder, by=by, data={"user": link.user.username})
    link.delete()


@transaction.atomic
def create_sponsor_user(funder: Funder, username: str, password: str, *, by):
    """Create a sponsor's login (password rules apply) and link it to the funder."""
    require_programme_manager(by)
    from lindung.accounts.services import create_user

    user = create_user(username, password, full_name=funder.name, by=by)
    link_sponsor(funder, user, by=by)
    return user


@transaction.atomic
def adjust_person(year: ProgrammeYear, person: Person, *, kind: str, reason: str, funder: Funder | None = None, by):
    """Record a hand decision (exclude, or pay from a given funder) that the next run respects."""
    require_programme_manager(by)
    require_region(by, "view", person.village_id)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    year.require_editable()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Tulis alasan penyesuaian, agar orang lain tahu mengapa hasil alokasi diubah.")
    if kind == AdjustmentKind.PIN:
        if funder is None or funder.programme_year_id != year.pk:
            raise DomainError("Pilih penyandang dana dari tahun program ini.")
        if ineligibility_reasons(year, person):
            raise DomainError(f"{person.name} tidak memenuhi syarat: " + " ".join(ineligibility_reasons(year, person)))
        if not funder.accepts(person.village_id, person.occupation):
            raise DomainError(
                f"{funder.name} tidak mendanai pekerja dari desa/pekerjaan {person.name}. Pilih penyandang dana lain."
            )
    elif kind != AdjustmentKind.EXCLUDE:
        raise DomainError("Jenis penyesuaian tidak dikenal.")
    adjustment, _ = Adjustment.objects.update_or_create(
        programme_year=year,
        person=person,
        defaults={"kind": kind, "funder": funder, "reason": reason, "created_by": _user(by)},
    )
    audit.record(
        "funding.adjustment.set",
        adjustment,
        by=by,
        data={"person": person.pk, "kind": kind, "funder": funder.pk if funder else None, "reason": reason},
    )
    return adjustment


@transaction.atomic
def remove_adjustment(adjustment: Adjustment, *, by) -> None:
    """Drop a hand decision; the next run decides for the person again."""
    require_programme_manager(by)
    year = ProgrammeYear.objects.select_for_update().get(pk=adjustment.programme_year_id)
    year.require_editable()
    # Another tab may have removed it since the page was drawn: one removal, one audit entry.
    adjustment = Adjustment.objects.filter(pk=adjustment.pk).first()
    if adjustment is None:
        raise DomainError("Penyesuaian ini sudah dihapus.")
    # The year and the row's age let allocation_out_of_date tell whether the last run saw this row.
    data = {
        "person": adjustment.person_id,
        "year": year.pk,
        "kind": adjustment.kind,
        "created_at": adjustment.created_at,
    }
    audit.record("funding.adjustment.removed", adjustment, by=by, data=data)
    adjustment.delete()


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def priority_ordering(year: ProgrammeYear) -> list:
    """Categories in the regency's order first, then the earliest proposal, then the id for ties.

    The database sorts: a million proposal timestamps cost seconds to bring into Python and
    nothing to sort where they are.
    """
    order = list(year.priority_occupations or [])
    by_time = [F("proposed_at").asc(nulls_last=True), "id"]
    if not order:
        # A CASE with no WHEN is a bare constant, which PostgreSQL reads as a column position.
        return by_time
    rank = Case(
        *[When(occupation=occ, then=Value(i)) for i, occ in enumerate(order)],
        default=Value(len(order)),
        output_field=IntegerField(),
    )
    return [rank.asc(), *by_time]


@fewer_collections()
def allocate_year(year: ProgrammeYear, *, by, progress=None) -> dict:
    """Assign the year's eligible, unblocked people to its funders, replacing the previous run."""
    require_programme_manager(by)
    clock = [time.perf_counter()]
    # The set-up is read under the year's lock, as every change to it is made: the run starts from
    # one consistent state, and whatever is changed after it shows at the write (see _inputs).
    with transaction.atomic():
        year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
        year.require_editable()
        funders = list(Funder.objects.filter(programme_year=year).order_by("rank", "id"))
        adjustments = {a.person_id: a for a in Adjustment.objects.filter(programme_year=year)}
        read = _inputs(year, funders, adjustments.values())
    if not funders:
        raise DomainError(f"Tahun program {year.year} belum punya penyandang dana. Tambahkan paling sedikit satu.")
    rows = list(eligible_people(year).order_by(*priority_ordering(year)).values_list("id", "village_id", "occupation"))
    if not rows:
        raise DomainError(
            f"Tidak ada pekerja terverifikasi yang memenuhi syarat tahun {year.year}. Verifikasi pekerja dulu."
        )
    clock.append(time.perf_counter())
    blocked = blocked_person_ids()
    funder_index = {f.pk: i for i, f in enumerate(funders)}

    candidates, set_aside = [], []
    for rank, row in enumerate(rows, start=1):
        adj = adjustments.get(row[0])
        if row[0] in blocked:
            set_aside.append((row[0], rank, Outcome.BLOCKED, ""))
        elif adj is not None and adj.kind == AdjustmentKind.EXCLUDE:
            set_aside.append((row[0], rank, Outcome.EXCLUDED, adj.reason[:400]))
        else:
            candidates.append((rank, row))

    type_index: dict[tuple[str, str], int] = {}
    person_types = []
    pinned = {}
    for i, (_, (pk, village, occupation)) in enumerate(candidates):
        person_types.append(type_index.setdefault((village, occupation), len(type_index)))
        adj = adjustments.get(pk)
        if adj is not None and adj.kind == AdjustmentKind.PIN:
            pinned[i] = funder_index[adj.funder_id]
    type_keys = list(type_index)
    # Price classes: other sectors (0) and transport (1), which PP 50/2025 discounts over different
    # months; each funder's price_table() gives a price per class and month (full for public money).
    type_class = [int(year.is_transport(occupation)) for _, occupation in type_keys]
    for f in funders:
        f.programme_year = year  # the prices read the year's rates: one query, not one per funder
    specs = [
        solver.FunderSpec(
            key=f.pk,
            budget=f.budget,
            monthly_cost=f.monthly_cost(),
            first_month=f.first_month,
            last_month=f.end_month,
            accepts=lambda key, f=f: f.accepts(key[0], key[1]),
            prices=f.price_table(),
            allow_split=f.allow_split,
        )
        for f in funders
    ]
    try:
        result = solver.allocate(
            person_types,
            type_keys,
            specs,
            year.months,
            pinned=pinned,
            progress=progress,
            type_class=type_class,
            min_months=year.min_cover_months,
        )
    except solver.PinError as exc:
        person = Person.objects.get(pk=candidates[exc.person_index][1][0])
        funder = funders[exc.funder_index]
        why = "pagunya tidak cukup lagi" if exc.reason == "budget" else "batasannya tidak menerima orang ini"
        raise DomainError(
            f"Penetapan manual {person.name} ke {funder.name} tidak bisa dipakai: {why}. "
            "Ubah atau hapus penyesuaian itu lalu jalankan alokasi lagi."
        ) from None

    clock.append(time.perf_counter())
    # Rows per (person, funder) come sorted by person. A whole cover (a funder's whole period) is
    # FUNDED; months from a funder that allows splitting are PARTIAL, alone, with other such
    # funders, or beside a whole cover shorter than the programme. A person counts as FUNDED if
    # one funder covers its whole period.
    persons, funder_idx, masks = result.person.tolist(), result.funder.tolist(), result.mask.tolist()
    amounts, whole = result.amount.tolist(), result.whole.tolist()  # amount: its months' prices
    outcome_of = [None] * len(candidates)
    for i, is_whole in zip(persons, whole, strict=True):
        if is_whole or outcome_of[i] is None:
            outcome_of[i] = Outcome.FUNDED if is_whole else Outcome.PARTIAL
    out = []
    by_outcome: Counter = Counter()
    for i, fi, mask, amount, is_whole in zip(persons, funder_idx, masks, amounts, whole, strict=True):
        rank, row = candidates[i]
        pk = row[0]
        note = adjustments[pk].reason[:400] if pk in adjustments else ""
        outcome = Outcome.FUNDED if is_whole else Outcome.PARTIAL
        out.append((pk, funders[fi].pk, mask, mask.bit_count(), amount, outcome, rank, note))
    for i, (rank, row) in enumerate(candidates):
        pk = row[0]
        if outcome_of[i] is not None:
            by_outcome[outcome_of[i]] += 1
            continue
        outcome = Outcome.NO_BUDGET if result.admissible[i] else Outcome.NO_FUNDER
        by_outcome[outcome] += 1
        out.append((pk, None, 0, 0, 0, outcome, rank, adjustments[pk].reason[:400] if pk in adjustments else ""))
    for pk, rank, outcome, note in set_aside:
        by_outcome[outcome] += 1
        out.append((pk, None, 0, 0, 0, outcome, rank, note))
    per_funder = {str(f.pk): {"spent": result.spent[i], "budget": f.budget} for i, f in enumerate(funders)}
    summary = {
        "eligible": len(rows),
        "candidates": len(candidates),
        "person_months": result.person_months,
        "amount": sum(result.spent),
        "outcomes": dict(by_outcome),
        "funders": per_funder,
        "solver": result.stats,
    }
    with transaction.atomic():
        locked = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
        locked.require_editable()
        now = _inputs(
            locked,
            Funder.objects.filter(programme_year=year).order_by("rank", "id"),
            Adjustment.objects.filter(programme_year=year),
        )
        if now != read:
            # A budget lowered, a funder deleted or a pin moved while the solver ran: rows written from
            # the old set-up would overspend or name a funder that is gone, and look up to date.
            raise DomainError(
                f"Pengaturan tahun program {year.year} (penyandang dana, pagu, atau penyesuaian manual) diubah "
                "pengguna lain selama alokasi berjalan, jadi hasil alokasi ini tidak disimpan; hasil sebelumnya "
                "tetap berlaku. Jalankan alokasi lagi."
            )
        Allocation.objects.filter(programme_year=year).delete()
        _insert_allocations(year.pk, out)
        locked.allocated_at = timezone.now()
        locked.allocation_summary = summary
        locked.save(update_fields=["allocated_at", "allocation_summary"])
        audit.record("funding.allocation.run", locked, by=by, data={k: v for k, v in summary.items() if k != "funders"})
    clock.append(time.perf_counter())
    summary["seconds"] = {
        "load": round(clock[1] - clock[0], 2),
        "solve": round(clock[2] - clock[1], 2),
        "write": round(clock[3] - clock[2], 2),
    }
    return summary


# What a run writes, not what it reads: these may differ between the read and the write.
_YEAR_OUTPUTS = {"allocated_at", "allocation_summary", "updated_at"}


def _inputs(year: ProgrammeYear, funders, adjustments) -> tuple:
    """Everything an allocation reads of the year besides its people, as values to compare."""

    def values(obj, skip=()) -> tuple:
        return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in skip)

    return (
        values(year, _YEAR_OUTPUTS),
        tuple(values(f) for f in funders),
        tuple(sorted(values(a) for a in adjustments)),
    )


def _insert_allocations(year_id: int, rows: list[tuple]) -> None:
    """Write a run's rows in bulk; a million model instances would cost more than the solver."""
    columns = ("programme_year_id", "person_id", "funder_id", "months_mask", "months", "amount", "outcome", "rank",
               "note")  # fmt: skip
    if connection.vendor == "sqlite":
        # A run rewrites up to millions of index entries; SQLite's default 2 MB page cache would
        # spill them to disk again and again (the setting lasts only for this connection).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    insert_rows(Allocation._meta.db_table, columns, [(year_id, *row) for row in rows], chunk=50_000)


def explain(year: ProgrammeYear, person: Person) -> list[str]:
    """Why this person is or is not funded in this year, in Indonesian sentences."""
    reasons = ineligibility_reasons(year, person)
    if reasons:
        return ["Tidak ikut alokasi karena tidak memenuhi syarat.", *reasons]
    rows = list(Allocation.objects.filter(programme_year=year, person=person).select_related("funder"))
    if not rows:
        if year.allocated_at is None:
            return ["Alokasi tahun ini belum dijalankan."]
        if year.is_approved:
            return [
                "Memenuhi syarat, tetapi belum ada pada daftar yang disetujui: tambahkan lewat amandemen per orang "
                "bila ada sisa pagu."
            ]
        return ["Memenuhi syarat, tetapi belum ada pada alokasi terakhir: jalankan alokasi lagi."]
    lines = []
    first = rows[0]
    # One-person amendments after approval change months on purpose, not for lack of money.
    amended = list(year.amendments.filter(changes__person=person.pk).order_by("number"))
    paid = [row for row in rows if row.funder_id]
    whole = [row for row in paid if row.outcome == Outcome.FUNDED]
    extra = [row for row in paid if row.outcome != Outcome.FUNDED]
    for row in whole:
        lines.append(
            f"Didanai penuh {row.months} bulan oleh {row.funder.name} "
            f"({_months_text(year, row.month_indexes())}), {rupiah(row.amount)}."
        )
        if not extra and (warning := row.funder.short_period_warning()):
            lines.append(warning)
    if extra:
        parts = "; ".join(
            f"{row.months} bulan oleh {row.funder.name} ({_months_text(year, row.month_indexes())}), "
            f"{rupiah(row.amount)}"
            for row in extra
        )
        covered = sum(row.months for row in paid)
        if whole:
            lines.append(f"Ditambah {parts}: jumlahnya {covered} bulan.")
        else:
            lines.append(f"Didanai {parts}." if len(extra) == 1 else f"Didanai sebagian, {covered} bulan: {parts}.")
        if not amended:
            names = ", ".join(row.funder.name for row in extra)
            if whole:
                lines.append(
                    f"{names} boleh membiayai sebagian bulan: sisa pagunya, sesudah semua orang yang bisa didanai "
                    "penuh, menambah bulan di luar periode penyandang dana pertama."
                )
            else:
                lines.append(
                    "Tidak ada pagu yang tersisa untuk mendanai orang ini penuh selama periode satu penyandang "
                    f"dana; {names} boleh membiayai sebagian bulan, jadi sisa pagunya dipakai untuk bulan-bulan ini "
                    f"(paling sedikit {min(year.min_cover_months, year.months)} bulan per orang)."
                )
            if warning := year.short_cover_text(covered):
                lines.append(warning)
    elif first.outcome == Outcome.NO_BUDGET:
        accepting = [f for f in year.funders.all() if f.accepts(person.village_id, person.occupation)]
        lines.append(
            f"Belum didanai: pagu {', '.join(f.name for f in accepting)} sudah habis untuk pekerja dengan prioritas "
            f"lebih tinggi (urutan prioritas orang ini: {angka(first.rank)}). Setiap penyandang dana mendanai orang "
            "penuh selama periodenya; sisa pagu yang kurang dari biaya satu orang tidak dibagi ke sebagian bulan."
        )
        splitting = [f.name for f in accepting if f.allow_split]
        if splitting:
            lines.append(
                f"{', '.join(splitting)} boleh membiayai sebagian bulan, tetapi sisa pagunya tidak cukup untuk "
                f"paling sedikit {min(year.min_cover_months, year.months)} bulan."
            )
    elif first.outcome == Outcome.NO_FUNDER:
        lines.append(
            "Belum didanai: tidak ada penyandang dana yang menerima desa dan pekerjaan orang ini. Tambahkan "
            "penyandang dana (misalnya APBD kabupaten tanpa batasan) atau longgarkan batasannya."
        )
    elif first.outcome == Outcome.BLOCKED:
        lines.append(
            "Tidak didanai: diblokir oleh pemeriksaan duplikat/daftar rujukan (misalnya sudah didanai pihak lain)."
        )
    elif first.outcome == Outcome.EXCLUDED:
        lines.append(f"Dikeluarkan secara manual: {first.note}")
    if first.note and first.outcome != Outcome.EXCLUDED:
        lines.append(f"Penyesuaian manual: {first.note}")
    lines += [f"Amandemen {a.number}: {a.changes.get('summary', '')} Alasan: {a.reason}." for a in amended]
    return lines


def _months_text(year: ProgrammeYear, indexes: list[int]) -> str:
    """Consecutive months as ranges: 'Oktober 2021 – Desember 2021'."""
    return year.mask_label(sum(1 << (i - 1) for i in indexes)) or "-"


def funder_totals(year: ProgrammeYear) -> list[dict]:
    """Per funder: pagu, people, person-months and amount committed by the last run."""
    agg = {
        row["funder"]: row
        for row in Allocation.objects.filter(programme_year=year, funder__isnull=False)
        .values("funder")
        .annotate(people=Count("person", distinct=True), person_months=Sum("months"), amount=Sum("amount"))
    }
    funders = list(Funder.objects.filter(programme_year=year).select_related("village").order_by("rank", "name", "id"))
    names = _region_names({code for f in funders for code in [*(f.districts or []), *(f.villages or [])]})
    out = []
    for f in funders:
        f.programme_year = year  # its warning reads the year: one query, not one per funder
        row = agg.get(f.pk, {})
        amount = row.get("amount") or 0
        out.append(
            {
                "funder": f,
                "restriction": restriction_text(f, names),
                "people": row.get("people") or 0,
                "person_months": row.get("person_months") or 0,
                "amount": amount,
                "remaining": f.budget - amount,
                "warning": f.short_period_warning(),
            }
        )
    return out


def restriction_text(funder: Funder, names: dict[str, str]) -> str:
    """Whom a funder is limited to, in words: "Kec. Tenggarong; Petani, Nelayan", or "—"."""
    parts = []
    if funder.village_id:
        parts.append(f"Desa {funder.village.name}")
    parts += [f"Kec. {names.get(code, code)}" for code in funder.districts or []]
    parts += [f"Desa {names.get(code, code)}" for code in funder.villages or []]
    if funder.occupations:
        labels = dict(Occupation.choices)
        parts.append(", ".join(labels.get(o, o) for o in funder.occupations))
    return "; ".join(parts) or "—"


def budget_sheet(year: ProgrammeYear, funders=None) -> list[dict]:
    """Per funder and month: pagu, committed, realised, and what remains of the pagu."""
    funders = list(funders if funders is not None else Funder.objects.filter(programme_year=year))
    # Prices per month for other sectors and for transport (PP 50/2025); only where they differ
    # does the sheet need each person's occupation, so only those funders' rows join the registry.
    for f in funders:
        if f.programme_year_id == year.pk:
            f.programme_year = year  # one query for the rates, not one per funder
    tables = {f.pk: f.price_table() for f in funders}
    by_sector = [f for f in funders if tables[f.pk][0] != tables[f.pk][1]]
    masks: dict[int, Counter] = defaultdict(Counter)  # funder -> (mask, transport) -> people
    allocated = Allocation.objects.filter(programme_year=year).order_by()
    for funder_id, mask, n in (
        allocated.filter(funder__in=[f for f in funders if f not in by_sector])
        .values_list("funder", "months_mask")
        .annotate(n=Count("id"))
    ):
        masks[funder_id][mask, 0] += n
    for funder_id, mask, occupation, n in (
        allocated.filter(funder__in=by_sector)
        .values_list("funder", "months_mask", "person__occupation")
        .annotate(n=Count("id"))
    ):
        masks[funder_id][mask, int(year.is_transport(occupation))] += n
    realised = defaultdict(dict)
    for r in Realisation.objects.filter(funder__in=funders):
        realised[r.funder_id][r.month] = r.amount
    sheets = []
    for f in sorted(funders, key=lambda f: (f.rank, f.name, f.pk)):
        rows, committed_total, realised_total = [], 0, 0
        for month in range(1, year.months + 1):
            paying = [(n, sector) for (mask, sector), n in masks[f.pk].items() if mask >> (month - 1) & 1]
            people = sum(n for n, _ in paying)
            committed = sum(n * tables[f.pk][sector][month - 1] for n, sector in paying)
            paid = realised[f.pk].get(month, 0)
            committed_total += committed
            realised_total += paid
            rows.append(
                {
                    "month": month,
                    "label": year.month_label(month),
                    "people": people,
                    "committed": committed,
                    "committed_total": committed_total,
                    "realised": paid,
                    "realised_total": realised_total,
                    "remaining": f.budget - realised_total,
                }
            )
        sheets.append(
            {
                "funder": f,
                "rows": rows,
                "committed": committed_total,
                "realised": realised_total,
                "uncommitted": f.budget - committed_total,
                "remaining": f.budget - realised_total,
            }
        )
    return sheets


def sponsor_funders(user):
    return Funder.objects.filter(users__user=user).select_related("programme_year").order_by("-programme_year__year")


def get_user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def give_sponsor_access(funder: Funder, username: str, password: str, *, by):
    """Link an existing login to the funder, or create the sponsor's login with this first password."""
    require_programme_manager(by)
    existing = get_user(username)
    if existing is not None:
        link_sponsor(funder, existing, by=by)
        return existing
    return create_sponsor_user(funder, username, password, by=by)


def sponsor_cards(user) -> list[dict]:
    """Per funder the user may see: people, person-months and amount, in total and per district."""
    cards = []
    for funder in Funder.objects.visible_to(user).select_related("programme_year"):
        rows = Allocation.objects.filter(funder=funder)
        totals = rows.aggregate(people=Count("person", distinct=True), months=Sum("months"), amount=Sum("amount"))
        by_district = list(
            rows.values("person__village__parent_id", "person__village__parent__name")
            .annotate(n=Count("person", distinct=True), amount=Sum("amount"))
            .order_by("person__village__parent__name")
        )
        cards.append({"funder": funder, "totals": totals, "by_district": by_district})
    return cards


def start_allocation(year: ProgrammeYear, *, by):
    """Run the allocation as a job (a million people take seconds, too long to hold a request)."""
    from lindung.jobs.services import enqueue

    require_programme_manager(by)
    year.require_editable()
    return enqueue("funding.allocate", by=by, params={"year": year.year}, label=f"Alokasi tahun program {year.year}")


@handler("funding.allocate")
def run_allocation_job(job, report) -> dict:
    from django.urls import reverse

    year = ProgrammeYear.objects.get(year=job.params["year"])
    summary = allocate_year(year, by=job.created_by, progress=report)
    return {
        "message": allocation_message(summary),
        "next_url": reverse("programmes:year-detail", args=[year.year]),
    }


def allocation_message(summary: dict) -> str:
    outcomes = summary.get("outcomes", {})
    funded = outcomes.get(Outcome.FUNDED, 0) + outcomes.get(Outcome.PARTIAL, 0)
    return (
        f"{angka(funded)} dari {angka(summary['eligible'])} pekerja layak didanai, "
        f"{angka(summary['person_months'])} orang-bulan, {rupiah(summary['amount'])}."
    )


def angka(n: int) -> str:
    """A whole number with dots for thousands: 52.000."""
    return f"{n:,}".replace(",", ".")
