from datetime import date

from conftest import nik_for
from lindung.audit.models import AuditEntry
from lindung.dedup import services
from lindung.dedup.models import CandidateStatus, DuplicateCandidate
from lindung.jobs.models import JobStatus


def test_scan_proposes_the_same_worker_entered_twice(cast, twin_pair):
    first, second, _other = twin_pair
    job = services.start_scan(by=cast.verifier_all)
    assert job.status == JobStatus.DONE, job.error
    candidates = list(DuplicateCandidate.objects.all())
    assert [(c.person_a_id, c.person_b_id) for c in candidates] == [(first.pk, second.pk)]
    assert candidates[0].score >= 0.5
    assert AuditEntry.objects.filter(action="dedup.scan.completed").count() == 1


def test_every_candidate_carries_readable_evidence(cast, twin_pair):
    services.start_scan(by=cast.verifier_all)
    evidence = DuplicateCandidate.objects.get().evidence
    by_field = {f["field"]: f for f in evidence["fields"]}
    assert by_field["identity"]["level"].startswith("NIK beda 1 digit di nomor urut")
    assert by_field["name"]["level"] == "sama"  # M. Rizky and Muhammad Rizki read alike
    assert by_field["phone"]["weight"] > 0
    assert 0 < evidence["probability"] <= 1


def test_different_people_are_never_proposed_again(cast, twin_pair):
    services.start_scan(by=cast.verifier_all)
    candidate = DuplicateCandidate.objects.get()
    services.mark_distinct(candidate, by=cast.verifier_all, note="Beda ibu kandung")
    services.start_scan(by=cast.verifier_all)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISTINCT
    assert DuplicateCandidate.objects.open().count() == 0


def test_twins_on_one_family_card_are_not_proposed(cast, make_person):
    born = date(1990, 7, 1)
    kk = "6402060101100003"
    make_person(name="Hasan Basri", birth=born, kk_number=kk, phone="081234560011", serial=1)
    make_person(name="Husin Basri", birth=born, kk_number=kk, phone="081234560011", serial=2)
    services.start_scan(by=cast.verifier_all)
    assert DuplicateCandidate.objects.count() == 0


def test_father_and_son_of_the_same_name_are_not_proposed(cast, make_person):
    kk = "6402060101100004"
    make_person(name="Ahmad Yani", birth=date(1960, 4, 10), kk_number=kk, phone="081234560021", serial=1)
    make_person(
        name="Ahmad Yani",
        birth=date(1988, 4, 10),
        kk_number=kk,
        phone="081234560021",
        nik=nik_for("640206", date(1988, 4, 10), "L", 1),
    )
    services.start_scan(by=cast.verifier_all)
    assert DuplicateCandidate.objects.count() == 0


def test_an_operator_cannot_start_a_scan(cast):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.start_scan(by=cast.operator_a)


def test_the_scan_command_runs_the_same_job_and_reports(cast, twin_pair, capsys):
    from django.core.management import call_command

    call_command("scan_duplicates", "--user", cast.verifier_all.username)
    assert "1 calon duplikat" in capsys.readouterr().out
    assert DuplicateCandidate.objects.count() == 1


def test_the_scan_command_refuses_an_operator(cast):
    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="bukan verifikator"):
        call_command("scan_duplicates", "--user", cast.operator_a.username)
