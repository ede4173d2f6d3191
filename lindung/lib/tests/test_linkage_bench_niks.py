"""The engine's own benchmark lists give every person a NIK of their own."""

import random

from lindung.lib.linkage_bench import NikSerials, generate_lists


def test_a_new_person_born_the_same_day_in_the_same_kecamatan_gets_a_serial_no_one_holds():
    serials = NikSerials(random.Random(1))
    for nik in ("6402021408770001", "6402021408770002", "6402021408770005"):
        serials.seen(nik)
    made = {serials.new("640202140877") for _ in range(50)}
    assert len(made) == 50
    assert all(int(nik[12:]) > 5 for nik in made)


def test_the_sons_and_namesakes_the_benchmark_adds_hold_no_nik_of_anyone_else():
    villages = [f"64.02.{k:02d}.2{v:03d}" for k in range(1, 21) for v in range(1, 6)]
    rows = generate_lists(6_000, villages=villages, seed=3)
    holders: dict[str, set[int]] = {}
    for row in rows:
        if len(row.nik) == 16 and row.nik.isdigit():
            holders.setdefault(row.nik, set()).add(row.truth_id)
    added = [row for row in rows if row.kind in ("son", "common_name")]
    assert added
    assert all(holders[row.nik] == {row.truth_id} for row in added)
