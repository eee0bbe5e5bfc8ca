"""Accounts of an agency: create, reset, disable, roles; activation by the owner.

An adapter over accounts.selectors and accounts.services. Accounts out of the caller's reach
answer 404; readable but not theirs to manage, 403 (ORG-9).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.responses import Status

from kinerja.accounts.forms import client_ip
from kinerja.accounts.models import Role, User
from kinerja.api.errors import ApiError, not_found
from kinerja.api.routers.people import _nip
from kinerja.api.schemas.account_admin import (
    AccountActiveIn,
    AccountOut,
    AccountQuery,
    ActivateIn,
    IssuedCodeOut,
    MissingAccountsOut,
    ReasonIn,
    ReasonQuery,
    RoleGrantIn,
)
from kinerja.api.schemas.common import ERRORS, ErrorOut, Id, Page, paginate
from kinerja.org.models import OrgUnit
from kinerja.org.selectors import agency_get_for_user
from kinerja.people.account_admin.selectors import (
    account_get_for_user,
    account_list_visible_to,
    account_search,
    reads_accounts_of,
)
from kinerja.people.account_admin.services import (
    IssuedCode,
    account_activate,
    account_create,
    account_set_active,
    accounts_create_missing,
    activation_reset,
    may_grant_roles,
    role_grant,
    role_revoke,
)
from kinerja.people.selectors import employee_get_for_user

router = Router(tags=["akun instansi"])

ACCOUNT = "/agencies/{slug:code}/accounts/{int:account_id}"


def _accounts(user: Any, code: str, filters: AccountQuery) -> QuerySet[User]:
    accounts = account_list_visible_to(user, agency_get_for_user(user, code))
    return account_search(
        # PPPK numbers are displayed as the agency's setting says (ID-8).
        accounts.select_related("employee__agency").prefetch_related("role_grants__units"),
        text=filters.q or "",
        role=filters.role or "",
        state=filters.state or "",
    ).order_by("username")  # unique: no tie-breaker needed


def _account(user: Any, code: str, account_id: int) -> User:
    return account_get_for_user(user, agency_get_for_user(user, code), account_id)


def _issued(issued: IssuedCode) -> dict[str, Any]:
    return {"account": issued.user, "activation_code": issued.code, "expires_at": issued.expires_at}


@router.get("/agencies/{slug:code}/accounts", response={200: Page[AccountOut], **ERRORS})
def account_list(request: HttpRequest, code: str, filters: Query[AccountQuery]) -> dict[str, Any]:
    """HR, agency head and auditor of the agency; HR of some units sees theirs (ORG-9)."""
    return paginate(_accounts(request.user, code, filters), filters)


@router.get(ACCOUNT, response={200: AccountOut, **ERRORS})
def account_detail(request: HttpRequest, code: str, account_id: Id) -> User:
    return _account(request.user, code, account_id)


@router.post("/employees/{nip}/account", response={201: IssuedCodeOut, **ERRORS})
def account_create_for_employee(request: HttpRequest, nip: str) -> Status:
    """HR of the employee (ORG-9). INT-9: one account per employee, a second is refused. The
    activation code is shown in this answer only."""
    employee = employee_get_for_user(request.user, _nip(nip), write=True)
    return Status(201, _issued(account_create(actor=request.user, employee=employee)))


@router.post("/agencies/{slug:code}/accounts/missing", response={201: MissingAccountsOut, **ERRORS})
def accounts_create_for_missing(request: HttpRequest, code: str) -> Status:
    """An account for every active employee in the caller's scope who has none (INT-9, ORG-9),
    each with its own activation code, shown in this answer only."""
    agency = agency_get_for_user(request.user, code)
    if not reads_accounts_of(request.user, agency):
        raise Http404
    issued = accounts_create_missing(actor=request.user, agency=agency)
    return Status(
        201,
        {
            "created": len(issued),
            "expires_at": issued[0].expires_at if issued else None,
            "codes": [
                {"nip": line.nip, "name": line.name, "activation_code": line.code}
                for line in issued
            ],
        },
    )


@router.post(f"{ACCOUNT}/reset", response={201: IssuedCodeOut, **ERRORS})
def account_reset(request: HttpRequest, code: str, account_id: Id, payload: ReasonIn) -> Status:
    """A forgotten password: the old one and every API token stop working; a new activation
    code lets the owner choose another. HR of some units: plain employee accounts only."""
    account = _account(request.user, code, account_id)
    issued = activation_reset(actor=request.user, account=account, reason=payload.reason)
    return Status(201, _issued(issued))


@router.patch(ACCOUNT, response={200: AccountOut, **ERRORS})
def account_update(
    request: HttpRequest, code: str, account_id: Id, payload: AccountActiveIn
) -> User:
    """Disable (a reason is required; tokens are revoked) or enable an account."""
    account = _account(request.user, code, account_id)
    account_set_active(
        actor=request.user, account=account, active=payload.is_active, reason=payload.reason
    )
    return _account(request.user, code, account_id)


@router.put(f"{ACCOUNT}/roles/{{role}}", response={200: AccountOut, **ERRORS})
def account_role_grant(
    request: HttpRequest, code: str, account_id: Id, role: Role, payload: RoleGrantIn
) -> User:
    """System administrator or HR of the whole agency (ORG-9). Units limit an HR_ADMIN."""
    agency = agency_get_for_user(request.user, code)
    account = account_get_for_user(request.user, agency, account_id)
    if not may_grant_roles(request.user, agency):
        raise PermissionDenied
    wanted = set(payload.unit_ids)
    units = list(OrgUnit.objects.filter(agency=agency, pk__in=wanted))
    if len(units) != len(wanted):
        raise not_found("unit_ids")
    try:
        role_grant(
            actor=request.user, account=account, role=role, units=units, reason=payload.reason
        )
    except ValidationError as error:
        # The service names its argument; the client sent unit_ids.
        if "units" in getattr(error, "error_dict", {}):
            error.error_dict["unit_ids"] = error.error_dict.pop("units")
        raise
    return _account(request.user, code, account_id)


@router.delete(f"{ACCOUNT}/roles/{{role}}", response={200: AccountOut, **ERRORS})
def account_role_revoke(
    request: HttpRequest, code: str, account_id: Id, role: Role, filters: Query[ReasonQuery]
) -> User:
    """No one revokes their own HR_ADMIN role (the agency would lose its administrator)."""
    account = _account(request.user, code, account_id)
    role_revoke(actor=request.user, account=account, role=role, reason=filters.reason)
    return _account(request.user, code, account_id)


@router.post(
    "/auth/activate",
    auth=None,
    tags=["akun"],
    response={204: None, 422: ErrorOut, 429: ErrorOut},
)
def account_activate_with_code(request: HttpRequest, payload: ActivateIn) -> HttpResponse:
    """The owner sets their password (at least 12 characters) with the code HR gave them.
    Wrong codes count towards the same lockout as wrong passwords (LOGIN_FAILURE_LIMIT)."""
    try:
        account_activate(
            identifier=payload.username,
            code=payload.activation_code,
            password=payload.password,
            ip_address=client_ip(request),
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "locked_out":
            raise ApiError(429, "locked_out", " ".join(error.messages)) from error
        raise
    return HttpResponse(status=204)
