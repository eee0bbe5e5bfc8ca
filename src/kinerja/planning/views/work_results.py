"""Plan content while DRAFT: work results (RHK), indicators (IKI), behaviour expectations,
annex items and planning dialogues (PLAN-6..PLAN-19).

Adding happens on the plan page; editing an existing RHK or IKI has its own small page. A rule
error re-renders the form with the message next to its field, status 400, nothing saved.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.planning.choices import CORE_VALUE_BY_CODE
from kinerja.planning.forms import (
    AnnexItemForm,
    DialogueForm,
    ExpectationForm,
    IndicatorForm,
    WorkResultForm,
    indicator_initial,
)
from kinerja.planning.models import (
    BehaviourExpectation,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    WorkResult,
)
from kinerja.planning.selectors import plan_get_for_user, supportable_work_results
from kinerja.planning.services.plans import (
    annex_item_delete,
    annex_item_save,
    dialogue_save,
    expectation_save,
)
from kinerja.planning.services.work_results import (
    indicator_delete,
    indicator_save,
    work_result_delete,
    work_result_save,
)
from kinerja.planning.views._common import FAILED, attempt, page
from kinerja.planning.views.plans import plan_page


def _plan_of(request: HttpRequest, model: type, pk: int) -> tuple[object, PerformancePlan]:
    """A part of a plan and its plan, loaded with the plan's write check (404 / 403)."""
    obj = get_object_or_404(model.objects.only("pk", "plan_id"), pk=pk)
    return obj, plan_get_for_user(request.user, obj.plan_id, write=True)


def _back(plan: PerformancePlan, anchor: str = "") -> HttpResponse:
    url = reverse("planning:plan-detail", kwargs={"pk": plan.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


# ------------------------------------------------------------------------ work results


@login_required
@require_POST
def work_result_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(request.user, pk, write=True)
    form = WorkResultForm(request.POST, plan=plan, supportable=supportable_work_results(plan))
    if form.is_valid():
        saved = attempt(
            form, lambda: work_result_save(actor=request.user, plan=plan, **form.cleaned_data)
        )
        if saved is not FAILED:
            messages.success(request, _("RHK ditambahkan; lengkapi indikatornya."))
            return _back(plan, f"wr-{saved.pk}")
    return plan_page(request, plan, work_result_form=form)


@login_required
def work_result_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work_result, plan = _plan_of(request, WorkResult, pk)
    work_result = WorkResult.objects.select_related("supports").get(pk=work_result.pk)
    form = WorkResultForm(
        request.POST or None,
        plan=plan,
        supportable=supportable_work_results(plan),
        initial={
            "kind": work_result.kind,
            "text": work_result.text,
            "supports": work_result.supports_id,
            "assigned_by": work_result.assigned_by,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: work_result_save(
                actor=request.user, plan=plan, work_result=work_result, **form.cleaned_data
            ),
        )
        if saved is not FAILED:
            messages.success(request, _("RHK disimpan."))
            return _back(plan, f"wr-{work_result.pk}")
    return page(
        request,
        "planning/work_result_form.html",
        {"form": form, "plan": plan, "work_result": work_result},
        form,
    )


@login_required
@require_POST
def work_result_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    work_result, plan = _plan_of(request, WorkResult, pk)
    form = forms.Form(request.POST)
    if (
        attempt(form, lambda: work_result_delete(actor=request.user, work_result=work_result))
        is FAILED
    ):
        return plan_page(request, plan, delete_form=form)
    messages.success(request, _("RHK dihapus."))
    return _back(plan)


# ------------------------------------------------------------------------ indicators


@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    work_result, plan = _plan_of(request, WorkResult, pk)
    work_result = WorkResult.objects.get(pk=work_result.pk)
    form = IndicatorForm(request.POST or None, plan=plan)
    return _indicator_form(request, plan, work_result, form, None)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("work_result"), pk=pk)
    plan = plan_get_for_user(request.user, indicator.work_result.plan_id, write=True)
    form = IndicatorForm(request.POST or None, plan=plan, initial=indicator_initial(indicator))
    return _indicator_form(request, plan, indicator.work_result, form, indicator)


def _indicator_form(
    request: HttpRequest,
    plan: PerformancePlan,
    work_result: WorkResult,
    form: IndicatorForm,
    indicator: Indicator | None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: indicator_save(
                actor=request.user,
                work_result=work_result,
                indicator=indicator,
                **form.service_kwargs(),
            ),
        )
        if saved is not FAILED:
            messages.success(request, _("Indikator disimpan."))
            return _back(plan, f"wr-{work_result.pk}")
    return page(
        request,
        "planning/indicator_form.html",
        {"form": form, "plan": plan, "work_result": work_result, "indicator": indicator},
        form,
    )


@login_required
@require_POST
def indicator_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.select_related("work_result"), pk=pk)
    plan = plan_get_for_user(request.user, indicator.work_result.plan_id, write=True)
    form = forms.Form(request.POST)
    if attempt(form, lambda: indicator_delete(actor=request.user, indicator=indicator)) is FAILED:
        return plan_page(request, plan, delete_form=form)
    messages.success(request, _("Indikator dihapus."))
    return _back(plan, f"wr-{indicator.work_result_id}")


# ------------------------------------------------------------------------ behaviour, annex


@login_required
@require_POST
def expectation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """PLAN-17: the appraiser writes the leader's expectation of one BerAKHLAK row."""
    expectation, plan = _plan_of(request, BehaviourExpectation, pk)
    expectation = BehaviourExpectation.objects.get(pk=expectation.pk)
    form = ExpectationForm(request.POST)
    saved = FAILED
    if form.is_valid():
        saved = attempt(
            form,
            lambda: expectation_save(
                actor=request.user, expectation=expectation, text=form.cleaned_data["text"]
            ),
            expectation="text",
        )
    if saved is not FAILED and not request.htmx:
        messages.success(request, _("Ekspektasi disimpan."))
        return _back(plan, "behaviour")
    form.expectation_id = expectation.pk  # type: ignore[attr-defined]
    if request.htmx:  # the row comes back, saved or with its message (htmx swaps only 2xx)
        context = {
            "row": expectation if saved is FAILED else saved,
            "info": CORE_VALUE_BY_CODE[expectation.value],
            "plan": plan,
            "is_appraiser": True,
            "saved": saved is not FAILED,
            "expectation_form": form if saved is FAILED else None,
        }
        return render(request, "planning/partials/_expectation.html", context)
    return plan_page(request, plan, expectation_form=form)


@login_required
@require_POST
def annex_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_get_for_user(request.user, pk, write=True)
    form = AnnexItemForm(request.POST)
    if (
        form.is_valid()
        and attempt(
            form, lambda: annex_item_save(actor=request.user, plan=plan, **form.cleaned_data)
        )
        is not FAILED
    ):
        messages.success(request, _("Butir lampiran ditambahkan."))
        return _back(plan, "annex")
    return plan_page(request, plan, annex_form=form)


@login_required
@require_POST
def annex_item_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    item, plan = _plan_of(request, PlanAnnexItem, pk)
    form = forms.Form(request.POST)
    if (
        attempt(
            form,
            lambda: annex_item_delete(
                actor=request.user, item=PlanAnnexItem.objects.get(pk=item.pk)
            ),
        )
        is FAILED
    ):
        return plan_page(request, plan, annex_form=AnnexItemForm(), delete_form=form)
    messages.success(request, _("Butir lampiran dihapus."))
    return _back(plan, "annex")


# ------------------------------------------------------------------------ dialogues


@login_required
@require_POST
def dialogue_create(request: HttpRequest, pk: int) -> HttpResponse:
    """EXEC-10/PLAN-19: record a performance dialogue held about this plan."""
    plan = plan_get_for_user(request.user, pk)
    form = DialogueForm(request.POST)
    if (
        form.is_valid()
        and attempt(form, lambda: dialogue_save(actor=request.user, plan=plan, **form.cleaned_data))
        is not FAILED
    ):
        messages.success(request, _("Dialog kinerja dicatat."))
        return _back(plan, "dialogues")
    return plan_page(request, plan, dialogue_form=form)
