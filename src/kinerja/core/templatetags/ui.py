"""Small presentation filters shared by the apps' templates (no rules here)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

MAX_INDENT = 10  # kinerja.css has .depth-1 … .depth-10; deeper units align with depth 10


@register.filter
def depth_class(depth: int) -> str:
    """The indentation class of a tree row: ``depth-0`` … ``depth-10``."""
    return f"depth-{min(int(depth or 0), MAX_INDENT)}"


@register.filter
def audit_value(value: Any) -> str:
    """A before/after value of an audit entry, with an empty one shown as a dash."""
    if value is None or value == "":
        return "–"
    return str(value)
