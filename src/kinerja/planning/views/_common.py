"""Small helpers shared by the planning views: run a service and show its rule errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kinerja.core.forms import add_service_error

T = TypeVar("T")
FAILED: Any = object()


def attempt(form: forms.BaseForm, call: Callable[[], T], **renames: str) -> T:
    """Run ``call``; on a rule error put its messages on ``form`` and return ``FAILED``.

    A message goes next to its field when the form shows that field (``renames`` maps a
    service's field name to the form's), else at the top of the form. Each message carries its
    rule id (GEN-2), once.
    """
    try:
        return call()
    except ValidationError as error:
        add_service_error(form, error, renames)
        return FAILED  # type: ignore[no-any-return]


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *forms_shown: forms.BaseForm | None,
) -> HttpResponse:
    """Render; 400 when one of the shown forms carries errors (nothing was saved)."""
    failed = any(f is not None and f.is_bound and f.errors for f in forms_shown)
    return render(request, template, context, status=400 if failed else 200)
