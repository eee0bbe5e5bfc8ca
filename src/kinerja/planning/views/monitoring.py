"""Completion monitoring (PLAN-29): per unit the plan status counts, expandable lists (htmx) and
flags (blocked by the supervisor's plan, missing planning dialogue, late); HR sets a missing plan
on an employee's behalf after the escalation date (PLAN-24)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.people.selectors import employee_get_for_user
from kinerja.planning.choices import CompletionStatus
from kinerja.planning.forms import SetByHrForm
from kinerja.planning.selectors import (
    completion_by_unit,
    completion_totals,
    current_cycle,
    cycle_get_for_user,
    may_monitor,
)
from kinerja.planning.services._common import agency_today, is_hr_for
from kinerja.planning.services.plans import plan_set_by_hr
from kinerja.planning.views._common import FAILED, attempt, page


def _require_monitor(request: HttpRequest) -> None:
    if not may_monitor(request.user):
        raise PermissionDenied


@login_required
def monitoring_current(request: HttpRequest) -> HttpResponse:
    cycle = _current(request)
    return redirect("planning:monitoring", cycle_pk=cycle.pk)


def _current(request: HttpRequest) -> Any:
    agency = getattr(request.user, "agency", None)
    cycle = current_cycle(agency) if agency else None
    if cycle is None:
        raise Http404
    return cycle


@login_required
def monitoring(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = cycle_get_for_user(request.user, cycle_pk)
    _require_monitor(request)
    units = completion_by_unit(cycle, request.user, today=agency_today(cycle.agency))
    for unit in units:  # the flags counted per unit, for the summary column
        unit.blocked = sum(r.blocked_by_supervisor for r in unit.rows)  # type: ignore[attr-defined]
        unit.missing_dialogue = sum(r.missing_dialogue for r in unit.rows)  # type: ignore[attr-defined]
        unit.late = sum(r.late for r in unit.rows)  # type: ignore[attr-defined]
    totals = completion_totals(units)
    return render(
        request,
        "planning/monitoring.html",
        {
            "cycle": cycle,
            "units": units,
            "statuses": CompletionStatus.choices,
            "totals": totals,
            "total": sum(totals.values()),
        },
    )


@login_required
def monitoring_unit(request: HttpRequest, cycle_pk: int, unit_pk: int) -> HttpResponse:
    """The employees of one unit (optionally of one status): an htmx fragment or a page."""
    cycle = cycle_get_for_user(request.user, cycle_pk)
    _require_monitor(request)
    today = agency_today(cycle.agency)
    unit = next(
        (u for u in completion_by_unit(cycle, request.user, today=today) if u.unit_id == unit_pk),
        None,
    )
    if unit is None:
        raise Http404
    status = request.GET.get("status", "")
    rows = [r for r in unit.rows if not status or r.status == status]
    context = {
        "cycle": cycle,
        "unit": unit,
        "rows": rows,
        "status": status,
        "is_hr": is_hr_for(request.user, cycle.agency_id),
        "escalated": today > cycle.plan_escalation_date,
    }
    template = (
        "planning/partials/_monitoring_rows.html"
        if request.htmx
        else "planning/monitoring_unit.html"
    )
    return render(request, template, context)


@login_required
def plan_set_by_hr_view(request: HttpRequest, cycle_pk: int, nip: str) -> HttpResponse:
    """PLAN-24: after the escalation date HR creates and approves a missing plan (audited)."""
    # Not write=True (agency-wide HR only): HR of some units sets plans within them; the
    # service checks that the employee's unit is in the administrator's scope (ORG-9).
    cycle = cycle_get_for_user(request.user, cycle_pk)
    employee = employee_get_for_user(request.user, nip)
    if not is_hr_for(request.user, cycle.agency_id):
        raise PermissionDenied
    form = SetByHrForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = attempt(
            form,
            lambda: plan_set_by_hr(
                actor=request.user,
                cycle=cycle,
                employee=employee,
                approach=data["approach"],
                work_results=data["work_results"],
                confirm_warnings=data["confirm_warnings"],
            ),
        )
        if result is not FAILED and result.plan is not None:
            messages.success(request, _("SKP ditetapkan oleh pengelola kinerja."))
            return redirect("planning:plan-detail", pk=result.plan.pk)
        if result is not FAILED:
            form.add_error("confirm_warnings", [w.message for w in result.warnings])
    return page(
        request,
        "planning/plan_set_by_hr.html",
        {"form": form, "cycle": cycle, "employee": employee},
        form,
    )
