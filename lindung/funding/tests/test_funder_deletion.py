"""Deleting a funder entered by mistake: only on a draft year without realisations, and the run goes stale."""

from datetime import date

import pytest

from lindung.audit.models import AuditEntry
from lindung.errors import DomainError
from lindung.funding.amendments import delete_funder, deletion_effects
from lindung.funding.models import Adjustment, Allocation, Funder, FunderUser, Realisation
from lindung.funding.services import (
    adjust_person,
    allocate_year,
    create_funder,
    link_sponsor,
)
from lindung.programmes.services import approve_year, open_amendment

DECREE_DATE = date(2021, 9, 20)

MONTH = 16_800


@pytest.fixture
def mistaken(cast, year2021, worker):
    """A CSR entered twice by mistake, with a pinned person, a sponsor login and allocation rows."""
    siti, bambang = worker(name="Siti Aminah"), worker(name="Bambang Sutrisno")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 6 * MONTH}, by=cast.admin)
    twice = create_funder(year2021, {"kind": "csr", "name": "PT Tambang (dobel)", "budget": 3 * MONTH}, by=cast.admin)
    adjust_person(year2021, siti, kind="pin", funder=twice, reason="Permintaan PT Tambang", by=cast.admin)
    link_sponsor(twice, cast.sponsor, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    year2021.refresh_from_db()
    return {"year": year2021, "apbd": apbd, "twice": twice, "siti": siti, "bambang": bambang}


def test_deleting_a_funder_takes_its_rows_pins_and_sponsor_links_and_the_run_goes_stale(cast, mistaken):
    year, twice, apbd = mistaken["year"], mistaken["twice"], mistaken["apbd"]
    effects = deletion_effects(twice)
    assert (effects["people"], effects["amount"], effects["realisations"]) == (1, 3 * MONTH, 0)
    assert [a.person for a in effects["pins"]] == [mistaken["siti"]]
    assert [link.user for link in effects["users"]] == [cast.sponsor]
    apbd_rows = list(Allocation.objects.filter(funder=apbd).values_list("person_id", "months_mask", "amount"))

    delete_funder(twice, by=cast.admin)

    assert not Funder.objects.filter(pk=twice.pk).exists()
    assert not Allocation.objects.filter(funder_id=twice.pk).exists()
    assert not Adjustment.objects.exists() and not FunderUser.objects.exists()
    assert list(Allocation.objects.filter(funder=apbd).values_list("person_id", "months_mask", "amount")) == apbd_rows
    year.refresh_from_db()
    assert year.allocated_at is None
    assert (
        year.allocation_summary["stale"]
        == "Penyandang dana PT Tambang (dobel) dihapus; 1 baris alokasinya ikut terhapus."
    )
    entry = AuditEntry.objects.get(action="funding.funder.deleted")
    assert entry.actor == cast.admin and entry.target_id == str(twice.pk)
    assert entry.data["funder"]["name"] == "PT Tambang (dobel)" and entry.data["funder"]["budget"] == 3 * MONTH
    assert entry.data["pins_removed"] == [mistaken["siti"].pk] and entry.data["users_unlinked"] == ["sponsor"]
    assert (entry.data["allocation_rows"], entry.data["amount"]) == (1, 3 * MONTH)


def test_approval_is_refused_until_the_allocation_runs_again(cast, mistaken):
    year = mistaken["year"]
    delete_funder(mistaken["twice"], by=cast.admin)
    with pytest.raises(DomainError, match="Hasil alokasi tahun 2021 sudah tidak berlaku: Penyandang dana PT Tambang"):
        approve_year(year, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    allocate_year(year, by=cast.admin)
    year.refresh_from_db()
    assert "stale" not in year.allocation_summary
    approve_year(year, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    assert set(Allocation.objects.funded().values_list("funder__name", flat=True)) == {"APBD Kukar"}


def test_a_funder_without_rows_goes_without_making_the_run_stale(cast, mistaken):
    year = mistaken["year"]
    unused = create_funder(year, {"kind": "donor", "name": "Donatur", "budget": 3 * MONTH}, by=cast.admin)
    delete_funder(unused, by=cast.admin)
    year.refresh_from_db()
    assert year.allocated_at is not None and "stale" not in year.allocation_summary
    approve_year(year, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)


def test_a_funder_of_an_approved_year_cannot_be_deleted(cast, mistaken):
    year, twice = mistaken["year"], mistaken["twice"]
    approve_year(year, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    with pytest.raises(DomainError, match="sudah disetujui dan PT Tambang \\(dobel\\) tercantum dalam daftarnya"):
        delete_funder(twice, by=cast.admin)
    assert Funder.objects.filter(pk=twice.pk).exists() and Allocation.objects.filter(funder=twice).exists()
    assert not AuditEntry.objects.filter(action="funding.funder.deleted").exists()
    # Reopened by a recorded amendment, the year is a draft again and the mistake can go.
    open_amendment(year, reason="Sponsor tercatat dua kali", by=cast.admin)
    delete_funder(twice, by=cast.admin)
    assert not Funder.objects.filter(pk=twice.pk).exists()


def test_a_funder_with_a_realisation_cannot_be_deleted(cast, mistaken):
    twice = mistaken["twice"]
    # A realisation kept from the time it was typed in by hand (payments write them now).
    Realisation.objects.create(funder=twice, month=1, amount=MONTH)
    with pytest.raises(DomainError) as err:
        delete_funder(twice, by=cast.admin)
    assert err.value.message.startswith(
        "Sudah ada realisasi pembayaran PT Tambang (dobel) (bulan ke-1, jumlah Rp 16.800): uang itu sudah dibayarkan"
    )
    assert Funder.objects.filter(pk=twice.pk).exists()
    assert Adjustment.objects.exists() and FunderUser.objects.exists()
    assert Allocation.objects.filter(funder=twice).exists()
    mistaken["year"].refresh_from_db()
    assert mistaken["year"].allocated_at is not None


def test_a_funder_cannot_go_while_the_years_allocation_is_running(cast, mistaken):
    from django.utils import timezone

    from lindung.jobs.models import Job

    job = Job.objects.create(
        kind="funding.allocate", params={"year": 2021}, status="running", started_at=timezone.now()
    )
    with pytest.raises(DomainError, match="Alokasi tahun 2021 sedang berjalan"):
        delete_funder(mistaken["twice"], by=cast.admin)
    assert Funder.objects.filter(pk=mistaken["twice"].pk).exists()
    Job.objects.filter(pk=job.pk).update(status="done", finished_at=timezone.now())
    delete_funder(mistaken["twice"], by=cast.admin)
    assert not Funder.objects.filter(pk=mistaken["twice"].pk).exists()
