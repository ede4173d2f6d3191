"""The claims URLs in the leak matrix (lindung/testing/leaks.py): pages, workflow steps, documents, the API."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lindung.claims.models import ClaimStatus
from lindung.testing.leaks import LOGGED_IN, PROPOSERS, REGISTRY, VERIFIERS, Case


def _pdf() -> bytes:
    """A real (blank) PDF: the matrix opens every PDF it is given to read its text."""
    from pypdf import PdfWriter

    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)
    return out.getvalue()


PDF = _pdf()
# What a claim's report says about where and how: as identifying as the worker's own address.
PLACES = {"a": "Dermaga Mangkurawang Rahasia", "b": "Jembatan Loa Kulu Rahasia"}
ACCOUNTS = {"a": "Tenggelam saat menjala di Mangkurawang.", "b": "Tertimpa pohon di kebun Loa Kulu."}
HEIRS = {"a": "Rahmawati Mangkurawang", "b": "Sulastri Loakulu"}
FILES = {"a": "akta-mangkurawang-rahasia.pdf", "b": "akta-loakulu-rahasia.pdf"}


def extend(world):
    from django.conf import settings
    from django.test import override_settings

    from lindung.claims import services

    # Uploads go under VAR_DIR; keep them in the test's temporary folder. The world fixture's own
    # MEDIA_ROOT override is undone at teardown and takes this later one with it.
    override_settings(VAR_DIR=Path(settings.MEDIA_ROOT).parent / "var").enable()
    cast, today = world.cast, timezone.localdate()
    by = {"a": cast.operator_a, "b": cast.operator_b}
    for region in ("a", "b"):
        claim = services.report_claim(
            world.people[region],
            kind="jkm",
            event_date=today,
            place=PLACES[region],
            account=ACCOUNTS[region],
            by=by[region],
        )
        doc = services.upload_document(
            claim, kind="death_certificate", uploaded=SimpleUploadedFile(FILES[region], PDF), by=by[region]
        )
        world.things[f"claim_{region}"] = claim
        world.things[f"claim_doc_{region}"] = doc
        world.things[f"claim_{region}_scholarship"] = services.report_claim(
            world.people[region],
            kind="scholarship",
            event_date=today,
            place=PLACES[region],
            account=ACCOUNTS[region],
            follows=claim,
            by=by[region],
        )
        for stage in (ClaimStatus.CHECKED, ClaimStatus.RECOMMENDED, ClaimStatus.SUBMITTED):
            world.things[f"claim_{region}_{stage}"] = _staged(world.people[region], region, stage, by[region])
        world.region_strings[region] += [PLACES[region], ACCOUNTS[region], FILES[region], HEIRS[region]]


def _staged(person, region, stage, by):
    """An accident claim standing at a later step, so each step's own page has a claim it applies to.

    The world's people are not covered (no entitlement), so the labour office's check would refuse
    them: the step is set directly, with what the earlier steps would have left on the claim.
    """
    from lindung.claims import services
    from lindung.claims.models import Claim, DocumentState

    claim = services.report_claim(
        person,
        kind="jkk_treatment",
        event_date=timezone.localdate(),
        place=PLACES[region],
        account=ACCOUNTS[region],
        treatment_cost=2_000_000,
        by=by,
    )
    # A checked claim with its papers and an heir's account is ready to be recommended.
    claim.documents.update(state=DocumentState.NOT_NEEDED)
    services.add_heir(claim, name=HEIRS[region], relation="spouse", bank_name="BRI", account_number="123", by=by)
    now = timezone.now()
    fields = {"status": stage, "entitlement": 2_000_000, "checked_at": now}
    if stage != ClaimStatus.CHECKED:
        fields["recommended_at"] = now
    if stage == ClaimStatus.SUBMITTED:
        fields.update(submitted_on=timezone.localdate(), bpjs_receipt="TT-0000")
    Claim.objects.filter(pk=claim.pk).update(**fields)
    return Claim.objects.get(pk=claim.pk)


def _page(name, query=""):
    return lambda w: [(reverse(name) + query, None)]


def _claims(name):
    return lambda w: [(reverse(name, kwargs={"pk": w.things[f"claim_{k}"].pk}), k) for k in ("a", "b")]


def _at(name, stage):
    return lambda w: [(reverse(name, kwargs={"pk": w.things[f"claim_{k}_{stage}"].pk}), k) for k in ("a", "b")]


def _report(w):
    return {
        "kind": "jkk_treatment",
        "event_date": timezone.localdate().strftime("%d/%m/%Y"),
        "place": "Tempat Baru Sekali",
        "account": "Terjatuh dari perahu.",
        "treatment_cost": 500_000,
    }


def _report_api(w):
    return {**_report(w), "event_date": timezone.localdate().isoformat(), "person": w.people["a"].pk}


def _today():
    return timezone.localdate().strftime("%d/%m/%Y")


def _upload(w):
    return {"kind": "kk", "file": SimpleUploadedFile("kk.pdf", PDF)}


CASES = [
    Case("claims:claim-list", _page("claims:claim-list"), get=REGISTRY),
    Case("claims:claim-list", _page("claims:claim-list", "?status=reported&kind=jkm"), get=REGISTRY),
    Case("claims:claim-figures", _page("claims:claim-figures"), get=REGISTRY | {"sponsor"}),
    Case("claims:scholarship-reminders", _page("claims:scholarship-reminders"), get=VERIFIERS),
    Case("claims:claim-report", _page("claims:claim-report"), get=PROPOSERS),
    Case(
        "claims:claim-report",
        lambda w: [(reverse("claims:claim-report") + f"?q={w.people[k].nik}", None) for k in ("a", "b")],
        get=PROPOSERS,
        typed=lambda w: [w.people["a"].nik, w.people["b"].nik],
    ),
    Case(
        "claims:claim-report",
        lambda w: [(reverse("claims:claim-report") + f"?pekerja={w.people[k].pk}", k) for k in ("a", "b")],
        get=PROPOSERS,
        post=PROPOSERS,
        data=_report,
    ),
    Case("claims:claim-detail", _claims("claims:claim-detail"), get=REGISTRY),
    Case("claims:claim-detail", _at("claims:claim-detail", ClaimStatus.SUBMITTED), get=REGISTRY),
    Case(
        "claims:claim-check",
        _claims("claims:claim-check"),
        post=VERIFIERS,
        data=lambda w: {"verdict": "tidak", "reason": "Bukan pekerja rentan terdaftar"},
    ),
    Case("claims:claim-recommend", _at("claims:claim-recommend", ClaimStatus.CHECKED), post=VERIFIERS),
    Case(
        "claims:claim-submit",
        _at("claims:claim-submit", ClaimStatus.RECOMMENDED),
        post=VERIFIERS,
        data=lambda w: {"on": _today(), "receipt": "TT-0001"},
    ),
    Case(
        "claims:claim-pay",
        _at("claims:claim-pay", ClaimStatus.SUBMITTED),
        post=VERIFIERS,
        data=lambda w: {"on": _today(), "amount": 1_500_000},
    ),
    Case(
        "claims:claim-refuse",
        _at("claims:claim-refuse", ClaimStatus.SUBMITTED),
        post=VERIFIERS,
        data=lambda w: {"on": _today(), "reason": "Berkas tidak lengkap"},
    ),
    Case("claims:claim-reassess", _claims("claims:claim-reassess"), post=VERIFIERS),
    Case(
        "claims:heir-add",
        _claims("claims:heir-add"),
        post=PROPOSERS,
        data=lambda w: {"name": "Ahli Waris Baru", "relation": "spouse", "bank_name": "BRI", "account_number": "123"},
    ),
    Case(
        "claims:child-add",
        _at("claims:child-add", "scholarship"),
        post=PROPOSERS,
        data=lambda w: {"name": "Anak Baru", "birth_date": "01/02/2015", "level": "SD", "grade": 3},
    ),
    Case("claims:document-upload", _claims("claims:document-upload"), post=PROPOSERS, data=_upload),
    Case(
        "claims:document-mark",
        _claims("claims:document-mark"),
        post=VERIFIERS,
        data=lambda w: {"kind": "kk", "state": "not_needed", "note": "Ada di berkas kertas"},
    ),
    # Opening a file writes its audit entry (who read which document), by GET or POST alike.
    Case(
        "claims:document-file",
        lambda w: [
            (
                reverse(
                    "claims:document-file",
                    kwargs={"pk": w.things[f"claim_{k}"].pk, "doc_pk": w.things[f"claim_doc_{k}"].pk},
                ),
                k,
            )
            for k in ("a", "b")
        ],
        get=REGISTRY,
        post=REGISTRY,
    ),
    # REST API.
    Case("claim-list", _page("claim-list"), get=LOGGED_IN),
    Case("claim-list", _page("claim-list", "?status=reported&region=64.02"), get=LOGGED_IN),
    Case("claim-list", lambda w: [(reverse("claim-list"), "a")], post=PROPOSERS, data=_report_api, json=True),
    Case("claim-detail", _claims("claim-detail"), get=REGISTRY),
    Case("claim-detail", _at("claim-detail", ClaimStatus.SUBMITTED), get=REGISTRY),
]
