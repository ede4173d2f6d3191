"""The operator's correction path: why it was rejected, what saving a verified record does, no noise."""

from datetime import date

from conftest import nik_for, person_data
from lindung.people.models import Status
from lindung.people.services import check, reject_person, verify_person

PASSWORD = "sandi-uji-123"


def _form(data: dict, **changes) -> dict:
    values = {**data, **changes}
    born = values.get("birth_date")
    values["birth_date"] = born.strftime("%d/%m/%Y") if isinstance(born, date) else (born or "")
    return {k: "" if v is None else v for k, v in values.items()}


def test_a_wrong_nik_asks_for_nothing_the_nik_would_fill(db):
    checked = check(person_data(nik="64020612058", birth_date=None, sex=""))
    codes = {p.code for p in checked.errors}
    assert "tgl_lahir_kosong" not in codes and "jk_kosong" not in codes
    assert any(p.field == "nik" for p in checked.errors)


def test_without_any_nik_the_birth_date_is_still_required(db):
    codes = {p.code for p in check(person_data(nik="", birth_date=None, sex="")).errors}
    assert {"nik_kosong", "tgl_lahir_kosong", "jk_kosong"} <= codes


def test_a_nik_from_outside_the_regency_is_accepted_with_a_note(client, cast):
    client.force_login(cast.operator_a)
    data = person_data(nik=nik_for("647201"), name="Pendatang Samarinda")  # 64.72 Kota Samarinda
    response = client.post("/pekerja/baru/", _form(data), follow=True)
    text = response.content.decode()
    assert "Pendatang Samarinda diusulkan" in text
    assert "Tersimpan dengan catatan: NIK diterbitkan di luar kabupaten ini (kode wilayah 64.72" in text
    assert 'id="person-notes"' in text


def test_the_correction_form_shows_why_it_was_rejected(client, cast, make_person):
    person = make_person(by=cast.operator_a)
    reject_person(person, by=cast.verifier, reason="Nama tidak sesuai KTP, periksa ejaan")
    client.force_login(cast.operator_a)
    text = client.get(f"/pekerja/{person.pk}/ubah/").content.decode()
    assert "Ditolak verifikator. Alasan:" in text and "Nama tidak sesuai KTP, periksa ejaan" in text


def test_editing_a_verified_worker_says_beforehand_that_it_goes_back_to_the_verifier(client, cast, make_person):
    person = verify_person(make_person(by=cast.operator_a), by=cast.verifier)
    client.force_login(cast.operator_a)
    assert 'id="back-to-verifier"' in client.get(f"/pekerja/{person.pk}/ubah/").content.decode()
    client.force_login(cast.verifier)
    assert 'id="back-to-verifier"' not in client.get(f"/pekerja/{person.pk}/ubah/").content.decode()
    person.refresh_from_db()
    assert person.status == Status.VERIFIED
