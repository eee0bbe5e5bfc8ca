"""PLAN-28: revise an approved plan into a new DRAFT version (indicator identity kept)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.planning.choices import PlanStatus
from kinerja.planning.models import (
    BehaviourExpectation,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    WorkResult,
)
from kinerja.planning.services._common import is_plan_appraiser, is_plan_employee, is_plan_hr
from kinerja.planning.services._plans_common import (
    PLAN_FIELDS,
    _create_behaviour_rows,
    _next_version,
)
from kinerja.planning.services.transitions import _record


def _copy_content(source: PerformancePlan, target: PerformancePlan, *, keep_identity: bool) -> None:
    """Copy work results (with indicators) and annex items; identity kept for revisions."""
    results = list(
        WorkResult.objects.filter(plan=source)
        .prefetch_related("indicators")
        .order_by("kind", "order", "id")
    )
    copies = WorkResult.objects.bulk_create(
        [
            WorkResult(
                agency_id=target.agency_id,
                plan=target,
                kind=r.kind,
                text=r.text,
                order=r.order,
                supports_id=r.supports_id,
                supports_broken=r.supports_broken,
                assigned_by=r.assigned_by,
                source_indicator_id=r.source_indicator_id,
                **({"lineage": r.lineage} if keep_identity else {}),
            )
            for r in results
        ]
    )
    Indicator.objects.bulk_create(
        [
            Indicator(
                agency_id=target.agency_id,
                work_result=copy,
                text=i.text,
                order=i.order,
                aspect=i.aspect,
                perspective=i.perspective,
                target_kind=i.target_kind,
                target_value=i.target_value,
                target_min=i.target_min,
                target_max=i.target_max,
                target_unit=i.target_unit,
                target_text=i.target_text,
                **({"lineage": i.lineage} if keep_identity else {}),
            )
            for r, copy in zip(results, copies, strict=True)
            for i in r.indicators.all()
        ]
    )
    PlanAnnexItem.objects.bulk_create(
        [
            PlanAnnexItem(
                agency_id=target.agency_id,
                plan=target,
                section=a.section,
                text=a.text,
                order=a.order,
            )
            for a in PlanAnnexItem.objects.filter(plan=source).order_by("section", "order", "id")
        ]
    )


@transaction.atomic
def plan_revise(*, actor: Any, plan: PerformancePlan) -> PerformancePlan:
    """PLAN-28: copy an APPROVED plan to a new DRAFT version; unchanged indicators keep their
    identity (lineage). The approved version stays in force until the new one is approved."""
    plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("position__unit", "cycle")
        .get(pk=plan.pk)
    )
    if not (
        actor is None
        or is_plan_employee(actor, plan)
        or is_plan_appraiser(actor, plan)
        or is_plan_hr(actor, plan)
    ):
        raise PermissionDenied(_("Anda tidak berhak merevisi SKP ini."))
    if plan.status != PlanStatus.APPROVED:
        raise rule_error(
            "PLAN-28", _("Hanya SKP yang sudah ditetapkan yang dapat direvisi (PLAN-28)."), "status"
        )
    if plan.revisions.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.REJECTED]
    ).exists():
        raise rule_error(
            "PLAN-28",
            _("Revisi SKP ini sedang berjalan; selesaikan revisi tersebut lebih dulu (PLAN-28)."),
            "status",
        )
    revision = PerformancePlan(
        agency_id=plan.agency_id,
        cycle=plan.cycle,
        employee_id=plan.employee_id,
        position_id=plan.position_id,
        assignment_id=plan.assignment_id,
        period_start=plan.period_start,
        period_end=plan.period_end,
        family=plan.family,
        approach=plan.approach,
        status=PlanStatus.DRAFT,
        appraiser_id=plan.appraiser_id,
        appraiser_official_id=plan.appraiser_official_id,
        approver_id=plan.approver_id,
        approver_official_id=plan.approver_official_id,
        set_by_hr=plan.set_by_hr,
        version=_next_version(plan.cycle, plan.employee, plan.position),
        previous_version=plan,
    )
    revision.save()
    _create_behaviour_rows(
        revision,
        dict(BehaviourExpectation.objects.filter(plan=plan).values_list("value", "expectation")),
    )
    _copy_content(plan, revision, keep_identity=True)
    note = _("Revisi dari versi %(version)d (PLAN-28).") % {"version": plan.version}
    _record(revision, actor, "revise", {}, "", note)
    audit_record(
        actor=actor,
        obj=revision,
        action=AuditAction.CREATE,
        after=snapshot(revision, PLAN_FIELDS),
        reason=note,
    )
    return revision
