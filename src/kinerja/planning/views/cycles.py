"""Cycle pages (HR): list, open a year, checkpoints, missing plans, status steps (PLAN-1)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kinerja.org.config import agency_setting
from kinerja.org.selectors import agency_get_for_user
from kinerja.planning.choices import CycleStatus
from kinerja.planning.forms import CycleOpenForm, CycleTransitionForm
from kinerja.planning.selectors import cycle_get_for_user, cycle_list_visible_to
from kinerja.planning.services._common import agency_today
from kinerja.planning.services.cycles import (
    cycle_generate_plans,
    cycle_open,
    cycle_transition,
)
from kinerja.planning.views._common import FAILED, attempt, page
from kinerja.planning.workflow import CYCLE_TRANSITIONS


class _Progress:
    """Collects the progress the service reports while it runs inside this request."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = cycle_list_visible_to(request.user).select_related("agency").order_by("-year")
    return render(request, "planning/cycle_list.html", {"cycles": cycles})


@login_required
def cycle_open_view(request: HttpRequest) -> HttpResponse:
    """PLAN-1: open a year; checkpoints and a draft plan per active assignment are created in
    this request, and the page then says how many plans were made."""
    code = request.GET.get("agency") or getattr(request.user.agency, "code", "")  # type: ignore[union-attr]
    agency = agency_get_for_user(request.user, code, write=True)
    form = CycleOpenForm(
        request.POST or None,
        initial={
            "year": agency_today(agency).year,
            "grid": agency_setting(agency, "checkpoint_grid"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = attempt(
            form,
            lambda: cycle_open(
                actor=request.user,
                agency=agency,
                year=data["year"],
                grid=data["grid"],
                progress=_Progress(),
            ),
            checkpoint_grid="grid",
        )
        if result is not FAILED:
            messages.success(
                request,
                ngettext(
                    "Siklus %(year)s dibuka: %(n)s SKP draf dibuat.",
                    "Siklus %(year)s dibuka: %(n)s SKP draf dibuat.",
                    result.plans_created,
                )
                % {"year": result.cycle.year, "n": result.plans_created},
            )
            return redirect("planning:cycle-detail", pk=result.cycle.pk)
    deadlines = {
        key: agency_setting(agency, key)
        for key in ("plan_approval_deadline", "plan_escalation_date")
    }
    return page(
        request,
        "planning/cycle_open.html",
        {"form": form, "agency": agency, "deadlines": deadlines},
        form,
    )


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_get_for_user(request.user, pk)
    return render(request, "planning/cycle_detail.html", _detail_context(request, cycle))


def _detail_context(request: HttpRequest, cycle) -> dict:  # type: ignore[no-untyped-def]
    from kinerja.planning.services._common import is_hr_for

    return {
        "cycle": cycle,
        "checkpoints": cycle.checkpoints.order_by("order"),
        "plan_count": cycle.plans.count(),
        "is_hr": is_hr_for(request.user, cycle.agency_id),
        "next_statuses": [
            (s, CycleStatus(s).label) for s in sorted(CYCLE_TRANSITIONS.get(cycle.status, ()))
        ],
    }


@login_required
@require_POST
def cycle_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the plans still missing (idempotent: a second run creates none)."""
    cycle = cycle_get_for_user(request.user, pk, write=True)
    created = cycle_generate_plans(actor=request.user, cycle=cycle, progress=_Progress())
    messages.success(
        request,
        ngettext("%(n)s SKP draf dibuat.", "%(n)s SKP draf dibuat.", created) % {"n": created},
    )
    return redirect("planning:cycle-detail", pk=cycle.pk)


@login_required
@require_POST
def cycle_status(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_get_for_user(request.user, pk, write=True)
    form = CycleTransitionForm(request.POST)
    if form.is_valid():
        done = attempt(
            form,
            lambda: cycle_transition(
                actor=request.user, cycle=cycle, to_status=form.cleaned_data["to_status"]
            ),
            status="to_status",
        )
        if done is not FAILED:
            messages.success(request, _("Status siklus diubah."))
            return redirect("planning:cycle-detail", pk=cycle.pk)
    context = _detail_context(request, cycle) | {"status_form": form}
    return page(request, "planning/cycle_detail.html", context, form)
