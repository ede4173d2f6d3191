"""Candidate pairs: only records that share some key are ever compared.

Each rule yields an int64 key per record (-1 = no key); records with equal
keys become pairs. The rules are the ways a duplicate survives a clerk:
the NIK with one digit wrong or two neighbours swapped, the birth date with
the name, the family card, the phone, the village with the name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from lindung.lib.linkage.prepare import NIK_NONE, Prepared

# A key shared by more records than this says nothing ("Muhammad" in a big
# village, a phone number typed for a whole RT); pairing them all would cost
# more than it finds.
MAX_BLOCK = 40

RULES = (
    "nik",  # NIK equal, or one digit off
    "nik_swap",  # two neighbouring NIK digits swapped
    "date_name",  # birth date (day/month either way) + whole name
    "date_first",  # birth date + first name
    "date_last",  # birth date + last name
    "kk",  # family card number
    "phone",
    "village_name",  # village + whole name
    "district_date",  # district of residence + birth date
)
RULE_BIT = {rule: 1 << index for index, rule in enumerate(RULES)}

_POW10 = 10 ** np.arange(15, -1, -1, dtype=np.int64)


def _date_key(p: Prepared) -> np.ndarray:
    # Day and month in either order, so a swapped date blocks with the right one.
    low = np.minimum(p.birth_day, p.birth_month).astype(np.int64)
    high = np.maximum(p.birth_day, p.birth_month).astype(np.int64)
    return np.where(p.birth >= 0, p.birth_year.astype(np.int64) * 10_000 + low * 100 + high, -1)


def _combine(a: np.ndarray, b: np.ndarray, b_size: int) -> np.ndarray:
    return np.where((a >= 0) & (b >= 0), a * b_size + b, -1)


def keys(p: Prepared) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (rule, key per record) for every blocking key."""
    usable = p.nik_kind != NIK_NONE
    nik = np.where(usable, p.nik, -1)
    # One column widened at a time: the whole (n, 16) matrix as int64 took 128 MB at a million records.
    digits = p.nik_digits
    # Strangers born the same day with the same serial differ in one digit of
    # the kecamatan or the date; with the name's initial added, those keys
    # stop pairing half the regency and still catch the typo.
    initial = np.fromiter((ord(name[0]) if name else 0 for name in p.name), dtype=np.int64, count=p.n)
    for position in range(16):
        # The same number with this digit zeroed: equal for NIKs that differ
        # only here (and for equal NIKs).
        key = nik - digits[:, position].astype(np.int64) * _POW10[position]
        if position < 12:
            key = key * 131 + initial  # wraps on overflow; a collision only adds a pair
        yield "nik", np.where(usable, key, -1)
    for position in range(15):
        a, b = digits[:, position].astype(np.int64), digits[:, position + 1].astype(np.int64)
        swapped = (a != b) & usable
        # Put the pair in order so the NIK and its swap give the same key;
        # unswappable (equal) pairs are already covered by the one-digit rule.
        low, high = np.minimum(a, b), np.maximum(a, b)
        key = (
            nik - a * _POW10[position] - b * _POW10[position + 1] + low * _POW10[position] + high * _POW10[position + 1]
        )
        yield "nik_swap", np.where(swapped, key, -1)
    del digits
    date = _date_key(p)
    names = int(p.name_id.max(initial=0)) + 1
    tokens = int(max(p.first_id.max(initial=0), p.last_id.max(initial=0))) + 1
    yield "date_name", _combine(date, p.name_id.astype(np.int64), names)
    yield "date_first", _combine(date, p.first_id.astype(np.int64), tokens)
    yield "date_last", _combine(date, p.last_id.astype(np.int64), tokens)
    yield "kk", p.kk
    yield "phone", p.phone
    yield "village_name", _combine(p.village, p.name_id.astype(np.int64), names)
    yield "district_date", _combine(p.district, np.where(p.birth >= 0, p.birth.astype(np.int64), -1), 1 << 22)


# Keys where a big group is a popular value, not a family of typos: "Muhammad
# Rizki" ten times in one village, ten strangers of one kecamatan born on one
# day. The other rules find the duplicates these would (measured on the
# benchmark), so a small group is all they are for.
SMALL_BLOCK = {"village_name": 8, "district_date": 6}


def pairs_for_key(key: np.ndarray, *, max_block: int = MAX_BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Return (left, right) record indexes, left < right, of records sharing a key."""
    index = np.flatnonzero(key >= 0)
    if len(index) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    order = index[np.argsort(key[index])]
    sorted_keys = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    size_of = np.repeat(sizes, sizes)
    keep = (size_of >= 2) & (size_of <= max_block)
    order, sorted_keys = order[keep], sorted_keys[keep]
    lefts, rights = [], []
    for offset in range(1, max_block):
        if offset >= len(order):
            break
        same = sorted_keys[offset:] == sorted_keys[:-offset]
        if not same.any():
            break
        a, b = order[:-offset][same], order[offset:][same]
        lefts.append(np.minimum(a, b))
        rights.append(np.maximum(a, b))
    if not lefts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(lefts), np.concatenate(rights)


def candidate_pairs(
    p: Prepared, *, progress: Callable[[int, int | None, str], None] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (left, right, rule bits) of every distinct candidate pair."""
    codes, bits = [], []
    n = np.int64(max(p.n, 1))
    rule_count = 16 + 15 + len(RULES) - 2
    for step, (rule, key) in enumerate(keys(p), start=1):
        left, right = pairs_for_key(key, max_block=SMALL_BLOCK.get(rule, MAX_BLOCK))
        if len(left):
            codes.append(left * n + right)
            bits.append(np.full(len(left), RULE_BIT[rule], dtype=np.uint16))
        if progress:
            progress(step, rule_count, "Mencari pasangan calon")
    if not codes:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0, np.uint16)
    code = np.concatenate(codes)
    bit = np.concatenate(bits)
    del codes, bits
    order = np.argsort(code)
    code, bit = code[order], bit[order]
    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    rule_bits = np.bitwise_or.reduceat(bit, starts) if len(starts) else bit
    code = code[starts]
    return code // n, code % n, rule_bits.astype(np.uint16)
