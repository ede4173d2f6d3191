"""Batches to the branch: the first registration, then numbered changes; a sent batch never changes."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from lindung.audit.models import AuditEntry
from lindung.enrolment import batches, exports
from lindung.enrolment.batches import BatchLocked, approve_batch, cancel_batch, mark_batch_sent, pending_changes
from lindung.enrolment.models import BatchKind, BatchRow, EnrolmentBatch, ExportProfile, Membership, MembershipStatus
from lindung.enrolment.services import record_death
from lindung.errors import DomainError
from lindung.people.forms import PersonForm
from lindung.people.services import update_person


def test_the_first_batch_registers_every_funded_person_with_a_frozen_roster(cast, approved):
    batch = approve_batch(approved["apbd"], by=cast.admin)
    assert (batch.number, batch.kind, batch.wadah_type, batch.wadah_code) == (
        1,
        BatchKind.INITIAL,
        "SG",
        "SG-6402-0001",
    )
    assert batch.counts == {"add": 3, "remove": 0, "amend": 0}
    row = BatchRow.objects.get(batch=batch, name="Siti Aminah")
    siti = approved["people"][0]
    assert (row.nik, row.birth_date, row.sex, row.village_code, row.programmes) == (
        siti.nik,
        siti.birth_date,
        "L",
        siti.village_id,
        "JKK+JKM",
    )
    assert (row.period_start, row.period_end) == (date(2021, 10, 1), date(2021, 12, 1))
    assert row.address == "Jl. Mangkurawang RT 005/RW -" and row.district_name == "Tenggarong"
    assert AuditEntry.objects.filter(action="enrolment.batch.approved", target_id=str(batch.pk)).exists()


def test_nothing_to_send_is_said_and_no_empty_batch_is_made(cast, approved):
    approve_batch(approved["apbd"], by=cast.admin)
    with pytest.raises(DomainError, match="Tidak ada yang perlu dikirim"):
        approve_batch(approved["apbd"], by=cast.admin)
    assert EnrolmentBatch.objects.count() == 1


def test_a_draft_year_cannot_send_a_batch(cast, year2021, worker):
    from lindung.funding.services import create_funder

    worker()
    funder = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD", "budget": 100_000}, by=cast.admin)
    with pytest.raises(DomainError, match="belum disetujui"):
        approve_batch(funder, by=cast.admin)


def test_only_the_admin_approves_and_sends(cast, approved):
    for user in (cast.finance, cast.verifier_all, cast.operator_a, cast.sponsor):
        with pytest.raises(PermissionDenied):
            approve_batch(approved["apbd"], by=user)
    batch = approve_batch(approved["apbd"], by=cast.admin)
    with pytest.raises(PermissionDenied):
        mark_batch_sent(batch, by=cast.finance)


def test_sending_marks_the_memberships_sent_and_locks_the_batch(cast, approved):
    batch = mark_batch_sent(approve_batch(approved["apbd"], by=cast.admin), by=cast.admin)
    assert set(Membership.objects.values_list("status", flat=True)) == {MembershipStatus.SENT}
    rows_before = list(BatchRow.objects.filter(batch=batch).values())
    with pytest.raises(BatchLocked, match="sudah dikirim ke BPJS"):
        cancel_batch(batch, by=cast.admin)
    with pytest.raises(BatchLocked, match="tidak dapat ditandai terkirim lagi"):
        mark_batch_sent(batch, by=cast.admin)
    assert list(BatchRow.objects.filter(batch=batch).values()) == rows_before


def test_an_unsent_batch_can_be_withdrawn_and_its_people_come_back(cast, approved):
    batch = approve_batch(approved["apbd"], by=cast.admin)
    cancel_batch(batch, by=cast.admin)
    assert not EnrolmentBatch.objects.exists()
    assert len(pending_changes(approved["apbd"]).add) == 3


def _activate_all(batch):
    Membership.objects.filter(batch_rows__batch=batch).update(status=MembershipStatus.ACTIVE, kpj="12345678901")


def test_the_changes_batch_carries_a_death_and_a_corrected_name(cast, approved):
    apbd = approved["apbd"]
    siti, bambang, _ = approved["people"]
    first = mark_batch_sent(approve_batch(apbd, by=cast.admin), by=cast.admin)
    _activate_all(first)
    record_death(siti, died_on=date(2021, 11, 20), by=cast.verifier, note="Akta 7/2021")
    data = {**PersonForm.initial_for(bambang), "name": "Bambang Sutrisna"}
    form = PersonForm(data, user=cast.admin)
    assert form.is_valid(), form.errors
    update_person(bambang, form.cleaned_data, by=cast.admin, expected_version=bambang.version)

    second = approve_batch(apbd, by=cast.admin)
    assert (second.number, second.kind, second.counts) == (2, BatchKind.CHANGES, {"add": 0, "remove": 1, "amend": 1})
    removal = BatchRow.objects.get(batch=second, action="remove")
    assert (removal.nik, removal.event_on, removal.period_end, removal.note, removal.kpj) == (
        siti.nik,
        date(2021, 11, 20),
        date(2021, 11, 1),
        "Meninggal dunia",
        "12345678901",
    )
    assert BatchRow.objects.get(batch=second, action="amend").name == "Bambang Sutrisna"
    # The first batch still says what was sent then.
    assert BatchRow.objects.get(batch=first, nik=bambang.nik).name == "Bambang Sutrisno"
    with pytest.raises(DomainError, match="Tidak ada yang perlu dikirim"):
        approve_batch(apbd, by=cast.admin)


def test_the_default_profile_exports_xlsx_and_csv_with_text_niks_and_neutralised_formulas(cast, approved):
    siti = approved["people"][0]
    siti.street = '=HYPERLINK("http://x")'
    siti.save(update_fields=["street"])
    batch = approve_batch(approved["apbd"], by=cast.admin)
    profile = exports.default_profile()
    assert profile.name == "Bawaan lindung"
    book = openpyxl.load_workbook(io.BytesIO(exports.batch_xlsx(batch, profile)))
    rows = list(book.active.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:4] == ("No", "Tindakan", "NIK", "Nama sesuai KTP")
    line = next(r for r in rows[1:] if r[3] == "Siti Aminah")
    assert line[2] == siti.nik and isinstance(line[2], str)
    assert line[headers.index("Alamat")].startswith("'=HYPERLINK")
    assert line[headers.index("Tanggal lahir")] == "12-05-1980"
    assert line[headers.index("ID wadah")] == "SG-6402-0001"
    text = exports.batch_csv(batch, profile).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(parsed) == 4 and parsed[0][2] == "NIK"
    assert any(r[7].startswith("'=") for r in parsed[1:])


def test_a_wadah_code_typed_like_a_formula_is_exported_as_text(cast, approved):
    batch = approve_batch(approved["apbd"], by=cast.admin)
    EnrolmentBatch.objects.filter(pk=batch.pk).update(wadah_code='=HYPERLINK("http://x")')
    batch.refresh_from_db()
    profile = exports.default_profile()
    book = openpyxl.load_workbook(io.BytesIO(exports.batch_xlsx(batch, profile)))
    rows = list(book.active.iter_rows(values_only=True))
    column = rows[0].index("ID wadah")
    assert {r[column] for r in rows[1:]} == {"'=HYPERLINK(\"http://x\")"}


def test_an_edited_profile_changes_order_headers_and_date_format(cast, approved):
    batch = approve_batch(approved["apbd"], by=cast.admin)
    profile = batches.save_profile(
        None,
        name="Cabang Tenggarong",
        columns=[{"field": "name", "header": "NAMA"}, {"field": "nik", "header": "NO KTP"}, {"field": "birth_date"}],
        date_format="%Y-%m-%d",
        by=cast.admin,
    )
    rows = list(csv.reader(io.StringIO(exports.batch_csv(batch, profile).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["NAMA", "NO KTP", "Tanggal lahir"]
    assert ["Siti Aminah", approved["people"][0].nik, "1980-05-12"] in rows


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([], "paling sedikit satu kolom"),
        ([{"field": "nama"}], "tidak dikenal"),
        ([{"field": "name"}], "harus memuat kolom NIK"),
        ([{"field": "nik"}, {"field": "nik"}], "sudah ada di kolom lain"),
    ],
)
def test_a_bad_profile_is_refused_with_what_to_fix(cast, columns, message):
    with pytest.raises(DomainError, match=message):
        batches.save_profile(None, name="X", columns=columns, date_format="%d-%m-%Y", by=cast.admin)
    assert not ExportProfile.objects.filter(name="X").exists()
    with pytest.raises(PermissionDenied):
        batches.save_profile(None, name="Y", columns=[{"field": "nik"}], date_format="%d-%m-%Y", by=cast.finance)
