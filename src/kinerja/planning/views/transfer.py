"""Transfer with plans (HR): the new post and the plans move in ONE transaction (ORG-5, PLAN-25).

The people service ends the current post the day before and opens the new one; the planning
service then closes the old plan at that day and opens a draft for the new position. A rule
error in either undoes both.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kinerja.org.selectors import position_list_writable_by
from kinerja.people.appraisal import current_assignment
from kinerja.people.selectors import employee_get_for_user, position_choices, today
from kinerja.people.services import employee_transfer
from kinerja.planning.forms import PlanTransferForm
from kinerja.planning.services.plans import plan_handle_transfer
from kinerja.planning.views._common import FAILED, attempt, page

POSITION_CHOICES_SHOWN = 300


@login_required
def employee_transfer_with_plans(request: HttpRequest, nip: str) -> HttpResponse:
    employee = employee_get_for_user(request.user, nip, write=True)
    positions = position_list_writable_by(request.user, employee.agency)
    q = request.GET.get("q", "")
    shown = position_choices(positions, text=q, on=today(), limit=POSITION_CHOICES_SHOWN)
    form = PlanTransferForm(request.POST or None, positions=positions, shown=shown)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = attempt(
            form,
            lambda: _transfer(request, employee, data),
            start_date="effective_date",
            new_position="position",
        )
        if result is not FAILED:
            messages.success(request, _transfer_message(result))
            return redirect("people:employee-detail", nip=employee.nip)
    return page(
        request,
        "planning/employee_transfer.html",
        {
            "form": form,
            "employee": employee,
            "current": current_assignment(employee, today()),
            "truncated": len(shown) == POSITION_CHOICES_SHOWN,
            "q": q,
        },
        form,
    )


@transaction.atomic
def _transfer(request: HttpRequest, employee, data):  # type: ignore[no-untyped-def]
    employee_transfer(
        actor=request.user,
        employee=employee,
        position=data["position"],
        start_date=data["effective_date"],
        reason=data["reason"],
    )
    return plan_handle_transfer(
        actor=request.user,
        employee=employee,
        effective_date=data["effective_date"],
        new_position=data["position"],
    )


def _transfer_message(result) -> str:  # type: ignore[no-untyped-def]
    text = _("Mutasi tersimpan.")
    if result.closed is not None:
        text += " " + _("SKP lama ditutup per %(day)s.") % {
            "day": result.closed.period_end.strftime("%d-%m-%Y")
        }
    if result.opened is not None:
        text += " " + _("SKP draf untuk jabatan baru dibuka.")
    return text
