"""Households in the linkage engine: twins, a boy and a girl born together, and what their NIKs say."""

from lindung.lib.linkage import RULE_OTHER_SEX, RULE_TWINS, deduplicate
from lindung.lib.linkage.prepare import prepare

FIELDS = ("nik", "kk", "name", "sex", "birth_date", "village", "phone")
KK = "6402122404200006"
BACKGROUND = (
    ("6402024403750002", "6402021010100001", "Siti Aminah", "P", "04-03-1975", "6402022001", ""),
    ("6402051507880001", "6402051203110004", "Hendra Gunawan", "L", "15-07-1988", "6402052003", "081355500001"),
    ("7313050101900003", "", "Andi Baso", "L", "01-01-1990", "6402132005", ""),
)


def _columns(*rows: tuple) -> dict[str, list]:
    return {field: [row[i] for row in rows] for i, field in enumerate(FIELDS)}


def _rule_of(result, a: int, b: int) -> int:
    for k, (left, right) in enumerate(zip(result.left.tolist(), result.right.tolist(), strict=True)):
        if {left, right} == {a, b}:
            return int(result.rule[k])
    return 0


def test_twins_with_consecutive_serials_and_names_a_letter_apart_stay_two_people():
    result = deduplicate(
        _columns(
            ("6402165806990001", KK, "Eka Nisa", "P", "18-06-1999", "6402162006", "081445358497"),
            ("6402165806990002", KK, "Eka Nisi", "P", "18-06-1999", "6402162006", "081445358497"),
            *BACKGROUND,
        )
    )
    assert result.labels[0] != result.labels[1]
    assert _rule_of(result, 0, 1) == RULE_TWINS


def test_a_typo_in_the_serial_with_the_same_name_is_one_person():
    result = deduplicate(
        _columns(
            ("6402165806990001", KK, "Eka Nisa", "P", "18-06-1999", "6402162006", "081445358497"),
            ("6402165806990007", KK, "EKA NISA", "P", "18-06-1999", "6402162006", "081445358497"),
            *BACKGROUND,
        )
    )
    assert result.labels[0] == result.labels[1]


def test_a_boy_and_a_girl_whose_niks_differ_by_forty_days_stay_two_people():
    result = deduplicate(
        _columns(
            ("6402122808960003", KK, "Zainal Andi", "L", "28-08-1996", "6402122012", "081388827102"),
            ("6402126808960003", KK, "Zainal Andini", "P", "28-08-1996", "6402122012", "081388827102"),
            *BACKGROUND,
        )
    )
    assert result.labels[0] != result.labels[1]
    assert _rule_of(result, 0, 1) == RULE_OTHER_SEX


def test_a_nik_with_forty_added_to_a_man_is_a_typo_when_the_list_says_man_twice():
    result = deduplicate(
        _columns(
            ("6402122808960003", KK, "Zainal Andi", "L", "28-08-1996", "6402122012", "081388827102"),
            ("6402126808960003", KK, "Zainal Andi", "L", "28-08-1996", "6402122012", "081388827102"),
            *BACKGROUND,
        )
    )
    assert _rule_of(result, 0, 1) == 0
    assert result.labels[0] == result.labels[1]


def test_a_womans_nik_day_copied_into_her_birth_date_reads_as_her_birth_date():
    prepared = prepare(_columns(("6402124512030002", KK, "Rina", "P", "45-12-2003", "6402122001", "")))
    assert prepared.birth_day[0] == 5 and prepared.birth_month[0] == 12 and prepared.birth_year[0] == 2003


def test_a_blank_sex_is_read_from_the_nik():
    prepared = prepare(_columns(("6402124512030002", KK, "Rina", "", "05-12-2003", "6402122001", "")))
    assert prepared.sex[0] == 1
    assert prepared.entered_sex[0] == -1


def test_the_evidence_says_what_the_niks_and_the_family_card_say():
    result = deduplicate(
        _columns(
            ("6402120804010001", KK, "Rizki", "L", "08-04-2001", "6402122004", "081963068627"),
            ("6402124804010001", KK, "Rizka", "P", "08-04-2001", "6402122004", "081963068627"),
            *BACKGROUND,
        )
    )
    k = next(k for k in range(len(result.left)) if {int(result.left[k]), int(result.right[k])} == {0, 1})
    notes = result.evidence(k)["notes"]
    assert "Menurut NIK: kiri lahir 8 April 2001, laki-laki; kanan lahir 8 April 2001, perempuan." in notes
    assert "Satu KK dan tanggal lahir sama." in notes
    assert "kembar laki-laki dan perempuan" in result.evidence(k)["rule"]
