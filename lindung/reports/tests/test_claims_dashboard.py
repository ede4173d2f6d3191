import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_claims_dashboard_counts_a_reported_death_where_it_happened_and_exports_the_same(client, cast, covered, report):
    report(covered, kind="jkm", event_date=date(2023, 5, 15), today=date(2023, 5, 16))
    client.force_login(cast.admin)
    page = client.get(reverse("reports:claims")).content.decode()
    assert "Tenggarong" in page and "APBD Kukar" in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports:claims-export")).content)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0]]
    assert ("JKM", 1, 0, 0, 42_000_000) in rows  # open file: the JKM entitlement awaits payment
    assert ("Jumlah", 1, 0, 0, 42_000_000) in rows


def test_operator_of_another_village_sees_no_claim_of_village_a(client, cast, covered, report):
    report(covered, kind="jkm", event_date=date(2023, 5, 15), today=date(2023, 5, 16))
    client.force_login(cast.operator_b)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("reports:claims-export")).content)).active
    assert [r for r in sheet.iter_rows(values_only=True) if r[0] == "Jumlah"] == [("Jumlah", 0, 0, 0, 0)]
    assert "Tenggarong" not in client.get(reverse("reports:claims")).content.decode()


def test_outsider_cannot_open_the_claims_dashboard(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("reports:claims")).status_code == 403
