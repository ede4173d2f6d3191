"""Read an amount of rupiah the way Indonesians type it: 50.000.000, 50000000, Rp 50.000.000,-."""

from __future__ import annotations

import re

EXAMPLE = "Tulis seperti 50.000.000 atau 50000000 (tanpa sen)."


class AmountError(ValueError):
    """An amount that cannot be read, or could be read two ways; the message says how to write it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Thousands grouped by dots: 1-3 digits, then groups of exactly three.
_DOTTED = re.compile(r"\d{1,3}(\.\d{3})+")
# A trailing ",-" or ",00" says "no cents" on Indonesian invoices and cheques.
_NO_CENTS = re.compile(r"(,-|,00?)$")


def parse_rupiah(text: object) -> int:
    """Return the whole rupiah in `text`; refuse text that is empty, not an amount, or ambiguous."""
    raw = "" if text is None else str(text)
    value = raw.strip()
    if not value:
        raise AmountError("Isi jumlahnya. " + EXAMPLE)
    value = re.sub(r"^rp\.?", "", value, flags=re.IGNORECASE).strip()
    value = value.replace(" ", "").replace("\u00a0", "")
    value = _NO_CENTS.sub("", value)
    if value.isdigit():
        return int(value)
    if _DOTTED.fullmatch(value):
        return int(value.replace(".", ""))
    if re.fullmatch(r"\d+([.,]\d+)+", value):
        # "50,000" is fifty thousand in English and fifty in Indonesian; "1.5" is no grouping at all.
        raise AmountError(
            f"“{raw.strip()}” bisa terbaca dua cara. Pakai titik untuk ribuan, tanpa koma dan tanpa sen. " + EXAMPLE
        )
    raise AmountError(f"“{raw.strip()}” bukan jumlah rupiah. " + EXAMPLE)
