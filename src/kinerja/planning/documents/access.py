"""Who may export the plans of a unit (issue #3 item 9): HR (within their units, ORG-9), the
agency head, auditors, and the head of the unit or of a unit above it, for that subtree."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kinerja.accounts.models import Role
from kinerja.accounts.roles import roles_of
from kinerja.org.models import OrgUnit
from kinerja.people.appraisal import assignments_on


def unit_export_allowed(user: Any, unit: OrgUnit) -> bool:
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    if roles.agency_id != unit.agency_id:
        return False
    if roles.roles & {Role.AGENCY_HEAD, Role.AUDITOR}:
        return True
    if roles.is_hr_admin and (
        not roles.hr_unit_paths or unit.path.startswith(tuple(roles.hr_unit_paths))
    ):
        return True
    employee_id = getattr(user, "employee_id", None)
    if employee_id is None:
        return False
    headed = assignments_on(timezone.localdate()).filter(
        employee_id=employee_id,
        position__is_unit_head=True,
        position__unit__agency_id=unit.agency_id,
    )
    return any(
        unit.path.startswith(path) for path in headed.values_list("position__unit__path", flat=True)
    )
