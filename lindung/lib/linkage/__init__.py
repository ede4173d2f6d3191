"""Record linkage for people: find the rows that stand for the same person.

Pure Python and numpy, no Django: the web scan, the reference-list check and
`lindung dedupe` on a plain file all call `deduplicate` or `link`.

Steps: clean (prepare), block (candidate pairs), compare (levels per field),
estimate m/u by EM (Fellegi-Sunter), score, apply the rules that tell twins
and fathers and sons apart, cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from lindung.lib.linkage import blocking
from lindung.lib.linkage.cluster import clusters as _clusters
from lindung.lib.linkage.compare import (
    DATE_LEVELS,
    FIELDS,
    IDENTITY,
    KK,
    NAME,
    compare,
)
from lindung.lib.linkage.model import Model, default_model, estimate, probability, score
from lindung.lib.linkage.prepare import FIELDS as INPUT_FIELDS
from lindung.lib.linkage.prepare import Prepared, prepare

__all__ = ["INPUT_FIELDS", "Linkage", "deduplicate", "link", "link_incoming", "prepare"]

Progress = Callable[[int, int | None, str], None]

DEFAULT_THRESHOLD = 0.5
# Below this many candidate pairs EM has too little to learn from; the
# weights estimated on the benchmark regency are used instead.
MIN_PAIRS_FOR_EM = 20_000
# Pairs below this are not worth a verifier's time and are dropped early.
KEEP_ABOVE = 0.01
# Exact name agreement on a name everyone has ("Muhammad Rizki") proves less
# than on a rare one; the weight moves by at most this many bits either way.
_TF_LIMIT = 4.0

_DATE_EXACT = 0
_NAME_CLOSE = 3  # up to "mirip": a slip in a short name still scores 80-90


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
        tf = float(self.weight[k] - sum(f["weight"] for f in fields))
        if abs(tf) >= 0.1:  # below that it is only the rounding of the other weights
            fields.append(
                {
                    "field": "name_frequency",
                    "label": "Kelangkaan nama",
                    "level": "nama umum" if tf < 0 else "nama jarang",
                    "weight": round(tf, 2),
                }
            )
        blocks = [rule for rule, bit in blocking.RULE_BIT.items() if int(self.blocks[k]) & bit]
        return {
            "probability": round(float(self.prob[k]), 4),
            "weight": round(float(self.weight[k]), 2),
            "fields": fields,
            "blocks": blocks,
            "rule": RULE_LABELS.get(int(self.rule[k]), ""),
        }


RULE_TWINS = 1
RULE_GENERATIONS = 2
RULE_LABELS = {
    RULE_TWINS: "Kemungkinan kembar: KK dan tanggal lahir sama, nama berbeda.",
    RULE_GENERATIONS: "Kemungkinan ayah dan anak (atau kerabat) bernama sama: tahun lahir jauh berbeda.",
}


def _different_people(p: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray) -> np.ndarray:
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
    rule[twins] = RULE_TWINS
    years = np.abs(p.birth_year[left].astype(np.int16) - p.birth_year[right])
    known = (p.birth[left] >= 0) & (p.birth[right] >= 0)
    generations = known & (years >= 12) & ~nik_exact
    rule[generations] = RULE_GENERATIONS
    return rule


# Name frequencies from a short list are noise (every name is "20 %" of five rows).
_TF_MIN_RECORDS = 10_000


def _name_frequency_bits(p: Prepared, left: np.ndarray, right: np.ndarray, levels: np.ndarray) -> np.ndarray:
    if p.n < _TF_MIN_RECORDS:
        return np.zeros(len(left))
    exact = levels[:, NAME] == 0
    freq = p.name_freq[left].astype(np.float64)
    # The share two random records would have of agreeing on a name, on
    # average over the names that agree.
    counts = np.bincount(p.name_id[p.name_id >= 0])
    share = counts / max(p.n, 1)
    typical = float((share**2).sum() / max(share.sum(), 1e-12)) if len(share) else 0.0
    bits = np.zeros(len(left))
    if typical > 0:
        bits[exact] = np.clip(np.log2(typical / np.maximum(freq[exact], 1e-9)), -_TF_LIMIT, _TF_LIMIT)
    return bits


def _score_pairs(
    p: Prepared, left: np.ndarray, right: np.ndarray, blocks: np.ndarray, *, threshold: float, progress, model=None
) -> Linkage:
    if progress:
        progress(0, len(left), "Membandingkan pasangan")
    levels = compare(p, left, right)
    if progress:
        progress(len(left), len(left), "Membandingkan pasangan")
    if model is None:
        model = estimate(levels) if len(left) >= MIN_PAIRS_FOR_EM else default_model()
    if progress:
        progress(len(left), len(left), "Menaksir bobot (EM)")
    weight = score(model, levels) + _name_frequency_bits(p, left, right, levels)
    prob = probability(model, weight)
    rule = _different_people(p, left, right, levels)
    keep = (prob >= KEEP_ABOVE) | (rule > 0)
    left, right, levels, weight, prob, rule, blocks = (
        left[keep],
        right[keep],
        levels[keep],
        weight[keep],
        prob[keep],
        rule[keep],
        blocks[keep],
    )
    if progress:
        progress(len(left), len(left), "Mengelompokkan")
    labels = _clusters(p.n, left, right, prob, threshold=threshold, cannot=rule > 0)
    return Linkage(p, model, left, right, levels, weight, prob, rule, blocks, labels)


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
