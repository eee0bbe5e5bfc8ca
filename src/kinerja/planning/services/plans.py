"""Plan life-cycle writes: create and update a plan (PLAN-2, PLAN-3, PLAN-4, PLAN-16, PLAN-27,
ORG-2, ORG-6).

The other plan services live in their own modules and are re-exported here, because callers
import them from ``kinerja.planning.services.plans`` (stable names, see ``services/__init__``):
``hr`` (plan_set_by_hr), ``revisions`` (plan_revise), ``transfers`` (employee_transfer_with_plans,
plan_handle_transfer, plan_change_appraiser), ``copying`` (plan_copy_from_previous) and ``content``
(expectation_save, annex_item_save, annex_item_delete, dialogue_save).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Position
from kinerja.people.models import Employee
from kinerja.planning.choices import Approach, PlanStatus
from kinerja.planning.models import Cycle, PerformancePlan
from kinerja.planning.services._common import (
    employee_id_of,
    is_hr_for,
    is_plan_hr,
    require_content_editor,
)
from kinerja.planning.services._plans_common import PlanCreateResult, _exempt_warning, _new_plan
from kinerja.planning.services.content import (
    annex_item_delete,
    annex_item_save,
    dialogue_save,
    expectation_save,
)
from kinerja.planning.services.copying import CopyResult, plan_copy_from_previous
from kinerja.planning.services.hr import plan_set_by_hr
from kinerja.planning.services.revisions import plan_revise
from kinerja.planning.services.transfers import (
    EmployeeTransferResult,
    TransferPlanResult,
    employee_transfer_with_plans,
    plan_change_appraiser,
    plan_handle_transfer,
)

__all__ = [
    "CopyResult",
    "EmployeeTransferResult",
    "PlanCreateResult",
    "TransferPlanResult",
    "annex_item_delete",
    "annex_item_save",
    "dialogue_save",
    "employee_transfer_with_plans",
    "expectation_save",
    "plan_change_appraiser",
    "plan_copy_from_previous",
    "plan_create",
    "plan_handle_transfer",
    "plan_revise",
    "plan_set_by_hr",
    "plan_update",
]


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    cycle: Cycle,
    employee: Employee,
    position: Position | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    approach: str = Approach.QUANTITATIVE,
    family: str | None = None,
    confirm_warnings: bool = False,
) -> PlanCreateResult:
    """Create a DRAFT plan with its seven behaviour rows (PLAN-2, PLAN-3, PLAN-4, PLAN-16).

    A plan for an employee exempt under PLAN-27 needs ``confirm_warnings``; without it the
    warning is returned and nothing is created.
    """
    if (
        actor is not None
        and employee_id_of(actor) != employee.pk
        and not is_hr_for(actor, employee.agency_id)
    ):
        raise PermissionDenied(_("SKP dibuat oleh pegawai sendiri atau pengelola kinerja."))
    warning = _exempt_warning(cycle, employee)
    if warning is not None and not confirm_warnings:
        return PlanCreateResult(plan=None, warnings=[warning])
    plan = _new_plan(
        actor=actor,
        cycle=cycle,
        employee=employee,
        position=position,
        period_start=period_start,
        period_end=period_end,
        approach=approach,
        family=family,
        note=warning.message if warning else "",
    )
    if actor is not None and employee_id_of(actor) != employee.pk and not is_plan_hr(actor, plan):
        # ORG-9: an HR administrator limited to some units sets plans only in those units; the
        # unit is known once the position is resolved (the transaction undoes the plan).
        raise PermissionDenied(_("SKP dibuat oleh pegawai sendiri atau pengelola kinerja."))
    return PlanCreateResult(plan=plan, warnings=[warning] if warning else [])


@transaction.atomic
def plan_update(
    *, actor: Any, plan: PerformancePlan, approach: str | None = None
) -> PerformancePlan:
    """Change the approach of a DRAFT plan; an approved plan changes only by revision (PLAN-4)."""
    plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("position__unit")
        .get(pk=plan.pk)
    )
    require_content_editor(actor, plan)
    if approach is not None and approach != plan.approach:
        if plan.status != PlanStatus.DRAFT:
            raise rule_error(
                "PLAN-4",
                _(
                    "Pendekatan SKP yang sudah diajukan atau ditetapkan hanya "
                    "dapat diubah melalui revisi (PLAN-4, PLAN-28)."
                ),
                "approach",
            )
        if approach not in Approach.values:
            raise rule_error("PLAN-4", _("Pendekatan tidak dikenal (REF-8)."), "approach")
        before = snapshot(plan, ["approach"])
        plan.approach = approach
        plan.save(update_fields=["approach", "updated_at"])
        audit_record(
            actor=actor,
            obj=plan,
            action=AuditAction.UPDATE,
            before=before,
            after=snapshot(plan, ["approach"]),
        )
    return plan
