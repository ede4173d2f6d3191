"""The likely duplicates of a big file are the ones the engine finds on the plain columns, pair for pair.

`duplicates.find` feeds the engine from the compact rows (numbers for NIK and
KK, lazy columns for the rest) instead of `linkage.link_incoming`'s lists; the
pairs, probabilities and rules must be the same, in a file big enough for the
engine's frequency terms (10,000 rows and more) and with registered people.
"""

import numpy as np

from lindung.imports import duplicates
from lindung.lib import linkage
from lindung.lib.synth import generate_people

VILLAGES = ["64.02.06.1010", "64.02.06.1011", "64.02.06.2012", "64.02.02.1001"]


def _values(p) -> dict:
    return {
        "nik": p.nik, "kk_number": p.kk_number, "name": p.name, "sex": p.sex, "birth_date": p.birth_date,
        "village_id": p.village_code, "phone": p.phone,
    }  # fmt: skip


def test_a_twelve_thousand_row_file_against_a_registry_gives_the_engines_own_pairs():
    people = list(generate_people(14_000, villages=VILLAGES, seed=5, duplicate_rate=0.03))
    rows = duplicates.Collected()
    for position, person in enumerate(people[:12_000], start=1):
        rows.add(position, "Data", position + 1, _values(person))
    registry = {key: [] for key in ("nik", "kk", "name", "sex", "birth_date", "village", "phone")}
    for person in people[12_000:]:
        registry["nik"].append(person.nik)
        registry["kk"].append(person.kk_number or "")
        registry["name"].append(person.name)
        registry["sex"].append(person.sex)
        registry["birth_date"].append(person.birth_date)
        registry["village"].append(person.village_code)
        registry["phone"].append(person.phone or "")

    everything = duplicates._link_incoming(rows, registry, warnings_only=False)
    engine = linkage.link_incoming(rows.columns(), registry)

    assert len(engine.left) > 1_000  # enough pairs that a difference would show
    assert (everything.left == engine.left).all() and (everything.right == engine.right).all()
    assert np.array_equal(everything.prob, engine.prob) and (everything.rule == engine.rule).all()
    assert ((engine.prob >= duplicates.WARN_FROM) & (engine.rule == 0)).sum() > 50

    # What find keeps by default: the engine's pairs a warning can come from, no weaker one.
    ours = duplicates._link_incoming(rows, registry)
    wanted = engine.prob >= duplicates.WARN_FROM
    assert len(ours.left) < len(engine.left) / 10
    assert (ours.left == engine.left[wanted]).all() and (ours.right == engine.right[wanted]).all()
    assert np.array_equal(ours.prob, engine.prob[wanted]) and (ours.rule == engine.rule[wanted]).all()
