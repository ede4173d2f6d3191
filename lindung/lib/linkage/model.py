"""Fellegi-Sunter match weights, with m and u estimated by EM on the data itself.

EM runs on the distinct comparison patterns (a few thousand) weighted by how
often each occurs, so it costs nothing next to building the pairs. Missing
values carry no weight: their m and u are equal by construction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lindung.lib.linkage.compare import FIELDS, IDENTITY, KK, NAME, PHONE, VILLAGE

# Before EM: the levels where a duplicate usually sits. EM moves from here;
# the start only decides which of the two classes is "match".
_M_START = {
    IDENTITY: {0: 0.5, 1: 0.1, 5: 0.1, 6: 0.1, 30: 0.05, 2: 0.05},
    NAME: {0: 0.6, 1: 0.2, 2: 0.1},
}
_SMOOTHING = 0.5  # pseudo-count per level, so a level never seen keeps a finite weight

# A duplicate whose NIK is wholly different (not one slip away) and whose
# birth date also differs is beyond what clerks do to one person, but it is
# exactly what two members of one household look like. Left free, EM happily
# calls the household the "match" class; capping m here anchors it on
# persons. (NIK levels 4-5 = other serial / different; date levels 2-3.)
_M_CAP = {IDENTITY: {nik * 5 + d: 0.002 for nik in (4, 5) for d in (2, 3)}}
# The other side of the same trap: a person who moved has a new village,
# family card and often phone. Households pull these m values towards zero,
# which would make every move a strong "different people"; the floors are
# the least share of movers a regency list has.
_M_FLOOR = {VILLAGE: {2: 0.1}, KK: {2: 0.15}, PHONE: {1: 0.05}}


@dataclass(slots=True)
class Model:
    m: list[np.ndarray]
    u: list[np.ndarray]
    prior: float  # share of candidate pairs that are matches
    iterations: int

    def weights(self) -> list[np.ndarray]:
        """Return log2(m/u) per field and level; 0 for missing."""
        out = []
        for field, m, u in zip(FIELDS, self.m, self.u, strict=True):
            w = np.log2(m / u)
            w[field.missing] = 0.0
            out.append(w)
        return out

    def as_dict(self) -> dict:
        return {
            "prior": self.prior,
            "iterations": self.iterations,
            "fields": {
                f.name: {"levels": list(f.levels), "m": m.round(6).tolist(), "u": u.round(6).tolist()}
                for f, m, u in zip(FIELDS, self.m, self.u, strict=True)
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> Model:
        fields = data["fields"]
        return cls(
            m=[np.asarray(fields[f.name]["m"], dtype=np.float64) for f in FIELDS],
            u=[np.asarray(fields[f.name]["u"], dtype=np.float64) for f in FIELDS],
            prior=float(data["prior"]),
            iterations=int(data.get("iterations", 0)),
        )


_DEFAULT_PATH = Path(__file__).with_name("default_model.json")


def default_model() -> Model:
    """Return the model estimated on the benchmark's 100,000-row regency.

    EM needs thousands of pairs to settle; a short reference list or a small
    file gets these weights instead of unstable ones of its own.
    """
    return Model.from_dict(json.loads(_DEFAULT_PATH.read_text(encoding="utf-8")))


def _pattern_codes(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    code = np.zeros(len(levels), dtype=np.int64)
    for index, field in enumerate(FIELDS):
        code = code * field.size + levels[:, index]
    patterns, counts = np.unique(code, return_counts=True)
    return patterns, counts


def _decode(patterns: np.ndarray) -> np.ndarray:
    out = np.empty((len(patterns), len(FIELDS)), dtype=np.int64)
    rest = patterns.copy()
    for index in range(len(FIELDS) - 1, -1, -1):
        size = FIELDS[index].size
        out[:, index] = rest % size
        rest //= size
    return out


def _normalise(values: np.ndarray, missing: int) -> np.ndarray:
    values = values.copy()
    values[missing] = 0.0
    values /= values.sum()
    values[missing] = 1.0
    return values


def _capped(m: np.ndarray, index: int, missing: int) -> np.ndarray:
    caps, floors = _M_CAP.get(index, {}), _M_FLOOR.get(index, {})
    if not caps and not floors:
        return m
    m = m.copy()
    capped = np.zeros(len(m), dtype=bool)
    for level, cap in caps.items():
        m[level] = min(m[level], cap)
        capped[level] = True
    for level, floor in floors.items():
        m[level] = max(m[level], floor)
        capped[level] = True
    free = ~capped
    free[missing] = False
    m[free] *= (1.0 - m[capped].sum()) / m[free].sum()
    return m


def estimate(levels: np.ndarray, *, max_iterations: int = 60, tolerance: float = 1e-5) -> Model:
    """Estimate m, u and the match share from the candidate pairs' levels."""
    patterns, counts = _pattern_codes(levels)
    decoded = _decode(patterns)
    counts = counts.astype(np.float64)
    m, u = [], []
    for index, field in enumerate(FIELDS):
        seen = np.bincount(decoded[:, index], weights=counts, minlength=field.size) + _SMOOTHING
        u.append(_normalise(seen, field.missing))
        start = _M_START.get(index)
        if start is None:
            # Agreement (level 0) is likely for a match, every other level equally so.
            start_m = np.full(field.size, 0.2 / max(field.size - 2, 1))
            start_m[0] = 0.8
        else:
            start_m = np.full(field.size, 0.01)
            for level, share in start.items():
                start_m[level] = share
        m.append(_capped(_normalise(start_m, field.missing), index, field.missing))
    prior = 0.05
    m, u, prior, first = _em(decoded, counts, m, u, prior, max_iterations, tolerance, fixed_m=False)
    # EM alone drifts: the pairs that look most alike in the candidate set are
    # households, and people who moved fall out of the match class, which
    # then teaches that a move means "different people". So m is measured on
    # anchors instead, as Splink does per blocking rule: for every field but
    # the NIK/date, on pairs whose NIK and birth date agree exactly; for the
    # NIK/date, on pairs with the same name and phone. Then EM runs again with
    # m held, to settle u and the match share.
    anchored = []
    nik_anchor = decoded[:, IDENTITY] == 0
    name_anchor = (decoded[:, NAME] == 0) & (decoded[:, PHONE] == 0)
    for index, field in enumerate(FIELDS):
        anchor = name_anchor if index == IDENTITY else nik_anchor
        weights = counts * anchor
        if weights.sum() < 50:
            anchored.append(m[index])
            continue
        mm = np.bincount(decoded[:, index], weights=weights, minlength=field.size) + _SMOOTHING
        anchored.append(_capped(_normalise(mm, field.missing), index, field.missing))
    m, u, prior, second = _em(decoded, counts, anchored, u, prior, max_iterations, tolerance, fixed_m=True)
    return Model(
        m=[_unseen_neutral(m[i], u[i], decoded[:, i], counts, f) for i, f in enumerate(FIELDS)],
        u=u,
        prior=prior,
        iterations=first + second,
    )


# A level met by fewer pairs than this has an m and a u made of the smoothing
# pseudo-counts alone; their ratio (+4.6 bits, "NIK beda; tgl lahir kosong")
# is an artefact, so such a level weighs nothing.
_MIN_SEEN = 20


def _unseen_neutral(m: np.ndarray, u: np.ndarray, column: np.ndarray, counts: np.ndarray, field) -> np.ndarray:
    seen = np.bincount(column, weights=counts, minlength=field.size)
    rare = seen < _MIN_SEEN
    rare[field.missing] = False
    if not rare.any():
        return m
    m = m.copy()
    m[rare] = u[rare]
    free = ~rare
    free[field.missing] = False
    if m[free].sum() > 0:
        m[free] *= (1.0 - m[rare].sum()) / m[free].sum()
    return m


def _em(decoded, counts, m, u, prior, max_iterations, tolerance, *, fixed_m: bool):
    iterations = 0
    while iterations < max_iterations:
        iterations += 1
        log_m = np.zeros(len(decoded))
        log_u = np.zeros(len(decoded))
        for index in range(len(FIELDS)):
            log_m += np.log(m[index][decoded[:, index]])
            log_u += np.log(u[index][decoded[:, index]])
        odds = np.log(prior) - np.log1p(-prior) + log_m - log_u
        posterior = 1.0 / (1.0 + np.exp(-np.clip(odds, -700, 700)))
        match_weight = counts * posterior
        other_weight = counts - match_weight
        new_prior = match_weight.sum() / counts.sum()
        new_m, new_u = [], []
        for index, field in enumerate(FIELDS):
            if fixed_m:
                new_m.append(m[index])
            else:
                mm = np.bincount(decoded[:, index], weights=match_weight, minlength=field.size) + _SMOOTHING
                new_m.append(_capped(_normalise(mm, field.missing), index, field.missing))
            uu = np.bincount(decoded[:, index], weights=other_weight, minlength=field.size) + _SMOOTHING
            new_u.append(_normalise(uu, field.missing))
        change = abs(new_prior - prior) + max(
            float(np.abs(a - b).max()) for a, b in zip(new_m + new_u, m + u, strict=True)
        )
        m, u, prior = new_m, new_u, float(min(max(new_prior, 1e-6), 1 - 1e-6))
        if change < tolerance:
            break
    return m, u, prior, iterations


def score(model: Model, levels: np.ndarray) -> np.ndarray:
    """Return the total match weight (log2 Bayes factor) of each pair."""
    total = np.zeros(len(levels), dtype=np.float64)
    for index, w in enumerate(model.weights()):
        total += w[levels[:, index]]
    return total


def probability(model: Model, weight: np.ndarray) -> np.ndarray:
    prior_weight = np.log2(model.prior / (1 - model.prior))
    return 1.0 / (1.0 + np.exp2(-np.clip(weight + prior_weight, -1000, 1000)))
