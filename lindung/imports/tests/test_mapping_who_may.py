"""Only those who may propose a batch's people may change its mapping; every step is on the record."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lindung.audit.models import AuditEntry
from lindung.imports.models import BatchStatus, ColumnMapping, ImportBatch
from lindung.imports.tests.conftest import CORPUS


@pytest.fixture
def batch(client, cast):
    client.force_login(cast.operator_a)
    name = "tanpa_kolom_desa.xlsx"
    client.post(
        reverse("imports:batch-list"),
        {"file": SimpleUploadedFile(name, (CORPUS / name).read_bytes()), "village": "64.02.06.1010"},
    )
    client.logout()
    return ImportBatch.objects.get()


def _mapping_form(batch) -> dict:
    from lindung.imports.forms import MappingForm

    return {name: field.initial for name, field in MappingForm(batch=batch).fields.items()}


@pytest.mark.parametrize("who", ["finance", "auditor"])
def test_read_only_roles_cannot_post_a_column_mapping(client, cast, batch, who):
    from lindung.imports import services

    batch.status = BatchStatus.PREVIEWED
    batch.save(update_fields=["status"])
    before = (dict(batch.mapping), ColumnMapping.objects.count(), AuditEntry.objects.count())
    client.force_login(getattr(cast, who))
    fields = next(iter(batch.mapping.values()))
    changed = {sig: ["nik", "name"] + [""] * (len(f) - 2) for sig, f in batch.mapping.items()}
    assert len(fields) >= 2
    with pytest.raises(PermissionDenied):
        services.set_mapping(batch, changed, by=getattr(cast, who))
    response = client.post(reverse("imports:batch-mapping", args=[batch.pk]), _mapping_form(batch))
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEWED
    assert (batch.mapping, ColumnMapping.objects.count(), AuditEntry.objects.count()) == before


def test_uploading_mapping_and_preview_are_audited(client, cast, batch):
    from lindung.imports import services

    assert AuditEntry.objects.filter(action="imports.batch.created", target_id=str(batch.pk)).count() == 1
    services.set_mapping(batch, batch.mapping, by=cast.operator_a)
    services.preview_import(batch, by=cast.operator_a)
    actions = list(AuditEntry.objects.for_target(batch).values_list("action", "actor__username"))
    assert ("imports.batch.mapped", "operator_a") in actions
    assert ("imports.batch.previewed", "operator_a") in actions
