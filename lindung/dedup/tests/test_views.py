from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.dedup.models import CandidateStatus, DuplicateCandidate, PersonFlag
from lindung.people.models import Status


def test_the_scan_button_runs_a_scan_and_shows_its_progress(client, cast, twin_pair):
    client.force_login(cast.verifier_all)
    response = client.post(reverse("dedup:scan-start"), follow=True)
    page = response.content.decode()
    assert "Selesai" in page
    assert "Muhammad Rizki" in page and "M. Rizky" in page
    assert DuplicateCandidate.objects.count() == 1


def test_a_verifier_merges_side_by_side_choosing_values(client, cast, twin_pair):
    first, second, _other = twin_pair
    client.force_login(cast.verifier)
    client.post(reverse("dedup:scan-start"))
    candidate = DuplicateCandidate.objects.get()
    url = reverse("dedup:candidate-detail", args=[candidate.pk])
    page = client.get(url).content.decode()
    assert "Bukti" in page and "NIK dan tanggal lahir" in page and "pertahankan kiri" in page
    response = client.post(url, {"decision": "merge", "survivor": "a", "take_village_id": "b", "note": "cek KTP"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    second.refresh_from_db()
    first.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED
    assert second.status == Status.MERGED and second.merged_into_id == first.pk
    assert first.village_id == second.village_id


def test_a_verifier_records_different_people(client, cast, twin_pair):
    client.force_login(cast.verifier)
    client.post(reverse("dedup:scan-start"))
    candidate = DuplicateCandidate.objects.get()
    client.post(reverse("dedup:candidate-detail", args=[candidate.pk]), {"decision": "distinct", "note": "kembar"})
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.DISTINCT


def test_upload_a_reference_list_then_see_and_clear_the_block(client, cast, twin_pair):
    first, _second, _other = twin_pair
    client.force_login(cast.verifier_all)
    content = f"NIK,Nama,Tgl Lahir\n{first.nik},Muhammad Rizki,12-05-1980\n".encode()
    response = client.post(
        reverse("dedup:reference-index"),
        {"name": "GN Lingkaran 2026", "kind": "gn_lingkaran", "file": SimpleUploadedFile("gn.csv", content)},
        follow=True,
    )
    page = response.content.decode()
    assert "GN Lingkaran 2026" in page and "Muhammad Rizki" in page and "GN Lingkaran/CSR" in page
    flag = PersonFlag.objects.get(person=first)
    blocked = client.get(reverse("dedup:blocked-list")).content.decode()
    assert "Muhammad Rizki" in blocked
    client.post(reverse("dedup:flag-clear", args=[flag.pk]), {"reason": "Beda orang, sudah dicek KTP"})
    flag.refresh_from_db()
    assert not flag.is_active()


def test_pages_ask_for_login(client):
    for name in ("dedup:candidate-list", "dedup:reference-index", "dedup:blocked-list"):
        assert client.get(reverse(name)).status_code == 302
