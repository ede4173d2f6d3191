"""Duplicate review in the system Chromium: both NIKs shown, a reason for "different", the merge in history."""

import os

import pytest
from playwright.sync_api import expect

from lindung.audit.models import AuditEntry
from lindung.dedup.models import CandidateStatus, DuplicateCandidate
from lindung.dedup.services import scan_duplicates

pytestmark = pytest.mark.browser

# LINDUNG_SHOTS=/some/folder keeps a screenshot of each page the test looks at, for a person to look at too.
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_verifier_sees_both_niks_needs_a_reason_for_different_and_the_survivor_shows_the_merge(
    page, cast, log_in, twin_pair
):
    first, second, _other = twin_pair
    scan_duplicates(by=cast.verifier_all)
    candidate = DuplicateCandidate.objects.get()
    log_in(page, "verifier_all")
    page.goto(f"/duplikat/{candidate.pk}/")

    radio = page.get_by_label("pertahankan kiri")
    box = radio.bounding_box()
    assert box["width"] < 30 and box["height"] < 30, box
    page.get_by_role("button", name="Tampilkan kedua NIK lengkap").click()
    expect(page.locator("#nik-a")).to_have_text(candidate.person_a.nik)
    expect(page.locator("#nik-b")).to_have_text(candidate.person_b.nik)
    expect(page.locator("#nik-a mark")).to_have_count(1)
    viewed = AuditEntry.objects.filter(action="people.person.nik_viewed", actor=cast.verifier_all)
    assert sorted(int(e.target_id) for e in viewed) == sorted([first.pk, second.pk])
    shot(page, "duplicate-review")

    page.get_by_role("button", name="Orang berbeda").click()
    # The browser asks for the reason before anything is sent.
    assert page.get_by_label("Mengapa dua orang berbeda? (wajib, singkat)").evaluate("e => e.validity.valueMissing")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN

    page.get_by_label("pertahankan kiri").check()
    page.get_by_role("button", name="Orang sama → gabungkan").click()
    expect(page.get_by_role("heading", name=first.name, level=1)).to_be_visible()
    history = page.locator("ol.history")
    expect(history).to_contain_text("Data ganda digabungkan ke data ini")
    history.get_by_role("link", name=f"Lihat data yang digabung (#{second.pk})").click()
    expect(page.get_by_role("heading", name=second.name, level=1)).to_be_visible()
    shot(page, "merged-record")
