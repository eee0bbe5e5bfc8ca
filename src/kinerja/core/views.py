from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency  # type: ignore[union-attr]
    if agency is not None:
        return redirect("org:agency-detail", code=agency.code)
    return redirect("org:agency-list")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        codes = {403: "forbidden", 404: "not_found", 500: "server_error"}
        return JsonResponse({"code": codes[status], "message": template}, status=status)
    return render(request, f"errors/{status}.html", status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "Not found")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "Forbidden")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "Server error")
