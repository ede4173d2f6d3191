"""An .ods is measured by the grid its repeats expand to, read from content.xml before calamine opens it."""

import pytest

from lindung.lib.sheets import SheetError, open_workbook
from lindung.testing import hostile_files as H


def _refused(path) -> SheetError:
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    return exc.value


def test_a_kilobyte_ods_repeating_one_filled_row_400000_times_is_refused(tmp_path):
    path = H.ods_rows_bomb(tmp_path / "bom.ods")
    assert path.stat().st_size < 2_000
    error = _refused(path)
    assert error.code == "terlalu_banyak_sel"
    assert "400.000 baris (80.000.000 sel)" in error.message and "Ctrl+End" in error.message


def test_one_cell_in_column_gr_a_million_blank_rows_below_the_table_is_refused(tmp_path):
    error = _refused(H.ods_far_cell(tmp_path / "jauh.ods"))
    assert error.code == "terlalu_banyak_sel" and "209.715.200 sel" in error.message


def test_a_filled_cell_repeated_16000_columns_is_refused_as_too_wide(tmp_path):
    error = _refused(H.ods_wide(tmp_path / "lebar.ods"))
    assert error.code == "terlalu_banyak_kolom" and "kolom ke-16.001" in error.message


def test_sheets_each_under_the_limit_are_refused_together_because_all_are_loaded_at_once(tmp_path):
    error = _refused(H.ods_many_sheets(tmp_path / "banyak.ods", sheets=8, rows=700_000))
    assert error.code == "terlalu_banyak_sel"
    assert "Semua lembar" in error.message and "5.600.000 sel" in error.message


def test_the_blank_rows_libreoffice_writes_below_every_table_do_not_count(tmp_path):
    [sheet] = open_workbook(H.small_ods(tmp_path / "desa.ods")).sheets
    assert [cells for _, cells in sheet.rows] == [["NIK", "Nama"], ["6402061205800001", "Budi Santoso"]]


def test_blank_cells_repeated_inside_a_row_keep_the_columns_in_place(tmp_path):
    rows = H.row(H.text_cell("NIK"), H.empty_cells(3), H.text_cell("Nama")) + H.row(
        H.text_cell("6402061205800001"), H.empty_cells(3), H.text_cell("Budi")
    )
    [sheet] = open_workbook(H.ods(tmp_path / "desa.ods", {"Data": rows})).sheets
    assert [cells for _, cells in sheet.rows][1] == ["6402061205800001", "", "", "", "Budi"]


def test_a_formula_holding_a_greater_than_sign_does_not_hide_a_wide_repeat(tmp_path):
    cell = (
        '<table:table-cell table:formula="of:=[.A1]&gt;0" table:style-name="x>y" '
        'table:number-columns-repeated="300" office:value-type="float" office:value="1"/>'
    )
    error = _refused(H.ods(tmp_path / "rumus.ods", {"Data": H.row(H.text_cell("NIK"), cell)}))
    assert error.code == "terlalu_banyak_kolom"


def test_a_repeat_written_as_character_references_is_counted(tmp_path):
    rows = f'<table:table-row table:number-rows-repeated="&#52;00000">{H.text_cell("x", repeat=200)}</table:table-row>'
    error = _refused(H.ods(tmp_path / "rujukan.ods", {"Data": rows}))
    assert error.code == "terlalu_banyak_sel" and "80.000.000 sel" in error.message


def test_an_ods_declaring_xml_entities_is_refused_before_anything_expands(tmp_path):
    error = _refused(H.ods_entities(tmp_path / "tawa.ods"))
    assert error.code == "berkas_mencurigakan" and "entitas XML" in error.message
