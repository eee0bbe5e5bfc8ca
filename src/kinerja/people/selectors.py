"""Reads of people data, scoped by role and by the position tree (a supervisor sees own staff)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_for
from kinerja.core.models import AuditEntry
from kinerja.people.appraisal import active_on, assignments_on
from kinerja.people.models import Assignment, Employee


def today() -> dt.date:
    return timezone.localdate()


def held_position_paths(employee: Employee | None, on: dt.date) -> list[str]:
    """Paths of every position the employee holds on ``on`` (definitive or acting)."""
    if employee is None:
        return []
    return list(
        assignments_on(on).filter(employee=employee).values_list("position__path", flat=True)
    )


def staff_filter(paths: list[str], on: dt.date) -> Q:
    """Employees holding a position strictly below any of ``paths`` on ``on``."""
    if not paths:
        return Q(pk__in=[])
    below = Q()
    for path in paths:
        below |= Q(position__path__startswith=path) & ~Q(position__path=path)
    staff = Assignment.objects.filter(active_on(on)).filter(below).values("employee_id")
    return Q(pk__in=staff)


def employee_list_visible_to(user: Any, *, on: dt.date | None = None) -> QuerySet[Employee]:
    """HR, head, auditor: their agency (HR limited to their units, ORG-9). Others: self + staff."""
    on = on or today()
    roles = roles_of(user)
    employees = Employee.objects.all()
    if roles.is_system_admin:
        return employees
    if roles.agency_id is None:
        return employees.none()
    employees = employees.filter(agency_id=roles.agency_id)
    if roles.reads_whole_agency and not (roles.roles == {"HR_ADMIN"} and roles.hr_unit_paths):
        return employees
    own = getattr(user, "employee", None)
    visible = staff_filter(held_position_paths(own, on), on)
    if own is not None:
        visible |= Q(pk=own.pk)
    if roles.hr_unit_paths:
        in_units = Q()
        for path in roles.hr_unit_paths:
            in_units |= Q(position__unit__path__startswith=path)
        visible |= Q(pk__in=Assignment.objects.filter(active_on(on)).filter(in_units)
                     .values("employee_id"))
    return employees.filter(visible)


def employee_get_for_user(user: Any, nip: str, *, write: bool = False) -> Employee:
    """404 when out of scope; PermissionDenied when visible but not writable."""
    employee = (
        employee_list_visible_to(user).select_related("grade", "agency").filter(nip=nip).first()
    )
    if employee is None:
        raise Http404
    if write and not employee_writable_by(user, employee):
        raise PermissionDenied
    return employee


def employee_writable_by(user: Any, employee: Employee) -> bool:
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    if not roles.is_hr_admin or employee.agency_id != roles.agency_id:
        return False
    if not roles.hr_unit_paths:
        return True
    return employee_list_visible_to(user).filter(pk=employee.pk).exists()


def assignment_history(employee: Employee) -> QuerySet[Assignment]:
    return employee.assignments.select_related("position__unit").order_by("-start_date", "-id")


def supervises(user: Any, employee: Employee, on: dt.date | None = None) -> bool:
    """Whether the user's employee holds a position above ``employee``'s on ``on``."""
    on = on or today()
    paths = held_position_paths(getattr(user, "employee", None), on)
    return Employee.objects.filter(staff_filter(paths, on), pk=employee.pk).exists()


def supervises_anyone(user: Any, on: dt.date | None = None) -> bool:
    """Whether the user's employee holds a position that has anyone below it on ``on``."""
    on = on or today()
    paths = held_position_paths(getattr(user, "employee", None), on)
    return Employee.objects.filter(staff_filter(paths, on)).exists()


def employee_audit_for_user(user: Any, nip: str) -> QuerySet[AuditEntry]:
    """GEN-4 trail of an employee: HR, auditor, system admin. 404 out of scope, else 403."""
    employee = employee_get_for_user(user, nip)
    if not roles_of(user).reads_audit:
        raise PermissionDenied
    return audit_for(employee)
