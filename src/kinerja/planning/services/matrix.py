"""Matriks Peran Hasil (PLAN-15): a JPT's indicators × the staff directly below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.planning.choices import OPEN_STATUSES, PlanFamily, PlanStatus, WorkResultKind
from kinerja.planning.models import Indicator, PerformancePlan, WorkResult
from kinerja.planning.services._common import clean_text, employee_id_of, is_plan_hr
from kinerja.planning.services.revisions import plan_revise
from kinerja.planning.services.work_results import WORK_RESULT_FIELDS, check_supports


@dataclass
class MatrixCellResult:
    work_result: WorkResult | None
    plan: PerformancePlan
    revised: bool = False


def matrix_offered(plan: PerformancePlan) -> bool:
    """PLAN-15: for JPT plans and unit heads."""
    return plan.family == PlanFamily.JPT or plan.position.is_unit_head


def is_directly_below(leader: PerformancePlan, subordinate: PerformancePlan) -> bool:
    return (
        subordinate.position.reports_to_id == leader.position_id
        and subordinate.cycle_id == leader.cycle_id
        and subordinate.period_start <= leader.period_end
        and subordinate.period_end >= leader.period_start
    )


def _editable_version(plan: PerformancePlan, actor: Any) -> tuple[PerformancePlan, bool]:
    """The DRAFT to write into: the plan, its open revision, or a new revision (PLAN-28)."""
    if plan.status == PlanStatus.DRAFT:
        return plan, False
    open_revision = plan.revisions.filter(status__in=OPEN_STATUSES).first()
    if plan.status == PlanStatus.APPROVED:
        if open_revision is not None:
            if open_revision.status != PlanStatus.DRAFT:
                raise rule_error(
                    "PLAN-20",
                    _("Revisi SKP bawahan sedang diajukan; tunggu keputusannya (PLAN-20)."),
                    "subordinate_plan",
                )
            return open_revision, False
        return plan_revise(actor=actor, plan=plan), True
    raise rule_error(
        "PLAN-20",
        _("SKP bawahan berstatus %(status)s dan tidak dapat diubah (PLAN-20).")
        % {"status": plan.get_status_display()},
        "subordinate_plan",
    )


@transaction.atomic
def matrix_cell_save(
    *,
    actor: Any,
    jpt_plan: PerformancePlan,
    indicator: Indicator,
    subordinate_plan: PerformancePlan,
    text: str,
) -> MatrixCellResult:
    """Save one cell: create or update the subordinate's RHK that supports the JPT RHK owning
    the column's indicator and records that indicator. An approved subordinate plan is changed
    through a revision (PLAN-28). An empty text removes a cell RHK from a draft."""
    jpt_plan = PerformancePlan.objects.select_related("position__unit", "cycle").get(pk=jpt_plan.pk)
    subordinate_plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("position__unit", "cycle")
        .get(pk=subordinate_plan.pk)
    )
    if not (
        actor is None
        or employee_id_of(actor) == jpt_plan.employee_id
        or is_plan_hr(actor, jpt_plan)
    ):
        raise PermissionDenied(_("Matriks peran hasil diisi oleh pemilik SKP."))
    if not matrix_offered(jpt_plan):
        raise rule_error(
            "PLAN-15",
            _("Matriks peran hasil hanya untuk SKP JPT dan pimpinan unit (PLAN-15)."),
            "jpt_plan",
        )
    if jpt_plan.status == PlanStatus.CLOSED:
        raise rule_error("PLAN-15", _("SKP pimpinan sudah ditutup (PLAN-15)."), "jpt_plan")
    if indicator.work_result.plan_id != jpt_plan.pk:
        raise rule_error(
            "PLAN-15", _("Kolom matriks harus indikator SKP pimpinan ini (PLAN-15)."), "indicator"
        )
    if not is_directly_below(jpt_plan, subordinate_plan):
        raise rule_error(
            "PLAN-15",
            _("%(name)s tidak berada langsung di bawah jabatan pimpinan ini (PLAN-15).")
            % {"name": subordinate_plan.employee},
            "subordinate_plan",
        )
    target, revised = _editable_version(subordinate_plan, actor)
    supports = check_supports(target, indicator.work_result)
    existing = WorkResult.objects.filter(plan=target, source_indicator=indicator).first()
    text = clean_text(text)
    if not text:
        if existing is None:
            raise rule_error("PLAN-6", _("Isi sel matriks wajib diisi (PLAN-6)."), "text")
        audit_record(
            actor=actor,
            obj=existing,
            action=AuditAction.DELETE,
            before=snapshot(existing, WORK_RESULT_FIELDS),
            after=None,
            reason=_("Sel matriks peran hasil dikosongkan (PLAN-15)."),
        )
        existing.delete()
        return MatrixCellResult(work_result=None, plan=target, revised=revised)
    before = snapshot(existing, WORK_RESULT_FIELDS) if existing else None
    if existing is None:
        order = (WorkResult.objects.filter(plan=target).aggregate(m=Max("order"))["m"] or 0) + 1
        existing = WorkResult(
            agency_id=target.agency_id,
            plan=target,
            kind=WorkResultKind.MAIN,
            order=order,
            source_indicator=indicator,
        )
    existing.text = text
    existing.supports = supports
    existing.supports_broken = False
    existing.full_clean(exclude=["plan", "supports", "source_indicator"])
    existing.save()
    audit_record(
        actor=actor,
        obj=existing,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(existing, WORK_RESULT_FIELDS),
        reason=_("Matriks peran hasil (PLAN-15)."),
    )
    return MatrixCellResult(work_result=existing, plan=target, revised=revised)
