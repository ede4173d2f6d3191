import pytest

from lindung.lib.money import AmountError, parse_rupiah


@pytest.mark.parametrize(
    "typed, amount",
    [
        ("50.000.000", 50_000_000),
        ("50000000", 50_000_000),
        ("Rp 50.000.000", 50_000_000),
        ("Rp50.000.000,-", 50_000_000),
        ("rp. 1.000.000,00", 1_000_000),
        (" 750.000 ", 750_000),
        ("0", 0),
        (1_000_000, 1_000_000),
    ],
)
def test_amounts_typed_the_indonesian_way_are_read_whole(typed, amount):
    assert parse_rupiah(typed) == amount


@pytest.mark.parametrize("typed", ["50,000", "1.5", "50.00.000", "12,5", "50,000,000"])
def test_amounts_that_could_be_misread_are_refused_with_an_example(typed):
    with pytest.raises(AmountError) as exc:
        parse_rupiah(typed)
    assert "dua cara" in exc.value.message or "bukan jumlah" in exc.value.message
    assert "50.000.000" in exc.value.message


@pytest.mark.parametrize("typed", ["", "  ", None, "lima juta", "-5.000"])
def test_text_that_is_no_amount_is_refused(typed):
    with pytest.raises(AmountError):
        parse_rupiah(typed)
