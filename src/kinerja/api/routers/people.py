"""Employees, assignments, appraisers and audit: an adapter over people.selectors/services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from kinerja.api.errors import field_error, not_found
from kinerja.api.routers.org import body_agency
from kinerja.api.schemas.common import ERRORS, Page, PageQuery, Patch, paginate
from kinerja.api.schemas.people import (
    AppraiserChainOut,
    AppraiserQuery,
    AssignmentOut,
    AuditEntryOut,
    EmployeeDetailOut,
    EmployeeFields,
    EmployeeIn,
    EmployeeOut,
    EmployeeQuery,
    TransferIn,
    TransferOut,
)
from kinerja.org.models import Grade
from kinerja.org.selectors import (
    agency_writable_by,
    position_list_visible_to,
    unit_list_visible_to,
    writable_unit,
)
from kinerja.people.appraisal import (
    Appraiser,
    appraiser_chain,
    current_assignments,
)
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import normalise_nip
from kinerja.people.selectors import (
    assignment_history,
    employee_audit_for_user,
    employee_get_for_user,
    employee_list_visible_to,
    employee_search,
    today,
)
from kinerja.people.services import employee_save
from kinerja.planning.services.plans import employee_transfer_with_plans

router = Router(tags=["pegawai"])


def _with_current(employees: list[Employee]) -> list[Employee]:
    """Attach the assignment held today (for position/unit) in one query for the whole page."""
    held = current_assignments([e.pk for e in employees], today())
    for employee in employees:
        employee.current = held.get(employee.pk)  # type: ignore[attr-defined]
    return employees


def _nip(raw: str) -> str:
    """The NIP of a URL (spaces allowed, ID-1); anything else cannot name an employee."""
    nip = normalise_nip(raw)
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise Http404
    return nip


def _get(user: Any, nip: str, *, write: bool = False) -> Employee:
    return employee_get_for_user(user, _nip(nip), write=write)


def _employees(user: Any, filters: EmployeeQuery) -> QuerySet[Employee]:
    """The list page's filters (name or NIP, unit with its sub-units, type, status)."""
    unit = None
    if filters.unit is not None:
        unit = unit_list_visible_to(user).filter(pk=filters.unit).first()
        if unit is None:
            raise not_found("unit")
    employees = employee_list_visible_to(user).select_related("agency", "grade")
    return employee_search(
        employees,
        text=filters.q or "",
        unit=unit,
        employee_type=filters.type or "",
        status=filters.status or "",
    ).order_by("name", "nip")


def _grade(code: str | None, employee_type: str) -> Grade | None:
    """The grade named by its code (PNS "III/a", PPPK "IX": the lists never share a code).

    A grade of the other type is left to the service (REF-12)."""
    if not code:
        return None
    grade = Grade.objects.filter(code=code.strip()).first()
    if grade is None:
        rule = "REF-12" if employee_type == "PPPK" else "REF-11"
        raise field_error(
            "grade", _("Kode golongan %(code)s tidak dikenal.") % {"code": code}, rule
        )
    return grade


@router.get("/employees", response={200: Page[EmployeeOut], **ERRORS})
def employee_list(request: HttpRequest, filters: Query[EmployeeQuery]) -> dict[str, Any]:
    page = paginate(_employees(request.user, filters), filters)
    page["items"] = _with_current(page["items"])
    return page


@router.get("/employees/{nip}", response={200: EmployeeDetailOut, **ERRORS})
def employee_detail(request: HttpRequest, nip: str) -> Employee:
    return _with_current([_get(request.user, nip)])[0]


@router.post("/employees", response={201: EmployeeDetailOut, **ERRORS})
def employee_create(request: HttpRequest, payload: EmployeeIn) -> Status:
    """HR of the whole agency. The NIP is checked by type (ID-1..ID-7, ID-10) and unique (ID-9)."""
    data = payload.dict()
    agency = body_agency(request.user, data.pop("agency"))
    if not agency_writable_by(request.user, agency):
        raise PermissionDenied
    reason = data.pop("reason")
    data["grade"] = _grade(data["grade"], data["employee_type"])
    employee = employee_save(
        actor=request.user, employee=Employee(agency=agency, **data), reason=reason
    )
    return Status(201, _with_current([employee])[0])


@router.patch("/employees/{nip}", response={200: EmployeeDetailOut, **ERRORS})
def employee_update(request: HttpRequest, nip: str, payload: Patch[EmployeeFields]) -> Employee:
    employee = _get(request.user, nip, write=True)
    reason = payload.pop("reason", "") or ""
    if "grade" in payload:
        payload["grade"] = _grade(
            payload["grade"], payload.get("employee_type") or employee.employee_type
        )
    for field, value in payload.items():
        setattr(employee, field, value)
    employee = employee_save(actor=request.user, employee=employee, reason=reason)
    return _with_current([employee])[0]


@router.get("/employees/{nip}/assignments", response={200: list[AssignmentOut], **ERRORS})
def employee_assignments(request: HttpRequest, nip: str) -> QuerySet[Assignment]:
    return assignment_history(_get(request.user, nip))


@router.post("/employees/{nip}/transfer", response={201: TransferOut, **ERRORS})
def employee_transfer_create(request: HttpRequest, nip: str, payload: TransferIn) -> Status:
    """Mutasi (ORG-5): HR, into a position of a unit within their scope (ORG-9). A definitive
    move also closes the running SKP the day before and opens a draft for the new position
    (PLAN-25), in the same transaction; an acting post (Plt/Plh) leaves the SKP alone."""
    employee = _get(request.user, nip, write=True)
    position = (
        position_list_visible_to(request.user)
        .select_related("unit")
        .filter(pk=payload.position_id)
        .first()
    )
    if position is None:
        raise not_found("position_id")
    if not writable_unit(request.user, position.unit):
        raise PermissionDenied
    result = employee_transfer_with_plans(
        actor=request.user,
        employee=employee,
        position=position,
        start_date=payload.start_date,
        kind=payload.kind,
        reason=payload.reason,
    )
    return Status(
        201,
        {
            "closed": result.closed,
            "opened": result.opened,
            "plan_closed": result.plan_closed and result.plan_closed.pk,
            "plan_opened": result.plan_opened and result.plan_opened.pk,
        },
    )


def _appraiser(found: Appraiser | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "source": found.source,
        "employee": found.employee,
        "external_official": found.external_official,
        "reason": found.reason,
        "position": found.position and {"id": found.position.pk, "name": found.position.name},
    }


@router.get("/employees/{nip}/appraiser", response={200: AppraiserChainOut, **ERRORS})
def employee_appraiser(
    request: HttpRequest, nip: str, filters: Query[AppraiserQuery]
) -> dict[str, Any]:
    """The appraiser (ORG-6) and the appeal reviewer (ORG-8) on a date."""
    employee = _get(request.user, nip)
    on = filters.on or today()
    appraiser, reviewer = appraiser_chain(employee, on)
    return {"on": on, "appraiser": _appraiser(appraiser), "appeal_reviewer": _appraiser(reviewer)}


@router.get("/employees/{nip}/audit", response={200: Page[AuditEntryOut], **ERRORS})
def employee_audit(request: HttpRequest, nip: str, filters: Query[PageQuery]) -> dict[str, Any]:
    """GEN-4 trail: HR administrator, auditor, system administrator (403 others, 404 unseen)."""
    return paginate(employee_audit_for_user(request.user, _nip(nip)), filters)
