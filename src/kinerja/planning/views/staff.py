"""A supervisor's staff plans (waiting for approval first) and pushing one RHK to many staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kinerja.planning.choices import PlanStatus
from kinerja.planning.forms import PushForm
from kinerja.planning.models import WorkResult
from kinerja.planning.selectors import current_cycle, plan_list_visible_to
from kinerja.planning.services.work_results import work_result_push_to_staff
from kinerja.planning.views._common import FAILED, attempt, page

STATUS_ORDER = [
    PlanStatus.SUBMITTED,
    PlanStatus.REJECTED,
    PlanStatus.DRAFT,
    PlanStatus.APPROVED,
    PlanStatus.CLOSED,
]


@login_required
def staff_plans(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    form = context["push_form"]
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        result = attempt(
            form,
            lambda: work_result_push_to_staff(
                actor=request.user,
                source_work_result=data["source"],
                employees=data["employees"],
                text=data["text"],
            ),
            source_work_result="source",
        )
        if result is not FAILED:
            messages.success(
                request, _("RHK ditambahkan ke %(n)s SKP pegawai.") % {"n": len(result.created)}
            )
            for reason in result.skipped:
                messages.warning(request, reason)
            return redirect("planning:staff-plans")
    elif request.method == "POST" and form is None:
        raise Http404
    return page(request, "planning/staff_plans.html", context, form)


def _context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    employee = getattr(user, "employee", None)
    agency = getattr(user, "agency", None)
    cycle = current_cycle(agency) if agency else None
    if employee is None or cycle is None:
        return {"cycle": cycle, "plans": [], "push_form": None}
    order = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    plans = list(
        plan_list_visible_to(user)
        .filter(Q(appraiser=employee) | Q(approver=employee), cycle=cycle)
        .select_related("employee", "position__unit")
        .order_by(order, "employee__name", "version")
    )
    sources = list(
        WorkResult.objects.filter(plan__cycle=cycle, plan__employee=employee)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("plan_id", "kind", "order")
    )
    staff = list(  # push goes to the staff the user appraises (PLAN-8 links to them)
        {
            p.employee_id: p.employee
            for p in plans
            if p.status != PlanStatus.CLOSED and p.appraiser_id == employee.pk
        }.values()
    )
    form = (
        PushForm(request.POST if request.method == "POST" else None, sources=sources, staff=staff)
        if sources and staff
        else None
    )
    return {
        "cycle": cycle,
        "plans": plans,
        "push_form": form,
        "waiting": sum(p.status == PlanStatus.SUBMITTED for p in plans),
    }
