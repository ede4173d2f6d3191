"""Numbered batches a funder sends to the BPJS branch: what is pending, approval (frozen roster), sending.

The first batch of a funder and year registers its people; later ones carry the changes: people
added since, removals for a death or a move, and amended data of members already known to BPJS.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.enrolment.exports import check_columns
from lindung.enrolment.models import (
    DATE_FORMATS,
    BatchKind,
    BatchRow,
    BatchStatus,
    EnrolmentBatch,
    ExportProfile,
    Membership,
    MembershipStatus,
    RowAction,
)
from lindung.errors import DomainError
from lindung.funding.amendments import EndCause
from lindung.funding.models import Allocation, Funder, WadahType
from lindung.lib.bulk import fewer_collections
from lindung.people.models import Occupation, Person
from lindung.programmes.models import ProgrammeYear, add_months
from lindung.regions.models import Region

# Person fields the branch holds: a change in any of them is sent as an amendment.
SENT_FIELDS = ("nik", "name", "birth_place", "birth_date", "sex", "address", "village_code", "phone", "occupation")
OCCUPATIONS = dict(Occupation.choices)
CAUSES = dict(EndCause.choices)


class BatchLocked(DomainError):
    """A batch already sent to the branch: what it says was sent and must stay as it is."""


def refuse_if_sent(batch: EnrolmentBatch, what: str) -> None:
    if batch.is_sent:
        when = f" pada {timezone.localtime(batch.sent_at):%d-%m-%Y}" if batch.sent_at else ""
        raise BatchLocked(
            f"Kiriman {batch.number} {batch.funder.name} sudah dikirim ke BPJS{when}, jadi tidak dapat {what}. "
            "Perubahan berikutnya (tambahan, pengeluaran, perbaikan data) masuk ke kiriman perubahan yang baru."
        )


@dataclass
class Pending:
    """What the next batch of a funder would carry."""

    kind: str
    add: list[int] = field(default_factory=list)  # membership ids
    remove: list[int] = field(default_factory=list)
    amend: list[int] = field(default_factory=list)
    # Funded people of an approved year whose membership is made when the batch is approved.
    unmade: int = 0

    @property
    def additions(self) -> int:
        return len(self.add) + self.unmade

    @property
    def total(self) -> int:
        return self.additions + len(self.remove) + len(self.amend)


def _address(street: str, rt: str, rw: str) -> str:
    parts = [street.strip()] if street.strip() else []
    if rt or rw:
        parts.append(f"RT {rt or '-'}/RW {rw or '-'}")
    return " ".join(parts)[:250]


def _occupation(code: str, other: str) -> str:
    if code == Occupation.LAINNYA and other:
        return f"Lainnya: {other}"[:100]
    return OCCUPATIONS.get(code, code)


PERSON_VALUES = (
    "id",
    "nik",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "street",
    "rt",
    "rw",
    "village_id",
    "phone",
    "occupation",
    "occupation_other",
    "segment",
    "declared_income",
)


def _people(ids) -> dict[int, dict]:
    out = {}
    ids = list(ids)
    for start in range(0, len(ids), 5000):
        for values in Person.objects.filter(pk__in=ids[start : start + 5000]).values_list(*PERSON_VALUES):
            p = dict(zip(PERSON_VALUES, values, strict=True))
            p["address"] = _address(p["street"], p["rt"], p["rw"])
            p["village_code"] = p["village_id"]
            p["occupation"] = _occupation(p["occupation"], p["occupation_other"])
            out[p["id"]] = p
    return out


def pending_changes(funder: Funder) -> Pending:
    """Additions, removals and amendments not yet in any batch of this funder."""
    has_batch = EnrolmentBatch.objects.filter(funder=funder).exists()
    pending = Pending(kind=BatchKind.CHANGES if has_batch else BatchKind.INITIAL)
    rows = BatchRow.objects.filter(batch__funder=funder)
    added = set(rows.filter(action=RowAction.ADD).values_list("membership_id", flat=True))
    removed = set(rows.filter(action=RowAction.REMOVE).values_list("membership_id", flat=True))
    unsent = set(rows.filter(batch__status=BatchStatus.APPROVED).values_list("membership_id", flat=True))
    memberships = Membership.objects.filter(funder=funder).values_list("pk", "status", "person_id")
    active, refused = {}, {}
    for pk, status, person_id in memberships.order_by("pk"):
        if status == MembershipStatus.TO_SEND and pk not in added:
            pending.add.append(pk)
        elif status == MembershipStatus.ENDED and pk in added and pk not in removed:
            pending.remove.append(pk)
        elif status == MembershipStatus.ACTIVE and pk not in unsent:
            active[pk] = person_id
        elif status == MembershipStatus.REFUSED and pk not in unsent:
            refused[pk] = person_id
    # A refused person goes again once the village has corrected what was sent (a NIK, a name).
    pending.add.extend(pk for pk in _changed_since_sent(rows, refused))
    pending.add.sort()
    pending.amend.extend(_changed_since_sent(rows, active))
    made = Membership.objects.filter(funder=funder).values("person_id")
    pending.unmade = (
        Allocation.objects.filter(programme_year_id=funder.programme_year_id, funder=funder)
        .exclude(person_id__in=made)
        .count()
    )
    return pending


def _changed_since_sent(rows, members: dict[int, int]) -> list[int]:
    """Memberships whose person's data differs from what their latest row sent."""
    changed = []
    if members:
        # What the branch holds for each member: the data of their latest row.
        latest: dict[int, tuple] = {}
        ids = list(members)
        for start in range(0, len(ids), 5000):
            for values in (
                rows.filter(membership_id__in=ids[start : start + 5000])
                .order_by("batch__number", "id")
                .values_list("membership_id", *SENT_FIELDS)
            ):
                latest[values[0]] = values[1:]
        people = _people(members.values())
        for pk, person_id in members.items():
            now = tuple(people[person_id][f] for f in SENT_FIELDS)
            if pk in latest and latest[pk] != now:
                changed.append(pk)
    return changed


def _lock_funder(funder: Funder) -> Funder:
    return Funder.objects.select_for_update().select_related("programme_year").get(pk=funder.pk)


@transaction.atomic
def approve_batch(funder: Funder, *, by) -> EnrolmentBatch:
    """Freeze the funder's next batch (the first registration, or the changes since) under the next number."""
    scope_of(by).require(Action.MANAGE)
    funder = _lock_funder(funder)
    year = funder.programme_year
    if not year.is_approved:
        raise DomainError(
            f"Tahun program {year.year} belum disetujui. Daftar yang dikirim ke BPJS adalah daftar yang sudah "
            "disetujui (SK): setujui tahun program dulu."
        )
    from lindung.enrolment.services import create_memberships

    create_memberships(year, by=by)
    with fewer_collections():
        pending = pending_changes(funder)
        if not pending.total:
            raise DomainError(
                f"Tidak ada yang perlu dikirim untuk {funder.name}: semua peserta sudah ada di kiriman sebelumnya "
                "dan tidak ada tambahan, pengeluaran atau perubahan data."
            )
        number = (EnrolmentBatch.objects.filter(funder=funder).aggregate(m=Max("number"))["m"] or 0) + 1
        batch = EnrolmentBatch.objects.create(
            programme_year=year,
            funder=funder,
            number=number,
            kind=pending.kind,
            wadah_type=funder.wadah,
            wadah_code=funder.wadah_code,
            approved_by=by if getattr(by, "is_authenticated", False) else None,
            approved_at=timezone.now(),
            counts={"add": len(pending.add), "remove": len(pending.remove), "amend": len(pending.amend)},
        )
        _freeze_rows(batch, year, pending)
    audit.record(
        "enrolment.batch.approved",
        batch,
        by=by,
        data={"funder": funder.pk, "year": year.year, "number": number, "kind": batch.kind, "counts": batch.counts},
    )
    return batch


def _freeze_rows(batch: EnrolmentBatch, year: ProgrammeYear, pending: Pending) -> None:
    actions = {pk: RowAction.ADD for pk in pending.add}
    actions |= {pk: RowAction.REMOVE for pk in pending.remove}
    actions |= {pk: RowAction.AMEND for pk in pending.amend}
    memberships = {}
    ids = list(actions)
    for start in range(0, len(ids), 5000):
        for values in Membership.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "person_id", "months_mask", "kpj", "ended_month", "ended_on", "end_cause"
        ):
            memberships[values[0]] = values
    people = _people(m[1] for m in memberships.values())
    codes = {p["village_code"] for p in people.values()}
    names = dict(Region.objects.filter(code__in=codes | {c[:8] for c in codes}).values_list("code", "name"))
    programmes = "+".join(p.upper() for p in year.programs)
    rows = []
    for pk, action in actions.items():
        _, person_id, mask, kpj, ended_month, ended_on, end_cause = memberships[pk]
        p = people[person_id]
        first = (mask & -mask).bit_length() or 1
        last = mask.bit_length() or year.months
        if action == RowAction.REMOVE and ended_month is not None:
            last = max(min(last, ended_month), first - 1)
        rows.append(
            BatchRow(
                batch=batch,
                membership_id=pk,
                action=action,
                nik=p["nik"],
                name=p["name"],
                birth_place=p["birth_place"],
                birth_date=p["birth_date"],
                sex=p["sex"],
                address=p["address"],
                village_code=p["village_code"],
                village_name=names.get(p["village_code"], ""),
                district_name=names.get(p["village_code"][:8], ""),
                phone=p["phone"],
                occupation=p["occupation"],
                segment=p["segment"],
                income=p["declared_income"] or year.declared_income,
                programmes=programmes,
                period_start=year.month_date(first),
                # The last covered month (its first day); a removal ends with the month of the event.
                period_end=add_months(year.period_start, last - 1) if last >= 1 else year.period_start,
                kpj=kpj,
                event_on=ended_on if action == RowAction.REMOVE else None,
                note=CAUSES.get(end_cause, end_cause)[:200] if action == RowAction.REMOVE else "",
            )
        )
    BatchRow.objects.bulk_create(rows, batch_size=2000)


@transaction.atomic
def mark_batch_sent(batch: EnrolmentBatch, *, by) -> EnrolmentBatch:
    """Record that the batch went to the branch: from now on it never changes."""
    scope_of(by).require(Action.MANAGE)
    batch = EnrolmentBatch.objects.select_for_update().select_related("funder", "programme_year").get(pk=batch.pk)
    refuse_if_sent(batch, "ditandai terkirim lagi")
    batch.status, batch.sent_at = BatchStatus.SENT, timezone.now()
    batch.sent_by = by if getattr(by, "is_authenticated", False) else None
    batch.save(update_fields=["status", "sent_at", "sent_by"])
    added = BatchRow.objects.filter(batch=batch, action=RowAction.ADD).values("membership_id")
    sent = Membership.objects.filter(
        pk__in=added, status__in=[MembershipStatus.TO_SEND, MembershipStatus.REFUSED]
    ).update(status=MembershipStatus.SENT, refused_reason="", updated_at=timezone.now())
    audit.record("enrolment.batch.sent", batch, by=by, data={"number": batch.number, "memberships_sent": sent})
    return batch


@transaction.atomic
def cancel_batch(batch: EnrolmentBatch, *, by) -> None:
    """Withdraw an approved batch that was not sent yet; its people go back to the next batch."""
    scope_of(by).require(Action.MANAGE)
    batch = EnrolmentBatch.objects.select_for_update().select_related("funder", "programme_year").get(pk=batch.pk)
    refuse_if_sent(batch, "dibatalkan")
    later = EnrolmentBatch.objects.filter(funder=batch.funder, number__gt=batch.number).exists()
    if later:
        raise DomainError(
            f"Kiriman {batch.number} bukan kiriman terakhir {batch.funder.name}. Batalkan kiriman yang lebih baru dulu."
        )
    audit.record("enrolment.batch.cancelled", batch, by=by, data={"number": batch.number, "counts": batch.counts})
    BatchRow.objects.filter(batch=batch).delete()
    batch.delete()


@transaction.atomic
def set_wadah(funder: Funder, *, wadah_type: str, wadah_code: str, by) -> Funder:
    """Record how the branch knows a funder: its wadah type and identifier (allowed on an approved year)."""
    scope_of(by).require(Action.MANAGE)
    funder = _lock_funder(funder)
    if wadah_type and wadah_type not in WadahType.values:
        raise DomainError("Jenis wadah harus salah satu dari: " + ", ".join(WadahType.values) + ".")
    before = {"wadah_type": funder.wadah_type, "wadah_code": funder.wadah_code}
    funder.wadah_type, funder.wadah_code = wadah_type, " ".join(wadah_code.split())[:60]
    funder.save(update_fields=["wadah_type", "wadah_code"])
    after = {"wadah_type": funder.wadah_type, "wadah_code": funder.wadah_code}
    if before != after:
        audit.record("enrolment.funder.wadah_set", funder, by=by, data={"changes": audit.diff(before, after)})
    return funder


@transaction.atomic
def save_profile(
    profile: ExportProfile | None,
    *,
    name: str,
    columns: list[dict],
    date_format: str,
    is_default: bool = False,
    note: str = "",
    by,
) -> ExportProfile:
    """Create or change an export profile (the branch's column layout)."""
    scope_of(by).require(Action.MANAGE)
    name = " ".join(name.split())
    if not name:
        raise DomainError("Beri nama profil, misalnya nama kantor cabang BPJS.")
    if date_format not in dict(DATE_FORMATS):
        raise DomainError("Pilih format tanggal dari daftar.")
    clash = ExportProfile.objects.filter(name=name)
    if profile is not None:
        clash = clash.exclude(pk=profile.pk)
    if clash.exists():
        raise DomainError(f"Profil bernama {name} sudah ada. Pakai nama lain.")
    columns = check_columns(columns)
    before = (
        {}
        if profile is None
        else {
            "name": profile.name,
            "columns": profile.columns,
            "date_format": profile.date_format,
            "is_default": profile.is_default,
        }
    )
    profile = profile or ExportProfile()
    profile.name, profile.columns, profile.date_format, profile.note = name, columns, date_format, note.strip()
    if is_default:
        ExportProfile.objects.exclude(pk=profile.pk).update(is_default=False)
    profile.is_default = is_default or (profile.pk is None and not ExportProfile.objects.exists())
    profile.save()
    after = {"name": name, "columns": columns, "date_format": date_format, "is_default": profile.is_default}
    audit.record("enrolment.profile.saved", profile, by=by, data={"changes": audit.diff(before, after)})
    return profile


def batch_rows_visible(batch: EnrolmentBatch, user):
    """The batch's rows a user may see: all for office roles and the funder's sponsor, else their villages."""
    from lindung.accounts.models import Role

    scope = scope_of(user)
    rows = BatchRow.objects.filter(batch=batch)
    if scope.has_role(Role.ADMIN, Role.FINANCE, Role.AUDITOR):
        return rows
    if scope.has_role(Role.SPONSOR) and not scope.can(Action.VIEW):
        return rows if batch.funder.users.filter(user=user).exists() else rows.none()
    return scope.filter(rows, "village_code")
