"""The user pages: the admin manages through them, the auditor reads them and cannot post."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import VILLAGE_A
from lindung.accounts.models import RoleAssignment

GOOD = "teluk-dalam-berangin-7"


def test_the_admin_creates_a_user_on_the_page_and_lands_on_its_roles(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:user-create"),
        {"username": "siti", "full_name": "Siti Aminah", "email": "", "password": GOOD, "password_again": GOOD},
    )
    user = get_user_model().objects.get(username="siti")
    assert response.status_code == 302 and response.url == reverse("accounts:user-detail", args=[user.pk])
    page = client.get(response.url).content.decode()
    assert "Belum ada peran" in page and "Tambah peran" in page


def test_two_different_passwords_and_a_weak_one_are_refused_on_the_page(client, cast):
    client.force_login(cast.admin)
    url = reverse("accounts:user-create")
    page = client.post(url, {"username": "siti", "password": GOOD, "password_again": GOOD + "x"}).content.decode()
    assert "Kedua kata sandi tidak sama" in page
    page = client.post(url, {"username": "siti", "password": "12345678", "password_again": "12345678"})
    assert "Kata sandi ditolak" in page.content.decode()
    assert not get_user_model().objects.filter(username="siti").exists()


def test_the_admin_grants_a_village_role_from_the_user_page(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("accounts:role-add", args=[cast.outsider.pk]), {"role": "operator", "region": VILLAGE_A}
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=cast.outsider, role="operator", region_id=VILLAGE_A).exists()
    page = client.get(reverse("accounts:user-detail", args=[cast.outsider.pk])).content.decode()
    assert "Mangkurawang" in page


def test_the_auditor_reads_the_pages_without_the_forms(client, cast):
    client.force_login(cast.auditor)
    listing = client.get(reverse("accounts:user-list")).content.decode()
    assert "operator_a" in listing and "Tambah pengguna" not in listing
    detail = client.get(reverse("accounts:user-detail", args=[cast.operator_a.pk])).content.decode()
    assert "Operator desa" in detail and "Ganti kata sandi" not in detail and "Tambah peran" not in detail
    response = client.post(reverse("accounts:user-active", args=[cast.operator_a.pk]), {"active": "0"})
    assert response.status_code == 403
    cast.operator_a.refresh_from_db()
    assert cast.operator_a.is_active


def test_the_list_shows_who_is_deactivated_and_who_is_locked_out(client, cast):
    from lindung.accounts import services

    services.set_user_active(cast.operator_b, False, by=cast.admin)
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "operator_a", "password": "salah"})
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:user-list")).content.decode()
    assert "Nonaktif" in page and "Terkunci" in page


def test_the_user_list_costs_the_same_few_queries_for_more_users(client, cast, django_assert_max_num_queries):
    client.force_login(cast.admin)
    for n in range(10):
        get_user_model().objects.create_user(username=f"tambahan{n}", password=GOOD)
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:user-list"))
