"""Helpers shared by the planning services: dates in the agency zone, capacities, errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.roles import roles_of
from kinerja.core.errors import rule_error
from kinerja.planning.models import PerformancePlan
from kinerja.planning.workflow import is_editable


def agency_today(agency: Any) -> dt.date:
    """GEN-5: today's calendar date in the agency's time zone."""
    zone = getattr(agency, "time_zone", None) or "Asia/Jakarta"
    return timezone.now().astimezone(ZoneInfo(zone)).date()


def employee_id_of(user: Any) -> int | None:
    return getattr(user, "employee_id", None) if user is not None else None


def is_hr_for(user: Any, agency_id: int, unit_path: str | None = None) -> bool:
    """ORG-9: the user is an HR administrator of the agency, within their units if limited."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    if not roles.is_hr_admin or roles.agency_id != agency_id:
        return False
    if not roles.hr_unit_paths or unit_path is None:
        return True
    return any(unit_path.startswith(path) for path in roles.hr_unit_paths)


def is_agency_hr(user: Any, agency_id: int) -> bool:
    """Agency-wide actions (cycles, templates) need HR of the whole agency, not of some units."""
    if not is_hr_for(user, agency_id):
        return False
    roles = roles_of(user)
    return roles.is_system_admin or roles.is_agency_wide_hr


def plan_unit_path(plan: PerformancePlan) -> str:
    return plan.position.unit.path


def is_plan_hr(user: Any, plan: PerformancePlan) -> bool:
    return is_hr_for(user, plan.agency_id, plan_unit_path(plan))


def is_plan_employee(user: Any, plan: PerformancePlan) -> bool:
    return employee_id_of(user) is not None and employee_id_of(user) == plan.employee_id


def is_plan_appraiser(user: Any, plan: PerformancePlan) -> bool:
    return employee_id_of(user) is not None and employee_id_of(user) == plan.appraiser_id


def require_editable(plan: PerformancePlan) -> None:
    """PLAN-20: plan content changes only in DRAFT."""
    if not is_editable(plan.status):
        raise rule_error(
            "PLAN-20",
            _("Isi SKP hanya dapat diubah saat berstatus Draf (status sekarang: %(status)s).")
            % {"status": plan.get_status_display()},
        )


def require_content_editor(user: Any, plan: PerformancePlan) -> None:
    """The employee, the appraiser (in the dialogue) or HR may edit a draft's content."""
    if user is None:  # the system (imports, demo) acts with full rights
        return
    if is_plan_employee(user, plan) or is_plan_appraiser(user, plan) or is_plan_hr(user, plan):
        return
    raise PermissionDenied(_("Anda tidak berhak mengubah SKP ini."))


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    field: str | None = None


def problems_error(problems: Iterable[Problem]) -> ValidationError:
    """One ValidationError listing every failing rule; ``code`` is the first rule id (GEN-2)."""
    items = list(problems)
    error = ValidationError([ValidationError(p.message, code=p.rule) for p in items])
    error.code = items[0].rule if items else None
    return error


def clean_text(value: str | None) -> str:
    return (value or "").strip()
