"""One-person amendments on an approved year: end a cover, add a replacement, nobody else moves."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import VILLAGE_A, VILLAGE_B
from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.funding import exports
from lindung.funding.amendments import add_cover, end_cover, funder_remaining
from lindung.funding.models import Allocation, Outcome, Realisation
from lindung.funding.services import allocate_year, budget_sheet, create_funder, explain, funder_totals
from lindung.programmes.models import Amendment, YearStatus
from lindung.programmes.services import approve_year, open_amendment

DECREE_DATE = date(2021, 9, 20)

MONTH = 16_800  # one person-month in 2021 (Oct–Dec)


def rows_of(year, *, exclude=()):
    return sorted(
        Allocation.objects.filter(programme_year=year)
        .exclude(person__in=exclude)
        .values_list("person_id", "funder_id", "months_mask", "months", "amount", "outcome")
    )


@pytest.fixture
def approved(cast, year2021, worker):
    """Three funded workers under one APBD budget with room for exactly three; the year approved."""
    people = [worker(name=n) for n in ("Siti Aminah", "Bambang Sutrisno", "Joko Widodo")]
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 9 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    year2021.refresh_from_db()
    return {"year": year2021, "people": people, "apbd": apbd}


def test_ending_a_cover_keeps_the_earlier_months_and_leaves_everybody_else_as_approved(cast, approved):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    before = rows_of(year, exclude=[siti])
    amendment = end_cover(year, siti, from_month=3, cause="meninggal", note="Akta kematian 12/2021", by=cast.finance)

    row = Allocation.objects.get(person=siti)
    assert (row.funder_id, row.month_indexes(), row.months, row.amount) == (apbd.pk, [1, 2], 2, 2 * MONTH)
    assert row.outcome == Outcome.PARTIAL
    assert rows_of(year, exclude=[siti]) == before
    year.refresh_from_db()
    assert year.status == YearStatus.APPROVED
    assert (amendment.number, amendment.reason) == (1, "Meninggal dunia: Akta kematian 12/2021")
    assert amendment.closed_at is not None and amendment.created_by == cast.finance
    changes = amendment.changes
    assert (changes["kind"], changes["person"], changes["from_month"], changes["cause"]) == (
        "end",
        siti.pk,
        3,
        "meninggal",
    )
    assert changes["rows"] == [
        {
            "funder": apbd.pk,
            "funder_name": "APBD Kukar",
            "months_before": [1, 2, 3],
            "months_after": [1, 2],
            "amount_before": 3 * MONTH,
            "amount_after": 2 * MONTH,
        }
    ]
    assert (changes["amount_before"], changes["amount_after"]) == (50_400, 33_600)
    assert changes["decree_number"] == "500/1/2021"
    entry = AuditEntry.objects.get(action="funding.amendment.cover_ended")
    assert entry.actor == cast.finance and entry.target_id == str(amendment.pk)
    assert entry.data["person"] == siti.pk and entry.data["amount_after"] == 33_600


def test_ending_a_cover_over_months_already_paid_says_so(cast, approved):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    # What the payments recorded in coverage write for months 1 and 2.
    Realisation.objects.bulk_create([Realisation(funder=apbd, month=m, amount=3 * MONTH) for m in (1, 2)])
    amendment = end_cover(year, siti, from_month=2, cause="meninggal", by=cast.finance)
    assert amendment.changes["paid_months_removed"] == {"APBD Kukar": [2]}
    summary = amendment.changes["summary"]
    assert f"Sudah direalisasikan (dibayar) sebelumnya: APBD Kukar bulan {year.month_label(2)}." in summary
    assert "urus pengembaliannya dengan BPJS Ketenagakerjaan" in summary

    joko = approved["people"][2]
    quiet = end_cover(year, joko, from_month=3, cause="pindah", by=cast.finance)
    assert quiet.changes["paid_months_removed"] == {}
    assert "direalisasikan" not in quiet.changes["summary"]


def test_the_freed_money_shows_as_remaining_in_the_budget_sheet_and_on_the_year_page(cast, approved):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    end_cover(year, siti, from_month=2, cause="pindah", by=cast.admin)
    sheet = budget_sheet(year)[0]
    assert [r["people"] for r in sheet["rows"]] == [3, 2, 2]
    assert sheet["committed"] == 7 * MONTH
    assert sheet["uncommitted"] == 2 * MONTH
    assert funder_totals(year)[0]["remaining"] == 2 * MONTH
    assert funder_remaining(apbd) == 2 * MONTH


def test_the_decree_list_reads_the_amended_rows(cast, approved, worker):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    end_cover(year, siti, from_month=3, cause="asn", by=cast.admin)
    pengganti = worker(name="Rina Pengganti")
    add_cover(year, pengganti, funder=apbd, from_month=3, reason="Pengganti Siti Aminah (ASN)", by=cast.admin)
    lines = {
        line.name: line for d in exports.decree_groups(apbd, full_nik=True) for v in d.villages for line in v.lines
    }
    assert (lines["Siti Aminah"].months_text, lines["Siti Aminah"].amount) == ("10/2021–11/2021", 2 * MONTH)
    assert (lines["Rina Pengganti"].months_text, lines["Rina Pengganti"].amount) == ("12/2021", MONTH)
    assert lines["Bambang Sutrisno"].amount == 3 * MONTH
    assert exports.decree_xlsx(apbd, full_nik=True)[1] == 4


def test_ending_from_the_first_funded_month_removes_the_whole_cover(cast, approved):
    year, siti = approved["year"], approved["people"][0]
    end_cover(year, siti, from_month=1, cause="ganda", by=cast.admin)
    row = Allocation.objects.get(person=siti)
    assert (row.funder_id, row.months, row.amount, row.outcome) == (None, 0, 0, Outcome.EXCLUDED)
    lines = explain(year, siti)
    assert lines[0] == "Dikeluarkan secara manual: Amandemen 1, mulai Oktober 2021: Data ganda"
    assert lines[-1].startswith("Amandemen 1: Kepesertaan Siti Aminah")


def test_the_explanation_names_the_amendment_not_a_lack_of_money(cast, approved):
    year, siti = approved["year"], approved["people"][0]
    end_cover(year, siti, from_month=3, cause="meninggal", by=cast.admin)
    lines = explain(year, siti)
    assert lines[0] == "Didanai 2 bulan oleh APBD Kukar (Oktober 2021 – November 2021), Rp 33.600."
    assert not any("sudah terpakai" in line for line in lines)
    assert lines[-1] == (
        f"Amandemen 1: Kepesertaan Siti Aminah ({siti.masked_nik}) berakhir mulai Desember 2021 (Meninggal dunia): "
        "APBD Kukar Rp 50.400 → Rp 33.600. Alasan: Meninggal dunia."
    )


def test_a_cover_split_over_two_funders_ends_on_both(cast, year2021, worker):
    siti = worker(name="Siti Aminah")
    # Neither can pay her whole period; both allow splitting, so together they cover her three months.
    csr = create_funder(
        year2021, {"kind": "csr", "name": "PT Tambang", "budget": MONTH, "allow_split": True}, by=cast.admin
    )
    apbd = create_funder(
        year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 2 * MONTH, "allow_split": True}, by=cast.admin
    )
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    assert sorted(Allocation.objects.values_list("funder_id", "months_mask")) == sorted([(csr.pk, 1), (apbd.pk, 6)])
    amendment = end_cover(year2021, siti, from_month=2, cause="meninggal", by=cast.admin)
    rows = list(Allocation.objects.values_list("funder_id", "months_mask", "amount", "outcome"))
    assert rows == [(csr.pk, 1, MONTH, Outcome.PARTIAL)]
    assert (amendment.changes["amount_before"], amendment.changes["amount_after"]) == (3 * MONTH, MONTH)


def test_adding_a_replacement_spends_the_freed_money_from_a_month_to_the_funders_last(cast, approved, worker):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    end_cover(year, siti, from_month=2, cause="meninggal", by=cast.admin)
    rina = worker(name="Rina Pengganti")
    before = rows_of(year, exclude=[rina])
    amendment = add_cover(year, rina, funder=apbd, from_month=2, reason="Pengganti Siti Aminah", by=cast.finance)

    row = Allocation.objects.get(person=rina)
    assert (row.funder_id, row.month_indexes(), row.amount, row.outcome) == (apbd.pk, [2, 3], 2 * MONTH, "partial")
    assert rows_of(year, exclude=[rina]) == before
    assert funder_remaining(apbd) == 0
    assert amendment.number == 2 and amendment.closed_at is not None
    assert amendment.changes["funder_remaining_before"] == 2 * MONTH
    assert amendment.changes["funder_remaining_after"] == 0
    assert amendment.changes["months_after"] == [2, 3] and amendment.changes["amount_after"] == 2 * MONTH
    entry = AuditEntry.objects.get(action="funding.amendment.cover_added")
    assert entry.actor == cast.finance and entry.data["funder"] == apbd.pk and entry.region_code == VILLAGE_A
    year.refresh_from_db()
    assert year.status == YearStatus.APPROVED
    assert "Amandemen 2: Rina Pengganti" in explain(year, rina)[-1]


def test_an_unfunded_persons_row_is_replaced_and_a_newcomer_ranks_last(cast, year2021, worker):
    siti, bambang = worker(name="Siti Aminah"), worker(name="Bambang Sutrisno")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 4 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    unfunded = Allocation.objects.get(person=bambang)
    assert unfunded.outcome == Outcome.NO_BUDGET
    end_cover(year2021, siti, from_month=3, cause="meninggal", by=cast.admin)
    add_cover(year2021, bambang, funder=apbd, from_month=3, reason="Pengganti Siti Aminah", by=cast.admin)
    row = Allocation.objects.get(person=bambang)
    assert (row.funder_id, row.months, row.rank) == (apbd.pk, 1, unfunded.rank)
    newcomer = worker(name="Rina Terverifikasi Belakangan")  # verified after the run: no row at all
    add_cover(year2021, newcomer, funder=apbd, from_month=3, reason="Belum ada di alokasi", by=cast.admin)
    assert Allocation.objects.get(person=newcomer).rank == 3
    assert funder_remaining(apbd) == 0


def assert_nothing_changed(year, rows_before, amendments_before=0):
    assert rows_of(year) == rows_before
    assert Amendment.objects.count() == amendments_before
    assert not AuditEntry.objects.filter(action__startswith="funding.amendment").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"from_month": 0}, "Bulan ke-0 di luar periode program: pilih bulan ke-1 sampai ke-3"),
        ({"from_month": 4}, "Bulan ke-4 di luar periode program"),
        ({"cause": "bosan"}, "Pilih alasan berakhirnya kepesertaan: Meninggal dunia, Pindah domisili"),
        ({"cause": "lain", "note": "pendek"}, "Untuk alasan lain-lain, tulis keterangannya"),
    ],
)
def test_an_invalid_end_is_refused_and_nothing_changes(cast, approved, kwargs, message):
    year, siti = approved["year"], approved["people"][0]
    before = rows_of(year)
    args = {"from_month": 2, "cause": "meninggal", "note": ""} | kwargs
    with pytest.raises(DomainError, match=message):
        end_cover(year, siti, by=cast.admin, **args)
    assert_nothing_changed(year, before)


def test_ending_someone_not_funded_is_refused(cast, approved, worker):
    year = approved["year"]
    late = worker(name="Datang Belakangan")
    before = rows_of(year)
    with pytest.raises(DomainError, match=re.escape(f"Datang Belakangan ({late.masked_nik}) tidak didanai pada tahun")):
        end_cover(year, late, from_month=2, cause="meninggal", by=cast.admin)
    assert_nothing_changed(year, before)


def test_ending_before_the_first_funded_month_or_after_the_last_is_refused(cast, year2021, worker):
    siti = worker(name="Siti Aminah")
    create_funder(
        year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH, "first_month": 2}, by=cast.admin
    )
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    before = rows_of(year2021)
    with pytest.raises(DomainError, match="sebelum bulan pertama yang didanai untuk Siti Aminah, yaitu bulan ke-2"):
        end_cover(year2021, siti, from_month=1, cause="meninggal", by=cast.admin)
    assert_nothing_changed(year2021, before)
    end_cover(year2021, siti, from_month=3, cause="meninggal", by=cast.admin)
    with pytest.raises(DomainError, match=r"sudah berakhir pada bulan ke-2 \(November 2021\)"):
        end_cover(year2021, siti, from_month=3, cause="meninggal", by=cast.admin)
    assert Amendment.objects.count() == 1


def test_amendments_on_a_draft_year_are_refused(cast, approved, worker):
    year, siti, apbd = approved["year"], approved["people"][0], approved["apbd"]
    open_amendment(year, reason="Revisi anggaran perubahan", by=cast.admin)
    before = rows_of(year)
    with pytest.raises(DomainError, match="belum disetujui, jadi daftarnya belum terkunci"):
        end_cover(year, siti, from_month=2, cause="meninggal", by=cast.admin)
    with pytest.raises(DomainError, match="belum disetujui"):
        add_cover(year, worker(), funder=apbd, from_month=2, reason="Pengganti Siti Aminah", by=cast.admin)
    assert rows_of(year) == before
    assert Amendment.objects.count() == 1  # the full reopening only
    assert not AuditEntry.objects.filter(action__startswith="funding.amendment").exists()


@pytest.fixture
def room(cast, approved):
    """Siti's December freed, so APBD Kukar has one person-month left."""
    end_cover(approved["year"], approved["people"][0], from_month=3, cause="meninggal", by=cast.admin)
    AuditEntry.objects.filter(action__startswith="funding.amendment").delete()
    return approved


def test_adding_beyond_the_remaining_budget_says_how_much_is_left_and_needed(cast, room, worker):
    year, apbd = room["year"], room["apbd"]
    rina = worker(name="Rina Pengganti")
    before = rows_of(year)
    with pytest.raises(DomainError) as err:
        add_cover(year, rina, funder=apbd, from_month=2, reason="Pengganti Siti Aminah", by=cast.admin)
    assert err.value.message == (
        "Sisa pagu APBD Kukar Rp 16.800, sedangkan Rina Pengganti selama 2 bulan (November 2021 – Desember 2021) "
        "membutuhkan Rp 33.600 (Rp 16.800 per bulan). Kurang Rp 16.800: pilih bulan yang lebih akhir atau "
        "penyandang dana lain."
    )
    assert_nothing_changed(year, before, amendments_before=1)


def test_adding_an_ineligible_blocked_or_already_funded_person_is_refused(cast, room, worker):
    year, apbd, bambang = room["year"], room["apbd"], room["people"][1]
    young = worker(name="Masih Muda", birth=date(2008, 1, 1))
    rizki = worker(name="Muhammad Rizki", birth=date(1980, 5, 12))
    from lindung.dedup.services import upload_reference_list

    csv = f"No,NIK,Nama,Tanggal Lahir\n1,{rizki.nik},MUHAMMAD RIZKI,12-05-1980\n".encode()
    upload_reference_list(
        SimpleUploadedFile("provinsi.csv", csv, content_type="text/csv"),
        by=cast.verifier_all,
        name="Peserta BPU Provinsi 2021",
        kind="other_funder",
    )
    before = rows_of(year)
    cases = [
        (young, "Masih Muda .* tidak memenuhi syarat tahun 2021: Usia 13 tahun"),
        (rizki, "diblokir oleh pemeriksaan duplikat/daftar rujukan"),
        (bambang, "sudah didanai pada tahun 2021 \\(APBD Kukar bulan ke-1, 2, 3\\)"),
    ]
    for person, message in cases:
        with pytest.raises(DomainError, match=message):
            add_cover(year, person, funder=apbd, from_month=3, reason="Pengganti Siti Aminah", by=cast.admin)
    assert_nothing_changed(year, before, amendments_before=1)


def test_adding_outside_the_funders_months_or_restrictions_is_refused(cast, year2021, worker):
    siti = worker(name="Siti Aminah", village_code=VILLAGE_A)
    loa_kulu = worker(name="Warga Loa Kulu", village_code=VILLAGE_B)
    later = worker(name="Rina Pengganti", village_code=VILLAGE_A)
    csr = create_funder(
        year2021,
        {"kind": "csr", "name": "PT Tambang", "budget": 6 * MONTH, "districts": ["64.02.06"], "last_month": 2},
        by=cast.admin,
    )
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    end_cover(year2021, siti, from_month=1, cause="ganda", by=cast.admin)
    before = rows_of(year2021)
    with pytest.raises(DomainError, match=r"PT Tambang mendanai bulan ke-1 sampai ke-2 .*bulan ke-3 \(Desember 2021\)"):
        add_cover(year2021, later, funder=csr, from_month=3, reason="Pengganti Siti Aminah", by=cast.admin)
    with pytest.raises(DomainError, match=r"Batasan PT Tambang \(wilayah/pekerjaan\) tidak menerima Warga Loa Kulu"):
        add_cover(year2021, loa_kulu, funder=csr, from_month=1, reason="Pengganti Siti Aminah", by=cast.admin)
    with pytest.raises(DomainError, match="Tulis alasan penambahan"):
        add_cover(year2021, later, funder=csr, from_month=1, reason="ganti", by=cast.admin)
    with pytest.raises(DomainError, match="Bulan ke-13 di luar periode"):
        add_cover(year2021, later, funder=csr, from_month=13, reason="Pengganti Siti Aminah", by=cast.admin)
    assert rows_of(year2021) == before and Amendment.objects.count() == 1


def test_a_funder_of_another_year_is_refused(cast, approved, worker, year_data):
    from lindung.programmes.services import create_year

    other_year = create_year(year_data(year=2022, period_start=date(2022, 1, 1)), by=cast.admin)
    rina = worker(name="Rina Pengganti")
    other = create_funder(other_year, {"kind": "apbd_kab", "name": "APBD 2022", "budget": 3 * MONTH}, by=cast.admin)
    with pytest.raises(DomainError, match="APBD 2022 bukan penyandang dana tahun program 2021"):
        add_cover(approved["year"], rina, funder=other, from_month=1, reason="Pengganti Siti Aminah", by=cast.admin)
    assert not Allocation.objects.filter(person=rina).exists()


def test_two_officers_holding_the_same_funder_cannot_both_spend_its_last_month(cast, room, worker):
    # Both loaded the page (and the funder) while one month was left; the service re-reads the
    # funder's rows under its lock, so the second add sees the first one's spending.
    year, apbd = room["year"], room["apbd"]
    stale_year, stale_funder = type(year).objects.get(pk=year.pk), type(apbd).objects.get(pk=apbd.pk)
    first, second = worker(name="Rina Pengganti"), worker(name="Dewi Pengganti")
    add_cover(year, first, funder=apbd, from_month=3, reason="Pengganti Siti Aminah", by=cast.admin)
    with pytest.raises(DomainError, match=r"Sisa pagu APBD Kukar Rp 0, .* membutuhkan Rp 16.800"):
        add_cover(
            stale_year, second, funder=stale_funder, from_month=3, reason="Pengganti Siti Aminah", by=cast.finance
        )
    assert sum(Allocation.objects.filter(funder=apbd).values_list("amount", flat=True)) == apbd.budget
    assert list(Amendment.objects.values_list("number", flat=True)) == [1, 2]


@pytest.fixture
def year2026(cast, year_data, worker):
    """February–May 2026 for a CSR: PP 50/2025 halves April and May for non-transport workers."""
    from lindung.programmes.services import create_year

    year = create_year(year_data(year=2026, period_start=date(2026, 2, 1), months=4), by=cast.admin)
    siti = worker(name="Siti Aminah")
    csr = create_funder(year, {"kind": "csr", "name": "PT Tambang", "budget": 20 * MONTH}, by=cast.admin)
    allocate_year(year, by=cast.admin)
    approve_year(year, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    return {"year": year, "siti": siti, "csr": csr}


def test_an_added_person_is_priced_month_by_month_and_ended_the_same_way(cast, year2026, worker):
    year, csr = year2026["year"], year2026["csr"]
    rina = worker(name="Rina Pengganti")
    add_cover(year, rina, funder=csr, from_month=1, reason="Tambahan dari sisa pagu CSR", by=cast.admin)
    row = Allocation.objects.get(person=rina)
    assert row.amount == 2 * MONTH + 2 * 8_400  # February, March full; April, May halved
    amendment = end_cover(year, rina, from_month=4, cause="pindah", by=cast.admin)
    row.refresh_from_db()
    assert (row.month_indexes(), row.amount) == ([1, 2, 3], 2 * MONTH + 8_400)
    assert amendment.changes["amount_after"] == 42_000


def test_a_row_written_at_a_flat_rate_keeps_its_own_monthly_amount(cast, year2026):
    year, siti = year2026["year"], year2026["siti"]
    Allocation.objects.filter(person=siti).update(months_mask=0b1111, months=4, amount=4 * MONTH)
    end_cover(year, siti, from_month=4, cause="meninggal", by=cast.admin)
    assert Allocation.objects.get(person=siti).amount == 3 * MONTH
