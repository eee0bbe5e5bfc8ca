"""Small presentation filters shared by the apps' templates (no rules here)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def audit_value(value: Any) -> str:
    """A before/after value of an audit entry, with an empty one shown as a dash."""
    if value is None or value == "":
        return "–"
    return str(value)
