"""Plan templates (HR): list, create, edit, publish, and apply to the DRAFT plans they match."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts.roles import roles_of
from kinerja.org.models import Position
from kinerja.planning.choices import PlanStatus
from kinerja.planning.forms import TemplateApplyForm, TemplateForm, template_initial
from kinerja.planning.models import PerformancePlan, PlanTemplate
from kinerja.planning.selectors import current_cycle, plan_list_visible_to, template_list_visible_to
from kinerja.planning.services.templates import (
    plan_template_apply_bulk,
    template_publish,
    template_save,
)
from kinerja.planning.views._common import FAILED, attempt, page

POSITIONS_SHOWN = 500


def _require_hr(request: HttpRequest) -> None:
    roles = roles_of(request.user)
    if not (roles.is_hr_admin or roles.is_system_admin):
        raise PermissionDenied


def _template_for(request: HttpRequest, pk: int) -> PlanTemplate:
    _require_hr(request)
    return get_object_or_404(template_list_visible_to(request.user), pk=pk)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    templates = template_list_visible_to(request.user).select_related("position")
    return render(request, "planning/template_list.html", {"templates": templates})


@login_required
def template_create(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    template = PlanTemplate(agency=request.user.agency)  # type: ignore[union-attr]
    return _form(request, template)


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, _template_for(request, pk))


def _form(request: HttpRequest, template: PlanTemplate) -> HttpResponse:
    positions = list(
        Position.objects.filter(agency_id=template.agency_id, is_active=True).order_by("name")[
            :POSITIONS_SHOWN
        ]
    )
    form = TemplateForm(
        request.POST or None,
        positions=positions,
        initial=template_initial(template) if template.pk else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        template.name, template.position = data["name"], data["position"]
        template.position_type, template.level = data["position_type"], data["level"]
        template.approach, template.content = data["approach"], form.content()
        saved = attempt(
            form,
            lambda: template_save(actor=request.user, template=template),
            content="work_results",
        )
        if saved is not FAILED:
            messages.success(request, _("Templat SKP disimpan."))
            return redirect("planning:template-detail", pk=saved.pk)
    return page(request, "planning/template_form.html", {"form": form, "template": template}, form)


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The template, and the DRAFT plans of the current cycle it matches (to apply in bulk)."""
    template = _template_for(request, pk)
    form = TemplateApplyForm(request.POST or None, plans=_matching_drafts(request, template))
    if request.method == "POST" and form.is_valid():
        result = attempt(
            form,
            lambda: plan_template_apply_bulk(
                actor=request.user, template=template, plans=form.cleaned_data["plans"]
            ),
        )
        if result is not FAILED:
            messages.success(
                request, _("Templat diterapkan pada %(n)s SKP.") % {"n": result.applied}
            )
            for plan_id, reason in result.skipped:
                messages.warning(
                    request,
                    _("SKP %(id)s dilewati: %(reason)s") % {"id": plan_id, "reason": reason},
                )
            return redirect("planning:template-detail", pk=template.pk)
    return page(
        request, "planning/template_detail.html", {"template": template, "apply_form": form}, form
    )


def _matching_drafts(request: HttpRequest, template: PlanTemplate) -> QuerySet[PerformancePlan]:
    cycle = current_cycle(template.agency)
    if cycle is None or not template.is_published:
        return PerformancePlan.objects.none()
    if template.position_id:
        match = Q(position_id=template.position_id)
    else:
        match = Q(position__position_type=template.position_type)
        if template.level:
            match &= Q(position__level=template.level)
    return (
        plan_list_visible_to(request.user)
        .filter(match, cycle=cycle, status=PlanStatus.DRAFT)
        .select_related("employee", "position")
        .order_by("employee__name")
    )


@login_required
@require_POST
def template_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_for(request, pk)
    form = TemplateApplyForm({}, plans=[])
    if attempt(form, lambda: template_publish(actor=request.user, template=template)) is FAILED:
        return page(
            request,
            "planning/template_detail.html",
            {"template": template, "apply_form": form},
            form,
        )
    messages.success(request, _("Templat diterbitkan."))
    return redirect("planning:template-detail", pk=template.pk)
