"""Account pages: HR gives employees accounts and roles; an owner activates theirs with a code.

Thin views over accounts.services / accounts.selectors. An activation code is shown once, on the
page that answers the POST that issued it (never in a redirect's URL, never cached).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from kinerja.accounts.forms import client_ip
from kinerja.accounts.models import Role, User
from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_for
from kinerja.core.forms import add_service_error
from kinerja.org.models import Agency
from kinerja.org.selectors import agency_get_for_user
from kinerja.people.account_admin.documents import XLSX_CONTENT_TYPE, activation_codes_xlsx
from kinerja.people.account_admin.forms import (
    AccountFilterForm,
    ActivationForm,
    ReasonForm,
    RoleGrantForm,
)
from kinerja.people.account_admin.selectors import (
    STATES,
    account_get_for_user,
    account_list_visible_to,
    account_search,
    account_state,
    accounts_in_order,
    employees_without_account,
)
from kinerja.people.account_admin.services import (
    IssuedCode,
    account_activate,
    account_create,
    account_set_active,
    accounts_create_missing,
    activation_reset,
    may_grant_roles,
    may_manage_account,
    role_grant,
    role_revoke,
)
from kinerja.people.selectors import employee_get_for_user

PAGE_SIZE = 50
AUDIT_SHOWN = 50


@login_required
def account_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    accounts = account_list_visible_to(request.user, agency)
    form = AccountFilterForm(request.GET)
    if form.is_valid():
        accounts = account_search(
            accounts,
            text=form.cleaned_data["q"],
            role=form.cleaned_data["role"],
            state=form.cleaned_data["state"],
        )
    # Usernames are unique: their order needs no tie-breaker, and the (agency, username) index
    # gives it. Pages go over ids first, so a deep page skips index entries, not rows.
    ids = accounts.order_by("username").values_list("pk", flat=True)
    page_obj = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = accounts_in_order(list(page_obj.object_list))
    for account in page_obj:
        account.state = account_state(account)
        account.state_label = STATES[account.state]
    context = {
        "agency": agency,
        "form": form,
        "page_obj": page_obj,
        "can_create": _hr_of(request.user, agency),
    }
    return render(request, "accounts/account_list.html", context)


@login_required
def accounts_missing_count(request: HttpRequest, code: str) -> HttpResponse:
    """How many employees in the HR's scope have no account: loaded after the list (htmx), as
    it visits every employee of the agency (~0.15 s at 100,000)."""
    agency = agency_get_for_user(request.user, code)
    if not _hr_of(request.user, agency):
        raise PermissionDenied
    missing = employees_without_account(request.user, agency).count()
    return render(request, "accounts/partials/_missing_count.html", {"missing": missing})


def _hr_of(user: Any, agency: Agency) -> bool:
    roles = roles_of(user)
    return roles.is_system_admin or (roles.is_hr_admin and roles.agency_id == agency.pk)


@login_required
@require_POST
@never_cache
def accounts_missing_create(request: HttpRequest, code: str) -> HttpResponse:
    """Accounts for every employee without one; the codes come back in a workbook, once."""
    agency = agency_get_for_user(request.user, code)
    if not _hr_of(request.user, agency):
        raise PermissionDenied
    with transaction.atomic():  # no accounts without their workbook: the codes exist only there
        issued = accounts_create_missing(actor=request.user, agency=agency)
        workbook = activation_codes_xlsx(issued) if issued else b""
    if not issued:
        messages.info(request, _("Semua pegawai dalam lingkup Anda sudah memiliki akun."))
        return redirect("org:account-list", code=agency.code)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(workbook, content_type=XLSX_CONTENT_TYPE)
    name = f"kode-aktivasi-{agency.code}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def account_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, pk)
    return _detail_page(request, agency, account)


def _detail_page(
    request: HttpRequest,
    agency: Agency,
    account: User,
    *,
    reason_form: ReasonForm | None = None,
    role_form: RoleGrantForm | None = None,
    status: int = 200,
) -> HttpResponse:
    roles = roles_of(request.user)
    can_manage = may_manage_account(request.user, account)
    can_grant = may_grant_roles(request.user, agency) and account.agency_id is not None
    context = {
        "agency": agency,
        "account": account,
        "state": account_state(account),
        "state_label": STATES[account_state(account)],
        "grants": list(account.role_grants.prefetch_related("units").order_by("role")),
        "can_manage": can_manage,
        "can_grant": can_grant,
        "reason_form": reason_form or ReasonForm(),
        "role_form": role_form or (RoleGrantForm(agency=agency) if can_grant else None),
        "audit": audit_for(account)[:AUDIT_SHOWN] if roles.reads_audit else None,
    }
    return render(request, "accounts/account_detail.html", context, status=status)


def _issued_page(
    request: HttpRequest, agency: Agency, issued: IssuedCode, title: str
) -> HttpResponse:
    response = render(
        request,
        "accounts/code_issued.html",
        {"agency": agency, "issued": issued, "title": title},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def account_reset(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, agency, account, reason_form=form, status=400)
    issued = activation_reset(
        actor=request.user, account=account, reason=form.cleaned_data["reason"]
    )
    return _issued_page(request, agency, issued, _("Kata sandi diatur ulang"))


@login_required
@require_POST
def account_active(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, pk)
    form = ReasonForm(request.POST)
    active = request.POST.get("active") == "1"
    if form.is_valid():
        try:
            account_set_active(
                actor=request.user,
                account=account,
                active=active,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Akun diaktifkan kembali.") if active else _("Akun dinonaktifkan.")
            )
            return redirect("org:account-detail", code=agency.code, pk=account.pk)
    account.refresh_from_db()
    return _detail_page(request, agency, account, reason_form=form, status=400)


@login_required
@require_POST
def account_role_grant(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, pk)
    if not may_grant_roles(request.user, agency):
        raise PermissionDenied
    form = RoleGrantForm(request.POST, agency=agency)
    if form.is_valid():
        try:
            role_grant(
                actor=request.user,
                account=account,
                role=form.cleaned_data["role"],
                units=form.cleaned_data["units"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Peran disimpan."))
            return redirect("org:account-detail", code=agency.code, pk=account.pk)
    return _detail_page(request, agency, account, role_form=form, status=400)


@login_required
@require_POST
def account_role_revoke(request: HttpRequest, code: str, pk: int, role: str) -> HttpResponse:
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, pk)
    if role not in Role.values:
        raise PermissionDenied
    try:
        role_revoke(actor=request.user, account=account, role=role)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Peran dicabut."))
    return redirect("org:account-detail", code=agency.code, pk=account.pk)


@login_required
@require_POST
def employee_account_create(request: HttpRequest, nip: str) -> HttpResponse:
    employee = employee_get_for_user(request.user, nip, write=True)
    try:
        issued = account_create(actor=request.user, employee=employee)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("people:employee-detail", nip=employee.nip)
    return _issued_page(request, employee.agency, issued, _("Akun dibuat"))


@never_cache
@csrf_protect
def activate(request: HttpRequest) -> HttpResponse:
    """Public: the owner sets their password with the activation code (no login needed)."""
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_activate(
                identifier=form.cleaned_data["username"],
                code=form.cleaned_data["activation_code"],
                password=form.cleaned_data["password1"],
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            add_service_error(form, error, renames={"password": "password1"})
        else:
            messages.success(
                request, _("Akun Anda sudah aktif. Silakan masuk dengan kata sandi baru.")
            )
            return redirect("accounts:login")
    status = 400 if form.errors else 200
    return render(request, "accounts/activate.html", {"form": form}, status=status)
