"""Record linkage for people: find the rows that stand for the same person.

Pure Python and numpy, no Django: the web scan, the reference-list check and
`lindung dedupe` on a plain file all call `deduplicate` or `link`.

Steps: clean (prepare), block (candidate pairs), compare (levels per field),
estimate m/u by EM (Fellegi-Sunter), score, apply the rules that tell twins
and fathers and sons apart, cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lindung.lib.formatting import tanggal
from lindung.lib.linkage import blocking
from lindung.lib.linkage.cluster import clusters as _clusters
from lindung.lib.linkage.compare import (
    DATE_LEVELS,
    FIELDS,
    IDENTITY,
    KK,
    NAME,
    PHONE,
    compare,
)
from lindung.lib.linkage.model import Model, default_model, estimate, probability, score
from lindung.lib.linkage.prepare import FIELDS as INPUT_FIELDS
from lindung.lib.linkage.prepare import NIK_NONE, NIK_OK, Prepared, prepare

__all__ = ["INPUT_FIELDS", "Linkage", "deduplicate", "link", "link_incoming", "prepare"]

Progress = Callable[[int, int | None, str], None]

DEFAULT_THRESHOLD = 0.5
# Below this many candidate pairs EM has too little to learn from; the
# weights estimated on the benchmark regency are used instead.
MIN_PAIRS_FOR_EM = 20_000
# Pairs below this are not worth a verifier's time and are dropped early.
KEEP_ABOVE = 0.01
# Pairs scored at a time once their levels are known: a million-row import has
# some four million candidate pairs, and scoring them in one go held about
# 400 MB of per-pair temporaries only to drop most pairs below KEEP_ABOVE.
SCORE_CHUNK = 250_000
# Exact name agreement on a name everyone has ("Muhammad Rizki") proves less
# than on a rare one; the weight moves by at most this many bits either way.
_TF_LIMIT = 4.0

_DATE_EXACT = 0
_NAME_CLOSE = 3  # up to "mirip": a slip in a short name still scores 80-90
_NAME_PART = 2  # "sebagian nama sama": one name is the other with a word dropped


@dataclass(slots=True)
class Linkage:
    """Scored candidate pairs (left < right) and the cluster of every record."""

    prepared: Prepared
    model: Model
    left: np.ndarray
    right: np.ndarray
    levels: np.ndarray
    weight: np.ndarray
    prob: np.ndarray
    rule: np.ndarray  # which kind of "different people" rule fired, 0 none
    blocks: np.ndarray
    labels: np.ndarray
    name_bits: np.ndarray  # the weight of how common the agreeing name is
    date_bits: np.ndarray  # the weight of how common the agreeing birth date is
    name_set_aside: np.ndarray | None = None  # NAME_* why the name's rarity was not counted, 0 when it was
    _in_village: dict | None = None

    def evidence(self, k: int) -> dict:
        """Say, for pair k, what agreed and how much each field weighed (in bits)."""
        weights = self.model.weights()
        fields = []
        for index, field in enumerate(FIELDS):
            level = int(self.levels[k, index])
            fields.append(
                {
                    "field": field.name,
                    "label": field.label,
                    "level": field.levels[level],
                    "weight": round(float(weights[index][level]), 2),
                }
            )
        name_bits, date_bits = float(self.name_bits[k]), float(self.date_bits[k])
        if abs(name_bits) >= 0.1:  # below that it is only the rounding of the other weights
            fields.append(
                {
                    "field": "name_frequency",
                    "label": "Kelangkaan nama",
                    "level": "nama umum" if name_bits < 0 else "nama jarang",
                    "weight": round(name_bits, 2),
                }
            )
        if abs(date_bits) >= 0.1:
            fields.append(
                {
                    "field": "date_frequency",
                    "label": "Kelangkaan tanggal lahir",
                    "level": "tanggal yang banyak dipakai" if date_bits < 0 else "tanggal jarang",
                    "weight": round(date_bits, 2),
                }
            )
        blocks = [rule for rule, bit in blocking.RULE_BIT.items() if int(self.blocks[k]) & bit]
        return {
            "probability": round(float(self.prob[k]), 4),
            "weight": round(float(self.weight[k]), 2),
            "fields": fields,
            "blocks": blocks,
            "rule": RULE_LABELS.get(int(self.rule[k]), ""),
            "notes": self.notes(k),
        }

    def notes(self, k: int) -> list[str]:
        """Say in words what the two NIKs, the household and the village say about pair k."""
        p = self.prepared
        a, b = int(self.left[k]), int(self.right[k])
        out = []
        says = [_nik_says(p, i) for i in (a, b)]
        if says[0] and says[1]:
            out.append(f"Menurut NIK: kiri {says[0]}; kanan {says[1]}.")
        nl, nr = int(p.nik[a]), int(p.nik[b])
        if nl >= 0 and nr >= 0 and nl != nr and nl // _SERIAL == nr // _SERIAL:
            out.append(f"NIK hanya beda di nomor urut ({nl % _SERIAL:04d} dan {nr % _SERIAL:04d}).")
        if p.kk[a] >= 0 and p.kk[a] == p.kk[b]:
            same_day = p.birth[a] >= 0 and p.birth[a] == p.birth[b]
            out.append("Satu KK dan tanggal lahir sama." if same_day else "Satu KK (satu keluarga).")
        if self.name_set_aside is not None and int(self.name_set_aside[k]):
            out.append(NAME_SET_ASIDE_NOTES[int(self.name_set_aside[k])])
        for i, side in ((a, "kiri"), (b, "kanan")):
            count = self._village_count(i)
            if count > 1:
                out.append(f"Nama {side} dipakai {count} baris di desanya.")
        return out

    def _village_count(self, i: int) -> int:
        p = self.prepared
        if p.village[i] < 0 or p.name_id[i] < 0:
            return 0
        if self._in_village is None:
            known = (p.village >= 0) & (p.name_id >= 0)
            key = p.village[known] * (1 << 24) + p.name_id[known]
            values, counts = np.unique(key, return_counts=True)
            self._in_village = dict(zip(values.tolist(), counts.tolist(), strict=True))
        return self._in_village.get(int(p.village[i]) * (1 << 24) + int(p.name_id[i]), 0)


def _nik_says(p: Prepared, i: int) -> str:
    """Return the birth date and sex a well-formed NIK carries, in words ("lahir 8 April 2001, perempuan")."""
    if p.nik_kind[i] != NIK_OK:
        return ""
    nik = int(p.nik[i])
    day, month, yy = (nik // 10**8) % 100, (nik // 10**6) % 100, (nik // 10**4) % 100
    sex = "perempuan" if day > 40 else "laki-laki"
    day -= 40 if day > 40 else 0
    # Two digits of year: the century of the written birth date when there is one.
    century = (int(p.birth_year[i]) // 100 * 100) if p.birth[i] >= 0 else (1900 if yy > 30 else 2000)
    try:
        born = tanggal(date(century + yy, month, day))
    except ValueError:
        born = f"{day:02d}-{month:02d}-{yy:02d}"
    return f"lahir {born}, {sex}"


RULE_TWINS = 1
RULE_GENERATIONS = 2
RULE_OTHER_SEX = 3
RULE_SERIAL = 4
RULE_REGION = 5
RULE_LABELS = {
    RULE_TWINS: "Kemungkinan kembar: KK dan tanggal lahir sama, nama berbeda.",
    RULE_GENERATIONS: "Kemungkinan ayah dan anak (atau kerabat) bernama sama: tahun lahir jauh berbeda.",
    RULE_OTHER_SEX: (
        "Kemungkinan kembar laki-laki dan perempuan: NIK hanya beda di tanggal (+40 untuk perempuan) "
        "dan jenis kelamin yang diisi juga beda."
    ),
    RULE_SERIAL: (
        "Kemungkinan orang lain yang lahir di hari yang sama di kecamatan yang sama: "
        "NIK hanya beda di nomor urut, nama berbeda."
    ),
    RULE_REGION: (
        "Dua NIK sah dari dua kecamatan: NIK hanya beda di kode wilayah, dan kode wilayah masing-masing "
        "cocok dengan kecamatan tempat tinggalnya, jadi bukan salah ketik."
    ),
}
_SERIAL = 10_000  # the last four NIK digits
_WOMEN_DAY = 40 * 10**8  # DD + 40, as a NIK difference


def _different_people(
    p: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray, words: dict[str, int] | None = None
) -> np.ndarray:
    """Return the rule that says a pair is two people (0 when none applies)."""
    rule = np.zeros(len(left), dtype=np.int8)
    nik_exact = (levels[:, IDENTITY] // len(DATE_LEVELS)) == 0
    date_exact = (levels[:, IDENTITY] % len(DATE_LEVELS)) == _DATE_EXACT
    same_family = levels[:, KK] == 0
    # Twins share the card and the birthday; only the name tells them apart:
    # their first names differ by more than one slip ("Eko"/"Eok" is a typo,
    # "Hasan"/"Husin" are twins).
    twins = same_family & date_exact & (levels[:, NAME] >= _NAME_CLOSE) & (levels[:, NAME] < 6) & ~nik_exact
    if twins.any():
        index = np.flatnonzero(twins)
        firsts = [p.name[i].split(" ", 1)[0] for i in left[index].tolist()]
        seconds = [p.name[i].split(" ", 1)[0] for i in right[index].tolist()]
        slips = process.cpdist(firsts, seconds, scorer=OSA.distance, workers=1)
        twins[index[slips <= 1]] = False
    # What the NIKs themselves say. Both well formed, one issuing kecamatan,
    # one date, other serials: Dukcapil numbered two people born that day.
    # On one card with serials next to each other and names apart (not only
    # by a dropped word, which is how one person gets shortened), those are
    # twins; a typo in a serial rarely lands on the neighbour and keeps the
    # name. Off the card, a name that differs by more than a slip says the same.
    nl, nr = p.nik[left], p.nik[right]
    both = (p.nik_kind[left] == NIK_OK) & (p.nik_kind[right] == NIK_OK)
    serial_only = both & (nl // _SERIAL == nr // _SERIAL) & (nl != nr)
    named_apart = (levels[:, NAME] != 0) & (levels[:, NAME] != _NAME_PART) & (levels[:, NAME] < 6)
    neighbours = np.abs(nl - nr) <= 2
    twins |= serial_only & same_family & neighbours & named_apart
    # One of the two without a NIK, on one card, one date, names apart: the
    # card lists two children born that day far more often than a clerk
    # both drops a NIK and misspells the name.
    # What tells the two apart is whether both spellings are names people
    # are given: a slip makes a word nobody else in the list has ("Ahhmad").
    one_blank = (p.nik_kind[left] == NIK_NONE) != (p.nik_kind[right] == NIK_NONE)
    maybe = np.flatnonzero(one_blank & same_family & date_exact & named_apart & ~twins)
    if len(maybe):
        twins[maybe[_both_given_names(p, left[maybe], right[maybe], words)]] = True
    serial = serial_only & ~same_family & (levels[:, NAME] >= _NAME_CLOSE) & (levels[:, NAME] < 6)
    # Days 40 apart and all else equal but the serial: the NIKs of a boy and
    # a girl born that day. Unless a sex in the list disagrees with its own
    # NIK, which says that NIK was mistyped (1 for 5 is a slip too).
    other_sex = both & (np.abs(nl // _SERIAL - nr // _SERIAL) == _WOMEN_DAY // _SERIAL)
    el, er = p.entered_sex[left], p.entered_sex[right]
    nik_sex_l = ((nl // 10**8) % 100 >= 41).astype(np.int8)
    nik_sex_r = ((nr // 10**8) % 100 >= 41).astype(np.int8)
    mistyped = ((el >= 0) & (el != nik_sex_l)) | ((er >= 0) & (er != nik_sex_r))
    other_sex &= ~mistyped
    # Two strangers born on one day in two kecamatan get NIKs that differ
    # only in the kecamatan code (both serials start at 0001). A slip in those
    # digits leaves a code that is not where the person lives; when each NIK's
    # code is its own holder's kecamatan, both NIKs are what Dukcapil issued.
    region = both & (nl % 10**10 == nr % 10**10) & (nl != nr)
    region &= (nl // 10**10 == p.district[left]) & (nr // 10**10 == p.district[right])
    rule[region] = RULE_REGION
    rule[serial] = RULE_SERIAL
    rule[twins] = RULE_TWINS
    rule[other_sex] = RULE_OTHER_SEX
    years = np.abs(p.birth_year[left].astype(np.int16) - p.birth_year[right])
    known = (p.birth[left] >= 0) & (p.birth[right] >= 0)
    generations = known & (years >= 12) & ~nik_exact
    rule[generations] = RULE_GENERATIONS
    return rule


# A word written this many times in the list is a name, not a slip.
_GIVEN_NAME_COUNT = 3
# A slip is copied from the word it spoils, so it is written a fixed small
# share as often (a fraction of a per cent: "Lstari" for "Lestari"); in a big
# list the same slip recurs and passes any fixed count. A name parents give
# stands on its own: the rarer of two twins' names ("Husin" beside "Hasan",
# "Andini" beside "Andi") is still a per cent or more of the other.
_SLIP_SHARE = 0.005


def _both_given_names(
    p: Prepared, left: np.ndarray, right: np.ndarray, words: dict[str, int] | None = None
) -> np.ndarray:
    """Tell, per pair, whether the words the two names do not share are all names others in the list have."""
    words = _word_counts(p) if words is None else words
    out = np.zeros(len(left), dtype=bool)
    for k, (a, b) in enumerate(zip(left.tolist(), right.tolist(), strict=True)):
        wa, wb = set(p.name[a].split()), set(p.name[b].split())
        apart = [words.get(w, 0) for w in (wa - wb) | (wb - wa)]
        out[k] = bool(apart) and min(apart) >= max(_GIVEN_NAME_COUNT, _SLIP_SHARE * max(apart))
    return out


def _word_counts(p: Prepared) -> dict[str, int]:
    """Return how many records of the list have each word in their name."""
    ids, counts = np.unique(p.name_id[p.name_id >= 0], return_counts=True)
    first_record = np.full(int(ids.max(initial=0)) + 1, -1, dtype=np.int64)
    first_record[p.name_id[::-1]] = np.arange(p.n - 1, -1, -1)  # any record will do
    words: dict[str, int] = {}
    for name_id, count in zip(ids.tolist(), counts.tolist(), strict=True):
        for word in p.name[first_record[name_id]].split():
            words[word] = words.get(word, 0) + count
    return words


# Name frequencies from a short list are noise (every name is "20 %" of five rows).
_TF_MIN_RECORDS = 10_000


# Why a name's rarity was set aside for a pair (Linkage.name_set_aside).
NAME_RARE_ALONE = 1
NAME_COMMON_IN_FAMILY = 2
NAME_SET_ASIDE_NOTES = {
    NAME_RARE_ALONE: (
        "Nama jarang, tetapi tidak ada NIK, tanggal lahir, KK atau HP yang sama: "
        "nama saja bukan identitas, kelangkaannya tidak dihitung."
    ),
    NAME_COMMON_IN_FAMILY: "Nama umum, tetapi satu KK: di satu keluarga nama yang sama tidak menunjuk orang lain.",
}


def _name_agreements(p: Prepared, left: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return which pairs agree on the name in a way its rarity counts for, and that name's share per such pair."""
    # Strangers who share a common name do not share a NIK too: with the
    # NIKs equal, how common the name is says nothing more.
    nik_exact = (levels[:, IDENTITY] // len(DATE_LEVELS)) == 0
    exact = (levels[:, NAME] == 0) & ~nik_exact
    return exact, np.maximum(p.name_freq[left[exact]].astype(np.float64), 1e-9)


def _name_frequency_bits(
    p: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray, typical: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return the bits how rare the agreeing name is, and per pair why its rarity was set aside (0 not).

    `typical` is the share measured over the whole set of candidate pairs when
    these pairs are only a chunk of it; by default it is measured on these.
    """
    if p.n < _TF_MIN_RECORDS:
        return np.zeros(len(left)), np.zeros(len(left), dtype=np.int8)
    exact, freq = _name_agreements(p, left, levels)
    bits = np.zeros(len(left))
    if not exact.any():
        return bits, np.zeros(len(left), dtype=np.int8)
    typical = _typical(freq) if typical is None else typical
    bits[exact] = np.clip(np.log2(typical / freq), -_TF_LIMIT, _TF_LIMIT)
    # In a regency of 800,000 even a rare name is several people's: rarity
    # only tells apart records that share something that identifies (the
    # NIK or part of it, the birth date, the family card, the phone). With
    # nothing of that shared, a name in one village is not an identity.
    set_aside = np.zeros(len(left), dtype=np.int8)
    rare_alone = ~_shares_an_identifier(levels) & (bits > 0)
    # The other way round: strangers who share a common name do not share a
    # family card; in one KK a name is one person whatever its popularity
    # (a father and his namesake son are told apart by the generations rule).
    common_in_family = (levels[:, KK] == 0) & (bits < 0)
    set_aside[rare_alone] = NAME_RARE_ALONE
    set_aside[common_in_family] = NAME_COMMON_IN_FAMILY
    bits[rare_alone | common_in_family] = 0.0
    return bits, set_aside


def _shares_an_identifier(levels: np.ndarray) -> np.ndarray:
    nik = levels[:, IDENTITY] // len(DATE_LEVELS)
    day = levels[:, IDENTITY] % len(DATE_LEVELS)
    return (nik <= 3) | (day <= 2) | (levels[:, KK] <= 1) | (levels[:, PHONE] == 0)


def _typical(freq: np.ndarray) -> float:
    """Return the share a name (or date) typically has among the candidate pairs that agree on it.

    The model's weight for "same name" was learnt on the candidate pairs, so a
    name is rare or common against those pairs, not against two records drawn
    at random: blocking keeps out most pairs of the commonest names (their
    blocks are too big), and measured against random pairs every ordinary
    name of a big regency looked rare and earned bits it had not.
    """
    return float(np.exp(np.log(freq).mean()))


def _typical_of_parts(parts: Iterable[np.ndarray]) -> float | None:
    """`_typical` of the parts joined, reading one part at a time; None when there are none."""
    total, count = 0.0, 0
    for freq in parts:
        if len(freq):
            total += float(np.log(freq).sum())
            count += len(freq)
    return float(np.exp(total / count)) if count else None


def _date_shares(p: Prepared) -> tuple[np.ndarray, np.ndarray]:
    """Return the known birth dates of the list and the share of records born on each."""
    dates, counts = np.unique(p.birth[p.birth >= 0], return_counts=True)
    return dates, counts / p.n


def _date_agreements(
    p: Prepared, left: np.ndarray, levels: np.ndarray, shares: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Return which pairs agree on the birth date (NIKs apart), and that date's share per such pair."""
    date_exact = (levels[:, IDENTITY] % len(DATE_LEVELS)) == _DATE_EXACT
    nik_exact = (levels[:, IDENTITY] // len(DATE_LEVELS)) == 0
    todo = date_exact & ~nik_exact
    dates, share = shares
    if not todo.any() or not len(dates):
        return todo, np.zeros(0)
    return todo, share[np.searchsorted(dates, p.birth[left[todo]])]


def _date_frequency_bits(
    p: Prepared,
    left: np.ndarray,
    right: np.ndarray,
    levels: np.ndarray,
    typical: float | None = None,
    shares: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Agreement on 1 July 1970 (the "date unknown" of a generation) proves less than on 14 March 1983.

    `typical` and `shares` as measured on the whole set when these pairs are a chunk of it.
    """
    bits = np.zeros(len(left))
    if p.n < _TF_MIN_RECORDS:
        return bits
    todo, share = _date_agreements(p, left, levels, _date_shares(p) if shares is None else shares)
    if not len(share):
        return bits
    typical = _typical(share) if typical is None else typical
    bits[todo] = np.clip(np.log2(typical / share), -_TF_LIMIT, _TF_LIMIT)
    return bits


def _score_pairs(
    p: Prepared,
    left: np.ndarray,
    right: np.ndarray,
    blocks: np.ndarray,
    *,
    threshold: float,
    progress,
    model=None,
    chunk: int = SCORE_CHUNK,
    keep_above: float = KEEP_ABOVE,
    keep_ruled_apart: bool = True,
) -> Linkage:
    """Score the candidate pairs; keep those at `keep_above` or more, and those a rule says are two people.

    The clusters need the "two people" pairs as cannot-links; a caller that reads
    only the strong pairs (an import's warnings) may do without them.
    """
    if progress:
        progress(0, len(left), "Membandingkan pasangan")
    levels = compare(p, left, right)
    if progress:
        progress(len(left), len(left), "Membandingkan pasangan")
    if model is None:
        model = estimate(levels) if len(left) >= MIN_PAIRS_FOR_EM else default_model()
    if progress:
        progress(len(left), len(left), "Menaksir bobot (EM)")
    # How rare a name or a date is, is measured against the whole set of
    # candidate pairs (see _typical); measured first, the pairs can then be
    # scored a chunk at a time, each keeping only what is worth keeping.
    name_typical = date_typical = None
    shares = _date_shares(p)
    if p.n >= _TF_MIN_RECORDS:
        # Over fixed slices, whatever `chunk` is: the figures are the same for every chunk size.
        slices = [slice(lo, lo + SCORE_CHUNK) for lo in range(0, len(left), SCORE_CHUNK)]
        name_typical = _typical_of_parts(_name_agreements(p, left[s], levels[s])[1] for s in slices)
        date_typical = _typical_of_parts(_date_agreements(p, left[s], levels[s], shares)[1] for s in slices)
    words = _word_counts(p) if len(left) > chunk else None  # counted once, not once a chunk
    parts = []
    for lo in range(0, max(len(left), 1), chunk):  # once at least, so that no pairs keep their dtypes
        hi = min(lo + chunk, len(left))
        c_left, c_right, c_levels = left[lo:hi], right[lo:hi], levels[lo:hi]
        name_bits, name_set_aside = _name_frequency_bits(p, c_left, c_right, c_levels, name_typical)
        date_bits = _date_frequency_bits(p, c_left, c_right, c_levels, date_typical, shares)
        weight = score(model, c_levels) + name_bits + date_bits
        prob = probability(model, weight)
        rule = _different_people(p, c_left, c_right, c_levels, words)
        keep = np.flatnonzero((prob >= keep_above) | ((rule > 0) & keep_ruled_apart))
        parts.append(
            (
                c_left[keep],
                c_right[keep],
                c_levels[keep],
                weight[keep],
                prob[keep],
                rule[keep],
                blocks[lo:hi][keep],
                name_bits[keep],
                date_bits[keep],
                name_set_aside[keep],
            )
        )
    del levels
    # Joined a column at a time, each column's parts let go as it is joined: joining them all
    # at once held every kept pair twice.
    columns = [list(column) for column in zip(*parts, strict=True)]
    del parts
    kept = []
    while columns:
        column = columns.pop(0)
        kept.append(np.concatenate(column))
        del column
    left, right, levels, weight, prob, rule, blocks, name_bits, date_bits, name_set_aside = kept
    if progress:
        progress(len(left), len(left), "Mengelompokkan")
    labels = _clusters(p.n, left, right, prob, threshold=threshold, cannot=rule > 0)
    return Linkage(
        p, model, left, right, levels, weight, prob, rule, blocks, labels, name_bits, date_bits, name_set_aside
    )


def deduplicate(
    columns: dict[str, Sequence] | Prepared, *, threshold: float = DEFAULT_THRESHOLD, progress: Progress | None = None
) -> Linkage:
    """Find the records of one list that stand for the same person, with clusters."""
    p = columns if isinstance(columns, Prepared) else prepare(columns, progress=progress)
    left, right, blocks = blocking.candidate_pairs(p, progress=progress)
    return _score_pairs(p, left, right, blocks, threshold=threshold, progress=progress)


def link(
    incoming: dict[str, Sequence],
    existing: dict[str, Sequence],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    model: Model | None = None,
) -> Linkage:
    """Match the records of `incoming` against `existing`: only pairs across the two are kept.

    Pairs across two lists are mostly matches, unlike the pairs inside one
    list, so EM on them would learn another population; the weights come from
    `model`, by default those estimated on the benchmark regency.

    Record indexes below len(incoming) are incoming rows; the rest are
    existing rows, shifted by len(incoming).
    """
    n_in = len(next(iter(incoming.values()))) if incoming else 0
    keys = set(incoming) | set(existing)
    n_ex = len(next(iter(existing.values()))) if existing else 0
    both = {key: list(incoming.get(key) or [""] * n_in) + list(existing.get(key) or [""] * n_ex) for key in keys}
    p = prepare(both, progress=progress)
    left, right, blocks = blocking.candidate_pairs(p, progress=progress)
    across = (left < n_in) & (right >= n_in)
    return _score_pairs(
        p,
        left[across],
        right[across],
        blocks[across],
        threshold=threshold,
        progress=progress,
        model=model or default_model(),
    )


def link_incoming(
    incoming: dict[str, Sequence],
    existing: dict[str, Sequence],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    progress: Progress | None = None,
    model: Model | None = None,
) -> Linkage:
    """Match a list about to be added against `existing` and against itself.

    Like `link`, but the pairs inside `incoming` are kept too: a file being
    imported can hold the same person twice as well as someone already
    registered. Pairs inside `existing` are dropped (they are the registry
    scan's business). Indexes as in `link`: below len(incoming) are incoming
    rows, the rest existing rows shifted by len(incoming); left < right, so
    `left` is always an incoming row.

    The weights come from `model` (by default the benchmark regency's), for
    the reason given in `link`: the kept pairs are not the population EM
    would need.
    """
    n_in = len(next(iter(incoming.values()))) if incoming else 0
    keys = set(incoming) | set(existing)
    n_ex = len(next(iter(existing.values()))) if existing else 0
    both = {key: list(incoming.get(key) or [""] * n_in) + list(existing.get(key) or [""] * n_ex) for key in keys}
    p = prepare(both, progress=progress)
    left, right, blocks = blocking.candidate_pairs(p, progress=progress)
    kept = left < n_in
    return _score_pairs(
        p,
        left[kept],
        right[kept],
        blocks[kept],
        threshold=threshold,
        progress=progress,
        model=model or default_model(),
    )
