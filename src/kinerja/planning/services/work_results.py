"""RHK (WorkResult) and IKI (Indicator) writes; DRAFT plans only (PLAN-20).

PLAN-6 (kinds, no weights), PLAN-7 (assigned_by), PLAN-8 (supports), PLAN-10 (broken links),
PLAN-11 (indicators), PLAN-13 (targets), REF-6/REF-7 (perspective, aspect).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_bulk, audit_entry, audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.people.models import Employee
from kinerja.planning.choices import (
    Approach,
    Aspect,
    PlanFamily,
    PlanStatus,
    TargetKind,
    WorkResultKind,
)
from kinerja.planning.models import Indicator, PerformancePlan, WorkResult
from kinerja.planning.notifications import (
    notify,
    plan_url,
    users_by_employee,
    users_of_employees,
)
from kinerja.planning.services._common import (
    clean_text,
    employee_id_of,
    is_plan_hr,
    require_content_editor,
    require_editable,
)

WORK_RESULT_FIELDS = ["kind", "text", "order", "supports", "assigned_by", "source_indicator"]
INDICATOR_FIELDS = [
    "text",
    "order",
    "aspect",
    "perspective",
    "target_kind",
    "target_value",
    "target_min",
    "target_max",
    "target_unit",
    "target_text",
]
# Fields whose change gives an indicator a new identity in a revision (PLAN-28).
INDICATOR_CONTENT = [f for f in INDICATOR_FIELDS if f != "order"]
EDITABLE_LINK_STATUSES = (PlanStatus.DRAFT, PlanStatus.REJECTED)


def _locked_plan(plan: PerformancePlan) -> PerformancePlan:
    """Re-read the plan under a row lock so a concurrent transition cannot slip through."""
    return (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("cycle", "position__unit")
        .get(pk=plan.pk)
    )


def check_assigned_by(value: str | None) -> str:
    """PLAN-7: optional, but when present it must say who assigned it."""
    if value is None or value == "":
        return ""
    if not value.strip():
        raise rule_error(
            "PLAN-7", _("'Penugasan dari' tidak boleh hanya berisi spasi (PLAN-7)."), "assigned_by"
        )
    return value.strip()


def check_supports(plan: PerformancePlan, supports: Any) -> WorkResult | None:
    """PLAN-8: a reference to a WorkResult of the appraiser's plan in the same cycle,
    overlapping the period, not CLOSED. Free text is impossible by design (rejected)."""
    if supports is None or supports == "":
        return None
    if not isinstance(supports, WorkResult):
        raise rule_error(
            "PLAN-8",
            _(
                "RHK pimpinan yang diintervensi harus dipilih dari SKP "
                "atasan, bukan diketik (PLAN-8)."
            ),
            "supports",
        )
    # Re-read: the caller's instance (and its cached plan) may be stale.
    supports = WorkResult.objects.select_related("plan").get(pk=supports.pk)
    target = supports.plan
    if target.cycle_id != plan.cycle_id:
        raise rule_error(
            "PLAN-8", _("RHK pimpinan harus dari siklus yang sama (PLAN-8)."), "supports"
        )
    if plan.appraiser_id is None or target.employee_id != plan.appraiser_id:
        raise rule_error(
            "PLAN-8",
            _("RHK pimpinan harus berasal dari SKP pejabat penilai kinerja pegawai ini (PLAN-8)."),
            "supports",
        )
    if target.period_start > plan.period_end or target.period_end < plan.period_start:
        raise rule_error(
            "PLAN-8",
            _("Periode SKP atasan tidak beririsan dengan periode SKP ini (PLAN-8)."),
            "supports",
        )
    if target.status == PlanStatus.CLOSED:
        raise rule_error(
            "PLAN-8",
            _("SKP atasan sudah ditutup; pilih RHK dari SKP atasan yang berlaku (PLAN-8)."),
            "supports",
        )
    return supports


def _next_order(plan: PerformancePlan) -> int:
    current = WorkResult.objects.filter(plan=plan).aggregate(m=Max("order"))["m"]
    return (current or 0) + 1


@transaction.atomic
def work_result_save(
    *,
    actor: Any,
    plan: PerformancePlan,
    text: str,
    kind: str = WorkResultKind.MAIN,
    supports: WorkResult | None = None,
    assigned_by: str = "",
    order: int | None = None,
    work_result: WorkResult | None = None,
) -> WorkResult:
    """Create or update an RHK of a DRAFT plan (PLAN-6, PLAN-7, PLAN-8, PLAN-20)."""
    plan = _locked_plan(plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    if kind not in WorkResultKind.values:
        raise rule_error(
            "REF-9", _("Jenis RHK %(kind)s tidak dikenal (REF-9).") % {"kind": kind}, "kind"
        )
    if not clean_text(text):
        raise rule_error("PLAN-6", _("Rencana hasil kerja wajib diisi (PLAN-6)."), "text")
    before = None
    if work_result is not None:
        if work_result.plan_id != plan.pk:
            raise PermissionDenied
        before = snapshot(work_result, WORK_RESULT_FIELDS)
    else:
        work_result = WorkResult(agency_id=plan.agency_id, plan=plan)
    new_supports = check_supports(plan, supports)
    if new_supports is None or new_supports.pk != work_result.supports_id:
        work_result.supports_broken = False
    work_result.supports = new_supports
    work_result.kind = kind
    work_result.text = clean_text(text)
    work_result.assigned_by = check_assigned_by(assigned_by)
    work_result.order = order if order is not None else (work_result.order or _next_order(plan))
    work_result.full_clean(exclude=["plan", "supports", "source_indicator"])
    work_result.save()
    audit_record(
        actor=actor,
        obj=work_result,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(work_result, WORK_RESULT_FIELDS),
    )
    return work_result


@transaction.atomic
def work_result_delete(*, actor: Any, work_result: WorkResult) -> None:
    """PLAN-10: rejected while approved (or submitted) plans rely on it; drafts are flagged."""
    plan = _locked_plan(work_result.plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    dependants = WorkResult.objects.filter(supports=work_result).select_related("plan")
    locked = [d for d in dependants if d.plan.status not in EDITABLE_LINK_STATUSES]
    if locked:
        raise rule_error(
            "PLAN-10",
            _(
                "RHK ini menjadi acuan %(count)d RHK pada SKP bawahan yang sudah diajukan atau "
                "ditetapkan; lakukan revisi SKP, bukan penghapusan (PLAN-10)."
            )
            % {"count": len(locked)},
        )
    flagged = list(dependants)
    if flagged:
        WorkResult.objects.filter(pk__in=[d.pk for d in flagged]).update(
            supports=None, supports_broken=True
        )
        users = users_by_employee(dependant.plan.employee_id for dependant in flagged)
        for dependant in flagged:
            notify(
                agency_id=plan.agency_id,
                users=users.get(dependant.plan.employee_id, []),
                text=_(
                    'RHK atasan yang diintervensi oleh "%(text)s" dihapus; pilih ulang RHK '
                    "atasan (PLAN-10)."
                )
                % {"text": dependant.text[:80]},
                url=plan_url(dependant.plan),
            )
    audit_record(
        actor=actor,
        obj=work_result,
        action=AuditAction.DELETE,
        before=snapshot(work_result, WORK_RESULT_FIELDS),
        after=None,
        reason=_("%(count)d RHK bawahan ditandai") % {"count": len(flagged)} if flagged else "",
    )
    work_result.delete()


def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError) as error:
        raise rule_error("PLAN-13", _("Target harus berupa angka (PLAN-13)."), name) from error
    if not number.is_finite():
        raise rule_error("PLAN-13", _("Target harus berupa angka (PLAN-13)."), name)
    return number


def clean_indicator_fields(plan: PerformancePlan, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise one indicator's fields for ``plan`` (PLAN-11, PLAN-13, REF-6/7)."""
    text = clean_text(data.get("text"))
    if not text:
        raise rule_error("PLAN-11", _("Indikator kinerja individu wajib diisi (PLAN-11)."), "text")
    aspect = data.get("aspect") or ""
    if aspect and aspect not in Aspect.values:
        raise rule_error(
            "REF-7", _("Aspek %(value)s tidak dikenal (REF-7).") % {"value": aspect}, "aspect"
        )
    if aspect == Aspect.COST and not plan.cycle.setting("aspect_cost_enabled"):
        raise rule_error(
            "REF-7", _("Aspek Biaya tidak diaktifkan untuk instansi ini (REF-7)."), "aspect"
        )
    perspective = data.get("perspective") or ""
    if perspective and perspective not in {
        "PENERIMA_LAYANAN",
        "PENGUATAN_INTERNAL",
        "PROSES_BISNIS",
        "ANGGARAN",
    }:
        raise rule_error(
            "REF-6",
            _("Perspektif %(value)s tidak dikenal (REF-6).") % {"value": perspective},
            "perspective",
        )
    if perspective and plan.family == PlanFamily.JA_JF:
        raise rule_error(
            "PLAN-11",
            _("Perspektif hanya untuk SKP JPT; kosongkan untuk SKP JA/JF (PLAN-11)."),
            "perspective",
        )
    kind = data.get("target_kind") or TargetKind.NUMBER
    if kind not in TargetKind.values:
        raise rule_error(
            "PLAN-13",
            _("Jenis target %(kind)s tidak dikenal (PLAN-13).") % {"kind": kind},
            "target_kind",
        )
    cleaned: dict[str, Any] = {
        "text": text,
        "aspect": aspect,
        "perspective": perspective,
        "target_kind": kind,
        "target_value": None,
        "target_min": None,
        "target_max": None,
        "target_unit": "",
        "target_text": "",
    }
    unit = clean_text(data.get("target_unit"))
    if kind == TargetKind.TEXT:
        if plan.approach != Approach.QUALITATIVE:
            raise rule_error(
                "PLAN-13",
                _("Target naratif hanya untuk SKP dengan pendekatan kualitatif (PLAN-13)."),
                "target_kind",
            )
        cleaned["target_text"] = clean_text(data.get("target_text"))
        if not cleaned["target_text"]:
            raise rule_error("PLAN-13", _("Target wajib diisi (PLAN-13)."), "target_text")
        return cleaned
    if not unit:
        raise rule_error(
            "PLAN-13",
            _("Target angka wajib disertai satuan, mis. Dokumen, %, Bulan (PLAN-13)."),
            "target_unit",
        )
    cleaned["target_unit"] = unit
    if kind == TargetKind.NUMBER:
        cleaned["target_value"] = _decimal(data.get("target_value"), "target_value")
        if cleaned["target_value"] is None:
            raise rule_error("PLAN-13", _("Target wajib diisi (PLAN-13)."), "target_value")
        return cleaned
    low = _decimal(data.get("target_min"), "target_min")
    high = _decimal(data.get("target_max"), "target_max")
    if low is None or high is None:
        raise rule_error(
            "PLAN-13",
            _("Target rentang wajib memiliki nilai minimum dan maksimum (PLAN-13)."),
            "target_min",
        )
    if low > high:
        raise rule_error(
            "PLAN-13", _("Nilai minimum target lebih besar dari maksimum (PLAN-13)."), "target_min"
        )
    cleaned["target_min"], cleaned["target_max"] = low, high
    return cleaned


def _lineage_is_inherited(plan: PerformancePlan, lineage: uuid.UUID) -> bool:
    return (
        plan.previous_version_id is not None
        and Indicator.objects.filter(
            work_result__plan_id=plan.previous_version_id, lineage=lineage
        ).exists()
    )


@transaction.atomic
def indicator_save(
    *,
    actor: Any,
    work_result: WorkResult,
    text: str,
    target_kind: str = TargetKind.NUMBER,
    target_value: Any = None,
    target_min: Any = None,
    target_max: Any = None,
    target_unit: str = "",
    target_text: str = "",
    aspect: str = "",
    perspective: str = "",
    order: int | None = None,
    indicator: Indicator | None = None,
) -> Indicator:
    """Create or update an IKI with its target (PLAN-11, PLAN-13). A changed indicator in a
    revision gets a new identity; an unchanged one keeps it (PLAN-28)."""
    plan = _locked_plan(work_result.plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    cleaned = clean_indicator_fields(
        plan,
        {
            "text": text,
            "target_kind": target_kind,
            "target_value": target_value,
            "target_min": target_min,
            "target_max": target_max,
            "target_unit": target_unit,
            "target_text": target_text,
            "aspect": aspect,
            "perspective": perspective,
        },
    )
    before = None
    if indicator is not None:
        if indicator.work_result_id != work_result.pk:
            raise PermissionDenied
        before = snapshot(indicator, INDICATOR_FIELDS)
    else:
        indicator = Indicator(agency_id=plan.agency_id, work_result=work_result)
        order = (
            order
            if order is not None
            else ((work_result.indicators.aggregate(m=Max("order"))["m"] or 0) + 1)
        )
    for name, value in cleaned.items():
        setattr(indicator, name, value)
    if order is not None:
        indicator.order = order
    after = snapshot(indicator, INDICATOR_FIELDS)
    content_changed = before is not None and any(before[f] != after[f] for f in INDICATOR_CONTENT)
    if content_changed and _lineage_is_inherited(plan, indicator.lineage):
        indicator.lineage = uuid.uuid4()
    indicator.full_clean(exclude=["work_result"])
    indicator.save()
    audit_record(
        actor=actor,
        obj=indicator,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=after,
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: Any, indicator: Indicator) -> None:
    plan = _locked_plan(indicator.work_result.plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    audit_record(
        actor=actor,
        obj=indicator,
        action=AuditAction.DELETE,
        before=snapshot(indicator, INDICATOR_FIELDS),
        after=None,
    )
    indicator.delete()


@dataclass
class PushResult:
    created: list[WorkResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@transaction.atomic
def work_result_push_to_staff(
    *,
    actor: Any,
    source_work_result: WorkResult,
    employees: Iterable[Employee],
    text: str,
    indicators: Sequence[Mapping[str, Any]] = (),
    kind: str = WorkResultKind.MAIN,
) -> PushResult:
    """A supervisor pushes one RHK, linked to their own, into several direct staff's DRAFT plans.

    Set-based: one INSERT for the work results and one for their indicators. Staff without a
    DRAFT plan appraised by the supervisor in the same cycle are skipped with a reason (PLAN-8).
    """
    source_plan = source_work_result.plan
    if not (employee_id_of(actor) == source_plan.employee_id or is_plan_hr(actor, source_plan)):
        raise PermissionDenied(_("Hanya pemilik RHK yang dapat meneruskannya ke bawahan."))
    if source_plan.status == PlanStatus.CLOSED:
        raise rule_error("PLAN-8", _("SKP sumber sudah ditutup (PLAN-8)."), "source_work_result")
    if kind not in WorkResultKind.values:
        raise rule_error("REF-9", _("Jenis RHK tidak dikenal (REF-9)."), "kind")
    if not clean_text(text):
        raise rule_error("PLAN-6", _("Rencana hasil kerja wajib diisi (PLAN-6)."), "text")
    wanted = {e.pk: e for e in employees}
    plans = {
        p.employee_id: p
        for p in PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("cycle")
        .filter(
            cycle_id=source_plan.cycle_id,
            employee_id__in=wanted,
            status=PlanStatus.DRAFT,
            appraiser_id=source_plan.employee_id,
            period_start__lte=source_plan.period_end,
            period_end__gte=source_plan.period_start,
        )
        # Ascending: the dict keeps the last row per employee, i.e. the newest draft version.
        .order_by("employee_id", "version")
    }
    result = PushResult()
    for employee_id, employee in wanted.items():
        if employee_id not in plans:
            result.skipped.append(
                _("%(name)s: tidak ada SKP Draf yang dinilai oleh Anda pada siklus ini (PLAN-8).")
                % {"name": employee}
            )
    targets = list(plans.values())
    if not targets:
        return result
    cleaned = [clean_indicator_fields(targets[0], data) for data in indicators]
    for plan in targets[1:]:  # the approach may differ per plan (TEXT targets, PLAN-13)
        for data in indicators:
            clean_indicator_fields(plan, data)
    orders = {
        row["plan_id"]: row["m"]
        for row in WorkResult.objects.filter(plan__in=targets)
        .values("plan_id")
        .annotate(m=Max("order"))
    }
    created = WorkResult.objects.bulk_create(
        [
            WorkResult(
                agency_id=plan.agency_id,
                plan=plan,
                kind=kind,
                text=clean_text(text),
                supports=source_work_result,
                order=(orders.get(plan.pk) or 0) + 1,
            )
            for plan in targets
        ]
    )
    Indicator.objects.bulk_create(
        [
            Indicator(agency_id=result_row.agency_id, work_result=result_row, order=n, **data)
            for result_row in created
            for n, data in enumerate(cleaned, start=1)
        ]
    )
    audit_bulk(
        audit_entry(
            actor=actor,
            obj=row,
            action=AuditAction.CREATE,
            after=snapshot(row, WORK_RESULT_FIELDS),
            reason=_("diteruskan dari RHK atasan"),
        )
        for row in created
    )
    notify(
        agency_id=source_plan.agency_id,
        users=users_of_employees(p.employee_id for p in targets),
        text=_('Atasan menambahkan RHK "%(text)s" ke SKP Anda.') % {"text": text[:80]},
    )
    result.created = created
    return result
