"""Many audit entries at once: the same rows `record` would write."""

from django.db import transaction

from lindung.audit import services as audit
from lindung.audit.models import AuditEntry


def test_record_many_writes_the_rows_record_would_write(cast):
    with transaction.atomic():
        audit.record("accounts.user.checked", cast.operator_a, by=cast.admin, region_code="64", data={"n": 1})
        audit.record_many(
            [
                ("accounts.user.checked", cast.operator_a, "64", {"n": 1}),
                ("accounts.user.checked", (type(cast.operator_b), cast.operator_b.pk), "", None),
            ],
            by=cast.admin,
        )
    one, many, by_pk = AuditEntry.objects.filter(action="accounts.user.checked").order_by("id")
    fields = ("actor_id", "interface", "action", "target_type", "target_id", "region_code", "data")
    assert [getattr(one, f) for f in fields] == [getattr(many, f) for f in fields]
    assert (by_pk.target_id, by_pk.data) == (str(cast.operator_b.pk), {})
