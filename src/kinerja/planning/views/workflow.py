"""Workflow buttons of the plan page: submit, review, approve, return with a note, reopen (PLAN-20).

Who may press which button comes from the transition table and the user's capacities towards
the plan; anyone else gets 403 and nothing changes. Rule failures (PLAN-6/8/9/11/13/19, a return
without a note) come back on the plan page, listed by rule; PLAN-12 warnings ask for a confirm.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kinerja.planning.choices import PlanAction
from kinerja.planning.forms import TransitionForm
from kinerja.planning.selectors import plan_get_for_user
from kinerja.planning.services.transitions import plan_capacities, plan_transition
from kinerja.planning.views._common import FAILED, attempt
from kinerja.planning.views.plans import plan_page
from kinerja.planning.workflow import step_for

DONE_MESSAGES = {
    PlanAction.SUBMIT: gettext_lazy("SKP diajukan kepada pejabat penilai."),
    PlanAction.REVIEW: gettext_lazy("SKP ditandai sudah direviu."),
    PlanAction.APPROVE: gettext_lazy("SKP ditetapkan."),
    PlanAction.REJECT: gettext_lazy("SKP dikembalikan kepada pegawai dengan catatan."),
    PlanAction.REOPEN: gettext_lazy("SKP dibuka kembali sebagai draf."),
    PlanAction.CLOSE: gettext_lazy("SKP ditutup."),
}


@login_required
@require_POST
def plan_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return plan_page(request, plan, transition_form=form)
    action = form.cleaned_data["action"]
    step = step_for(plan.status, action)
    if step is not None and not step.who & plan_capacities(request.user, plan):
        raise PermissionDenied
    result = attempt(
        form,
        lambda: plan_transition(
            actor=request.user,
            plan=plan,
            action=action,
            note=form.cleaned_data["note"],
            confirm_warnings=form.cleaned_data["confirm_warnings"],
        ),
        return_note="note",
        reason="note",
    )
    if result is FAILED:
        return plan_page(request, plan, transition_form=form)
    if not result.applied:  # PLAN-12 warnings: shown, the user confirms and sends again
        form.add_error("confirm_warnings", [w.message for w in result.warnings])
        return plan_page(request, plan, transition_form=form)
    for warning in result.warnings:
        messages.warning(request, warning.message)
    messages.success(request, str(DONE_MESSAGES.get(action, _("Status SKP diubah."))))
    return redirect("planning:plan-detail", pk=result.plan.pk)
