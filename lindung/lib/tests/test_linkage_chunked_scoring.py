"""Scoring the candidate pairs a chunk at a time finds what scoring them all at once finds, pair for pair.

The rarity of a name or a birth date is measured over the whole set of
candidate pairs; a chunk must be scored against that, not against itself.
The list is big enough (10,000 records and more) for those rarity terms.
"""

import numpy as np
import pytest

from lindung.lib import linkage
from lindung.lib.linkage import blocking
from lindung.lib.synth import generate_people

VILLAGES = ["64.02.06.1010", "64.02.06.1011", "64.02.06.2012", "64.02.02.1001"]
FIELDS = ("left", "right", "levels", "weight", "prob", "rule", "blocks", "labels", "name_bits", "date_bits",
          "name_set_aside")  # fmt: skip


@pytest.fixture(scope="module")
def candidates():
    people = list(generate_people(12_000, villages=VILLAGES, seed=11, duplicate_rate=0.03))
    p = linkage.prepare(
        {
            "nik": [x.nik for x in people],
            "kk": [x.kk_number or "" for x in people],
            "name": [x.name for x in people],
            "sex": [x.sex for x in people],
            "birth_date": [x.birth_date for x in people],
            "village": [x.village_code for x in people],
            "phone": [x.phone or "" for x in people],
        }
    )
    return p, *blocking.candidate_pairs(p)


@pytest.mark.parametrize("model", [None, "default"], ids=["estimated-by-em", "default-model"])
def test_pairs_scored_in_small_chunks_are_the_pairs_scored_all_at_once(candidates, model):
    p, left, right, blocks = candidates
    model = linkage.default_model() if model else None
    whole = linkage._score_pairs(p, left, right, blocks, threshold=0.5, progress=None, model=model, chunk=len(left))
    chunked = linkage._score_pairs(p, left, right, blocks, threshold=0.5, progress=None, model=model, chunk=499)

    assert len(left) > 20 * 499  # many chunk edges
    assert (whole.name_bits != 0).any() and (whole.date_bits != 0).any()  # the rarity terms are at work
    assert (whole.rule > 0).any() and (whole.prob >= 0.5).sum() > 50
    for field in FIELDS:
        assert np.array_equal(getattr(chunked, field), getattr(whole, field)), field


def test_candidate_pairs_are_every_rules_pairs_once_with_the_bits_of_every_rule_that_found_them(candidates):
    p, left, right, blocks = candidates
    expected: dict[tuple[int, int], int] = {}
    for rule, key in blocking.keys(p):
        a, b = blocking.pairs_for_key(key, max_block=blocking.SMALL_BLOCK.get(rule, blocking.MAX_BLOCK))
        for pair in zip(a.tolist(), b.tolist(), strict=True):
            expected[pair] = expected.get(pair, 0) | blocking.RULE_BIT[rule]

    assert blocks.dtype == np.uint16 and left.dtype == right.dtype == np.int64
    assert (left < right).all()
    found = dict(zip(zip(left.tolist(), right.tolist(), strict=True), blocks.tolist(), strict=True))
    assert len(found) == len(left)  # each pair once
    assert found == expected
    assert len({bits for bits in found.values() if bits & (bits - 1)}) > 3  # pairs found by several rules
    order = left * p.n + right
    assert (np.diff(order) > 0).all()  # in pair order, as scoring and its chunks expect


def test_candidate_pairs_of_no_records_and_of_one():
    for people in ([], [("6402061201850001", "Siti Aminah")]):
        p = linkage.prepare({"nik": [n for n, _ in people], "name": [m for _, m in people]})
        left, right, blocks = blocking.candidate_pairs(p)
        assert len(left) == len(right) == len(blocks) == 0
