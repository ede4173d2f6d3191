"""The claim pages: report through the registry search, the claim page, the list, figures and the person page."""

from django.urls import reverse
from django.utils import timezone

from lindung.claims import services
from lindung.claims.models import Claim, ClaimStatus


def test_an_operator_finds_the_worker_and_reports_a_death(client, covered, cast):
    client.force_login(cast.operator_a)
    found = client.get(reverse("claims:claim-report"), {"q": "Ahmad"})
    assert f"?pekerja={covered.pk}" in found.content.decode()
    response = client.post(
        reverse("claims:claim-report") + f"?pekerja={covered.pk}",
        {"kind": "jkm", "event_date": "2023-05-15", "place": "Sungai Mahakam", "account": "Tenggelam."},
    )
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("claims:claim-detail", args=[claim.pk])
    assert claim.reported_by == cast.operator_a


def test_a_refused_report_is_shown_on_the_form(client, covered, cast):
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("claims:claim-report") + f"?pekerja={covered.pk}",
        {"kind": "jkm", "event_date": "2099-05-15", "place": "Sungai Mahakam", "account": "Tenggelam."},
    )
    assert response.status_code == 200
    assert "belum terjadi" in response.content.decode()
    assert not Claim.objects.exists()


def test_the_claim_page_shows_coverage_rules_amounts_heirs_and_timeline(client, covered, report, cast, apbd):
    claim = report(covered)
    services.add_heir(claim, name="Siti Fauziah", relation="spouse", account_number="123", by=cast.operator_a)
    services.add_heir(claim, name="Ibu Kandung", relation="direct_line", by=cast.operator_a)
    client.force_login(cast.verifier)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "Rp 42.000.000" in page and "Rp 20.000.000" in page
    assert "APBD Kukar" in page and "23000000000" in page
    assert "JKM: iuran minimal 3 bulan" in page
    assert "janda, duda atau anak lebih dulu" in page
    assert page.index("Siti Fauziah") < page.index("Ibu Kandung")
    assert "tertutup golongan sebelumnya" in page
    assert "Akta/surat kematian" in page
    assert "Dilaporkan" in page and "Ahli waris ditambahkan" in page
    assert "Simpan pemeriksaan" in page  # the verifier's next step


def test_an_unconfirmed_rule_is_labelled_on_the_page(client, covered, report, cast):
    claim = report(covered, kind="jkk_disability", disability_percent=30)
    client.force_login(cast.admin)
    assert "belum dikonfirmasi" in client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()


def test_the_operator_sees_no_labour_office_step(client, covered, report, cast):
    claim = report(covered)
    client.force_login(cast.operator_a)
    page = client.get(reverse("claims:claim-detail", args=[claim.pk])).content.decode()
    assert "Simpan pemeriksaan" not in page
    assert client.post(reverse("claims:claim-check", args=[claim.pk]), {"verdict": "layak"}).status_code == 403


def test_a_step_out_of_order_on_the_page_shows_the_message(client, covered, report, cast):
    claim = report(covered)
    client.force_login(cast.verifier)
    response = client.post(reverse("claims:claim-recommend", args=[claim.pk]), follow=True)
    assert "Dinas harus memeriksanya dulu" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REPORTED


def test_the_list_filters_by_status_with_a_fixed_number_of_queries(
    client, covered, report, worker, cast, django_assert_max_num_queries
):
    claim = report(covered)
    services.check_claim(claim, eligible=True, by=cast.verifier)
    for i in range(3):
        report(worker(name=f"Pekerja {i}"), kind="jkk_treatment", treatment_cost=100, event_date=timezone.localdate())
    client.force_login(cast.verifier)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("claims:claim-list"))
    assert page.context["page"].paginator.count == 4
    checked = client.get(reverse("claims:claim-list"), {"status": "checked"})
    assert [c.pk for c in checked.context["page"]] == [claim.pk]


def test_the_person_page_lists_the_persons_claims(client, covered, report, cast):
    claim = report(covered)
    client.force_login(cast.operator_a)
    page = client.get(reverse("people:person-detail", args=[covered.pk])).content.decode()
    assert reverse("claims:claim-detail", args=[claim.pk]) in page
    assert "JKM (meninggal bukan karena kerja)" in page


def test_figures_count_cases_and_amounts_by_programme_district_and_funder(client, covered, report, worker, cast):
    report(covered)
    report(worker(name="Budi"), kind="jkk_treatment", treatment_cost=500_000, event_date=timezone.localdate())
    client.force_login(cast.admin)
    figures = client.get(reverse("claims:claim-figures")).context["figures"]
    assert figures.total.cases == 2 and figures.at_labour_office == 2
    assert {r.label: r.cases for r in figures.by_programme} == {"JKM": 1, "JKK": 1}
    assert {r.label: r.entitled_open for r in figures.by_funder} == {
        "APBD Kukar": 42_000_000,
        "Tanpa penyandang dana (tidak terlindungi)": 0,
    }
    assert [r.label for r in figures.by_district] == ["Tenggarong"]


def test_a_sponsor_sees_the_figures_of_its_own_people_beside_its_contributions(client, covered, report, cast, apbd):
    from lindung.funding.models import Allocation, FunderUser

    report(covered)
    client.force_login(cast.sponsor)
    assert client.get(reverse("claims:claim-list"))["Location"] == reverse("claims:claim-figures")
    assert client.get(reverse("claims:claim-figures")).context["figures"].total.cases == 0
    FunderUser.objects.create(funder=apbd, user=cast.sponsor)
    figures = client.get(reverse("claims:claim-figures")).context["figures"]
    assert figures.total.cases == 1
    assert figures.contributions == sum(Allocation.objects.filter(funder=apbd).values_list("amount", flat=True)) > 0
