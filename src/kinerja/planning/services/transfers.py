"""PLAN-25 transfers (the one transfer path: the post and the plans in one transaction) and
ORG-6/ORG-10 changes of appraiser on an existing plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Position
from kinerja.people.appraisal import current_assignment
from kinerja.people.choices import AssignmentKind
from kinerja.people.models import Assignment, Employee
from kinerja.people.services import employee_transfer
from kinerja.planning.choices import Approach, ClosedReason, PlanAction, PlanStatus
from kinerja.planning.models import Cycle, PerformancePlan, PlanEvent
from kinerja.planning.notifications import notify, plan_url, users_of_employees
from kinerja.planning.services._common import clean_text, is_hr_for, is_plan_hr
from kinerja.planning.services._plans_common import _new_plan
from kinerja.planning.services.transitions import _record


@dataclass
class TransferPlanResult:
    closed: PerformancePlan | None
    opened: PerformancePlan | None


def _close_for_transfer(plan: PerformancePlan, actor: Any, last_day: dt.date) -> None:
    before = {"status": plan.status, "period_end": plan.period_end.isoformat()}
    from_status = plan.status
    plan.status = PlanStatus.CLOSED
    plan.closed_reason = ClosedReason.TRANSFER
    plan.closed_at = timezone.now()
    plan.period_end = last_day
    plan.save()
    _record(
        plan,
        actor,
        PlanAction.CLOSE,
        before,
        from_status,
        _("Ditutup karena mutasi; periode berakhir %(date)s (PLAN-25).")
        % {"date": last_day.strftime("%d-%m-%Y")},
    )


@transaction.atomic
def plan_handle_transfer(
    *,
    actor: Any,
    employee: Employee,
    effective_date: dt.date,
    new_position: Position | None = None,
) -> TransferPlanResult:
    """PLAN-25: close the current plan the day before ``effective_date`` and open a DRAFT for the
    new position from that date with the new appraiser. Call it after
    ``people.services.employee_transfer``; ``employee_transfer_with_plans`` calls both."""
    if actor is not None and not is_hr_for(actor, employee.agency_id):
        raise PermissionDenied(_("Hanya pengelola kinerja yang mencatat mutasi."))
    cycle = Cycle.objects.filter(
        agency_id=employee.agency_id, start_date__lte=effective_date, end_date__gte=effective_date
    ).first()
    if cycle is None:
        raise rule_error(
            "PLAN-25",
            _("Tanggal mutasi %(date)s berada di luar siklus kinerja (PLAN-25).")
            % {"date": effective_date.strftime("%d-%m-%Y")},
            "effective_date",
        )
    last_day = effective_date - dt.timedelta(days=1)
    current = list(
        PerformancePlan.objects.select_for_update(of=("self",))
        .filter(
            cycle=cycle,
            employee=employee,
            period_start__lte=last_day,
            period_end__gte=effective_date,
        )
        .exclude(status=PlanStatus.CLOSED)
        .order_by("-version")
    )
    if new_position is None:
        held = current_assignment(employee, effective_date)
        new_position = held.position if held else None
    closed = None
    for plan in current:
        if new_position is not None and plan.position_id == new_position.pk:
            continue  # not a move for this plan
        _close_for_transfer(plan, actor, last_day)
        closed = closed or plan
    opened = None
    if (
        new_position is not None
        and not PerformancePlan.objects.filter(
            cycle=cycle,
            employee=employee,
            position=new_position,
            period_end__gte=effective_date,
        )
        .exclude(status=PlanStatus.CLOSED)
        .exists()
    ):
        opened = _new_plan(
            actor=actor,
            cycle=cycle,
            employee=employee,
            position=new_position,
            period_start=effective_date,
            period_end=None,
            approach=closed.approach if closed else Approach.QUANTITATIVE,
            family=None,
            note=_("Dibuka karena mutasi (PLAN-25)."),
        )
        notify(
            agency_id=employee.agency_id,
            users=users_of_employees([employee.pk, opened.appraiser_id]),
            text=_("SKP baru untuk jabatan %(position)s dibuka karena mutasi (PLAN-25).")
            % {"position": new_position.name},
            url=plan_url(opened),
        )
    return TransferPlanResult(closed=closed, opened=opened)


@dataclass(frozen=True)
class EmployeeTransferResult:
    closed: Assignment | None  # the definitive post ended the day before (None: acting post)
    opened: Assignment
    plan_closed: PerformancePlan | None
    plan_opened: PerformancePlan | None


# plan_handle_transfer's field names -> this service's (the forms and the API use these).
_TRANSFER_FIELDS = {"effective_date": "start_date", "new_position": "position"}


@transaction.atomic
def employee_transfer_with_plans(
    *,
    actor: Any,
    employee: Employee,
    position: Position,
    start_date: dt.date,
    kind: str = AssignmentKind.DEFINITIVE,
    reason: str = "",
) -> EmployeeTransferResult:
    """Mutasi (ORG-5) with its plans (PLAN-25), all or nothing: the page and the API call this.

    A definitive move ends the current post the day before ``start_date`` and then closes the
    running plan at that day and opens a draft for the new position. An acting post (Plt/Plh) is
    held beside the definitive one and leaves the plan alone. An agency that has no cycle yet has
    no plan to move, so only the posts change; once it has cycles, a date outside them is refused
    (PLAN-25) and nothing is saved.
    """
    if actor is not None and not is_hr_for(actor, employee.agency_id):
        raise PermissionDenied(_("Hanya pengelola kinerja yang mencatat mutasi."))
    moved = employee_transfer(
        actor=actor,
        employee=employee,
        position=position,
        start_date=start_date,
        kind=kind,
        reason=reason,
    )
    plans = TransferPlanResult(closed=None, opened=None)
    if (
        kind == AssignmentKind.DEFINITIVE
        and Cycle.objects.filter(agency_id=employee.agency_id).exists()
    ):
        try:
            plans = plan_handle_transfer(
                actor=actor, employee=employee, effective_date=start_date, new_position=position
            )
        except ValidationError as error:
            raise _renamed(error) from error
    return EmployeeTransferResult(
        closed=moved.closed, opened=moved.opened, plan_closed=plans.closed, plan_opened=plans.opened
    )


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {_TRANSFER_FIELDS.get(field, field): errors for field, errors in error.error_dict.items()}
    )


# -- ORG-10: change of appraiser -------------------------------------------------------------


@transaction.atomic
def plan_change_appraiser(
    *,
    actor: Any,
    plan: PerformancePlan,
    effective_date: dt.date,
    reason: str,
    appraiser: Employee | None = None,
    appraiser_official: Any = None,
) -> PerformancePlan:
    """ORG-6/ORG-10: HR sets the plan's appraiser by reference, with a reason. On a plan already
    submitted or approved the change is a dated event (the signed PLAN-5 snapshot stays)."""
    plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("position__unit", "cycle")
        .get(pk=plan.pk)
    )
    if not (actor is None or is_plan_hr(actor, plan)):
        raise PermissionDenied(_("Hanya pengelola kinerja yang mengubah pejabat penilai."))
    if not clean_text(reason):
        raise rule_error(
            "ORG-10", _("Alasan perubahan pejabat penilai wajib diisi (ORG-10)."), "reason"
        )
    if (appraiser is None) == (appraiser_official is None):
        raise rule_error(
            "ORG-6", _("Pilih tepat satu pejabat penilai kinerja (ORG-6)."), "appraiser"
        )
    if appraiser is not None and appraiser.pk == plan.employee_id:
        raise rule_error(
            "ORG-6", _("Pegawai tidak dapat menjadi penilai dirinya sendiri (ORG-6)."), "appraiser"
        )
    holder = appraiser or appraiser_official
    if holder.agency_id != plan.agency_id:
        raise rule_error(
            "ORG-6", _("Pejabat penilai harus dari instansi yang sama (ORG-6)."), "appraiser"
        )
    if not plan.period_start <= effective_date <= plan.period_end:
        raise rule_error(
            "ORG-10", _("Tanggal perubahan harus di dalam periode SKP (ORG-10)."), "effective_date"
        )
    before = snapshot(plan, ["appraiser", "appraiser_official"])
    plan.appraiser = appraiser
    plan.appraiser_official = appraiser_official
    plan.save(update_fields=["appraiser", "appraiser_official", "updated_at"])
    note = _("Pejabat penilai berubah mulai %(date)s menjadi %(name)s: %(reason)s") % {
        "date": effective_date.strftime("%d-%m-%Y"),
        "name": holder,
        "reason": clean_text(reason),
    }
    PlanEvent.objects.create(
        agency_id=plan.agency_id,
        plan=plan,
        action="change_appraiser",
        from_status=plan.status,
        to_status=plan.status,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        obj=plan,
        action=AuditAction.UPDATE,
        before=before,
        after={
            **snapshot(plan, ["appraiser", "appraiser_official"]),
            "effective_date": effective_date.isoformat(),
        },
        reason=clean_text(reason),
    )
    return plan
