"""The import batch page masks the NIKs of refused rows unless the role may reveal them, and logs each reveal."""

from datetime import date

from django.urls import reverse

from conftest import nik_for
from lindung.audit.models import AuditEntry
from lindung.imports import services
from lindung.imports.models import ImportBatch
from lindung.imports.tests.conftest import write_xlsx

HEADER = ["No", "NIK", "Nama", "L/P", "Tanggal Lahir", "Desa", "Pekerjaan", "No HP"]
# A real NIK on a row refused for another reason: the birth date disagrees with the NIK's.
NIK = nik_for("640206", date(1980, 5, 12), "L", 3)


def _previewed_batch(tmp_path, by):
    path = write_xlsx(
        tmp_path / "x.xlsx",
        {"Data": [HEADER, [1, NIK, "Pak Tua", "L", date(1975, 2, 3), "Mangkurawang", "Petani", ""]]},
    )
    kind, tables, skipped = services.read_structure(path)
    batch = ImportBatch.objects.create(
        source_path=str(path), original_name=path.name, kind=kind, created_by=by,
        tables=tables, skipped=skipped, mapping=services.guessed_mapping(tables),
        region_code="64.02.06.1010",
    )  # fmt: skip
    batch = services.preview_import(batch, by=by)
    assert batch.rows_invalid == 1
    return batch


def test_finance_sees_the_refused_rows_nik_masked_and_no_way_to_reveal_it(client, cast, tmp_path):
    batch = _previewed_batch(tmp_path, cast.operator_a)
    client.force_login(cast.finance)
    for query in ("", "?nik=lengkap"):
        page = client.get(reverse("imports:batch-detail", args=[batch.pk]) + query).content.decode()
        assert NIK not in page and NIK[:4] + "*" * 12 in page
        assert "Tampilkan NIK lengkap" not in page
    assert not AuditEntry.objects.filter(action="imports.batch.niks_viewed").exists()


def test_the_importer_sees_masks_first_and_reveals_on_the_record(client, cast, tmp_path):
    batch = _previewed_batch(tmp_path, cast.operator_a)
    client.force_login(cast.operator_a)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert NIK not in page and "Tampilkan NIK lengkap" in page
    assert not AuditEntry.objects.filter(action="imports.batch.niks_viewed").exists()

    page = client.get(reverse("imports:batch-detail", args=[batch.pk]) + "?nik=lengkap").content.decode()
    assert NIK in page
    entry = AuditEntry.objects.get(action="imports.batch.niks_viewed")
    assert entry.actor == cast.operator_a and entry.target_id == str(batch.pk) and entry.data["count"] == 1


def test_the_rows_to_fix_with_whole_niks_are_not_for_finance_and_each_download_is_logged(client, cast, tmp_path):
    batch = _previewed_batch(tmp_path, cast.operator_a)
    client.force_login(cast.finance)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "Unduh baris yang ditolak" not in page
    assert client.get(reverse("imports:batch-errors", args=[batch.pk])).status_code == 403
    client.force_login(cast.operator_a)
    assert client.get(reverse("imports:batch-errors", args=[batch.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="imports.batch.errors_downloaded")
    assert entry.actor == cast.operator_a and entry.data == {"rows": 1}
