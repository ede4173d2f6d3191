"""Phone numbers, stored in E.164 form (+6281234567890)."""

from __future__ import annotations

from decimal import Decimal

import phonenumbers

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_LEADING_QUOTES = "'\u2018\u2019`"
_E164 = phonenumbers.PhoneNumberFormat.E164


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
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise _invalid() from None
    if not phonenumbers.is_valid_number(number):
        raise _invalid()
    return phonenumbers.format_number(number, _E164)


def _invalid() -> PhoneError:
    return PhoneError(
        "hp_tidak_valid",
        "Nomor HP tidak valid. Tulis nomor lengkap diawali 0, misalnya "
        "081234567890, atau dengan kode negara, misalnya +6281234567890.",
    )
