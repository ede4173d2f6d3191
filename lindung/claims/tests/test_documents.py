"""Uploaded claim documents: checked by content and size, kept outside the web root, shown only to who may see."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.claims import services
from lindung.claims.models import DocumentState
from lindung.errors import DomainError

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32


@pytest.fixture
def claim(covered, report, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return report(covered)


def _upload(claim, name, content, by, kind="death_certificate"):
    return services.upload_document(claim, kind=kind, uploaded=SimpleUploadedFile(name, content), by=by)


def _stored_files(tmp_path) -> list[Path]:
    return [p for p in (tmp_path / "claims").rglob("*") if p.is_file()] if (tmp_path / "claims").exists() else []


def test_a_pdf_is_stored_under_the_var_dir_and_marks_the_document_received(claim, cast, tmp_path):
    doc = _upload(claim, "akta.pdf", PDF, cast.operator_a)
    assert doc.state == DocumentState.RECEIVED
    assert (doc.content_type, doc.size) == ("application/pdf", len(PDF))
    assert _stored_files(tmp_path) == [tmp_path / "claims" / doc.stored_name]
    assert not str(tmp_path).startswith(str(django_settings.STATIC_ROOT))


def test_jpeg_and_png_are_accepted(claim, cast):
    assert _upload(claim, "kk.JPG", JPEG, cast.operator_a, kind="kk").content_type == "image/jpeg"
    assert _upload(claim, "ktp.png", PNG, cast.operator_a, kind="ktp_worker").content_type == "image/png"


def test_a_file_named_pdf_that_is_a_png_is_refused(claim, cast, tmp_path):
    with pytest.raises(DomainError, match="bernama PDF tetapi isinya PNG"):
        _upload(claim, "akta.pdf", PNG, cast.operator_a)
    assert claim.documents.get(kind="death_certificate").state == DocumentState.MISSING
    assert _stored_files(tmp_path) == []


def test_a_file_that_is_no_pdf_jpeg_or_png_is_refused(claim, cast, tmp_path):
    with pytest.raises(DomainError, match="bukan PDF, JPEG atau PNG"):
        _upload(claim, "akta.pdf", b"<html><script>alert(1)</script>", cast.operator_a)
    assert _stored_files(tmp_path) == []


def test_a_file_over_the_size_limit_is_refused(claim, cast, settings, tmp_path):
    settings.LINDUNG_CLAIM_MAX_UPLOAD_BYTES = 1024
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="paling besar"):
        _upload(claim, "akta.pdf", PDF + b"0" * 2000, cast.operator_a)
    assert _stored_files(tmp_path) == []
    assert AuditEntry.objects.count() == before


def test_an_upload_to_a_closed_claim_leaves_no_file(claim, cast, tmp_path):
    services.check_claim(claim, eligible=False, reason="Bukan pekerja rentan", by=cast.verifier)
    with pytest.raises(DomainError, match="sudah selesai"):
        _upload(claim, "akta.pdf", PDF, cast.operator_a)
    assert _stored_files(tmp_path) == []


def test_a_replaced_file_is_removed_after_commit(claim, cast, tmp_path, django_capture_on_commit_callbacks):
    first = _upload(claim, "akta.pdf", PDF, cast.operator_a).stored_name
    with django_capture_on_commit_callbacks(execute=True):
        second = _upload(claim, "akta-baru.pdf", PDF + b" ", cast.operator_a).stored_name
    assert _stored_files(tmp_path) == [tmp_path / "claims" / second]
    assert first != second


def test_the_file_is_served_to_who_may_see_the_claim_and_each_view_is_audited(claim, cast, client):
    doc = _upload(claim, "akta.pdf", PDF, cast.operator_a)
    url = reverse("claims:document-file", args=[claim.pk, doc.pk])
    client.force_login(cast.verifier)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    viewed = AuditEntry.objects.for_target(claim).filter(action="claims.document.viewed")
    assert viewed.get().actor == cast.verifier


def test_another_village_gets_404_and_no_audit(claim, cast, client):
    doc = _upload(claim, "akta.pdf", PDF, cast.operator_a)
    client.force_login(cast.operator_b)
    assert client.get(reverse("claims:document-file", args=[claim.pk, doc.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="claims.document.viewed").exists()


def test_the_labour_office_marks_a_document_not_needed(claim, cast):
    doc = services.mark_document(
        claim, kind="membership_card", state="not_needed", note="Kartu hilang", by=cast.verifier
    )
    assert doc.state == DocumentState.NOT_NEEDED
    with pytest.raises(PermissionDenied, match="dilakukan Dinas"):
        services.mark_document(claim, kind="kk", state="not_needed", by=cast.operator_a)
