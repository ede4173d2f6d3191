"""The one way to write an audit entry."""

from collections.abc import Callable, Iterable
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
    _require_transaction("audit.record")
    return AuditEntry.objects.create(
        actor=_actor(by),
        interface=current_interface(),
        action=action,
        target_type=target._meta.label_lower,
        target_id="" if isinstance(target, type) else str(target.pk),
        region_code=region_code,
        data=jsonable(data or {}),
    )


def record_many(
    entries: Iterable[tuple[str, object, str, dict | None]],
    *,
    by,
    interface: str | None = None,
    prepared: bool = False,
    insert: Callable[[list[dict]], None] | None = None,
) -> int:
    """Write many audit entries at once (a bulk verification, an import chunk); inside the caller's transaction.

    Each entry is (action, target, region_code, data), the target a row or a (model, pk) pair
    for a row whose id is known but whose instance was never built. `prepared` says the data is
    already JSON-ready (the import's million small dicts are not walked again); `insert` takes
    the rows as {attname: value} for a caller with a faster INSERT than bulk_create.
    """
    _require_transaction("audit.record_many")
    actor = _actor(by)
    interface = interface or current_interface()
    rows = []
    for action, target, region_code, data in entries:
        if isinstance(target, tuple):
            model, pk = target
        else:
            model, pk = type(target), target.pk
        rows.append(
            {
                "actor_id": actor.pk if actor is not None else None,
                "interface": interface,
                "action": action,
                "target_type": model._meta.label_lower,
                "target_id": str(pk),
                "region_code": region_code,
                "data": (data or {}) if prepared else jsonable(data or {}),
            }
        )
    if insert is not None:
        insert(rows)
    else:
        AuditEntry.objects.bulk_create([AuditEntry(**row) for row in rows], batch_size=2000)
    return len(rows)


def _actor(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _require_transaction(name: str) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError(f"{name} must run inside the transaction of the change it records")
