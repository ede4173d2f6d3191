from decimal import Decimal

import pytest

from lindung.lib.phones import PhoneError, normalize_phone


@pytest.mark.parametrize(
    "value",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "(0812) 3456.7890",
        "6281234567890",
        "+62 812 3456 7890",
        "+62 812-3456-7890",
        "81234567890",
        "'081234567890",
        "\u00a00812 3456 7890\u200b",
        81234567890,
        81234567890.0,
        6281234567890,
        Decimal(81234567890),
    ],
)
def test_indonesian_mobile_formats_become_e164(value):
    assert normalize_phone(value) == "+6281234567890"


def test_landline_with_area_code_is_accepted():
    assert normalize_phone("0541-661234") == "+62541661234"


def test_foreign_number_with_plus_and_country_code_is_accepted():
    assert normalize_phone("+60 12-345 6789") == "+60123456789"


@pytest.mark.parametrize("value", [None, "", "   ", "-", float("nan")])
def test_empty_or_placeholder_gives_empty_string(value):
    assert normalize_phone(value) == ""


@pytest.mark.parametrize(
    "value",
    ["08123", "0812345678901234", "60123456789", "nomor saya", 812.5, True],
)
def test_invalid_numbers_are_refused_with_an_example_to_follow(value):
    with pytest.raises(PhoneError) as caught:
        normalize_phone(value)
    assert caught.value.code == "hp_tidak_valid"
    assert "0812" in caught.value.message
    assert str(caught.value) == caught.value.message


def test_fast_path_for_indonesian_mobiles_agrees_with_phonenumbers():
    import random

    import phonenumbers

    rnd = random.Random(2021)
    for _ in range(5000):
        text = "08" + "".join(rnd.choice("0123456789") for _ in range(rnd.randint(6, 13)))
        parsed = phonenumbers.parse(text, "ID")
        expected = (
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(parsed)
            else None
        )
        try:
            got = normalize_phone(text)
        except PhoneError:
            got = None
        assert got == expected, text


def test_a_clerks_placeholder_is_no_phone():
    from lindung.lib.phones import read_phone

    for placeholder in ("0", "-", "--", "tidak ada", 0):
        assert read_phone(placeholder) == ("", "")


def test_a_cell_with_two_numbers_keeps_the_first_and_gives_back_the_second():
    from lindung.lib.phones import read_phone

    assert read_phone("0812-3456-7890 / 0813 1111 2222") == ("+6281234567890", "+6281311112222")
    assert read_phone("081234567890 085212345678") == ("+6281234567890", "+6285212345678")


def test_one_number_with_spaces_is_one_number():
    from lindung.lib.phones import read_phone

    assert read_phone("+62 812 3456 7890") == ("+6281234567890", "")
