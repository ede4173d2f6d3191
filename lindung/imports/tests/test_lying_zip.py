"""A zip bomb whose central directory declares small sizes is refused before python-calamine opens it."""

import struct
import tracemalloc
import zipfile

import pytest
import python_calamine
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from lindung.imports.models import ImportBatch
from lindung.lib.sheets import SheetError, open_workbook
from lindung.people.models import Person

SHEET = "xl/worksheets/sheet1.xml"
DECLARED = 2_000_000  # what the directory says the sheet holds: under every limit on declared sizes
REAL_MB = 300  # what the deflate stream really holds


def _lying_xlsx(path):
    """A real workbook whose sheet is swapped for 300 MB of rows, its sizes then rewritten to 2 MB."""
    base = path.with_name("asli.xlsx")
    book = xlsxwriter.Workbook(str(base))
    book.add_worksheet("Data").write_row(0, 0, ["NIK", "Nama"])
    book.close()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, source.read(info))
        with archive.open(SHEET, "w") as member:
            member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            block = b"<row><c><v>1</v></c></row>" * 40_000
            for _ in range(REAL_MB * 1024 * 1024 // len(block)):
                member.write(block)
            member.write(b"</sheetData></worksheet>")
    data = bytearray(path.read_bytes())
    # (signature, offset of the uncompressed size, offset of the name length, fixed header length)
    for signature, size_at, name_len_at, fixed in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = data.find(signature)
        while start >= 0:
            name_len = struct.unpack_from("<H", data, start + name_len_at)[0]
            if data[start + fixed : start + fixed + name_len] == SHEET.encode():
                struct.pack_into("<I", data, start + size_at, DECLARED)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = _lying_xlsx(tmp_path_factory.mktemp("bom") / "daftar.xlsx")
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    # The lie holds: the directory claims 2 MB at a ratio no declared-size check would refuse.
    assert info.file_size == DECLARED and info.compress_size * 100 > DECLARED
    assert path.stat().st_size < 3 * 1024 * 1024
    return path


@pytest.fixture
def calamine_untouched(monkeypatch):
    def opened(*args, **kwargs):
        raise AssertionError("python-calamine was handed the zip bomb")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", opened)


def test_a_zip_whose_directory_lies_is_refused_in_bounded_memory(bomb, calamine_untouched):
    tracemalloc.start()
    try:
        with pytest.raises(SheetError) as exc:
            open_workbook(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.value.code == "berkas_mencurigakan"
    assert "Isi berkas jauh lebih besar daripada ukurannya" in exc.value.message
    # One inflated chunk at a time, never the 300 MB (nor the 2 MB it claims plus the rest).
    assert peak < 8 * 1024 * 1024


def test_the_command_refuses_the_bomb_and_writes_nothing(cast, bomb, calamine_untouched, tmp_path):
    out_csv = tmp_path / "hasil.csv"
    with pytest.raises(CommandError) as exc:
        call_command("import", str(bomb), "--out", str(out_csv), "--user", "admin")
    assert "Isi berkas jauh lebih besar daripada ukurannya" in str(exc.value)
    assert not out_csv.exists() and not (tmp_path / "hasil.csv.tmp").exists()
    assert (ImportBatch.objects.count(), Person.objects.count()) == (0, 0)


def test_the_upload_form_refuses_the_bomb_and_stores_nothing(client, cast, bomb, calamine_untouched):
    client.force_login(cast.operator_a)
    upload = SimpleUploadedFile("daftar.xlsx", bomb.read_bytes())
    page = client.post(reverse("imports:batch-list"), {"file": upload})
    assert page.status_code == 200
    assert "Isi berkas jauh lebih besar daripada ukurannya" in page.content.decode()
    assert ImportBatch.objects.count() == 0


def test_an_honest_workbook_still_opens(tmp_path):
    path = tmp_path / "jujur.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for r in range(2000):
        sheet.write_row(r, 0, ["6402061205800007", "Siti Aminah", "P"])
    book.close()
    [sheet] = open_workbook(path).sheets
    assert len(list(sheet.rows)) == 2000


def test_a_workbook_locked_with_a_zip_password_is_told_to_remove_it(tmp_path, calamine_untouched):
    book = xlsxwriter.Workbook(str(tmp_path / "asli.xlsx"))
    book.add_worksheet("Data").write_row(0, 0, ["NIK", "Nama"])
    book.close()
    data = bytearray((tmp_path / "asli.xlsx").read_bytes())
    # Set the "encrypted" flag bit on every local and central header, as a zip password does.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            struct.pack_into("<H", data, start + flags_at, struct.unpack_from("<H", data, start + flags_at)[0] | 1)
            start = data.find(signature, start + 4)
    locked = tmp_path / "terkunci.xlsx"
    locked.write_bytes(bytes(data))
    with pytest.raises(SheetError) as err:
        open_workbook(locked)
    assert err.value.code == "berkas_terkunci"
    assert "hapus kata sandinya" in err.value.message
