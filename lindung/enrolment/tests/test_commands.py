"""The command line runs the whole exchange on the same services as the pages."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from lindung.enrolment.models import EnrolmentBatch, Membership, MembershipStatus


def test_the_exchange_from_the_command_line(cast, approved, tmp_path, capsys):
    call_command("enrol", "memberships", "2021", "--user", "admin")
    call_command("enrol", "batch", "2021", "APBD Kukar", "--user", "admin")
    call_command("enrol", "send", "2021", "APBD Kukar", "1", "--user", "admin")
    batch_file, reply_file = tmp_path / "kiriman.csv", tmp_path / "balasan.csv"
    call_command("enrol", "export", "2021", "APBD Kukar", "1", "--out", str(batch_file))
    call_command("bpjs_standin", "reply", str(batch_file), "--out", str(reply_file), "--nik-problem-rate", "0")
    call_command("enrol", "reply", "2021", "APBD Kukar", "1", str(reply_file), "--user", "admin")
    out = capsys.readouterr().out
    assert "Kiriman 1 (pendaftaran awal) disetujui: tambah 3" in out
    assert "Balasan diterapkan: 3 diterima, 0 ditolak" in out
    assert set(Membership.objects.values_list("status", flat=True)) == {MembershipStatus.ACTIVE}
    siti = approved["people"][0]
    call_command("enrol", "death", siti.nik, "--on", "2021-11-20", "--user", "verifier", "--note", "Akta 3")
    call_command("enrol", "batch", "2021", "APBD Kukar", "--user", "admin")
    assert EnrolmentBatch.objects.get(number=2).counts == {"add": 0, "remove": 1, "amend": 0}
    assert Membership.objects.get(person=siti).ended_on == date(2021, 11, 20)


def test_a_refused_command_says_why_in_indonesian(cast, approved):
    with pytest.raises(CommandError, match="belum ada"):
        call_command("enrol", "send", "2021", "APBD Kukar", "9", "--user", "admin")
    with pytest.raises(CommandError, match="tidak berwenang"):
        call_command("enrol", "batch", "2021", "APBD Kukar", "--user", "finance")
