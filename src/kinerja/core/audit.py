"""Helpers that services call to write audit entries in their own transaction (GEN-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from kinerja.core.models import AuditAction, AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    """Plain values of the given fields (foreign keys as ids) for before/after comparison."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _plain(getattr(obj, attname))
    return values


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    before = before or {}
    after = after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def created(after: dict[str, Any] | None) -> dict[str, Any]:
    """A CREATE entry's changes: the new record's values, without the empty (None) ones.

    Not [None, value] pairs: there is no "before", and an import writes 10^5 of these, where
    the pairs were a third of the cost of building the entry (bench/bench_import.py).
    """
    return {name: value for name, value in (after or {}).items() if value is not None}


def audit_entry(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    agency_id: int | None = None,
) -> AuditEntry:
    return AuditEntry(
        agency_id=agency_id if agency_id is not None else agency_of(obj),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=created(after) if action == AuditAction.CREATE else diff(before, after),
        reason=reason,
    )


def audit_record(**kwargs: Any) -> AuditEntry | None:
    """Write one entry; an update that changed nothing writes nothing."""
    entry = audit_entry(**kwargs)
    if kwargs.get("action") == AuditAction.UPDATE and not entry.changes:
        return None
    entry.save()
    return entry


def audit_bulk(entries: Iterable[AuditEntry]) -> int:
    created = AuditEntry.objects.bulk_create(list(entries), batch_size=2000)
    return len(created)


def agency_of(obj: models.Model) -> int | None:
    """The agency an object's entries are filed under: its own, or an agency's own id."""
    if obj._meta.label_lower == "org.agency":
        return int(obj.pk)
    return getattr(obj, "agency_id", None)


def audit_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    # The agency leads the (agency, object type, object id, at) index: without it the query
    # walked the whole trail in time order (10^5 entries after one import) to find a few.
    return AuditEntry.objects.filter(
        agency_id=agency_of(obj), object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
