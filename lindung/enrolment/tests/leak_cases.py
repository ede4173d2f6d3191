"""The enrolment URLs in the leak matrix (lindung/testing/leaks.py): memberships, batches, replies, renewal.

Everything lives on a second programme year (2022) of its own, approved, so the funding and programme
cases keep editing their draft year 2021 (`world.things["year"]`).
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.testing.leaks import ADMIN, LOGGED_IN, OFFICE, REGISTRY, VERIFIERS, Case

YEAR_2022 = {
    "year": 2022,
    "name": "Jaminan sosial pekerja rentan 2022",
    "period_start": date(2022, 1, 1),
    "months": 3,
    "covers_jkk": True,
    "covers_jkm": True,
    "covers_jht": False,
    "declared_income": 1_000_000,
    "min_age": 18,
    "max_age": 65,
    "require_domicile": True,
}


def extend(world):
    from lindung.enrolment.batches import approve_batch, mark_batch_sent
    from lindung.enrolment.models import BatchReply, ExportProfile, Membership, RemovalProposal
    from lindung.funding.services import allocate_year, create_funder
    from lindung.programmes.services import approve_year, create_year

    admin = world.cast.admin
    year = create_year(YEAR_2022, by=admin)
    # The CSR funder pays region a's person, the APBD region b's (as in 2021, funding's extend).
    csr = create_funder(
        year, {"kind": "csr", "name": "PT Tambang 2022", "budget": 50_400, "districts": ["64.02.06"]}, by=admin
    )
    funder = create_funder(year, {"kind": "apbd_kab", "name": "APBD Kukar 2022", "budget": 504_000}, by=admin)
    allocate_year(year, by=admin)
    year = approve_year(year, by=admin, decree_number="SK 500/1/HK/2022", decree_date=date(2021, 12, 20))
    # CSR's batch went to BPJS and came back answered; APBD's is approved, not sent yet.
    sent = mark_batch_sent(approve_batch(csr, by=admin), by=admin)
    batch = approve_batch(funder, by=admin)
    memberships = {m.person_id: m for m in Membership.objects.filter(programme_year=year)}
    for i, m in enumerate(memberships.values()):
        # Active as BPJS's reply makes them, so the coverage ledger has someone to bill.
        m.status, m.kpj, m.bpjs_start_date = "active", f"2200000000{i}", date(2022, 1, 1)
        m.save(update_fields=["status", "kpj", "bpjs_start_date"])
    reply = BatchReply.objects.create(batch=sent, sha256="1" * 64, filename="balasan-bpjs.xlsx", result={})
    proposals = {
        key: RemovalProposal.objects.create(
            programme_year=year,
            person=world.people[key],
            membership=memberships.get(world.people[key].pk),
            cause="age",
            reasons=["Umur di luar batas program"],
        )
        for key in ("a", "b")
    }
    profile = ExportProfile.objects.first() or ExportProfile.objects.create(
        name="Profil uji", columns=[{"field": "nik", "header": "NIK"}]
    )
    world.things.update(
        year_2022=year,
        funder_2022=funder,
        csr_2022=csr,
        batch_2022=batch,
        sent_batch_2022=sent,
        reply_2022=reply,
        proposal_a=proposals["a"],
        proposal_b=proposals["b"],
        profile=profile,
    )


def _pk(name, key, region=None, **kw):
    return lambda w: [(reverse(name, kwargs={"pk": w.things[key].pk, **kw}), region)]


def _year(name, key="year_2022"):
    return lambda w: [(reverse(name, args=[w.things[key].year]), None)]


def _reply_file(w):
    return {"file": SimpleUploadedFile("balasan.csv", b"NIK;KPJ;STATUS\n", content_type="text/csv")}


PROFILE_FORM = {"name": "Profil lain", "columns": "nik | NIK\nname | NAMA", "date_format": "%d-%m-%Y", "note": ""}

CASES = [
    # Everyone logged in gets the list, cut to what they may see (a sponsor: its funders' members).
    Case("enrolment:membership-list", lambda w: [(reverse("enrolment:membership-list"), None)], get=LOGGED_IN),
    Case(
        "enrolment:membership-list",
        lambda w: [(reverse("enrolment:membership-list") + f"?q={w.people[k].nik}", None) for k in ("a", "b")],
        get=LOGGED_IN,
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case("enrolment:year", _year("enrolment:year"), get=OFFICE),
    # 2021's CSR funder is linked to the sponsor: it sees its own funder's overview.
    Case("enrolment:year", _year("enrolment:year", "year"), get=OFFICE | {"sponsor"}),
    Case("enrolment:renewal", _year("enrolment:renewal"), get=VERIFIERS | OFFICE, post=VERIFIERS),
    Case(
        "enrolment:proposal-decide",
        lambda w: [
            (reverse("enrolment:proposal-decide", kwargs={"pk": w.things[f"proposal_{k}"].pk}), k) for k in ("a", "b")
        ],
        post=VERIFIERS,
        data=lambda w: {"decision": "confirm", "note": "Cek lapangan"},
    ),
    Case("enrolment:funder", _pk("enrolment:funder", "funder_2022"), get=OFFICE),
    Case("enrolment:funder", _pk("enrolment:funder", "csr_2022"), get=OFFICE),
    Case("enrolment:funder", _pk("enrolment:funder", "csr"), get=OFFICE | {"sponsor"}),
    Case(
        "enrolment:funder-wadah",
        _pk("enrolment:funder-wadah", "funder_2022"),
        post=ADMIN,
        data=lambda w: {"wadah_type": "", "wadah_code": "WADAH-UJI-01"},
    ),
    Case("enrolment:batch-approve", _pk("enrolment:batch-approve", "funder_2022"), post=ADMIN),
    # Region roles see a batch that names their people, its rows cut to their regions.
    Case("enrolment:batch-detail", _pk("enrolment:batch-detail", "sent_batch_2022", "a"), get=REGISTRY),
    Case("enrolment:batch-detail", _pk("enrolment:batch-detail", "batch_2022", "b"), get=REGISTRY),
    Case("enrolment:batch-send", _pk("enrolment:batch-send", "batch_2022"), post=ADMIN),
    Case("enrolment:batch-cancel", _pk("enrolment:batch-cancel", "batch_2022"), post=ADMIN),
    # The export writes its own audit entry (who took the list): the change it may make.
    Case("enrolment:batch-export", _pk("enrolment:batch-export", "batch_2022", fmt="xlsx"), get=ADMIN, post=ADMIN),
    Case("enrolment:batch-export", _pk("enrolment:batch-export", "batch_2022", fmt="csv"), get=ADMIN, post=ADMIN),
    Case("enrolment:batch-reply", _pk("enrolment:batch-reply", "sent_batch_2022"), post=ADMIN, data=_reply_file),
    Case("enrolment:reply-detail", _pk("enrolment:reply-detail", "reply_2022"), get=ADMIN),
    Case("enrolment:profile-list", lambda w: [(reverse("enrolment:profile-list"), None)], get=ADMIN),
    Case(
        "enrolment:profile-create",
        lambda w: [(reverse("enrolment:profile-create"), None)],
        get=ADMIN,
        post=ADMIN,
        data=lambda w: PROFILE_FORM,
    ),
    Case(
        "enrolment:profile-edit",
        _pk("enrolment:profile-edit", "profile"),
        get=ADMIN,
        post=ADMIN,
        data=lambda w: {**PROFILE_FORM, "name": "Profil diubah"},
    ),
    # REST API: read-only, region-scoped like the person it belongs to.
    Case(
        "person-memberships-*",
        lambda w: [(reverse("person-memberships-list", kwargs={"pk": w.people[k].pk}), k) for k in ("a", "b")],
        get=REGISTRY,
        json=True,
    ),
]
