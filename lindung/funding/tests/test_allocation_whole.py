"""Whole periods by one funder (issue 9): people are protected, not months spread thin."""

from datetime import date

import pytest

from conftest import VILLAGE_A, VILLAGE_A2, VILLAGE_B
from lindung.funding.models import Allocation, Funder, Outcome
from lindung.funding.services import allocate_year, create_funder, explain, funder_totals
from lindung.programmes.services import create_year, update_year

PASSWORD = "sandi-uji-123"
MONTH = 16_800  # 2025 lies outside the PP 50/2025 window: every funder pays in full
YEAR = 12 * MONTH


@pytest.fixture
def year2025(cast, year_data):
    return create_year(year_data(year=2025, period_start=date(2025, 1, 1), months=12), by=cast.admin)


def rows_by_person(year):
    out: dict[int, list[Allocation]] = {}
    for row in Allocation.objects.filter(programme_year=year).select_related("funder"):
        out.setdefault(row.person_id, []).append(row)
    return out


def test_a_village_fund_sized_for_100_people_for_a_year_covers_100_people_for_twelve_months(cast, year2025, worker):
    people = [worker(village_code=VILLAGE_A) for _ in range(400)]
    fund = create_funder(
        year2025,
        {"kind": "dana_desa", "name": "Dana Desa Mangkurawang", "village": VILLAGE_A, "budget": 100 * YEAR},
        by=cast.admin,
    )
    # A sponsor paying April-June only used to cut the year into segments that spread the village's money.
    sponsor = create_funder(
        year2025,
        {"kind": "csr", "name": "PT Sponsor", "budget": 50 * 3 * MONTH, "first_month": 4, "last_month": 6},
        by=cast.admin,
    )
    summary = allocate_year(year2025, by=cast.admin)

    rows = rows_by_person(year2025)
    village_rows = [r for got in rows.values() for r in got if r.funder_id == fund.pk]
    assert len(village_rows) == 100
    assert {(r.months, r.months_mask, r.amount, r.outcome) for r in village_rows} == {(12, 0xFFF, YEAR, Outcome.FUNDED)}
    assert [rows[p.pk][0].funder_id for p in people[:100]] == [fund.pk] * 100  # priority order first
    assert [rows[p.pk][0].funder_id for p in people[100:150]] == [sponsor.pk] * 50
    assert all(len(got) == 1 for got in rows.values())  # nobody split, nobody twice
    assert summary["outcomes"] == {Outcome.FUNDED: 150, Outcome.NO_BUDGET: 250}
    assert summary["person_months"] == 100 * 12 + 50 * 3
    for total in funder_totals(year2025):
        assert total["amount"] <= total["funder"].budget
    assert explain(year2025, people[0])[0] == (
        "Didanai penuh 12 bulan oleh Dana Desa Mangkurawang (Januari 2025 – Desember 2025), Rp 201.600."
    )
    lines = explain(year2025, people[-1])
    assert lines[0].startswith("Belum didanai: pagu Dana Desa Mangkurawang, PT Sponsor sudah habis")
    assert "tidak dibagi ke sebagian bulan" in lines[0]


def test_the_money_left_is_not_spread_unless_the_funder_allows_splitting(cast, year2025, worker):
    first, second = worker(), worker()
    apbd = create_funder(
        year2025, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": YEAR + 8 * MONTH}, by=cast.admin
    )
    allocate_year(year2025, by=cast.admin)
    assert Allocation.objects.get(person=first).outcome == Outcome.FUNDED
    assert Allocation.objects.get(person=second).outcome == Outcome.NO_BUDGET
    assert Funder.objects.get(pk=apbd.pk).allow_split is False

    apbd.allow_split = True
    apbd.save()
    allocate_year(year2025, by=cast.admin)
    row = Allocation.objects.get(person=second)
    assert (row.funder_id, row.month_indexes(), row.amount, row.outcome) == (
        apbd.pk,
        [1, 2, 3, 4, 5, 6, 7, 8],
        8 * MONTH,
        Outcome.PARTIAL,
    )
    lines = explain(year2025, second)
    assert lines[0] == "Didanai 8 bulan oleh APBD Kukar (Januari 2025 – Agustus 2025), Rp 134.400."
    assert "APBD Kukar boleh membiayai sebagian bulan" in lines[1]
    assert "paling sedikit 6 bulan per orang" in lines[1]


def test_a_person_is_split_across_two_funders_only_where_each_allows_it(cast, year2025, worker):
    person = worker(village_code=VILLAGE_A2)
    csr = create_funder(
        year2025,
        {"kind": "csr", "name": "PT Sponsor", "budget": 7 * MONTH, "districts": ["64.02.06"], "allow_split": True},
        by=cast.admin,
    )
    apbd = create_funder(
        year2025, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 7 * MONTH, "allow_split": True}, by=cast.admin
    )
    allocate_year(year2025, by=cast.admin)
    got = {r.funder_id: r.month_indexes() for r in Allocation.objects.filter(person=person)}
    assert got == {csr.pk: [1, 2, 3, 4, 5, 6, 7], apbd.pk: [8, 9, 10, 11, 12]}
    assert set(Allocation.objects.filter(person=person).values_list("outcome", flat=True)) == {Outcome.PARTIAL}
    assert explain(year2025, person)[0] == (
        "Didanai sebagian, 12 bulan: 7 bulan oleh PT Sponsor (Januari 2025 – Juli 2025), Rp 117.600; "
        "5 bulan oleh APBD Kukar (Agustus 2025 – Desember 2025), Rp 84.000."
    )

    update_apbd = Funder.objects.get(pk=apbd.pk)
    update_apbd.allow_split = False
    update_apbd.save()
    allocate_year(year2025, by=cast.admin)
    # The sponsor alone may still split, but 7 months is all it has: the regency takes no part.
    assert {r.funder_id: r.month_indexes() for r in Allocation.objects.filter(person=person)} == {
        csr.pk: [1, 2, 3, 4, 5, 6, 7]
    }


def test_a_sponsors_short_period_is_completed_by_the_regency_only_if_the_regency_allows_splitting(
    cast, year2025, worker
):
    person, other = worker(village_code=VILLAGE_A2), worker(village_code=VILLAGE_B)
    csr = create_funder(
        year2025,
        {
            "kind": "csr",
            "name": "PT Sponsor",
            "budget": 6 * MONTH,
            "first_month": 4,
            "last_month": 9,
            "districts": ["64.02.06"],
        },
        by=cast.admin,
    )
    apbd = create_funder(
        year2025, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": YEAR + 6 * MONTH}, by=cast.admin
    )
    allocate_year(year2025, by=cast.admin)
    assert list(Allocation.objects.filter(person=person).values_list("funder_id", "months")) == [(csr.pk, 6)]
    assert list(Allocation.objects.filter(person=other).values_list("funder_id", "months")) == [(apbd.pk, 12)]
    apbd.allow_split = True
    apbd.save()
    allocate_year(year2025, by=cast.admin)
    rows = {r.funder_id: (r.month_indexes(), r.outcome) for r in Allocation.objects.filter(person=person)}
    assert rows == {csr.pk: ([4, 5, 6, 7, 8, 9], Outcome.FUNDED), apbd.pk: ([1, 2, 3, 10, 11, 12], Outcome.PARTIAL)}
    assert year2025.__class__.objects.get(pk=year2025.pk).allocation_summary["outcomes"] == {Outcome.FUNDED: 2}
    assert explain(year2025, person)[:3] == [
        "Didanai penuh 6 bulan oleh PT Sponsor (April 2025 – September 2025), Rp 100.800.",
        "Ditambah 6 bulan oleh APBD Kukar (Januari 2025 – Maret 2025, Oktober 2025 – Desember 2025), Rp 100.800: "
        "jumlahnya 12 bulan.",
        "APBD Kukar boleh membiayai sebagian bulan: sisa pagunya, sesudah semua orang yang bisa didanai penuh, "
        "menambah bulan di luar periode penyandang dana pertama.",
    ]


def test_a_split_shorter_than_the_minimum_cover_is_not_made_and_the_reason_says_so(cast, year2025, worker):
    person = worker()
    create_funder(
        year2025, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 5 * MONTH, "allow_split": True}, by=cast.admin
    )
    allocate_year(year2025, by=cast.admin)
    assert Allocation.objects.get(person=person).outcome == Outcome.NO_BUDGET
    assert explain(year2025, person)[1] == (
        "APBD Kukar boleh membiayai sebagian bulan, tetapi sisa pagunya tidak cukup untuk paling sedikit 6 bulan."
    )


def test_the_minimum_cover_is_dated_configuration_copied_onto_the_year(cast, year_data):
    from lindung.programmes.models import RateSchedule

    rates = RateSchedule.in_force(date(2025, 1, 1))
    assert rates.min_cover_months == 6
    assert "PROBIS" in rates.source
    rates.min_cover_months = 4
    rates.save()
    year = create_year(year_data(year=2025, period_start=date(2025, 1, 1), months=12), by=cast.admin)
    assert year.min_cover_months == 4
    rates.min_cover_months = 8
    rates.save()
    assert update_year(year, {"name": "Ubah"}, by=cast.admin).min_cover_months == 8  # a draft follows the rates


def test_higher_priority_people_are_covered_whole_before_anyone_is_split(cast, year2025, worker):
    farmer = worker(occupation="petani")
    fisher = worker(occupation="nelayan")
    year = update_year(year2025, {"priority_occupations": ["nelayan"]}, by=cast.admin)
    create_funder(
        year, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": YEAR + 7 * MONTH, "allow_split": True}, by=cast.admin
    )
    allocate_year(year, by=cast.admin)
    assert Allocation.objects.get(person=fisher).months == 12
    assert Allocation.objects.get(person=farmer).months == 7


def test_the_funder_form_and_the_year_page_show_whether_a_funder_may_split(client, cast, year2025, worker):
    worker()
    client.login(username="admin", password=PASSWORD)
    form = client.get("/pendanaan/2025/baru/").content.decode()
    assert "Boleh membiayai sebagian bulan" in form
    assert "setiap pekerja didanai penuh selama seluruh periode penyandang dana ini" in form
    response = client.post(
        "/pendanaan/2025/baru/",
        {"kind": "csr", "name": "PT Sponsor", "budget": 3 * MONTH, "first_month": 1, "last_month": 3},
        follow=True,
    )
    page = response.content.decode()
    assert "Periode PT Sponsor 3 bulan kurang dari masa kepesertaan minimum 6 bulan" in page  # warned, saved
    assert Funder.objects.get(name="PT Sponsor").allow_split is False
    client.post(
        "/pendanaan/2025/baru/",
        {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 5 * MONTH, "first_month": 1, "allow_split": "on"},
    )
    assert Funder.objects.get(name="APBD Kukar").allow_split is True
    page = client.get("/program/2025/").content.decode()
    assert "boleh sebagian bulan" in page
    assert "kurang dari 6 bulan" in page
    assert '<dd id="min-cover">6 bulan' in page
