"""Commit: the registry's rules in bulk, one person per NIK, idempotent, all or nothing per chunk."""

from datetime import date

import pytest

from conftest import VILLAGE_A, VILLAGE_B, nik_for, person_data
from lindung.audit.models import AuditEntry
from lindung.imports import services
from lindung.imports.models import BatchStatus, ImportBatch
from lindung.imports.tests.conftest import dry_run_lines, write_xlsx
from lindung.people.models import Person, Status
from lindung.people.services import reject_person, verify_person

HEADER = ["No", "NIK", "Nama", "L/P", "Tanggal Lahir", "Desa", "Pekerjaan", "No HP"]


def _row(n, *, name="Ahmad Fauzi", sex="L", birth=date(1980, 5, 12), village="Mangkurawang", district="640206",
         job="Petani", phone="081234567890"):  # fmt: skip
    return [n, nik_for(district, birth, sex, n), name, sex, birth, village, job, phone]


def _import(tmp_path, rows, *, by, name="daftar.xlsx", **kwargs):
    path = write_xlsx(tmp_path / name, {"Data": [HEADER, *rows]})
    return services.import_file(path, by=by, **kwargs)


def test_new_rows_are_proposed_with_one_audit_entry_each(cast, tmp_path):
    result = _import(tmp_path, [_row(1), _row(2, name="Siti Aminah", sex="P")], by=cast.operator_a)
    assert result["created"] == 2
    people = Person.objects.order_by("nik")
    assert [p.status for p in people] == [Status.PROPOSED, Status.PROPOSED]
    assert all(p.proposed_by == cast.operator_a and p.segment == "BPU" for p in people)
    entries = AuditEntry.objects.filter(action="people.person.proposed")
    assert entries.count() == 2
    assert {e.target_id for e in entries} == {str(p.pk) for p in people}
    assert all(e.data["import_batch"] == result["batch"] for e in entries)


def test_reimporting_the_same_file_changes_nothing(cast, tmp_path):
    _import(tmp_path, [_row(1), _row(2)], by=cast.operator_a)
    entries = AuditEntry.objects.count()
    again = _import(tmp_path, [_row(1), _row(2)], by=cast.operator_a)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert Person.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_a_nik_already_registered_updates_that_person_instead_of_a_second_one(cast, make_person, tmp_path):
    person = make_person(by=cast.operator_a, serial=1, phone="")
    result = _import(tmp_path, [_row(1, name="Ahmad Fauzi Rahman")], by=cast.operator_a)
    assert (result["created"], result["updated"]) == (0, 1)
    person.refresh_from_db()
    assert person.name == "Ahmad Fauzi Rahman" and person.phone == "+6281234567890"
    assert person.version == 2
    entry = AuditEntry.objects.get(action="people.person.updated", target_id=str(person.pk))
    assert entry.data["changes"]["name"] == ["Ahmad Fauzi", "Ahmad Fauzi Rahman"]


def test_columns_missing_from_the_file_keep_the_registrys_values(cast, make_person, tmp_path):
    person = make_person(by=cast.operator_a, serial=1, street="Jl. Pesut", rt="5")
    path = write_xlsx(tmp_path / "nik_nama.xlsx", {"Data": [["NIK", "Nama"], [person.nik, "Ahmad Fauzi"]]})
    result = services.import_file(path, by=cast.operator_a)
    assert result["unchanged"] == 1
    person.refresh_from_db()
    assert (person.street, person.rt, person.occupation) == ("Jl. Pesut", "005", "petani")


def test_an_operators_change_sends_a_verified_person_back_to_proposed(cast, make_person, tmp_path):
    person = verify_person(make_person(by=cast.operator_a, serial=1), by=cast.verifier)
    _import(tmp_path, [_row(1, phone="081299998888")], by=cast.operator_a)
    person.refresh_from_db()
    assert person.status == Status.PROPOSED and person.phone == "+6281299998888"


def test_a_verifiers_change_keeps_a_verified_person_verified(cast, make_person, tmp_path):
    person = verify_person(make_person(by=cast.operator_a, serial=1), by=cast.verifier)
    _import(tmp_path, [_row(1, phone="081299998888")], by=cast.verifier)
    person.refresh_from_db()
    assert person.status == Status.VERIFIED


def test_a_rejected_person_corrected_is_proposed_again(cast, make_person, tmp_path):
    person = reject_person(make_person(by=cast.operator_a, serial=1), by=cast.verifier, reason="Nama salah eja")
    _import(tmp_path, [_row(1, name="Achmad Fauzi")], by=cast.operator_a)
    person.refresh_from_db()
    assert person.status == Status.PROPOSED and person.name == "Achmad Fauzi"


def test_a_closed_person_is_not_changed_by_an_import(cast, make_person, tmp_path):
    from lindung.people.services import close_person

    person = close_person(make_person(by=cast.operator_a, serial=1), by=cast.verifier, status="deceased",
                          reason="Akta kematian 123")  # fmt: skip
    result = _import(tmp_path, [_row(1, name="Achmad Fauzi")], by=cast.operator_a)
    assert result["invalid"] == 1
    person.refresh_from_db()
    assert person.name == "Ahmad Fauzi"


def test_an_operator_imports_only_into_their_own_village(cast, tmp_path):
    rows = [_row(1), _row(2, village="64.02.02.2001", district="640202")]
    lines = dry_run_lines(write_xlsx(tmp_path / "dua.xlsx", {"Data": [HEADER, *rows]}), by=cast.operator_a)
    assert [line["status"] for line in lines] == ["valid", "invalid"]
    assert lines[1]["errors"] == "desa_di_luar_wilayah"


def test_a_nik_registered_in_another_region_is_not_revealed_or_changed(cast, make_person, tmp_path):
    other = make_person(by=cast.operator_b, village_code=VILLAGE_B, serial=1)
    path = write_xlsx(tmp_path / "x.xlsx", {"Data": [HEADER, [1, other.nik, "Nama Lain", "L", date(1980, 5, 12),
                                                              "Mangkurawang", "Petani", ""]]})  # fmt: skip
    [line] = dry_run_lines(path, by=cast.operator_a)
    assert line["status"] == "invalid" and line["errors"] == "nik_tidak_dapat_diusulkan"


def test_nik_date_and_sex_disagreement_is_refused_with_that_reason(cast, tmp_path):
    row = _row(1)
    row[3] = "P"
    row2 = _row(2)
    row2[4] = date(1981, 5, 12)
    lines = dry_run_lines(write_xlsx(tmp_path / "beda.xlsx", {"Data": [HEADER, row, row2]}), by=cast.admin)
    assert [line["errors"] for line in lines] == ["nik_beda_jenis_kelamin", "nik_beda_tanggal_lahir"]
    assert all(line["status"] == "invalid" for line in lines)


def test_a_nik_repeated_in_the_file_is_refused_at_its_second_occurrence(cast, tmp_path):
    # Row 2 is someone else: the same name, date and phone under the next NIK would be a possible duplicate.
    rows = [_row(1), _row(2, name="Siti Aminah", sex="P", phone="081298765432"), _row(1)]
    lines = dry_run_lines(write_xlsx(tmp_path / "ulang.xlsx", {"Data": [HEADER, *rows]}), by=cast.admin)
    assert [line["status"] for line in lines] == ["valid", "valid", "invalid"]
    assert lines[2]["errors"] == "nik_ganda_dalam_berkas"


def test_age_outside_the_programme_is_a_warning_not_a_refusal(cast, tmp_path):
    lines = dry_run_lines(write_xlsx(tmp_path / "tua.xlsx", {"Data": [HEADER, _row(1, birth=date(1950, 1, 2))]}),
                          by=cast.admin)  # fmt: skip
    assert lines[0]["status"] == "warning" and lines[0]["errors"] == "usia_di_luar_batas"


def test_a_kill_mid_commit_leaves_whole_chunks_and_a_rerun_completes(cast, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 3)
    rows = [_row(n) for n in range(1, 8)]
    path = write_xlsx(tmp_path / "tujuh.xlsx", {"Data": [HEADER, *rows]})
    real = services._write_chunk
    calls = {"n": 0}

    def dies_in_second_chunk(chunk, **kwargs):
        calls["n"] += 1
        real(chunk, **kwargs)
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process killed after writing, before the chunk commits

    monkeypatch.setattr(services, "_write_chunk", dies_in_second_chunk)
    with pytest.raises(KeyboardInterrupt):
        services.import_file(path, by=cast.admin)
    assert Person.objects.count() == 3, "the first chunk is whole, the second left nothing"
    assert AuditEntry.objects.filter(action="people.person.proposed").count() == 3
    batch = ImportBatch.objects.get()
    # Interrupted, not left "being saved" (a kill -9 leaves it committing; the job's janitor sees to that).
    assert batch.status == BatchStatus.FAILED and "Simpan lagi" in batch.error

    monkeypatch.setattr(services, "_write_chunk", real)
    services.commit_import(batch, by=cast.admin)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.count() == 7
    assert (batch.people_created, batch.people_unchanged) == (4, 3)
    assert AuditEntry.objects.filter(action="people.person.proposed").count() == 7


def test_a_file_that_breaks_mid_read_stops_the_import_after_whole_chunks(cast, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 3)
    path = write_xlsx(tmp_path / "rusak.xlsx", {"Data": [HEADER, *[_row(n) for n in range(1, 10)]]})
    real = services._extract

    def breaks_at_row_eight(row, *args):
        if row.source_row == 8:  # the seventh data row, in the third chunk
            raise RuntimeError("disk read failed")
        real(row, *args)

    monkeypatch.setattr(services, "_extract", breaks_at_row_eight)
    with pytest.raises(RuntimeError, match="disk read failed"):
        services.import_file(path, by=cast.admin)
    assert Person.objects.count() == 6, "the two chunks read before the failure are stored whole"


def test_person_data_helper_matches_the_import_columns():
    # The fixed cast's person is the import's row 1: same NIK, same village.
    assert person_data(serial=1)["nik"] == _row(1)[1] and person_data()["village_code"] == VILLAGE_A
