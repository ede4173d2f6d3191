"""The entry form's confirm step in the system Chromium: the probable existing person, then Tetap simpan."""

import os
import re

import pytest
from playwright.sync_api import expect

from conftest import person_data
from lindung.people.models import Person
from lindung.people.services import propose_person

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("LINDUNG_SHOTS", "")


def test_operator_is_asked_before_saving_a_probable_duplicate(page, cast, log_in):
    propose_person(person_data(serial=1, kk_number="6402062001100005"), by=cast.operator_a)
    again = person_data(serial=7, kk_number="6402062001100005")
    log_in(page, "operator_a")
    page.goto("/pekerja/baru/")
    page.get_by_label("NIK").fill(again["nik"])
    page.get_by_label("No. KK").fill(again["kk_number"])
    page.get_by_label("Nama lengkap sesuai KTP").fill(again["name"])
    page.get_by_label("Tanggal lahir").fill("12/05/1980")
    page.get_by_label("Desa/kelurahan").select_option(again["village_code"])
    page.get_by_label("No. HP/WA").fill(again["phone"])
    page.get_by_label(re.compile(r"^Pekerjaan\W*$")).select_option("petani")
    page.get_by_role("button", name="Simpan").click()

    box = page.locator("#probable-duplicate")
    expect(box).to_contain_text("Belum disimpan: pekerja ini mungkin sudah terdaftar")
    expect(box).to_contain_text("Ahmad Fauzi")
    assert Person.objects.count() == 1
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/entry-confirm.png", full_page=True)
    box.get_by_role("button", name="Tetap simpan").click()
    expect(page.get_by_text("diusulkan. Menunggu verifikasi.")).to_be_visible()
    assert Person.objects.count() == 2
