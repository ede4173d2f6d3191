"""Was a person protected on a day? The coverage ledger's reads, for the person page, the API, claims and reports.

Everything here reads: the person was fetched by the caller through `visible_to`. The months BPJS
recognises are derived by `lindung.lib.coverage_rules` from the person's memberships and the facts
per funder-month (`FunderMonth.paid_on`) and granted corrections (`BackdatingRequest`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from lindung.coverage.models import BackdatingRequest, BackdatingStatus, CoverageRules, FunderMonth
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.funding.models import Funder
from lindung.lib import coverage_rules as rules_lib
from lindung.lib.coverage_rules import Funding, MonthFact, MonthState, State, month_index, month_start
from lindung.lib.formatting import BULAN, tanggal

STATE_LABELS = {
    State.PAID: "Terlindungi (dibayar tepat waktu)",
    State.PAID_LATE: "Terlindungi (dibayar terlambat, masih diakui)",
    State.RESTORED: "Terlindungi (koreksi kepesertaan disetujui)",
    State.DUE: "Belum dibayar (belum jatuh tempo)",
    State.ARREARS: "Menunggak (masih dapat dibayar)",
    State.LAPSED: "Celah: kepesertaan berakhir",
    State.NOT_FUNDED: "Tidak didanai",
    State.PENDING: "Menunggu BPJS",
    State.REFUSED: "Ditolak BPJS",
    State.ENDED: "Kepesertaan berakhir",
}

# The timeline's four colours: covered, a gap (the membership lapsed), unpaid for now, not funded.
STATE_KIND = {
    State.PAID: "covered",
    State.PAID_LATE: "covered",
    State.RESTORED: "covered",
    State.DUE: "unpaid",
    State.ARREARS: "unpaid",
    State.LAPSED: "gap",
    State.NOT_FUNDED: "none",
    State.PENDING: "none",
    State.REFUSED: "none",
    State.ENDED: "none",
}

_FUNDING_OF_STATUS = {
    MembershipStatus.TO_SEND: Funding.PENDING,
    MembershipStatus.SENT: Funding.PENDING,
    MembershipStatus.ACTIVE: Funding.ACTIVE,
    MembershipStatus.REFUSED: Funding.REFUSED,
    MembershipStatus.ENDED: Funding.ACTIVE,  # the months up to `ended_month` were the funder's
}
# When two memberships meet in one month (a person split over funders, a refusal and a new entry),
# the one that can protect wins.
_PRECEDENCE = [Funding.ACTIVE, Funding.BEFORE_START, Funding.PENDING, Funding.ENDED, Funding.REFUSED, Funding.NONE]


def month_label(index: int) -> str:
    d = month_start(index)
    return f"{BULAN[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class LedgerMonth:
    """One person-month as the ledger shows it: BPJS's view (`state`) and the registry's (who, what, which bill)."""

    state: MonthState
    membership: Membership | None
    price: int
    invoice: str

    @property
    def month(self) -> int:
        return self.state.month

    @property
    def label(self) -> str:
        return month_label(self.state.month)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state.state]

    @property
    def kind(self) -> str:
        return STATE_KIND[self.state.state]

    @property
    def funder(self) -> Funder | None:
        return self.membership.funder if self.membership else None

    @property
    def kpj(self) -> str:
        return self.membership.kpj if self.membership else ""


@dataclass(frozen=True)
class PersonLedger:
    months: list[LedgerMonth]
    memberships: list[Membership]
    today: date

    def at(self, index: int) -> LedgerMonth | None:
        if not self.months or not self.months[0].month <= index <= self.months[-1].month:
            return None
        return self.months[index - self.months[0].month]

    @property
    def states(self) -> list[MonthState]:
        return [m.state for m in self.months]


def rules_in_force(on: date) -> rules_lib.Rules:
    return CoverageRules.in_force(on).as_rules()


def person_ledger(person, *, today: date | None = None) -> PersonLedger:
    """Every month of the person's memberships, all years, with the state BPJS recognises as of `today`."""
    today = today or timezone.localdate()
    memberships = list(
        Membership.objects.filter(person=person)
        .select_related("funder", "programme_year")
        .order_by("programme_year__period_start", "id")
    )
    if not memberships:
        return PersonLedger([], [], today)
    funder_ids = {m.funder_id for m in memberships}
    facts_of = {
        (funder_id, month): (paid_on, number or "")
        for funder_id, month, paid_on, number in FunderMonth.objects.filter(funder_id__in=funder_ids).values_list(
            "funder_id", "month", "paid_on", "invoice__number"
        )
    }
    granted: dict[int, list[tuple[int, int]]] = {}
    for funder_id, first, last in BackdatingRequest.objects.filter(
        funder_id__in=funder_ids, status=BackdatingStatus.GRANTED
    ).values_list("funder_id", "first_month", "last_month"):
        granted.setdefault(funder_id, []).append((first, last))
    chosen: dict[int, tuple[MonthFact, Membership, int, str]] = {}
    for ms in memberships:
        year = ms.programme_year
        ms.funder.programme_year = year  # prices need the year's rates: no query per membership
        prices = ms.funder.month_prices(person.occupation)
        start = ms.bpjs_start_date
        for i in range(1, year.months + 1):
            if not ms.months_mask >> (i - 1) & 1:
                continue
            cal = month_index(year.month_date(i))
            funding = _FUNDING_OF_STATUS[ms.status]
            ended = ms.ended_month is not None or ms.status == MembershipStatus.ENDED
            if ended and i > (ms.ended_month or 0):
                funding = Funding.ENDED
            starts_on = None
            if funding == Funding.ACTIVE and start is not None:
                if month_index(start) > cal:
                    funding = Funding.BEFORE_START
                elif month_index(start) == cal:
                    starts_on = start
            paid_on, invoice = facts_of.get((ms.funder_id, i), (None, ""))
            restored = any(a <= i <= b for a, b in granted.get(ms.funder_id, ()))
            fact = MonthFact(cal, funding, paid_on, restored, starts_on)
            held = chosen.get(cal)
            if held is None or _PRECEDENCE.index(funding) < _PRECEDENCE.index(held[0].funding):
                chosen[cal] = (fact, ms, prices[i - 1], invoice)
    states = rules_lib.recognise((c[0] for c in chosen.values()), rules_in_force(today), today)
    months = []
    for s in states:
        fact, ms, price, invoice = chosen.get(s.month, (None, None, 0, ""))
        months.append(LedgerMonth(s, ms, price, invoice))
    return PersonLedger(months, memberships, today)


@dataclass(frozen=True)
class CoverageAnswer:
    on: date
    covered: bool
    since: date | None  # first day of the unbroken protection that contains `on`
    membership: Membership | None
    funder: Funder | None
    kpj: str
    months_paid: int  # contribution months paid and recognised, all years, up to and including on's month
    reason: str  # Indonesian, one sentence: why covered, or why not


def coverage_on(person, on: date, *, today: date | None = None) -> CoverageAnswer:
    """Was this person protected by BPJS Ketenagakerjaan on `on`, as far as is known `today`?"""
    ledger = person_ledger(person, today=today)
    index = month_index(on)
    month = ledger.at(index)
    months_paid = rules_lib.months_recognised(ledger.states, index)
    if month is None:
        previous = [m for m in ledger.memberships if m.programme_year.period_start <= on]
        ms = previous[-1] if previous else None
        if not ledger.memberships:
            reason = "Tidak terlindungi: belum pernah didaftarkan dan dibayar iurannya oleh penyandang dana mana pun."
        elif ms is None:
            first = ledger.months[0] if ledger.months else None
            reason = "Tidak terlindungi: kepesertaan pertamanya baru dimulai " + (
                f"{month_label(first.month)}." if first else "kemudian."
            )
        else:
            reason = f"Tidak terlindungi: tidak ada penyandang dana yang membayar iuran {month_label(index)}."
        return CoverageAnswer(on, False, None, ms, ms.funder if ms else None, ms.kpj if ms else "", months_paid, reason)
    state = month.state
    covered = state.covered and on >= state.covered_from
    since = rules_lib.unbroken_since(ledger.states, index) if covered else None
    ms = month.membership
    return CoverageAnswer(
        on=on,
        covered=covered,
        since=since,
        membership=ms,
        funder=ms.funder if ms else None,
        kpj=ms.kpj if ms else "",
        months_paid=months_paid,
        reason=_reason(ledger, month, on, covered, since),
    )


def _reason(ledger: PersonLedger, month: LedgerMonth, on: date, covered: bool, since: date | None) -> str:
    s = month.state
    label = month_label(s.month)
    funder = month.funder.name if month.funder else "penyandang dana"
    if covered:
        how = {
            State.PAID: f"iuran {label} dibayar {funder} pada {tanggal(s.paid_on)}, tepat waktu",
            State.PAID_LATE: (
                f"iuran {label} dibayar {funder} terlambat pada {tanggal(s.paid_on)}, "
                "masih dalam batas tunggakan sehingga tetap diakui"
            ),
            State.RESTORED: (
                f"iuran {label} dibayar {funder} pada {tanggal(s.paid_on)} dan diakui lewat koreksi "
                "kepesertaan iuran lanjutan yang disetujui BPJS"
            ),
        }[s.state]
        return f"Terlindungi: {how}; perlindungan tanpa putus sejak {tanggal(since)}."
    if s.state in rules_lib.COVERED:
        return f"Belum terlindungi pada {tanggal(on)}: kepesertaan tercatat di BPJS mulai {tanggal(s.covered_from)}."
    if s.state == State.DUE:
        return f"Belum terlindungi: iuran {label} belum dibayar {funder}; jatuh tempo {tanggal(s.due_on)}."
    if s.state == State.ARREARS:
        return (
            f"Belum terlindungi: iuran {label} menunggak sejak {tanggal(s.due_on)}; bila dibayar {funder} "
            f"paling lambat {tanggal(s.payable_until)} bulan itu tetap diakui."
        )
    if s.state == State.LAPSED:
        stopped = _gap_start(ledger, s.month)
        paid = (
            f"iuran {label} baru dibayar {tanggal(s.paid_on)} dan dihitung sebagai kepesertaan baru "
            f"mulai {month_label(s.restarted)}"
            if s.paid_on and s.restarted
            else f"iuran {label} tidak dibayar"
        )
        return (
            f"Tidak terlindungi: kepesertaan berakhir karena 3 bulan berturut-turut tidak dibayar "
            f"(celah sejak {tanggal(stopped)}); {paid}. Koreksi kepesertaan iuran lanjutan dapat diajukan lewat BPJS."
        )
    if s.state == State.REFUSED:
        why = month.membership.refused_reason if month.membership else ""
        return f"Tidak terlindungi: pendaftaran ditolak BPJS{': ' + why if why else ''}."
    if s.state == State.ENDED:
        ms = month.membership
        cause = f" ({ms.end_cause})" if ms and ms.end_cause else ""
        when = f" pada {tanggal(ms.ended_on)}" if ms and ms.ended_on else ""
        return f"Tidak terlindungi: kepesertaan di {funder} berakhir{cause}{when}."
    if s.state == State.PENDING:
        if month.membership and month.membership.bpjs_start_date:
            return f"Belum terlindungi: kepesertaan tercatat di BPJS mulai {tanggal(month.membership.bpjs_start_date)}."
        return f"Belum terlindungi: pendaftaran {funder} ke BPJS belum dijawab atau belum dikirim."
    return f"Tidak terlindungi: tidak ada penyandang dana yang membayar iuran {label}."


def _gap_start(ledger: PersonLedger, index: int) -> date:
    """The first day after the last covered month before `index`: where protection stopped."""
    m = index
    while (before := ledger.at(m - 1)) is not None and not before.state.covered:
        m -= 1
    return month_start(m) if ledger.at(m - 1) is not None else month_start(index)
