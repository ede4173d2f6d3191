"""The linkage engine in a regency of 800,000 people: strangers share birth days, kecamatan serials and names."""

import numpy as np

from lindung.lib.linkage import (
    NAME_COMMON_IN_FAMILY,
    NAME_RARE_ALONE,
    RULE_REGION,
    _both_given_names,
    _name_frequency_bits,
    deduplicate,
)
from lindung.lib.linkage.compare import DATE_LEVELS, FIELDS, IDENTITY, KK, NAME, PHONE, SEX, VILLAGE
from lindung.lib.linkage.model import estimate
from lindung.lib.linkage.prepare import prepare

COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "village", "phone")
BACKGROUND = (
    ("6402024403750002", "6402021010100001", "Siti Aminah", "P", "04-03-1975", "6402022001", ""),
    ("6402051507880001", "6402051203110004", "Hendra Gunawan", "L", "15-07-1988", "6402052003", "081355500001"),
    ("7313050101900003", "", "Andi Baso", "L", "01-01-1990", "6402132005", ""),
)


def _columns(*rows: tuple) -> dict[str, list]:
    return {field: [row[i] for row in rows] for i, field in enumerate(COLUMNS)}


def _pair(result, a: int, b: int) -> int:
    return next(k for k in range(len(result.left)) if {int(result.left[k]), int(result.right[k])} == {a, b})


def test_two_niks_that_differ_only_in_the_kecamatan_code_each_of_its_holders_kecamatan_are_two_people():
    # Born the same day, first of that day in kecamatan 02 and in kecamatan 09.
    result = deduplicate(
        _columns(
            ("6402020111760001", "6402021603200004", "Andi Syahputra", "L", "01-11-1976", "6402022002", ""),
            ("6402090111760001", "6402092606160002", "Andi Saputra", "L", "01-11-1976", "6402092004", ""),
            *BACKGROUND,
        )
    )
    k = _pair(result, 0, 1)
    assert int(result.rule[k]) == RULE_REGION
    assert "bukan salah ketik" in result.evidence(k)["rule"]
    assert result.labels[0] != result.labels[1]


def test_a_slip_in_the_kecamatan_code_that_is_not_where_the_person_lives_is_one_person():
    result = deduplicate(
        _columns(
            ("6402020111760001", "6402021603200004", "Andi Syahputra", "L", "01-11-1976", "6402022002", "081355512345"),
            ("6402090111760001", "6402021603200004", "Andi Syahputra", "L", "01-11-1976", "6402022002", "081355512345"),
            *BACKGROUND,
        )
    )
    assert int(result.rule[_pair(result, 0, 1)]) == 0
    assert result.labels[0] == result.labels[1]


def _big_list(rare_rows: list[tuple]) -> tuple:
    """Return 10,000 records (enough for name frequencies): the rare rows first, then a crowd of 50 common names."""
    crowd = [
        (
            f"64020{i % 9 + 1}{(i % 28) + 1:02d}0{i % 9 + 1}8{i % 10}{i:04d}",
            "",
            f"Warga {chr(97 + i % 50 // 26)}{chr(97 + i % 26)}a",
            "L",
            f"{(i % 28) + 1:02d}-0{i % 9 + 1}-198{i % 10}",
            "6402022001",
            "",
        )
        for i in range(10_000 - len(rare_rows))
    ]
    p = prepare(_columns(*rare_rows, *crowd))
    return p, len(rare_rows)


def _levels(identity: int, *, kk: int = 2, phone: int = 2) -> list[int]:
    row = [0] * len(FIELDS)
    row[IDENTITY], row[NAME], row[VILLAGE], row[KK], row[PHONE], row[SEX] = identity, 0, 0, kk, phone, 0
    return row


def _bits_of_first_pair(p, first_levels: list[int], crowd_from: int = 2) -> tuple[float, int]:
    # The first pair is records 0 and 1; the others are pairs of the crowd's names, sharing a date.
    crowd_left = np.arange(crowd_from, crowd_from + 2000, 2)
    left = np.r_[0, crowd_left]
    right = np.r_[1, crowd_left + 100]  # the crowd's names repeat every 50 records
    same_date = 6 * len(DATE_LEVELS) + 0  # NIK kosong; tgl lahir sama
    levels = np.array([first_levels] + [_levels(same_date)] * len(crowd_left), dtype=np.int8)
    bits, set_aside = _name_frequency_bits(p, left, right, levels)
    return float(bits[0]), int(set_aside[0])


RARE = ("Agus Upik", "L", "6402022001")


def test_a_rare_name_in_one_village_with_nothing_identifying_shared_earns_no_rarity():
    p, _ = _big_list(
        [
            ("", "6402020301200001", RARE[0], "L", "06-04-1991", RARE[2], ""),
            ("6402051408770004", "6402051811230007", RARE[0], "L", "14-08-1977", RARE[2], ""),
        ]
    )
    other_date = 6 * len(DATE_LEVELS) + 3  # NIK kosong; tgl lahir beda
    bits, set_aside = _bits_of_first_pair(p, _levels(other_date))
    assert bits == 0.0
    assert set_aside == NAME_RARE_ALONE


def test_a_rare_name_with_the_birth_date_shared_keeps_its_rarity():
    p, _ = _big_list(
        [
            ("", "6402020301200001", RARE[0], "L", "14-08-1977", RARE[2], ""),
            ("6402051408770004", "6402051811230007", RARE[0], "L", "14-08-1977", RARE[2], ""),
        ]
    )
    bits, set_aside = _bits_of_first_pair(p, _levels(6 * len(DATE_LEVELS) + 0))
    assert bits > 1.0
    assert set_aside == 0


def test_a_common_name_on_one_family_card_is_not_held_against_the_pair():
    common = "Muhammad Rizki"
    namesakes = [("", "", common, "L", "", "6402022002", "")] * 3000
    p, crowd_from = _big_list(
        [
            ("", "6402020301200001", common, "L", "14-08-1977", RARE[2], ""),
            ("6402051408770004", "6402020301200001", common, "L", "14-08-1977", RARE[2], ""),
            *namesakes,
        ]
    )
    same_date = 6 * len(DATE_LEVELS) + 0
    assert _bits_of_first_pair(p, _levels(same_date, kk=2), crowd_from)[0] < -1.0
    bits, set_aside = _bits_of_first_pair(p, _levels(same_date, kk=0), crowd_from)
    assert bits == 0.0
    assert set_aside == NAME_COMMON_IN_FAMILY


def test_rarity_is_measured_against_the_names_of_the_candidate_pairs_so_on_average_it_adds_nothing():
    # Against two records drawn at random, every ordinary name of a big list looked rare and earned bits.
    p, _ = _big_list([])
    left = np.arange(0, 2000, 2)
    levels = np.array([_levels(6 * len(DATE_LEVELS) + 0)] * len(left), dtype=np.int8)
    bits, _ = _name_frequency_bits(p, left, left + 100, levels)
    assert abs(float(bits.mean())) < 0.05


def _names(counts: dict[str, int]):
    rows = []
    for name, count in counts.items():
        rows += [("", "", name, "", "", "", "")] * count
    return prepare(_columns(*rows))


def test_a_slip_written_a_few_times_in_a_big_list_is_not_a_given_name():
    p = _names({"Lestari": 4000, "Lstari": 8})
    slip, right = p.name.index("lstari"), p.name.index("listari")
    assert not _both_given_names(p, np.array([slip]), np.array([right]))[0]


def test_the_rarer_name_of_twins_is_still_a_given_name():
    p = _names({"Hasan": 4000, "Husin": 80})
    a, b = p.name.index(p.name[0]), p.name.index(p.name[-1])
    assert p.name[a] != p.name[b]
    assert _both_given_names(p, np.array([a]), np.array([b]))[0]


def test_a_level_no_pair_reached_weighs_nothing():
    # "NIK beda; tgl lahir kosong" never occurs: its smoothing counts alone must not make it evidence.
    rng = np.random.default_rng(1)
    levels = np.zeros((30_000, len(FIELDS)), dtype=np.int8)
    levels[:, IDENTITY] = rng.choice([0, 25, 28, 30, 33], size=len(levels), p=[0.1, 0.2, 0.5, 0.1, 0.1])
    levels[:, NAME] = rng.choice([0, 1, 5], size=len(levels))
    levels[:, VILLAGE] = rng.choice([0, 2], size=len(levels))
    levels[:, KK] = rng.choice([0, 2], size=len(levels))
    levels[:, PHONE] = rng.choice([0, 1], size=len(levels))
    levels[:, SEX] = rng.choice([0, 1], size=len(levels))
    weights = estimate(levels).weights()
    never = 5 * len(DATE_LEVELS) + 4
    assert weights[IDENTITY][never] == 0.0


def test_two_strangers_of_one_rare_name_in_one_village_stay_apart_and_the_verifier_reads_why():
    rows = [
        ("", "6402020301200001", "Agus Upik", "L", "06-04-1991", "6402022001", ""),
        ("6402021408770004", "6402021811230007", "Agus Upik", "L", "14-08-1977", "6402022001", ""),
    ]
    crowd = [
        (f"640203{(i % 28) + 1:02d}0{i % 9 + 1}8{i % 10}{i:04d}", "", f"Warga Nomor{i}", "L", "", "6402032001", "")
        for i in range(10_000)
    ]
    result = deduplicate(_columns(*rows, *crowd))
    k = _pair(result, 0, 1)
    assert result.labels[0] != result.labels[1]
    assert "nama saja bukan identitas" in " ".join(result.evidence(k)["notes"])
