"""The linkage engine on small hand-made lists: who is one person, who is two, and why."""

from lindung.lib.linkage import deduplicate, link, link_incoming
from lindung.lib.linkage.prepare import NIK_NONE, prepare, sound_key
from lindung.lib.linkage_bench import columns_for_engine, generate_lists, pairwise_scores

FIELDS = ("nik", "kk", "name", "sex", "birth_date", "village", "phone")


def _columns(*rows: tuple) -> dict[str, list]:
    return {field: [row[i] for row in rows] for i, field in enumerate(FIELDS)}


def _same(result, a: int, b: int) -> bool:
    return result.labels[a] == result.labels[b]


# A few unrelated people, so every test list looks like a village list.
BACKGROUND = (
    ("6402024403750002", "6402021010100001", "Siti Aminah", "P", "04-03-1975", "6402022001", ""),
    ("6402051507880001", "6402051203110004", "Hendra Gunawan", "L", "15-07-1988", "6402052003", "081355500001"),
    ("7313050101900003", "", "Andi Baso", "L", "01-01-1990", "6402132005", ""),
)


def test_muhammad_and_its_abbreviations_read_alike():
    assert sound_key("Muhammad Rizki") == sound_key("M. Rizky") == sound_key("MOH. RIZKY") == sound_key("Muhamad Rizki")
    assert sound_key("Nurul Hasanah") == sound_key("Nur Hasanah")
    assert sound_key("H. Ahmad Fauzi, S.Pd.") == sound_key("Achmad Fauzi")


def test_a_nik_typo_with_a_name_variant_is_one_person():
    result = deduplicate(
        _columns(
            ("6402061205800001", "6402061203150001", "Muhammad Rizki", "L", "12-05-1980", "6402061010", "081234560001"),
            ("6402061205800007", "6402061203150001", "M. RIZKY", "L", "12-05-1980", "64.02.06.2012", "081234560001"),
            *BACKGROUND,
        )
    )
    assert _same(result, 0, 1)
    assert len(set(result.labels.tolist())) == 4


def test_swapped_neighbour_digits_and_swapped_day_and_month_are_one_person():
    result = deduplicate(
        _columns(
            ("6402060305800002", "", "Rahmat Hidayat", "L", "03-05-1980", "6402061010", "081234560003"),
            ("6402060350800002", "", "Rahmat Hidayat", "L", "05-03-1980", "6402061010", ""),
            *BACKGROUND,
        )
    )
    assert _same(result, 0, 1)


def test_a_nik_damaged_by_a_spreadsheet_still_matches_with_its_family_card():
    # Alone, 15 equal digits are also two strangers of one kecamatan born on
    # one day (serials 0011 and 0013); the family card settles it.
    kk = "6402062001100005"
    result = deduplicate(
        _columns(
            ("6402061205800013", kk, "Agus Salim", "L", "12-05-1980", "6402061010", ""),
            ("640206120580001", kk, "Agus Salim", "L", "12-05-1980", "6402061010", ""),
            *BACKGROUND,
        )
    )
    assert _same(result, 0, 1)


def test_a_kk_number_in_the_nik_column_identifies_nobody():
    kk = "6402061203150001"
    p = prepare(
        _columns(
            (kk, kk, "Ani Rahmawati", "P", "02-02-1992", "6402061010", ""),
            (kk, kk, "Budi Santoso", "L", "09-09-1970", "6402061010", ""),
        )
    )
    assert p.nik_kind.tolist() == [NIK_NONE, NIK_NONE]
    result = deduplicate(
        _columns(
            (kk, kk, "Ani Rahmawati", "P", "02-02-1992", "6402061010", ""),
            (kk, kk, "Budi Santoso", "L", "09-09-1970", "6402061010", ""),
            *BACKGROUND,
        )
    )
    assert not _same(result, 0, 1)


def test_twins_on_one_family_card_stay_two_people():
    kk = "6402060101100003"
    result = deduplicate(
        _columns(
            ("6402060107900001", kk, "Hasan Basri", "L", "01-07-1990", "6402061010", "081234560011"),
            ("6402060107900002", kk, "Husin Basri", "L", "01-07-1990", "6402061010", "081234560011"),
            *BACKGROUND,
        )
    )
    assert not _same(result, 0, 1)


def test_a_father_and_son_of_the_same_name_stay_two_people():
    kk = "6402060101100004"
    result = deduplicate(
        _columns(
            ("6402061004600001", kk, "Ahmad Yani", "L", "10-04-1960", "6402061010", "081234560021"),
            ("6402061004880001", kk, "Ahmad Yani", "L", "10-04-1988", "6402061010", "081234560021"),
            *BACKGROUND,
        )
    )
    assert not _same(result, 0, 1)


def test_every_candidate_says_which_fields_agreed_and_how_much():
    result = deduplicate(
        _columns(
            ("6402061205800001", "", "Muhammad Rizki", "L", "12-05-1980", "6402061010", "081234560001"),
            ("6402061205800001", "", "Muhamad Rizki", "L", "12-05-1980", "6402021001", ""),
            *BACKGROUND,
        )
    )
    k = next(i for i in range(len(result.left)) if {int(result.left[i]), int(result.right[i])} == {0, 1})
    evidence = result.evidence(k)
    fields = {f["field"]: f for f in evidence["fields"]}
    assert fields["identity"]["level"] == "NIK sama; tgl lahir sama"
    assert fields["identity"]["weight"] > 5
    assert fields["village"]["level"] == "beda"
    assert fields["phone"]["weight"] == 0  # blank on one side: no evidence either way
    assert "nik" in evidence["blocks"]


def test_link_keeps_only_pairs_across_the_two_lists():
    registry = _columns(
        ("6402061205800001", "", "Muhammad Rizki", "L", "12-05-1980", "6402061010", ""),
        ("6402061205800001", "", "Muhammad Rizki", "L", "12-05-1980", "6402061010", ""),
        *BACKGROUND,
    )
    incoming = _columns(("6402061205800001", "", "MUHAMMAD RIZKI", "L", "12-05-1980", "", ""))
    result = link(incoming, registry)
    assert set(result.left.tolist()) == {0}
    assert {int(r) - 1 for r, p in zip(result.right, result.prob, strict=True) if p >= 0.5} == {0, 1}


def test_link_incoming_keeps_pairs_inside_the_new_list_but_not_inside_the_old():
    registry = _columns(
        ("6402061205800001", "6402061203150001", "Muhammad Rizki", "L", "12-05-1980", "6402061010", ""),
        ("6402061205800002", "6402061203150001", "Muhammad Rizki", "L", "12-05-1980", "6402061010", ""),
        *BACKGROUND,
    )
    incoming = _columns(
        ("7313054406920001", "", "Wa Ode Nurhayati", "P", "04-06-1992", "6402061010", "081234560009"),
        ("7313054406920007", "", "WA ODE NURHAYATI", "P", "04-06-1992", "6402061010", "081234560009"),
        ("6402061205800003", "6402061203150001", "M. Rizky", "L", "12-05-1980", "6402061010", ""),
    )
    result = link_incoming(incoming, registry)
    assert set(result.left.tolist()) <= {0, 1, 2}
    strong = {(int(a), int(b)) for a, b, p in zip(result.left, result.right, result.prob, strict=True) if p >= 0.5}
    assert (0, 1) in strong  # one person twice in the new list
    assert {(2, 3), (2, 4)} <= strong  # the new row against both registry records
    # The registry's own pair is not looked at: indexes 3 and 4 are never paired together.
    assert (3, 4) not in {(int(a), int(b)) for a, b in zip(result.left, result.right, strict=True)}


def test_the_engine_finds_the_generated_duplicates():
    rows = generate_lists(4000, villages=["64.02.06.1010", "64.02.06.2012", "64.02.02.2001", "64.02.13.1001"], seed=3)
    result = deduplicate(columns_for_engine(rows))
    scores = pairwise_scores([r.truth_id for r in rows], result.labels.tolist())
    assert scores["true_pairs"] > 100
    assert scores["f1"] > 0.9
    assert scores["wrongly_merged_share"] < 0.01


def test_pairwise_scores_count_pairs_and_wrong_merges():
    scores = pairwise_scores([1, 1, 2, 3], [10, 10, 10, 30])
    assert scores["true_pairs"] == 1
    assert scores["found_pairs"] == 3
    assert scores["precision"] == 1 / 3
    assert scores["recall"] == 1.0
    assert scores["wrongly_merged"] == 1
