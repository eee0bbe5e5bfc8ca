"""Transfer with plans (HR): the one transfer page (ORG-5, PLAN-25), the profile's "Mutasi".

``employee_transfer_with_plans`` ends the current post the day before and opens the new one,
then closes the old plan at that day and opens a draft for the new position, in one
transaction: a rule error in either undoes both.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kinerja.org.selectors import position_list_writable_by
from kinerja.people.appraisal import current_assignment
from kinerja.people.selectors import employee_get_for_user, position_choices, today
from kinerja.planning.forms import PlanTransferForm
from kinerja.planning.services import plans as services
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
            lambda: services.employee_transfer_with_plans(
                actor=request.user,
                employee=employee,
                position=data["position"],
                start_date=data["effective_date"],
                reason=data["reason"],
            ),
            start_date="effective_date",
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


def _transfer_message(result) -> str:  # type: ignore[no-untyped-def]
    text = _("Mutasi tersimpan.")
    if result.plan_closed is not None:
        text += " " + _("SKP lama ditutup per %(day)s.") % {
            "day": result.plan_closed.period_end.strftime("%d-%m-%Y")
        }
    if result.plan_opened is not None:
        text += " " + _("SKP draf untuk jabatan baru dibuka.")
    return text
