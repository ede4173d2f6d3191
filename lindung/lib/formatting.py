"""Indonesian display formats for money and dates, and month-name parsing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_MONTH_NAMES = {
    **{name.lower(): number for number, name in enumerate(BULAN, start=1)},
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    # Older official documents still spell these with P.
    "pebruari": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "des": 12,
    "dec": 12,
    "december": 12,
}

_CENT = Decimal("0.01")


def rupiah(amount: int | Decimal) -> str:
    """Format an amount as Indonesian rupiah, e.g. ``Rp 1.786.176.000``."""
    if isinstance(amount, int):
        whole, cents, negative = abs(amount), 0, amount < 0
    else:
        # str() keeps a float's short decimal form instead of its binary expansion.
        value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
        value = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        negative = value < 0
        value = abs(value)
        whole = int(value)
        cents = int((value - whole) * 100)
        if not whole and not cents:
            negative = False
    text = "Rp " + f"{whole:,}".replace(",", ".")
    if cents:
        text += f",{cents:02d}"
    return "-" + text if negative else text


def angka(n: int) -> str:
    """Whole numbers with dots for thousands, as Indonesians write them: 29.884."""
    return f"{int(n):,}".replace(",", ".")


def tanggal(d: date | None) -> str:
    """Format a date as ``12 Mei 2024``; empty for None."""
    if d is None:
        return ""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def tanggal_waktu(dt: datetime | None) -> str:
    """Format a datetime as ``12 Mei 2024 14.05``; empty for None.

    The caller converts aware datetimes to local time first.
    """
    if dt is None:
        return ""
    return f"{dt.day} {BULAN[dt.month - 1]} {dt.year} {dt.hour:02d}.{dt.minute:02d}"


def parse_month_name(text: str) -> int | None:
    """Return the month number for an Indonesian or English month name."""
    key = text.strip().rstrip(".").lower()
    return _MONTH_NAMES.get(key)


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on the given day."""
    # Comparing (month, day) tuples makes a 29 Feb birthday fall on 1 Mar
    # in non-leap years, as (2, 28) < (2, 29) < (3, 1).
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday
