"""My SKP and the plan page: header, work results, behaviour, annex, dialogues, history, actions.

The page is assembled from ``plan_detail`` (one selector) so the template never queries; every
form on it posts to its own small view, which on a rule error renders this page again with the
message next to the field (status 400, nothing saved).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinerja.accounts.models import User
from kinerja.core.params import query_id
from kinerja.planning.choices import AnnexSection, PlanAction, PlanStatus, WorkResultKind
from kinerja.planning.forms import (
    AnnexItemForm,
    DialogueForm,
    PlanApproachForm,
    PlanCreateForm,
    TransitionForm,
    WorkResultForm,
)
from kinerja.planning.models import PerformancePlan
from kinerja.planning.selectors import (
    current_cycle,
    cycle_get_for_user,
    cycle_list_visible_to,
    plan_detail,
    plan_get_for_user,
    plan_list_visible_to,
    supportable_work_results,
)
from kinerja.planning.services._common import agency_today
from kinerja.planning.services.matrix import matrix_offered
from kinerja.planning.services.plans import (
    plan_copy_from_previous,
    plan_create,
    plan_revise,
    plan_update,
)
from kinerja.planning.services.transitions import plan_capacities, plan_submission_problems
from kinerja.planning.views._common import FAILED, attempt, page
from kinerja.planning.workflow import Capacity, allowed_actions

# Actions offered on the page, in this order, with the label of their button.
ACTION_LABELS = {
    PlanAction.SUBMIT: gettext_lazy("Ajukan SKP"),
    PlanAction.REVIEW: gettext_lazy("Tandai sudah direviu"),
    PlanAction.APPROVE: gettext_lazy("Tetapkan SKP"),
    PlanAction.REJECT: gettext_lazy("Kembalikan dengan catatan"),
    PlanAction.REOPEN: gettext_lazy("Buka kembali untuk diperbaiki"),
    PlanAction.CLOSE: gettext_lazy("Tutup SKP"),
}
CONTENT_EDITORS = frozenset({Capacity.EMPLOYEE, Capacity.APPROVER, Capacity.HR_ADMIN})


@login_required
def my_plans(request: HttpRequest) -> HttpResponse:
    """The employee's plans in the current cycle (or ?cycle=), and a way to create one."""
    user = request.user
    employee = getattr(user, "employee", None)
    cycles = cycle_list_visible_to(user).order_by("-year")
    cycle = _chosen_cycle(request, cycles)
    plans = (
        list(
            plan_list_visible_to(user)
            .filter(employee=employee, cycle=cycle)
            .select_related("position__unit", "appraiser", "appraiser_official")
            .order_by("period_start", "version")
        )
        if employee and cycle
        else []
    )
    return render(
        request,
        "planning/my_plans.html",
        {
            "employee": employee,
            "cycle": cycle,
            "cycles": cycles,
            "plans": plans,
            "create_form": PlanCreateForm() if employee and cycle else None,
        },
    )


def _chosen_cycle(request: HttpRequest, cycles: Any) -> Any:
    cycle_id = query_id(request.GET.get("cycle"))
    if cycle_id is not None:
        return cycle_get_for_user(request.user, cycle_id)
    agency = request.user.agency  # type: ignore[union-attr]
    return (current_cycle(agency) if agency else None) or cycles.first()


@login_required
@require_POST
def plan_create_view(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """PLAN-2/3/9: the employee creates a draft; warnings (e.g. the appraiser has no approved
    plan) are shown, and drafting goes on."""
    cycle = cycle_get_for_user(request.user, cycle_pk)
    employee = getattr(request.user, "employee", None)
    if employee is None:
        raise Http404
    form = PlanCreateForm(request.POST)
    if form.is_valid():
        result = attempt(
            form,
            lambda: plan_create(
                actor=request.user,
                cycle=cycle,
                employee=employee,
                approach=form.cleaned_data["approach"],
                confirm_warnings=form.cleaned_data["confirm_warnings"],
            ),
        )
        if result is not FAILED and result.plan is not None:
            for warning in result.warnings:
                messages.warning(request, warning.message)
            messages.success(request, _("SKP draf dibuat."))
            return redirect("planning:plan-detail", pk=result.plan.pk)
        if result is not FAILED:  # warnings to confirm first
            form.add_error("confirm_warnings", [w.message for w in result.warnings])
    cycles = cycle_list_visible_to(request.user).order_by("-year")
    return render(
        request,
        "planning/my_plans.html",
        {"employee": employee, "cycle": cycle, "cycles": cycles, "plans": [], "create_form": form},
        status=400,
    )


@login_required
def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(request.user, pk)
    return plan_page(request, plan)


def plan_page(request: HttpRequest, plan: PerformancePlan, **bound: forms.BaseForm) -> HttpResponse:
    """The plan page; ``bound`` replaces one of its forms by a submitted one with errors."""
    context = plan_context(request, plan)
    context.update(bound)
    context["page_forms"] = [f for n, f in bound.items() if n in TOP_ERROR_FORMS]
    if "transition_form" in bound:
        context["transition_action"] = bound["transition_form"].data.get("action")
    return page(request, "planning/plan_detail.html", context, *bound.values())


TOP_ERROR_FORMS = ("copy_form", "revise_form", "delete_form")


def plan_context(request: HttpRequest, plan: PerformancePlan) -> dict[str, Any]:
    user = request.user
    me = getattr(user, "employee_id", None)
    capacities = plan_capacities(user, plan)
    actions = [a for a in ACTION_LABELS if a in allowed_actions(plan.status, capacities)]
    takes_part = bool(capacities & CONTENT_EDITORS)
    can_edit = plan.is_editable and takes_part
    supportable = supportable_work_results(plan) if can_edit else []
    today = agency_today(plan.cycle.agency)
    detail = plan_detail(plan)
    problems = plan_submission_problems(plan, today=today) if can_edit else None
    return {
        "plan": plan,
        "detail": detail,
        "groups": [
            (label, [wr for wr in detail.work_results if wr.kind == kind])
            for kind, label in WorkResultKind.choices
        ],
        "behaviours": detail.behaviour,
        "annex_sections": [(AnnexSection(k).label, items) for k, items in detail.annex.items()],
        "dialogues": detail.dialogues,
        "events": _events(detail.events),
        "revisions": detail.revisions if len(detail.revisions) > 1 else [],
        "can_edit": can_edit,
        "is_appraiser": me is not None and me == plan.appraiser_id,
        "is_employee": me is not None and me == plan.employee_id,
        "actions": [(a, ACTION_LABELS[a]) for a in actions],
        "problems": problems,
        "supervisor_pending": problems is not None
        and any(p.rule == "PLAN-9" for p in problems.errors),
        "supportable": supportable,
        "work_result_form": WorkResultForm(plan=plan, supportable=supportable)
        if can_edit
        else None,
        "annex_form": AnnexItemForm() if can_edit else None,
        "dialogue_form": DialogueForm(initial={"date": today}) if takes_part else None,
        "transition_form": TransitionForm(),
        "approach_form": PlanApproachForm(initial={"approach": plan.approach})
        if can_edit
        else None,
        "can_revise": plan.status == PlanStatus.APPROVED and takes_part,
        "matrix_available": matrix_offered(plan),
    }


def _events(events: list[Any]) -> list[Any]:
    """PlanEvents with who did it by name (one query for all actors)."""
    ids = {e.actor_id for e in events if e.actor_id}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "employee__name")) if ids else {}
    for event in events:
        event.actor_name = names.get(event.actor_id) or (
            event.actor.username if event.actor else ""
        )
    return events


@login_required
@require_POST
def plan_approach(request: HttpRequest, pk: int) -> HttpResponse:
    """PLAN-4: the approach of a draft (changed later only through a revision)."""
    plan = plan_get_for_user(request.user, pk, write=True)
    form = PlanApproachForm(request.POST)
    if (
        form.is_valid()
        and attempt(
            form,
            lambda: plan_update(
                actor=request.user, plan=plan, approach=form.cleaned_data["approach"]
            ),
        )
        is not FAILED
    ):
        messages.success(request, _("Pendekatan SKP disimpan."))
        return redirect("planning:plan-detail", pk=plan.pk)
    return plan_page(request, plan, approach_form=form)


@login_required
@require_POST
def plan_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy last year's work results, indicators and annex into this draft."""
    plan = plan_get_for_user(request.user, pk, write=True)
    form = forms.Form(request.POST)
    result = attempt(form, lambda: plan_copy_from_previous(actor=request.user, plan=plan))
    if result is FAILED:
        return plan_page(request, plan, copy_form=form)
    for warning in result.warnings:
        messages.warning(request, warning)
    messages.success(request, _("%(n)s RHK disalin dari SKP sebelumnya.") % {"n": result.created})
    return redirect("planning:plan-detail", pk=plan.pk)


@login_required
@require_POST
def plan_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """PLAN-28: a new DRAFT version of an approved plan; the approved one stays in force."""
    plan = plan_get_for_user(request.user, pk, write=True)
    form = forms.Form(request.POST)
    revision = attempt(form, lambda: plan_revise(actor=request.user, plan=plan))
    if revision is FAILED:
        return plan_page(request, plan, revise_form=form)
    messages.success(request, _("Versi baru SKP dibuat sebagai draf."))
    return redirect("planning:plan-detail", pk=revision.pk)
