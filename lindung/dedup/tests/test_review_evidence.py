"""The review shows its evidence: both NIKs when one digit differs, a reason for "different", the merge kept."""

from datetime import date

import pytest

from conftest import VILLAGE_A, nik_for
from lindung.audit.models import AuditEntry
from lindung.dedup import services
from lindung.dedup.models import CandidateStatus, DuplicateCandidate
from lindung.errors import DomainError
from lindung.people.history import person_history


@pytest.fixture
def candidate(cast, twin_pair):
    services.start_scan(by=cast.verifier_all)
    return DuplicateCandidate.objects.get()


def test_different_people_need_a_short_reason(cast, candidate):
    with pytest.raises(DomainError) as exc:
        services.mark_distinct(candidate, by=cast.verifier_all, note="  ")
    assert "alasan singkat" in exc.value.message
    assert DuplicateCandidate.objects.get().status == CandidateStatus.OPEN
    services.mark_distinct(candidate, by=cast.verifier_all, note="Kakak-adik, KTP berbeda")
    assert DuplicateCandidate.objects.get().status == CandidateStatus.DISTINCT


def test_both_niks_are_revealed_when_one_digit_differs_and_each_reveal_is_recorded(cast, candidate):
    a, b = services.reveal_pair_niks(candidate, by=cast.verifier_all)
    assert {a, b} == {candidate.person_a.nik, candidate.person_b.nik}
    for person in (candidate.person_a, candidate.person_b):
        assert AuditEntry.objects.for_target(person).filter(action="people.person.nik_viewed").count() == 1


def test_niks_further_apart_are_not_revealed_as_a_pair(cast, make_person):
    born = date(1985, 8, 17)
    make_person(name="Rahmat Hidayat", birth=born, phone="081234560041", nik=nik_for("640206", born, "L", 1))
    make_person(
        name="Rahmat Hidayat",
        birth=born,
        phone="081234560041",
        nik=nik_for("640206", born, "L", 58),
        village_code=VILLAGE_A,
    )
    services.start_scan(by=cast.verifier_all)
    candidate = DuplicateCandidate.objects.get()
    assert not services.niks_one_digit_apart(candidate)
    with pytest.raises(DomainError):
        services.reveal_pair_niks(candidate, by=cast.verifier_all)


def test_the_survivors_history_shows_the_merge_and_points_to_the_merged_record(cast, candidate):
    survivor = services.merge_people(candidate, by=cast.verifier_all, survivor_id=candidate.person_a_id)
    [item] = [i for i in person_history(survivor) if i.entry.action == "people.person.merge_kept"]
    assert item.label == "Data ganda digabungkan ke data ini"
    assert item.other_pk == candidate.person_b_id


def test_operator_of_another_village_cannot_reveal_a_pairs_niks(client, cast, candidate):
    client.force_login(cast.operator_b)
    response = client.post(f"/duplikat/{candidate.pk}/nik/")
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action="people.person.nik_viewed").exists()
