"""Workflows of BPJS Ketenagakerjaan membership: memberships from an approved year, deaths and moves.

Batches sent to the branch and its replies live in `lindung.enrolment.batches` and
`lindung.enrolment.replies`; the renewal check in `lindung.enrolment.renewal`.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.errors import DomainError
from lindung.funding import amendments
from lindung.funding.amendments import EndCause
from lindung.funding.models import Allocation
from lindung.lib.formatting import tanggal
from lindung.people import services as people
from lindung.people.models import Person, Status
from lindung.programmes.models import ProgrammeYear

# Memberships a death or a move still has to end; a refused one never started.
LIVE = (MembershipStatus.TO_SEND, MembershipStatus.SENT, MembershipStatus.ACTIVE)


def month_index(year: ProgrammeYear, day: date) -> int:
    """The 1-based month of the period that holds `day` (0 or less: before, above `months`: after)."""
    start = year.period_start
    return (day.year * 12 + day.month) - (start.year * 12 + start.month) + 1


@transaction.atomic
def create_memberships(year: ProgrammeYear, *, by) -> int:
    """Make one membership per funded person and funder of an approved year; returns how many are new."""
    scope_of(by).require(Action.MANAGE)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    if not year.is_approved:
        raise DomainError(
            f"Tahun program {year.year} belum disetujui. Setujui daftar penerima dulu; kepesertaan BPJS dibuat dari "
            "daftar yang sudah disetujui."
        )
    existing = {
        (person_id, funder_id): (pk, status, mask)
        for pk, person_id, funder_id, status, mask in Membership.objects.filter(programme_year=year).values_list(
            "pk", "person_id", "funder_id", "status", "months_mask"
        )
    }
    new, changed = [], []
    for person_id, funder_id, mask in (
        Allocation.objects.filter(programme_year=year, funder__isnull=False)
        .order_by("funder_id", "person_id")
        .values_list("person_id", "funder_id", "months_mask")
    ):
        found = existing.get((person_id, funder_id))
        if found is None:
            new.append(Membership(programme_year=year, person_id=person_id, funder_id=funder_id, months_mask=mask))
        elif found[1] == MembershipStatus.TO_SEND and found[2] != mask:
            # Not yet sent: the months still follow the approved list (an amendment may have changed them).
            changed.append(Membership(pk=found[0], months_mask=mask))
    Membership.objects.bulk_create(new, batch_size=2000)
    Membership.objects.bulk_update(changed, ["months_mask"], batch_size=2000)
    if new or changed:
        audit.record(
            "enrolment.memberships.created",
            year,
            by=by,
            data={"year": year.year, "created": len(new), "months_updated": len(changed)},
        )
    return len(new)


def _end(person: Person, *, on: date, status: str, cause: str, by, note: str) -> Person:
    """Close the person, end the cover after the month of `on` and the memberships with it."""
    verb = "meninggal dunia" if status == Status.DECEASED else "pindah domisili"
    person = Person.objects.select_for_update().get(pk=person.pk)
    scope_of(by).require(Action.VERIFY, person.village_id)
    if on > timezone.localdate():
        raise DomainError(f"Tanggal {tanggal(on)} belum terjadi. Isi tanggal {verb} yang benar.")
    if person.status == status:
        if person.closed_on and person.closed_on != on:
            raise DomainError(
                f"{person.name} sudah tercatat {verb} pada {tanggal(person.closed_on)}, bukan {tanggal(on)}. "
                "Bila tanggalnya salah, minta admin memperbaikinya dengan alasan."
            )
        # Already closed (for instance before dates were asked for): finish what is left, change nothing twice.
        if person.closed_on is None:
            person.closed_on = on
            person.save(update_fields=["closed_on"])
    elif person.is_closed():
        raise people.WrongState(f"Data {person.name} sudah berstatus {person.get_status_display()}.")
    else:
        reason = note.strip() or f"{verb.capitalize()} pada {tanggal(on)}."
        if len(reason) < 5:
            reason = f"{reason} ({verb} pada {tanggal(on)})"
        person = people.close_person(person, by=by, status=status, reason=reason, closed_on=on)

    ended = []
    year_ids = set(Membership.objects.filter(person=person).values_list("programme_year_id", flat=True))
    year_ids |= set(
        Allocation.objects.filter(person=person, funder__isnull=False).values_list("programme_year_id", flat=True)
    )
    for year in ProgrammeYear.objects.filter(pk__in=year_ids).order_by("period_start"):
        month = month_index(year, on)
        if month >= year.months:
            continue  # the whole period was lived through: nothing to end in this year
        _end_cover(year, person, from_month=max(month + 1, 1), cause=cause, note=note, by=by)
        live = list(Membership.objects.select_for_update().filter(programme_year=year, person=person, status__in=LIVE))
        for membership in live:
            membership.status = MembershipStatus.ENDED
            membership.ended_month = max(month, 0)
            membership.ended_on = on
            membership.end_cause = cause
            membership.save(update_fields=["status", "ended_month", "ended_on", "end_cause", "updated_at"])
            ended.append(membership.pk)
    audit.record(
        f"enrolment.person.{'death' if status == Status.DECEASED else 'move'}_recorded",
        person,
        by=by,
        region_code=person.village_id,
        data={"on": on, "cause": cause, "memberships_ended": ended, "note": note},
    )
    return person


def _end_cover(year: ProgrammeYear, person: Person, *, from_month: int, cause: str, note: str, by) -> None:
    """End the person's funded months from `from_month` through the amendment path, when any are left."""
    if not year.is_approved:
        return  # a draft year's allocation leaves closed people out by itself when it runs again
    covered = 0
    for mask in Allocation.objects.filter(programme_year=year, person=person, funder__isnull=False).values_list(
        "months_mask", flat=True
    ):
        covered |= mask
    if not covered or covered.bit_length() < from_month:
        return  # nothing paid from that month on
    first = (covered & -covered).bit_length()
    amendments.end_cover_after_closure(year, person, from_month=max(from_month, first), cause=cause, note=note, by=by)


@transaction.atomic
def record_death(person: Person, *, died_on: date, by, note: str = "") -> Person:
    """Record that a worker died: registry status, cover ended after that month, membership ended."""
    return _end(person, on=died_on, status=Status.DECEASED, cause=EndCause.DIED, by=by, note=note)


@transaction.atomic
def record_move(person: Person, *, moved_on: date, by, note: str = "") -> Person:
    """Record that a worker moved away: registry status, cover ended after that month, membership ended."""
    return _end(person, on=moved_on, status=Status.MOVED, cause=EndCause.MOVED, by=by, note=note)
