"""Write the corpus of messy village files, with the truth of every row: `python -m lindung.imports.tests.make_corpus`.

The files are committed under `corpus/`; the .xls and .ods copies are converted
by LibreOffice (`libreoffice --headless --convert-to`) when it is installed, so
tests never need it. `truth.json` says, for every data row (file, sheet, row as
the office suite shows it), whether it must be accepted and with which values,
or refused and with which reason code. Rows that are not people (titles,
headers, totals, signatures, empty numbered rows, hidden and summary sheets)
have no truth entry: reporting one of them is an error too.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from lindung.lib.synth import generate_people

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TODAY = date(2026, 11, 24)

MANGKURAWANG = "64.02.06.1010"
RAPAK_LAMBUR = "64.02.06.2012"
KAMPUNG_BARU_TGR = "64.02.06.1008"
TENGGARONG_VILLAGES = {
    "64.02.06.1001": "Jahab",
    "64.02.06.1002": "Loa Ipuh",
    "64.02.06.1005": "Melayu",
    "64.02.06.1010": "Mangkurawang",
    "64.02.06.2012": "Rapak Lambur",
    "64.02.06.1008": "Kampung Baru",
}
OCCUPATION_WORDS = {
    "petani": "Petani",
    "pekebun": "Pekebun",
    "nelayan": "NELAYAN",
    "peternak": "Peternak",
    "buruh_harian_lepas": "Buruh Harian Lepas",
    "pedagang_kecil": "pedagang",
    "ojek": "Tukang Ojek",
    "tenaga_honorer": "Honorer",
    "ketua_rt_rw": "Ketua RT",
    "kepala_desa": "Kepala Desa",
    "perangkat_desa": "Perangkat Desa",
    "anggota_bpd": "Anggota BPD",
    "imam_marbot": "Imam Masjid",
    "pemuka_agama": "Pemuka Agama",
}
_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]  # fmt: skip


def people(n: int, villages: list[str], seed: int) -> list:
    """Clean people aged 20-60 (far from the programme's age limits whatever day the tests run)."""
    chosen = []
    for p in generate_people(n * 3, villages=villages, seed=seed, today=TODAY, defect_rate=0, duplicate_rate=0):
        age = (TODAY - p.birth_date).days // 365
        if 20 <= age <= 60 and (p.phone == "" or len(p.phone) >= 11):
            chosen.append(p)
        if len(chosen) == n:
            break
    return chosen


def e164(phone: str) -> str:
    return "+62" + phone[1:] if phone else ""


def occupation_cell(p) -> str:
    return p.occupation_other if p.occupation == "lainnya" else OCCUPATION_WORDS[p.occupation]


def good(file, sheet, row, p, village=None, **override) -> dict:
    truth = {
        "file": file,
        "sheet": sheet,
        "row": row,
        "status": "valid",
        "codes": [],
        "nik": p.nik,
        "name": p.name,
        "sex": p.sex,
        "birth_date": p.birth_date.isoformat(),
        "village_code": village or p.village_code,
        "phone": e164(p.phone),
        "occupation": p.occupation,
    }
    truth.update(override)
    return truth


def bad(file, sheet, row, code, nik="", **more) -> dict:
    return {"file": file, "sheet": sheet, "row": row, "status": "invalid", "codes": [code], "nik": nik, **more}


def _date_variants(d: date, i: int):
    """The ways villages write a date, in turn: a date cell, a serial, and five kinds of text."""
    kind = i % 7
    if kind == 0:
        return d
    if kind == 1:
        return (d - date(1899, 12, 30)).days
    if kind == 2:
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if kind == 3:
        return f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"
    if kind == 4:
        return f"{d.day} {_BULAN[d.month - 1]} {d.year}"
    if kind == 5:
        return f"{d.day} {_BULAN[d.month - 1].upper()} {d.year}"
    return d.isoformat()


def _nik_variant(nik: str, i: int):
    kind = i % 6
    if kind == 1:
        return "'" + nik
    if kind == 2 and nik[-1] != "0":
        return int(nik)  # a number cell that kept all 16 digits
    if kind == 3:
        return f"{nik[:6]} {nik[6:12]} {nik[12:]}"
    if kind == 4:
        return nik + "\u00a0"
    if kind == 5:
        return f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}.{nik[6:12]}.{nik[12:]}"
    return nik


def village_workbook(path: Path, truth: list) -> None:
    """A desa's workbook: titles, merged two-row header with L|P ticks and Tempat|Tanggal, one sheet per RT."""
    name = path.name
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    title = book.add_format({"bold": True, "align": "center"})
    head = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    crowd = people(34, [MANGKURAWANG], seed=31)
    sheet_people = {"RT 01": crowd[:20], "RT 02": crowd[20:]}

    def header(ws, top):
        for col, label in ((0, "No"), (1, "NIK"), (2, "Nama Lengkap")):
            ws.merge_range(top, col, top + 1, col, label, head)
        ws.merge_range(top, 3, top, 4, "Jenis Kelamin", head)
        ws.write(top + 1, 3, "L", head)
        ws.write(top + 1, 4, "P", head)
        ws.merge_range(top, 5, top, 6, "Tempat/Tgl Lahir", head)
        ws.write(top + 1, 5, "Tempat", head)
        ws.write(top + 1, 6, "Tanggal", head)
        for col, label in ((7, "Pekerjaan"), (8, "No. HP/WA"), (9, "Keterangan")):
            ws.merge_range(top, col, top + 1, col, label, head)
        for col in range(10):
            ws.write_number(top + 2, col, col + 1, head)
        return top + 3

    counter = 0
    first_nik = None
    for sheet, crowd_here in sheet_people.items():
        ws = book.add_worksheet(sheet)
        ws.set_column(1, 2, 22)
        ws.merge_range(0, 0, 0, 9, "DAFTAR PEKERJA RENTAN PENERIMA BANTUAN IURAN BPJS KETENAGAKERJAAN", title)
        ws.merge_range(1, 0, 1, 9, "DESA MANGKURAWANG KECAMATAN TENGGARONG", title)
        ws.merge_range(2, 0, 2, 9, f"{sheet} TAHUN 2026", title)
        r = header(ws, 4)
        for i, p in enumerate(crowd_here):
            counter += 1
            if sheet == "RT 01" and i == 12:
                # The header again, as printed after a page break, column numbers included.
                r = header(ws, r + 1)
            nik_cell = _nik_variant(p.nik, counter)
            born = _date_variants(p.birth_date, counter)
            cells = [i + 1, nik_cell, p.name, "v" if p.sex == "L" else "", "" if p.sex == "L" else "v",
                     p.birth_place, born, occupation_cell(p), p.phone, ""]  # fmt: skip
            row_truth = good(name, sheet, r + 1, p)
            defect = (sheet, i)
            if defect == ("RT 01", 2):
                cells[1] = int(p.nik[:15] + "0")  # Excel kept 15 significant digits
                row_truth = bad(name, sheet, r + 1, "nik_terpotong")
            elif defect == ("RT 01", 4):
                cells[1] = "6,40206E+15"
                row_truth = bad(name, sheet, r + 1, "nik_notasi_ilmiah")
            elif defect == ("RT 01", 5):
                cells[2] = '=HYPERLINK("http://contoh.id","klik")'
                row_truth = bad(name, sheet, r + 1, "nama_formula", nik=p.nik)
            elif defect == ("RT 01", 7):
                cells[3], cells[4] = cells[4], cells[3]
                row_truth = bad(name, sheet, r + 1, "nik_beda_jenis_kelamin", nik=p.nik)
            elif defect == ("RT 01", 8):
                cells[6] = p.birth_date + timedelta(days=3)
                row_truth = bad(name, sheet, r + 1, "nik_beda_tanggal_lahir", nik=p.nik)
            elif defect == ("RT 01", 10):
                # A phone nobody can dial is a warning: the worker is still accepted, without it.
                cells[8] = "0812"
                row_truth = good(name, sheet, r + 1, p, phone="", status="warning", codes=["hp_tidak_valid"])
            elif defect == ("RT 01", 11):
                cells[2] = "<script>alert('x')</script> " + p.name
                row_truth["name"] = cells[2]
            elif defect == ("RT 01", 14):
                cells[6] = "31-02-1980"
                row_truth = bad(name, sheet, r + 1, "tgl_lahir_tidak_ada", nik=p.nik)
            elif defect == ("RT 01", 15):
                cells[3] = cells[4] = "v"
                row_truth = bad(name, sheet, r + 1, "jk_ganda", nik=p.nik)
            elif defect == ("RT 01", 16):
                cells[1] = p.nik[:15]
                row_truth = bad(name, sheet, r + 1, "nik_panjang_salah")
            elif defect == ("RT 02", 3):
                cells[1] = first_nik
                row_truth = bad(name, sheet, r + 1, "nik_ganda_dalam_berkas", nik=first_nik)
            elif defect == ("RT 02", 5):
                cells[2] = "@SUM(A1:A9)"
                row_truth = bad(name, sheet, r + 1, "nama_formula", nik=p.nik)
            elif defect == ("RT 02", 6):
                # A blank occupation is a warning the verifier sees; the worker is accepted.
                cells[7] = ""
                row_truth = good(
                    name, sheet, r + 1, p, occupation="lainnya", status="warning", codes=["pekerjaan_kosong"]
                )
            elif defect == ("RT 02", 8):
                old = replace(p, birth_date=date(1955, p.birth_date.month, min(p.birth_date.day, 28)))
                old = replace(old, nik=old.nik[:6] + _ddmmyy(old) + old.nik[12:])
                cells[1], cells[6] = old.nik, old.birth_date
                row_truth = good(name, sheet, r + 1, old, status="warning", codes=["usia_di_luar_batas"])
            if defect == ("RT 01", 0):
                first_nik = p.nik
            for col, value in enumerate(cells):
                if hasattr(value, "year"):
                    ws.write_datetime(r, col, value, day)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, col, value)
                elif value != "":
                    ws.write_string(r, col, value)
            truth.append(row_truth)
            r += 1
        if sheet == "RT 02":
            for k in range(4):  # printed forms come with numbered empty rows
                ws.write_number(r, 0, len(crowd_here) + k + 1)
                r += 1
        ws.write_string(r, 0, "JUMLAH")
        ws.write_formula(r, 3, f"=COUNTA(D8:D{r})", None, 10)
        r += 2
        ws.write_string(r, 6, "Mangkurawang, 12 Mei 2026")
        ws.write_string(r + 1, 6, "Kepala Desa Mangkurawang")
        ws.write_string(r + 5, 6, "( H. BUDI SANTOSO )")
    summary = book.add_worksheet("Rekap")
    summary.write_row(0, 0, ["No", "RT", "Jumlah L", "Jumlah P", "Nama Petugas"])
    summary.write_row(1, 0, [1, "RT 01", 10, 10, "Budi"])
    hidden = book.add_worksheet("Data Lama")
    hidden.write_row(0, 0, ["No", "NIK", "Nama", "L/P"])
    hidden.write_row(1, 0, [1, "6402061205800009", "Orang Lama", "L"])
    hidden.hide()
    book.close()


def _ddmmyy(p) -> str:
    day = p.birth_date.day + (40 if p.sex == "P" else 0)
    return f"{day:02d}{p.birth_date.month:02d}{p.birth_date.year % 100:02d}"


_SEX_WORDS = {"L": ["Laki-laki", "LK", "Pria", "L", "laki laki"], "P": ["Perempuan", "PR", "Wanita", "P", "PEREMPUAN"]}


def district_csv(path: Path, truth: list) -> None:
    """A kecamatan's list saved by an Indonesian-locale office suite: `;`, UTF-8 with BOM, a village column."""
    name = path.name
    crowd = people(30, list(TENGGARONG_VILLAGES), seed=47)
    lines = [["No", "NIK", "Nama Sesuai KTP", "L/P", "Tempat Lahir", "Tgl. Lahir", "Desa/Kelurahan", "Kecamatan",
              "Alamat", "No HP", "Pekerjaan"]]  # fmt: skip
    for i, p in enumerate(crowd):
        record = i + 2
        village_name = TENGGARONG_VILLAGES[p.village_code]
        born = _date_variants(p.birth_date, i + 2)
        if not isinstance(born, str):
            born = f"{p.birth_date.day} {_BULAN[p.birth_date.month - 1]} {p.birth_date.year}"
        row = [str(i + 1), _nik_variant(p.nik, i) if i % 6 != 2 else p.nik, p.name, _SEX_WORDS[p.sex][i % 5],
               p.birth_place, born, village_name, "Tenggarong" if i % 3 else "", f"{p.street}\nRT {p.rt}",
               p.phone, occupation_cell(p)]  # fmt: skip
        t = good(name, "", record, p)
        if p.village_code == KAMPUNG_BARU_TGR and not row[7]:
            # Kampung Baru is also a village elsewhere in the regency: the district must say which.
            t = bad(name, "", record, "desa_ambigu", nik=p.nik)
        if i == 4:
            row[6] = "Desa Antah Berantah"
            t = bad(name, "", record, "desa_tidak_dikenal", nik=p.nik)
        elif i == 9:
            row[6] = "Kampung Baru"
            row[7] = "Tenggarong"
            t = good(name, "", record, p, village=KAMPUNG_BARU_TGR)
        elif i == 13:
            row[6] = "Kampung Baru"
            row[7] = ""
            t = bad(name, "", record, "desa_ambigu", nik=p.nik)
        elif i == 17:
            row[3] = "X"
            t = bad(name, "", record, "jk_tidak_terbaca", nik=p.nik)
        elif i == 21:
            row[5] = "kemarin"
            t = bad(name, "", record, "tgl_lahir_tidak_terbaca", nik=p.nik)
        elif i == 25:
            row[2] = "-Budi"
            t = bad(name, "", record, "nama_formula", nik=p.nik)
        elif i in (6, 18):
            row[9] = "-" if i == 6 else "0"  # a clerk's "no number"
            t = good(name, "", record, p, phone="")
        elif i == 10:
            row[9] = f"{p.phone} / 0813 5123 4567"  # two numbers: the first is kept, the second noted
            t = good(name, "", record, p, status="warning", codes=["hp_dua_nomor"])
        lines.append(row)
        truth.append(t)
    lines.append(["", "", "JUMLAH", "", "", "", "", "", "", "", ""])
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(lines)


def windows_csv(path: Path, truth: list) -> None:
    """Old Excel's CSV: Windows-1252, `,`, a combined Tempat/Tgl Lahir column, village codes."""
    name = path.name
    crowd = people(12, [MANGKURAWANG, RAPAK_LAMBUR], seed=59)
    lines = [["NO", "NO. KTP", "NAMA", "JK", "TEMPAT/TGL LAHIR", "KODE DESA", "TELP", "PEKERJAAN"]]
    for i, p in enumerate(crowd):
        record = i + 2
        nm = p.name + (" Ma\u2019ruf" if i == 1 else "")
        code = p.village_code if i % 2 else p.village_code.replace(".", "")
        ttl = f"{p.birth_place}, {p.birth_date.day:02d}-{p.birth_date.month:02d}-{p.birth_date.year}"
        row = [str(i + 1), p.nik, nm, p.sex, ttl, code, p.phone, occupation_cell(p)]
        t = good(name, "", record, p, name=nm)
        if i == 6:
            row[5] = "64.02.02.9999"
            t = bad(name, "", record, "desa_tidak_dikenal", nik=p.nik)
        lines.append(row)
        truth.append(t)
    with path.open("w", encoding="cp1252", newline="") as fh:
        csv.writer(fh).writerows(lines)


def plain_workbook(path: Path, truth: list) -> None:
    """A sheet with its header lower down, no village column and no village in the title (the form says it)."""
    name = path.name
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = book.add_worksheet("Sheet1")
    ws.write_string(0, 0, "Data usulan BPJS TK 2026")
    ws.write_row(3, 0, ["No", "Nomor Induk Kependudukan", "Nama", "Jenis Kelamin", "Tanggal Lahir", "No. Telp",
                        "Mata Pencaharian"])  # fmt: skip
    for i, p in enumerate(people(8, [RAPAK_LAMBUR], seed=71)):
        ws.write_row(4 + i, 0, [i + 1, p.nik, p.name, p.sex, p.birth_date.strftime("%d-%m-%Y"), p.phone,
                                occupation_cell(p)])  # fmt: skip
        truth.append(good(name, "Sheet1", 5 + i, p, village=RAPAK_LAMBUR))
    book.close()


LOA_IPUH = "64.02.06.1002"
# The occupations Kukar funds as lists write them (domain.md §4), with their categories.
WRITTEN_OCCUPATIONS = [("Guru Ngaji", "guru_ngaji"), ("Tukang Pijat", "tukang_pijat"), ("Pemulung", "pemulung"),
                       ("Penjaga Tambak", "penjaga_tambak")]  # fmt: skip


def clerk_workbook(path: Path, truth: list) -> None:
    """A desa's list as a clerk types it: "Kelahiran" over Tempat | Tanggal, "Alamat" over RT | RW,
    phones as people write them, occupations in their own words, and a titled signature under it."""
    name = path.name
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = book.add_worksheet("Data")
    ws.merge_range(0, 0, 0, 9, "DAFTAR CALON PESERTA BPJS KETENAGAKERJAAN DESA LOA IPUH KECAMATAN TENGGARONG")

    def header(top):
        for col, label in ((0, "No"), (1, "NIK"), (2, "Nama"), (5, "L/P"), (8, "No. HP"), (9, "Pekerjaan"),
                           (10, "Kode Desa")):  # fmt: skip
            ws.merge_range(top, col, top + 1, col, label)
        ws.merge_range(top, 3, top, 4, "Kelahiran")
        ws.write_string(top + 1, 3, "Tempat")
        ws.write_string(top + 1, 4, "Tanggal")
        ws.merge_range(top, 6, top, 7, "Alamat")
        ws.write_string(top + 1, 6, "RT")
        ws.write_string(top + 1, 7, "RW")
        return top + 2

    r = header(2)
    for i, p in enumerate(people(12, [LOA_IPUH], seed=83)):
        if i == 7:
            r = header(r + 1)  # printed again after a page break
        written, category = WRITTEN_OCCUPATIONS[i % 4]
        cells = [i + 1, p.nik, p.name, p.birth_place, p.birth_date.strftime("%d-%m-%Y"), p.sex, p.rt.zfill(3),
                 "002", p.phone, written, ""]  # fmt: skip
        t = good(name, "Data", r + 1, p, village=LOA_IPUH, occupation=category, occupation_written=written)
        if i == 4:
            cells[8] = "-"  # a clerk's "no number"
            t.update(phone="")
        elif i == 5:
            cells[8] = "0"
            t.update(phone="")
        elif i == 6:
            cells[8] = f"{p.phone or '081250001111'} / 0813-5123-4567"
            t.update(phone=e164(p.phone or "081250001111"), status="warning", codes=["hp_dua_nomor"])
        elif i == 7:
            cells[8] = "nanti menyusul"
            t.update(phone="", status="warning", codes=["hp_tidak_valid"])
        elif i == 8:
            cells[3], cells[4] = "Balikpapan", ""  # a place without a date: the NIK's date, with a warning
            t.update(status="warning", codes=["tgl_lahir_dari_nik"])
        elif i == 9:
            cells[10] = "64.71.01.1001"  # a kelurahan of Kota Balikpapan: outside the regency
            t = bad(name, "Data", r + 1, "desa_luar_kabupaten", nik=p.nik)
        elif i == 10:
            cells[9] = ""
            t.update(occupation="lainnya", occupation_written="", status="warning", codes=["pekerjaan_kosong"])
        for col, value in enumerate(cells):
            if isinstance(value, int):
                ws.write_number(r, col, value)
            elif value != "":
                ws.write_string(r, col, value)
        truth.append(t)
        r += 1
    r += 1
    for line in ("Loa Ipuh, 12 Mei 2026", "Mengetahui,", "Kepala Desa Loa Ipuh"):
        ws.write_string(r, 9, line)
        r += 1
    r += 3
    ws.write_string(r, 9, "Drs. H. Abdul Rahman, M.Si")  # a name with titles in a data column, no brackets
    ws.write_string(r + 1, 9, "NIP. 19700101 199001 1 001")
    book.close()


def convert(source: Path, fmt: str, target_name: str) -> Path | None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                office,
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                fmt,
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        produced = next(Path(tmp).glob(f"*.{fmt.split(':')[0]}"))
        target = source.parent / target_name
        shutil.move(produced, target)
    return target


FILES = {
    "desa_mangkurawang.xlsx": village_workbook,
    "kecamatan_tenggarong.csv": district_csv,
    "excel_lama.csv": windows_csv,
    "tanpa_kolom_desa.xlsx": plain_workbook,
    "desa_loa_ipuh.xlsx": clerk_workbook,
}


def main(only: list[str] | None = None) -> None:
    """Write every file (or only those named), keeping the truth of the others as committed."""
    CORPUS.mkdir(exist_ok=True)
    truth: list[dict] = []
    written = set(only or FILES)
    for name, make in FILES.items():
        if name in written:
            make(CORPUS / name, truth)
    workbook = CORPUS / "desa_mangkurawang.xlsx"
    for fmt, target in (("xls", "desa_mangkurawang.xls"), ("ods", "desa_mangkurawang.ods")):
        made = convert(workbook, fmt, target) if workbook.name in written else None
        if made:
            truth.extend({**t, "file": target} for t in truth if t["file"] == workbook.name)
            written.add(target)
    # Without LibreOffice the committed .xls and .ods copies stay, and so does their truth.
    kept = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8")) if (CORPUS / "truth.json").exists() else []
    truth = [t for t in kept if t["file"] not in written] + truth
    (CORPUS / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(truth)} rows of truth in {CORPUS}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
