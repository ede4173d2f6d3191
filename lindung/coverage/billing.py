"""Invoices, BPJS's billing, payments, credits and backdating corrections: the money side of the ledger.

Finance (or the regency admin) records; every service checks that first, changes data in one
transaction and audits it there. The facts land on `FunderMonth` (who is on the roster, what is
due, which invoice, the day it was paid in full), from which `services.person_ledger` derives each
person-month.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from lindung.accounts.models import Role
from lindung.accounts.scoping import scope_of
from lindung.audit import services as audit
from lindung.coverage.models import (
    BackdatingRequest,
    BackdatingStatus,
    CoverageRules,
    FunderMonth,
    Invoice,
    InvoiceMember,
    InvoiceStatus,
    Payment,
)
from lindung.db import insert_rows
from lindung.enrolment import renewal
from lindung.enrolment.models import Membership, MembershipStatus
from lindung.errors import DomainError
from lindung.funding.models import Funder, Realisation
from lindung.lib import coverage_rules as rules_lib
from lindung.lib.coverage_rules import Funding, MonthFact, month_index
from lindung.lib.formatting import rupiah, tanggal
from lindung.programmes.models import ProgrammeYear

MONTHS_AHEAD = (1, 3, 6, 12)  # domain.md §2: paying ahead 3, 6 or 12 months is allowed
# Memberships whose months a funder pays: active ones, and ended ones up to the month they ended in.
ON_ROSTER = (MembershipStatus.ACTIVE, MembershipStatus.ENDED)


def angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def require_finance(by) -> None:
    """Money is recorded by finance or the regency admin, whatever the interface."""
    if not scope_of(by).has_role(Role.ADMIN, Role.FINANCE):
        raise PermissionDenied(
            "Hanya petugas keuangan atau admin kabupaten yang boleh mencatat tagihan dan pembayaran."
        )


def _user(by):
    return by if getattr(by, "is_authenticated", False) else None


def require_approved(year: ProgrammeYear) -> None:
    if not year.is_approved:
        raise DomainError(
            f"Tahun program {year.year} belum disetujui, jadi belum ada daftar peserta yang boleh ditagihkan. "
            "Setujui tahun program dulu."
        )


# -- the roster ---------------------------------------------------------------------------------


def roster(year: ProgrammeYear, funders: list[Funder]) -> dict[int, list[list[int]]]:
    """Per funder and month of the period: [people, amount] of the memberships it pays, as they stand now.

    One aggregate over the memberships; only funders whose prices differ by sector (PP 50/2025's
    transport window) need each person's occupation, so only their rows join the registry.
    """
    for f in funders:
        f.programme_year = year
    tables = {f.pk: f.price_table() for f in funders}
    by_sector = [f.pk for f in funders if tables[f.pk][0] != tables[f.pk][1]]
    plain = [f.pk for f in funders if f.pk not in by_sector]
    result = {f.pk: [[0, 0] for _ in range(year.months)] for f in funders}
    members = Membership.objects.filter(programme_year=year, status__in=ON_ROSTER).order_by()
    groups = []
    if plain:
        groups += [
            (funder_id, mask, ended, False, n)
            for funder_id, mask, ended, n in members.filter(funder_id__in=plain)
            .values_list("funder_id", "months_mask", "ended_month")
            .annotate(n=Count("id"))
        ]
    if by_sector:
        groups += [
            (funder_id, mask, ended, year.is_transport(occupation), n)
            for funder_id, mask, ended, occupation, n in members.filter(funder_id__in=by_sector)
            .values_list("funder_id", "months_mask", "ended_month", "person__occupation")
            .annotate(n=Count("id"))
        ]
    for funder_id, mask, ended, transport, n in groups:
        prices = tables[funder_id][int(transport)]
        months = result[funder_id]
        last = min(ended, year.months) if ended is not None else year.months
        for i in range(last):
            if mask >> i & 1:
                months[i][0] += n
                months[i][1] += n * prices[i]
    return result


@transaction.atomic
def build_ledger(year: ProgrammeYear, *, by) -> dict:
    """Set each funder-month's roster and projected amount from the active memberships; invoiced months keep theirs."""
    require_finance(by)
    year = ProgrammeYear.objects.get(pk=year.pk)
    require_approved(year)
    funders = list(Funder.objects.filter(programme_year=year))
    current = roster(year, funders)
    existing = {(fm.funder_id, fm.month): fm for fm in FunderMonth.objects.filter(funder__in=funders)}
    create, update = [], []
    for f in funders:
        for i, (people, amount) in enumerate(current[f.pk], start=1):
            fm = existing.get((f.pk, i))
            if fm is None:
                create.append(FunderMonth(funder=f, month=i, people=people, amount_due=amount))
            elif fm.invoice_id is None and (fm.people, fm.amount_due) != (people, amount):
                fm.people, fm.amount_due = people, amount
                update.append(fm)
    FunderMonth.objects.bulk_create(create, batch_size=2000)
    FunderMonth.objects.bulk_update(update, ["people", "amount_due"], batch_size=2000)
    people = sum(max((p for p, _ in months), default=0) for months in current.values())
    summary = {"funders": len(funders), "months": len(create) + len(update), "people": people}
    audit.record("coverage.ledger.built", year, by=by, data=summary)
    return summary


# -- invoices -----------------------------------------------------------------------------------


def invoice_number(funder: Funder, first_month: int) -> str:
    return f"TAG-{funder.programme_year.year}-{funder.pk:04d}-{first_month:02d}"


# One member an invoice bills: (membership id, the funder's months of the person within the invoice
# as a mask with bit 0 = the period's first month, how many months, amount).
MemberLine = tuple[int, int, int, int]


def invoice_lines(funder: Funder, first_month: int, last_month: int) -> tuple[list[MemberLine], list[list[int]]]:
    """Each member the funder pays in months first..last as the roster stands now, and per month [people, amount].

    The same rule as `roster`: a membership active, or ended, up to the month it ended in; the
    price per month by sector only where the funder's prices differ by sector. The month totals
    are summed from the lines, so an invoice always equals the sum of its members.
    """
    year = funder.programme_year
    table = funder.price_table()
    by_sector = table[0] != table[1]
    window = ((1 << (last_month - first_month + 1)) - 1) << (first_month - 1)
    fields = ["pk", "months_mask", "ended_month"] + (["person__occupation"] if by_sector else [])
    rows = (
        Membership.objects.filter(programme_year=year, funder=funder, status__in=ON_ROSTER)
        .order_by("pk")
        .values_list(*fields)
    )
    cost: dict[tuple[int, bool], tuple[int, int]] = {}
    groups: dict[tuple[int, bool], int] = defaultdict(int)
    lines = []
    for pk, mask, ended, *occupation in rows.iterator(chunk_size=5000):
        paid = mask & window
        if ended is not None:
            paid &= (1 << min(ended, year.months)) - 1
        if not paid:
            continue
        key = (paid, by_sector and year.is_transport(occupation[0]))
        if key not in cost:
            prices = table[int(key[1])]
            bits = [i for i in range(first_month - 1, last_month) if paid >> i & 1]
            cost[key] = (len(bits), sum(prices[i] for i in bits))
        groups[key] += 1
        lines.append((pk, paid, *cost[key]))
    totals = [[0, 0] for _ in range(first_month, last_month + 1)]
    for (paid, transport), n in groups.items():
        prices = table[int(transport)]
        for i in range(first_month - 1, last_month):
            if paid >> i & 1:
                totals[i - first_month + 1][0] += n
                totals[i - first_month + 1][1] += n * prices[i]
    return lines, totals


def issue_invoice(funder: Funder, *, first_month: int, months: int = 1, by, on: date | None = None) -> Invoice:
    """Bill a funder for `months` months (1, 3, 6 or 12 paid ahead) from its roster of active memberships.

    The eligibility re-check runs first, in its own transaction, so what it proposes stays for
    the verifier. The invoice does not wait for those decisions: a month not paid on time lapses
    the whole roster (domain.md §9), so the undecided are billed and counted on the invoice.
    """
    require_finance(by)
    funder = Funder.objects.select_related("programme_year").get(pk=funder.pk)
    if funder.programme_year.is_approved:
        renewal.recheck_before_invoice(funder.programme_year, funder=funder, by=by)
    return _issue_invoice(funder, first_month=first_month, months=months, by=by, on=on)


def awaiting_removal_note(invoice: Invoice) -> str:
    """What finance should know of the members billed while a removal proposal waits for a verifier."""
    if not invoice.awaiting_removal:
        return ""
    return (
        f"{angka(invoice.awaiting_removal)} peserta pada tagihan ini diusulkan dikeluarkan oleh pemeriksaan ulang "
        "kelayakan (meninggal, pindah, di luar batas usia, atau sudah didanai pihak lain) dan belum diputuskan "
        "verifikator. Mereka tetap ditagih supaya perlindungan peserta lain tidak terputus; bila dikeluarkan, "
        f"iuran mereka menjadi kredit. Minta verifikator memutuskannya di halaman Pemeriksaan ulang "
        f"{invoice.funder.programme_year.year}."
    )


@transaction.atomic
def _issue_invoice(funder: Funder, *, first_month: int, months: int, by, on: date | None) -> Invoice:
    funder = Funder.objects.select_for_update().select_related("programme_year").get(pk=funder.pk)
    year = funder.programme_year
    require_approved(year)
    if months not in MONTHS_AHEAD:
        raise DomainError("Tagihan dibuat untuk 1, 3, 6 atau 12 bulan sekaligus (pembayaran di muka).")
    last = first_month + months - 1
    if first_month < 1 or last > year.months:
        raise DomainError(
            f"Bulan tagihan harus di dalam periode program ({year.months_label()}): bulan ke-{first_month} "
            f"sampai ke-{last} tidak muat. Pilih jumlah bulan yang lebih sedikit."
        )
    taken = Invoice.objects.filter(funder=funder, first_month__lte=last).order_by("first_month")
    for other in taken:
        if other.last_month >= first_month:
            raise DomainError(
                f"{year.months_label(other.first_month, other.last_month)} sudah ditagihkan lewat {other.number}. "
                "Satu bulan hanya ditagihkan sekali; buat tagihan untuk bulan berikutnya."
            )
    lines, month_amounts = invoice_lines(funder, first_month, last)
    people = max(p for p, _ in month_amounts)
    amount = sum(a for _, a in month_amounts)
    if amount == 0:
        raise DomainError(
            f"{funder.name} tidak punya peserta aktif di {year.months_label(first_month, last)}: tidak ada yang "
            "ditagihkan. Periksa jawaban BPJS atas daftar kepesertaannya."
        )
    on = on or timezone.localdate()
    invoice = Invoice.objects.create(
        funder=funder,
        number=invoice_number(funder, first_month),
        first_month=first_month,
        months=months,
        people=people,
        amount=amount,
        month_amounts=month_amounts,
        members_frozen=True,
        awaiting_removal=renewal.open_proposals(funder).count(),
        issued_on=on,
        created_by=_user(by),
    )
    _insert_members(invoice.pk, lines)
    for offset, (p, a) in enumerate(month_amounts):
        FunderMonth.objects.update_or_create(
            funder=funder, month=first_month + offset, defaults={"people": p, "amount_due": a, "invoice": invoice}
        )
    credit = min(available_credit(funder), amount)
    if credit:
        # What a death or a move left paid is offset against this bill (domain.md §9).
        invoice.credit_applied = credit
        invoice.save(update_fields=["credit_applied"])
    audit.record(
        "coverage.invoice.issued",
        invoice,
        by=by,
        data={
            "funder": funder.pk,
            "months": [first_month, last],
            "people": people,
            "members": len(lines),
            "awaiting_removal": invoice.awaiting_removal,
            "amount": amount,
            "credit": credit,
        },
    )
    _apply(invoice)
    return invoice


def _insert_members(invoice_id: int, lines: list[MemberLine]) -> None:
    """Write the invoice's member rows in bulk: 52,000 model instances would cost more than the rest of the invoice."""
    columns = ("invoice_id", "membership_id", "months_mask", "months", "amount")
    insert_rows(InvoiceMember._meta.db_table, columns, [(invoice_id, *line) for line in lines], chunk=50_000)


def issue_first_invoices(year: ProgrammeYear, *, by, months: int = 1, on: date | None = None) -> list[Invoice]:
    """Build the year's ledger and bill every funder with members for its first month(s)."""
    require_finance(by)
    year = ProgrammeYear.objects.get(pk=year.pk)
    if year.is_approved:
        renewal.recheck_before_invoice(year, by=by)
    return _issue_first_invoices(year, by=by, months=months, on=on)


@transaction.atomic
def _issue_first_invoices(year: ProgrammeYear, *, by, months: int, on: date | None) -> list[Invoice]:
    build_ledger(year, by=by)
    invoices = []
    with_people = FunderMonth.objects.filter(funder__programme_year=year, people__gt=0)
    for funder in Funder.objects.filter(pk__in=with_people.values("funder_id")).select_related("programme_year"):
        first = with_people.filter(funder=funder).order_by("month").values_list("month", flat=True).first()
        if Invoice.objects.filter(funder=funder).exists():
            continue
        span = next((m for m in MONTHS_AHEAD[::-1] if m <= months and first + m - 1 <= year.months), 1)
        invoices.append(_issue_invoice(funder, first_month=first, months=span, by=by, on=on))
    return invoices


@transaction.atomic
def record_billing(invoice: Invoice, *, billing_code: str, amount: int, billed_on: date, by) -> Invoice:
    """Record BPJS's billing for an invoice: its kode penetapan iuran (opaque) and amount."""
    require_finance(by)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    code = (billing_code or "").strip()
    if not code:
        raise DomainError("Isi kode penetapan iuran dari BPJS (tertera di tagihan atau di portal EPS).")
    if Invoice.objects.filter(billing_code=code).exclude(pk=invoice.pk).exists():
        raise DomainError(f"Kode penetapan iuran {code} sudah tercatat pada tagihan lain. Periksa kodenya.")
    if amount is None or amount <= 0:
        raise DomainError("Jumlah tagihan BPJS harus lebih dari nol.")
    if invoice.paid_amount and amount < invoice.paid_amount:
        raise DomainError(
            f"Tagihan ini sudah dibayar {rupiah(invoice.paid_amount)}; jumlah tagihan BPJS tidak boleh lebih kecil."
        )
    if billed_on > timezone.localdate():
        raise DomainError("Tanggal tagihan BPJS tidak boleh di masa depan.")
    before = {"billing_code": invoice.billing_code, "billed_amount": invoice.billed_amount}
    invoice.billing_code, invoice.billed_amount, invoice.billed_on = code, amount, billed_on
    if invoice.status == InvoiceStatus.ISSUED:
        invoice.status = InvoiceStatus.BILLED
    invoice.save(update_fields=["billing_code", "billed_amount", "billed_on", "status"])
    audit.record(
        "coverage.invoice.billed",
        invoice,
        by=by,
        data={"before": before, "billing_code": code, "amount": amount, "difference": amount - invoice.amount},
    )
    _apply(invoice)
    return invoice


# -- payments -----------------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    invoice: Invoice,
    *,
    paid_on: date,
    amount: int,
    receipt_number: str,
    reference: str = "",
    payer: str = "",
    by,
    receipt_line=None,
) -> Payment:
    """Record a payment to BPJS against an invoice, with its kwitansi; it pays the invoice's months in order."""
    require_finance(by)
    invoice = Invoice.objects.select_for_update().select_related("funder__programme_year").get(pk=invoice.pk)
    receipt = (receipt_number or "").strip()
    if not receipt:
        raise DomainError("Isi nomor kwitansi BPJS: tanpa itu pembayaran tidak dapat dicocokkan.")
    known = Payment.objects.filter(receipt_number=receipt).select_related("invoice").first()
    if known:
        raise DomainError(
            f"Kwitansi {receipt} sudah tercatat ({tanggal(known.paid_on)}, {rupiah(known.amount)}, "
            f"tagihan {known.invoice.number}). Satu kwitansi dicatat sekali."
        )
    if amount is None or amount <= 0:
        raise DomainError("Jumlah pembayaran harus lebih dari nol.")
    if paid_on > timezone.localdate():
        raise DomainError("Tanggal bayar tidak boleh di masa depan.")
    if amount > invoice.outstanding:
        raise DomainError(
            f"Pembayaran {rupiah(amount)} lebih besar dari sisa tagihan {invoice.number} "
            f"({rupiah(invoice.outstanding)}). Periksa jumlahnya; kelebihan bayar dilaporkan BPJS dan "
            "diperhitungkan pada bulan berikutnya."
        )
    earlier = (
        Invoice.objects.filter(funder=invoice.funder, first_month__lt=invoice.first_month)
        .exclude(status=InvoiceStatus.PAID)
        .order_by("first_month")
        .first()
    )
    if earlier and earlier.outstanding:
        raise DomainError(
            f"Tagihan {earlier.number} untuk bulan sebelumnya belum lunas (sisa {rupiah(earlier.outstanding)}). "
            "BPJS membukukan pembayaran ke bulan terlama yang belum dibayar: catat pembayaran itu dulu."
        )
    payment = Payment.objects.create(
        invoice=invoice,
        funder=invoice.funder,
        paid_on=paid_on,
        amount=amount,
        receipt_number=receipt,
        reference=(reference or "").strip(),
        payer=(payer or "").strip(),
        receipt_line=receipt_line,
        recorded_by=_user(by),
    )
    audit.record(
        "coverage.payment.recorded",
        payment,
        by=by,
        data={"invoice": invoice.number, "paid_on": paid_on, "amount": amount, "receipt": receipt},
    )
    _apply(invoice)
    return payment


def _apply(invoice: Invoice) -> None:
    apply_payments([invoice.pk])
    invoice.refresh_from_db(fields=["paid_amount", "status"])


def invoice_status(invoice: Invoice, paid: int) -> str:
    if paid >= invoice.payable and (paid or invoice.credit_applied):
        return InvoiceStatus.PAID
    if paid:
        return InvoiceStatus.PARTLY_PAID
    return InvoiceStatus.BILLED if invoice.billing_code else InvoiceStatus.ISSUED


def apply_payments(invoice_ids: list[int]) -> None:
    """Spread each invoice's payments over its months in month order; write the paid day of each month.

    A month is paid once the money reaches its share of what is payable (BPJS's billed amount,
    less the credit applied, which counts from the day the invoice was issued). A few queries for
    any number of invoices, so a reconciled receipt file costs the same as one payment.
    """
    invoices = list(Invoice.objects.filter(pk__in=invoice_ids))
    payments = defaultdict(list)
    for invoice_id, paid_on, amount in (
        Payment.objects.filter(invoice_id__in=invoice_ids)
        .order_by("paid_on", "id")
        .values_list("invoice_id", "paid_on", "amount")
    ):
        payments[invoice_id].append((paid_on, amount))
    months = defaultdict(dict)
    for fm in FunderMonth.objects.filter(invoice_id__in=invoice_ids):
        months[fm.invoice_id][fm.month] = fm
    changed = []
    for invoice in invoices:
        received = payments[invoice.pk]
        invoice.paid_amount = sum(a for _, a in received)
        invoice.status = invoice_status(invoice, invoice.paid_amount)
        if invoice.credit_applied:
            events = sorted([(invoice.issued_on, invoice.credit_applied), *received], key=lambda e: e[0])
        else:
            events = received
        amounts = [a for _, a in invoice.month_amounts]
        total = sum(amounts) or 1
        payable = invoice.billed_amount if invoice.billed_amount is not None else invoice.amount
        money_in = sum(m for _, m in events)
        cumulative = 0
        for offset, a in enumerate(amounts):
            month = months[invoice.pk].get(invoice.first_month + offset)
            if month is None:
                continue
            before = cumulative * payable // total
            cumulative += a
            threshold = -(-cumulative * payable // total)  # ceiling
            month.paid_on, running = None, 0
            for day, money in events:
                running += money
                if running >= threshold > 0:
                    month.paid_on = day
                    break
            month.paid_amount = max(0, min(money_in, threshold) - before)
            changed.append(month)
    Invoice.objects.bulk_update(invoices, ["paid_amount", "status"], batch_size=2000)
    FunderMonth.objects.bulk_update(changed, ["paid_on", "paid_amount"], batch_size=2000)
    _write_realisation(changed)


def _write_realisation(months: list[FunderMonth]) -> None:
    """Keep funding's per-month realisation (the budget sheet) as the summary of the payments recorded here."""
    if not months:
        return
    keys = {(fm.funder_id, fm.month) for fm in months}
    existing = {
        (r.funder_id, r.month): r
        for r in Realisation.objects.filter(funder_id__in={f for f, _ in keys}, month__in={m for _, m in keys})
        if (r.funder_id, r.month) in keys
    }
    create, update = [], []
    for fm in months:
        row = existing.get((fm.funder_id, fm.month))
        if row is None:
            create.append(
                Realisation(funder_id=fm.funder_id, month=fm.month, amount=fm.paid_amount, note=REALISATION_NOTE)
            )
        elif row.amount != fm.paid_amount:
            row.amount, row.note = fm.paid_amount, REALISATION_NOTE
            update.append(row)
    Realisation.objects.bulk_create(create, batch_size=2000)
    Realisation.objects.bulk_update(update, ["amount", "note"], batch_size=2000)


REALISATION_NOTE = "dari pembayaran iuran yang tercatat"


# -- credits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreditLine:
    month: int
    label: str
    billed: int  # what the invoice froze for the month
    now: int  # what the roster is worth today (less after a death or a move)
    amount: int  # billed − now, for a month already paid
    people_gone: int


def credit_lines(funder: Funder) -> list[CreditLine]:
    """Months paid for people who are no longer members (a death mid-year): the funder's credit at BPJS."""
    paid = list(
        FunderMonth.objects.filter(funder=funder, invoice__isnull=False, paid_on__isnull=False).order_by("month")
    )
    if not paid:
        return []
    funder = Funder.objects.select_related("programme_year").get(pk=funder.pk)
    year = funder.programme_year
    now = roster(year, [funder])[funder.pk]
    lines = []
    for fm in paid:
        people, worth = now[fm.month - 1]
        if fm.amount_due > worth:
            lines.append(
                CreditLine(
                    fm.month,
                    year.month_label(fm.month),
                    fm.amount_due,
                    worth,
                    fm.amount_due - worth,
                    fm.people - people,
                )
            )
    return lines


def available_credit(funder: Funder) -> int:
    earned = sum(line.amount for line in credit_lines(funder))
    used = Invoice.objects.filter(funder=funder).aggregate(s=Sum("credit_applied"))["s"] or 0
    return max(earned - used, 0)


def ended_members_paid_after(funder: Funder) -> list[Membership]:
    """Memberships of this funder that ended while later months were already billed: who the credit is for."""
    billed = set(FunderMonth.objects.filter(funder=funder, invoice__isnull=False).values_list("month", flat=True))
    if not billed:
        return []
    return [
        m
        for m in Membership.objects.filter(funder=funder, ended_month__isnull=False)
        .select_related("person")
        .order_by("ended_month", "person__name")
        if any(m.months_mask >> (i - 1) & 1 for i in billed if i > m.ended_month)
    ]


# -- the funder's months as BPJS sees them --------------------------------------------------------


def funder_states(funder: Funder, *, today: date | None = None) -> list[tuple[FunderMonth, rules_lib.MonthState]]:
    """Per month of the funder's period, its facts and BPJS's view of them (all its people share it)."""
    return year_states(funder.programme_year, [funder], today=today)[funder.pk]


def year_states(
    year: ProgrammeYear, funders: list[Funder], *, today: date | None = None
) -> dict[int, list[tuple[FunderMonth, rules_lib.MonthState]]]:
    """`funder_states` for many funders of a year in three queries."""
    today = today or timezone.localdate()
    rules = CoverageRules.in_force(today).as_rules()
    months: dict[int, dict[int, FunderMonth]] = defaultdict(dict)
    for fm in FunderMonth.objects.filter(funder__in=funders).select_related("invoice"):
        months[fm.funder_id][fm.month] = fm
    granted = defaultdict(list)
    for funder_id, first, last in BackdatingRequest.objects.filter(
        funder__in=funders, status=BackdatingStatus.GRANTED
    ).values_list("funder_id", "first_month", "last_month"):
        granted[funder_id].append((first, last))
    calendar = [month_index(year.month_date(i)) for i in range(1, year.months + 1)]
    result = {}
    for f in funders:
        own = months[f.pk]
        facts = [
            MonthFact(
                calendar[i - 1],
                Funding.ACTIVE if i in own and own[i].people > 0 else Funding.NONE,
                own[i].paid_on if i in own else None,
                any(a <= i <= b for a, b in granted[f.pk]),
            )
            for i in range(1, year.months + 1)
        ]
        by_month = {s.month: s for s in rules_lib.recognise(facts, rules, today)}
        result[f.pk] = [
            (own[i], by_month[calendar[i - 1]])
            for i in range(1, year.months + 1)
            if i in own and calendar[i - 1] in by_month
        ]
    return result


# -- backdating corrections ----------------------------------------------------------------------


@transaction.atomic
def request_backdating(funder: Funder, *, first_month: int, last_month: int, reason: str, by) -> BackdatingRequest:
    """Ask BPJS (branch → regional office → head office) to count months paid after a lapse."""
    require_finance(by)
    funder = Funder.objects.select_for_update().select_related("programme_year").get(pk=funder.pk)
    year = funder.programme_year
    if not 1 <= first_month <= last_month <= year.months:
        raise DomainError(f"Pilih bulan di dalam periode program ({year.months_label()}), dari yang awal ke akhir.")
    if len((reason or "").strip()) < 5:
        raise DomainError("Tulis alasan koreksi (misalnya: APBD cair terlambat), minimal 5 huruf.")
    lapsed = {
        fm.month for fm, s in funder_states(funder) if s.state == rules_lib.State.LAPSED and fm.paid_on is not None
    }
    wanted = set(range(first_month, last_month + 1))
    if not wanted & lapsed:
        raise DomainError(
            f"Tidak ada bulan {year.months_label(first_month, last_month)} yang sudah dibayar tetapi tidak diakui "
            "karena kepesertaan berakhir: koreksi tidak diperlukan."
        )
    overlapping = BackdatingRequest.objects.filter(
        funder=funder, status__in=[BackdatingStatus.REQUESTED, BackdatingStatus.GRANTED]
    ).filter(Q(first_month__lte=last_month) & Q(last_month__gte=first_month))
    if overlapping.exists():
        raise DomainError("Sudah ada koreksi yang diajukan atau disetujui untuk bulan-bulan itu.")
    request = BackdatingRequest.objects.create(
        funder=funder, first_month=first_month, last_month=last_month, reason=reason.strip(), requested_by=_user(by)
    )
    audit.record(
        "coverage.backdating.requested", request, by=by, data={"funder": funder.pk, "months": [first_month, last_month]}
    )
    return request


@transaction.atomic
def decide_backdating(request: BackdatingRequest, *, granted: bool, letter_number: str = "", note: str = "", by):
    """Record BPJS head office's answer to a correction request."""
    require_finance(by)
    request = BackdatingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != BackdatingStatus.REQUESTED:
        raise DomainError(f"Koreksi ini sudah diputuskan ({request.get_status_display().lower()}).")
    if granted and not (letter_number or "").strip():
        raise DomainError("Isi nomor surat persetujuan koreksi dari BPJS.")
    request.status = BackdatingStatus.GRANTED if granted else BackdatingStatus.REFUSED
    request.letter_number = (letter_number or "").strip()
    request.decision_note = (note or "").strip()
    request.decided_by = _user(by)
    request.decided_at = timezone.now()
    request.save()
    audit.record(
        "coverage.backdating.decided", request, by=by, data={"granted": granted, "letter": request.letter_number}
    )
    return request


def totals(funder: Funder) -> dict:
    agg = defaultdict(int)
    for inv in Invoice.objects.filter(funder=funder):
        agg["amount"] += inv.amount
        agg["paid"] += inv.paid_amount
        agg["outstanding"] += inv.outstanding
    return dict(agg)


# -- alerts for the finance home ----------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    level: str  # "warn" or "error" or "info"
    text: str
    funder: Funder | None = None


UNRECOGNISED = {rules_lib.State.DUE, rules_lib.State.ARREARS}


def unpaid_run(states, *, upto: int) -> list[rules_lib.MonthState]:
    """The months in a row up to calendar month `upto` that BPJS has not recognised yet (due or in arrears).

    The one count of what a funder owes: the finance alerts, the money dashboard and the
    people at risk on the coverage dashboards all read it, so they cannot disagree.
    """
    run: list[rules_lib.MonthState] = []
    for s in states:
        if s.month > upto:
            break
        run = [*run, s] if s.state in UNRECOGNISED else []
    return run


def at_risk(run: list[rules_lib.MonthState], rules: CoverageRules) -> bool:
    """Enough months owed in a row that the people lapse if the debt keeps growing (domain.md §9)."""
    return len(run) >= rules.warn_unpaid_months


def finance_alerts(*, today: date | None = None) -> list[Alert]:
    """What finance must act on now: dues by the 15th, funders about to lapse, lapsed people, open corrections."""
    from lindung.lib.coverage_rules import due_date

    today = today or timezone.localdate()
    try:
        rules = CoverageRules.in_force(today)
    except DomainError as exc:
        return [Alert("error", exc.message)]
    now = month_index(today)
    alerts: list[Alert] = []
    for year in ProgrammeYear.objects.filter(status="approved").order_by("period_start"):
        first, last = month_index(year.period_start), month_index(year.month_date(year.months))
        if not first - 1 <= now <= last + rules.arrears_months:
            continue
        funders = list(Funder.objects.filter(programme_year=year).order_by("name"))
        for funder in funders:
            funder.programme_year = year
        states = year_states(year, funders, today=today)
        due_now = []
        for funder in funders:
            rows = states[funder.pk]
            current = next(((fm, s) for fm, s in rows if s.month == now), None)
            if current and current[1].state == rules_lib.State.DUE:
                due_now.append((funder, current[0]))
            by_month = {s.month: fm for fm, s in rows}
            run = [(by_month[s.month], s) for s in unpaid_run([s for _, s in rows], upto=now)]
            if at_risk([s for _, s in run], rules):
                deadline = run[0][1].payable_until
                labels = ", ".join(year.month_label(fm.month) for fm, _ in run)
                alerts.append(
                    Alert(
                        "error",
                        f"{funder.name}: {len(run)} bulan belum dibayar ({labels}). Bila tidak dibayar paling lambat "
                        f"{tanggal(deadline)}, kepesertaan {angka(run[-1][0].people)} pekerjanya berakhir dan "
                        "perlindungan terputus.",
                        funder,
                    )
                )
            lapsed = [(fm, s) for fm, s in rows if s.state == rules_lib.State.LAPSED and s.month <= now]
            if lapsed:
                people = max(fm.people for fm, _ in lapsed)
                labels = year.months_label(lapsed[0][0].month, lapsed[-1][0].month)
                paid_late = any(fm.paid_on for fm, _ in lapsed)
                alerts.append(
                    Alert(
                        "error",
                        f"{funder.name}: {angka(people)} pekerja tidak terlindungi {labels} karena kepesertaan "
                        f"berakhir ({rules.arrears_months} bulan berturut-turut tidak dibayar)."
                        + (
                            " Iurannya dibayar terlambat: ajukan koreksi kepesertaan iuran lanjutan."
                            if paid_late
                            else ""
                        ),
                        funder,
                    )
                )
        if due_now:
            total = sum(fm.amount_due for _, fm in due_now)
            day = due_date(now, rules.due_day)
            alerts.insert(
                0,
                Alert(
                    "warn",
                    f"Iuran {year.month_label(due_now[0][1].month)} dari {len(due_now)} penyandang dana "
                    f"({rupiah(total)}) jatuh tempo {tanggal(day)}.",
                ),
            )
    open_requests = BackdatingRequest.objects.filter(status=BackdatingStatus.REQUESTED).count()
    if open_requests:
        alerts.append(
            Alert("info", f"{open_requests} pengajuan koreksi kepesertaan iuran lanjutan menunggu keputusan BPJS.")
        )
    return alerts


def alert_years() -> list[int]:
    """Approved years with a ledger, newest first (links on the finance home)."""
    return list(
        ProgrammeYear.objects.filter(status="approved", funders__ledger_months__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)[:3]
    )
