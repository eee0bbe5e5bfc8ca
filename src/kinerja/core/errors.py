"""Domain errors that carry the rule id and field (GEN-2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def rule_error(rule: str, message: str, field: str | None = None) -> ValidationError:
    """A ValidationError whose code is the rule id; keyed by field when there is one."""
    error = ValidationError(message, code=rule)
    if field:
        return ValidationError({field: [error]})
    return error
