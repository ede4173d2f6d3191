"""Phone numbers, stored in E.164 form (+6281234567890)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import phonenumbers

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_LEADING_QUOTES = "'\u2018\u2019`"
_E164 = phonenumbers.PhoneNumberFormat.E164
# Indonesian mobile numbers as villages write them: 0812-3456-7890, 62812..., +62 812 ...
_ID_MOBILE = re.compile(r"(?:\+?62|0)?(8\d{7,12})")
_SEPARATORS = str.maketrans("", "", " -.()/")


class PhoneError(ValueError):
    """A phone number that cannot be accepted, with a message the user can act on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize_phone(value: object) -> str:
    """Return the number in E.164 form, or "" when none was given."""
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if value.is_nan():
            # Data-frame readers turn empty cells into NaN.
            return ""
        if not value.is_finite() or value != int(value):
            raise _invalid()
        value = int(value)
    # A number cell has lost the leading 0; phonenumbers copes with that.
    text = str(value)
    text = text.translate(_INVISIBLE).strip().lstrip(_LEADING_QUOTES).strip()
    # "-" or "." is how forms and spreadsheets say "no number".
    if not any(char.isalnum() for char in text):
        return ""
    # Fast path: a full parse costs ~150 µs, too slow for a million-row import. Whether an
    # Indonesian mobile number is valid depends only on its leading digits and its length,
    # so phonenumbers' verdict is computed once per (prefix, length) and reused.
    match = _ID_MOBILE.fullmatch(text.translate(_SEPARATORS))
    if match:
        national = match.group(1)
        if not _mobile_shape_is_valid(national[:5], len(national)):
            raise _invalid()
        return "+62" + national
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise _invalid() from None
    if not phonenumbers.is_valid_number(number):
        raise _invalid()
    return phonenumbers.format_number(number, _E164)


@lru_cache(maxsize=4096)
def _mobile_shape_is_valid(prefix: str, length: int) -> bool:
    sample = prefix + "0" * (length - len(prefix))
    return phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=62, national_number=int(sample)))


def _invalid() -> PhoneError:
    return PhoneError(
        "hp_tidak_valid",
        "Nomor HP tidak valid. Tulis nomor lengkap diawali 0, misalnya "
        "081234567890, atau dengan kode negara, misalnya +6281234567890.",
    )


# What a clerk writes for "no number": not a number, and no reason to refuse the worker.
_PLACEHOLDERS = frozenset(
    {"0", "00", "000", "-", "--", "tidak ada", "tdk ada", "belum ada", "tidak punya", "n/a", "na"}
)
_TWO_NUMBERS = re.compile(r"\s*(?:/|,|;|&|\bdan\b|\batau\b|\s{2,}|\s(?=\+?(?:62|0)8))\s*", re.IGNORECASE)


def read_phone(value: object) -> tuple[str, str]:
    """Return (number in E.164 form or "", a second number written in the same cell or "").

    A placeholder ("0", "-", "tidak ada") is no number. Raises PhoneError for
    anything else that is not a number; a list reader reports that as a
    warning, since a worker without a reachable phone is still a worker.
    """
    if isinstance(value, str):
        text = value.translate(_INVISIBLE).strip()
        if text.lower() in _PLACEHOLDERS:
            return "", ""
        parts = [part for part in _TWO_NUMBERS.split(text) if part and part.strip()]
        if len(parts) >= 2:
            first = normalize_phone(parts[0])
            try:
                second = normalize_phone(parts[1])
            except PhoneError:
                second = parts[1].strip()
            return first, second
    elif isinstance(value, int) and value == 0:
        return "", ""
    return normalize_phone(value), ""
