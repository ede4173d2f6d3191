"""Approving a year is a decision: a numbered, dated decree, the totals confirmed, never a stale allocation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from lindung.errors import DomainError
from lindung.funding.services import adjust_person, allocate_year, create_funder, update_funder
from lindung.programmes.models import ProgrammeYear, YearStatus
from lindung.programmes.services import approve_year

PASSWORD = "sandi-uji-123"
SK = {"decree_number": "500/77/HK/2021", "decree_date": date(2021, 9, 20)}


@pytest.fixture
def allocated(cast, year2021, worker):
    people = [worker(name=n) for n in ("Siti Aminah", "Bambang Sutrisno")]
    funder = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 10_000_000}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    year2021.refresh_from_db()
    return {"year": year2021, "people": people, "funder": funder}


@pytest.mark.parametrize("missing", ["decree_number", "decree_date"])
def test_approval_needs_the_decree_number_and_date(cast, allocated, missing):
    with pytest.raises(DomainError) as exc:
        approve_year(allocated["year"], by=cast.admin, **{**SK, missing: "" if missing == "decree_number" else None})
    assert "SK Bupati" in exc.value.message
    assert ProgrammeYear.objects.get().status == YearStatus.DRAFT


def test_a_funder_added_after_the_allocation_makes_it_stale(cast, allocated):
    create_funder(allocated["year"], {"kind": "csr", "name": "PT Baru", "budget": 5_000_000}, by=cast.admin)
    with pytest.raises(DomainError) as exc:
        approve_year(allocated["year"], by=cast.admin, **SK)
    assert "Penyandang dana PT Baru ditambahkan sesudah alokasi" in exc.value.message
    allocate_year(allocated["year"], by=cast.admin)
    approve_year(allocated["year"], by=cast.admin, **SK)
    assert ProgrammeYear.objects.get().status == YearStatus.APPROVED


def test_an_adjustment_or_a_changed_funder_after_the_allocation_makes_it_stale(cast, allocated):
    adjust_person(
        allocated["year"], allocated["people"][0], kind="exclude", reason="Sudah ikut program desa", by=cast.admin
    )
    with pytest.raises(DomainError) as exc:
        approve_year(allocated["year"], by=cast.admin, **SK)
    assert "1 penyesuaian manual ditambahkan sesudah alokasi" in exc.value.message
    allocate_year(allocated["year"], by=cast.admin)
    update_funder(allocated["funder"], {"budget": 9_000_000}, by=cast.admin)
    with pytest.raises(DomainError) as exc:
        approve_year(allocated["year"], by=cast.admin, **SK)
    assert "Penyandang dana APBD Kukar diubah sesudah alokasi" in exc.value.message


def test_an_allocation_run_after_the_confirmation_page_was_opened_is_refused(cast, allocated):
    seen = allocated["year"].allocated_at
    allocate_year(allocated["year"], by=cast.admin)
    with pytest.raises(DomainError) as exc:
        approve_year(allocated["year"], by=cast.admin, allocated_at=seen, **SK)
    assert "dijalankan lagi" in exc.value.message


def test_the_first_press_shows_the_totals_and_only_the_confirmation_approves(client, cast, allocated):
    client.login(username="admin", password=PASSWORD)
    page = client.post("/program/2021/setujui/", {"decree_number": "500/77/HK/2021", "decree_date": "20/09/2021"})
    text = page.content.decode()
    assert "Setujui dan kunci tahun program 2021?" in text
    assert "2 orang" in text and "APBD Kukar" in text
    assert ProgrammeYear.objects.get().status == YearStatus.DRAFT
    allocated_at = ProgrammeYear.objects.get().allocated_at.isoformat()
    refused = client.post(
        "/program/2021/setujui/",
        {"decree_number": "", "decree_date": "", "confirm": "ya", "allocated_at": allocated_at},
    ).content.decode()
    assert "Isi nomor SK Bupati" in refused and "Isi tanggal SK Bupati" in refused
    done = client.post(
        "/program/2021/setujui/",
        {"decree_number": "500/77/HK/2021", "decree_date": "20/09/2021", "confirm": "ya", "allocated_at": allocated_at},
        follow=True,
    ).content.decode()
    year = ProgrammeYear.objects.get()
    assert year.status == YearStatus.APPROVED and year.decree_date == date(2021, 9, 20)
    assert "Disetujui oleh" in done and "tanggal 20 September 2021" in done


def test_the_approval_day_is_the_regencys_day_not_utcs(cast, allocated):
    year = approve_year(allocated["year"], by=cast.admin, **SK)
    # 07.30 WITA on 2 December is still 1 December in UTC.
    year.approved_at = datetime(2026, 12, 2, 7, 30, tzinfo=ZoneInfo("Asia/Makassar"))
    with pytest.raises(DomainError) as exc:
        year.require_editable()
    assert "pada 2 Desember 2026" in exc.value.message
    assert timezone.get_current_timezone_name() == "Asia/Makassar"
