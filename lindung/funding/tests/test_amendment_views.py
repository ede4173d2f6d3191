"""The pages for a one-person amendment and for deleting a funder: who may, what they show, what they change."""

from datetime import date

import pytest

from lindung.audit.models import AuditEntry
from lindung.funding.models import Allocation, Funder
from lindung.funding.services import allocate_year, create_funder, link_sponsor
from lindung.programmes.models import Amendment
from lindung.programmes.services import approve_year

DECREE_DATE = date(2021, 9, 20)

PASSWORD = "sandi-uji-123"
MONTH = 16_800


@pytest.fixture
def approved(cast, year2021, worker):
    siti, bambang = worker(name="Siti Aminah"), worker(name="Bambang Sutrisno")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 6 * MONTH}, by=cast.admin)
    link_sponsor(apbd, cast.sponsor, by=cast.admin)  # even its own sponsor may not amend
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    return {"year": year2021, "siti": siti, "bambang": bambang, "apbd": apbd}


def as_user(client, username):
    client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("username", ["operator_a", "sponsor", "auditor", "verifier_all", "outsider"])
def test_only_admin_and_finance_open_or_post_the_amendment_page(client, approved, username):
    siti = approved["siti"]
    as_user(client, username)
    assert client.get("/pendanaan/2021/amandemen/", {"nik": siti.nik}).status_code == 403
    post = {"kind": "end", "end-nik": siti.nik, "end-from_month": 2, "end-cause": "meninggal"}
    assert client.post("/pendanaan/2021/amandemen/", post).status_code == 403
    assert Allocation.objects.get(person=siti).months == 3 and not Amendment.objects.exists()


@pytest.mark.parametrize("username", ["admin", "finance"])
def test_finance_and_admin_end_a_cover_and_add_a_replacement_on_the_page(client, approved, worker, username):
    siti, apbd = approved["siti"], approved["apbd"]
    as_user(client, username)
    page = client.get("/pendanaan/2021/amandemen/", {"nik": siti.nik}).content.decode()
    assert "Didanai penuh 3 bulan oleh APBD Kukar (Oktober 2021 – Desember 2021), Rp 50.400." in page
    assert f'value="{siti.nik}"' in page  # the forms start with this person's NIK
    rina = worker(name="Rina Pengganti")
    page = client.get("/pendanaan/2021/amandemen/", {"nik": rina.nik}).content.decode()
    assert "belum ada pada daftar yang disetujui: tambahkan lewat amandemen per orang" in page

    response = client.post(
        "/pendanaan/2021/amandemen/",
        {"kind": "end", "end-nik": siti.nik, "end-from_month": 2, "end-cause": "meninggal", "end-note": "Akta 1/2021"},
        follow=True,
    )
    page = response.content.decode()
    assert "Amandemen 1 dicatat. Kepesertaan Siti Aminah" in page
    assert "Didanai 1 bulan oleh APBD Kukar (Oktober 2021), Rp 16.800." in page
    assert Allocation.objects.get(person=siti).amount == MONTH
    year_page = client.get("/program/2021/").content.decode()
    assert "Sesudah amandemen per orang, komitmen kini <strong>Rp 67.200</strong>" in year_page

    response = client.post(
        "/pendanaan/2021/amandemen/",
        {
            "kind": "add",
            "add-nik": rina.nik,
            "add-funder": apbd.pk,
            "add-from_month": 2,
            "add-reason": "Pengganti Siti Aminah",
        },
        follow=True,
    )
    assert "Amandemen 2 dicatat. Rina Pengganti" in response.content.decode()
    assert Allocation.objects.get(person=rina).month_indexes() == [2, 3]
    assert AuditEntry.objects.filter(action__startswith="funding.amendment", actor__username=username).count() == 2

    year_page = client.get("/program/2021/").content.decode()
    assert "Amandemen per orang" in year_page
    assert "Amandemen 1, " in year_page and "berakhir mulai November 2021 (Meninggal dunia)" in year_page
    assert "ditambahkan ke APBD Kukar mulai November 2021 – Desember 2021" in year_page


def test_a_refusal_is_shown_on_the_form_and_nothing_changes(client, approved, worker):
    as_user(client, "finance")
    rina = worker(name="Rina Pengganti")
    response = client.post(
        "/pendanaan/2021/amandemen/",
        {
            "kind": "add",
            "add-nik": rina.nik,
            "add-funder": approved["apbd"].pk,
            "add-from_month": 1,
            "add-reason": "Pengganti Siti Aminah",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sisa pagu APBD Kukar Rp 0, sedangkan Rina Pengganti selama 3 bulan" in page
    assert "membutuhkan Rp 50.400 (Rp 16.800 per bulan). Kurang Rp 50.400" in page
    assert not Allocation.objects.filter(person=rina).exists() and not Amendment.objects.exists()
    unknown = client.post(
        "/pendanaan/2021/amandemen/",
        {"kind": "end", "end-nik": "6402069999990001", "end-from_month": 2, "end-cause": "pindah"},
    )
    assert "NIK 6402069999990001 tidak ada di registri." in unknown.content.decode()


def test_the_explanation_on_the_year_page_links_to_the_amendment_page(client, approved):
    siti = approved["siti"]
    link = f'href="/pendanaan/2021/amandemen/?nik={siti.nik}"'
    assert link in as_user(client, "finance").get("/program/2021/", {"nik": siti.nik}).content.decode()
    client.logout()
    page = as_user(client, "auditor").get("/program/2021/", {"nik": siti.nik}).content.decode()
    assert "oleh APBD Kukar" in page and link not in page and "Amandemen per orang" not in page


def test_reopening_the_whole_year_points_one_person_changes_to_the_amendment_page(client, approved):
    page = as_user(client, "admin").get("/program/2021/").content.decode()
    assert "perubahan per orang sebelumnya tidak ikut kecuali dicatat sebagai penyesuaian manual" in page
    assert '<a href="/pendanaan/2021/amandemen/">amandemen per orang</a>' in page


def test_the_page_says_a_draft_year_is_changed_by_adjustments_instead(client, cast, year2021):
    page = as_user(client, "admin").get("/pendanaan/2021/amandemen/").content.decode()
    assert "belum disetujui" in page and "Akhiri kepesertaan" not in page


# -- deleting a funder ---------------------------------------------------------------------


@pytest.fixture
def draft(cast, year2021, worker):
    worker(name="Siti Aminah")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}, by=cast.admin)
    twice = create_funder(year2021, {"kind": "csr", "name": "PT Dobel", "budget": 3 * MONTH, "rank": 1}, by=cast.admin)
    link_sponsor(twice, cast.sponsor, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    return {"year": year2021, "apbd": apbd, "twice": twice}


@pytest.mark.parametrize("username", ["finance", "auditor", "operator_a", "sponsor", "outsider"])
def test_only_the_admin_deletes_a_funder(client, draft, username):
    twice = draft["twice"]
    as_user(client, username)
    assert client.get(f"/pendanaan/dana/{twice.pk}/hapus/").status_code == 403
    assert client.post(f"/pendanaan/dana/{twice.pk}/hapus/").status_code == 403
    assert Funder.objects.filter(pk=twice.pk).exists()


def test_the_admin_confirms_and_the_year_page_asks_for_a_new_run(client, draft):
    twice = draft["twice"]
    as_user(client, "admin")
    assert (
        f'href="/pendanaan/dana/{twice.pk}/hapus/"' in client.get(f"/pendanaan/dana/{twice.pk}/ubah/").content.decode()
    )
    confirm = client.get(f"/pendanaan/dana/{twice.pk}/hapus/").content.decode()
    assert "Hasil alokasinya: 1 pekerja, Rp 50.400." in confirm
    assert "Akses pengguna sponsor: sponsor" in confirm and "Ya, hapus PT Dobel" in confirm
    page = client.post(f"/pendanaan/dana/{twice.pk}/hapus/", follow=True).content.decode()
    assert "PT Dobel dihapus. Jalankan alokasi lagi sebelum menyetujui." in page
    assert "Hasil alokasi sudah tidak berlaku." in page and "Setujui dan kunci" not in page
    assert not Funder.objects.filter(pk=twice.pk).exists()
    refused = client.post(
        "/program/2021/setujui/", {"decree_number": "1", "decree_date": "20/09/2021", "confirm": "ya"}, follow=True
    ).content.decode()
    assert "sudah tidak berlaku: Penyandang dana PT Dobel dihapus" in refused


def test_the_confirmation_page_explains_why_an_approved_years_funder_stays(client, draft, cast):
    approve_year(draft["year"], by=cast.admin, decree_number="500/1/2021", decree_date=DECREE_DATE)
    twice = draft["twice"]
    as_user(client, "admin")
    page = client.get(f"/pendanaan/dana/{twice.pk}/hapus/").content.decode()
    assert "Tidak bisa dihapus." in page and "Ya, hapus" not in page
    page = client.post(f"/pendanaan/dana/{twice.pk}/hapus/").content.decode()
    assert "sudah disetujui dan PT Dobel tercantum dalam daftarnya" in page
    assert Funder.objects.filter(pk=twice.pk).exists()


def test_a_funder_of_nobody_visible_is_a_404(client, cast):
    as_user(client, "admin")
    assert client.get("/pendanaan/dana/999999/hapus/").status_code == 404
    assert client.get("/pendanaan/2099/amandemen/").status_code == 404
