"""The web flow: upload, correct the mapping, preview, commit, download what to fix."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.imports.models import BatchStatus, ColumnMapping, ImportBatch
from lindung.imports.tests.conftest import CORPUS
from lindung.people.models import Person


def _upload(client, name="desa_mangkurawang.xlsx", village=""):
    content = (CORPUS / name).read_bytes()
    return client.post(reverse("imports:batch-list"), {"file": SimpleUploadedFile(name, content), "village": village})


def test_upload_preview_commit_and_error_workbook(client, cast):
    client.force_login(cast.operator_a)
    response = _upload(client)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:batch-mapping", args=[batch.pk])

    page = client.get(response.url)
    assert "Jenis Kelamin L" in page.content.decode() and "Rekap" in page.content.decode()
    form = page.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    response = client.post(reverse("imports:batch-mapping", args=[batch.pk]), data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEWED and batch.rows_invalid > 0 and Person.objects.count() == 0

    detail = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "Ditolak" in detail and "Format kolom NIK sebagai Teks" in detail
    assert "&lt;script&gt;" not in detail or "<script>alert" not in detail

    client.post(reverse("imports:batch-commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED
    assert Person.objects.count() == batch.rows_valid + batch.rows_warning

    response = client.get(reverse("imports:batch-errors", args=[batch.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["RT 01"]
    header = [c.value for c in sheet[1]]
    assert header[-1].startswith("Alasan") and header[1] == "NIK"
    reasons = [row[-1].value for row in sheet.iter_rows(min_row=2)]
    assert len(reasons) == sum(1 for r in batch.rows.filter(status="invalid", sheet="RT 01"))
    assert any("Format kolom NIK sebagai Teks" in r for r in reasons)
    highlighted = [
        c for row in sheet.iter_rows(min_row=2) for c in row if c.fill.fgColor.rgb in ("FFFFC7CE", "00FFC7CE")
    ]
    assert highlighted, "bad cells are highlighted"
    formula = next(row for row in sheet.iter_rows(min_row=2) if str(row[2].value).startswith("=HYPERLINK"))
    assert formula[2].data_type == "s", "a refused formula-like name goes back as text, never as a formula"


def test_the_page_shows_script_names_as_text(client, cast):
    client.force_login(cast.admin)
    _upload(client, "kecamatan_tenggarong.csv")
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:batch-mapping", args=[batch.pk]), _initial(client, batch))
    batch.rows.filter(status="invalid").update(problems=[{"field": "name", "code": "x", "message": "<b>tebal</b>",
                                                          "level": "error", "column": 2}])  # fmt: skip
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "&lt;b&gt;tebal&lt;/b&gt;" in page and "<b>tebal</b>" not in page


def _initial(client, batch):
    form = client.get(reverse("imports:batch-mapping", args=[batch.pk])).context["form"]
    return {name: field.initial for name, field in form.fields.items()}


def test_a_corrected_mapping_is_remembered_for_files_with_the_same_headers(client, cast):
    client.force_login(cast.operator_a)
    _upload(client, "tanpa_kolom_desa.xlsx", village="64.02.06.1010")
    batch = ImportBatch.objects.get()
    data = _initial(client, batch)
    phone_field = next(n for n in data if data[n] == "phone")
    data[phone_field] = ""
    client.post(reverse("imports:batch-mapping", args=[batch.pk]), data)
    assert ColumnMapping.objects.get().fields.count("phone") == 0

    _upload(client, "tanpa_kolom_desa.xlsx", village="64.02.06.1010")
    second = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert "phone" not in next(iter(second.mapping.values()))


def test_a_mapping_without_nik_is_refused_with_a_reason(client, cast):
    client.force_login(cast.operator_a)
    _upload(client, "tanpa_kolom_desa.xlsx", village="64.02.06.1010")
    batch = ImportBatch.objects.get()
    data = {n: ("" if v == "nik" else v) for n, v in _initial(client, batch).items()}
    page = client.post(reverse("imports:batch-mapping", args=[batch.pk]), data)
    assert page.status_code == 200
    assert "Pilih kolom yang berisi NIK" in page.content.decode()


@pytest.mark.parametrize("content", [b"%PDF-1.5 x", b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_an_unreadable_upload_is_refused_on_the_form(client, cast, content):
    client.force_login(cast.operator_a)
    page = client.post(reverse("imports:batch-list"), {"file": SimpleUploadedFile("daftar.xlsx", content)})
    assert page.status_code == 200 and "bukan spreadsheet" in page.content.decode()
    assert ImportBatch.objects.count() == 0


def test_operator_b_cannot_see_operator_as_import(client, cast):
    client.force_login(cast.operator_a)
    _upload(client)
    batch = ImportBatch.objects.get()
    client.force_login(cast.operator_b)
    for name in ("imports:batch-detail", "imports:batch-mapping", "imports:batch-errors"):
        assert client.get(reverse(name, args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:batch-commit", args=[batch.pk])).status_code == 404
    assert batch.original_name not in client.get(reverse("imports:batch-list")).content.decode()


def test_roles_without_propose_cannot_import(client, cast):
    client.force_login(cast.finance)
    assert client.get(reverse("imports:batch-list")).status_code == 403
    assert client.get(reverse("imports:template")).status_code == 403


def test_the_template_has_text_niks_and_drop_downs_of_the_users_villages(client, cast):
    client.force_login(cast.operator_a)
    response = client.get(reverse("imports:template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Daftar Pekerja"]
    assert [c.value for c in sheet[1]][:3] == ["No", "NIK", "Nama Lengkap"]
    assert sheet.column_dimensions["B"].number_format == "@"
    rules = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert rules["G2"].type == "list" and rules["M2"].type == "list" and rules["F2"].type == "date"
    assert rules["D2"].formula1 == '"L,P"'
    choices = book["Pilihan"]
    assert [choices.cell(row=r, column=1).value for r in range(2, 4)] == ["Mangkurawang", None]
    assert "Buruh harian lepas" in [choices.cell(row=r, column=4).value for r in range(2, 20)]


def test_the_district_verifier_and_the_admin_see_a_villages_import(client, cast):
    client.force_login(cast.operator_a)
    _upload(client)
    batch = ImportBatch.objects.get()
    for user in (cast.verifier, cast.admin):
        client.force_login(user)
        assert client.get(reverse("imports:batch-detail", args=[batch.pk])).status_code == 200
