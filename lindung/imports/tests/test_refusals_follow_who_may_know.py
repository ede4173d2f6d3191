"""An import tells that a NIK is registered, and where, only to whoever may see that person (the entry form's rule)."""

from datetime import date

from conftest import VILLAGE_B
from lindung.imports import services
from lindung.imports.models import ImportBatch, ImportRow
from lindung.imports.tests.conftest import dry_run_lines, write_xlsx
from lindung.people.services import NOT_FROM_HERE

HEADER = ["No", "NIK", "Nama", "L/P", "Tanggal Lahir", "Desa", "Pekerjaan", "No HP"]


def _file(tmp_path, nik):
    return write_xlsx(
        tmp_path / "x.xlsx",
        {"Data": [HEADER, [1, nik, "Nama Lain", "L", date(1980, 5, 12), "Mangkurawang", "Petani", ""]]},
    )


def test_a_nik_registered_where_the_importer_cannot_see_gets_the_entry_forms_neutral_refusal(
    cast, make_person, tmp_path
):
    other = make_person(by=cast.operator_b, village_code=VILLAGE_B, serial=1, name="Siti Loa Kulu")
    [line] = dry_run_lines(_file(tmp_path, other.nik), by=cast.operator_a)
    assert line["status"] == "invalid" and line["errors"] == "nik_tidak_dapat_diusulkan"


def test_the_preview_stores_no_hint_that_the_nik_exists_elsewhere(cast, make_person, tmp_path):
    other = make_person(by=cast.operator_b, village_code=VILLAGE_B, serial=1, name="Siti Loa Kulu")
    path = _file(tmp_path, other.nik)
    kind, tables, skipped = services.read_structure(path)
    batch = ImportBatch.objects.create(
        source_path=str(path), original_name=path.name, kind=kind, created_by=cast.operator_a,
        tables=tables, skipped=skipped, mapping=services.guessed_mapping(tables),
    )  # fmt: skip
    services.preview_import(batch, by=cast.operator_a)
    [row] = ImportRow.objects.filter(batch=batch)
    messages = " ".join(p["message"] for p in row.problems)
    assert NOT_FROM_HERE in messages
    assert "terdaftar" not in messages and "wilayah lain" not in messages and "Siti" not in messages
    assert row.person_id is None


def test_an_importer_who_may_see_that_person_is_told_who_and_where(cast, make_person, tmp_path):
    from lindung.accounts.models import Role
    from lindung.accounts.services import grant_role

    # An operator of village A who also works for finance sees the whole regency but proposes only in A.
    grant_role(cast.operator_a, Role.FINANCE, None, by=cast.admin)
    other = make_person(by=cast.operator_b, village_code=VILLAGE_B, serial=1, name="Siti Loa Kulu")
    [line] = dry_run_lines(_file(tmp_path, other.nik), by=cast.operator_a)
    assert line["errors"] == "nik_sudah_terdaftar"
