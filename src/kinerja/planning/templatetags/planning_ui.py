"""Presentation filters of the planning pages (no rules here)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from kinerja.planning.choices import CompletionStatus, PlanAction, PlanStatus
from kinerja.planning.documents.formatting import target_id

register = template.Library()

OTHER_ACTIONS = {"create": _("Dibuat"), "revise": _("Revisi"), "transfer": _("Mutasi")}
STATUS_BADGE = {"APPROVED": "ok", "SUBMITTED": "warn", "REJECTED": "bad"}


@register.filter
def target(indicator: Any) -> str:
    """An indicator's target as written on the SKP: ``2 Dokumen``, ``80 – 100 %`` or the text."""
    return target_id(
        indicator.target_kind,
        value=indicator.target_value,
        minimum=indicator.target_min,
        maximum=indicator.target_max,
        unit=indicator.target_unit,
        text=indicator.target_text,
    )


@register.filter
def status_badge(status: str) -> str:
    """The badge class of a plan or completion status."""
    return STATUS_BADGE.get(str(status), "")


@register.filter
def status_label(code: str) -> str:
    """The display label of a plan status code (PLAN-20)."""
    return str(PlanStatus(code).label) if code in PlanStatus.values else code


@register.filter
def action_label(code: str) -> str:
    """The display label of a workflow action (``create`` is not in the table)."""
    if code in PlanAction.values:
        return str(PlanAction(code).label)
    return str(OTHER_ACTIONS.get(code, code))


@register.filter
def completion_label(code: str) -> str:
    """The display label of a PLAN-29 completion status."""
    return str(CompletionStatus(code).label) if code in CompletionStatus.values else code


@register.filter
def problem_text(problem: Any) -> str:
    """A rule problem's message with its rule id (GEN-2), once."""
    message = str(problem.message)
    return message if problem.rule in message else f"{message} ({problem.rule})"
