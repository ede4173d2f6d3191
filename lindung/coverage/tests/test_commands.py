"""The command line: coverage on a day, invoices, the stand-in's receipt file and its reconciliation."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lindung.coverage.models import Invoice, InvoiceStatus, Payment


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_coverage_prints_the_answer_in_indonesian(cast, enrolled, apbd, paid_months):
    (person,), (membership,) = enrolled()
    paid_months(apbd, {1: date(2023, 1, 10)})
    out = run("coverage", person.nik, "--on", "2023-01-20")
    assert "TERLINDUNGI" in out and "sejak: 1 Januari 2023" in out
    assert f"Nomor KPJ: {membership.kpj}" in out and "APBD Kukar (wadah SG)" in out
    assert "Bulan iuran dibayar dan diakui sampai bulan itu: 1" in out


def test_coverage_refuses_an_unknown_nik_and_a_bad_date(db):
    with pytest.raises(CommandError, match="tidak ada di registri"):
        run("coverage", "6402061205800001", "--on", "2023-01-20")
    with pytest.raises(CommandError, match="tidak terbaca"):
        run("coverage", "6402061205800001", "--on", "20-01-2023")


def test_invoices_receipts_and_reconciliation_from_the_command_line(cast, enrolled, apbd, tmp_path):
    enrolled()
    out = run("issue_invoices", "2023", "--months", "3", "--user", "finance")
    assert "1 tagihan diterbitkan, Rp 50.400" in out
    path = tmp_path / "kwitansi.csv"
    assert "1 kwitansi, Rp 50.400" in run("write_receipts", "2023", "--paid-on", "2023-01-12", "--out", str(path))
    out = run("reconcile_receipts", str(path), "--user", "finance")
    assert "1 pembayaran dicatat, Rp 50.400" in out and "Cocok: 1" in out
    assert Invoice.objects.get().status == InvoiceStatus.PAID
    assert Payment.objects.get().receipt_number == "KW/TGR/202301/000001"


def test_money_commands_need_a_finance_user(cast, enrolled):
    enrolled()
    with pytest.raises(CommandError, match="bukan petugas keuangan"):
        run("issue_invoices", "2023", "--user", "auditor")
    assert not Invoice.objects.exists()
