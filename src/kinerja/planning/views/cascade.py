"""The cascade page: the agency's plans as a tree from the top leader down (issue #3, PLAN-8).

The page shows the top plans (or the plan ``?root=``) and two levels below; deeper levels load
on demand through a plain link to ``?root=<plan>`` that htmx turns into an in-place swap of the
node's children (``?root=<plan>&part=children``). ``?unit=`` keeps one unit and its sub-units,
``?problems=1`` only what needs attention. A fixed number of queries, and the page stays small
whatever the size of the agency.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.accounts.roles import roles_of
from kinerja.core.params import query_id
from kinerja.org.selectors import unit_list_visible_to
from kinerja.planning.selectors import cascade_subtree, current_cycle, cycle_get_for_user

UNIT_CHOICE_DEPTH = 2  # the unit filter lists the top three unit levels (plus the chosen one)


_int = query_id


@login_required
def cascade(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = cycle_get_for_user(request.user, cycle_pk)
    if not roles_of(request.user).reads_whole_agency:
        raise PermissionDenied
    units = unit_list_visible_to(request.user).filter(agency_id=cycle.agency_id)
    unit_id, root = _int(request.GET.get("unit")), _int(request.GET.get("root"))
    unit = units.filter(pk=unit_id).first() if unit_id else None
    if unit_id and unit is None:
        raise Http404
    problems = request.GET.get("problems") == "1"
    children_only = request.GET.get("part") == "children" and root is not None
    tree = cascade_subtree(cycle, root_plan=root, unit=unit, problems_only=problems)
    filters = {k: v for k, v in (("unit", unit_id), ("problems", int(problems))) if v}
    context = {
        "cycle": cycle,
        "tree": tree,
        "unit": unit,
        "problems": problems,
        # One reverse for every link: the tag appends the plan id (no reverse per node).
        "plan_prefix": reverse("planning:plan-detail", kwargs={"pk": 0})[: -len("0/")],
        "page_url": request.path,
        "filter_query": urlencode(filters),
    }
    if children_only:
        return render(request, "planning/partials/_cascade_children.html", context)
    context["units"] = units.filter(depth__lte=UNIT_CHOICE_DEPTH).values_list("pk", "name", "depth")
    return render(request, "planning/cascade.html", context)


@login_required
def cascade_current(request: HttpRequest) -> HttpResponse:
    agency = getattr(request.user, "agency", None)
    cycle = current_cycle(agency) if agency else None
    if cycle is None:
        raise Http404
    return redirect("planning:cascade", cycle_pk=cycle.pk)
