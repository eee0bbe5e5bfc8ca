"""Cycles: opening (settings frozen, checkpoints, draft plans for everyone) and status steps.

PLAN-1, EXEC-1, EXEC-2, GEN-3; plan generation follows PLAN-2, PLAN-3, PLAN-26, PLAN-27, ORG-2
and ORG-6 and is set-based: a constant number of queries whatever the number of employees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record
from kinerja.core.bulk import bulk_insert, db_value
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.config import DEFAULTS, effective_settings
from kinerja.org.models import Agency
from kinerja.people.choices import AssignmentKind, EmployeeStatus
from kinerja.people.models import Employee
from kinerja.planning.choices import (
    ANNUAL_LABEL,
    CORE_VALUES,
    GRID_LABELS,
    GRID_MONTHS,
    Approach,
    CheckpointGrid,
    CheckpointKind,
    CycleStatus,
    PlanStatus,
)
from kinerja.planning.models import (
    BehaviourExpectation,
    Checkpoint,
    Cycle,
    PerformancePlan,
    PlanEvent,
)
from kinerja.planning.orgindex import NOBODY, OrgIndex, Party, family_for
from kinerja.planning.services._common import agency_today, is_agency_hr
from kinerja.planning.workflow import cycle_step_allowed

Progress = Callable[[int, int], Any]
PLAN_BATCH = 5000

# GEN-3: settings that change the meaning of stored data.
MEANING_SETTINGS = frozenset({"checkpoint_grid", "aspect_cost_enabled"})


@dataclass(frozen=True)
class CycleOpenResult:
    cycle: Cycle
    checkpoints: list[Checkpoint]
    plans_created: int


def _require_hr(actor: Any, agency: Agency) -> None:
    if actor is not None and not is_agency_hr(actor, agency.pk):
        raise PermissionDenied(_("Hanya pengelola kinerja instansi yang dapat mengelola siklus."))


def _month_day(year: int, value: str, fallback: str) -> dt.date:
    try:
        month, day = (int(x) for x in str(value or fallback).split("-"))
        return dt.date(year, month, day)
    except ValueError:
        month, day = (int(x) for x in fallback.split("-"))
        return dt.date(year, month, day)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def checkpoint_specs(
    year: int, grid: str, labels: dict[str, Any] | None = None
) -> list[tuple[str, str, dt.date, dt.date]]:
    """EXEC-1/EXEC-2: (kind, label, start, end) for the periodic grid plus the ANNUAL one."""
    if grid not in CheckpointGrid.values:
        raise rule_error(
            "EXEC-1",
            _("Periode penilaian berkala %(grid)s tidak dikenal (REF-17).") % {"grid": grid},
            "checkpoint_grid",
        )
    names = list((labels or {}).get(grid) or GRID_LABELS[grid])
    annual = (labels or {}).get("ANNUAL") or ANNUAL_LABEL
    step = GRID_MONTHS[grid]
    specs = []
    start = dt.date(year, 1, 1)
    for index in range(12 // step):
        end = _add_months(start, step) - dt.timedelta(days=1)
        label = names[index] if index < len(names) else ""
        specs.append((CheckpointKind.PERIODIC, str(label).strip(), start, end))
        start = end + dt.timedelta(days=1)
    specs.append(
        (CheckpointKind.ANNUAL, str(annual).strip(), dt.date(year, 1, 1), dt.date(year, 12, 31))
    )
    labels_seen = [s[1] for s in specs]
    if any(not label for label in labels_seen) or len(set(labels_seen)) != len(labels_seen):
        raise rule_error(
            "EXEC-2",
            _(
                "Label periode penilaian wajib diisi dan tidak boleh "
                "kembar dalam satu siklus (EXEC-2)."
            ),
            "checkpoint_labels",
        )
    return specs


def _create_checkpoints(cycle: Cycle) -> list[Checkpoint]:
    specs = checkpoint_specs(
        cycle.year, cycle.checkpoint_grid, cycle.settings_snapshot.get("checkpoint_labels")
    )
    return Checkpoint.objects.bulk_create(
        [
            Checkpoint(
                agency_id=cycle.agency_id,
                cycle=cycle,
                kind=kind,
                label=label,
                order=order,
                start_date=start,
                end_date=end,
            )
            for order, (kind, label, start, end) in enumerate(specs, start=1)
        ]
    )


@transaction.atomic
def cycle_open(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    grid: str | None = None,
    progress: Progress | None = None,
) -> CycleOpenResult:
    """PLAN-1: open the agency's cycle for ``year`` and generate its draft plans."""
    _require_hr(actor, agency)
    if Cycle.objects.filter(agency=agency, year=year).exists():
        raise rule_error(
            "PLAN-1",
            _("Siklus kinerja %(year)s untuk instansi ini sudah ada (PLAN-1).") % {"year": year},
            "year",
        )
    frozen = effective_settings(agency)  # GEN-3: the settings in force, copied onto the cycle
    if grid is not None:
        frozen["checkpoint_grid"] = grid
    cycle = Cycle(
        agency=agency,
        year=year,
        start_date=dt.date(year, 1, 1),
        end_date=dt.date(year, 12, 31),
        checkpoint_grid=frozen["checkpoint_grid"],
        status=CycleStatus.PLANNING,
        settings_snapshot=frozen,
        opened_at=timezone.now(),
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        plan_approval_deadline=_month_day(
            year, frozen["plan_approval_deadline"], DEFAULTS["plan_approval_deadline"]
        ),
        plan_escalation_date=_month_day(
            year, frozen["plan_escalation_date"], DEFAULTS["plan_escalation_date"]
        ),
    )
    if cycle.checkpoint_grid not in CheckpointGrid.values:
        raise rule_error(
            "EXEC-1",
            _("Periode penilaian berkala %(grid)s tidak dikenal (REF-17).")
            % {"grid": cycle.checkpoint_grid},
            "checkpoint_grid",
        )
    cycle.full_clean(exclude=["opened_by"])
    cycle.save()
    checkpoints = _create_checkpoints(cycle)
    audit_record(
        actor=actor,
        obj=cycle,
        action=AuditAction.CREATE,
        after={
            "year": year,
            "checkpoint_grid": cycle.checkpoint_grid,
            "checkpoints": len(checkpoints),
            "settings_snapshot": frozen,
        },
    )
    created = cycle_generate_plans(actor=actor, cycle=cycle, progress=progress)
    return CycleOpenResult(cycle=cycle, checkpoints=checkpoints, plans_created=created)


def _reference_date(cycle: Cycle) -> dt.date:
    return min(max(agency_today(cycle.agency), cycle.start_date), cycle.end_date)


def _candidate_assignments(
    cycle: Cycle, index: OrgIndex, on: dt.date | None
) -> list[tuple[int, int, int, dt.date, dt.date | None]]:
    """Definitive assignments in active units and positions (ORG-2) of non-exempt employees
    (PLAN-27) still running on ``on`` (default: today, kept within the cycle). Read from the
    OrgIndex already in memory: no extra query over the assignments."""
    exempt = set(cycle.setting("planning_exempt_statuses")) | {EmployeeStatus.INACTIVE}
    excluded = set(
        Employee.objects.filter(agency_id=cycle.agency_id, status__in=exempt).values_list(
            "id", flat=True
        )
    )
    reference = on or _reference_date(cycle)
    rows = []
    for post in index.posts:
        position = index.positions.get(post.position_id)
        if (
            post.kind != AssignmentKind.DEFINITIVE
            or post.employee_id in excluded
            or position is None
            or not (position.is_active and position.unit_active)
            or (post.end is not None and post.end < reference)
        ):
            continue
        rows.append((post.assignment_id, post.employee_id, post.position_id, post.start, post.end))
    rows.sort()
    return rows


def _existing_periods(cycle: Cycle) -> dict[tuple[int, int], list[tuple[dt.date, dt.date]]]:
    existing: dict[tuple[int, int], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for employee_id, position_id, start, end in PerformancePlan.objects.filter(
        cycle=cycle
    ).values_list("employee_id", "position_id", "period_start", "period_end"):
        existing[(employee_id, position_id)].append((start, end))
    return existing


PLAN_COLUMNS = (
    "agency",
    "cycle",
    "employee",
    "position",
    "assignment",
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
    "header_snapshot",
    "return_note",
    "closed_reason",
    "created_at",
    "updated_at",
)


def _build_plans(cycle: Cycle, on: dt.date | None) -> list[tuple[Any, ...]]:
    """Rows (in PLAN_COLUMNS order) of the plans to create; no model instances (speed)."""
    existing = _existing_periods(cycle)
    index = OrgIndex.load(cycle.agency, cycle.start_date, cycle.end_date)
    rows = _candidate_assignments(cycle, index, on)
    independent = cycle.setting("jpt_approver_independent_unit_head")
    # Values in database form, each distinct one adapted once (50,000 rows, few dates).
    now = db_value(PerformancePlan, "created_at", timezone.now())
    empty_json = db_value(PerformancePlan, "header_snapshot", {})
    dates: dict[dt.date, Any] = {}

    def day(value: dt.date) -> Any:
        if value not in dates:
            dates[value] = db_value(PerformancePlan, "period_start", value)
        return dates[value]

    plans = []
    for assignment_id, employee_id, position_id, a_start, a_end in rows:
        start = max(cycle.start_date, a_start)  # PLAN-26: joiners start with their post
        end = min(cycle.end_date, a_end or cycle.end_date)
        if start > end:
            continue
        if any(s <= end and e >= start for s, e in existing.get((employee_id, position_id), ())):
            continue  # idempotent: a plan for this post and period exists (PLAN-2)
        position = index.positions[position_id]
        family = family_for(position.position_type, position.independent_unit_head)
        appraiser = index.appraiser(employee_id, position_id, start)
        approver = NOBODY
        if family == "JPT":
            try:
                approver = index.jpt_approver(position_id, start, employee_id, independent)
            except ValidationError:
                continue  # PLAN-22: no JPT Utama plan in a regional government
            if not appraiser and approver.official_id is not None:
                # ORG-6/ORG-7: the top leader is appraised by the official above (Kepala Daerah)
                appraiser = Party(official_id=approver.official_id)
        plans.append(
            (
                cycle.agency_id,
                cycle.pk,
                employee_id,
                position_id,
                assignment_id,
                day(start),
                day(end),
                str(family),
                str(Approach.QUANTITATIVE),
                str(PlanStatus.DRAFT),
                appraiser.employee_id,
                appraiser.official_id,
                approver.employee_id,
                approver.official_id,
                False,
                1,
                empty_json,
                "",
                "",
                now,
                now,
            )
        )
        existing[(employee_id, position_id)].append((start, end))
    return plans


def _insert_behaviour_rows(cycle: Cycle, after_id: int) -> None:
    """PLAN-16: seven rows per new plan (id above ``after_id``), in REF-5 order, as one
    INSERT … SELECT."""
    quote = connection.ops.quote_name
    values = " UNION ALL ".join("SELECT %s AS code, %s AS ord" for _v in CORE_VALUES)
    params: list[Any] = [x for v in CORE_VALUES for x in (v.code, v.order)]
    behaviour = BehaviourExpectation._meta.db_table
    plan = PerformancePlan._meta.db_table
    # Table names from model metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(behaviour)} (agency_id, plan_id, value, {quote('order')}, "  # noqa: S608
        f"expectation) SELECT p.agency_id, p.id, v.code, v.ord, '' FROM {quote(plan)} p "
        f"CROSS JOIN ({values}) v WHERE p.cycle_id = %s AND p.id > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, cycle.pk, after_id])


def _insert_create_events(cycle: Cycle, actor: Any, after_id: int) -> None:
    """One 'create' PlanEvent per new plan (GEN-4), as one INSERT … SELECT."""
    quote = connection.ops.quote_name
    event = PlanEvent._meta.db_table
    plan = PerformancePlan._meta.db_table
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    sql = (
        f"INSERT INTO {quote(event)} (agency_id, plan_id, actor_id, action, from_status, "  # noqa: S608
        f"to_status, note, at) SELECT p.agency_id, p.id, %s, 'create', '', p.status, %s, %s "
        f"FROM {quote(plan)} p WHERE p.cycle_id = %s AND p.id > %s"
    )
    note = _("Dibuat otomatis saat siklus dibuka.")
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [actor_id, note, at, cycle.pk, after_id])


@transaction.atomic
def cycle_generate_plans(
    *,
    actor: Any,
    cycle: Cycle,
    progress: Progress | None = None,
    on: dt.date | None = None,
) -> int:
    """Create the missing DRAFT plans of the cycle, set-based and idempotent.

    One plan per current definitive assignment overlapping the cycle, skipping exempt employees
    (PLAN-27), inactive units and positions (ORG-2) and posts that already have a plan for an
    overlapping period (PLAN-2). ``period_start`` is the later of the cycle start and the
    assignment start (PLAN-26); the family is derived (PLAN-3); the appraiser is derived in bulk
    (ORG-6) and the JPT approver resolved (PLAN-22). Assignments that ended before ``on``
    (default today) are left out; pass ``on=cycle.start_date`` to plan for every post held
    during the cycle, e.g. for a cycle opened late.
    """
    _require_hr(actor, cycle.agency)
    if cycle.status in (CycleStatus.EVALUATING, CycleStatus.CLOSED):
        raise rule_error(
            "PLAN-1", _("Siklus sudah tidak dalam tahap perencanaan atau berjalan."), "status"
        )
    plans = _build_plans(cycle, on)
    last_id = PerformancePlan.objects.order_by("-id").values_list("id", flat=True).first() or 0
    total = len(plans)
    if progress is not None:
        progress(0, total)
    for offset in range(0, total, PLAN_BATCH):
        batch = plans[offset : offset + PLAN_BATCH]
        bulk_insert(PerformancePlan, PLAN_COLUMNS, batch, adapted=True)
        if progress is not None:
            progress(offset + len(batch), total)
    if total:
        _insert_behaviour_rows(cycle, last_id)
        _insert_create_events(cycle, actor, last_id)
        audit_record(
            actor=actor,
            obj=cycle,
            action=AuditAction.UPDATE,
            before={"plans_generated": None},
            after={"plans_generated": total},
        )
    return total


@transaction.atomic
def cycle_transition(*, actor: Any, cycle: Cycle, to_status: str) -> Cycle:
    """PLANNING → RUNNING → EVALUATING → CLOSED, by the HR administrator; audited (GEN-4)."""
    _require_hr(actor, cycle.agency)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if not cycle_step_allowed(cycle.status, to_status):
        raise rule_error(
            "PLAN-1",
            _("Perubahan status siklus dari %(from)s ke %(to)s tidak diizinkan.")
            % {"from": cycle.status, "to": to_status},
            "status",
        )
    before = cycle.status
    cycle.status = to_status
    cycle.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        obj=cycle,
        action=AuditAction.TRANSITION,
        before={"status": before},
        after={"status": to_status},
    )
    return cycle


@transaction.atomic
def cycle_apply_settings(
    *, actor: Any, cycle: Cycle, changes: dict[str, Any], reason: str
) -> Cycle:
    """GEN-3: HR applies changed settings to an open cycle explicitly, with a reason."""
    _require_hr(actor, cycle.agency)
    if not (reason or "").strip():
        raise rule_error("GEN-3", _("Alasan wajib diisi (GEN-3)."), "reason")
    unknown = sorted(set(changes) - set(DEFAULTS))
    if unknown:
        raise rule_error(
            "GEN-3",
            _("Pengaturan tidak dikenal: %(keys)s.") % {"keys": ", ".join(unknown)},
            "settings",
        )
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    before = {key: cycle.setting(key) for key in changes}
    cycle.settings_snapshot = {**cycle.settings_snapshot, **changes}
    grid = changes.get("checkpoint_grid", cycle.checkpoint_grid)
    if grid != cycle.checkpoint_grid or "checkpoint_labels" in changes:
        cycle.checkpoint_grid = grid
        try:
            with transaction.atomic():
                Checkpoint.objects.filter(cycle=cycle).delete()
        except ProtectedError as error:  # EXEC-3: data already recorded against checkpoints
            raise rule_error(
                "GEN-3",
                _(
                    "Periode penilaian tidak dapat diubah karena sudah ada "
                    "data pada siklus ini (GEN-3, EXEC-3)."
                ),
                "checkpoint_grid",
            ) from error
        _create_checkpoints(cycle)
    cycle.full_clean(exclude=["opened_by"])
    cycle.save()
    audit_record(
        actor=actor,
        obj=cycle,
        action=AuditAction.UPDATE,
        before=before,
        after={key: cycle.setting(key) for key in changes},
        reason=reason,
    )
    return cycle
