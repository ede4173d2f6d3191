"""BPJS's answer: accepted rows become active members, refused rows say why; bad replies change nothing."""

from datetime import date

import openpyxl
import pytest
from django.core.management import call_command

from conftest import VILLAGE_A
from lindung.audit.models import AuditEntry
from lindung.enrolment import exports
from lindung.enrolment.batches import approve_batch, mark_batch_sent, pending_changes
from lindung.enrolment.bpjs import FileStandIn
from lindung.enrolment.models import BatchReply, BatchRow, EnrolmentBatch, Membership, MembershipStatus
from lindung.enrolment.replies import ReplyRefused, apply_reply, parse_status


@pytest.fixture
def sent(cast, approved):
    return mark_batch_sent(approve_batch(approved["apbd"], by=cast.admin), by=cast.admin)


def write_reply(
    path,
    rows,
    title=("BALASAN BPJS KETENAGAKERJAAN",),
    headers=("No", "NIK", "Nama", "No. KPJ", "Status", "Keterangan"),
):
    book = openpyxl.Workbook()
    sheet = book.active
    for line in title:
        sheet.append([line])
    sheet.append([])
    sheet.append(list(headers))
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    sheet.append([])
    sheet.append(["Jumlah", len(rows)])
    sheet.append(["Mengetahui,", "Kepala Kantor Cabang"])
    book.save(path)
    return path


def state():
    return {
        "memberships": sorted(
            Membership.objects.values_list("pk", "status", "kpj", "refused_reason", "bpjs_start_date")
        ),
        "rows": sorted(BatchRow.objects.values_list("pk", "reply_status", "reply_kpj", "reply_reason")),
        "replies": BatchReply.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_accepted_rows_become_active_and_refused_rows_carry_the_reason(cast, approved, sent, tmp_path):
    siti, bambang, joko = approved["people"]
    path = write_reply(
        tmp_path / "balasan.xlsx",
        [
            [siti.nik, siti.name, "12345678901", "DITERIMA", ""],
            [bambang.nik, bambang.name, "", "Ditolak", "NIK tidak ditemukan di Dukcapil"],
        ],
    )
    outcome = apply_reply(sent, path, filename="balasan.xlsx", by=cast.admin)
    assert not outcome.repeated
    assert (outcome.result["accepted"], outcome.result["refused"], outcome.result["missing_count"]) == (1, 1, 1)
    assert outcome.result["missing"] == [{"nik": joko.nik, "name": joko.name}]
    m = Membership.objects.get(person=siti)
    assert (m.status, m.kpj, m.bpjs_start_date) == (MembershipStatus.ACTIVE, "12345678901", date(2021, 10, 1))
    m = Membership.objects.get(person=bambang)
    assert (m.status, m.refused_reason) == (MembershipStatus.REFUSED, "NIK tidak ditemukan di Dukcapil")
    assert Membership.objects.get(person=joko).status == MembershipStatus.SENT
    sent.refresh_from_db()
    assert sent.status == "answered"
    assert AuditEntry.objects.filter(action="enrolment.membership.refused", target_id=str(m.pk)).exists()


def test_the_same_reply_twice_changes_nothing_and_says_so(cast, approved, sent, tmp_path):
    siti = approved["people"][0]
    path = write_reply(tmp_path / "b.xlsx", [[siti.nik, siti.name, "12345678901", "Diterima", ""]])
    apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    before = state()
    again = apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    assert again.repeated and state() == before
    # The same answers in another file (re-saved as CSV) are recorded but change no membership.
    csv_path = tmp_path / "b.csv"
    csv_path.write_text(f"NIK;Nama;No. KPJ;Status\n{siti.nik};{siti.name};12345678901;Diterima\n", encoding="utf-8")
    outcome = apply_reply(sent, csv_path, filename="b.csv", by=cast.admin)
    assert (outcome.result["unchanged"], outcome.result["accepted"]) == (1, 0)
    assert state()["memberships"] == before["memberships"]


def test_a_nik_not_in_the_batch_refuses_the_whole_reply(cast, approved, sent, tmp_path, make_person):
    siti = approved["people"][0]
    stranger = make_person(name="Orang Lain", serial=77)
    path = write_reply(
        tmp_path / "b.xlsx",
        [
            [siti.nik, siti.name, "12345678901", "Diterima", ""],
            [stranger.nik, "Orang Lain", "12345678902", "Diterima", ""],
        ],
    )
    before = state()
    with pytest.raises(ReplyRefused) as refused:
        apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    assert "Tidak ada data yang diubah" in refused.value.message
    assert refused.value.problems == [f"baris 5: NIK {stranger.nik} tidak ada di {sent.label}."]
    assert state() == before


def test_one_kpj_for_two_people_is_refused(cast, approved, sent, tmp_path):
    siti, bambang, _ = approved["people"]
    path = write_reply(
        tmp_path / "b.xlsx",
        [
            [siti.nik, siti.name, "11111111111", "Diterima", ""],
            [bambang.nik, bambang.name, "11111111111", "Diterima", ""],
        ],
    )
    before = state()
    with pytest.raises(ReplyRefused) as refused:
        apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    assert any("KPJ 11111111111 diberikan kepada lebih dari satu orang" in p for p in refused.value.problems)
    assert state() == before


def test_a_kpj_already_held_by_someone_else_is_refused(cast, approved, sent, tmp_path):
    siti, bambang, _ = approved["people"]
    Membership.objects.filter(person=bambang).update(kpj="22222222222", status=MembershipStatus.ACTIVE)
    path = write_reply(tmp_path / "b.xlsx", [[siti.nik, siti.name, "22222222222", "Diterima", ""]])
    with pytest.raises(ReplyRefused) as refused:
        apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    assert "sudah dipegang orang lain" in refused.value.problems[0]
    assert Membership.objects.get(person=siti).kpj == ""


def test_a_reply_for_another_funder_or_year_is_refused(cast, approved, sent, tmp_path):
    siti = approved["people"][0]
    rows = [[siti.nik, siti.name, "12345678901", "Diterima", ""]]
    before = state()
    with pytest.raises(ReplyRefused, match="balasan untuk tahun 2024"):
        apply_reply(
            sent, write_reply(tmp_path / "y.xlsx", rows, title=("BALASAN TAHUN 2024",)), filename="y", by=cast.admin
        )
    with pytest.raises(ReplyRefused, match="untuk penyandang dana lain"):
        apply_reply(
            sent, write_reply(tmp_path / "w.xlsx", rows, title=("ID wadah: SG-9999",)), filename="w", by=cast.admin
        )
    assert state() == before


def test_a_reply_meant_for_another_funders_batch_names_that_batch(cast, approved, sent, tmp_path, worker):
    from lindung.funding.models import Funder

    other_funder = Funder.objects.create(
        programme_year=approved["year"], kind="csr", name="PT Lain", budget=1_000_000, rank=20
    )
    other = EnrolmentBatch.objects.create(
        programme_year=approved["year"],
        funder=other_funder,
        number=1,
        kind="initial",
        wadah_type="SC",
        approved_at=sent.approved_at,
        status="sent",
    )
    people = [worker(name=f"Pekerja {i}", serial=50 + i) for i in range(3)]
    membership_rows = []
    for p in people:
        m = Membership.objects.create(programme_year=approved["year"], person=p, funder=other_funder)
        membership_rows.append(
            BatchRow(
                batch=other,
                membership=m,
                action="add",
                nik=p.nik,
                name=p.name,
                birth_date=p.birth_date,
                sex="L",
                village_code=VILLAGE_A,
                occupation="Petani",
                income=1,
                programmes="JKK",
                period_start=date(2021, 10, 1),
                period_end=date(2021, 12, 1),
            )
        )
    BatchRow.objects.bulk_create(membership_rows)
    path = write_reply(
        tmp_path / "o.xlsx", [[p.nik, p.name, f"3333333333{i}", "Diterima", ""] for i, p in enumerate(people)]
    )
    with pytest.raises(ReplyRefused, match=r"tampaknya balasan untuk kiriman 1 .*PT Lain"):
        apply_reply(sent, path, filename="o.xlsx", by=cast.admin)


def test_unreadable_rows_are_listed_with_their_line(cast, approved, sent, tmp_path):
    _, bambang, joko = approved["people"]
    path = write_reply(
        tmp_path / "b.xlsx",
        [
            ["6402abc", "X", "1", "Diterima", ""],
            [bambang.nik, bambang.name, "", "Diterima", ""],
            [joko.nik, joko.name, "1", "mungkin", ""],
        ],
    )
    with pytest.raises(ReplyRefused) as refused:
        apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    problems = refused.value.problems
    assert problems[0].startswith("baris 4: NIK “6402abc” tidak terbaca")
    assert "baris 5" in problems[1] and "nomor KPJ kosong" in problems[1]
    assert "baris 6" in problems[2] and "status “mungkin” tidak dikenal" in problems[2]


def test_a_reply_to_an_unsent_batch_is_refused(cast, approved, tmp_path):
    batch = approve_batch(approved["apbd"], by=cast.admin)
    siti = approved["people"][0]
    path = write_reply(tmp_path / "b.xlsx", [[siti.nik, siti.name, "1", "Diterima", ""]])
    with pytest.raises(ReplyRefused, match="belum ditandai terkirim"):
        apply_reply(batch, path, filename="b.xlsx", by=cast.admin)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("DITERIMA", "accepted"),
        ("Aktif", "accepted"),
        ("Tidak valid", "refused"),
        ("ditolak", "refused"),
        ("", ""),
        ("mungkin", None),
    ],
)
def test_the_branch_status_words_are_read(text, status):
    assert parse_status(text) == status


def test_the_stand_in_answers_an_exported_batch_and_the_reply_applies(cast, approved, sent, tmp_path, worker):
    old = approved["people"][2]
    old.birth_date = date(1950, 1, 1)
    old.save(update_fields=["birth_date"])
    BatchRow.objects.filter(batch=sent, nik=old.nik).update(birth_date=date(1950, 1, 1))
    batch_file = tmp_path / "kiriman.xlsx"
    batch_file.write_bytes(exports.batch_xlsx(sent, exports.default_profile()))
    out = tmp_path / "balasan.xlsx"
    call_command("bpjs_standin", "reply", str(batch_file), "--out", str(out), "--seed", "3", "--nik-problem-rate", "0")
    outcome = apply_reply(sent, out, filename="balasan.xlsx", by=cast.admin)
    assert (outcome.result["accepted"], outcome.result["refused"]) == (2, 1)
    refused = Membership.objects.get(person=old)
    assert refused.refused_reason == "Usia lebih dari 65 tahun pada tanggal mulai kepesertaan"
    kpjs = list(Membership.objects.filter(status=MembershipStatus.ACTIVE).values_list("kpj", flat=True))
    assert all(len(k) == 11 and k.isdigit() for k in kpjs) and len(set(kpjs)) == 2
    # Deterministic: the same file and seed give the same reply.
    again = tmp_path / "lagi.xlsx"
    FileStandIn(seed=3, nik_problem_rate=0).reply_to_batch(batch_file, again)
    read = lambda p: list(openpyxl.load_workbook(p).active.iter_rows(values_only=True))  # noqa: E731
    assert read(again) == read(out)


def test_the_stand_in_refuses_some_niks_as_unknown_to_dukcapil(tmp_path):
    branch = FileStandIn(seed=1, nik_problem_rate=1.0)
    assert branch.decide("6402061205800001", date(1980, 5, 12), date(2021, 10, 1), "Tambah", "")[2] == (
        "NIK tidak ditemukan di data kependudukan (Dukcapil)"
    )
    status, _, reason = FileStandIn().decide("6402069905800001", None, date(2021, 10, 1), "Tambah", "")
    assert status == "Ditolak" and reason.startswith("NIK tidak valid")


def test_a_refused_person_whose_data_is_corrected_goes_into_the_next_batch(cast, approved, sent, tmp_path):
    from lindung.people.forms import PersonForm
    from lindung.people.services import update_person

    bambang = approved["people"][1]
    path = write_reply(tmp_path / "b.xlsx", [[bambang.nik, bambang.name, "", "Ditolak", "Nama tidak sesuai KTP"]])
    apply_reply(sent, path, filename="b.xlsx", by=cast.admin)
    assert pending_changes(approved["apbd"]).add == []
    form = PersonForm({**PersonForm.initial_for(bambang), "name": "Bambang Sutrisna"}, user=cast.admin)
    assert form.is_valid()
    update_person(bambang, form.cleaned_data, by=cast.admin, expected_version=bambang.version)
    membership = Membership.objects.get(person=bambang)
    assert pending_changes(approved["apbd"]).add == [membership.pk]
    second = mark_batch_sent(approve_batch(approved["apbd"], by=cast.admin), by=cast.admin)
    assert BatchRow.objects.get(batch=second).name == "Bambang Sutrisna"
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.SENT
