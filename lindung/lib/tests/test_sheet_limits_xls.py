"""An .xls is measured by the grid its cell records fill, walked before calamine loads every sheet."""

import pytest

from lindung.lib.sheets import SheetError, open_workbook
from lindung.testing import hostile_files as H


def _refused(path) -> SheetError:
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    return exc.value


def test_a_small_xls_with_one_cell_at_cv65536_is_refused_though_its_dimensions_say_a1_b2(tmp_path):
    path = H.xls_far_cell(tmp_path / "jauh.xls")
    assert path.stat().st_size < 10_000
    error = _refused(path)
    assert error.code == "terlalu_banyak_sel"
    assert "65.536 baris (6.553.600 sel)" in error.message and "Ctrl+End" in error.message


def test_a_cell_in_column_iv_is_refused_as_too_wide(tmp_path):
    error = _refused(H.xls_wide(tmp_path / "lebar.xls"))
    assert error.code == "terlalu_banyak_kolom" and "kolom ke-256" in error.message


def test_sheets_each_under_the_limit_are_refused_together_because_all_are_loaded_at_once(tmp_path):
    error = _refused(H.xls_many_sheets(tmp_path / "banyak.xls", sheets=8))
    assert error.code == "terlalu_banyak_sel" and "Semua lembar" in error.message


def test_a_hidden_sheet_counts_because_it_is_loaded_too(tmp_path):
    sheets = {"Data": [(0, 0, "NIK"), (1, 0, "6402061205800001")], "Lama": [(0, 0, "x"), (65535, 150, "x")]}
    error = _refused(H.xls(tmp_path / "tersembunyi.xls", sheets, hidden=("Lama",)))
    assert error.code == "terlalu_banyak_sel"


def test_a_shared_string_table_claiming_two_billion_strings_is_refused(tmp_path):
    error = _refused(H.xls_shared_strings(tmp_path / "teks.xls"))
    assert error.code == "terlalu_banyak_teks"


def test_an_xls_with_a_password_is_refused_with_how_to_remove_it(tmp_path):
    error = _refused(H.xls(tmp_path / "sandi.xls", {"Data": [(0, 0, "NIK")]}, encrypted=True))
    assert error.code == "berkas_terkunci" and "kata sandi" in error.message


def test_an_ordinary_xls_built_the_same_way_is_read(tmp_path):
    [sheet] = open_workbook(H.small_xls(tmp_path / "desa.xls")).sheets
    assert [cells for _, cells in sheet.rows] == [["NIK", "Nama"], ["6402061205800001", "Budi Santoso"]]
