"""Writes of organisation data. Every write is audited in the same transaction (GEN-4)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.choices import LEVELS_BY_TYPE
from kinerja.org.config import clean_setting, effective_settings
from kinerja.org.models import Agency, OrgUnit, Position
from kinerja.org.selectors import unit_placeable_by

UNIT_FIELDS = ["code", "name", "kind", "parent", "serves_public", "is_active", "external_id"]
POSITION_FIELDS = [
    "code",
    "name",
    "unit",
    "position_type",
    "level",
    "reports_to",
    "is_unit_head",
    "independent_unit_head",
    "pelaksana_group",
    "is_active",
    "external_id",
]
AGENCY_FIELDS = ["name", "code", "level", "time_zone", "place", "settings"]


def _retree(model: type[OrgUnit] | type[Position], obj: Any, parent: Any, old_path: str) -> None:
    """Set obj.path from its parent and rewrite the paths of its descendants."""
    obj.path = f"{parent.path if parent else '/'}{obj.pk}/"
    obj.depth = obj.path.count("/") - 2
    model.objects.filter(pk=obj.pk).update(path=obj.path, depth=obj.depth)
    if old_path not in ("/", obj.path):
        for child in model.objects.filter(path__startswith=old_path).exclude(pk=obj.pk):
            child.path = obj.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            model.objects.filter(pk=child.pk).update(path=child.path, depth=child.depth)


def _check_tree(obj: Any, parent: Any, rule: str, field: str) -> None:
    if parent is None:
        return
    if parent.agency_id != obj.agency_id:
        raise rule_error(rule, _("Induk harus berada pada instansi yang sama."), field)
    if obj.pk and (parent.pk == obj.pk or parent.path.startswith(obj.path)):
        raise rule_error(rule, _("Susunan ini membuat lingkaran pada pohon."), field)


@transaction.atomic
def agency_save(*, actor: Any, agency: Agency) -> Agency:
    is_new = agency.pk is None
    before = None if is_new else snapshot(Agency.objects.get(pk=agency.pk), AGENCY_FIELDS)
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        obj=agency,
        agency_id=agency.pk,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=before,
        after=snapshot(agency, AGENCY_FIELDS),
    )
    return agency


@transaction.atomic
def agency_settings_save(
    *, actor: Any, agency: Agency, changes: dict[str, Any], reason: str = ""
) -> Agency:
    """GEN-3: the agency's settings, each checked against its spec; every bad value is reported
    and nothing is saved. They apply to cycles opened afterwards (an open cycle keeps its copy).
    Audited per key (GEN-4: every configuration change)."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key, raw in changes.items():
        try:
            cleaned[key] = clean_setting(key, raw)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    current = effective_settings(agency)
    changed = {key: value for key, value in cleaned.items() if current[key] != value}
    if not changed:
        return agency
    agency.settings = {**(agency.settings or {}), **changed}
    agency.save(update_fields=["settings", "updated_at"])
    audit_record(
        actor=actor,
        obj=agency,
        agency_id=agency.pk,
        action=AuditAction.UPDATE,
        before={f"settings.{key}": current[key] for key in changed},
        after={f"settings.{key}": value for key, value in changed.items()},
        reason=reason,
    )
    return agency


@transaction.atomic
def unit_save(*, actor: Any, unit: OrgUnit) -> OrgUnit:
    """Create or update a unit; ORG-2: parent in the same agency, no cycles; ORG-9: a new or
    moved unit goes only under a unit the actor administers (the root: the whole agency)."""
    is_new = unit.pk is None
    old = None if is_new else OrgUnit.objects.get(pk=unit.pk)
    moved = is_new or old.parent_id != unit.parent_id  # type: ignore[union-attr]
    if actor is not None and moved and not unit_placeable_by(actor, unit.agency, unit.parent):
        raise PermissionDenied(
            _("Anda hanya dapat menempatkan unit di bawah unit dalam lingkup Anda. (ORG-9)")
        )
    _check_tree(unit, unit.parent, "ORG-2", "parent")
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    if moved:
        _retree(OrgUnit, unit, unit.parent, old.path if old else "/")
    audit_record(
        actor=actor,
        obj=unit,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=snapshot(old, UNIT_FIELDS) if old else None,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


@transaction.atomic
def position_save(*, actor: Any, position: Position) -> Position:
    """Create or update a position; REF-13 type/level, ORG-3 one head per unit, no cycles."""
    is_new = position.pk is None
    old = None if is_new else Position.objects.get(pk=position.pk)
    if position.unit_id and position.unit.agency_id != position.agency_id:
        raise rule_error("ORG-4", _("Unit kerja harus berada pada instansi yang sama."), "unit")
    _check_tree(position, position.reports_to, "ORG-4", "reports_to")
    if position.level not in LEVELS_BY_TYPE.get(position.position_type, ()):
        raise rule_error(
            "REF-13",
            _("Jenjang %(level)s tidak sesuai dengan jenis jabatan %(type)s.")
            % {"level": position.level, "type": position.position_type},
            "level",
        )
    if position.pelaksana_group and position.level != "PELAKSANA":
        raise rule_error(
            "REF-14", _("Kelompok pelaksana hanya untuk jabatan pelaksana."), "pelaksana_group"
        )
    if (
        position.is_unit_head
        and Position.objects.filter(unit_id=position.unit_id, is_unit_head=True)
        .exclude(pk=position.pk)
        .exists()
    ):
        raise rule_error("ORG-3", _("Unit ini sudah memiliki jabatan kepala unit."), "is_unit_head")
    position.full_clean(exclude=["path", "depth"])
    position.save()
    if is_new or old.reports_to_id != position.reports_to_id:  # type: ignore[union-attr]
        _retree(Position, position, position.reports_to, old.path if old else "/")
    audit_record(
        actor=actor,
        obj=position,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=snapshot(old, POSITION_FIELDS) if old else None,
        after=snapshot(position, POSITION_FIELDS),
    )
    return position
