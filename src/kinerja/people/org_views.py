"""Organisation pages: agencies, the unit tree, a unit with its positions (ORG-1..ORG-4).

They live in the people app because they show the organisation *with* its staff (counts and
holders from people.selectors), and org sits below people in the dependency order, so it must not
import it. The URL namespace stays "org" (people/org_urls.py) and the templates stay in org/.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_for
from kinerja.core.forms import add_service_error
from kinerja.core.params import query_id
from kinerja.org.config import agency_setting_rows, effective_settings, setting_display
from kinerja.org.forms import AgencySettingsForm, PositionForm, UnitForm
from kinerja.org.models import Agency, OrgUnit, Position
from kinerja.org.selectors import (
    agency_get_for_user,
    agency_list_visible_to,
    agency_writable_by,
    position_get_for_user,
    unit_ancestors,
    unit_get_for_user,
    writable_unit,
)
from kinerja.org.services import agency_settings_save, position_save, unit_save
from kinerja.people.selectors import (
    agency_overview,
    today,
    unit_positions_for_user,
    unit_search_rows,
    unit_staff,
    unit_tree_rows,
)

UNIT_STAFF_SHOWN = 100
AUDIT_SHOWN = 50


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = agency_list_visible_to(request.user)
    if not roles_of(request.user).is_system_admin:
        own = agencies.first()
        if own is None:
            raise Http404
        return redirect("org:agency-detail", code=own.code)
    return render(request, "org/agency_list.html", {"agencies": agencies})


@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    overview = agency_overview(agency, today())
    return render(request, "org/agency_detail.html", {"agency": agency, "overview": overview})


@login_required
def agency_settings(request: HttpRequest, code: str) -> HttpResponse:
    """GEN-3: every member sees the agency's settings; HR of the whole agency changes them."""
    agency = agency_get_for_user(request.user, code)
    can_edit = agency_writable_by(request.user, agency)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = AgencySettingsForm(request.POST)
        if form.is_valid():
            try:
                agency_settings_save(
                    actor=request.user,
                    agency=agency,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Pengaturan instansi tersimpan."))
                return redirect("org:agency-settings", code=agency.code)
        status = 400
    else:
        form = AgencySettingsForm(initial=effective_settings(agency))
        status = 200
    rows = (  # the read-only view; an editor sees the form
        []
        if can_edit
        else [(spec, setting_display(spec, value)) for spec, value in agency_setting_rows(agency)]
    )
    context = {"agency": agency, "form": form, "can_edit": can_edit, "rows": rows}
    return render(request, "org/agency_settings.html", context, status=status)


@login_required
def unit_tree(request: HttpRequest, code: str) -> HttpResponse:
    """Two levels of the tree (from the roots or ``?root=``), or the units matching ``?q=``."""
    agency = agency_get_for_user(request.user, code)
    root_id, query = query_id(request.GET.get("root")), request.GET.get("q", "").strip()
    root = _agency_unit(request, agency, root_id) if root_id else None
    context: dict[str, Any] = {
        "agency": agency,
        "root": root,
        "query": query,
        "can_add_root": agency_writable_by(request.user, agency),
    }
    if query:
        context["found"] = unit_search_rows(agency, query, today())
    else:
        context["ancestors"] = unit_ancestors(root) if root else []
        context["rows"] = unit_tree_rows(agency, today(), root=root)
        context["base_depth"] = root.depth if root else 0
    return render(request, "org/unit_tree.html", context)


@login_required
def unit_tree_children(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """htmx partial: the unit's row and its children rows, indented from the row's ``indent``."""
    agency = agency_get_for_user(request.user, code)
    unit = _agency_unit(request, agency, pk)
    indent = query_id(request.GET.get("indent"))
    base_depth = unit.depth - min(indent, unit.depth) if indent else unit.depth
    rows = unit_tree_rows(agency, today(), root=unit)
    return render(
        request,
        "org/partials/_unit_tree_rows.html",
        {"agency": agency, "rows": rows, "base_depth": base_depth},
    )


def _agency_unit(request: HttpRequest, agency: Agency, pk: int) -> OrgUnit:
    unit = unit_get_for_user(request.user, pk)
    if unit.agency_id != agency.pk:
        raise Http404
    return unit


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(request.user, pk)
    on = today()
    staff = (
        unit_staff(request.user, unit, on).select_related("grade", "agency").order_by("name", "pk")
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit_ancestors(unit),
            "children": unit.children.order_by("path"),
            "positions": unit_positions_for_user(request.user, unit, on),
            "staff": staff[:UNIT_STAFF_SHOWN],
            "staff_count": staff.count(),
            "can_edit": writable_unit(request.user, unit),
            "audit": audit_for(unit)[:AUDIT_SHOWN] if roles_of(request.user).reads_audit else None,
        },
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(request.user, pk, write=True)
    return _unit_form(request, unit, UnitForm(request.POST or None, instance=copy(unit)))


@login_required
def unit_create(request: HttpRequest, code: str) -> HttpResponse:
    """A root unit needs HR of the whole agency; a sub-unit needs HR of its parent (ORG-9)."""
    parent_id = query_id(request.GET.get("parent"))
    agency = agency_get_for_user(request.user, code, write=parent_id is None)
    parent = unit_get_for_user(request.user, parent_id, write=True) if parent_id else None
    if parent is not None and parent.agency_id != agency.pk:
        raise Http404
    unit = OrgUnit(agency=agency, parent=parent)
    return _unit_form(request, unit, UnitForm(request.POST or None, instance=unit))


def _unit_form(request: HttpRequest, unit: OrgUnit, form: UnitForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = unit_save(actor=request.user, unit=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as denied:  # ORG-9: a parent outside the user's units
            form.add_error("parent", str(denied))
        else:
            messages.success(request, _("Unit kerja tersimpan."))
            return redirect("org:unit-detail", pk=saved.pk)
    return render(
        request,
        "org/unit_form.html",
        {"form": form, "unit": unit},
        status=400 if form.errors else 200,
    )


@login_required
def position_create(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_get_for_user(request.user, pk, write=True)
    position = Position(agency_id=unit.agency_id, unit=unit)
    return _position_form(request, position, PositionForm(request.POST or None, instance=position))


@login_required
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = position_get_for_user(request.user, pk, write=True)
    form = PositionForm(request.POST or None, instance=copy(position))
    return _position_form(request, position, form)


def _position_form(request: HttpRequest, position: Position, form: PositionForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = position_save(actor=request.user, position=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Jabatan tersimpan."))
            return redirect("org:unit-detail", pk=saved.unit_id)
    context: dict[str, Any] = {"form": form, "position": position, "unit": position.unit}
    return render(request, "org/position_form.html", context, status=400 if form.errors else 200)
