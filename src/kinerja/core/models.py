"""Shared kernel: the agency-scoped base model and the append-only audit trail (GEN-4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core import lookups  # noqa: F401 - registers __digits before any model uses it


def one_of(field: str, values: Iterable[str]) -> Q:
    """``Q(field__in=values)`` for a CHECK constraint, written as ``field = a OR field = b …``.

    The same rule on every database, but SQLite evaluates an IN list inside a CHECK by building a
    temporary index each time a row is inserted: ~2 µs a row, a quarter of inserting 100,000
    employees (bench/bench_import.py). A chain of equalities costs next to nothing.
    """
    condition = Q()
    for value in values:
        condition |= Q(**{field: value})
    if not condition:
        raise ValueError(f"no allowed value for {field}")  # Q() alone would allow anything
    return condition


def agency_key(*, db_index: bool = True) -> models.ForeignKey[Any, Any]:
    """The agency column of a tenant-owned table.

    ``db_index=False`` where a composite index already starts with the agency, or where rows are
    only ever reached through their parent: each index is written on every insert, and opening a
    cycle or importing inserts hundreds of thousands of rows (bench/).
    """
    return models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, db_index=db_index, related_name="+"
    )


class AgencyScopedModel(models.Model):
    """Every tenant-owned row carries its agency, so the table can later be distributed by it."""

    agency = agency_key()

    class Meta:
        abstract = True


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "CREATE", _("dibuat")
    UPDATE = "UPDATE", _("diubah")
    DELETE = "DELETE", _("dihapus")
    TRANSITION = "TRANSITION", _("status berubah")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes are refused as well as single ones: the trail is append-only (GEN-4)."""

    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Jejak audit tidak dapat diubah (GEN-4)."), code="GEN-4")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Jejak audit tidak dapat dihapus (GEN-4)."), code="GEN-4")


class AuditEntry(models.Model):
    """Append-only: who changed which record when, with before and after values (GEN-4)."""

    # Not indexed alone: the (agency, object type, object id, at) index starts with it.
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Not indexed alone: entries are read per object (the index below ends with it); an index
    # on the time alone is written with every entry and read by no query.
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=255, blank=True)
    # CREATE: {field: value} of the new record; otherwise {field: [before, after]}.
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["agency", "object_type", "object_id", "at"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Jejak audit tidak dapat diubah (GEN-4)."), code="GEN-4")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Jejak audit tidak dapat dihapus (GEN-4)."), code="GEN-4")

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) of each change, whatever the action."""
        if self.action == AuditAction.CREATE:
            return [(name, None, value) for name, value in self.changes.items()]
        return [(name, pair[0], pair[1]) for name, pair in self.changes.items()]
