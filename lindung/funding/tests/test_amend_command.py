"""`lindung amend`: the one-person amendment from the command line, through the same service."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lindung.audit.models import AuditEntry
from lindung.funding.models import Allocation
from lindung.funding.services import allocate_year, create_funder
from lindung.programmes.models import Amendment
from lindung.programmes.services import approve_year

DECREE_DATE = date(2021, 9, 20)

MONTH = 16_800


@pytest.fixture
def approved(cast, year2021, worker):
    siti = worker(name="Siti Aminah")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    return {"siti": siti, "apbd": apbd}


def test_the_command_ends_a_cover_and_adds_a_replacement(approved, worker, capsys):
    siti, apbd = approved["siti"], approved["apbd"]
    call_command(
        "amend",
        "2021",
        "--user",
        "admin",
        "end",
        siti.nik,
        "--from-month",
        "3",
        "--cause",
        "meninggal",
        "--reason",
        "Akta 7",
    )
    out = capsys.readouterr().out
    assert out.startswith("Amandemen 1 dicatat. Kepesertaan Siti Aminah")
    assert "APBD Kukar Rp 50.400 → Rp 33.600" in out
    rina = worker(name="Rina Pengganti")
    call_command(
        "amend",
        "2021",
        "--user",
        "admin",
        "add",
        rina.nik,
        "--funder",
        str(apbd.pk),
        "--from-month",
        "3",
        "--reason",
        "Pengganti Siti",
    )
    assert "Amandemen 2 dicatat. Rina Pengganti" in capsys.readouterr().out
    assert Allocation.objects.get(person=rina).month_indexes() == [3]
    assert Amendment.objects.get(number=1).reason == "Meninggal dunia: Akta 7"
    assert AuditEntry.objects.filter(action__startswith="funding.amendment").count() == 2


def test_the_command_takes_a_funder_by_name_and_lists_them_when_it_is_unknown(approved, worker):
    siti = approved["siti"]
    call_command("amend", "2021", "--user", "admin", "end", siti.nik, "--from-month", "2", "--cause", "pindah")
    rina = worker(name="Rina Pengganti")
    with pytest.raises(
        CommandError, match=r"Penyandang dana PT Entah tidak ada di tahun 2021\. Pilih salah satu: \d+ APBD"
    ):
        call_command(
            "amend",
            "2021",
            "--user",
            "admin",
            "add",
            rina.nik,
            "--funder",
            "PT Entah",
            "--from-month",
            "2",
            "--reason",
            "Pengganti",
        )
    call_command(
        "amend",
        "2021",
        "--user",
        "admin",
        "add",
        rina.nik,
        "--funder",
        "APBD Kukar",
        "--from-month",
        "2",
        "--reason",
        "Pengganti Siti",
    )
    assert Allocation.objects.get(person=rina).amount == 2 * MONTH


def test_the_command_explains_a_refusal_and_changes_nothing(approved, worker):
    siti = approved["siti"]
    with pytest.raises(CommandError, match="Untuk end, sebutkan --cause"):
        call_command("amend", "2021", "--user", "admin", "end", siti.nik, "--from-month", "2")
    with pytest.raises(CommandError, match="Bulan ke-5 di luar periode program"):
        call_command("amend", "2021", "--user", "admin", "end", siti.nik, "--from-month", "5", "--cause", "meninggal")
    with pytest.raises(CommandError, match="Sisa pagu APBD Kukar Rp 0"):
        call_command(
            "amend",
            "--user",
            "admin",
            "2021",
            "add",
            worker().nik,
            "--funder",
            "APBD Kukar",
            "--from-month",
            "1",
            "--reason",
            "Pengganti Siti",
        )
    with pytest.raises(CommandError, match="NIK 6402069999990001 tidak ada di registri"):
        call_command(
            "amend", "2021", "--user", "admin", "end", "6402069999990001", "--from-month", "2", "--cause", "ganda"
        )
    with pytest.raises(CommandError, match="Tahun program 2030 belum ada"):
        call_command("amend", "2030", "--user", "admin", "end", siti.nik, "--from-month", "2", "--cause", "ganda")
    assert Allocation.objects.get(person=siti).months == 3 and not Amendment.objects.exists()


def test_the_commands_refuse_to_run_without_a_named_user(approved):
    siti = approved["siti"]
    with pytest.raises(CommandError, match="Sebutkan siapa yang mencatat amandemen dengan --user"):
        call_command("amend", "2021", "end", siti.nik, "--from-month", "2", "--cause", "pindah")
    with pytest.raises(CommandError, match="Sebutkan siapa yang menjalankan alokasi dengan --user"):
        call_command("allocate", "2021")
    assert not Amendment.objects.exists()


def test_the_commands_refuse_a_user_who_may_not_change_funding(approved, cast):
    siti = approved["siti"]
    with pytest.raises(CommandError, match="Hanya admin dan keuangan"):
        call_command("amend", "2021", "--user", "operator_a", "end", siti.nik, "--from-month", "2", "--cause", "pindah")
    with pytest.raises(CommandError, match="Hanya admin kabupaten"):
        call_command("allocate", "2021", "--user", "auditor")
    assert not Amendment.objects.exists()
