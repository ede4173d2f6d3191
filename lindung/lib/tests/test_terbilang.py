import pytest

from lindung.lib.terbilang import terbilang, terbilang_rupiah


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (15, "lima belas"),
        (20, "dua puluh"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (111, "seratus sebelas"),
        (250, "dua ratus lima puluh"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (2000, "dua ribu"),
        (11000, "sebelas ribu"),
        (100000, "seratus ribu"),
        (101000, "seratus satu ribu"),
        (16800, "enam belas ribu delapan ratus"),
        (201600, "dua ratus satu ribu enam ratus"),
        (1000000, "satu juta"),
        (18000000000, "delapan belas miliar"),
        (1000000000000, "satu triliun"),
        (-5, "minus lima"),
    ],
)
def test_numbers_are_spelled_the_indonesian_way(number, words):
    assert terbilang(number) == words


def test_the_2021_kukar_total_is_spelled_in_full_with_rupiah():
    assert terbilang_rupiah(1_786_176_000) == (
        "satu miliar tujuh ratus delapan puluh enam juta seratus tujuh puluh enam ribu rupiah"
    )


def test_a_fraction_is_refused_rather_than_rounded_silently():
    with pytest.raises(TypeError):
        terbilang(1.5)
