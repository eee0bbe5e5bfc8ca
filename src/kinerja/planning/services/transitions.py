"""The one PLAN-20 workflow service and the checks run on each step.

``plan_transition`` looks the step up in ``workflow.TRANSITIONS``, checks who acts (PLAN-20,
PLAN-21, PLAN-22, PLAN-24), runs the rule checks of the step, changes the status, writes the
PlanEvent and the audit entry in the same transaction and schedules the notifications.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import ExternalOfficial, Position
from kinerja.people.appraisal import current_assignment
from kinerja.people.models import Employee
from kinerja.planning.choices import (
    THREE_ASPECTS,
    AnnexSection,
    Approach,
    ClosedReason,
    DialogueTopic,
    PlanAction,
    PlanFamily,
    PlanStatus,
    TargetKind,
    ThreeAspectCheck,
)
from kinerja.planning.models import (
    BehaviourExpectation,
    Dialogue,
    PerformancePlan,
    PlanAnnexItem,
    PlanEvent,
    WorkResult,
)
from kinerja.planning.notifications import (
    hr_users,
    notify,
    notify_each,
    plan_url,
    users_by_employee,
    users_of_employees,
)
from kinerja.planning.orgindex import NOBODY, OrgIndex, Party
from kinerja.planning.services._common import (
    Problem,
    agency_today,
    employee_id_of,
    is_plan_hr,
    problems_error,
)
from kinerja.planning.workflow import Capacity, step_for

PLAN_FIELDS = [
    "status",
    "hr_reviewed_at",
    "hr_reviewed_by",
    "return_note",
    "approved_at",
    "approved_by",
    "closed_reason",
    "closed_at",
    "approver",
    "approver_official",
]


@dataclass
class Problems:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class TransitionResult:
    plan: PerformancePlan
    applied: bool = True
    warnings: list[Problem] = field(default_factory=list)


# -- who -------------------------------------------------------------------------------------


def plan_capacities(user: Any, plan: PerformancePlan) -> frozenset[str]:
    """In which capacities ``user`` stands towards ``plan`` (workflow.Capacity)."""
    if user is None:
        return frozenset({Capacity.SYSTEM})
    capacities: set[str] = set()
    me = employee_id_of(user)
    hr = is_plan_hr(user, plan)
    if hr:
        capacities.add(Capacity.HR_ADMIN)
    if me is not None and me == plan.employee_id:
        capacities.add(Capacity.EMPLOYEE)
    if plan.set_by_hr and hr:  # PLAN-24: HR drafts and sets the plan
        capacities |= {Capacity.EMPLOYEE, Capacity.APPROVER}
    if plan.family == PlanFamily.JPT:
        approver_id, official_id = plan.approver_id, plan.approver_official_id
    else:
        approver_id, official_id = plan.appraiser_id, plan.appraiser_official_id
    if me is not None and approver_id == me:
        capacities.add(Capacity.APPROVER)
    if official_id is not None and hr:  # HR records the external official's decision
        capacities.add(Capacity.APPROVER)
    return frozenset(capacities)


def resolve_jpt_approver(plan: PerformancePlan, on: dt.date | None = None) -> Party:
    """PLAN-22 for one plan (raises PLAN-22 for a JPT Utama in a regional government)."""
    on = on or plan.period_start
    index = OrgIndex.load(
        plan.cycle.agency, on, on, position_ids={plan.position_id}, employee_ids={plan.employee_id}
    )
    setting = plan.cycle.setting("jpt_approver_independent_unit_head")
    return index.jpt_approver(plan.position_id, on, plan.employee_id, setting)


def _who_rule(plan: PerformancePlan, action: str) -> str:
    if action in (PlanAction.APPROVE, PlanAction.REJECT):
        return "PLAN-22" if plan.family == PlanFamily.JPT else "PLAN-21"
    return "PLAN-20"


# -- submission checks -----------------------------------------------------------------------


def _label(result: WorkResult) -> str:
    return result.text if len(result.text) <= 60 else result.text[:57] + "…"


def _supervisor_plans(plan: PerformancePlan) -> list[PerformancePlan]:
    if plan.appraiser_id is None:
        return []
    return list(
        PerformancePlan.objects.filter(
            cycle_id=plan.cycle_id,
            employee_id=plan.appraiser_id,
            period_start__lte=plan.period_end,
            period_end__gte=plan.period_start,
        ).exclude(status=PlanStatus.CLOSED)
    )


def _check_links(plan: PerformancePlan, results: list[WorkResult], problems: Problems) -> None:
    """PLAN-8 (supports on every JA/JF RHK, pointing at the appraiser's plan), PLAN-10."""
    for result in results:
        target = result.supports
        if result.supports_broken and target is None:
            problems.errors.append(
                Problem(
                    "PLAN-10",
                    _(
                        'RHK "%(rhk)s": RHK atasan yang diintervensi telah dihapus atau '
                        "diganti; pilih ulang (PLAN-10)."
                    )
                    % {"rhk": _label(result)},
                    "supports",
                )
            )
            continue
        if target is None:
            if plan.family == PlanFamily.JA_JF:
                problems.errors.append(
                    Problem(
                        "PLAN-8",
                        _('RHK "%(rhk)s" belum memilih RHK pimpinan yang diintervensi (PLAN-8).')
                        % {"rhk": _label(result)},
                        "supports",
                    )
                )
            continue
        target_plan = target.plan
        if target_plan.status == PlanStatus.CLOSED:
            problems.errors.append(
                Problem(
                    "PLAN-10",
                    _(
                        'RHK "%(rhk)s": SKP atasan yang diacu sudah ditutup atau digantikan '
                        "revisi; pilih ulang RHK atasan (PLAN-10)."
                    )
                    % {"rhk": _label(result)},
                    "supports",
                )
            )
        elif (
            target_plan.employee_id != plan.appraiser_id
            or target_plan.cycle_id != plan.cycle_id
            or target_plan.period_start > plan.period_end
            or target_plan.period_end < plan.period_start
        ):
            problems.errors.append(
                Problem(
                    "PLAN-8",
                    _(
                        'RHK "%(rhk)s": RHK yang diintervensi bukan milik pejabat penilai '
                        "pada siklus dan periode ini (PLAN-8)."
                    )
                    % {"rhk": _label(result)},
                    "supports",
                )
            )


def _check_supervisor(plan: PerformancePlan, problems: Problems) -> None:
    """PLAN-9: submission waits for the supervisor's APPROVED plan."""
    if plan.appraiser_id is None:
        return
    supervisor = _supervisor_plans(plan)
    if not any(p.status == PlanStatus.APPROVED for p in supervisor):
        problems.errors.append(
            Problem(
                "PLAN-9",
                _(
                    "SKP atasan (pejabat penilai kinerja) belum ditetapkan; SKP ini dapat "
                    "diajukan setelah SKP atasan disetujui (PLAN-9)."
                ),
            )
        )


def _check_indicators(plan: PerformancePlan, results: list[WorkResult], problems: Problems) -> None:
    """PLAN-11 (aspect/perspective by family), PLAN-13 (targets), REF-7, PLAN-12."""
    cost_enabled = plan.cycle.setting("aspect_cost_enabled")
    three = plan.cycle.setting("three_aspect_check")
    for result in results:
        indicators = list(result.indicators.all())
        if not indicators:
            problems.errors.append(
                Problem(
                    "PLAN-11",
                    _('RHK "%(rhk)s" belum memiliki indikator kinerja individu (PLAN-11).')
                    % {"rhk": _label(result)},
                    "indicators",
                )
            )
            continue
        for indicator in indicators:
            _check_indicator(plan, result, indicator, cost_enabled, problems)
        if (
            plan.family == PlanFamily.JA_JF
            and plan.approach == Approach.QUANTITATIVE
            and three != ThreeAspectCheck.OFF
        ):
            present = {i.aspect for i in indicators}
            missing = [a for a in THREE_ASPECTS if a not in present]
            if missing:
                names = {"QUANTITY": _("Kuantitas"), "QUALITY": _("Kualitas"), "TIME": _("Waktu")}
                problem = Problem(
                    "PLAN-12",
                    _('RHK "%(rhk)s" tidak memiliki indikator aspek %(aspects)s (PLAN-12).')
                    % {"rhk": _label(result), "aspects": ", ".join(names[a] for a in missing)},
                    "indicators",
                )
                target = problems.errors if three == ThreeAspectCheck.BLOCK else problems.warnings
                target.append(problem)


def _check_indicator(
    plan: PerformancePlan,
    result: WorkResult,
    indicator: Any,
    cost_enabled: bool,
    problems: Problems,
) -> None:
    label = {"rhk": _label(result), "iki": indicator.text[:60]}
    if plan.family == PlanFamily.JA_JF:
        if not indicator.aspect:
            problems.errors.append(
                Problem(
                    "PLAN-11",
                    _('RHK "%(rhk)s", indikator "%(iki)s": aspek wajib dipilih (PLAN-11).') % label,
                    "aspect",
                )
            )
        if indicator.perspective:
            problems.errors.append(
                Problem(
                    "PLAN-11",
                    _(
                        'RHK "%(rhk)s", indikator "%(iki)s": perspektif hanya untuk SKP JPT '
                        "(PLAN-11)."
                    )
                    % label,
                    "perspective",
                )
            )
    elif not indicator.perspective:
        problems.errors.append(
            Problem(
                "PLAN-11",
                _('RHK "%(rhk)s", indikator "%(iki)s": perspektif wajib dipilih (PLAN-11).')
                % label,
                "perspective",
            )
        )
    if indicator.aspect == "COST" and not cost_enabled:
        problems.errors.append(
            Problem(
                "REF-7",
                _('RHK "%(rhk)s", indikator "%(iki)s": aspek Biaya tidak diaktifkan (REF-7).')
                % label,
                "aspect",
            )
        )
    if indicator.target_kind == TargetKind.TEXT and plan.approach != Approach.QUALITATIVE:
        problems.errors.append(
            Problem(
                "PLAN-13",
                _(
                    'RHK "%(rhk)s", indikator "%(iki)s": target naratif hanya untuk pendekatan '
                    "kualitatif (PLAN-13)."
                )
                % label,
                "target_kind",
            )
        )


def _check_dialogue(plan: PerformancePlan, today: dt.date, problems: Problems) -> None:
    """PLAN-19: a PLANNING dialogue linked to the plan, dated on or before today."""
    has_dialogue = Dialogue.objects.filter(
        plan=plan, topic=DialogueTopic.PLANNING, date__lte=today
    ).exists()
    if not has_dialogue and plan.previous_version_id is not None:
        # A revision (PLAN-28) continues the dialogue of the version it revises.
        has_dialogue = Dialogue.objects.filter(
            plan_id=plan.previous_version_id,
            topic__in=[DialogueTopic.PLANNING, DialogueTopic.CLARIFICATION],
            date__lte=today,
        ).exists()
    if not has_dialogue:
        problems.errors.append(
            Problem("PLAN-19", _("Belum ada dialog kinerja perencanaan untuk SKP ini (PLAN-19)."))
        )


def _check_annex(plan: PerformancePlan, problems: Problems) -> None:
    """PLAN-18: with ``annex_lists_may_be_empty`` off, each section needs an item."""
    if plan.cycle.setting("annex_lists_may_be_empty"):
        return
    present = set(PlanAnnexItem.objects.filter(plan=plan).values_list("section", flat=True))
    for section in AnnexSection:
        if section.value not in present:
            problems.errors.append(
                Problem(
                    "PLAN-18",
                    _('Lampiran "%(section)s" belum diisi (PLAN-18).') % {"section": section.label},
                )
            )


def plan_submission_problems(plan: PerformancePlan, *, today: dt.date | None = None) -> Problems:
    """Every rule that blocks (errors) or warns about (warnings) submitting ``plan`` (PLAN-20)."""
    today = today or agency_today(plan.cycle.agency)
    problems = Problems()
    if plan.appraiser_id is None and plan.appraiser_official_id is None:
        problems.errors.append(
            Problem(
                "ORG-6",
                _("Pejabat penilai kinerja belum ditetapkan; hubungi pengelola kinerja (ORG-6)."),
            )
        )
    results = list(
        WorkResult.objects.filter(plan=plan)
        .select_related("supports__plan")
        .prefetch_related("indicators")
        .order_by("kind", "order", "id")
    )
    if not any(r.kind == "MAIN" for r in results):
        problems.errors.append(
            Problem(
                "PLAN-6",
                _("SKP harus memiliki sekurang-kurangnya satu RHK utama (PLAN-6)."),
                "work_results",
            )
        )
    _check_links(plan, results, problems)
    _check_supervisor(plan, problems)
    _check_indicators(plan, results, problems)
    _check_dialogue(plan, today, problems)
    _check_annex(plan, problems)
    if (
        plan.family == PlanFamily.JPT
        and plan.approver_id is None
        and plan.approver_official_id is None
    ):
        problems.errors.append(
            Problem(
                "PLAN-22",
                _(
                    "Pejabat yang menetapkan SKP JPT belum dapat ditentukan; pengelola "
                    "kinerja perlu mencatat pejabatnya (PLAN-22)."
                ),
            )
        )
    return problems


# -- approval checks and the header snapshot -------------------------------------------------


def _grade_text(employee: Employee) -> str:
    grade = employee.grade
    if grade is None:
        return ""
    return f"{grade.pangkat}, {grade.code}" if grade.pangkat else grade.code


def _employee_block(employee: Employee, position: Position | None) -> dict[str, Any]:
    return {
        "name": employee.full_name,
        "nip": employee.nip,
        "employee_type": employee.employee_type,
        "pangkat": employee.grade.pangkat if employee.grade else "",
        "grade": employee.grade.code if employee.grade else "",
        "grade_display": _grade_text(employee),
        "position": position.name if position else "",
        "unit": position.unit.name if position else "",
        "is_external": False,
    }


def _official_block(official: ExternalOfficial, agency_name: str) -> dict[str, Any]:
    # An official outside the civil service has no pangkat: printed as "-"; the unit kerja is
    # the agency they lead. Only their NIP may stay empty (PLAN-5, ID-11).
    return {
        "name": official.name,
        "nip": official.nip,
        "employee_type": "",
        "pangkat": "",
        "grade": "",
        "grade_display": "-",
        "position": official.position_title,
        "unit": agency_name,
        "is_external": True,
        "official_id": official.pk,
    }


def build_header_snapshot(plan: PerformancePlan, on: dt.date) -> dict[str, Any]:
    """PLAN-5: Nama, NIP, Pangkat/Gol. Ruang, Jabatan, Unit Kerja of employee and appraiser."""
    agency_name = plan.cycle.agency.name
    snapshot: dict[str, Any] = {
        "agency": agency_name,
        "period_start": plan.period_start.isoformat(),
        "period_end": plan.period_end.isoformat(),
        "taken_on": on.isoformat(),
        "employee": _employee_block(plan.employee, plan.position),
    }
    if plan.appraiser_id:
        held = current_assignment(plan.appraiser, min(max(on, plan.period_start), plan.period_end))
        snapshot["appraiser"] = _employee_block(plan.appraiser, held.position if held else None)
    elif plan.appraiser_official_id:
        snapshot["appraiser"] = _official_block(plan.appraiser_official, agency_name)
    else:
        snapshot["appraiser"] = {}
    if plan.family == PlanFamily.JPT:
        if plan.approver_id:
            held = current_assignment(plan.approver, plan.period_start)
            snapshot["approver"] = _employee_block(plan.approver, held.position if held else None)
        elif plan.approver_official_id:
            snapshot["approver"] = _official_block(plan.approver_official, agency_name)
    return snapshot


SNAPSHOT_LABELS = {
    "name": "Nama",
    "nip": "NIP",
    "grade_display": "Pangkat/Gol. Ruang",
    "position": "Jabatan",
    "unit": "Unit Kerja",
}


def _snapshot_problems(snapshot: dict[str, Any]) -> list[Problem]:
    problems = []
    for block, title in (
        ("employee", _("Pegawai yang Dinilai")),
        ("appraiser", _("Pejabat Penilai Kinerja")),
    ):
        data = snapshot.get(block) or {}
        for key, label in SNAPSHOT_LABELS.items():
            if key == "nip" and data.get("is_external"):
                continue  # ID-11: an external official may have no NIP
            if not str(data.get(key) or "").strip():
                problems.append(
                    Problem(
                        "PLAN-5",
                        _("%(block)s: %(field)s kosong (PLAN-5).")
                        % {"block": title, "field": label},
                    )
                )
    return problems


def plan_approval_problems(plan: PerformancePlan, on: dt.date) -> list[Problem]:
    """PLAN-21 (review first), PLAN-5 (snapshot complete), PLAN-17 (when required)."""
    problems: list[Problem] = []
    if (
        plan.cycle.setting("hr_review_before_approval")
        and plan.hr_reviewed_at is None
        and not plan.set_by_hr
    ):
        problems.append(
            Problem(
                "PLAN-21",
                _("SKP belum direviu oleh pengelola kinerja; penetapan menunggu reviu (PLAN-21)."),
            )
        )
    problems.extend(_snapshot_problems(build_header_snapshot(plan, on)))
    if plan.cycle.setting("behaviour_expectation_required"):
        empty = BehaviourExpectation.objects.filter(plan=plan, expectation="").count()
        if empty:
            problems.append(
                Problem(
                    "PLAN-17",
                    _("%(count)d ekspektasi khusus pimpinan belum diisi (PLAN-17).")
                    % {"count": empty},
                )
            )
    return problems


# -- the transition --------------------------------------------------------------------------


def _recipients_for_decision(plan: PerformancePlan) -> list[Any]:
    """Who decides next: HR when review is pending, else the approver (HR for an official)."""
    if (
        plan.cycle.setting("hr_review_before_approval")
        and plan.hr_reviewed_at is None
        and not plan.set_by_hr
    ):
        return hr_users(plan.agency_id, plan.position.unit.path)
    if plan.family == PlanFamily.JPT:
        person, official = plan.approver_id, plan.approver_official_id
    else:
        person, official = plan.appraiser_id, plan.appraiser_official_id
    if person is not None:
        return users_of_employees([person])
    return hr_users(plan.agency_id, plan.position.unit.path) if official is not None else []


def _notify_step(plan: PerformancePlan, action: str) -> None:
    name = plan.employee.full_name
    url = plan_url(plan)
    if action == PlanAction.SUBMIT:
        users, text = (
            _recipients_for_decision(plan),
            _("SKP %(name)s diajukan dan menunggu tindak lanjut Anda.") % {"name": name},
        )
    elif action == PlanAction.REVIEW:
        users, text = (
            _recipients_for_decision(plan),
            _("SKP %(name)s sudah direviu dan menunggu penetapan.") % {"name": name},
        )
    elif action == PlanAction.REJECT:
        users = users_of_employees([plan.employee_id])
        text = _("SKP Anda dikembalikan: %(note)s") % {"note": plan.return_note}
    elif action == PlanAction.APPROVE:
        users = users_of_employees([plan.employee_id, plan.appraiser_id])
        text = _("SKP %(name)s telah ditetapkan.") % {"name": name}
    elif action == PlanAction.CLOSE:
        users, text = users_of_employees([plan.employee_id]), _("SKP Anda ditutup.")
    else:
        return
    notify(agency_id=plan.agency_id, users=users, text=text, url=url)


def _record(
    plan: PerformancePlan,
    actor: Any,
    action: str,
    before: dict[str, Any],
    from_status: str,
    note: str,
) -> None:
    PlanEvent.objects.create(
        agency_id=plan.agency_id,
        plan=plan,
        action=action,
        from_status=from_status,
        to_status=plan.status,
        note=note,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        obj=plan,
        action=AuditAction.TRANSITION,
        before=before,
        after=_plain(plan),
        reason=note,
    )


def _plain(plan: PerformancePlan) -> dict[str, Any]:
    return snapshot(plan, PLAN_FIELDS)


def _supersede(previous: PerformancePlan, actor: Any, new: PerformancePlan) -> None:
    """PLAN-28: the approved version becomes CLOSED when its revision is approved; drafts of
    staff that relied on its RHKs follow the same RHK (lineage) into the new version; approved
    ones keep the historic link and are told (PLAN-10)."""
    before = _plain(previous)
    previous.status = PlanStatus.CLOSED
    previous.closed_reason = ClosedReason.SUPERSEDED
    previous.closed_at = timezone.now()
    previous.save(update_fields=["status", "closed_reason", "closed_at", "updated_at"])
    _record(
        previous,
        actor,
        PlanAction.CLOSE,
        before,
        PlanStatus.APPROVED,
        _("Digantikan oleh versi %(version)d (PLAN-28).") % {"version": new.version},
    )
    successors = dict(WorkResult.objects.filter(plan=new).values_list("lineage", "id"))
    dependants = list(
        WorkResult.objects.filter(supports__plan=previous).select_related("plan", "supports")
    )
    # Relinked per successor (one UPDATE per leader RHK, not per subordinate RHK); a missing
    # successor marks the link broken (PLAN-10).
    relink: dict[int | None, list[int]] = {}
    for dependant in dependants:
        if dependant.plan.status in (PlanStatus.DRAFT, PlanStatus.REJECTED):
            relink.setdefault(successors.get(dependant.supports.lineage), []).append(dependant.pk)
    for successor, pks in relink.items():
        WorkResult.objects.filter(pk__in=pks).update(
            supports_id=successor, supports_broken=successor is None
        )
    plans = {dependant.plan_id: dependant.plan for dependant in dependants}
    users = users_by_employee(plan.employee_id for plan in plans.values())
    text = _("SKP atasan Anda telah direvisi; periksa RHK yang mengintervensinya (PLAN-10).")
    notify_each(
        agency_id=new.agency_id,
        notices=[(users.get(p.employee_id, []), text, plan_url(p)) for p in plans.values()],
    )


def _apply(
    plan: PerformancePlan, actor: Any, action: str, note: str, on: dt.date, reason: str
) -> None:
    now = timezone.now()
    user = actor if getattr(actor, "is_authenticated", False) else None
    if action == PlanAction.SUBMIT:
        plan.submitted_at, plan.hr_reviewed_at, plan.hr_reviewed_by = now, None, None
        plan.return_note = ""
    elif action == PlanAction.REVIEW:
        plan.hr_reviewed_at, plan.hr_reviewed_by = now, user
    elif action == PlanAction.REJECT:
        plan.return_note = note.strip()
    elif action == PlanAction.APPROVE:
        plan.header_snapshot = build_header_snapshot(plan, on)
        plan.approved_at, plan.approved_by = now, user
    elif action == PlanAction.CLOSE:
        plan.closed_at = now
        plan.closed_reason = reason or ClosedReason.OTHER


@transaction.atomic
def plan_transition(
    *,
    actor: Any,
    plan: PerformancePlan,
    action: str,
    note: str = "",
    confirm_warnings: bool = False,
    today: dt.date | None = None,
    reason: str = "",
) -> TransitionResult:
    """Apply one PLAN-20 workflow action. ``reason`` is the closed_reason for ``close``.

    Raises ValidationError listing every failing rule (code = first rule id). With PLAN-12 in
    WARN mode, a submission with warnings returns ``applied=False`` and the warnings unless
    ``confirm_warnings`` is true; the confirmed warnings are stored on the event (GEN-4).
    """
    plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related(
            "cycle__agency",
            "employee__grade",
            "position__unit",
            "appraiser__grade",
            "appraiser_official",
            "approver",
            "approver_official",
        )
        .get(pk=plan.pk)
    )
    on = today or agency_today(plan.cycle.agency)
    step = step_for(plan.status, action)
    if step is None:
        raise rule_error(
            "PLAN-20",
            _(
                'Tindakan "%(action)s" tidak dapat dilakukan pada SKP '
                "berstatus %(status)s (PLAN-20)."
            )
            % {"action": action, "status": plan.get_status_display()},
            "status",
        )
    if not step.who & plan_capacities(actor, plan):
        raise rule_error(
            _who_rule(plan, action),
            _("Anda tidak berwenang melakukan tindakan ini pada SKP ini (%(rule)s).")
            % {"rule": _who_rule(plan, action)},
        )
    if step.note_required and not note.strip():
        raise rule_error("PLAN-20", _("Catatan penolakan wajib diisi (PLAN-20)."), "note")
    if action == PlanAction.CLOSE and reason and reason not in ClosedReason.values:
        raise rule_error("PLAN-20", _("Alasan penutupan tidak dikenal."), "reason")
    warnings: list[Problem] = []
    if action == PlanAction.SUBMIT:
        if plan.family == PlanFamily.JPT:  # PLAN-22: route to the approver in force today
            approver = resolve_jpt_approver(plan, min(max(on, plan.period_start), plan.period_end))
            if approver is not NOBODY and approver:
                plan.approver_id, plan.approver_official_id = (
                    approver.employee_id,
                    approver.official_id,
                )
        problems = plan_submission_problems(plan, today=on)
        if problems.errors:
            raise problems_error(problems.errors)
        if problems.warnings and not confirm_warnings:
            return TransitionResult(plan=plan, applied=False, warnings=problems.warnings)
        warnings = problems.warnings
    elif action == PlanAction.REVIEW:
        if not plan.cycle.setting("hr_review_before_approval"):
            raise rule_error(
                "PLAN-21", _("Reviu pengelola kinerja tidak digunakan instansi ini (PLAN-21).")
            )
        if plan.hr_reviewed_at is not None:
            raise rule_error("PLAN-21", _("SKP ini sudah direviu (PLAN-21)."))
    elif action == PlanAction.APPROVE:
        problems_list = plan_approval_problems(plan, on)
        if problems_list:
            raise problems_error(problems_list)
    before = _plain(plan)
    from_status = plan.status
    _apply(plan, actor, action, note, on, reason)
    plan.status = step.to_status
    plan.save()
    event_note = note.strip()
    if warnings:
        confirmed = _("Peringatan dikonfirmasi: %(list)s") % {
            "list": "; ".join(w.message for w in warnings)
        }
        event_note = f"{event_note}\n{confirmed}".strip()
    _record(plan, actor, action, before, from_status, event_note)
    if action == PlanAction.APPROVE and plan.previous_version_id is not None:
        previous = PerformancePlan.objects.select_for_update(of=("self",)).get(
            pk=plan.previous_version_id
        )
        if previous.status == PlanStatus.APPROVED:
            _supersede(previous, actor, plan)
    _notify_step(plan, action)
    return TransitionResult(plan=plan, applied=True, warnings=warnings)


def plans_pending_for(user: Any) -> Q:
    """Plans waiting on ``user`` as approver (for lists; the selector adds the agency scope)."""
    me = employee_id_of(user)
    return (
        Q(family=PlanFamily.JA_JF, appraiser_id=me) | Q(family=PlanFamily.JPT, approver_id=me)
    ) & Q(status=PlanStatus.SUBMITTED)
