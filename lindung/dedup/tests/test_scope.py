"""Users see candidates only where they see both people, flags only where they see the person."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_A, VILLAGE_B, nik_for
from lindung.dedup import services
from lindung.dedup.models import DuplicateCandidate, PersonFlag


@pytest.fixture
def candidates(cast, make_person):
    """One duplicate pair in village A (Tenggarong) and one in village B (Loa Kulu)."""
    pairs = {}
    for village, district, name, phone in (
        (VILLAGE_A, "640206", "Rahmat Hidayat", "081234560041"),
        (VILLAGE_B, "640202", "Slamet Riyadi", "081234560042"),
    ):
        born = date(1985, 8, 17)
        a = make_person(name=name, village_code=village, birth=born, phone=phone, nik=nik_for(district, born, "L", 1))
        b = make_person(name=name, village_code=village, birth=born, phone=phone, nik=nik_for(district, born, "L", 5))
        pairs[village] = (a, b)
    services.start_scan(by=cast.verifier_all)
    assert DuplicateCandidate.objects.count() == 2
    return {village: DuplicateCandidate.objects.get(person_a=min(a.pk, b.pk)) for village, (a, b) in pairs.items()}


def test_a_district_verifier_never_sees_candidates_whose_people_are_both_outside(client, cast, candidates):
    visible = set(DuplicateCandidate.objects.visible_to(cast.verifier))
    assert visible == {candidates[VILLAGE_A]}
    client.force_login(cast.verifier)
    page = client.get(reverse("dedup:candidate-list"))
    assert "Rahmat Hidayat" in page.content.decode()
    assert "Slamet Riyadi" not in page.content.decode()
    assert client.get(reverse("dedup:candidate-detail", args=[candidates[VILLAGE_B].pk])).status_code == 404


def test_an_operator_sees_none_of_another_villages_candidates(client, cast, candidates):
    assert set(DuplicateCandidate.objects.visible_to(cast.operator_b)) == {candidates[VILLAGE_B]}
    client.force_login(cast.operator_b)
    page = client.get(reverse("dedup:candidate-list")).content.decode()
    assert "Rahmat Hidayat" not in page
    assert client.get(reverse("dedup:candidate-detail", args=[candidates[VILLAGE_A].pk])).status_code == 404


def test_an_operator_may_look_but_not_decide(client, cast, candidates):
    client.force_login(cast.operator_a)
    candidate = candidates[VILLAGE_A]
    response = client.post(
        reverse("dedup:candidate-detail", args=[candidate.pk]), {"decision": "distinct", "note": "beda"}
    )
    assert response.status_code == 200
    candidate.refresh_from_db()
    assert candidate.is_open()


def test_flags_outside_the_users_region_are_invisible(cast, make_person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lindung.dedup.models import ListKind

    person = make_person(name="Slamet Riyadi", village_code=VILLAGE_B, phone="081234560051", serial=1)
    content = f"NIK,Nama,Tanggal Lahir\n{person.nik},Slamet Riyadi,12-05-1980\n".encode()
    services.upload_reference_list(
        SimpleUploadedFile("mati.csv", content), by=cast.verifier_all, name="Kematian Oktober", kind=ListKind.DECEASED
    )
    assert PersonFlag.objects.count() == 1
    assert PersonFlag.objects.visible_to(cast.verifier).count() == 0
    assert PersonFlag.objects.visible_to(cast.operator_a).count() == 0
    assert PersonFlag.objects.visible_to(cast.operator_b).count() == 1
