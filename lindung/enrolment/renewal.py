"""Renewal and the eligibility re-check: who stays on the roster, and who a verifier takes off.

Last year's participants are re-enrolled each year under a new decree (domain.md §9), so a draft
year starts from the previous year's active roster: each member is pinned to the funder of the
same name. Before that, and before every invoice of an approved year, the re-check proposes
removals (deaths and moves, the age limit, other funders' and reference-list blocks); nobody
leaves the roster until a verifier confirms. Issuing an invoice runs the check over the
funder's members (`recheck_before_invoice`); the undecided are still billed, and counted on the invoice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import Action
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.enrolment.models import Membership, MembershipStatus, ProposalStatus, RemovalProposal
from lindung.enrolment.services import LIVE, _end_cover, month_index
from lindung.errors import DomainError
from lindung.funding.amendments import EndCause
from lindung.funding.models import Adjustment, AdjustmentKind, Funder
from lindung.funding.services import blocked_person_ids
from lindung.lib.formatting import age_on, tanggal
from lindung.people.models import Person, Status
from lindung.programmes.models import ProgrammeYear

CLOSED_CAUSE = {Status.DECEASED: EndCause.DIED, Status.MOVED: EndCause.MOVED, Status.MERGED: EndCause.DUPLICATE}


def _require_checker(by) -> None:
    scope = scope_of(by)
    if not (scope.can(Action.MANAGE) or scope.can(Action.VERIFY)):
        scope.require(Action.VERIFY)


def previous_year(year: ProgrammeYear) -> ProgrammeYear | None:
    return ProgrammeYear.objects.filter(period_start__lt=year.period_start).order_by("-period_start").first()


def _roster(
    year: ProgrammeYear, funder: Funder | None = None
) -> tuple[ProgrammeYear | None, dict[int, tuple[int, int]], dict[int, tuple]]:
    """The memberships the check looks at: person -> (membership, funder), the year they belong to, and the people.

    The people's fields come in the same query (a join), not in thousands of `pk IN (...)` lists.
    """
    if year.is_approved:
        source, statuses = year, LIVE
    else:
        source, statuses = previous_year(year), (MembershipStatus.ACTIVE,)
    if source is None:
        return None, {}, {}
    rows = Membership.objects.filter(programme_year=source, status__in=statuses).order_by("pk")
    if funder is not None:
        rows = rows.filter(funder=funder)
    roster, people = {}, {}
    for pk, person_id, funder_id, *person in rows.values_list(
        "pk", "person_id", "funder_id", "person__status", "person__birth_date", "person__name"
    ).iterator(chunk_size=5000):
        roster[person_id] = (pk, funder_id)
        people[person_id] = (person_id, *person)
    return source, roster, people


def _reasons(year: ProgrammeYear, person: tuple, blocked: set[int]) -> tuple[str, list[str]] | None:
    """(cause, reasons) when the person should leave the roster, else None."""
    pk, status, birth, _ = person
    if status in CLOSED_CAUSE:
        return CLOSED_CAUSE[status], [f"Status data {Status(status).label.lower()}."]
    reasons = []
    age = age_on(birth, year.period_start)
    if not year.min_age <= age <= year.max_age:
        reasons.append(
            f"Usia {age} tahun pada {tanggal(year.period_start)}, di luar batas {year.min_age}–{year.max_age} tahun."
        )
    if pk in blocked:
        reasons.append("Diblokir pemeriksaan duplikat/daftar rujukan (misalnya sudah didanai pihak lain).")
        return EndCause.COVERED_ELSEWHERE, reasons
    if reasons:
        return EndCause.OTHER, reasons
    return None


@transaction.atomic
def recheck_eligibility(year: ProgrammeYear, *, by) -> int:
    """Propose removals from the year's roster (or, for a draft year, last year's); returns how many are new.

    On a draft year the members who pass are pinned to the funder of the same name, so the
    allocation starts from last year's roster.
    """
    _require_checker(by)
    return _recheck(year, by=by)


@transaction.atomic
def recheck_before_invoice(year: ProgrammeYear, *, funder: Funder | None = None, by) -> int:
    """Run the re-check over the members invoices are about to bill: one funder's, or the whole year's.

    Billing calls it after checking that `by` may bill: finance runs the check without being a verifier,
    and the decisions stay with verifiers.
    """
    return _recheck(year, funder=funder, by=by)


def open_proposals(funder: Funder):
    """Undecided removal proposals for people this funder would bill (its active members)."""
    members = Membership.objects.filter(
        programme_year=funder.programme_year_id, funder=funder, status=MembershipStatus.ACTIVE
    )
    return RemovalProposal.objects.filter(
        programme_year=funder.programme_year_id,
        status=ProposalStatus.PROPOSED,
        person_id__in=members.values("person_id"),
    )


def _recheck(year: ProgrammeYear, *, by, funder: Funder | None = None) -> int:
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    source, roster, people = _roster(year, funder)
    if source is None:
        raise DomainError(
            f"Tidak ada tahun program sebelum {year.year} dengan peserta aktif: tidak ada daftar yang diperpanjang."
        )
    blocked = blocked_person_ids()
    existing = set(RemovalProposal.objects.filter(programme_year=year).values_list("person_id", flat=True))
    proposals, passing = [], []
    for person_id, (membership_id, funder_id) in roster.items():
        found = _reasons(year, people[person_id], blocked)
        if found is None:
            passing.append((person_id, funder_id))
        elif person_id not in existing:
            cause, reasons = found
            proposals.append(
                RemovalProposal(
                    programme_year=year,
                    person_id=person_id,
                    membership_id=membership_id if source == year else None,
                    cause=cause,
                    reasons=reasons,
                )
            )
    RemovalProposal.objects.bulk_create(proposals, batch_size=2000)
    pinned = 0 if year.is_approved else _pin(year, source, passing, by=by)
    data = {
        "year": year.year,
        "roster_year": source.year,
        "checked": len(roster),
        "proposed": len(proposals),
        "pinned": pinned,
    }
    if funder is not None:
        data["before_invoice_of"] = funder.pk
    audit.record("enrolment.renewal.checked", year, by=by, data=data)
    return len(proposals)


def _pin(year: ProgrammeYear, source: ProgrammeYear, passing: list[tuple[int, int]], *, by) -> int:
    """Pin last year's members to this year's funder of the same name, where its rules admit them."""
    old_names = dict(Funder.objects.filter(programme_year=source).values_list("pk", "name"))
    funders = {f.name: f for f in Funder.objects.filter(programme_year=year)}
    taken = set(Adjustment.objects.filter(programme_year=year).values_list("person_id", flat=True))
    places = dict(Person.objects.filter(pk__in=[p for p, _ in passing]).values_list("pk", "village_id"))
    jobs = dict(Person.objects.filter(pk__in=[p for p, _ in passing]).values_list("pk", "occupation"))
    reason = f"Perpanjangan dari peserta aktif tahun {source.year}."
    user = by if getattr(by, "is_authenticated", False) else None
    pins = []
    for person_id, funder_id in passing:
        funder = funders.get(old_names.get(funder_id, ""))
        if person_id in taken or funder is None or not funder.accepts(places[person_id], jobs[person_id]):
            continue
        pins.append(
            Adjustment(
                programme_year=year,
                person_id=person_id,
                kind=AdjustmentKind.PIN,
                funder=funder,
                reason=reason,
                created_by=user,
            )
        )
    Adjustment.objects.bulk_create(pins, batch_size=2000)
    return len(pins)


def _decide(proposal: RemovalProposal, *, by, note: str) -> RemovalProposal:
    proposal = (
        RemovalProposal.objects.select_for_update().select_related("person", "programme_year").get(pk=proposal.pk)
    )
    scope_of(by).require(Action.VERIFY, proposal.person.village_id)
    if proposal.status != ProposalStatus.PROPOSED:
        raise DomainError(f"Usulan untuk {proposal.person.name} sudah diputuskan ({proposal.get_status_display()}).")
    proposal.decided_by = by if getattr(by, "is_authenticated", False) else None
    proposal.decided_at = timezone.now()
    proposal.decision_note = " ".join((note or "").split())[:300]
    return proposal


@transaction.atomic
def confirm_removal(proposal: RemovalProposal, *, by, note: str = "") -> RemovalProposal:
    """A verifier takes the person off the roster: excluded from a draft year, cover ended on an approved one."""
    proposal = _decide(proposal, by=by, note=note)
    year, person = proposal.programme_year, proposal.person
    reason = "; ".join(proposal.reasons) + (f" {proposal.decision_note}" if proposal.decision_note else "")
    if year.is_approved:
        today = timezone.localdate()
        month = min(max(month_index(year, today), 0), year.months)
        _end_cover(year, person, from_month=month + 1, cause=proposal.cause, note=reason[:300], by=by)
        Membership.objects.filter(programme_year=year, person=person, status__in=LIVE).update(
            status=MembershipStatus.ENDED,
            ended_month=month,
            ended_on=today,
            end_cause=proposal.cause,
            updated_at=timezone.now(),
        )
    else:
        Adjustment.objects.update_or_create(
            programme_year=year,
            person=person,
            defaults={
                "kind": AdjustmentKind.EXCLUDE,
                "funder": None,
                "reason": reason[:1000],
                "created_by": proposal.decided_by,
            },
        )
    proposal.status = ProposalStatus.CONFIRMED
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        "enrolment.renewal.removal_confirmed",
        proposal,
        by=by,
        region_code=person.village_id,
        data={"person": person.pk, "year": year.year, "cause": proposal.cause, "reasons": proposal.reasons},
    )
    return proposal


@transaction.atomic
def keep_person(proposal: RemovalProposal, *, by, note: str) -> RemovalProposal:
    """A verifier keeps the person (the check was wrong), saying why."""
    if len((note or "").strip()) < 5:
        raise DomainError("Tulis alasan mempertahankan pekerja ini (minimal 5 huruf), misalnya hasil cek lapangan.")
    proposal = _decide(proposal, by=by, note=note)
    proposal.status = ProposalStatus.KEPT
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit.record(
        "enrolment.renewal.person_kept",
        proposal,
        by=by,
        region_code=proposal.person.village_id,
        data={"person": proposal.person_id, "year": proposal.programme_year.year, "note": proposal.decision_note},
    )
    return proposal
