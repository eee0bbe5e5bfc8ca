"""Role–result matrix (Matriks Peran Hasil, PLAN-15): the leader's indicators (columns) × their
direct reports (rows). Saving a cell creates or updates the subordinate's RHK linked to the
column's indicator (as a revision when that plan is already approved)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.core.params import query_id
from kinerja.planning.forms import MatrixCellForm
from kinerja.planning.models import Indicator, PerformancePlan
from kinerja.planning.selectors import plan_get_for_user, plan_list_visible_to, role_result_matrix
from kinerja.planning.services._common import is_plan_hr
from kinerja.planning.services.matrix import matrix_cell_save, matrix_offered
from kinerja.planning.views._common import FAILED, attempt


def _leader_plan(request: HttpRequest, pk: int, *, write: bool = False) -> PerformancePlan:
    plan = plan_get_for_user(request.user, pk, write=write)
    if not matrix_offered(plan):  # PLAN-15: JPT plans and unit heads only
        raise Http404
    return plan


def _may_fill(request: HttpRequest, plan: PerformancePlan) -> bool:
    """The leader fills the matrix in the dialogue with their staff; HR may record it."""
    me = getattr(request.user, "employee_id", None)
    return (me is not None and me == plan.employee_id) or is_plan_hr(request.user, plan)


@login_required
def matrix(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _leader_plan(request, pk)
    matrix = role_result_matrix(plan)
    for row in matrix.rows:  # pair each cell with its column for the template
        row.columns_cells = list(zip(matrix.columns, row.cells, strict=True))  # type: ignore[attr-defined]
    return render(
        request,
        "planning/matrix.html",
        {"plan": plan, "matrix": matrix, "can_edit": _may_fill(request, plan)},
    )  # type: ignore[union-attr]


def _posted_id(request: HttpRequest, name: str) -> int:
    return query_id(request.POST.get(name)) or 0  # 0 matches nothing: 404, never a 500


@login_required
@require_POST
def matrix_cell(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _leader_plan(request, pk, write=True)
    indicator = get_object_or_404(
        Indicator, pk=_posted_id(request, "indicator"), work_result__plan=plan
    )
    row_plan = get_object_or_404(
        plan_list_visible_to(request.user), pk=_posted_id(request, "subordinate_plan")
    )
    form = MatrixCellForm(request.POST)
    result = FAILED
    if form.is_valid():
        result = attempt(
            form,
            lambda: matrix_cell_save(
                actor=request.user,
                jpt_plan=plan,
                indicator=indicator,
                subordinate_plan=row_plan,
                text=form.cleaned_data["text"],
            ),
        )
    context = {
        "plan": plan,
        "indicator": indicator,
        "row_plan": row_plan,
        "form": form,
        "indicator_id": indicator.pk,
        "row_plan_id": row_plan.pk if result is FAILED else result.plan.pk,
        "saved": result is not FAILED,
        "revised": result is not FAILED and result.revised,
        "text": form.data.get("text", ""),
    }
    if request.htmx:  # htmx swaps only 2xx answers: the cell comes back with its message
        return render(request, "planning/partials/_matrix_cell.html", context)
    if result is FAILED:
        return render(request, "planning/matrix_cell.html", context, status=400)
    messages.success(request, _("Sel matriks disimpan."))
    return redirect("planning:matrix", pk=plan.pk)
