"""The office's pages: set up a year, enter funders, simulate, allocate, approve, print."""

from lindung.funding.models import Allocation, Funder
from lindung.programmes.models import ProgrammeYear, YearStatus

PASSWORD = "sandi-uji-123"


def test_the_simulator_page_shows_the_2021_worked_example_and_computes(client, cast):
    client.login(username="finance", password=PASSWORD)
    page = client.get("/program/simulasi/").content.decode()
    assert "Rp 1.786.176.000" in page and "35.440 pekerja" in page
    assert "satu miliar tujuh ratus delapan puluh enam juta seratus tujuh puluh enam ribu rupiah" in page
    result = client.get(
        "/program/simulasi/",
        {"workers": 52000, "months": 12, "income": 1000000, "programs": ["jkk", "jkm"], "budget": 18_000_000_000},
    ).content.decode()
    assert "Rp 10.483.200.000" in result  # 52,000 × Rp 201,600
    assert "89.285 pekerja" in result


def test_the_office_sets_up_a_year_adds_a_funder_allocates_approves_and_prints(client, cast, worker):
    worker()
    client.login(username="admin", password=PASSWORD)
    response = client.post(
        "/program/baru/",
        {
            "year": 2021,
            "name": "Pekerja rentan",
            "start_month": 10,
            "months": 3,
            "covers_jkk": "on",
            "covers_jkm": "on",
            "declared_income": 1000000,
            "min_age": 18,
            "max_age": 65,
            "require_domicile": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    year = ProgrammeYear.objects.get(year=2021)
    response = client.post(
        "/pendanaan/2021/baru/", {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 1_786_176_000, "first_month": 1}
    )
    assert response.status_code == 302
    response = client.post("/pendanaan/2021/alokasi/", follow=True)
    assert "Alokasi selesai. 1 dari 1 pekerja layak didanai" in response.content.decode()
    response = client.post(
        "/program/2021/setujui/",
        {"decree_number": "500/1/2021", "decree_date": "20/09/2021", "confirm": "ya"},
        follow=True,
    )
    assert "disetujui" in response.content.decode()
    year.refresh_from_db()
    assert year.status == YearStatus.APPROVED
    funder = Funder.objects.get()
    xlsx = client.get(f"/pendanaan/dana/{funder.pk}/sk.xlsx")
    assert xlsx["Content-Disposition"].startswith('attachment; filename="lampiran-sk-2021-apbd-kukar-nik-lengkap.xlsx"')
    assert client.get(f"/pendanaan/dana/{funder.pk}/sk.pdf").content.startswith(b"%PDF")
    assert client.get("/pendanaan/2021/anggaran/?format=xlsx").status_code == 200
    assert Allocation.objects.funded().count() == 1


def test_bad_input_on_the_pages_is_explained_and_nothing_is_saved(client, cast, year2021, worker):
    worker()
    client.login(username="admin", password=PASSWORD)
    page = client.post("/pendanaan/2021/baru/", {"kind": "csr", "name": "PT Kecil", "budget": 100, "first_month": 1})
    assert "kurang dari biaya satu pekerja selama 3 bulan" in page.content.decode()
    page = client.post(
        "/program/baru/",
        {
            "year": 2020,
            "name": "x",
            "start_month": 12,
            "months": 12,
            "covers_jkk": "on",
            "declared_income": 1000000,
            "min_age": 18,
            "max_age": 65,
        },
    )
    assert "bertumpuk dengan tahun program 2021" in page.content.decode()
    assert not Funder.objects.exists() and ProgrammeYear.objects.count() == 1


def test_the_year_page_explains_one_person_by_nik(client, cast, year2021, worker):
    person = worker()
    client.login(username="admin", password=PASSWORD)
    client.post("/pendanaan/2021/baru/", {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 50_400, "first_month": 1})
    client.post("/pendanaan/2021/alokasi/")
    page = client.get("/program/2021/", {"nik": person.nik}).content.decode()
    assert "Didanai penuh 3 bulan oleh APBD Kukar (Oktober 2021 – Desember 2021), Rp 50.400." in page


def test_only_the_admin_changes_programmes(client, cast, year2021):
    client.login(username="finance", password=PASSWORD)
    assert client.get("/program/2021/").status_code == 200
    assert client.get("/program/baru/").status_code == 403
    assert client.post("/pendanaan/2021/alokasi/").status_code == 403
