from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kinerja.accounts.roles import roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the navigation bar; computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {"nav_roles": roles, "nav_employee": getattr(user, "employee", None)}
