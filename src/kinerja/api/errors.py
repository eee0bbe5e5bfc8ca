"""JSON errors with a stable ``code`` and a human ``message`` in the user's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def validation_payload(error: ValidationError) -> dict[str, Any]:
    """{"code", "message", "rule", "fields": {field: [messages]}} from a Django ValidationError."""
    fields: dict[str, list[str]] = {}
    rules: list[str] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                fields.setdefault(field, []).extend(item.messages)
                if item.code:
                    rules.append(item.code)
    else:
        for item in error.error_list:
            fields.setdefault("__all__", []).extend(item.messages)
            if item.code:
                rules.append(item.code)
    message = "; ".join(
        f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in fields.items()
    )
    rule = next((r for r in rules if "-" in r and r.split("-")[0].isupper()), None)
    return {"code": "invalid", "message": message, "rule": rule, "fields": fields}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, payload: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_payload(exc), 422)

    @api.exception_handler(NinjaValidationError)
    def on_schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            loc = ".".join(str(p) for p in err.get("loc", [])[1:]) or "__all__"
            fields.setdefault(loc, []).append(str(err.get("msg", "")))
        return respond(request, {"code": "invalid", "message": _("Data tidak valid."),
                                 "fields": fields}, 422)

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"code": "not_found", "message": _("Data tidak ditemukan.")}, 404)

    @api.exception_handler(PermissionDenied)
    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, {"code": "forbidden",
                                 "message": str(exc) or _("Anda tidak berhak melakukan ini.")}, 403)

    @api.exception_handler(AuthenticationError)
    def on_401(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, {"code": "unauthorized",
                                 "message": _("Token tidak ada, salah, atau kedaluwarsa.")}, 401)

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, {"code": getattr(exc, "code", "error"), "message": str(exc)},
                       exc.status_code)
