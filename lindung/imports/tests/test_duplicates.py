"""Before an import is committed, rows that are probably someone already known under another NIK get a warning."""

import io
from datetime import date

import openpyxl

from conftest import VILLAGE_B, nik_for
from lindung.imports import services, workbooks
from lindung.imports.models import ImportBatch, ImportRow, RowStatus
from lindung.imports.tests.conftest import dry_run_lines, write_xlsx
from lindung.people.models import Person

HEADER = ["No", "NIK", "No KK", "Nama", "L/P", "Tanggal Lahir", "Desa", "Pekerjaan", "No HP"]
BIRTH = date(1980, 5, 12)
KK = "6402061203150001"
PHONE = "081234560001"


def _row(n, *, serial, name="M. Rizky", kk=KK, phone=PHONE, sex="L", birth=BIRTH):
    return [n, nik_for("640206", birth, sex, serial), kk, name, sex, birth, "Mangkurawang", "Petani", phone]


def _rizki(make_person, by, **overrides):
    """The registered worker whom the village types again with one NIK digit wrong."""
    values = {"serial": 1, "name": "Muhammad Rizki", "kk_number": KK, "phone": PHONE, **overrides}
    return make_person(by=by, **values)


def _file(tmp_path, *rows, name="daftar.xlsx"):
    return write_xlsx(tmp_path / name, {"Data": [HEADER, *rows]})


def _previewed(path, *, by) -> ImportBatch:
    kind, tables, skipped = services.read_structure(path)
    batch = ImportBatch.objects.create(
        source_path=str(path),
        original_name=path.name,
        kind=kind,
        created_by=by,
        tables=tables,
        skipped=skipped,
        mapping=services.guessed_mapping(tables),
    )
    return services.preview_import(batch, by=by)


def _duplicate_messages(batch) -> list[str]:
    return [
        p["message"]
        for row in ImportRow.objects.filter(batch=batch).order_by("position")
        for p in row.problems
        if p["code"] == "kemungkinan_duplikat"
    ]


def test_a_row_of_a_registered_person_under_a_nik_one_digit_off_is_a_possible_duplicate(cast, make_person, tmp_path):
    _rizki(make_person, cast.operator_a)
    batch = _previewed(_file(tmp_path, _row(1, serial=7)), by=cast.operator_a)
    [staged] = ImportRow.objects.filter(batch=batch)
    assert staged.status == RowStatus.WARNING
    [problem] = [p for p in staged.problems if p["code"] == "kemungkinan_duplikat"]
    assert problem["level"] == "warning"
    assert problem["message"].startswith("Kemungkinan orang yang sama dengan data di registri (kecocokan ")
    assert "Muhammad Rizki, Desa Mangkurawang" in problem["message"]
    assert (batch.rows_valid, batch.rows_warning, batch.rows_invalid) == (0, 1, 0)


def test_the_command_lines_csv_names_the_possible_duplicate_by_its_code(cast, make_person, tmp_path):
    _rizki(make_person, cast.operator_a)
    [line] = dry_run_lines(_file(tmp_path, _row(1, serial=7)), by=cast.operator_a)
    assert (line["status"], line["errors"]) == ("warning", "kemungkinan_duplikat")


def test_a_stranger_born_the_same_day_in_the_same_district_is_not_a_duplicate(cast, make_person, tmp_path):
    # Serial 2 makes the NIK one digit off as well: only the name, family card and phone tell them apart.
    _rizki(make_person, cast.operator_a)
    stranger = _row(1, serial=2, name="Budi Santoso", kk="6402061504120003", phone="081355500777")
    [line] = dry_run_lines(_file(tmp_path, stranger), by=cast.operator_a)
    assert (line["status"], line["errors"]) == ("valid", "")


def test_the_same_nik_is_an_update_of_that_person_not_a_duplicate(cast, make_person, tmp_path):
    person = _rizki(make_person, cast.operator_a)
    [line] = dry_run_lines(_file(tmp_path, _row(1, serial=1, name="Muhammad Rizky")), by=cast.operator_a)
    assert line["nik"] == person.nik
    assert "kemungkinan_duplikat" not in line["errors"]


def test_one_person_twice_in_the_file_under_two_niks_is_warned_on_both_rows(cast, tmp_path):
    path = _file(tmp_path, _row(1, serial=1, name="Muhammad Rizki"), _row(2, serial=7))
    batch = _previewed(path, by=cast.operator_a)
    first, second = _duplicate_messages(batch)
    assert "baris 3 berkas ini" in first and "M. Rizky" in first
    assert "baris 2 berkas ini" in second and "Muhammad Rizki" in second


def test_a_match_outside_the_importers_region_is_not_named(cast, make_person, tmp_path):
    # Registered in Loa Kulu by its operator; the Mangkurawang operator may not see who that is.
    _rizki(make_person, cast.operator_b, village_code=VILLAGE_B)
    batch = _previewed(_file(tmp_path, _row(1, serial=7)), by=cast.operator_a)
    [message] = _duplicate_messages(batch)
    assert "dengan data di wilayah lain" in message and "hubungi verifikator kabupaten" in message
    assert "Rizki" not in message and "Loa Kulu" not in message and "Desa" not in message


def test_a_possible_duplicate_is_still_committed_and_keeps_its_warning(cast, make_person, tmp_path):
    registered = _rizki(make_person, cast.operator_a)
    batch = _previewed(_file(tmp_path, _row(1, serial=7)), by=cast.operator_a)
    batch = services.commit_import(batch, by=cast.operator_a)
    assert batch.people_created == 1
    new = Person.objects.exclude(pk=registered.pk).get()
    assert [w["code"] for w in new.warnings] == ["kemungkinan_duplikat"]
    [staged] = ImportRow.objects.filter(batch=batch)
    assert [p["code"] for p in staged.problems] == ["kemungkinan_duplikat"]


def test_the_error_workbook_gives_the_possible_duplicate_as_a_reason(cast, make_person, tmp_path):
    _rizki(make_person, cast.operator_a)
    batch = _previewed(_file(tmp_path, _row(1, serial=7)), by=cast.operator_a)
    book = openpyxl.load_workbook(io.BytesIO(workbooks.error_workbook(batch)))
    sheet = book["Data"]
    reason = sheet.cell(row=2, column=sheet.max_column).value
    assert reason.startswith("• Peringatan (tidak ditolak): Kemungkinan orang yang sama dengan data di registri")


def test_a_file_without_a_valid_row_is_not_matched(cast, make_person, tmp_path, monkeypatch):
    from lindung.lib import linkage

    def refuse(*args, **kwargs):
        raise AssertionError("the engine ran on a file with nothing to create")

    monkeypatch.setattr(linkage, "link_incoming", refuse)
    bad = _row(1, serial=7)
    bad[1] = "12345"
    [line] = dry_run_lines(_file(tmp_path, bad), by=cast.operator_a)
    assert line["status"] == "invalid"


def test_a_row_with_a_warning_of_its_own_gets_the_duplicate_warning_as_well(cast, make_person, tmp_path):
    old = date(1950, 1, 2)  # outside the programme's ages: a warning before any matching
    _rizki(make_person, cast.operator_a, birth=old)
    batch = _previewed(_file(tmp_path, _row(1, serial=7, birth=old)), by=cast.operator_a)
    [staged] = ImportRow.objects.filter(batch=batch)
    assert [p["code"] for p in staged.problems] == ["usia_di_luar_batas", "kemungkinan_duplikat"]
    assert (batch.rows_valid, batch.rows_warning) == (0, 1)


def test_the_batch_page_lists_the_possible_duplicates(client, cast, make_person, tmp_path):
    from django.urls import reverse

    _rizki(make_person, cast.operator_a)
    batch = _previewed(_file(tmp_path, _row(1, serial=7), _row(2, serial=3, name="Siti Aminah", sex="P")),
                       by=cast.operator_a)  # fmt: skip
    client.force_login(cast.operator_a)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    listed = page.split('id="possible-duplicates"', 1)[1].split("</ul>", 1)[0]
    assert "Data 2: Kemungkinan orang yang sama dengan data di registri" in listed
    assert "Muhammad Rizki" in listed and "Siti Aminah" not in listed
