"""Cycles, plans (SKP) and their content, transitions and the role–result matrix: an adapter over
planning.selectors and planning.services (the same rules and permissions as the pages).

Objects load through the selectors: out of scope is 404; visible but not allowed is 403; a rule
that fails is 422 with its id (GEN-2). A workflow action the user may not take in their capacity
towards the plan (e.g. approval by someone who is not the approver, PLAN-21/22) is 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from kinerja.accounts.roles import roles_of
from kinerja.api.errors import not_found
from kinerja.api.routers.org import body_agency
from kinerja.api.schemas.common import ERRORS, Id, Page, PageQuery, Patch, paginate
from kinerja.api.schemas.planning import (
    AnnexItemIn,
    AnnexItemOut,
    AnnexItemPatch,
    BehaviourOut,
    BehaviourPatch,
    CascadeOut,
    CompletionOut,
    CopyOut,
    CycleDetailOut,
    CycleIn,
    CycleOpenOut,
    CycleOut,
    DialogueIn,
    DialogueOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    MatrixCellOut,
    MatrixCellsIn,
    MatrixOut,
    PlanCreateOut,
    PlanDetailOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    PlanQuery,
    PlansCreatedOut,
    PlanSetByHrIn,
    TransitionIn,
    TransitionOut,
    WorkResultIn,
    WorkResultOut,
    WorkResultPatch,
)
from kinerja.org.selectors import position_list_visible_to
from kinerja.people.models import Employee
from kinerja.people.nip import normalise_nip
from kinerja.people.selectors import employee_list_visible_to
from kinerja.planning import selectors
from kinerja.planning.models import (
    BehaviourExpectation,
    Cycle,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    WorkResult,
)
from kinerja.planning.services.content import (
    annex_item_delete,
    annex_item_save,
    dialogue_save,
    expectation_save,
)
from kinerja.planning.services.cycles import cycle_generate_plans, cycle_open
from kinerja.planning.services.hr import plan_set_by_hr
from kinerja.planning.services.matrix import matrix_cell_save
from kinerja.planning.services.plans import (
    plan_copy_from_previous,
    plan_create,
    plan_revise,
    plan_update,
)
from kinerja.planning.services.transitions import plan_capacities, plan_transition
from kinerja.planning.services.work_results import (
    indicator_delete,
    indicator_save,
    work_result_delete,
    work_result_save,
)
from kinerja.planning.workflow import allowed_actions, step_for

router = Router(tags=["perencanaan"])

# Loading ---------------------------------------------------------------------------------------


def _plan(user: Any, pk: int, *, write: bool = False) -> PerformancePlan:
    return selectors.plan_get_for_user(user, pk, write=write)


def _work_result(user: Any, pk: int) -> WorkResult:
    """A work result of a plan the user may see (404 otherwise)."""
    found = (
        WorkResult.objects.filter(pk=pk, plan__in=selectors.plan_list_visible_to(user))
        .select_related("plan")
        .first()
    )
    if found is None:
        raise Http404
    selectors.plan_get_for_user(user, found.plan_id, write=True)
    return found


def _indicator(user: Any, pk: int) -> Indicator:
    found = (
        Indicator.objects.filter(pk=pk, work_result__plan__in=selectors.plan_list_visible_to(user))
        .select_related("work_result__plan")
        .first()
    )
    if found is None:
        raise Http404
    selectors.plan_get_for_user(user, found.work_result.plan_id, write=True)
    return found


def _annex_item(user: Any, pk: int) -> PlanAnnexItem:
    found = (
        PlanAnnexItem.objects.filter(pk=pk, plan__in=selectors.plan_list_visible_to(user))
        .select_related("plan")
        .first()
    )
    if found is None:
        raise Http404
    selectors.plan_get_for_user(user, found.plan_id, write=True)
    return found


def _supports(agency_id: int, supports_id: int | None) -> WorkResult | None:
    """The leader's work result named by id; the service checks it is the appraiser's (PLAN-8)."""
    if supports_id is None:
        return None
    found = (
        WorkResult.objects.filter(pk=supports_id, agency_id=agency_id)
        .select_related("plan")
        .first()
    )
    if found is None:
        raise not_found("supports_id")
    return found


def _with_content(plan_ids: list[int]) -> QuerySet[PerformancePlan]:
    return PerformancePlan.objects.filter(pk__in=plan_ids).select_related(
        "cycle",
        "employee",
        "position__unit",
        "appraiser",
        "appraiser_official",
        "approver",
        "approver_official",
    )


def _plan_list(user: Any, filters: PlanQuery) -> QuerySet[PerformancePlan]:
    plans = selectors.plan_list_visible_to(user).select_related(
        "cycle",
        "employee",
        "position__unit",
        "appraiser",
        "appraiser_official",
        "approver",
        "approver_official",
    )
    if filters.cycle is not None:
        plans = plans.filter(cycle_id=filters.cycle)
    if filters.status is not None:
        plans = plans.filter(status=filters.status)
    if filters.employee:
        plans = plans.filter(employee__nip=normalise_nip(filters.employee))
    return plans.order_by("-cycle__year", "employee__name", "employee_id", "-version")


def _detail(user: Any, plan: PerformancePlan) -> PerformancePlan:
    """The plan with everything PlanDetailOut prints, through ``plan_detail`` (fixed queries)."""
    plan = selectors.plan_get_for_user(user, plan.pk)
    detail = selectors.plan_detail(plan)
    plan.work_results_detail = detail.work_results  # type: ignore[attr-defined]
    plan.behaviours = [row.row for row in detail.behaviour]  # type: ignore[attr-defined]
    plan.annex = [item for items in detail.annex.values() for item in items]  # type: ignore[attr-defined]
    plan.events_detail = detail.events  # type: ignore[attr-defined]
    plan.allowed_actions = allowed_actions(plan.status, plan_capacities(user, plan))  # type: ignore[attr-defined]
    return plan


def _employee(user: Any, nip: str) -> Employee:
    employee = employee_list_visible_to(user).filter(nip=normalise_nip(nip)).first()
    if employee is None:
        raise not_found("employee")
    return employee


def _work_result_out(pk: int) -> WorkResult:
    return (
        WorkResult.objects.select_related("supports__plan__employee")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
        .get(pk=pk)
    )


def _staff(rows: list[tuple[int, str, str]]) -> list[dict[str, Any]]:
    return [{"employee_id": e, "name": n, "position": p} for e, n, p in rows]


def cascade_payload(cycle: Cycle, tree: Any) -> dict[str, Any]:
    """The tree flattened top-down (depth first) with each node's parent plan."""
    parent: dict[int, int] = {}
    for node in tree.walk():
        for child in node.children:
            parent[child.plan_id] = node.plan_id
    return {
        "cycle": cycle.pk,
        "count": tree.nodes,
        "nodes": [
            {
                "plan_id": node.plan_id,
                "parent_plan_id": parent.get(node.plan_id),
                "depth": node.depth,
                "employee_id": node.employee_id,
                "employee_name": node.employee_name,
                "position_id": node.position_id,
                "position_name": node.position_name,
                "unit_name": node.unit_name,
                "status": node.status,
                "family": node.family,
                "work_results": [
                    {
                        "id": r.id,
                        "text": r.text,
                        "kind": r.kind,
                        "supports_id": r.supports_id,
                        "supported_by": [
                            {"plan_id": p, "employee_name": n, "text": t}
                            for p, n, t in r.supported_by
                        ],
                    }
                    for r in node.work_results
                ],
                "unsupported_work_result_ids": [r.id for r in node.unsupported]
                if node.children or node.staff_without_plan
                else [],
                "staff_without_plan": _staff(node.staff_without_plan),
            }
            for node in tree.walk()
        ],
        "without_plan": _staff(tree.without_plan),
    }


MAX_CASCADE_DEPTH = 10


def cascade_subtree_payload(cycle: Cycle, tree: Any) -> dict[str, Any]:
    """A bounded cascade (``cascade_subtree``) in the shape of ``cascade_payload``."""
    parent: dict[int, int] = {}
    nodes = tree.walk()
    for node in nodes:
        for child in node.children:
            parent[child.plan_id] = node.plan_id
    return {
        "cycle": cycle.pk,
        "count": tree.plans,
        "nodes": [
            {
                "plan_id": node.plan_id,
                "parent_plan_id": parent.get(node.plan_id),
                "depth": node.level,
                "employee_id": node.employee_id,
                "employee_name": node.employee_name,
                "position_id": node.position_id,
                "position_name": node.position_name,
                "unit_name": node.unit_name,
                "status": node.status,
                "family": node.family,
                "work_results": [
                    {
                        "id": r.id,
                        "text": r.text,
                        "kind": r.kind,
                        "supports_id": r.supports_id,
                        "supported_by": [
                            {"plan_id": p, "employee_name": n, "text": t}
                            for p, n, t in r.supported_by
                        ],
                    }
                    for r in node.work_results
                ],
                "unsupported_work_result_ids": [r.id for r in node.unsupported],
                "staff_without_plan": _staff(node.staff_without_plan),
            }
            for node in nodes
        ],
        "without_plan": _staff([s for node in nodes for s in node.staff_without_plan]),
    }


def completion_payload(cycle: Cycle, units: list[Any], totals: dict[str, int]) -> dict[str, Any]:
    return {
        "cycle": cycle.pk,
        "totals": totals,
        "units": [
            {
                "unit_id": u.unit_id,
                "unit_name": u.unit_name,
                "counts": u.counts,
                "total": u.total,
                "rows": u.rows,
            }
            for u in units
        ],
    }


def matrix_payload(matrix: Any) -> dict[str, Any]:
    return {
        "plan_id": matrix.plan.pk,
        "columns": matrix.columns,
        "rows": [
            {
                "employee_id": row.employee_id,
                "employee_name": row.employee_name,
                "position_name": row.position_name,
                "plan_id": row.plan_id,
                "status": row.status,
                "cells": [{"work_result_id": pk, "text": text} for pk, text in row.cells],
            }
            for row in matrix.rows
        ],
    }


# Cycles ----------------------------------------------------------------------------------------


@router.get("/cycles", response={200: Page[CycleOut], **ERRORS})
def cycle_list(request: HttpRequest, filters: Query[PageQuery]) -> dict[str, Any]:
    cycles = selectors.cycle_list_visible_to(request.user).select_related("agency")
    return paginate(cycles.order_by("-year", "agency__name"), filters)


@router.post("/cycles", response={201: CycleOpenOut, **ERRORS})
def cycle_create(request: HttpRequest, payload: CycleIn) -> Status:
    """HR opens a cycle (PLAN-1): checkpoints (EXEC-1) and a draft plan for everyone."""
    agency = body_agency(request.user, payload.agency)
    result = cycle_open(actor=request.user, agency=agency, year=payload.year, grid=payload.grid)
    return Status(201, {"cycle": result.cycle, "plans_created": result.plans_created})


@router.get("/cycles/{cycle_id}", response={200: CycleDetailOut, **ERRORS})
def cycle_detail(request: HttpRequest, cycle_id: Id) -> Cycle:
    return selectors.cycle_get_for_user(request.user, cycle_id)


@router.post("/cycles/{cycle_id}/generate-plans", response={200: PlansCreatedOut, **ERRORS})
def cycle_generate(request: HttpRequest, cycle_id: Id) -> dict[str, int]:
    """Idempotent: a draft plan for every active assignment still without one."""
    cycle = selectors.cycle_get_for_user(request.user, cycle_id, write=True)
    return {"plans_created": cycle_generate_plans(actor=request.user, cycle=cycle)}


@router.get("/cycles/{cycle_id}/cascade", response={200: CascadeOut, **ERRORS})
def cycle_cascade(
    request: HttpRequest,
    cycle_id: Id,
    root: int | None = None,
    depth: int | None = Query(None, ge=1, le=MAX_CASCADE_DEPTH),
) -> dict[str, Any]:
    """The agency's plans as a tree from the top leader down (HR, agency head, auditor).

    Without parameters: the whole tree (every plan in force). With ``root`` (a plan id) and/or
    ``depth`` (levels below the top, default 2): only that plan, or the top plans, and ``depth``
    levels below, in a fixed number of queries whatever the size of the agency; ``count`` is
    then the number of plans in the root's subtree and ``without_plan`` the staff without a plan
    directly under the nodes returned.
    """
    cycle = selectors.cycle_get_for_user(request.user, cycle_id)
    if not roles_of(request.user).reads_whole_agency:
        raise PermissionDenied
    if root is None and depth is None:
        return cascade_payload(cycle, selectors.cascade_tree(cycle))
    tree = selectors.cascade_subtree(cycle, root_plan=root, depth=depth or 2)
    return cascade_subtree_payload(cycle, tree)


@router.get("/cycles/{cycle_id}/completion", response={200: CompletionOut, **ERRORS})
def cycle_completion(request: HttpRequest, cycle_id: Id) -> dict[str, Any]:
    """PLAN-29 per unit, limited to the people the user may see; 403 for who may not monitor."""
    cycle = selectors.cycle_get_for_user(request.user, cycle_id)
    if not selectors.may_monitor(request.user):
        raise PermissionDenied
    units = selectors.completion_by_unit(cycle, request.user)
    return completion_payload(cycle, units, selectors.completion_totals(units))


# Plans -----------------------------------------------------------------------------------------


@router.get("/plans", response={200: Page[PlanOut], **ERRORS})
def plan_list(request: HttpRequest, filters: Query[PlanQuery]) -> dict[str, Any]:
    return paginate(_plan_list(request.user, filters), filters)


@router.post("/plans", response={200: PlanCreateOut, 201: PlanCreateOut, **ERRORS})
def plan_create_view(request: HttpRequest, payload: PlanIn) -> Status:
    """PLAN-2/3/4: a DRAFT plan. A PLAN-27 warning without ``confirm_warnings`` answers 200 with
    ``plan`` null and the warnings; nothing is created."""
    cycle = selectors.cycle_list_visible_to(request.user).filter(pk=payload.cycle).first()
    if cycle is None:
        raise not_found("cycle")
    position = None
    if payload.position is not None:
        position = position_list_visible_to(request.user).filter(pk=payload.position).first()
        if position is None:
            raise not_found("position")
    result = plan_create(
        actor=request.user,
        cycle=cycle,
        employee=_employee(request.user, payload.employee),
        position=position,
        period_start=payload.period_start,
        period_end=payload.period_end,
        approach=payload.approach,
        family=payload.family,
        confirm_warnings=payload.confirm_warnings,
    )
    warnings = [w.message for w in result.warnings]
    if result.plan is None:
        return Status(200, {"plan": None, "warnings": warnings})
    return Status(201, {"plan": _detail(request.user, result.plan), "warnings": warnings})


@router.post(
    "/cycles/{cycle_id}/plans/set-by-hr",
    response={200: PlanCreateOut, 201: PlanCreateOut, **ERRORS},
)
def plan_set_by_hr_create(request: HttpRequest, cycle_id: Id, payload: PlanSetByHrIn) -> Status:
    """PLAN-24: after the escalation date HR creates and approves the plan of an employee who
    has none (HR of some units: within them, ORG-9). A PLAN-27 warning without
    ``confirm_warnings`` answers 200 with ``plan`` null; nothing is created."""
    cycle = selectors.cycle_get_for_user(request.user, cycle_id)
    position = None
    if payload.position is not None:
        position = position_list_visible_to(request.user).filter(pk=payload.position).first()
        if position is None:
            raise not_found("position")
    work_results = [
        {
            **result.dict(exclude={"supports_id", "indicators"}),
            "supports": _supports(cycle.agency_id, result.supports_id),
            "indicators": [indicator.dict() for indicator in result.indicators],
        }
        for result in payload.work_results
    ]
    outcome = plan_set_by_hr(
        actor=request.user,
        cycle=cycle,
        employee=_employee(request.user, payload.employee),
        position=position,
        approach=payload.approach,
        work_results=work_results,
        confirm_warnings=payload.confirm_warnings,
    )
    warnings = [w.message for w in outcome.warnings]
    if outcome.plan is None:
        return Status(200, {"plan": None, "warnings": warnings})
    return Status(201, {"plan": _detail(request.user, outcome.plan), "warnings": warnings})


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS})
def plan_detail(request: HttpRequest, plan_id: Id) -> PerformancePlan:
    return _detail(request.user, _plan(request.user, plan_id))


@router.patch("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS})
def plan_patch(request: HttpRequest, plan_id: Id, payload: Patch[PlanPatch]) -> PerformancePlan:
    """The approach, in DRAFT only (PLAN-4; an approved plan changes by revision)."""
    plan = _plan(request.user, plan_id, write=True)
    plan = plan_update(actor=request.user, plan=plan, approach=payload.get("approach"))
    return _detail(request.user, plan)


@router.post("/plans/{plan_id}/transitions", response={200: TransitionOut, **ERRORS})
def plan_transition_view(
    request: HttpRequest, plan_id: Id, payload: TransitionIn
) -> dict[str, Any]:
    """PLAN-20: submit, review, reject, reopen, approve, close. With PLAN-12 warnings and no
    ``confirm_warnings`` nothing changes: ``applied`` is false and ``warnings`` lists them."""
    plan = _plan(request.user, plan_id)
    step = step_for(plan.status, payload.action)
    if step is not None and not step.who & plan_capacities(request.user, plan):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada SKP ini."))
    result = plan_transition(
        actor=request.user,
        plan=plan,
        action=payload.action,
        note=payload.note,
        confirm_warnings=payload.confirm_warnings,
        reason=payload.reason or "",
    )
    fresh = _with_content([result.plan.pk]).get()
    return {
        "status": fresh.status,
        "applied": result.applied,
        "warnings": [w.message for w in result.warnings],
        "plan": fresh,
    }


@router.post("/plans/{plan_id}/revise", response={201: PlanDetailOut, **ERRORS})
def plan_revise_view(request: HttpRequest, plan_id: Id) -> Status:
    """PLAN-28: a new DRAFT version of an APPROVED plan."""
    revision = plan_revise(actor=request.user, plan=_plan(request.user, plan_id, write=True))
    return Status(201, _detail(request.user, revision))


@router.post("/plans/{plan_id}/copy-previous", response={200: CopyOut, **ERRORS})
def plan_copy_previous(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    """Copy last year's work results, indicators and annex into this draft."""
    result = plan_copy_from_previous(
        actor=request.user, plan=_plan(request.user, plan_id, write=True)
    )
    return {"created": result.created, "warnings": list(result.warnings)}


@router.get(
    "/plans/{plan_id}/supportable-work-results", response={200: list[WorkResultOut], **ERRORS}
)
def plan_supportable(request: HttpRequest, plan_id: Id) -> list[WorkResult]:
    """PLAN-8: the appraiser's work results this plan's results may intervene (for a picker)."""
    plan = _plan(request.user, plan_id)
    ids = [result.pk for result in selectors.supportable_work_results(plan)]
    return list(
        WorkResult.objects.filter(pk__in=ids)
        .select_related("supports__plan__employee")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
        .order_by("kind", "order", "id")
    )


# Work results and indicators -------------------------------------------------------------------


@router.post("/plans/{plan_id}/work-results", response={201: WorkResultOut, **ERRORS})
def work_result_create(request: HttpRequest, plan_id: Id, payload: WorkResultIn) -> Status:
    plan = _plan(request.user, plan_id, write=True)
    result = work_result_save(
        actor=request.user,
        plan=plan,
        text=payload.text,
        kind=payload.kind,
        supports=_supports(plan.agency_id, payload.supports_id),
        assigned_by=payload.assigned_by,
        order=payload.order,
    )
    return Status(201, _work_result_out(result.pk))


@router.patch("/work-results/{work_result_id}", response={200: WorkResultOut, **ERRORS})
def work_result_update(
    request: HttpRequest, work_result_id: Id, payload: Patch[WorkResultPatch]
) -> WorkResult:
    """Change text, kind, ``supports_id`` (PLAN-8), ``assigned_by`` (PLAN-7) or order."""
    result = _work_result(request.user, work_result_id)
    supports = (
        _supports(result.plan.agency_id, payload["supports_id"])
        if "supports_id" in payload
        else result.supports
    )
    work_result_save(
        actor=request.user,
        plan=result.plan,
        work_result=result,
        text=payload.get("text", result.text),
        kind=payload.get("kind", result.kind),
        supports=supports,
        assigned_by=payload.get("assigned_by", result.assigned_by),
        order=payload.get("order", result.order),
    )
    return _work_result_out(result.pk)


@router.delete("/work-results/{work_result_id}", response={204: None, **ERRORS})
def work_result_remove(request: HttpRequest, work_result_id: Id) -> HttpResponse:
    """PLAN-10: refused while approved plans intervene it; drafts that do are flagged."""
    work_result_delete(actor=request.user, work_result=_work_result(request.user, work_result_id))
    return HttpResponse(status=204)


def _indicator_fields(data: dict[str, Any]) -> dict[str, Any]:
    for key in ("aspect", "perspective"):
        if key in data:
            data[key] = data[key] or ""
    return data


@router.post("/work-results/{work_result_id}/indicators", response={201: IndicatorOut, **ERRORS})
def indicator_create(request: HttpRequest, work_result_id: Id, payload: IndicatorIn) -> Status:
    """PLAN-11/PLAN-13: text, aspect (JA/JF) or perspective (JPT), and a target."""
    result = _work_result(request.user, work_result_id)
    fields = _indicator_fields(payload.dict())
    indicator = indicator_save(actor=request.user, work_result=result, **fields)
    return Status(201, indicator)


@router.patch("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def indicator_update(
    request: HttpRequest, indicator_id: Id, payload: Patch[IndicatorPatch]
) -> Indicator:
    indicator = _indicator(request.user, indicator_id)
    current = {
        key: getattr(indicator, key)
        for key in (
            "text",
            "target_kind",
            "target_value",
            "target_min",
            "target_max",
            "target_unit",
            "target_text",
            "aspect",
            "perspective",
            "order",
        )
    }
    fields = {**current, **_indicator_fields(dict(payload))}
    return indicator_save(
        actor=request.user, work_result=indicator.work_result, indicator=indicator, **fields
    )


@router.delete("/indicators/{indicator_id}", response={204: None, **ERRORS})
def indicator_remove(request: HttpRequest, indicator_id: Id) -> HttpResponse:
    indicator_delete(actor=request.user, indicator=_indicator(request.user, indicator_id))
    return HttpResponse(status=204)


# Annex, behaviour expectations, dialogues --------------------------------------------------------


@router.post("/plans/{plan_id}/annex-items", response={201: AnnexItemOut, **ERRORS})
def annex_item_create(request: HttpRequest, plan_id: Id, payload: AnnexItemIn) -> Status:
    """PLAN-18: an item in one of the three REF-18 sections."""
    plan = _plan(request.user, plan_id, write=True)
    item = annex_item_save(
        actor=request.user, plan=plan, section=payload.section, text=payload.text
    )
    return Status(201, item)


@router.patch("/annex-items/{item_id}", response={200: AnnexItemOut, **ERRORS})
def annex_item_update(
    request: HttpRequest, item_id: Id, payload: Patch[AnnexItemPatch]
) -> PlanAnnexItem:
    item = _annex_item(request.user, item_id)
    return annex_item_save(
        actor=request.user,
        plan=item.plan,
        item=item,
        section=payload.get("section", item.section),
        text=payload.get("text", item.text),
    )


@router.delete("/annex-items/{item_id}", response={204: None, **ERRORS})
def annex_item_remove(request: HttpRequest, item_id: Id) -> HttpResponse:
    annex_item_delete(actor=request.user, item=_annex_item(request.user, item_id))
    return HttpResponse(status=204)


@router.patch("/behaviour-expectations/{expectation_id}", response={200: BehaviourOut, **ERRORS})
def behaviour_expectation_update(
    request: HttpRequest, expectation_id: Id, payload: BehaviourPatch
) -> BehaviourExpectation:
    """PLAN-17: the leader's specific expectation, written by the appraiser."""
    row = (
        BehaviourExpectation.objects.filter(
            pk=expectation_id, plan__in=selectors.plan_list_visible_to(request.user)
        )
        .select_related("plan")
        .first()
    )
    if row is None:
        raise Http404
    selectors.plan_get_for_user(request.user, row.plan_id, write=True)  # 403 for readers only
    return expectation_save(actor=request.user, expectation=row, text=payload.expectation)


@router.get("/plans/{plan_id}/dialogues", response={200: list[DialogueOut], **ERRORS})
def dialogue_list(request: HttpRequest, plan_id: Id) -> Any:
    return selectors.dialogue_list_for_plan(_plan(request.user, plan_id))


@router.post("/plans/{plan_id}/dialogues", response={201: DialogueOut, **ERRORS})
def dialogue_create(request: HttpRequest, plan_id: Id, payload: DialogueIn) -> Status:
    """EXEC-10: a dialogue of the plan's employee and appraiser; PLANNING ones allow submission
    (PLAN-19)."""
    plan = _plan(request.user, plan_id, write=True)
    participants = list(
        employee_list_visible_to(request.user).filter(
            nip__in=[normalise_nip(n) for n in payload.participants]
        )
    )
    if len(participants) != len(set(payload.participants)):
        raise not_found("participants")
    dialogue = dialogue_save(
        actor=request.user,
        plan=plan,
        date=payload.date,
        topic=payload.topic,
        notes=payload.notes,
        participants=participants,
    )
    return Status(201, dialogue)


# Role–result matrix (PLAN-15) --------------------------------------------------------------------


@router.get("/plans/{plan_id}/matrix", response={200: MatrixOut, **ERRORS})
def matrix_detail(request: HttpRequest, plan_id: Id) -> dict[str, Any]:
    plan = _plan(request.user, plan_id)
    return matrix_payload(selectors.role_result_matrix(plan))


@router.put("/plans/{plan_id}/matrix/cells", response={200: list[MatrixCellOut], **ERRORS})
def matrix_cells_save(
    request: HttpRequest, plan_id: Id, payload: MatrixCellsIn
) -> list[dict[str, Any]]:
    """Fill cells: each creates or updates the subordinate's work result linked to the column's
    indicator (a revision when that plan is approved). All cells or none."""
    plan = _plan(request.user, plan_id, write=True)
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            work_result__plan=plan, pk__in=[c.indicator_id for c in payload.cells]
        ).select_related("work_result")
    }
    saved = []
    with transaction.atomic():
        for index, cell in enumerate(payload.cells):
            indicator = indicators.get(cell.indicator_id)
            if indicator is None:
                raise not_found(f"cells.{index}.indicator_id")
            subordinate = (
                selectors.plan_list_visible_to(request.user).filter(pk=cell.plan_id).first()
            )
            if subordinate is None:
                raise not_found(f"cells.{index}.plan_id")
            result = matrix_cell_save(
                actor=request.user,
                jpt_plan=plan,
                indicator=indicator,
                subordinate_plan=subordinate,
                text=cell.text,
            )
            saved.append((cell, result))
    return [
        {
            "indicator_id": cell.indicator_id,
            "plan_id": result.plan.pk,
            "work_result": _work_result_out(result.work_result.pk) if result.work_result else None,
            "revised": result.revised,
        }
        for cell, result in saved
    ]
