import pytest

from lindung.lib.names import (
    PersonNameError,
    clean_name,
    looks_like_formula,
    name_key,
    validate_name,
)


def test_clean_name_trims_and_collapses_spaces_keeping_case_and_punctuation():
    assert clean_name("  Hj.  SITI\u00a0 Aminah, S.Pd \t") == "Hj. SITI Aminah, S.Pd"


def test_clean_name_removes_zero_width_characters():
    assert clean_name("Siti\u200b Aminah\ufeff") == "Siti Aminah"


def test_clean_name_composes_accents():
    assert clean_name("Jose\u0301") == "Jos\u00e9"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("H. Moh.  Rizki, S.Pd", "muhammad rizki"),
        ("Hj. SITI   Aminah", "siti aminah"),
        ("Prof. Dr. Ir. H. Ahmad Yusuf", "ahmad yusuf"),
        ("KH. Ahmad Dahlan", "ahmad dahlan"),
        ("Ustadzah Siti Aminah", "siti aminah"),
        ("Drs.H.M.Rizki,SE", "muhammad rizki"),
    ],
)
def test_name_key_drops_leading_honorifics(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize(
    "name",
    [
        "Siti Aminah, S.Pd.",
        "Siti Aminah, S.Pd., M.Pd.",
        "Siti Aminah, SE",
        "Siti Aminah, S. Kom",
        "Siti Aminah S.Sos",
        "Siti Aminah A.Md",
        "Siti Aminah, S.T.",
        "Siti Aminah S.T.",
        "Siti Aminah SE",
        "Siti Aminah SPd",
        "Siti Aminah Amd",
        "Siti Aminah, M.Si., M.M.",
    ],
)
def test_name_key_drops_trailing_degrees_with_or_without_dots(name):
    assert name_key(name) == "siti aminah"


def test_st_without_the_dots_of_a_degree_stays_as_it_may_be_siti():
    assert name_key("St. Aminah") == "st aminah"
    assert name_key("Aminah ST") == "aminah st"


def test_leading_dotted_initials_are_not_taken_for_a_degree():
    assert name_key("M.A. Rizki") == "muhammad a rizki"


@pytest.mark.parametrize(
    "first",
    [
        "M.",
        "Moh",
        "Moch.",
        "Mochammad",
        "Mohammad",
        "Mohamad",
        "Muh.",
        "Muhamad",
        "Muhammad",
        "Muhamat",
        "Mhd.",
        "Md.",
    ],
)
def test_muhammad_variants_become_muhammad(first):
    assert name_key(f"{first} Rizky") == "muhammad rizky"


def test_single_m_at_the_end_stays_an_initial():
    assert name_key("Rizky M.") == "rizky m"


def test_muhammad_variant_inside_a_word_is_left_alone():
    assert name_key("Mohan Mdina") == "mohan mdina"


def test_name_key_casefolds_and_strips_accents():
    assert name_key("JOSÉ Ñandú") == "jose nandu"


def test_apostrophes_and_hyphens_become_separators():
    assert name_key("Ma'ruf Nur\u2019aini-Putri") == "ma ruf nur aini putri"


def test_honorific_inside_the_name_is_kept_as_an_initial():
    assert name_key("Ahmad H. Subroto") == "ahmad h subroto"


def test_a_name_made_only_of_titles_keeps_its_last_token():
    assert name_key("Haji") == "haji"
    assert name_key("SE") == "se"


def test_name_key_does_not_reorder_tokens():
    assert name_key("Aminah Siti") == "aminah siti"


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+62", "-1", "@SUM(A1)", "  =1+1", "\tSiti", "\rSiti"])
def test_formula_starts_are_detected(value):
    assert looks_like_formula(value)


@pytest.mark.parametrize("value", ["Siti", "Siti = Aminah", "", "'Siti"])
def test_ordinary_text_is_not_a_formula(value):
    assert not looks_like_formula(value)


def test_validate_name_returns_the_clean_name():
    assert validate_name("  Siti   Aminah ") == "Siti Aminah"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "nama_kosong"),
        ("  \u00a0", "nama_kosong"),
        ("=cmd|' /C calc'!A0", "nama_formula"),
        ("a" * 151, "nama_terlalu_panjang"),
        ("123 456", "nama_tanpa_huruf"),
    ],
)
def test_validate_name_refuses_with_a_code(value, code):
    with pytest.raises(PersonNameError) as caught:
        validate_name(value)
    assert caught.value.code == code
    assert str(caught.value) == caught.value.message


def test_validate_name_accepts_exactly_150_characters():
    assert validate_name("a" * 150) == "a" * 150


def test_formula_message_says_which_signs_to_remove():
    with pytest.raises(PersonNameError) as caught:
        validate_name("=Siti")
    assert "=, +, - atau @" in caught.value.message
