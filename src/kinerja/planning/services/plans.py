"""Plan life-cycle writes: create, HR-set, revise, transfer, copy from last year.

PLAN-2, PLAN-3, PLAN-4, PLAN-16, PLAN-22, PLAN-24, PLAN-25, PLAN-26, PLAN-27, PLAN-28, ORG-2,
ORG-6. Content writes (expectations, annex, dialogues) live in ``content`` and are re-exported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Position
from kinerja.people.appraisal import appraiser_for, current_assignment, position_holder
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Assignment, Employee
from kinerja.planning.choices import (
    CORE_VALUES,
    Approach,
    ClosedReason,
    CycleStatus,
    PlanAction,
    PlanStatus,
    WorkResultKind,
)
from kinerja.planning.models import (
    BehaviourExpectation,
    Cycle,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    PlanEvent,
    WorkResult,
)
from kinerja.planning.notifications import notify, plan_url, users_of_employees
from kinerja.planning.orgindex import NOBODY, OrgIndex, Party, family_for
from kinerja.planning.services._common import (
    Problem,
    agency_today,
    clean_text,
    employee_id_of,
    is_hr_for,
    is_plan_appraiser,
    is_plan_employee,
    is_plan_hr,
    problems_error,
    require_content_editor,
    require_editable,
)
from kinerja.planning.services.content import (  # re-exported: stable names (services/__init__)
    annex_item_delete,
    annex_item_save,
    dialogue_save,
    expectation_save,
)
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

__all__ = [
    "CopyResult",
    "PlanCreateResult",
    "TransferPlanResult",
    "annex_item_delete",
    "annex_item_save",
    "dialogue_save",
    "expectation_save",
    "plan_copy_from_previous",
    "plan_create",
    "plan_handle_transfer",
    "plan_revise",
    "plan_set_by_hr",
    "plan_update",
]

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


@dataclass
class TransferPlanResult:
    closed: PerformancePlan | None
    opened: PerformancePlan | None


@dataclass
class CopyResult:
    created: int
    warnings: list[str] = field(default_factory=list)


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
    return PlanCreateResult(plan=plan, warnings=[warning] if warning else [])


@transaction.atomic
def plan_update(
    *, actor: Any, plan: PerformancePlan, approach: str | None = None
) -> PerformancePlan:
    """Change the approach of a DRAFT plan; an approved plan changes only by revision (PLAN-4)."""
    plan = (
        PerformancePlan.objects.select_for_update().select_related("position__unit").get(pk=plan.pk)
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


# -- PLAN-24: HR sets a missing plan ---------------------------------------------------------


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


# -- PLAN-28: revisions ----------------------------------------------------------------------


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
        PerformancePlan.objects.select_for_update()
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


# -- PLAN-25: transfers ----------------------------------------------------------------------


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
    ``people.services.employee_transfer`` (the UI and API transfer actions call both)."""
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
        PerformancePlan.objects.select_for_update()
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


# -- less typing: copy last year's plan ------------------------------------------------------


def _previous_plan(plan: PerformancePlan) -> PerformancePlan | None:
    candidates = PerformancePlan.objects.filter(
        employee_id=plan.employee_id,
        cycle__agency_id=plan.agency_id,
        cycle__year=plan.cycle.year - 1,
    ).exclude(status=PlanStatus.DRAFT)
    same_post = candidates.filter(position_id=plan.position_id)
    return (
        same_post.order_by("-period_end", "-version").first()
        or candidates.order_by("-period_end", "-version").first()
    )


@transaction.atomic
def plan_copy_from_previous(*, actor: Any, plan: PerformancePlan) -> CopyResult:
    """Copy last year's work results, indicators and annex into this DRAFT plan.

    A supported RHK is relinked to the appraiser's current RHK with the same text when there is
    one (PLAN-8); otherwise ``supports`` is cleared and a warning names the RHK. Indicators that
    no longer fit the plan (PLAN-11/PLAN-13) are skipped with a warning.
    """
    plan = (
        PerformancePlan.objects.select_for_update()
        .select_related("cycle", "position__unit")
        .get(pk=plan.pk)
    )
    require_content_editor(actor, plan)
    require_editable(plan)
    previous = _previous_plan(plan)
    if previous is None:
        raise ValidationError(_("Tidak ada SKP tahun lalu untuk disalin."), code="no_previous")
    supervisor_results = (
        {
            clean_text(text).casefold(): pk
            for pk, text in WorkResult.objects.filter(
                plan__cycle_id=plan.cycle_id,
                plan__employee_id=plan.appraiser_id,
                plan__period_start__lte=plan.period_end,
                plan__period_end__gte=plan.period_start,
            )
            .exclude(plan__status=PlanStatus.CLOSED)
            .values_list("pk", "text")
        }
        if plan.appraiser_id
        else {}
    )
    start = WorkResult.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    warnings: list[str] = []
    created = 0
    for offset, old in enumerate(
        WorkResult.objects.filter(plan=previous)
        .select_related("supports")
        .prefetch_related("indicators")
        .order_by("kind", "order", "id"),
        start=1,
    ):
        supports_id = None
        if old.supports_id is not None:
            supports_id = supervisor_results.get(clean_text(old.supports.text).casefold())
            if supports_id is None:
                warnings.append(
                    _(
                        'RHK "%(rhk)s": RHK atasan tahun lalu tidak ada lagi; pilih '
                        "ulang RHK pimpinan yang diintervensi (PLAN-8)."
                    )
                    % {"rhk": old.text[:60]}
                )
        copy = WorkResult.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            kind=old.kind,
            text=old.text,
            order=start + offset,
            assigned_by=old.assigned_by,
            supports_id=supports_id,
        )
        indicators = []
        for indicator in old.indicators.all():
            data = {
                f: getattr(indicator, f)
                for f in (
                    "text",
                    "aspect",
                    "perspective",
                    "target_kind",
                    "target_value",
                    "target_min",
                    "target_max",
                    "target_unit",
                    "target_text",
                )
            }
            try:
                indicators.append(clean_indicator_fields(plan, data))
            except ValidationError as error:
                warnings.append(
                    _('RHK "%(rhk)s", indikator "%(iki)s" tidak disalin: %(why)s')
                    % {
                        "rhk": old.text[:60],
                        "iki": indicator.text[:60],
                        "why": " ".join(error.messages),
                    }
                )
        Indicator.objects.bulk_create(
            [
                Indicator(agency_id=plan.agency_id, work_result=copy, order=n, **data)
                for n, data in enumerate(indicators, start=1)
            ]
        )
        created += 1
    annex_start = PlanAnnexItem.objects.filter(plan=plan).count()
    PlanAnnexItem.objects.bulk_create(
        [
            PlanAnnexItem(
                agency_id=plan.agency_id,
                plan=plan,
                section=a.section,
                text=a.text,
                order=annex_start + a.order,
            )
            for a in PlanAnnexItem.objects.filter(plan=previous)
        ]
    )
    audit_record(
        actor=actor,
        obj=plan,
        action=AuditAction.UPDATE,
        before={"copied_from": None},
        after={"copied_from": previous.pk, "work_results": created},
        reason="; ".join(warnings)[:2000],
    )
    return CopyResult(created=created, warnings=warnings)


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
        PerformancePlan.objects.select_for_update()
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
