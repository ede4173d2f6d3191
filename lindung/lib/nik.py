"""Cleaning and parsing of the NIK (Nomor Induk Kependudukan).

A NIK is PP RR KK DDMMYY SSSS: the district where it was first issued, the
birth date (day + 40 for women) and a serial from 0001.

python-stdnum's ``stdnum.id.nik`` is not used for validation: its region
table uses other codes than Kemendagri's (it has Kutai Kartanegara as 6403,
Kemendagri 64.02) and it always prefers the 1900s for the year.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from stdnum.util import clean, isdigits

from lindung.lib.formatting import tanggal

_CHECK_CARD = "Periksa kembali NIK pada KTP atau KK."
_RETYPE_AS_TEXT = "Format kolom NIK sebagai Teks, lalu ketik ulang ke-16 digit NIK."

# Copy-paste from web pages and chat apps brings these in; they are invisible
# to the user, so they must never make a NIK "wrong".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Spreadsheets mark a cell as text with a leading apostrophe; word processors
# turn it into a typographic one.
_LEADING_QUOTES = "'\u2018\u2019`"
# stdnum's clean() first maps Unicode dashes, spaces and full-width digits
# to ASCII, so these cover their variants too.
_SEPARATORS = " .-;"

_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
# A number cell exported to CSV or read by a library as float arrives as
# text like "6402061205800003.0"; it went through the same 15-digit limit.
_NUMBER_AS_TEXT = re.compile(r"([0-9]{15,16})[.,]0+")


class NikError(ValueError):
    """A NIK that cannot be accepted, with a message the user can act on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class NikInfo:
    nik: str
    district_code: str  # dotted "64.02.06"
    birth_date: date
    sex: str  # "L" or "P"
    serial: str


@dataclass(frozen=True, slots=True)
class NikDiscrepancy:
    code: str
    message: str


def clean_nik(value: object) -> str:
    """Return the 16-digit NIK from a cell value, checking its shape only."""
    if value is None:
        raise _empty()
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, bool):
        raise _not_digits(str(value)[0])
    if isinstance(value, int):
        return _from_number(value)
    if isinstance(value, float):
        if math.isnan(value):
            # Data-frame readers turn empty cells into NaN.
            raise _empty()
        if math.isinf(value):
            raise _not_digits(str(value)[0])
        if not value.is_integer():
            raise _scientific()
        return _from_number(int(value))
    if isinstance(value, Decimal):
        if value.is_nan():
            raise _empty()
        if not value.is_finite():
            raise _not_digits(str(value)[0])
        if value != value.to_integral_value():
            raise _scientific()
        return _from_number(int(value))
    raise _not_digits(str(value)[:1] or "?")


def parse_nik(
    value: object,
    *,
    today: date | None = None,
    district_known: Callable[[str], bool] | None = None,
) -> NikInfo:
    """Clean a NIK and read its district, birth date, sex and serial."""
    nik = clean_nik(value)
    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if 1 <= dd <= 31:
        sex, day = "L", dd
    elif 41 <= dd <= 71:
        sex, day = "P", dd - 40
    else:
        raise NikError(
            "nik_tanggal_salah",
            f"Tanggal lahir pada NIK (digit ke-7 dan ke-8) adalah {dd:02d}, "
            "padahal harus 01–31 untuk laki-laki atau 41–71 untuk perempuan. " + _CHECK_CARD,
        )
    if not 1 <= mm <= 12:
        raise NikError(
            "nik_tanggal_salah",
            f"Bulan lahir pada NIK (digit ke-9 dan ke-10) adalah {mm:02d}, padahal harus 01–12. " + _CHECK_CARD,
        )
    birth_date = _birth_date(day, mm, yy, today or date.today())
    if birth_date is None:
        raise NikError(
            "nik_tanggal_salah",
            f"Tanggal lahir pada NIK ({day:02d}-{mm:02d}-{yy:02d}) tidak ada di kalender. " + _CHECK_CARD,
        )
    serial = nik[12:]
    if serial == "0000":
        raise NikError(
            "nik_nomor_urut_salah",
            "Nomor urut pada NIK (4 digit terakhir) tidak boleh 0000. " + _CHECK_CARD,
        )
    district_code = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    if district_known is not None and not district_known(district_code):
        raise NikError(
            "nik_wilayah_tidak_dikenal",
            f"Kode wilayah {district_code} pada NIK (6 digit pertama) tidak dikenal. " + _CHECK_CARD,
        )
    return NikInfo(
        nik=nik,
        district_code=district_code,
        birth_date=birth_date,
        sex=sex,
        serial=serial,
    )


def compare_nik(
    info: NikInfo, *, birth_date: date | None, sex: str | None, today: date | None = None
) -> list[NikDiscrepancy]:
    """List where the entered birth date and sex disagree with the NIK."""
    found = []
    if birth_date is not None:
        nik_date = info.birth_date
        # The NIK holds only two digits of the year, so a date a century
        # apart is the same date as far as the NIK can tell.
        if (nik_date.day, nik_date.month, nik_date.year % 100) != (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        ):
            shown = _living_date(nik_date, birth_date, today or date.today())
            found.append(
                NikDiscrepancy(
                    "nik_beda_tanggal_lahir",
                    f"Tanggal lahir tertulis {tanggal(birth_date)}, sedangkan "
                    f"menurut NIK {tanggal(shown)}. Periksa kembali tanggal "
                    "lahir dan NIK pada KTP atau KK.",
                )
            )
    if sex:
        entered = sex.strip().upper()
        if entered not in _SEX_WORDS:
            raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
        if entered != info.sex:
            found.append(
                NikDiscrepancy(
                    "nik_beda_jenis_kelamin",
                    f"Jenis kelamin tertulis {_SEX_WORDS[entered]}, sedangkan "
                    f"menurut NIK {_SEX_WORDS[info.sex]} (pada NIK perempuan, "
                    "tanggal lahir ditambah 40). Periksa kembali jenis kelamin "
                    "dan NIK pada KTP atau KK.",
                )
            )
    return found


def digits_apart(a: str, b: str) -> list[int]:
    """Positions (0-based) where two NIKs of equal length differ: one position is a typing slip."""
    if len(a) != len(b):
        return list(range(max(len(a), len(b))))
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def mask_nik(nik: str) -> str:
    """Show only a NIK's province and regency digits (also used for KK numbers).

    Every list that shows a masked NIK also shows the village (so the kecamatan digits) and
    the birth date and sex (so the six date digits); the serial is all that is left, and
    serials are small numbers (0001 is the commonest). Showing any of it lets a reader of a
    sponsor's decree file rebuild most NIKs in a guess or two. What a verifier needs from a
    mask is only whether the NIK belongs to this regency (a mover's NIK does not); to compare
    a NIK with a KTP in hand they reveal it, and the reveal is logged.
    """
    if len(nik) != 16:
        return "*" * len(nik)
    return nik[:4] + "*" * 12


_SEX_WORDS = {"L": "laki-laki", "P": "perempuan"}


def _clean_text(value: str) -> str:
    text = value.strip()
    # Nearly every row is already clean; skip the character-level work.
    if len(text) == 16 and text.isascii() and text.isdigit():
        return text
    text = text.translate(_INVISIBLE).strip().lstrip(_LEADING_QUOTES).strip()
    if not text:
        raise _empty()
    if _SCIENTIFIC.fullmatch(text):
        raise _scientific()
    number = _NUMBER_AS_TEXT.fullmatch(text)
    if number:
        return _from_number(int(number[1]))
    text = clean(text, _SEPARATORS)
    if not isdigits(text):
        bad = next(char for char in text if char not in "0123456789")
        raise _not_digits(bad)
    if len(text) != 16:
        raise _wrong_length(len(text))
    return text


def _from_number(number: int) -> str:
    if number < 0:
        raise _not_digits("-")
    digits = str(number)
    # Office suites keep 15 significant digits of a number cell, so a
    # 16-digit value ending in 0 has almost surely lost its last digit.
    if len(digits) == 16:
        if digits[-1] != "0":
            return digits
        raise NikError(
            "nik_terpotong",
            "NIK rusak karena kolom diformat sebagai angka di spreadsheet (angka terakhir hilang). " + _RETYPE_AS_TEXT,
        )
    if len(digits) == 15:
        raise NikError(
            "nik_terpotong",
            "NIK rusak karena kolom diformat sebagai angka di spreadsheet "
            "(hanya 15 digit yang tersimpan). " + _RETYPE_AS_TEXT,
        )
    raise _wrong_length(len(digits))


def _birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    # Take the latest century that puts the date on or before today; try the
    # earlier one too when the first gives no real date (29 Feb 1900/2100).
    century = today.year - today.year % 100
    for year in (century + yy, century - 100 + yy):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _living_date(nik_date: date, typed: date, today: date) -> date:
    """The NIK's date in the century that makes a living worker, nearest the typed date.

    A NIK holds two digits of the year: "02" next to a typed 1980 is 2002, not 1902.
    """
    earlier = _in_century_of(nik_date, nik_date.year - 100)
    candidates = [d for d in (nik_date, earlier) if d <= today] or [nik_date]
    living = [d for d in candidates if today.year - d.year <= 110] or candidates
    return min(living, key=lambda d: abs((d - typed).days))


def _in_century_of(nik_date: date, year: int) -> date:
    try:
        return nik_date.replace(year=year - year % 100 + nik_date.year % 100)
    except ValueError:
        return nik_date


def _empty() -> NikError:
    return NikError("nik_kosong", "NIK wajib diisi. Tulis 16 digit NIK sesuai KTP atau KK.")


def _scientific() -> NikError:
    return NikError(
        "nik_notasi_ilmiah",
        "NIK rusak karena kolom diformat sebagai angka di spreadsheet "
        "(tampil seperti 6,40206E+15 dan digit terakhir hilang). " + _RETYPE_AS_TEXT,
    )


def _not_digits(char: str) -> NikError:
    if not char.isprintable():
        char = f"U+{ord(char):04X}"
    return NikError(
        "nik_bukan_angka",
        f"NIK hanya boleh berisi angka, tetapi ada karakter “{char}”. Tulis 16 digit NIK tanpa huruf atau tanda lain.",
    )


def _wrong_length(length: int) -> NikError:
    return NikError(
        "nik_panjang_salah",
        f"NIK harus 16 digit, tetapi tertulis {length} digit. " + _CHECK_CARD,
    )
