"""Tokens and the caller's own profile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from kinerja.accounts import throttle
from kinerja.accounts.forms import client_ip
from kinerja.accounts.roles import roles_of
from kinerja.api.auth import token_issue, token_revoke
from kinerja.api.errors import ApiError
from kinerja.api.schemas.accounts import MeOut, TokenIn, TokenOut
from kinerja.api.schemas.common import ErrorOut
from kinerja.people.appraisal import current_assignment
from kinerja.people.selectors import supervises_anyone, today

router = Router(tags=["akun"])


@router.post(
    "/auth/token", auth=None, response={201: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut}
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status:
    """Issue a bearer token; the same lockout as the login page (LOGIN_FAILURE_LIMIT)."""
    key = throttle.key_for(payload.username)
    if throttle.is_locked_out(key):
        raise ApiError(
            429,
            "locked_out",
            _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam beberapa menit."),
        )
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        throttle.record_failure(key, client_ip(request))
        raise ApiError(401, "invalid_credentials", _("NIP/nama pengguna atau kata sandi salah."))
    throttle.clear_failures(key)
    raw, token = token_issue(user)
    return Status(201, {"token": raw, "expires_at": token.expires_at})


@router.delete("/auth/token", response={204: None, 401: ErrorOut})
def token_delete(request: HttpRequest) -> HttpResponse:
    """Revoke the token used for this request."""
    token_revoke(request.api_token)  # type: ignore[attr-defined]
    return HttpResponse(status=204)


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    roles = roles_of(user)
    employee = user.employee
    held = current_assignment(employee, today()) if employee else None
    return {
        "id": user.pk,
        "username": user.username,
        "roles": sorted(roles.roles),
        "agency": user.agency.code if user.agency_id else None,
        "is_system_admin": roles.is_system_admin,
        "employee": employee
        and {
            "nip": employee.nip,
            "nip_display": employee.nip_display,
            "name": employee.full_name,
            "employee_type": employee.employee_type,
            "position": held and {"id": held.position_id, "name": held.position.name},
            "unit": held and {"id": held.position.unit_id, "name": held.position.unit.name},
        },
        "supervises_anyone": supervises_anyone(user),
    }
