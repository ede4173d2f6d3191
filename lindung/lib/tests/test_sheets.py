"""Reading files safely: the real format decides, unsafe files are refused before they are parsed."""

import zipfile

import pytest
import xlsxwriter

from lindung.lib.sheets import SheetError, csv_from_text, detect_delimiter, detect_encoding, open_workbook


def _rows(path):
    return [(sheet.name, list(sheet.rows)) for sheet in open_workbook(path).sheets]


def test_a_renamed_pdf_is_refused_as_a_pdf(tmp_path):
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "bukan_spreadsheet" and "PDF" in exc.value.message


def test_a_renamed_photo_is_refused_as_an_image(tmp_path):
    path = tmp_path / "daftar.xls"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert "gambar" in exc.value.message


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "berkas_kosong"


def test_an_encrypted_workbook_is_refused_with_how_to_remove_the_password(tmp_path):
    # What Excel writes for a password-protected xlsx: an OLE2 container with these streams.
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1000
        + "EncryptionInfo".encode("utf-16-le")
        + b"\x00" * 64
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 1000
    )
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "berkas_terkunci"
    assert "kata sandi" in exc.value.message


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "besar.xlsx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing to write
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "berkas_terlalu_besar" and "50 MB" in exc.value.message


def test_a_zip_bomb_named_xlsx_is_refused_from_its_declared_sizes(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\x00" * (1024 * 1024)
            for _ in range(60):
                member.write(block)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "berkas_mencurigakan"


def test_a_sheet_16000_columns_wide_is_refused_before_it_is_loaded(tmp_path):
    path = tmp_path / "lebar.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write(0, 0, "NIK")
    sheet.write(0, 15999, "x")
    book.close()
    with pytest.raises(SheetError) as exc:
        open_workbook(path)
    assert exc.value.code == "terlalu_banyak_kolom" and "16.000" in exc.value.message


def test_hidden_and_summary_sheets_are_not_read(tmp_path):
    path = tmp_path / "desa.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("RT 01").write(0, 0, "NIK")
    book.add_worksheet("Rekap").write(0, 0, "Jumlah")
    hidden = book.add_worksheet("Lama")
    hidden.write(0, 0, "NIK")
    hidden.hide()
    book.close()
    workbook = open_workbook(path)
    assert [s.name for s in workbook.sheets] == ["RT 01"]
    assert {name for name, _ in workbook.skipped} == {"Rekap", "Lama"}


def test_row_numbers_are_the_ones_the_office_suite_shows(tmp_path):
    path = tmp_path / "desa.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("RT 01").write(4, 2, "NIK")
    book.close()
    [(_, rows)] = _rows(path)
    assert rows[4][0] == 5 and rows[4][1][2] == "NIK"


def test_csv_with_bom_and_semicolons_keeps_quoted_line_breaks(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes('\ufeffNIK;Nama;Alamat\n6402061205800001;Budi;"Jl. Pesut\nRT 5"\n'.encode())
    [(name, rows)] = _rows(path)
    assert name == ""
    assert rows == [(1, ["NIK", "Nama", "Alamat"]), (2, ["6402061205800001", "Budi", "Jl. Pesut\nRT 5"])]


def test_windows_1252_csv_is_read_with_its_own_characters(tmp_path):
    path = tmp_path / "lama.csv"
    path.write_bytes("NIK,Nama\n6402061205800001,Ma\u2019ruf\n".encode("cp1252"))
    [(_, rows)] = _rows(path)
    assert rows[1][1] == ["6402061205800001", "Ma\u2019ruf"]


def test_encoding_is_utf8_when_it_decodes_even_cut_mid_character():
    assert detect_encoding("Ma’ruf".encode()[:-1]) == "utf-8"
    assert detect_encoding("Ma’ruf dan lain".encode("cp1252")) == "cp1252"


def test_delimiter_ignores_commas_inside_quotes():
    assert detect_delimiter('NIK;Nama\n1;"Budi, S.Pd."\n') == ";"
    assert detect_delimiter("NIK,Nama\n1,Budi\n") == ","


def test_csv_from_text_numbers_records_not_lines():
    rows = list(csv_from_text('a,b\n"x\ny",z\nc,d\n').sheets[0].rows)
    assert [number for number, _ in rows] == [1, 2, 3]
