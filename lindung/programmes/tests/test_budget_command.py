import pytest
from django.core.management import CommandError, call_command


def test_simulate_prints_the_2021_kukar_cost(db, capsys):
    call_command("budget", "simulate", "--workers", "35440", "--months", "3")
    out = capsys.readouterr()
    assert out.out == "Rp 1.786.176.000\n"
    assert "satu miliar tujuh ratus delapan puluh enam juta seratus tujuh puluh enam ribu rupiah" in out.err


def test_simulate_with_jht_and_a_higher_income(db, capsys):
    call_command(
        "budget", "simulate", "--workers", "1", "--months", "12", "--income", "2.000.000", "--programs", "jkk,jkm,jht"
    )
    # JKK 20,000 + JKM 6,800 + JHT 40,000 = 66,800 a month.
    assert capsys.readouterr().out == "Rp 801.600\n"


def test_capacity_prints_how_many_workers_a_budget_covers(db, capsys):
    call_command("budget", "capacity", "--budget", "Rp 1.786.176.000", "--months", "3")
    assert capsys.readouterr().out == "35440\n"


def test_an_unknown_programme_is_explained(db):
    with pytest.raises(CommandError, match="jkp tidak dikenal"):
        call_command("budget", "capacity", "--budget", "1000000", "--months", "3", "--programs", "jkp")


def test_simulate_inside_the_pp50_window_still_prices_the_apbd_in_full(db, capsys):
    # The simulator plans the regency's own budget, which PP 50/2025 never discounts (domain.md §2).
    call_command("budget", "simulate", "--workers", "35440", "--months", "3", "--on", "2026-06-01")
    assert capsys.readouterr().out == "Rp 1.786.176.000\n"
