"""Agencies, organisation units and positions: an adapter over org.selectors and org.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from kinerja.accounts.roles import roles_of
from kinerja.api.errors import field_error, not_found
from kinerja.api.schemas.common import ERRORS, Id, Page, PageQuery, Patch, paginate
from kinerja.api.schemas.org import (
    AgencyIn,
    AgencyOut,
    PositionIn,
    PositionOut,
    PositionQuery,
    SettingsIn,
    SettingsOut,
    UnitFields,
    UnitIn,
    UnitOut,
    UnitQuery,
)
from kinerja.org.config import agency_setting_rows
from kinerja.org.models import Agency, OrgUnit, Position
from kinerja.org.selectors import (
    agency_get_for_user,
    agency_list_visible_to,
    position_get_for_user,
    position_list_visible_to,
    unit_get_for_user,
    unit_list_visible_to,
    writable_unit,
)
from kinerja.org.services import agency_save, agency_settings_save, position_save, unit_save
from kinerja.people.appraisal import position_holders
from kinerja.people.selectors import today

router = Router(tags=["organisasi"])


def body_agency(user: Any, code: str | None) -> Agency:
    """The agency named in a body; a user of one agency may leave it out."""
    if code is None and user.agency_id is not None:
        return user.agency
    if not code:
        raise field_error("agency", _("Wajib diisi oleh administrator sistem."), "required")
    found = agency_list_visible_to(user).filter(code=code).first()
    if found is None:
        raise not_found("agency")
    return found


def _apply(obj: Any, data: dict[str, Any]) -> None:
    for field, value in data.items():
        setattr(obj, field, value)


# Agencies -------------------------------------------------------------------------------------


@router.get("/agencies", response={200: Page[AgencyOut], **ERRORS})
def agency_list(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    return paginate(agency_list_visible_to(request.user).order_by("name", "pk"), filters)


@router.get("/agencies/{slug:code}", response={200: AgencyOut, **ERRORS})
def agency_detail(request: HttpRequest, code: str) -> Agency:
    return agency_get_for_user(request.user, code)


@router.post("/agencies", response={201: AgencyOut, **ERRORS})
def agency_create(request: HttpRequest, payload: AgencyIn) -> Status:
    """System administrator only."""
    if not roles_of(request.user).is_system_admin:
        raise PermissionDenied
    agency = agency_save(actor=request.user, agency=Agency(**payload.dict()))
    return Status(201, agency)


@router.patch("/agencies/{slug:code}", response={200: AgencyOut, **ERRORS})
def agency_update(request: HttpRequest, code: str, payload: Patch[AgencyIn]) -> Agency:
    """System administrator, or HR administrator of the whole agency."""
    agency = agency_get_for_user(request.user, code, write=True)
    _apply(agency, payload)
    return agency_save(actor=request.user, agency=agency)


def _settings_out(agency: Agency) -> dict[str, Any]:
    return {
        "agency": agency.code,
        "settings": [
            {
                "key": spec.key,
                "label": str(spec.label),
                "rule": spec.rule,
                "kind": spec.kind,
                "value": value,
                "choices": [code for code, _label in spec.choices()] if spec.choices else None,
            }
            for spec, value in agency_setting_rows(agency)
        ],
    }


@router.get("/agencies/{slug:code}/settings", response={200: SettingsOut, **ERRORS})
def agency_settings(request: HttpRequest, code: str) -> dict[str, Any]:
    """GEN-3: every member of the agency may read them."""
    return _settings_out(agency_get_for_user(request.user, code))


@router.patch("/agencies/{slug:code}/settings", response={200: SettingsOut, **ERRORS})
def agency_settings_update(request: HttpRequest, code: str, payload: SettingsIn) -> dict[str, Any]:
    """System administrator, or HR administrator of the whole agency. Every bad value is
    reported (422, one entry per key) and nothing is saved."""
    agency = agency_get_for_user(request.user, code, write=True)
    agency = agency_settings_save(
        actor=request.user, agency=agency, changes=payload.settings, reason=payload.reason
    )
    return _settings_out(agency)


# Units ----------------------------------------------------------------------------------------


def _units(user: Any, query: UnitQuery) -> QuerySet[OrgUnit]:
    units = unit_list_visible_to(user).select_related("agency").order_by("agency_id", "path")
    if query.agency:
        units = units.filter(agency__code=query.agency)
    if query.parent is not None:
        units = units.filter(parent_id=query.parent)
    if query.q:
        units = units.filter(Q(name__icontains=query.q) | Q(code__icontains=query.q))
    if query.active is not None:
        units = units.filter(is_active=query.active)
    return units


def _body_parent(user: Any, parent_id: int | None) -> OrgUnit | None:
    if parent_id is None:
        return None
    parent = unit_list_visible_to(user).filter(pk=parent_id).first()
    if parent is None:
        raise not_found("parent_id")
    return parent


@router.get("/units", response={200: Page[UnitOut], **ERRORS})
def unit_list(request: HttpRequest, filters: Query[UnitQuery]) -> dict[str, Any]:
    return paginate(_units(request.user, filters), filters)


@router.get("/units/{int:unit_id}", response={200: UnitOut, **ERRORS})
def unit_detail(request: HttpRequest, unit_id: Id) -> OrgUnit:
    return unit_get_for_user(request.user, unit_id)


@router.post("/units", response={201: UnitOut, **ERRORS})
def unit_create(request: HttpRequest, payload: UnitIn) -> Status:
    """HR of the agency: under a unit in their scope, or at the root for HR of the whole agency."""
    data = payload.dict()
    agency = body_agency(request.user, data.pop("agency"))
    parent = _body_parent(request.user, data.pop("parent_id"))
    # ORG-9: unit_save checks that the parent is in the caller's scope (403 otherwise).
    unit = unit_save(actor=request.user, unit=OrgUnit(agency=agency, parent=parent, **data))
    return Status(201, unit)


@router.patch("/units/{int:unit_id}", response={200: UnitOut, **ERRORS})
def unit_update(request: HttpRequest, unit_id: Id, payload: Patch[UnitFields]) -> OrgUnit:
    unit = unit_get_for_user(request.user, unit_id, write=True)
    if "parent_id" in payload:
        unit.parent = _body_parent(request.user, payload.pop("parent_id"))
    _apply(unit, payload)
    return unit_save(actor=request.user, unit=unit)


# Positions ------------------------------------------------------------------------------------


def _positions(user: Any, query: PositionQuery) -> QuerySet[Position]:
    positions = (
        position_list_visible_to(user)
        .select_related("agency", "unit")
        .order_by("agency_id", "path")
    )
    if query.agency:
        positions = positions.filter(agency__code=query.agency)
    if query.unit is not None:
        positions = positions.filter(unit_id=query.unit)
    if query.reports_to is not None:
        positions = positions.filter(reports_to_id=query.reports_to)
    if query.type:
        positions = positions.filter(position_type=query.type)
    if query.q:
        positions = positions.filter(Q(name__icontains=query.q) | Q(code__icontains=query.q))
    if query.active is not None:
        positions = positions.filter(is_active=query.active)
    return positions


def _with_holders(positions: list[Position]) -> list[Position]:
    holders = position_holders([p.pk for p in positions], today())
    for position in positions:
        position.holder = holders.get(position.pk)  # type: ignore[attr-defined]
    return positions


def _resolve_position_refs(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Turn unit_id / reports_to_id into visible objects (422 when they do not resolve)."""
    if "unit_id" in data:
        data["unit"] = unit_list_visible_to(user).filter(pk=data.pop("unit_id")).first()
        if data["unit"] is None:
            raise not_found("unit_id")
    if "reports_to_id" in data:
        reports_to_id = data.pop("reports_to_id")
        data["reports_to"] = None
        if reports_to_id is not None:
            data["reports_to"] = position_list_visible_to(user).filter(pk=reports_to_id).first()
            if data["reports_to"] is None:
                raise not_found("reports_to_id")
    return data


@router.get("/positions", response={200: Page[PositionOut], **ERRORS})
def position_list(request: HttpRequest, filters: Query[PositionQuery]) -> dict[str, Any]:
    page = paginate(_positions(request.user, filters), filters)
    page["items"] = _with_holders(page["items"])
    return page


@router.get("/positions/{int:position_id}", response={200: PositionOut, **ERRORS})
def position_detail(request: HttpRequest, position_id: Id) -> Position:
    return _with_holders([position_get_for_user(request.user, position_id)])[0]


@router.post("/positions", response={201: PositionOut, **ERRORS})
def position_create(request: HttpRequest, payload: PositionIn) -> Status:
    """HR of the agency, for a unit within their scope (ORG-9)."""
    data = _resolve_position_refs(request.user, payload.dict())
    if not writable_unit(request.user, data["unit"]):
        raise PermissionDenied
    position = position_save(
        actor=request.user, position=Position(agency_id=data["unit"].agency_id, **data)
    )
    return Status(201, _with_holders([position])[0])


@router.patch("/positions/{int:position_id}", response={200: PositionOut, **ERRORS})
def position_update(request: HttpRequest, position_id: Id, payload: Patch[PositionIn]) -> Position:
    position = position_get_for_user(request.user, position_id, write=True)
    data = _resolve_position_refs(request.user, payload)
    if "unit" in data and not writable_unit(request.user, data["unit"]):
        raise PermissionDenied
    _apply(position, data)
    return _with_holders([position_save(actor=request.user, position=position)])[0]
