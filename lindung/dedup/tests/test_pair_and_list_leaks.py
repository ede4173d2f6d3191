"""A pair of people is shown only to whoever may see both; reference lists only to those who work with them."""

from datetime import date

import pytest
from django.urls import reverse

from conftest import VILLAGE_B, nik_for
from lindung.dedup import services
from lindung.dedup.models import DuplicateCandidate, ListKind, PersonFlag


@pytest.fixture
def mover_pair(cast, make_person):
    """The same man registered in village A and, after moving, in village B."""
    born = date(1985, 8, 17)
    a = make_person(name="Rahmat Hidayat", birth=born, phone="081234560041", nik=nik_for("640206", born, "L", 1))
    b = make_person(
        name="Rahmat Hidayat",
        birth=born,
        phone="081234560041",
        village_code=VILLAGE_B,
        street="Jl. Rahasia Loa Kulu 9",
        nik=nik_for("640206", born, "L", 5),
    )
    services.start_scan(by=cast.verifier_all)
    return DuplicateCandidate.objects.get(), a, b


@pytest.mark.parametrize("who", ["operator_a", "operator_b", "verifier"])
def test_a_pair_across_regions_is_hidden_from_who_sees_only_one_side(client, cast, mover_pair, who):
    candidate, _, _ = mover_pair
    client.force_login(getattr(cast, who))
    assert client.get(reverse("dedup:candidate-detail", args=[candidate.pk])).status_code == 404
    listing = client.get(reverse("dedup:candidate-list")).content.decode()
    assert "Rahmat Hidayat" not in listing


def test_a_regency_verifier_sees_the_pair_across_regions(client, cast, mover_pair):
    candidate, _, _ = mover_pair
    client.force_login(cast.verifier_all)
    page = client.get(reverse("dedup:candidate-detail", args=[candidate.pk])).content.decode()
    assert "Jl. Rahasia Loa Kulu 9" in page


@pytest.fixture
def reference(cast, make_person):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = make_person(name="Slamet Riyadi", village_code=VILLAGE_B, phone="081234560051", serial=1)
    content = f"NIK,Nama,Tanggal Lahir\n{person.nik},Slamet Riyadi,12-05-1980\n".encode()
    return services.upload_reference_list(
        SimpleUploadedFile("mati.csv", content), by=cast.verifier_all, name="Kematian Oktober", kind=ListKind.DECEASED
    )


@pytest.mark.parametrize("who", ["operator_a", "operator_b", "sponsor", "finance", "outsider"])
def test_reference_lists_are_closed_to_villages_sponsors_and_finance(client, cast, reference, who):
    client.force_login(getattr(cast, who))
    for url in (reverse("dedup:reference-index"), reverse("dedup:reference-detail", args=[reference.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Kematian Oktober" not in response.content.decode()


@pytest.mark.parametrize("who", ["verifier_all", "auditor", "admin"])
def test_verifiers_and_auditors_open_reference_lists(client, cast, reference, who):
    client.force_login(getattr(cast, who))
    assert "Kematian Oktober" in client.get(reverse("dedup:reference-index")).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/x", "http://evil.example"])
def test_clearing_a_flag_never_redirects_off_site(client, cast, reference, target):
    flag = PersonFlag.objects.get()
    client.force_login(cast.verifier_all)
    response = client.post(
        reverse("dedup:flag-clear", args=[flag.pk]), {"reason": "Salah orang, beda ibu kandung", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dedup:blocked-list")


def test_clearing_a_flag_goes_back_to_a_page_of_this_site(client, cast, reference):
    flag = PersonFlag.objects.get()
    client.force_login(cast.verifier_all)
    back = reverse("dedup:person-flags", args=[flag.person_id])
    response = client.post(reverse("dedup:flag-clear", args=[flag.pk]), {"reason": "Salah orang", "next": back})
    assert response["Location"] == back
