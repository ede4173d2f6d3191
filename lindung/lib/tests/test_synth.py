import re
from collections import Counter, defaultdict
from datetime import date
from itertools import islice

import pytest

from lindung.lib import synth
from lindung.lib.synth import DEFECTS, DUPLICATE_MARKERS, OCCUPATIONS, generate_people

TODAY = date(2026, 11, 24)
N = 20_000

# Kutai Kartanegara's kecamatan with their numbers of desa and kelurahan
# (domain.md section 6), turned into village codes: 1xxx kelurahan, 2xxx desa.
KUKAR = {
    "64.02.01": (13, 0),
    "64.02.02": (15, 0),
    "64.02.03": (8, 0),
    "64.02.04": (8, 0),
    "64.02.05": (13, 0),
    "64.02.06": (2, 12),
    "64.02.07": (14, 0),
    "64.02.08": (11, 0),
    "64.02.09": (9, 0),
    "64.02.10": (11, 0),
    "64.02.11": (20, 0),
    "64.02.12": (19, 0),
    "64.02.13": (3, 10),
    "64.02.14": (0, 8),
    "64.02.15": (0, 5),
    "64.02.16": (18, 0),
    "64.02.17": (11, 0),
    "64.02.18": (7, 0),
    "64.02.19": (10, 0),
    "64.02.20": (1, 9),
}
VILLAGES = [
    f"{district}.{kind}{number:03d}"
    for district, (desa, kelurahan) in KUKAR.items()
    for kind, count in (("1", kelurahan), ("2", desa))
    for number in range(1, count + 1)
]
OLD_CODES = {"64.02.19": "64.02.08", "64.02.20": "64.02.13"}
COASTAL = ("64.02.04", "64.02.05", "64.02.13", "64.02.14", "64.02.15", "64.02.17")
MOBILE = re.compile(r"08(11|12|13|21|22|23|52|53|56|57|77|78|95|96|97|98|99)[0-9]{6,9}")


def nik_facts(nik):
    """Return (district digits, birth date, sex) as the NIK states them, or None."""
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "P" if day > 40 else "L"
    if sex == "P":
        day -= 40
    # Nobody here is older than 100 years.
    century = 2000 if 2000 + year <= TODAY.year else 1900
    try:
        return nik[:6], date(century + year, month, day), sex
    except ValueError:
        return None


def age(born):
    return TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))


def is_duplicate(person):
    return any(marker in DUPLICATE_MARKERS for marker in person.defects)


def tidy(name):
    return name == " ".join(name.split()) and all(token in (token.upper(), token.title()) for token in name.split())


@pytest.fixture(scope="module")
def people():
    return list(generate_people(N, villages=VILLAGES, today=TODAY, old_district_codes=OLD_CODES))


@pytest.fixture(scope="module")
def originals(people):
    return [person for person in people if not is_duplicate(person)]


@pytest.fixture(scope="module")
def clean(originals):
    return [person for person in originals if not person.defects]


def test_same_arguments_give_the_same_rows(people):
    again = list(generate_people(N, villages=VILLAGES, today=TODAY, old_district_codes=OLD_CODES))
    assert again == people


def test_another_seed_gives_other_rows(people):
    other = list(generate_people(100, villages=VILLAGES, seed=7, today=TODAY, old_district_codes=OLD_CODES))
    assert [person.nik for person in other] != [person.nik for person in people[:100]]


def test_rows_come_one_at_a_time_without_building_the_whole_population():
    rows = generate_people(10**9, villages=VILLAGES, today=TODAY)
    assert len(list(islice(rows, 5))) == 5


def test_exactly_n_rows_are_generated(people):
    assert len(people) == N
    assert list(generate_people(0, villages=VILLAGES)) == []


def test_a_bad_village_code_is_refused_at_once():
    with pytest.raises(ValueError):
        generate_people(10, villages=["64.02.06"])
    with pytest.raises(ValueError):
        generate_people(10, villages=[])


def test_clean_rows_have_a_nik_that_agrees_with_birth_date_sex_and_district(clean):
    kukar_districts = {district.replace(".", "") for district in KUKAR}
    migrant_districts = {row[0].replace(".", "") for row in synth._MIGRANT_ORIGINS}
    own = 0
    for person in clean:
        facts = nik_facts(person.nik)
        assert facts is not None, person
        district, born, sex = facts
        assert born == person.birth_date, person
        assert sex == person.sex, person
        assert district in kukar_districts | migrant_districts, person
        own += district == person.village_code[:8].replace(".", "")
    # Mostly issued where the person lives; the rest are migrants, movers
    # and old codes of the new kecamatan.
    assert 0.8 < own / len(clean) < 0.92


def test_fields_have_the_shapes_a_registry_expects(people):
    for person in people:
        assert re.fullmatch(r"[0-9]{16}", person.nik)
        assert re.fullmatch(r"[0-9]{16}", person.kk_number)
        assert person.sex in ("L", "P")
        assert re.fullmatch(r"0(0[1-9]|[12][0-9]|30)", person.rt)
        assert person.rw == "" or re.fullmatch(r"0(0[1-9]|10)", person.rw)
        assert person.street
        assert person.birth_place
        assert person.occupation in OCCUPATIONS
        assert bool(person.occupation_other) == (person.occupation == "lainnya")
        assert person.status in ("proposed", "verified", "rejected", "deceased", "moved")
        assert person.declared_income >= 1_000_000
        assert set(person.defects) <= set(DEFECTS) | set(DUPLICATE_MARKERS)


def test_family_cards_carry_the_district_and_a_past_issue_date(originals):
    for person in originals:
        district = person.village_code[:8]
        allowed = {district.replace(".", ""), OLD_CODES.get(district, district).replace(".", "")}
        assert person.kk_number[:6] in allowed, person
        issued = date(2000 + int(person.kk_number[10:12]), int(person.kk_number[8:10]), int(person.kk_number[6:8]))
        assert date(2006, 1, 1) <= issued < TODAY


def test_distinct_people_never_share_a_nik(people):
    owners = defaultdict(set)
    for person in people:
        owners[person.nik].add(person.truth_id)
    assert all(len(truth_ids) == 1 for truth_ids in owners.values())


def test_old_kecamatan_codes_appear_in_the_niks_of_older_residents_of_new_kecamatan(originals):
    older = [
        person
        for person in originals
        if person.village_code[:8] in OLD_CODES and person.birth_date.year < 2005 and not person.defects
    ]
    with_old_code = sum(person.nik[:6] in {"640208", "640213"} for person in older)
    assert 0.4 < with_old_code / len(older) < 0.7


def test_occupation_mix_follows_kukar_figures(originals):
    counts = Counter(person.occupation for person in originals)
    shares = {code: counts[code] / len(originals) for code in OCCUPATIONS}
    # 10,633 PPNPN (PU) of 46,073 in 2022, before imams were added.
    pu = sum(person.segment == "PU" for person in originals) / len(originals)
    assert 0.19 < pu < 0.245
    assert 0.095 < shares["tenaga_honorer"] < 0.13
    assert 0.05 < shares["ketua_rt_rw"] < 0.075
    assert 0.02 < shares["imam_marbot"] < 0.04
    assert max(shares, key=shares.get) == "petani"
    for code, percent, _female, _profile in synth._OCCUPATION_TABLE:
        expected = percent / 100
        assert abs(shares[code] - expected) < max(0.2 * expected, 0.002), code


def test_segment_is_pu_exactly_for_village_and_regency_office_holders(people):
    pu = {"tenaga_honorer", "ketua_rt_rw", "kepala_desa", "perangkat_desa", "anggota_bpd"}
    for person in people:
        assert person.segment == ("PU" if person.occupation in pu else "BPU")


def test_about_two_thirds_are_men_but_honorary_staff_are_half_women(originals):
    men = sum(person.sex == "L" for person in originals) / len(originals)
    assert 0.61 < men < 0.69
    honorer = [person for person in originals if person.occupation == "tenaga_honorer"]
    women = sum(person.sex == "P" for person in honorer) / len(honorer)
    assert 0.42 < women < 0.6


def test_fishers_are_more_common_on_the_coast(originals):
    coast = [person for person in originals if person.village_code[:8] in COASTAL]
    inland = [person for person in originals if person.village_code[:8] not in COASTAL]
    share = {
        name: sum(person.occupation == "nelayan" for person in group) / len(group)
        for name, group in (("coast", coast), ("inland", inland))
    }
    assert share["coast"] > 2 * share["inland"]


def test_a_village_has_at_most_one_village_head_and_a_kelurahan_none(people):
    heads = defaultdict(set)
    for person in people:
        if person.occupation in ("kepala_desa", "perangkat_desa", "anggota_bpd"):
            assert person.village_code.split(".")[3].startswith("2"), person
        if person.occupation == "kepala_desa":
            heads[person.village_code].add(person.truth_id)
    assert heads
    assert all(len(truth_ids) == 1 for truth_ids in heads.values())


def test_village_heads_never_exceed_the_number_of_desa():
    rows = generate_people(3_000, villages=VILLAGES[:30], today=TODAY)
    heads = {person.truth_id for person in rows if person.occupation == "kepala_desa"}
    assert len(heads) <= sum(code.split(".")[3].startswith("2") for code in VILLAGES[:30])


def test_all_rows_live_in_the_given_villages(people):
    assert {person.village_code for person in people} <= set(VILLAGES)
    few = ["64.02.06.1001", "64.02.06.2001"]
    assert {person.village_code for person in generate_people(500, villages=few)} <= set(few)


def test_ages_are_those_of_a_workforce(clean, originals):
    assert all(18 <= age(person.birth_date) <= 65 for person in clean)
    ages = [age(person.birth_date) for person in originals]
    outside = sum(not 18 <= value <= 65 for value in ages) / len(ages)
    assert 0.005 < outside < 0.016
    middle = sum(30 <= value < 50 for value in ages) / len(ages)
    assert middle > 0.45


def test_status_mix_is_mostly_verified(originals):
    counts = Counter(person.status for person in originals)
    share = {status: count / len(originals) for status, count in counts.items()}
    assert 0.82 < share["verified"] < 0.88
    assert 0.08 < share["proposed"] < 0.12
    for status in ("rejected", "deceased", "moved"):
        assert 0.004 < share[status] < 0.03


def test_clean_phones_are_indonesian_mobiles_and_three_in_four_people_have_one(clean):
    for person in clean:
        assert person.phone == "" or MOBILE.fullmatch(person.phone), person
        assert person.phone == "" or 10 <= len(person.phone) <= 13
    present = sum(bool(person.phone) for person in clean) / len(clean)
    assert 0.72 < present < 0.8


def test_clean_names_are_tidy_and_some_are_in_capitals(clean):
    assert all(tidy(person.name) for person in clean)
    capitals = sum(person.name.isupper() for person in clean) / len(clean)
    assert 0.25 < capitals < 0.35


def test_common_names_are_common(clean):
    tokens = Counter(token for person in clean for token in person.name.title().split())
    assert tokens["Muhammad"] / len(clean) > 0.04
    assert tokens["Siti"] / len(clean) > 0.02
    assert tokens["Nur"] / len(clean) > 0.02
    assert any(person.name.startswith(("H. ", "Hj. ")) for person in clean)
    assert len(tokens) > 300


def test_name_lists_are_sizeable():
    male = set(synth._COMMON_MALE).union(*synth._GROUP_MALE.values())
    female = set(synth._COMMON_FEMALE).union(*synth._GROUP_FEMALE.values())
    second = set(synth._SECOND_MALE) | set(synth._SECOND_FEMALE) | set(synth._DAYAK_FAMILY)
    assert len(male) >= 150
    assert len(female) >= 150
    assert len(second) >= 80


def test_about_three_in_ten_people_share_a_family_card_at_one_address(originals):
    by_card = defaultdict(list)
    for person in originals:
        by_card[person.kk_number].append(person)
    sharing = 0
    for members in by_card.values():
        if len({person.truth_id for person in members}) > 1:
            sharing += len(members)
            assert len({(person.village_code, person.rt, person.rw, person.street) for person in members}) == 1
    assert 0.25 < sharing / len(originals) < 0.35


def test_a_few_twins_share_card_and_birth_date_under_different_names(originals):
    pairs = defaultdict(list)
    for person in originals:
        pairs[(person.kk_number, person.birth_date)].append(person)
    twins = [members for members in pairs.values() if len(members) == 2]
    assert 3 <= len(twins) <= 60
    for first, second in twins:
        assert first.truth_id != second.truth_id
        assert first.name != second.name
        assert first.nik != second.nik


def test_defects_appear_at_about_the_requested_rate(people):
    defective = sum(bool(set(person.defects) & set(DEFECTS)) for person in people) / len(people)
    assert 0.024 < defective < 0.036
    kinds = Counter(defect for person in people for defect in person.defects if defect in DEFECTS)
    assert set(kinds) == set(DEFECTS)
    assert all(len(person.defects) == 1 for person in people if set(person.defects) & set(DEFECTS))


def test_each_defect_is_really_in_its_row(people):
    for person in people:
        if not person.defects or is_duplicate(person):
            continue
        (defect,) = person.defects
        _district, born, sex = nik_facts(person.nik)
        if defect == "nik_date_mismatch":
            assert born != person.birth_date
            assert 18 <= age(person.birth_date) <= 65
        else:
            assert born == person.birth_date
        if defect == "nik_sex_mismatch":
            assert sex != person.sex
        else:
            assert sex == person.sex
        if defect == "age_out_of_range":
            assert 16 <= age(person.birth_date) <= 17 or 66 <= age(person.birth_date) <= 75
        if defect == "phone_invalid":
            assert not MOBILE.fullmatch(person.phone)
        if defect == "name_caps_spaces":
            assert not tidy(person.name)


def test_duplicates_appear_at_about_the_requested_rate(people):
    duplicates = sum(is_duplicate(person) for person in people) / len(people)
    assert 0.007 < duplicates < 0.013
    kinds = Counter(marker for person in people for marker in person.defects if marker in DUPLICATE_MARKERS)
    assert set(kinds) == set(DUPLICATE_MARKERS)


def test_each_duplicate_differs_from_its_original_as_marked(people):
    first = {}
    for person in people:
        if not is_duplicate(person):
            first.setdefault(person.truth_id, person)
            continue
        original = first[person.truth_id]
        assert not original.defects
        markers = set(person.defects)
        assert ("nik_typo_duplicate" in markers) != ("same_nik_duplicate" in markers)
        if "nik_typo_duplicate" in markers:
            differing = [i for i in range(16) if person.nik[i] != original.nik[i]]
            swapped = (
                len(differing) == 2
                and differing[1] == differing[0] + 1
                and person.nik[differing[0]] == original.nik[differing[1]]
                and person.nik[differing[1]] == original.nik[differing[0]]
            )
            assert len(differing) == 1 or swapped, (original.nik, person.nik)
        else:
            # The same NIK only as a proposal from another village.
            assert person.nik == original.nik
            assert "moved_duplicate" in markers
        if "moved_duplicate" in markers:
            assert person.village_code != original.village_code
            assert person.kk_number != original.kk_number
        else:
            assert person.village_code == original.village_code
        if "name_variant_duplicate" in markers:
            assert person.name.casefold() != original.name.casefold()
        else:
            assert person.name == original.name
        if "date_swap_duplicate" in markers:
            assert (person.birth_date.day, person.birth_date.month) == (
                original.birth_date.month,
                original.birth_date.day,
            )
        else:
            assert person.birth_date == original.birth_date


def test_zero_rates_give_only_clean_rows():
    rows = list(generate_people(3_000, villages=VILLAGES, defect_rate=0, duplicate_rate=0))
    assert not any(person.defects for person in rows)
    assert len({person.truth_id for person in rows}) == len(rows)
