"""The enrolment pages: the office's path through a batch, and nobody reaching what is not theirs."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import VILLAGE_B
from lindung.audit.models import AuditEntry
from lindung.enrolment import exports
from lindung.enrolment.batches import approve_batch, mark_batch_sent
from lindung.enrolment.bpjs import FileStandIn
from lindung.enrolment.models import BatchRow, EnrolmentBatch, ExportProfile, Membership, RemovalProposal
from lindung.enrolment.replies import apply_reply
from lindung.enrolment.tests.conftest import MONTH
from lindung.funding.models import FunderUser


@pytest.fixture
def world(cast, year2021, worker, tmp_path):
    """Siti in village A and Rina in village B, funded by APBD Kukar; batch 1 sent and answered."""
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.services import approve_year

    siti = worker(name="Siti Aminah")
    rina = worker(name="Rina Wulandari", village_code=VILLAGE_B, sex_="P")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 6 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=date(2021, 9, 30))
    batch = mark_batch_sent(approve_batch(apbd, by=cast.admin), by=cast.admin)
    batch_file, reply_file = tmp_path / "k.xlsx", tmp_path / "b.xlsx"
    batch_file.write_bytes(exports.batch_xlsx(batch, exports.default_profile()))
    FileStandIn(nik_problem_rate=0).reply_to_batch(batch_file, reply_file)
    reply = apply_reply(batch, reply_file, filename="b.xlsx", by=cast.admin).reply
    year2021.refresh_from_db()
    return {"year": year2021, "siti": siti, "rina": rina, "apbd": apbd, "batch": batch, "reply": reply}


def test_the_admin_takes_a_batch_from_approval_to_the_reply_on_the_pages(client, cast, year2021, worker, tmp_path):
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.services import approve_year

    siti = worker(name="Siti Aminah")
    apbd = create_funder(year2021, {"kind": "apbd_kab", "name": "APBD Kukar", "budget": 3 * MONTH}, by=cast.admin)
    allocate_year(year2021, by=cast.admin)
    approve_year(year2021, by=cast.admin, decree_number="500/1/2021", decree_date=date(2021, 9, 30))
    client.force_login(cast.admin)
    page = client.get(reverse("enrolment:funder", args=[apbd.pk])).content.decode()
    assert "Kiriman berikutnya" in page and "Tambah <strong>1</strong>" in page  # made when approved
    client.post(reverse("enrolment:funder-wadah", args=[apbd.pk]), {"wadah_type": "SG", "wadah_code": "SG-01"})
    response = client.post(reverse("enrolment:batch-approve", args=[apbd.pk]), follow=True)
    assert "Kiriman 1 disetujui" in response.content.decode()
    batch = EnrolmentBatch.objects.get()
    assert batch.wadah_code == "SG-01"
    xlsx = client.get(reverse("enrolment:batch-export", args=[batch.pk, "xlsx"]))
    assert xlsx["Content-Disposition"] == 'attachment; filename="kiriman-bpjs-2021-apbd-kukar-1.xlsx"'
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][2] == siti.nik
    assert AuditEntry.objects.filter(action="enrolment.batch.exported").exists()
    client.post(reverse("enrolment:batch-send", args=[batch.pk]))
    batch_file, reply_file = tmp_path / "k.xlsx", tmp_path / "b.xlsx"
    batch_file.write_bytes(xlsx.content)
    FileStandIn(nik_problem_rate=0).reply_to_batch(batch_file, reply_file)
    upload = SimpleUploadedFile("balasan.xlsx", reply_file.read_bytes())
    response = client.post(reverse("enrolment:batch-reply", args=[batch.pk]), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "1 diterima, 0 ditolak" in page
    membership = Membership.objects.get()
    assert membership.status == "active" and len(membership.kpj) == 11
    again = SimpleUploadedFile("balasan.xlsx", reply_file.read_bytes())
    response = client.post(reverse("enrolment:batch-reply", args=[batch.pk]), {"file": again}, follow=True)
    assert "sudah pernah diunggah" in response.content.decode()
    person_page = client.get(reverse("people:person-detail", args=[siti.pk])).content.decode()
    assert membership.kpj in person_page


def test_a_refused_reply_shows_every_problem_on_the_batch_page(client, cast, world, tmp_path, make_person):
    stranger = make_person(name="Orang Asing", serial=80)
    book = openpyxl.Workbook()
    book.active.append(["NIK", "No. KPJ", "Status"])
    book.active.append([stranger.nik, "99999999999", "Diterima"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    client.force_login(cast.admin)
    upload = SimpleUploadedFile("x.xlsx", path.read_bytes())
    response = client.post(reverse("enrolment:batch-reply", args=[world["batch"].pk]), {"file": upload}, follow=True)
    page = response.content.decode()
    assert "tidak diterapkan" in page and f"NIK {stranger.nik} tidak ada di kiriman 1" in page


def test_a_refused_person_carries_a_warning_on_their_page(client, cast, world):
    Membership.objects.filter(person=world["rina"]).update(status="refused", refused_reason="NIK tidak valid")
    client.force_login(cast.operator_b)
    page = client.get(reverse("people:person-detail", args=[world["rina"].pk])).content.decode()
    assert "Ditolak BPJS Ketenagakerjaan" in page and "NIK tidak valid" in page and "Ubah data" in page


def test_the_membership_list_filters_by_status(client, cast, world):
    Membership.objects.filter(person=world["rina"]).update(status="refused", refused_reason="NIK tidak valid")
    client.force_login(cast.admin)
    page = client.get(reverse("enrolment:membership-list"), {"status": "refused"})
    assert [m.person_id for m in page.context["page"]] == [world["rina"].pk]


def test_the_list_page_runs_a_fixed_number_of_queries(client, cast, world, django_assert_max_num_queries):
    client.force_login(cast.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("enrolment:membership-list"))


def test_a_linked_sponsor_sees_its_funders_people_masked(client, cast, world):
    FunderUser.objects.create(funder=world["apbd"], user=cast.sponsor)
    client.force_login(cast.sponsor)
    page = client.get(reverse("enrolment:membership-list")).content.decode()
    assert "Siti Aminah" in page and world["siti"].masked_nik in page and world["siti"].nik not in page
    assert client.get(reverse("enrolment:funder", args=[world["apbd"].pk])).status_code == 200
    assert client.get(reverse("enrolment:batch-export", args=[world["batch"].pk, "xlsx"])).status_code == 403


def test_the_profile_page_edits_the_layout(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        reverse("enrolment:profile-create"),
        {"name": "Cabang Tenggarong", "columns": "nik | NO KTP\nname | NAMA", "date_format": "%d/%m/%Y"},
    )
    assert response.status_code == 302
    assert ExportProfile.objects.get(name="Cabang Tenggarong").columns == [
        {"field": "nik", "header": "NO KTP"},
        {"field": "name", "header": "NAMA"},
    ]
    response = client.post(
        reverse("enrolment:profile-create"), {"name": "Salah", "columns": "nama | X", "date_format": "%d/%m/%Y"}
    )
    assert "tidak dikenal" in response.content.decode()


# -- every URL under kepesertaan/ and who must not reach it ---------------------------------

A_ONLY = "Siti Aminah"  # village A's worker: operator B, the outsider and an unlinked sponsor never see her


def _urls(w):
    batch, reply, apbd, year = w["batch"], w["reply"], w["apbd"], w["year"]
    proposal = RemovalProposal.objects.create(programme_year=year, person=w["siti"], cause="lain", reasons=["Uji"])
    profile = ExportProfile.objects.get()
    return {
        ("enrolment:membership-list", "get"): reverse("enrolment:membership-list"),
        ("enrolment:year", "get"): reverse("enrolment:year", args=[year.year]),
        ("enrolment:renewal", "get"): reverse("enrolment:renewal", args=[year.year]),
        ("enrolment:renewal", "post"): reverse("enrolment:renewal", args=[year.year]),
        ("enrolment:proposal-decide", "post"): reverse("enrolment:proposal-decide", args=[proposal.pk]),
        ("enrolment:funder", "get"): reverse("enrolment:funder", args=[apbd.pk]),
        ("enrolment:funder-wadah", "post"): reverse("enrolment:funder-wadah", args=[apbd.pk]),
        ("enrolment:batch-approve", "post"): reverse("enrolment:batch-approve", args=[apbd.pk]),
        ("enrolment:batch-detail", "get"): reverse("enrolment:batch-detail", args=[batch.pk]),
        ("enrolment:batch-send", "post"): reverse("enrolment:batch-send", args=[batch.pk]),
        ("enrolment:batch-cancel", "post"): reverse("enrolment:batch-cancel", args=[batch.pk]),
        ("enrolment:batch-export", "get"): reverse("enrolment:batch-export", args=[batch.pk, "xlsx"]),
        ("enrolment:batch-reply", "post"): reverse("enrolment:batch-reply", args=[batch.pk]),
        ("enrolment:reply-detail", "get"): reverse("enrolment:reply-detail", args=[reply.pk]),
        ("enrolment:profile-list", "get"): reverse("enrolment:profile-list"),
        ("enrolment:profile-create", "get"): reverse("enrolment:profile-create"),
        ("enrolment:profile-edit", "post"): reverse("enrolment:profile-edit", args=[profile.pk]),
    }


def _snapshot():
    return {
        "audit": AuditEntry.objects.count(),
        "rows": sorted(BatchRow.objects.values_list("pk", "reply_status")),
        "memberships": sorted(Membership.objects.values_list("pk", "status", "kpj")),
        "proposals": sorted(RemovalProposal.objects.values_list("pk", "status")),
        "profiles": sorted(ExportProfile.objects.values_list("pk", "name", "columns")),
        "batches": sorted(EnrolmentBatch.objects.values_list("pk", "status")),
    }


POST_DATA = {
    "decision": "confirm",
    "note": "cek",
    "wadah_type": "SL",
    "wadah_code": "X",
    "name": "Diubah",
    "columns": "nik | NIK",
    "date_format": "%d/%m/%Y",
}


@pytest.mark.parametrize("who", ["operator_b", "outsider", "sponsor", "finance", "auditor", "verifier"])
def test_nobody_reaches_what_is_not_theirs(client, cast, world, who):
    urls = _urls(world)
    client.force_login(getattr(cast, who))
    before = _snapshot()
    for (name, method), url in urls.items():
        if who == "verifier" and method == "post" and name in ("enrolment:proposal-decide", "enrolment:renewal"):
            continue  # the re-check and deciding in their own district are a verifier's job (tested elsewhere)
        response = client.get(url) if method == "get" else client.post(url, POST_DATA)
        if method == "post":
            assert response.status_code in (403, 404), (who, name, response.status_code)
        else:
            assert response.status_code in (200, 403, 404), (who, name)
            body = response.content.decode(errors="replace")
            if who in ("operator_b", "outsider", "sponsor") and response.status_code == 200:
                assert A_ONLY not in body, (who, name)
                assert world["siti"].nik not in body, (who, name)
            if name in ("enrolment:batch-export", "enrolment:reply-detail", "enrolment:profile-list"):
                assert response.status_code in (403, 404), (who, name)
    assert _snapshot() == before


def test_operator_b_sees_only_village_b_in_the_batch(client, cast, world):
    client.force_login(cast.operator_b)
    page = client.get(reverse("enrolment:batch-detail", args=[world["batch"].pk]))
    assert [r.name for r in page.context["page"]] == ["Rina Wulandari"]
    assert world["rina"].nik in page.content.decode()  # an operator may see her own villages' NIKs
    listed = client.get(reverse("enrolment:membership-list")).context["page"]
    assert [m.person_id for m in listed] == [world["rina"].pk]


def test_a_verifier_decides_only_proposals_in_their_district(client, cast, world):
    year = world["year"]
    theirs = RemovalProposal.objects.create(programme_year=year, person=world["siti"], cause="lain", reasons=["Uji"])
    other = RemovalProposal.objects.create(programme_year=year, person=world["rina"], cause="lain", reasons=["Uji"])
    client.force_login(cast.verifier)
    assert (
        client.post(reverse("enrolment:proposal-decide", args=[other.pk]), {"decision": "confirm"}).status_code == 404
    )
    client.post(
        reverse("enrolment:proposal-decide", args=[theirs.pk]), {"decision": "keep", "note": "Masih tinggal di desa"}
    )
    theirs.refresh_from_db()
    other.refresh_from_db()
    assert (theirs.status, other.status) == ("kept", "proposed")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}"


def test_every_url_under_kepesertaan_has_a_leak_case(cast, world):
    covered = {name for name, _ in _urls(world)}
    names = {name for route, name in _walk(get_resolver().url_patterns) if route.startswith("kepesertaan/")}
    assert names - covered == set()


def test_the_reply_date_is_the_period_start_when_the_branch_gives_none(world):
    assert set(Membership.objects.values_list("bpjs_start_date", flat=True)) == {date(2021, 10, 1)}
