from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindung.audit.models import AuditEntry
from lindung.dedup import services
from lindung.dedup.models import FlagStatus, ListKind, PersonFlag
from lindung.errors import DomainError
from lindung.people.models import Person

PROVINCE_CSV = (
    "No,NIK,Nama,Jenis Kelamin,Tanggal Lahir,No HP\n"
    "1,{nik},MUHAMMAD RIZKI,L,12-05-1980,\n"
    "2,6402064101900009,Orang Lain Sekali,P,01-01-1990,\n"
)


@pytest.fixture
def registry(make_person):
    rizki = make_person(name="Muhammad Rizki", phone="081234560001", serial=1)
    other = make_person(name="Siti Aminah", birth=date(1975, 3, 2), sex_="P", phone="081234560002", serial=2)
    return rizki, other


def _upload(cast, rizki, kind=ListKind.OTHER_FUNDER):
    content = PROVINCE_CSV.format(nik=rizki.nik).encode()
    return services.upload_reference_list(
        SimpleUploadedFile("provinsi.csv", content, content_type="text/csv"),
        by=cast.verifier_all,
        name="Peserta BPU Provinsi 2026",
        kind=kind,
    )


def test_a_reference_list_flags_the_worker_another_funder_pays(cast, registry):
    rizki, other = registry
    reference = _upload(cast, rizki)
    assert reference.row_count == 2
    flag = PersonFlag.objects.get()
    assert flag.person == rizki
    assert flag.reference_list == reference
    assert "dibiayai pihak lain" in flag.reason
    assert flag.score >= 0.5
    assert flag.reference_row.line == 2
    assert services.is_blocked(rizki)
    assert not services.is_blocked(other)
    assert list(Person.objects.filter(pk__in=services.blocked_ids())) == [rizki]


def test_clearing_a_flag_needs_a_reason_and_unblocks(cast, registry):
    rizki, _other = registry
    _upload(cast, rizki)
    flag = PersonFlag.objects.get()
    with pytest.raises(DomainError, match="alasan"):
        services.clear_flag(flag, by=cast.verifier, reason="ok")
    services.clear_flag(flag, by=cast.verifier, reason="Kepesertaan provinsi berakhir Desember 2025")
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLEARED
    assert not services.is_blocked(rizki)
    entry = AuditEntry.objects.get(action="dedup.flag.cleared")
    assert entry.target_id == str(rizki.pk)


def test_a_verifier_of_another_district_cannot_clear_a_flag(cast, make_person):
    from django.core.exceptions import PermissionDenied

    from conftest import VILLAGE_B

    person = make_person(name="Muhammad Rizki", village_code=VILLAGE_B, phone="081234560009", serial=1)
    _upload(cast, person)
    flag = PersonFlag.objects.get()
    with pytest.raises(PermissionDenied):
        services.clear_flag(flag, by=cast.verifier, reason="Bukan orang yang sama")


def test_a_file_without_a_table_of_people_is_refused_with_advice(cast):
    with pytest.raises(DomainError, match="NIK"):
        services.upload_reference_list(
            SimpleUploadedFile("kosong.csv", b"judul saja\n\n"), by=cast.verifier_all, name="x", kind=ListKind.DECEASED
        )


def test_an_xlsx_list_with_a_title_above_the_table_is_read(cast, registry):
    import io

    import openpyxl

    rizki, _other = registry
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR KEMATIAN DUKCAPIL OKTOBER 2026"])
    sheet.append([])
    sheet.append(["No", "NIK", "Nama Lengkap", "Tgl Lahir", "L/P"])
    sheet.append([1, rizki.nik, "Muhammad Rizki", date(1980, 5, 12), "L"])
    buffer = io.BytesIO()
    book.save(buffer)
    reference = services.upload_reference_list(
        SimpleUploadedFile("kematian.xlsx", buffer.getvalue()),
        by=cast.verifier_all,
        name="Kematian Oktober 2026",
        kind=ListKind.DECEASED,
    )
    assert reference.row_count == 1
    row = reference.rows.get()
    assert (row.line, row.birth_date) == (4, "12-05-1980")
    flag = PersonFlag.objects.get()
    assert flag.person == rizki
    assert "meninggal" in flag.reason
