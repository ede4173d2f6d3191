"""The one way to write an audit entry."""

from datetime import date, datetime
from decimal import Decimal

from django.db import connection

from lindung.audit.context import current_interface, using_interface  # noqa: F401 (re-exported)
from lindung.audit.models import AuditEntry


def jsonable(value):
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def diff(before: dict, after: dict) -> dict:
    """Changed fields as {field: [before, after]}."""
    return {
        key: [jsonable(before.get(key)), jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record(action: str, target, *, by, region_code: str = "", data: dict | None = None) -> AuditEntry:
    """Write an audit entry; must run inside the caller's transaction.

    The target is the row changed or read; a model class stands for a row that does not exist
    (a failed login for an unknown user name).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the transaction of the change it records")
    return AuditEntry.objects.create(
        actor=by if by is not None and getattr(by, "is_authenticated", False) else None,
        interface=current_interface(),
        action=action,
        target_type=target._meta.label_lower,
        target_id="" if isinstance(target, type) else str(target.pk),
        region_code=region_code,
        data=jsonable(data or {}),
    )
