"""Agency settings (GEN-3, rules.md Section 10): keys, defaults and typed access.

Settings are stored per Agency in ``Agency.settings`` and copied onto each Cycle when it opens.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    "timezone": "Asia/Jakarta",
    "aspect_cost_enabled": False,
    "pppk_nip_display": "UNGROUPED",
    "min_age_at_appointment": None,
    "supports_cardinality": "ONE",
    "three_aspect_check": "WARN",
    "behaviour_expectation_required": False,
    "annex_lists_may_be_empty": True,
    "hr_review_before_approval": True,
    "jpt_approver_independent_unit_head": "TOP",  # minister (central) / Kepala Daerah (regional)
    "plan_approval_deadline": "01-31",
    "plan_escalation_date": "01-14",
    "joiner_plan_deadline": None,
    "planning_exempt_statuses": ["STATE_OFFICIAL", "SUSPENDED", "UNPAID_LEAVE", "PRE_RETIREMENT"],
    "checkpoint_grid": "MONTHLY",
    "checkpoint_labels": None,  # EXEC-2: None = JANUARI…/TRIWULAN I…/SEMESTER I…/AKHIR
    "ja_jf_row_grouping": True,
}


def agency_setting(agency: Any, key: str) -> Any:
    """The agency's value for ``key``, or the shipped default."""
    if key not in DEFAULTS:
        raise KeyError(key)
    return (agency.settings or {}).get(key, DEFAULTS[key])


def effective_settings(agency: Any) -> dict[str, Any]:
    return {**DEFAULTS, **(agency.settings or {})}
