"""`lindung claims list|show|report` on the same services as the pages."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lindung.claims.models import Claim


def _run(*args) -> str:
    out = io.StringIO()
    call_command("claims", *args, stdout=out)
    return out.getvalue()


def test_report_then_list_and_show(covered, cast):
    out = _run(
        "--user",
        "operator_a",
        "report",
        covered.nik,
        "--kind",
        "jkm",
        "--event-date",
        "2023-05-15",
        "--place",
        "Sungai Mahakam",
        "--account",
        "Tenggelam saat menjala ikan.",
    )
    claim = Claim.objects.get()
    assert f"Klaim #{claim.pk} dilaporkan; hak menurut aturan Rp 42.000.000." in out
    listing = _run("--user", "verifier", "list")
    assert f"#{claim.pk}\tJKM" in listing and "1 klaim" in listing
    shown = _run("--user", "admin", "show", str(claim.pk))
    assert "Terlindungi" in shown and "Hak menurut aturan: Rp 42.000.000" in shown
    assert claim.event_date == date(2023, 5, 15)


def test_another_village_sees_no_claim_from_the_command_line(covered, report, cast):
    claim = report(covered)
    assert _run("--user", "operator_b", "list").strip() == "0 klaim"
    with pytest.raises(CommandError, match="di luar wilayah Anda"):
        _run("--user", "operator_b", "show", str(claim.pk))


def test_a_refused_report_says_why_and_stores_nothing(covered, cast):
    with pytest.raises(CommandError, match="belum terjadi"):
        _run(
            "--user",
            "operator_a",
            "report",
            covered.nik,
            "--kind",
            "jkm",
            "--event-date",
            "2099-01-01",
            "--place",
            "x",
            "--account",
            "y",
        )
    assert not Claim.objects.exists()


def test_the_command_needs_a_user(covered):
    with pytest.raises(CommandError, match="--user"):
        _run("list")
