"""Comparison vectors: for each candidate pair, one agreement level per field.

The NIK and the birth date are compared as one joint field, because a NIK
carries the birth date (and sex and district): two strangers born on the same
day in the same kecamatan have NIKs that differ only in the serial, often by
one digit, so "NIK one digit off" means little when the dates agree through
the NIK itself, and much when the differing digit sits in the date part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from lindung.lib.linkage.prepare import NIK_NONE, Prepared, digit_matrix

# Levels per field; the last level of every field is "missing" and carries no weight.
NIK_LEVELS = (
    "sama",
    "beda 1 digit di tanggal",
    "beda 1 digit di kode wilayah",
    "beda 1 digit di nomor urut",
    "nomor urut lain",
    "beda",
    "kosong",
)
DATE_LEVELS = ("sama", "tanggal dan bulan tertukar", "beda satu unsur", "beda", "kosong")
NAME_LEVELS = ("sama", "sangat mirip", "sebagian nama sama", "mirip", "agak mirip", "beda", "kosong")
VILLAGE_LEVELS = ("desa sama", "kecamatan sama", "beda", "kosong")
KK_LEVELS = ("sama", "beda 1 digit", "beda", "kosong")
PHONE_LEVELS = ("sama", "beda", "kosong")
SEX_LEVELS = ("sama", "beda", "kosong")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    label: str  # what a verifier reads
    levels: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.levels)

    @property
    def missing(self) -> int:
        return len(self.levels) - 1


IDENTITY_LEVELS = tuple(f"NIK {n}; tgl lahir {d}" for n in NIK_LEVELS for d in DATE_LEVELS)
# The joint level is missing only when both parts are.
FIELDS = (
    Field("identity", "NIK dan tanggal lahir", IDENTITY_LEVELS),
    Field("name", "Nama", NAME_LEVELS),
    Field("village", "Desa", VILLAGE_LEVELS),
    Field("kk", "No. KK", KK_LEVELS),
    Field("phone", "No. HP", PHONE_LEVELS),
    Field("sex", "Jenis kelamin", SEX_LEVELS),
)
IDENTITY, NAME, VILLAGE, KK, PHONE, SEX = range(len(FIELDS))
# Pairs compared at a time: the digit-by-digit temporaries are some 100 bytes a pair.
CHUNK = 100_000


def _digit_diff(da: np.ndarray, db: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (count of differing digits, first differing position, is adjacent swap) of digit rows."""
    differ = da != db
    count = differ.sum(axis=1)
    first = np.argmax(differ, axis=1)
    nxt = np.minimum(first + 1, 15)
    rows = np.arange(len(da))
    swap = (count == 2) & differ[rows, nxt] & (da[rows, first] == db[rows, nxt]) & (da[rows, nxt] == db[rows, first])
    return count, first, swap


def _nik_level(p: Prepared, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    a, b = p.nik[left], p.nik[right]
    usable = (p.nik_kind[left] != NIK_NONE) & (p.nik_kind[right] != NIK_NONE)
    level = np.full(len(left), 6, dtype=np.int8)
    count, first, swap = _digit_diff(digit_matrix(p.nik[left]), digit_matrix(p.nik[right]))
    near = (count == 1) | swap
    # A slip in the date digits while the written dates agree is a typo; a
    # slip in the kecamatan digits is also what two strangers born the same
    # day in kecamatan 06 and 16 look like, so the two are kept apart.
    level[usable] = 5
    level[usable & (a // 10_000 == b // 10_000)] = 4
    level[usable & near & (first >= 12)] = 3
    level[usable & near & (first < 6)] = 2
    level[usable & near & (first >= 6) & (first < 12)] = 1
    level[usable & (count == 0)] = 0
    return level


def _date_level(p: Prepared, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    a, b = p.birth[left], p.birth[right]
    dl, dr = p.birth_day[left], p.birth_day[right]
    ml, mr = p.birth_month[left], p.birth_month[right]
    yl, yr = p.birth_year[left], p.birth_year[right]
    level = np.full(len(left), 3, dtype=np.int8)
    same_parts = (dl == dr).astype(np.int8) + (ml == mr) + (yl == yr)
    level[same_parts == 2] = 2
    level[(yl == yr) & (dl == mr) & (ml == dr) & (dl != ml)] = 1
    level[a == b] = 0
    level[(a < 0) | (b < 0)] = 4
    return level


def _name_level(p: Prepared, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    level = np.full(len(left), 5, dtype=np.int8)
    same = p.name_id[left] == p.name_id[right]
    todo = np.flatnonzero(~same)
    # Word order ignored: the ratio of the sorted-token keys is rapidfuzz's
    # token_sort_ratio without splitting and sorting again for every pair.
    ordered = p.name_sorted
    a = [ordered[i] for i in left[todo].tolist()]
    b = [ordered[i] for i in right[todo].tolist()]
    sort_score = process.cpdist(a, b, scorer=fuzz.ratio, workers=-1)
    sub = np.full(len(todo), 5, dtype=np.int8)
    sub[sort_score >= 65] = 4
    sub[sort_score >= 80] = 3
    # One name is the other with a token dropped ("Siti Nur Aminah" / "Siti Aminah").
    maybe = np.flatnonzero(sort_score < 90)
    if len(maybe):
        set_score = process.cpdist(
            [a[i] for i in maybe.tolist()], [b[i] for i in maybe.tolist()], scorer=fuzz.token_set_ratio, workers=-1
        )
        sub[maybe[set_score >= 100]] = 2
    sub[sort_score >= 90] = 1
    level[todo] = sub
    level[same] = 0
    level[(p.name_id[left] < 0) | (p.name_id[right] < 0)] = 6
    return level


def compare(p: Prepared, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Return an int8 array (pairs x fields) of agreement levels."""
    out = np.empty((len(left), len(FIELDS)), dtype=np.int8)
    for start in range(0, len(left), CHUNK):
        lo, hi = start, min(start + CHUNK, len(left))
        lo_ix, r = left[lo:hi], right[lo:hi]
        nik = _nik_level(p, lo_ix, r)
        date = _date_level(p, lo_ix, r)
        identity = nik.astype(np.int16) * len(DATE_LEVELS) + date
        identity[(nik == 6) & (date == 4)] = FIELDS[IDENTITY].missing
        out[lo:hi, IDENTITY] = identity
        out[lo:hi, NAME] = _name_level(p, lo_ix, r)

        vl, vr = p.village[lo_ix], p.village[r]
        village = np.full(hi - lo, 2, dtype=np.int8)
        village[p.district[lo_ix] == p.district[r]] = 1
        village[vl == vr] = 0
        village[(vl < 0) | (vr < 0)] = 3
        out[lo:hi, VILLAGE] = village

        kl, kr = p.kk[lo_ix], p.kk[r]
        kk = np.full(hi - lo, 2, dtype=np.int8)
        count = (digit_matrix(kl) != digit_matrix(kr)).sum(axis=1)
        kk[count == 1] = 1
        kk[kl == kr] = 0
        kk[(kl < 0) | (kr < 0)] = 3
        out[lo:hi, KK] = kk

        pl, pr = p.phone[lo_ix], p.phone[r]
        out[lo:hi, PHONE] = np.where((pl < 0) | (pr < 0), 2, np.where(pl == pr, 0, 1))
        sl, sr = p.sex[lo_ix], p.sex[r]
        out[lo:hi, SEX] = np.where((sl < 0) | (sr < 0), 2, np.where(sl == sr, 0, 1))
    return out
