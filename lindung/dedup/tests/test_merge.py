import pytest

from conftest import VILLAGE_A2
from lindung.audit.models import AuditEntry
from lindung.dedup import services
from lindung.dedup.models import CandidateStatus, DuplicateCandidate
from lindung.errors import DomainError
from lindung.people.models import Person, Status


@pytest.fixture
def candidate(cast, twin_pair):
    services.start_scan(by=cast.verifier_all)
    return DuplicateCandidate.objects.get()


def test_merge_keeps_the_survivor_with_the_chosen_values(cast, twin_pair, candidate):
    first, _second, _other = twin_pair
    survivor = services.merge_people(
        candidate, by=cast.verifier, survivor_id=first.pk, choices={"village_id": "b", "name": "a"}, note="KTP dicek"
    )
    assert survivor.pk == first.pk
    assert survivor.village_id == VILLAGE_A2
    assert survivor.name == "Muhammad Rizki"
    assert survivor.nik == first.nik


def test_the_merged_away_person_keeps_its_row_and_points_to_the_survivor(cast, twin_pair, candidate):
    first, second, _other = twin_pair
    services.merge_people(candidate, by=cast.verifier, survivor_id=first.pk)
    second.refresh_from_db()
    assert second.status == Status.MERGED
    assert second.merged_into_id == first.pk
    assert second.nik.endswith("0007")
    assert Person.objects.filter(pk=second.pk).exists()


def test_merge_is_audited_on_the_person_and_the_candidate(cast, twin_pair, candidate):
    first, second, _other = twin_pair
    services.merge_people(candidate, by=cast.verifier, survivor_id=first.pk, choices={"village_id": "b"})
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"people.person.merged", "dedup.candidate.merged", "people.person.updated"} <= actions
    merged = AuditEntry.objects.get(action="people.person.merged")
    assert merged.target_id == str(second.pk)
    assert merged.data["into"] == first.pk
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert candidate.reviewer == cast.verifier
    assert candidate.decided_at is not None


def test_a_decided_pair_cannot_be_decided_again(cast, twin_pair, candidate):
    first, _second, _other = twin_pair
    services.merge_people(candidate, by=cast.verifier, survivor_id=first.pk)
    with pytest.raises(DomainError):
        services.mark_distinct(candidate, by=cast.verifier, note="salah klik")


def test_a_verifier_cannot_merge_people_outside_their_district(cast, make_person):
    from datetime import date

    from conftest import VILLAGE_B, nik_for

    make_person(name="Budi Santoso", phone="081234560031", serial=1)
    make_person(
        name="Budi Santoso",
        village_code=VILLAGE_B,
        phone="081234560031",
        nik=nik_for("640206", date(1980, 5, 12), "L", 4),
    )
    services.start_scan(by=cast.verifier_all)
    candidate = DuplicateCandidate.objects.get()
    with pytest.raises(DomainError, match="kedua datanya berada di wilayah Anda"):
        services.merge_people(candidate, by=cast.verifier, survivor_id=candidate.person_a_id)
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN


def test_bulk_merge_merges_strong_pairs_and_refuses_a_low_threshold(cast, twin_pair, candidate):
    with pytest.raises(DomainError, match="minimal"):
        services.start_bulk_merge(by=cast.verifier, threshold=0.5)
    result = services.bulk_merge(by=cast.verifier, threshold=services.bulk_merge_minimum())
    expected = 1 if candidate.score >= services.bulk_merge_minimum() else 0
    assert result["merged"] == expected
    assert DuplicateCandidate.objects.filter(status=CandidateStatus.MERGED).count() == expected


def test_bulk_merge_keeps_the_older_record_and_fills_its_blanks(cast, twin_pair, candidate, settings):
    settings.LINDUNG_DEDUP_BULK_MIN = 0.5
    first, second, _other = twin_pair
    Person.objects.filter(pk=first.pk).update(birth_place="")
    Person.objects.filter(pk=second.pk).update(birth_place="Samarinda")
    job = services.start_bulk_merge(by=cast.verifier, threshold=0.5)
    assert job.result["merged"] == 1, job.error
    first.refresh_from_db()
    assert first.status != Status.MERGED
    assert first.birth_place == "Samarinda"
