"""PLAN-24: after the escalation date HR creates and approves a missing plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Position
from kinerja.people.appraisal import position_holder
from kinerja.people.models import Employee
from kinerja.planning.choices import Approach, PlanAction, PlanStatus, WorkResultKind
from kinerja.planning.models import Cycle, Indicator, PerformancePlan, WorkResult
from kinerja.planning.notifications import notify, plan_url, users_of_employees
from kinerja.planning.services._common import (
    Problem,
    agency_today,
    clean_text,
    is_hr_for,
    is_plan_hr,
    problems_error,
)
from kinerja.planning.services._plans_common import PlanCreateResult, _exempt_warning, _new_plan
from kinerja.planning.services.transitions import (
    _record,
    build_header_snapshot,
    plan_approval_problems,
)
from kinerja.planning.services.work_results import (
    check_assigned_by,
    check_supports,
    clean_indicator_fields,
)


def _add_content(
    actor: Any, plan: PerformancePlan, work_results: Sequence[Mapping[str, Any]]
) -> None:
    for order, data in enumerate(work_results, start=1):
        kind = data.get("kind") or WorkResultKind.MAIN
        if kind not in WorkResultKind.values:
            raise rule_error("REF-9", _("Jenis RHK tidak dikenal (REF-9)."), "kind")
        text = clean_text(data.get("text"))
        if not text:
            raise rule_error("PLAN-6", _("Rencana hasil kerja wajib diisi (PLAN-6)."), "text")
        result = WorkResult.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            kind=kind,
            text=text,
            order=order,
            assigned_by=check_assigned_by(data.get("assigned_by", "")),
            supports=check_supports(plan, data.get("supports")),
        )
        indicators = [clean_indicator_fields(plan, i) for i in data.get("indicators", ())]
        if not indicators:
            raise rule_error(
                "PLAN-11",
                _('RHK "%(rhk)s" belum memiliki indikator (PLAN-11).') % {"rhk": text[:60]},
                "indicators",
            )
        Indicator.objects.bulk_create(
            [
                Indicator(agency_id=plan.agency_id, work_result=result, order=n, **cleaned)
                for n, cleaned in enumerate(indicators, start=1)
            ]
        )
        audit_record(
            actor=actor,
            obj=result,
            action=AuditAction.CREATE,
            after={"text": text, "kind": kind, "indicators": len(indicators)},
        )


def _unit_head_id(position: Position, on: dt.date) -> int | None:
    head = Position.objects.filter(unit_id=position.unit_id, is_unit_head=True).first()
    holder = position_holder(head, on) if head is not None else None
    return holder.pk if holder else None


@transaction.atomic
def plan_set_by_hr(
    *,
    actor: Any,
    cycle: Cycle,
    employee: Employee,
    position: Position | None = None,
    approach: str = Approach.QUANTITATIVE,
    work_results: Sequence[Mapping[str, Any]] = (),
    confirm_warnings: bool = False,
    today: dt.date | None = None,
) -> PlanCreateResult:
    """PLAN-24: after the escalation date HR creates and approves a missing plan.

    ``work_results``: [{"kind", "text", "assigned_by", "supports": WorkResult | None,
    "indicators": [{"text", "aspect", "perspective", "target_kind", "target_value", …}]}].
    Notifies the employee, the appraiser and the unit head.
    """
    if not is_hr_for(actor, cycle.agency_id):
        raise PermissionDenied(_("Hanya pengelola kinerja yang dapat menetapkan SKP (PLAN-24)."))
    on = today or agency_today(cycle.agency)
    if on <= cycle.plan_escalation_date:
        raise rule_error(
            "PLAN-24",
            _(
                "SKP baru dapat ditetapkan pengelola kinerja sesudah tanggal "
                "eskalasi %(date)s (PLAN-24)."
            )
            % {"date": cycle.plan_escalation_date.strftime("%d-%m-%Y")},
        )
    existing = PerformancePlan.objects.filter(cycle=cycle, employee=employee).exclude(
        status=PlanStatus.CLOSED
    )
    if position is not None:
        existing = existing.filter(position=position)
    if existing.exists():
        raise rule_error(
            "PLAN-24",
            _(
                "Pegawai ini sudah memiliki SKP pada siklus ini; pengelola "
                "kinerja hanya menetapkan SKP yang belum ada (PLAN-24)."
            ),
        )
    warning = _exempt_warning(cycle, employee)
    if warning is not None and not confirm_warnings:
        return PlanCreateResult(plan=None, warnings=[warning])
    note = _("Ditetapkan oleh pengelola kinerja (PLAN-24).")
    plan = _new_plan(
        actor=actor,
        cycle=cycle,
        employee=employee,
        position=position,
        period_start=None,
        period_end=None,
        approach=approach,
        family=None,
        set_by_hr=True,
        note=note,
    )
    if not is_plan_hr(actor, plan):  # ORG-9: only within the administrator's units
        raise PermissionDenied(_("Hanya pengelola kinerja yang dapat menetapkan SKP (PLAN-24)."))
    _add_content(actor, plan, work_results)
    problems: list[Problem] = []
    if not WorkResult.objects.filter(plan=plan, kind=WorkResultKind.MAIN).exists():
        problems.append(
            Problem("PLAN-6", _("SKP harus memiliki sekurang-kurangnya satu RHK utama (PLAN-6)."))
        )
    problems.extend(plan_approval_problems(plan, on))
    if problems:
        raise problems_error(problems)
    now = timezone.now()
    for action, status in (
        (PlanAction.SUBMIT, PlanStatus.SUBMITTED),
        (PlanAction.APPROVE, PlanStatus.APPROVED),
    ):
        before = {"status": plan.status}
        from_status, plan.status = plan.status, status
        if status == PlanStatus.APPROVED:
            plan.header_snapshot = build_header_snapshot(plan, on)
            plan.approved_at, plan.approved_by = now, actor
        else:
            plan.submitted_at = now
        plan.save()
        _record(plan, actor, action, before, from_status, note)
    notify(
        agency_id=plan.agency_id,
        users=users_of_employees(
            [plan.employee_id, plan.appraiser_id, _unit_head_id(plan.position, on)]
        ),
        text=_("SKP %(name)s ditetapkan oleh pengelola kinerja (PLAN-24).")
        % {"name": employee.full_name},
        url=plan_url(plan),
    )
    return PlanCreateResult(plan=plan, warnings=[warning] if warning else [])
