"""A verifier finds, reviews and merges a duplicate, then blocks the dead, in the system Chromium."""

import re

import pytest
from playwright.sync_api import expect

from lindung.dedup.models import CandidateStatus, DuplicateCandidate, PersonFlag
from lindung.people.models import Status

pytestmark = pytest.mark.browser


def test_verifier_scans_merges_a_duplicate_and_blocks_a_death_from_a_reference_list(
    page, cast, log_in, twin_pair, tmp_path
):
    first, second, _other = twin_pair
    log_in(page, "verifier_all")

    page.goto("/duplikat/")
    expect(page.get_by_role("heading", name="Calon duplikat", level=1)).to_be_visible()
    page.get_by_role("button", name="Pindai duplikat sekarang").click()
    row = page.locator("table.people tbody tr").filter(has_text="Muhammad Rizki")
    expect(row).to_contain_text("M. Rizky")
    expect(page.locator("table.people tbody tr")).to_have_count(1)  # Siti Aminah is nobody's duplicate

    row.get_by_role("link", name="Periksa").click()
    expect(page.get_by_role("heading", name="Orang yang sama?")).to_be_visible()
    evidence = page.locator("ul.evidence")
    expect(evidence).to_contain_text("NIK dan tanggal lahir")
    expect(evidence).to_contain_text("No. KK")
    # The right record's village (Rapak Lambur) is the right one; the left record keeps its NIK.
    page.get_by_label("pertahankan kiri").check()
    page.locator("input[name=take_village_id][value=b]").check()
    page.get_by_role("button", name="Orang sama → gabungkan").click()

    expect(page.get_by_role("heading", name="Muhammad Rizki", level=1)).to_be_visible()
    expect(page.get_by_text("Data digabung ke Muhammad Rizki")).to_be_visible()
    candidate = DuplicateCandidate.objects.get()
    assert candidate.status == CandidateStatus.MERGED
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into_id == first.pk
    assert first.village_id == "64.02.06.2012"

    page.goto(_person_url(second.pk))
    note = page.get_by_role("note").filter(has_text="Data ganda yang sudah digabung")
    expect(note).to_contain_text("Data yang berlaku: Muhammad Rizki")
    note.get_by_role("link", name="Muhammad Rizki").click()
    expect(page).to_have_url(re.compile(re.escape(_person_url(first.pk)) + "$"))

    deaths = tmp_path / "kematian.csv"
    deaths.write_text(f"NIK,Nama,Tgl Lahir\n{first.nik},MUHAMMAD RIZKI,12-05-1980\n", encoding="utf-8")
    page.goto("/duplikat/daftar-pembanding/")
    page.get_by_label("Nama daftar").fill("Kematian Dukcapil Oktober 2026")
    page.get_by_label("Jenis daftar").select_option(label="Kematian dari Dukcapil")
    page.get_by_label("Berkas (xlsx, xls, ods atau csv)").set_input_files(str(deaths))
    page.get_by_role("button", name="Unggah dan cocokkan").click()

    expect(page.get_by_role("heading", name="Kematian Dukcapil Oktober 2026")).to_be_visible()
    flagged = page.locator("table.people tbody tr").filter(has_text="Muhammad Rizki")
    expect(flagged).to_contain_text("Tercatat meninggal di Dukcapil.")
    assert PersonFlag.objects.get().person_id == first.pk

    flagged.get_by_role("link", name="Muhammad Rizki").click()
    block = page.get_by_role("note").filter(has_text="Diblokir untuk pendanaan")
    expect(block).to_contain_text("Tercatat meninggal di Dukcapil.")
    expect(block).to_contain_text("Kematian Dukcapil Oktober 2026")


def _person_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("people:person-detail", args=[pk])
