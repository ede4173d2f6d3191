"""Finding the table: header rows wherever they are, two-row headers, and the rows that are not people."""

from lindung.lib.tables import RowKind, classify, find_table, guess_field, read_tables, title_places


def test_columns_are_mapped_by_their_wording():
    cases = {
        "NIK": "nik",
        "No. KTP": "nik",
        "Nomor Induk Kependudukan": "nik",
        "Nama": "name",
        "Nama Lengkap": "name",
        "Nama Sesuai KTP": "name",
        "Nama Ibu Kandung": "",
        "Tempat/Tgl Lahir": "birth_place_date",
        "TTL": "birth_place_date",
        "Tempat Lahir": "birth_place",
        "Tgl. Lahir": "birth_date",
        "Jenis Kelamin": "sex",
        "JK": "sex",
        "L/P": "sex",
        "Desa/Kelurahan": "village",
        "Kecamatan": "district",
        "Pekerjaan": "occupation",
        "No HP": "phone",
        "Telp": "phone",
        "WA": "phone",
        "No. KK": "kk_number",
        "No": "",
        "Keterangan": "",
    }
    assert {label: guess_field(label) for label in cases} == cases


def _numbered(rows):
    return [(i + 1, row) for i, row in enumerate(rows)]


def test_header_under_title_rows_spanning_two_rows_with_sub_columns():
    rows = _numbered(
        [
            ["DAFTAR PEKERJA RENTAN", "", "", "", "", "", ""],
            ["DESA MANGKURAWANG KECAMATAN TENGGARONG", "", "", "", "", "", ""],
            ["", "", "", "", "", "", ""],
            ["No", "NIK", "Nama", "Jenis Kelamin", "", "Tempat/Tgl Lahir", ""],
            ["", "", "", "L", "P", "Tempat", "Tanggal"],
            [1, 2, 3, 4, 5, 6, 7],
            [1, "6402061205800001", "Budi", "v", "", "Tenggarong", "12-05-1980"],
        ]
    )
    table = find_table(rows)
    assert table.header_rows == [4, 5]
    assert table.fields == ["", "nik", "name", "sex_male", "sex_female", "birth_place", "birth_date"]
    assert table.data_start == 7
    assert title_places(table.title) == ("MANGKURAWANG", "TENGGARONG")


def test_same_headers_give_the_same_signature():
    a = find_table(_numbered([["NIK", "Nama", "L/P"]]))
    b = find_table(_numbered([["Judul"], ["nik", "NAMA", "l/p"]]))
    c = find_table(_numbered([["NIK", "Nama", "Desa"]]))
    assert a.signature == b.signature != c.signature


def test_no_table_without_nik_or_name_column():
    assert find_table(_numbered([["RT", "Jumlah L", "Jumlah P"], ["01", 3, 4]])) is None


def test_rows_around_the_people_are_told_apart():
    table = find_table(_numbered([["No", "NIK", "Nama", "L/P"]]))
    assert classify(["", "", "", ""], table) == RowKind.BLANK
    assert classify([1, "6402061205800001", "Budi", "L"], table) == RowKind.DATA
    assert classify([2, "", "Siti", "P"], table) == RowKind.DATA  # a missing NIK is the village's to fix
    assert classify(["No", "NIK", "Nama", "L/P"], table) == RowKind.HEADER
    assert classify([1, 2, 3, 4], table) == RowKind.NUMBERS
    assert classify(["JUMLAH", "", "", 20], table) == RowKind.TOTAL
    assert classify([7, "", "", ""], table) == RowKind.EMPTY_NUMBERED
    assert classify(["", "", "Mengetahui,", ""], table) == RowKind.SIGNATURE
    assert classify(["", "", "Kepala Desa Mangkurawang", ""], table) == RowKind.SIGNATURE
    assert classify(["", "", "Tenggarong, 12 Mei 2026", ""], table) == RowKind.SIGNATURE
    assert classify(["", "", "( H. BUDI SANTOSO )", ""], table) == RowKind.SIGNATURE


def test_read_tables_returns_the_rows_after_the_header():
    table, rows = read_tables(_numbered([["Judul"], ["NIK", "Nama"], ["6402061205800001", "Budi"]]))
    assert table.header_rows == [2]
    assert list(rows) == [(3, ["6402061205800001", "Budi"])]


def test_sub_columns_take_their_meaning_from_the_upper_header():
    cases = {
        "Kelahiran Tempat": "birth_place",
        "Kelahiran Tanggal": "birth_date",
        "Data Kelahiran Tgl": "birth_date",
        "Lahir Tempat": "birth_place",
        "Alamat RT": "rt",
        "Alamat RW": "rw",
        "Alamat Jalan": "street",
        "Tempat": "birth_place",
    }
    assert {label: guess_field(label) for label in cases} == cases


def test_a_signatory_named_with_titles_under_the_table_is_not_a_person():
    table = find_table(_numbered([["No", "NIK", "Nama", "L/P", "Pekerjaan"]]))
    for signature in ("Drs. H. Abdul Rahman, M.Si", "Hj. Siti Aminah, S.E.", "Ir. Budi Santoso, MT"):
        assert classify(["", "", "", "", signature], table) == RowKind.SIGNATURE, signature
    assert classify(["", "", "", "", "NIP. 19700101 199001 1 001"], table) == RowKind.SIGNATURE
    assert classify([3, "", "Rizka", "P", "Guru Ngaji"], table) == RowKind.DATA
