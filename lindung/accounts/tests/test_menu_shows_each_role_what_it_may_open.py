"""The main menu per role: the groups and links each role sees, and every one of them opens."""

import re
from html import unescape

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="mainnav" aria-label="Menu utama">(.*?)</nav>', re.S)
GROUP = re.compile(r"<summary>(.*?)</summary>")
LINK = re.compile(r'<a href="([^"]+)"[^>]*>(.*?)</a>')


def menu_of(client, user):
    client.force_login(user)
    html = client.get(reverse("home"), follow=True).content.decode()
    nav = NAV.search(html).group(1)
    return [unescape(g) for g in GROUP.findall(nav)], LINK.findall(nav)


EXPECTED = {
    "operator_a": (
        ["Registri", "Laporan"],
        [
            "Beranda",
            "Registri pekerja",
            "Impor",
            "Diblokir",
            "Kepesertaan BPJS",
            "Klaim",
            "Cakupan",
            "Santunan",
            "Capaian",
            "Bantuan",
        ],
    ),
    "verifier": (
        ["Registri", "Santunan", "Laporan"],
        [
            "Beranda",
            "Registri pekerja",
            "Verifikasi",
            "Impor",
            "Duplikat",
            "Daftar pembanding",
            "Diblokir",
            "Kepesertaan BPJS",
            "Klaim",
            "Pengingat beasiswa",
            "Cakupan",
            "Santunan",
            "Capaian",
            "Bantuan",
        ],
    ),
    "finance": (
        ["Registri", "Program & dana", "Laporan"],
        [
            "Beranda",
            "Registri pekerja",
            "Diblokir",
            "Tahun program",
            "Kwitansi BPJS",
            "Kepesertaan BPJS",
            "Klaim",
            "Cakupan",
            "Keuangan",
            "Santunan",
            "Capaian",
            "Bantuan",
        ],
    ),
    "auditor": (
        ["Registri", "Program & dana", "Laporan", "Pengaturan"],
        [
            "Beranda",
            "Registri pekerja",
            "Daftar pembanding",
            "Diblokir",
            "Tahun program",
            "Kwitansi BPJS",
            "Kepesertaan BPJS",
            "Klaim",
            "Cakupan",
            "Keuangan",
            "Santunan",
            "Capaian",
            "Jejak audit",
            "Pengguna",
            "Aturan",
            "Bantuan",
        ],
    ),
    "admin": (
        ["Registri", "Program & dana", "Santunan", "Laporan", "Pengaturan"],
        [
            "Beranda",
            "Registri pekerja",
            "Verifikasi",
            "Impor",
            "Duplikat",
            "Daftar pembanding",
            "Diblokir",
            "Tahun program",
            "Kwitansi BPJS",
            "Kepesertaan BPJS",
            "Klaim",
            "Pengingat beasiswa",
            "Cakupan",
            "Keuangan",
            "Santunan",
            "Capaian",
            "Penyebut cakupan",
            "Jejak audit",
            "Pengguna",
            "Aturan",
            "Profil unduhan BPJS",
            "Bantuan",
        ],
    ),
    "sponsor": (
        [],
        ["Beranda", "Pendanaan saya", "Kepesertaan BPJS", "Angka santunan", "Bantuan"],
    ),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_own_groups_and_links(client, cast, username):
    groups, links = menu_of(client, getattr(cast, username))
    assert (groups, [label for _, label in links]) == EXPECTED[username]


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_every_link_a_role_sees_opens_for_that_role(client, cast, year2021, username):
    _, links = menu_of(client, getattr(cast, username))
    for href, label in links:
        response = client.get(href, follow=True)
        assert response.status_code == 200, (label, href, response.status_code)


def test_someone_with_no_role_sees_only_home_and_help(client, cast):
    groups, links = menu_of(client, cast.outsider)
    assert groups == []
    assert [label for _, label in links] == ["Beranda", "Bantuan"]


def test_the_page_being_read_is_marked_current_in_its_open_group(client, cast):
    client.force_login(cast.verifier)
    html = client.get(reverse("dedup:reference-index")).content.decode()
    nav = NAV.search(html).group(1)
    assert '<details data-menu class="current">\n        <summary>Registri</summary>' in nav
    assert f'<a href="{reverse("dedup:reference-index")}" aria-current="page">Daftar pembanding</a>' in nav
    assert nav.count('aria-current="page"') == 1


def test_a_sponsor_on_its_funder_page_has_the_funding_link_current(client, cast):
    client.force_login(cast.sponsor)
    html = client.get(reverse("funding:sponsor-home")).content.decode()
    nav = NAV.search(html).group(1)
    assert f'<a href="{reverse("funding:sponsor-home")}" aria-current="page">Pendanaan saya</a>' in nav
