"""A workbook is measured by the grid it would fill, not by its bytes: a 2 KB file may claim 209 million cells."""

import re
import zipfile

import pytest
import xlsxwriter

from lindung.lib.sheets import MAX_CELLS, SheetError, open_workbook


def _one_cell_at_the_far_corner(path, *, dimension: bool = True):
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data").write(1048575, 199, "x")  # GR1048576
    book.close()
    if not dimension:
        _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(rb"<dimension[^>]*/>", b"", xml))
    return path


def _rewrite(path, member, change):
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def test_a_two_kilobyte_workbook_with_one_cell_at_gr1048576_is_refused(tmp_path):
    path = _one_cell_at_the_far_corner(tmp_path / "kecil.xlsx")
    assert path.stat().st_size < 10_000
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_sel"
    assert "209.715.200 sel" in exc.value.message and "Ctrl+End" in exc.value.message


def test_the_far_cell_is_found_when_the_workbook_declares_no_dimension(tmp_path):
    path = _one_cell_at_the_far_corner(tmp_path / "tanpa-dimensi.xlsx", dimension=False)
    with zipfile.ZipFile(path) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_sel"


def test_a_dimension_that_lies_small_does_not_hide_the_far_cell(tmp_path):
    path = _one_cell_at_the_far_corner(tmp_path / "bohong.xlsx")
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'ref="GR1048576"', b'ref="A1:B2"'))
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_sel"


def test_a_declared_dimension_beyond_the_cell_limit_is_refused_from_the_first_bytes(tmp_path):
    path = tmp_path / "dimensi.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data").write(0, 0, "NIK")
    book.close()
    _rewrite(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'ref="A1"', b'ref="A1:CV900000"'))
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_sel"


def test_a_workbook_claiming_millions_of_shared_strings_is_refused(tmp_path):
    path = tmp_path / "teks.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data").write(0, 0, "NIK")
    book.close()
    _rewrite(
        path,
        "xl/sharedStrings.xml",
        lambda xml: re.sub(rb'uniqueCount="\d+"', b'uniqueCount="900000000"', xml),
    )
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_teks"


def test_a_wide_but_legitimate_sheet_is_read_with_its_row_and_column_numbers(tmp_path):
    path = tmp_path / "desa.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("RT 01")
    sheet.write(2, 3, "NIK")
    sheet.write(MAX_CELLS // 40 - 1, 39, "akhir")  # exactly at the limit
    book.close()
    [sheet] = open_workbook(path).sheets
    rows = iter(sheet.rows)
    for number, cells in rows:
        if number == 3:
            assert cells[3] == "NIK" and len(cells) == 40
            break
    *_, last = rows
    assert last[0] == MAX_CELLS // 40 and last[1][39] == "akhir"


def test_a_csv_quote_that_never_closes_names_the_line_it_opened_on(tmp_path):
    path = tmp_path / "kutip.csv"
    path.write_text(
        'NIK,Nama\n6402010101800001,Budi\n6402010101800002,"Siti Aminah\n6402010101800003,Ani\n', encoding="utf-8"
    )
    [sheet] = open_workbook(path).sheets
    with pytest.raises(SheetError) as exc:
        list(sheet.rows)
    assert exc.value.code == "csv_rusak"
    assert "baris 3" in exc.value.message and "tanda kutip" in exc.value.message


def test_a_quoted_line_break_is_still_one_cell_and_the_next_row_keeps_its_number(tmp_path):
    path = tmp_path / "alamat.csv"
    path.write_text('NIK,Alamat\n6402010101800001,"Jl. Mawar\nRT 2"\n6402010101800002,Jl. Melati\n', encoding="utf-8")
    [sheet] = open_workbook(path).sheets
    assert [cells for _, cells in sheet.rows] == [
        ["NIK", "Alamat"],
        ["6402010101800001", "Jl. Mawar\nRT 2"],
        ["6402010101800002", "Jl. Melati"],
    ]
