"""Shared by the plan life-cycle services (plans, hr, revisions, transfers): the new-plan
builder and its checks. PLAN-1, PLAN-2, PLAN-3, PLAN-4, PLAN-16, PLAN-22, PLAN-27, ORG-2, ORG-6.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Position
from kinerja.people.appraisal import appraiser_for, current_assignment
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Assignment, Employee
from kinerja.planning.choices import CORE_VALUES, Approach, CycleStatus, PlanStatus
from kinerja.planning.models import BehaviourExpectation, Cycle, PerformancePlan
from kinerja.planning.orgindex import NOBODY, OrgIndex, Party, family_for
from kinerja.planning.services._common import Problem, agency_today
from kinerja.planning.services.transitions import _record

PLAN_FIELDS = [
    "cycle",
    "employee",
    "position",
    "period_start",
    "period_end",
    "family",
    "approach",
    "status",
    "appraiser",
    "appraiser_official",
    "approver",
    "approver_official",
    "set_by_hr",
    "version",
    "previous_version",
]
OPEN_CYCLE_STATUSES = (CycleStatus.PLANNING, CycleStatus.RUNNING)


@dataclass
class PlanCreateResult:
    plan: PerformancePlan | None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> bool:
        return self.plan is not None


# -- creation --------------------------------------------------------------------------------


def _clamp(day: dt.date, cycle: Cycle) -> dt.date:
    return min(max(day, cycle.start_date), cycle.end_date)


def _assignment_for(
    employee: Employee, position: Position | None, cycle: Cycle, on: dt.date
) -> Assignment:
    """The definitive assignment the plan belongs to (PLAN-2)."""
    if position is None:
        held = current_assignment(employee, on)
        if held is None:
            raise rule_error(
                "PLAN-2",
                _("Pegawai tidak memiliki jabatan aktif pada siklus ini (PLAN-2)."),
                "position",
            )
        return held
    held = (
        Assignment.objects.filter(
            employee=employee, position=position, start_date__lte=cycle.end_date
        )
        .exclude(end_date__lt=cycle.start_date)
        .select_related("position__unit")
        .order_by("-start_date")
        .first()
    )
    if held is None:
        raise rule_error(
            "PLAN-2",
            _("Pegawai tidak memegang jabatan %(position)s pada siklus ini (PLAN-2).")
            % {"position": position},
            "position",
        )
    return held


def _check_period(
    cycle: Cycle,
    employee: Employee,
    position: Position,
    start: dt.date,
    end: dt.date,
    *,
    exclude: int | None = None,
) -> None:
    """PLAN-2: ordered, inside the cycle, no overlap for the same employee and position."""
    if start > end:
        raise rule_error(
            "PLAN-2", _("Awal periode sesudah akhir periode (PLAN-2)."), "period_start"
        )
    if start < cycle.start_date or end > cycle.end_date:
        raise rule_error(
            "PLAN-2",
            _("Periode SKP harus berada di dalam siklus %(year)s (PLAN-2).") % {"year": cycle.year},
            "period_start",
        )
    overlapping = PerformancePlan.objects.filter(
        cycle=cycle,
        employee=employee,
        position=position,
        period_start__lte=end,
        period_end__gte=start,
    ).exclude(pk=exclude)
    if overlapping.exists():
        raise rule_error(
            "PLAN-2",
            _("Sudah ada SKP pegawai ini untuk jabatan ini pada periode yang beririsan (PLAN-2)."),
            "period_start",
        )


def _derive_parties(
    cycle: Cycle, employee: Employee, position: Position, family: str, on: dt.date
) -> tuple[Party, Party]:
    """ORG-6 appraiser (people.appraisal) and PLAN-22 approver; a top JPT without a derivable
    appraiser is appraised by the official who sets the plan (e.g. the Kepala Daerah)."""
    found = appraiser_for(employee, on)
    appraiser = NOBODY
    if found is not None and (found.employee is None or found.employee.pk != employee.pk):
        appraiser = Party(
            employee_id=found.employee.pk if found.employee else None,
            official_id=found.external_official.pk if found.external_official else None,
        )
    approver = NOBODY
    if family == "JPT":
        index = OrgIndex.load(
            cycle.agency, on, on, position_ids={position.pk}, employee_ids={employee.pk}
        )
        approver = index.jpt_approver(
            position.pk, on, employee.pk, cycle.setting("jpt_approver_independent_unit_head")
        )
        if not appraiser and approver.official_id is not None:
            appraiser = Party(official_id=approver.official_id)
    return appraiser, approver


def _next_version(cycle: Cycle, employee: Employee, position: Position) -> int:
    current = PerformancePlan.objects.filter(
        cycle=cycle, employee=employee, position=position
    ).aggregate(m=Max("version"))["m"]
    return (current or 0) + 1


def _create_behaviour_rows(
    plan: PerformancePlan, expectations: Mapping[str, str] | None = None
) -> None:
    """PLAN-16: seven rows in REF-5 order."""
    BehaviourExpectation.objects.bulk_create(
        [
            BehaviourExpectation(
                agency_id=plan.agency_id,
                plan=plan,
                value=v.code,
                order=v.order,
                expectation=(expectations or {}).get(v.code, ""),
            )
            for v in CORE_VALUES
        ]
    )


def _exempt_warning(cycle: Cycle, employee: Employee) -> Problem | None:
    if employee.status in cycle.setting("planning_exempt_statuses"):
        status = employee.get_status_display()
        return Problem(
            "PLAN-27",
            _("Pegawai berstatus %(status)s dikecualikan dari perencanaan kinerja (PLAN-27).")
            % {"status": status},
        )
    return None


def _new_plan(
    *,
    actor: Any,
    cycle: Cycle,
    employee: Employee,
    position: Position | None,
    period_start: dt.date | None,
    period_end: dt.date | None,
    approach: str,
    family: str | None,
    set_by_hr: bool = False,
    note: str = "",
) -> PerformancePlan:
    if cycle.status not in OPEN_CYCLE_STATUSES:
        raise rule_error(
            "PLAN-1",
            _("Siklus %(year)s tidak lagi menerima SKP baru.") % {"year": cycle.year},
            "cycle",
        )
    if employee.agency_id != cycle.agency_id:
        raise rule_error("PLAN-2", _("Pegawai bukan pegawai instansi siklus ini."), "employee")
    if employee.status == EmployeeStatus.INACTIVE:
        raise rule_error("PLAN-2", _("Pegawai tidak aktif."), "employee")
    if approach not in Approach.values:
        raise rule_error(
            "PLAN-4",
            _("Pendekatan wajib dipilih: kuantitatif atau kualitatif (PLAN-4, REF-8)."),
            "approach",
        )
    reference = _clamp(period_start or agency_today(cycle.agency), cycle)
    assignment = _assignment_for(employee, position, cycle, reference)
    position = assignment.position
    if not position.unit.is_active or not position.is_active:
        raise rule_error(
            "ORG-2",
            _("Unit kerja atau jabatan %(position)s tidak aktif; SKP tidak dapat dibuat (ORG-2).")
            % {"position": position},
            "position",
        )
    derived = family_for(position.position_type, position.independent_unit_head)
    if family and family != derived:
        raise rule_error(
            "PLAN-3",
            _(
                "Jenis SKP %(stated)s tidak sesuai dengan jabatan; jenis yang "
                "berlaku: %(derived)s (PLAN-3)."
            )
            % {"stated": family, "derived": derived},
            "family",
        )
    start = period_start or max(cycle.start_date, assignment.start_date)
    end = period_end or min(cycle.end_date, assignment.end_date or cycle.end_date)
    _check_period(cycle, employee, position, start, end)
    appraiser, approver = _derive_parties(cycle, employee, position, derived, start)
    plan = PerformancePlan(
        agency_id=cycle.agency_id,
        cycle=cycle,
        employee=employee,
        position=position,
        assignment=assignment,
        period_start=start,
        period_end=end,
        family=derived,
        approach=approach,
        status=PlanStatus.DRAFT,
        set_by_hr=set_by_hr,
        appraiser_id=appraiser.employee_id,
        appraiser_official_id=appraiser.official_id,
        approver_id=approver.employee_id,
        approver_official_id=approver.official_id,
        version=_next_version(cycle, employee, position),
    )
    plan.full_clean(exclude=["assignment", "previous_version"])
    plan.save()
    _create_behaviour_rows(plan)
    _record(plan, actor, "create", {}, "", note)
    audit_record(
        actor=actor,
        obj=plan,
        action=AuditAction.CREATE,
        after=snapshot(plan, PLAN_FIELDS),
        reason=note,
    )
    return plan
