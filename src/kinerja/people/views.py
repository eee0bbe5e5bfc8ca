"""People pages: the employee list, a profile with history and appraisers, HR actions, my page.

Every object is loaded through people.selectors (404 out of scope, 403 when read-only).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_for
from kinerja.core.forms import add_service_error
from kinerja.org.models import ExternalOfficial
from kinerja.org.selectors import (
    agency_get_for_user,
    agency_list_visible_to,
    agency_writable_by,
    unit_list_visible_to,
)
from kinerja.people.account_admin.selectors import (
    STATES,
    account_of_employee,
    account_readable_by,
    account_state,
)
from kinerja.people.appraisal import appraiser_chain, current_assignment, current_assignments
from kinerja.people.choices import EmployeeStatus
from kinerja.people.forms import (
    AppraiserOverrideForm,
    EmployeeFilterForm,
    EmployeeForm,
)
from kinerja.people.models import AppraiserOverride, Employee
from kinerja.people.nip import NipError, parse_nip
from kinerja.people.selectors import (
    assignment_history,
    employee_get_for_user,
    employee_list_visible_to,
    employee_search,
    employee_writable_by,
    employees_in_order,
    today,
)
from kinerja.people.services import appraiser_override_create, employee_save

PAGE_SIZE = 50
AUDIT_SHOWN = 50


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_admin = roles_of(user).is_system_admin
    form = EmployeeFilterForm(
        request.GET,
        units=unit_list_visible_to(user),
        agencies=agency_list_visible_to(user) if is_admin else None,
    )
    employees = employee_list_visible_to(user)
    filters = form.cleaned_data if form.is_valid() else {}
    if filters:
        employees = employee_search(
            employees,
            text=filters["q"],
            unit=filters["unit"],
            status=filters["status"],
            agency=filters.get("agency"),
            employee_type=filters["employee_type"],
        )
    agency = filters.get("agency") or user.agency  # type: ignore[union-attr]
    unit = filters.get("unit")
    form.set_unit_choices(unit.agency_id if unit else getattr(agency, "pk", None), unit)
    ids = employees.order_by("name", "pk").values_list("pk", flat=True)
    page_obj = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = employees_in_order(list(page_obj.object_list))
    current = current_assignments([e.pk for e in page_obj], today())
    for employee in page_obj:
        employee.current = current.get(employee.pk)
    # A history restore (back button after hx-push-url) needs the whole page, not the rows.
    rows_only = request.htmx and not request.htmx.history_restore_request
    template = "people/partials/_employee_rows.html" if rows_only else "people/employee_list.html"
    can_create = agency is not None and agency_writable_by(user, agency)
    return render(
        request,
        template,
        {"form": form, "page_obj": page_obj, "agency": agency, "can_create": can_create},
    )


@login_required
def employee_detail(request: HttpRequest, nip: str) -> HttpResponse:
    employee = employee_get_for_user(request.user, nip)
    return render(request, "people/employee_detail.html", profile_context(request, employee))


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return _me_page(request, PasswordChangeForm(request.user))


@login_required
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _me_page(request, form, status=400)
    form.save()
    update_session_auth_hash(request, form.user)
    messages.success(request, _("Kata sandi telah diganti."))
    return redirect("people:me")


def _me_page(request: HttpRequest, form: PasswordChangeForm, status: int = 200) -> HttpResponse:
    own = request.user.employee  # type: ignore[union-attr]
    context: dict[str, Any] = {"password_form": form, "roles": roles_of(request.user)}
    if own is not None:
        context |= profile_context(request, employee_get_for_user(request.user, own.nip))
    return render(request, "people/me.html", context, status=status)


def profile_context(request: HttpRequest, employee: Employee) -> dict[str, Any]:
    """What a profile shows: identity, posts, appraisers on a date (ORG-6/8), audit (GEN-4)."""
    on, date_error = _date_param(request.GET.get("on"))
    appraiser, reviewer = appraiser_chain(employee, on)
    try:
        nip_info = parse_nip(employee.nip, employee.employee_type)
    except NipError:
        nip_info = None
    can_edit = employee_writable_by(request.user, employee)
    account = account_of_employee(employee)
    return {
        "employee": employee,
        "nip_info": nip_info,
        # Issue #2: the account HR gave the employee (INT-9), its state and roles.
        "account": account,
        "account_state": STATES[account_state(account)] if account else None,
        "account_readable": account_readable_by(request.user, employee),
        "can_create_account": account is None
        and can_edit
        and employee.status != EmployeeStatus.INACTIVE,
        "former_numbers": list(employee.former_numbers.all()),  # INT-2
        "on": on,
        "date_error": date_error,
        "current": current_assignment(employee, today()),
        "history": assignment_history(employee),
        "appraiser": appraiser,
        "reviewer": reviewer,
        "can_edit": can_edit,
        "audit": audit_for(employee)[:AUDIT_SHOWN] if roles_of(request.user).reads_audit else None,
    }


def _date_param(raw: str | None) -> tuple[dt.date, str]:
    if not raw:
        return today(), ""
    try:
        return dt.date.fromisoformat(raw), ""
    except ValueError:
        return today(), _(
            "Tanggal “%(value)s” tidak sah (format TTTT-BB-HH); ditampilkan untuk hari ini."
        ) % {"value": raw}


@login_required
def employee_create(request: HttpRequest) -> HttpResponse:
    """HR of the whole agency adds an employee; the system admin names the agency (?agency=)."""
    code = request.GET.get("agency") or getattr(request.user.agency, "code", "")  # type: ignore[union-attr]
    agency = agency_get_for_user(request.user, code, write=True)
    employee = Employee(agency=agency)
    return _employee_form(request, employee, EmployeeForm(request.POST or None, instance=employee))


@login_required
def employee_edit(request: HttpRequest, nip: str) -> HttpResponse:
    employee = employee_get_for_user(request.user, nip, write=True)
    form = EmployeeForm(request.POST or None, instance=copy(employee))
    return _employee_form(request, employee, form)


def _employee_form(request: HttpRequest, employee: Employee, form: EmployeeForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            saved = employee_save(actor=request.user, employee=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Data pegawai tersimpan."))
            return redirect("people:employee-detail", nip=saved.nip)
    return render(
        request,
        "people/employee_form.html",
        {"form": form, "employee": employee},
        status=400 if form.errors else 200,
    )


@login_required
def appraiser_override(request: HttpRequest, nip: str) -> HttpResponse:
    """HR corrects the derived appraiser from a date, with a reason (ORG-6, GEN-4)."""
    employee = employee_get_for_user(request.user, nip, write=True)
    form = AppraiserOverrideForm(
        request.POST or None,
        initial={"start_date": today()},
        appraisers=Employee.objects.filter(agency_id=employee.agency_id),
        officials=ExternalOfficial.objects.filter(agency_id=employee.agency_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        override = AppraiserOverride(
            employee=employee,
            appraiser=data["appraiser_nip"],
            external_official=data["external_official"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            reason=data["reason"],
        )
        try:
            appraiser_override_create(actor=request.user, override=override)
        except ValidationError as error:
            add_service_error(form, error, renames={"appraiser": "appraiser_nip"})
        else:
            messages.success(request, _("Pejabat penilai pengganti tersimpan."))
            return redirect("people:employee-detail", nip=employee.nip)
    appraiser = appraiser_chain(employee, today())[0]
    return render(
        request,
        "people/appraiser_override.html",
        {
            "form": form,
            "employee": employee,
            "appraiser": appraiser,
        },
        status=400 if form.errors else 200,
    )
