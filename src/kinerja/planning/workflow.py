"""The PLAN-20 plan workflow as data: (from status, action) -> (to status, who). Pure, no ORM.

``kinerja.planning.services.transitions.plan_transition`` is the one service that applies it: it
works out in which capacities the acting user stands towards the plan (``Capacity``), looks the
step up here, runs the rule checks of the step, sets the status, writes the PlanEvent and the
audit entry and schedules the notifications.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.planning.choices import PlanAction, PlanStatus


class Capacity:
    """In which role a user acts on one plan (derived per plan, never stored)."""

    EMPLOYEE = "EMPLOYEE"  # the plan's employee (or HR for a plan set under PLAN-24)
    APPROVER = "APPROVER"  # PLAN-21 appraiser / PLAN-22 approver (or HR on their behalf)
    HR_ADMIN = "HR_ADMIN"  # pengelola kinerja of the plan's agency (ORG-9 scope)
    SYSTEM = "SYSTEM"  # the system itself (end of period, transfer, superseded revision)


@dataclass(frozen=True)
class Step:
    to_status: str
    who: frozenset[str]
    note_required: bool = False


TRANSITIONS: dict[tuple[str, str], Step] = {
    (PlanStatus.DRAFT, PlanAction.SUBMIT): Step(
        PlanStatus.SUBMITTED, frozenset({Capacity.EMPLOYEE})
    ),
    (PlanStatus.SUBMITTED, PlanAction.REVIEW): Step(
        PlanStatus.SUBMITTED, frozenset({Capacity.HR_ADMIN})
    ),
    (PlanStatus.SUBMITTED, PlanAction.REJECT): Step(
        PlanStatus.REJECTED, frozenset({Capacity.APPROVER}), note_required=True
    ),
    (PlanStatus.REJECTED, PlanAction.REOPEN): Step(
        PlanStatus.DRAFT, frozenset({Capacity.EMPLOYEE})
    ),
    (PlanStatus.SUBMITTED, PlanAction.APPROVE): Step(
        PlanStatus.APPROVED, frozenset({Capacity.APPROVER})
    ),
    (PlanStatus.APPROVED, PlanAction.CLOSE): Step(
        PlanStatus.CLOSED, frozenset({Capacity.SYSTEM, Capacity.HR_ADMIN})
    ),
}

# PLAN-20: plan content (work results, indicators, targets, expectations, annex) is editable
# only in DRAFT.
EDITABLE_STATUSES: frozenset[str] = frozenset({PlanStatus.DRAFT})


def step_for(status: str, action: str) -> Step | None:
    """The step for ``action`` from ``status``; None when the table has no such transition."""
    return TRANSITIONS.get((status, action))


def allowed_actions(status: str, capacities: frozenset[str] | set[str]) -> list[str]:
    """Actions a user acting in ``capacities`` may try from ``status`` (checks not yet run)."""
    return [
        action
        for (from_status, action), step in TRANSITIONS.items()
        if from_status == status and step.who & set(capacities)
    ]


def is_editable(status: str) -> bool:
    return status in EDITABLE_STATUSES


# Cycle status table (PLAN-1): one way, HR administrator only.
CYCLE_TRANSITIONS: dict[str, frozenset[str]] = {
    "PLANNING": frozenset({"RUNNING"}),
    "RUNNING": frozenset({"EVALUATING"}),
    "EVALUATING": frozenset({"CLOSED"}),
    "CLOSED": frozenset(),
}


def cycle_step_allowed(from_status: str, to_status: str) -> bool:
    return to_status in CYCLE_TRANSITIONS.get(from_status, frozenset())
