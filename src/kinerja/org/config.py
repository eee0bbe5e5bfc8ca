"""Agency settings (GEN-3, rules.md Section 10): keys, defaults and typed access.

Settings are stored per Agency in ``Agency.settings`` and copied onto each Cycle when it opens.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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


# --- what HR may edit ------------------------------------------------------------------------
# Each app registers the settings its rules read (AppConfig.ready), so org, the lowest app, names
# no choice list of the apps above it. A key without a spec keeps its default and is not shown.


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: Any  # a lazy translation
    rule: str
    kind: str  # "bool" | "choice" | "choices" | "int" | "month_day"
    choices: Callable[[], Sequence[tuple[str, Any]]] | None = None
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False  # None is a value: "no check", "no deadline"


SETTING_SPECS: dict[str, SettingSpec] = {}
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def register_settings(*specs: SettingSpec) -> None:
    for spec in specs:
        if spec.key not in DEFAULTS:
            raise KeyError(spec.key)
        SETTING_SPECS[spec.key] = spec


def _invalid(spec: SettingSpec, message: str) -> ValidationError:
    return ValidationError({spec.key: [ValidationError(message, code="GEN-3")]})


def clean_setting(key: str, raw: Any) -> Any:
    """The stored form of ``raw`` for ``key``; ValidationError (code GEN-3) when it is not one."""
    spec = SETTING_SPECS.get(key)
    if spec is None:
        unknown = ValidationError(_("Pengaturan tidak dikenal: %(key)s.") % {"key": key}, "GEN-3")
        raise ValidationError({key: [unknown]})
    if raw in (None, "") and spec.optional:
        return None
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise _invalid(spec, _("Isi dengan ya atau tidak (true/false)."))
    allowed = [code for code, _label in spec.choices()] if spec.choices else []
    if spec.kind == "choice":
        if isinstance(raw, str) and raw in allowed:
            return raw
        raise _invalid(
            spec, _("Pilih salah satu dari: %(allowed)s.") % {"allowed": ", ".join(allowed)}
        )
    if spec.kind == "choices":
        if isinstance(raw, list | tuple) and all(isinstance(v, str) and v in allowed for v in raw):
            return [code for code in allowed if code in raw]  # list order, no repeats
        raise _invalid(spec, _("Pilih di antara: %(allowed)s.") % {"allowed": ", ".join(allowed)})
    if spec.kind == "int":
        value = raw
        if isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            raise _invalid(spec, _("Isi dengan bilangan bulat."))
        if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum
        ):
            raise _invalid(
                spec,
                _("Isi dengan bilangan %(min)s–%(max)s.")
                % {"min": spec.minimum, "max": spec.maximum},
            )
        return value
    if spec.kind == "month_day":
        match = _MONTH_DAY.match(raw.strip()) if isinstance(raw, str) else None
        if match and _real_month_day(int(match.group(1)), int(match.group(2))):
            return raw.strip()
        raise _invalid(spec, _("Isi dengan tanggal dalam bentuk BB-HH, misalnya 01-31."))
    raise ValueError(spec.kind)


def _real_month_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2001, month)[1]  # no 29 Feb


def agency_setting_rows(agency: Any) -> list[tuple[SettingSpec, Any]]:
    """(spec, value in force) of every registered setting, in registration order."""
    values = effective_settings(agency)
    return [(spec, values[key]) for key, spec in SETTING_SPECS.items()]


def setting_display(spec: SettingSpec, value: Any) -> str:
    """A value as people read it: labels for codes, "ya"/"tidak", "–" for none."""
    if value is None or value == []:
        return "–"
    if spec.kind == "bool":
        return str(_("ya") if value else _("tidak"))
    if spec.choices is not None:
        labels = {code: str(label) for code, label in spec.choices()}
        codes = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(code, code) for code in codes)
    return str(value)
