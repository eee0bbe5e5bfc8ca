"""The cascade page: the agency's plans as a tree from the top leader down (issue #3, PLAN-8).

One selector call builds the whole tree in a fixed number of queries; the template only walks
what it returns, so the page costs the same number of queries for 10 or 10,000 plans.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from kinerja.accounts.roles import roles_of
from kinerja.planning.selectors import cascade_tree, current_cycle, cycle_get_for_user


@login_required
def cascade(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = cycle_get_for_user(request.user, cycle_pk)
    if not roles_of(request.user).reads_whole_agency:
        raise PermissionDenied
    tree = cascade_tree(cycle)
    # One reverse for every link: the template appends the plan id (10,000 links, no reverse each).
    prefix = reverse("planning:plan-detail", kwargs={"pk": 0})[: -len("0/")]
    return render(
        request,
        "planning/cascade.html",
        {"cycle": cycle, "tree": tree, "nodes": tree.walk(), "plan_prefix": prefix},
    )


@login_required
def cascade_current(request: HttpRequest) -> HttpResponse:
    agency = getattr(request.user, "agency", None)
    cycle = current_cycle(agency) if agency else None
    if cycle is None:
        raise Http404
    return redirect("planning:cascade", cycle_pk=cycle.pk)
