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


def _digit(p: Prepared, position: int) -> np.ndarray:
    """The NIK's digit at `position` (0 leftmost) of every record, 0 where it has none."""
    return np.maximum(p.nik, 0) // _POW10[position] % 10


def _one_digit_key(p: Prepared, nik: np.ndarray, initial: np.ndarray, position: int) -> np.ndarray:
    # The same number with this digit zeroed: equal for NIKs that differ
    # only here (and for equal NIKs).
    key = nik - _digit(p, position) * _POW10[position]
    if position < 12:
        key *= 131
        key += initial  # wraps on overflow; a collision only adds a pair
    key[nik < 0] = -1
    return key


def _swap_key(p: Prepared, nik: np.ndarray, position: int) -> np.ndarray:
    a, b = _digit(p, position), _digit(p, position + 1)
    # Put the pair in order so the NIK and its swap give the same key;
    # unswappable (equal) pairs are already covered by the one-digit rule.
    unswappable = (a == b) | (nik < 0)
    low, high = np.minimum(a, b), np.maximum(a, b)
    key = nik - a * _POW10[position]
    del a
    key -= b * _POW10[position + 1]
    del b
    key += low * _POW10[position]
    key += high * _POW10[position + 1]
    key[unswappable] = -1
    return key


def keys(p: Prepared) -> Iterator[tuple[str, np.ndarray]]:
    """Yield (rule, key per record) for every blocking key."""
    # Each key is built in a function of its own, so that its temporaries are gone before it
    # is paired: held by this generator while its key was paired, they took 40 MB at a million.
    nik = np.where(p.nik_kind != NIK_NONE, p.nik, -1)
    # Strangers born the same day with the same serial differ in one digit of
    # the kecamatan or the date; with the name's initial added, those keys
    # stop pairing half the regency and still catch the typo.
    initial = np.fromiter((ord(name[0]) if name else 0 for name in p.name), dtype=np.int64, count=p.n)
    for position in range(16):
        yield "nik", _one_digit_key(p, nik, initial, position)
    del initial
    for position in range(15):
        yield "nik_swap", _swap_key(p, nik, position)
    del nik
    date = _date_key(p)
    names = int(p.name_id.max(initial=0)) + 1
    tokens = int(max(p.first_id.max(initial=0), p.last_id.max(initial=0))) + 1
    yield "date_name", _combine(date, p.name_id.astype(np.int64), names)
    yield "date_first", _combine(date, p.first_id.astype(np.int64), tokens)
    yield "date_last", _combine(date, p.last_id.astype(np.int64), tokens)
    del date
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
    sorted_keys = key[index]
    order = np.argsort(sorted_keys)
    sorted_keys = sorted_keys[order]
    order = index[order]
    del index
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    del starts
    # Only the records of groups worth pairing go on (most keys are a record's own).
    keep = np.repeat((sizes >= 2) & (sizes <= max_block), sizes)
    del sizes
    order, sorted_keys = order[keep], sorted_keys[keep]
    del keep
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
    n = np.int64(max(p.n, 1))
    # A pair and the rule that found it are one int64: (left * n + right) above the rule's bit.
    # One sort in place then puts a pair's copies from several rules side by side; an argsort
    # and its gathered copies held three times the pairs' memory at a million records.
    if int(n) > _MAX_PACKED:
        raise ValueError(f"too many records to pair at once: {int(n):,} (at most {_MAX_PACKED:,})")
    packed = []
    rule_count = 16 + 15 + len(RULES) - 2
    for step, (rule, key) in enumerate(keys(p), start=1):
        left, right = pairs_for_key(key, max_block=SMALL_BLOCK.get(rule, MAX_BLOCK))
        if len(left):
            code = left * n
            code += right
            code <<= _BITS
            code |= _BIT_INDEX[rule]
            packed.append(code)
        del left, right
        if progress:
            progress(step, rule_count, "Mencari pasangan calon")
    if not packed:
        empty = np.empty(0, np.int64)
        return empty, empty, np.empty(0, np.uint16)
    # Copied into one array a rule at a time, each rule's part let go once copied.
    code = np.empty(sum(len(part) for part in packed), dtype=np.int64)
    at = 0
    while packed:
        part = packed.pop(0)
        code[at : at + len(part)] = part
        at += len(part)
        del part
    code.sort()
    index = (code & _BIT_MASK).astype(np.uint8)
    code >>= _BITS
    first = np.empty(len(code), dtype=bool)
    first[0] = True
    np.not_equal(code[1:], code[:-1], out=first[1:])
    rule_bits = np.left_shift(np.uint16(1), index[first]).astype(np.uint16)
    # A pair found by several rules: its later copies add their bits to the first one's.
    again = np.flatnonzero(~first)
    if len(again):
        unique = code[first]
        np.bitwise_or.at(rule_bits, np.searchsorted(unique, code[again]),
                         np.left_shift(np.uint16(1), index[again]).astype(np.uint16))  # fmt: skip
        del code
        code = unique
    del index, first, again
    left, right = np.divmod(code, n)
    return left, right, rule_bits


# The rule's index (not its bit) sits in the low bits of a packed pair: 9 rules fit in 4 bits,
# so a pair code (< n * n) has 59 bits, enough for 700 million records.
_BITS = 4
_BIT_MASK = (1 << _BITS) - 1
_BIT_INDEX = {rule: index for index, rule in enumerate(RULES)}
_MAX_PACKED = int((2 ** (63 - _BITS)) ** 0.5)
assert len(RULES) <= 1 << _BITS
