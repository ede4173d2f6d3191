"""Turn raw person rows into the columns the linkage engine compares.

Everything is cleaned once per distinct value (a regency has few distinct
names, dates and villages), so a million rows cost a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from lindung.lib.names import name_key

# Columns the engine understands; any may be missing or blank.
FIELDS = ("nik", "kk", "name", "sex", "birth_date", "village", "phone")

# NIK kinds: why a NIK can or cannot be trusted as an identifier.
NIK_OK = 0  # 16 digits, a real date inside
NIK_ODD = 1  # 16 digits but no valid date: typed wrong, still comparable
NIK_NONE = 2  # blank, damaged beyond use, or a KK number in the NIK column

_DIGITS_ONLY = re.compile(r"\D+")
_SCIENTIFIC = re.compile(r"^\s*[0-9]+([.,][0-9]*)?[eE][+-]?[0-9]+\s*$")
_NUMBER_AS_TEXT = re.compile(r"^\s*([0-9]{15,16})[.,]0+\s*$")

# Spelling variants that Indonesian clerks use for the same sound. Applied to
# each token of lib.names.name_key, which already folds Muhammad, honorifics
# and degrees.
_SOUND_RULES = (
    ("kh", "h"),
    ("ch", "h"),
    ("sy", "s"),
    ("sh", "s"),
    ("dz", "z"),
    ("dj", "j"),
    ("tj", "c"),
    ("ph", "p"),
    ("th", "t"),
    ("oe", "u"),
    ("oo", "u"),
    ("q", "k"),
    ("x", "ks"),
    ("v", "p"),
    ("f", "p"),
    ("y", "i"),
    ("e", "i"),
    ("z", "j"),
)
_DOUBLE = re.compile(r"(.)\1+")
_TOKEN_ALIASES = {
    "nurul": "nur",
    "nor": "nur",
    "nur": "nur",
    "st": "siti",
    "siti": "siti",
    "sitti": "siti",
    "abd": "abdul",
    "moh": "muhammad",
}


def sound_token(token: str) -> str:
    """Return a token folded to how it sounds, for matching spelling variants."""
    alias = _TOKEN_ALIASES.get(token)
    if alias:
        return alias
    text = token
    for old, new in _SOUND_RULES:
        if old in text:
            text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    if text.endswith("udin"):
        return text
    # "Fatimah"/"Fatima", "Ahmad"/"Ahmat": final letters clerks drop or harden.
    if len(text) > 3 and text.endswith("h"):
        text = text[:-1]
    if len(text) > 3 and text.endswith("t"):
        text = text[:-1] + "d"
    return _TOKEN_ALIASES.get(text, text)


_TOKEN_CACHE: dict[str, str] = {}


def sound_key(value: str) -> str:
    """Return the sound-folded name key: tokens as they sound, in written order."""
    cache = _TOKEN_CACHE
    out = []
    for token in name_key(value).split():
        folded = cache.get(token)
        if folded is None:
            folded = sound_token(token)
            if len(cache) < 500_000:
                cache[token] = folded
        out.append(folded)
    return " ".join(out)


@dataclass(slots=True)
class Prepared:
    """Columnar, cleaned records; row i of every array is record i."""

    n: int
    nik: np.ndarray  # int64, -1 when unusable
    nik_kind: np.ndarray  # int8, NIK_*
    kk: np.ndarray  # int64, -1 when blank
    name: list[str]  # sound key, written order
    name_sorted: list[str]  # sound key, tokens sorted (word order ignored)
    name_id: np.ndarray  # int32 id of name_sorted, -1 blank
    first_id: np.ndarray  # int32 id of the first token, -1 blank
    last_id: np.ndarray  # int32 id of the last token, -1 blank
    name_freq: np.ndarray  # float32 share of records with this name_sorted
    sex: np.ndarray  # int8: 0 L, 1 P, -1 blank; from the NIK where the list has none
    entered_sex: np.ndarray  # int8: as the list says, -1 blank
    birth: np.ndarray  # int32 ordinal, -1 blank
    birth_day: np.ndarray  # int8
    birth_month: np.ndarray  # int8
    birth_year: np.ndarray  # int16
    village: np.ndarray  # int64 10-digit code, -1 blank
    district: np.ndarray  # int64 6-digit code, -1 blank
    phone: np.ndarray  # int64 national digits, -1 blank
    # NIK and KK digit by digit are made when compared (`digit_matrix`), a few pairs at a time:
    # kept for every record they took 32 MB a million.


_POW10 = 10 ** np.arange(15, -1, -1, dtype=np.int64)


def digit_matrix(values: np.ndarray) -> np.ndarray:
    """Return the 16 digits of each number (0 for -1) as rows of uint8."""
    values = np.maximum(values, 0)
    out = np.empty((len(values), 16), dtype=np.uint8)
    for position in range(16):
        out[:, position] = (values // _POW10[position]) % 10
    return out


def _codes(values: Sequence) -> tuple[np.ndarray, list]:
    """Return a code per value and the distinct values in code order."""
    table: dict = {}
    setdefault = table.setdefault
    codes = np.fromiter((setdefault(v, len(table)) for v in values), dtype=np.int32, count=len(values))
    return codes, list(table)


def _factorize(values: Sequence[str], table: dict[str, int]) -> np.ndarray:
    get = table.setdefault
    return np.fromiter((get(v, len(table)) if v else -1 for v in values), dtype=np.int32, count=len(values))


def _clean_digits(value: object) -> str:
    if value is None:
        return ""
    if type(value) is str and value.isdigit():
        return value  # nearly every cell
    text = str(value).strip().lstrip("'\u2018\u2019`")
    if not text:
        return ""
    if _SCIENTIFIC.match(text):
        return ""
    number = _NUMBER_AS_TEXT.match(text)
    if number:
        return number[1]
    return _DIGITS_ONLY.sub("", text)


def _digit_column(values: Sequence, *, length: int, pad_short: bool = False) -> np.ndarray:
    """Return each cell as a number of exactly `length` digits, -1 otherwise.

    Clean cells (digit strings of the right length) are converted in one
    numpy step; only the others go through the cleaning rules. An int64 array
    is taken as numbers already cleaned so (a caller with a million rows keeps
    them that way rather than as strings).
    """
    if isinstance(values, np.ndarray) and values.dtype == np.int64:
        return values.copy()
    texts = []
    for value in values:
        if type(value) is not str or len(value) != length or not value.isdigit():
            value = _clean_digits(value)
            if pad_short and len(value) == length - 1:
                # An office suite kept 15 significant digits: the last one is
                # lost. Padding with 0 keeps the first 15 comparable.
                value += "0"
            if len(value) != length:
                value = ""
        texts.append(value or "-1")
    return np.array(texts).astype(np.int64)


def _nik_kind(nik: np.ndarray) -> np.ndarray:
    """Tell a NIK with a possible date inside (DD 01-31 or 41-71, MM 01-12) from one without."""
    dd = (nik // 10**8) % 100
    mm = (nik // 10**6) % 100
    plausible = ((dd >= 1) & (dd <= 31)) | ((dd >= 41) & (dd <= 71))
    plausible &= (mm >= 1) & (mm <= 12)
    return np.where(nik < 0, NIK_NONE, np.where(plausible, NIK_OK, NIK_ODD)).astype(np.int8)


def _parse_date(value: object) -> int:
    if value is None or value == "":
        return -1
    if isinstance(value, date):
        return value.toordinal()
    text = str(value).strip()
    if not text:
        return -1
    parts = re.split(r"[-/. ]+", text)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return -1
    a, b, c = (int(p) for p in parts)
    if len(parts[0]) == 4:
        year, month, day = a, b, c
    else:
        day, month, year = a, b, c
    if 41 <= day <= 71:
        day -= 40  # a woman's date read off her NIK, +40 and all
    try:
        return date(year, month, day).toordinal()
    except ValueError:
        return -1


def _phone(value: object) -> int:
    if not value:
        return -1
    digits = _clean_digits(value)
    # "+62812…", "62812…" and "0812…" are one number.
    if digits.startswith("62"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return int(digits) if 8 <= len(digits) <= 13 else -1


def _sex(value: object) -> int:
    text = str(value or "").strip().upper()[:1]
    return 0 if text == "L" else 1 if text == "P" else -1


def prepare(
    columns: dict[str, Sequence], *, progress: Callable[[int, int | None, str], None] | None = None
) -> Prepared:
    """Clean raw columns (see FIELDS) into arrays; missing columns count as blank."""
    n = len(next(iter(columns.values()))) if columns else 0

    def column(name: str) -> Sequence:
        values = columns.get(name)
        return values if values is not None and len(values) else [""] * n

    nik = _digit_column(column("nik"), length=16, pad_short=True)
    kk = _digit_column(column("kk"), length=16)
    # A KK number typed into the NIK column (its own, or any family's) is shared
    # by the whole family and identifies nobody.
    family = (nik >= 0) & ((nik == kk) | np.isin(nik, kk[kk >= 0]))
    nik[family] = -1
    nik_kind = _nik_kind(nik)
    if progress:
        progress(n // 4, n, "Membersihkan NIK dan KK")

    # Names, dates and villages repeat a lot: each distinct value is cleaned
    # once, and records get their results by code.
    codes, raw_names = _codes(column("name"))
    written, ordered, first_tokens, last_tokens = [], [], [], []
    for raw in raw_names:
        key = sound_key(raw or "")
        tokens = key.split()
        written.append(key)
        ordered.append(" ".join(sorted(tokens)))
        first_tokens.append(tokens[0] if tokens else "")
        last_tokens.append(tokens[-1] if len(tokens) > 1 else "")
    # Gathered through object arrays: a list of a million codes as Python ints took 40 MB.
    names = np.array(written, dtype=object)[codes].tolist()
    sorted_names = np.array(ordered, dtype=object)[codes].tolist()
    name_table: dict[str, int] = {}
    name_id = _factorize(ordered, name_table)[codes]
    token_table: dict[str, int] = {}
    first_id = _factorize(first_tokens, token_table)[codes]
    last_id = _factorize(last_tokens, token_table)[codes]
    counts = np.bincount(name_id[name_id >= 0], minlength=len(name_table))
    name_freq = np.where(name_id >= 0, counts[np.maximum(name_id, 0)] / max(n, 1), 0).astype(np.float32)
    if progress:
        progress(n // 2, n, "Membersihkan nama")

    codes, raw_dates = _codes(column("birth_date"))
    birth = np.array([_parse_date(v) for v in raw_dates] or [-1], dtype=np.int32)[codes]
    day = np.zeros(n, dtype=np.int8)
    month = np.zeros(n, dtype=np.int8)
    year = np.zeros(n, dtype=np.int16)
    known = birth >= 0
    ordinals, inverse = np.unique(birth[known], return_inverse=True)
    parts = np.array([(d.day, d.month, d.year) for d in map(date.fromordinal, ordinals.tolist())], dtype=np.int16)
    if len(parts):
        day[known], month[known], year[known] = parts[inverse, 0], parts[inverse, 1], parts[inverse, 2]

    # Where the list leaves sex blank, the NIK says it (DD + 40 for women).
    nik_day = (nik // 10**8) % 100
    nik_sex = np.where(nik_kind == NIK_OK, np.where(nik_day >= 41, 1, 0), -1).astype(np.int8)
    sex_cache: dict[object, int] = {}
    sex = np.fromiter(
        (sex_cache[v] if v in sex_cache else sex_cache.setdefault(v, _sex(v)) for v in column("sex")),
        dtype=np.int8,
        count=n,
    )
    entered_sex = sex
    sex = np.where(entered_sex >= 0, entered_sex, nik_sex).astype(np.int8)
    codes, raw_villages = _codes(column("village"))
    village = np.array(
        [int(d) if len(d) == 10 else -1 for d in map(_clean_digits, raw_villages)] or [-1], dtype=np.int64
    )[codes]
    district = np.where(village >= 0, village // 10_000, -1)

    phone = np.fromiter((_phone(v) for v in column("phone")), dtype=np.int64, count=n)
    if progress:
        progress(n, n, "Data siap dibandingkan")

    return Prepared(
        n=n,
        nik=nik,
        nik_kind=nik_kind,
        kk=kk,
        name=names,
        name_sorted=sorted_names,
        name_id=name_id,
        first_id=first_id,
        last_id=last_id,
        name_freq=name_freq,
        sex=sex,
        entered_sex=entered_sex,
        birth=birth,
        birth_day=day,
        birth_month=month,
        birth_year=year,
        village=village,
        district=district,
        phone=phone,
    )
