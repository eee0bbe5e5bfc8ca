"""JSON errors with a stable ``code`` and a human ``message`` in the user's language.

Codes: ``invalid`` (422), ``unauthorized`` (401), ``forbidden`` (403), ``not_found`` (404),
``locked_out`` (429). Bad input never answers 500: malformed JSON and wrong types are 422 too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

STATUS_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    422: "invalid",
    429: "locked_out",
}


class ApiError(HttpError):
    """An HTTP error with a stable machine-readable ``code``."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(status_code, message)
        self.code = code


def field_error(field: str, message: str, code: str) -> ValidationError:
    """A 422 on one field of the request body that no domain rule covers."""
    return ValidationError({field: [ValidationError(message, code=code)]})


def not_found(field: str) -> ValidationError:
    """A body reference that does not resolve or is out of scope (the same answer for both)."""
    return field_error(field, _("Data yang dirujuk tidak ditemukan."), "does_not_exist")


def _is_rule_id(code: str | None) -> bool:
    prefix, _sep, number = (code or "").partition("-")
    return bool(prefix) and prefix.isupper() and number.isdigit()


def validation_payload(error: ValidationError) -> dict[str, Any]:
    """{"code", "message", "rule", "fields": {field: [messages]}} from a Django ValidationError."""
    fields: dict[str, list[str]] = {}
    rules: list[str] = []
    items = (
        error.error_dict.items()
        if hasattr(error, "error_dict")
        else [(NON_FIELD_ERRORS, error.error_list)]
    )
    for field, errors in items:
        for item in errors:
            fields.setdefault(field, []).extend(item.messages)
            if _is_rule_id(item.code):
                rules.append(item.code)
    message = " ".join(
        " ".join(v) if k == NON_FIELD_ERRORS else f"{k}: {' '.join(v)}" for k, v in fields.items()
    )
    return {
        "code": "invalid",
        "message": message,
        "rule": rules[0] if rules else None,
        "fields": fields,
    }


def _schema_message(error: dict[str, Any]) -> str:
    """An Indonesian (translatable) reason for one pydantic error; pydantic's own is English."""
    kind = str(error.get("type", ""))
    expected = (error.get("ctx") or {}).get("expected")
    if kind == "missing":
        return _("Wajib diisi.")
    if kind in ("enum", "literal_error"):
        return _("Nilai tidak dikenal; pilih salah satu dari %(expected)s.") % {
            "expected": expected
        }
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Harus berupa angka.")
    if kind.startswith("bool_"):
        return _("Harus true atau false.")
    if kind.startswith("date"):
        return _("Harus berupa tanggal dengan format YYYY-MM-DD.")
    if kind.startswith("string_too_long"):
        return _("Terlalu panjang.")
    if kind.startswith(("string_", "str_")):
        return _("Harus berupa teks.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return _("Di luar rentang yang diizinkan.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Harus berupa objek JSON.")
    return _("Tidak valid.")


def schema_payload(exc: NinjaValidationError) -> dict[str, Any]:
    """The same shape as ``validation_payload`` for input that failed the request schema."""
    fields: dict[str, list[str]] = {}
    rule = None
    for err in exc.errors:
        # loc is ("body", "payload", "field", ...) or ("query", "field") or ("path", "field");
        # a member of a union adds its tag ("str-enum[PelaksanaGroup]", "literal['']"), which
        # names no field.
        parts = []
        for part in map(str, err.get("loc", ())):
            if not (part.isidentifier() or part.isdigit()):
                break
            if part not in ("body", "query", "path"):
                parts.append(part)
        if parts and parts[0] in ("payload", "filters") and len(parts) > 1:
            parts = parts[1:]
        field = ".".join(parts) or NON_FIELD_ERRORS
        fields.setdefault(field, []).append(_schema_message(err))
        if err.get("type") in ("enum", "literal_error"):
            rule = rule or "GEN-1"  # enumerations are codes from a fixed list
    message = " ".join(
        " ".join(v) if k == NON_FIELD_ERRORS else f"{k}: {' '.join(v)}" for k, v in fields.items()
    )
    return {
        "code": "invalid",
        "message": message or _("Data tidak valid."),
        "rule": rule,
        "fields": fields,
    }


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, payload: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, validation_payload(exc), 422)

    @api.exception_handler(NinjaValidationError)
    def on_schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, schema_payload(exc), 422)

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, {"code": "not_found", "message": _("Data tidak ditemukan.")}, 404)

    @api.exception_handler(PermissionDenied)
    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(
            request,
            {"code": "forbidden", "message": str(exc) or _("Anda tidak berhak melakukan ini.")},
            403,
        )

    @api.exception_handler(AuthenticationError)
    def on_401(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            {"code": "unauthorized", "message": _("Token tidak ada, salah, atau kedaluwarsa.")},
            401,
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # ninja raises 400 only when the body cannot be parsed: that is bad input (422).
            return respond(
                request,
                {
                    "code": "invalid",
                    "rule": None,
                    "fields": {},
                    "message": _("Isi permintaan bukan JSON yang sah."),
                },
                422,
            )
        code = getattr(exc, "code", None) or STATUS_CODES.get(exc.status_code, "error")
        return respond(request, {"code": code, "message": str(exc)}, exc.status_code)
