"""Reads of organisation data, always scoped to what the user may see (ORG-9)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from kinerja.accounts.roles import roles_of
from kinerja.org.models import Agency, OrgUnit, Position


def agency_list_visible_to(user: Any) -> QuerySet[Agency]:
    roles = roles_of(user)
    if roles.is_system_admin:
        return Agency.objects.all()
    if roles.agency_id is None:
        return Agency.objects.none()
    return Agency.objects.filter(pk=roles.agency_id)


def agency_get_for_user(user: Any, code: str, *, write: bool = False) -> Agency:
    agency = agency_list_visible_to(user).filter(code=code).first()
    if agency is None:
        raise Http404
    if write and not agency_writable_by(user, agency):
        raise PermissionDenied
    return agency


def agency_writable_by(user: Any, agency: Agency) -> bool:
    """System admin, or HR of the whole agency (ORG-9): agency fields, root units, new employees."""
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    return roles.is_hr_admin and agency.pk == roles.agency_id and not roles.hr_unit_paths


def unit_list_visible_to(user: Any) -> QuerySet[OrgUnit]:
    """Every member of an agency may see its organisation structure (not its people)."""
    return OrgUnit.objects.filter(agency__in=agency_list_visible_to(user))


def unit_get_for_user(user: Any, pk: int, *, write: bool = False) -> OrgUnit:
    unit = unit_list_visible_to(user).select_related("parent", "agency").filter(pk=pk).first()
    if unit is None:
        raise Http404
    if write and not writable_unit(user, unit):
        raise PermissionDenied
    return unit


def position_list_visible_to(user: Any) -> QuerySet[Position]:
    return Position.objects.filter(agency__in=agency_list_visible_to(user))


def position_get_for_user(user: Any, pk: int, *, write: bool = False) -> Position:
    position = (
        position_list_visible_to(user)
        .select_related("unit", "reports_to", "agency")
        .filter(pk=pk)
        .first()
    )
    if position is None:
        raise Http404
    if write and not writable_unit(user, position.unit):
        raise PermissionDenied
    return position


def writable_unit(user: Any, unit: OrgUnit) -> bool:
    """Whether ``user`` may change records of ``unit`` (HR of its agency, within ORG-9 scope)."""
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    if not roles.is_hr_admin or unit.agency_id != roles.agency_id:
        return False
    return not roles.hr_unit_paths or unit.path.startswith(roles.hr_unit_paths)


def unit_placeable_by(user: Any, agency: Agency, parent: OrgUnit | None) -> bool:
    """Whether the user may put a unit under ``parent`` (the root needs the whole agency, ORG-9)."""
    return writable_unit(user, parent) if parent else agency_writable_by(user, agency)


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above ``unit``, from the root down (breadcrumb), in one query via its path."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("depth"))


def position_list_writable_by(user: Any, agency: Agency) -> QuerySet[Position]:
    """Active positions in active units of ``agency`` that the user may staff (ORG-2, ORG-9)."""
    roles = roles_of(user)
    positions = Position.objects.filter(agency=agency, is_active=True, unit__is_active=True)
    if roles.is_system_admin:
        return positions
    if not roles.is_hr_admin or agency.pk != roles.agency_id:
        return positions.none()
    if roles.hr_unit_paths:
        in_scope = Q()
        for path in roles.hr_unit_paths:
            in_scope |= Q(unit__path__startswith=path)
        positions = positions.filter(in_scope)
    return positions
