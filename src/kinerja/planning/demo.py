"""Planning part of the demo agency (issue #3 item 11). Filled in by the planning work."""

from __future__ import annotations

from typing import Any


def build_planning_demo(agency: Any, *, stdout: Any = None) -> None:
    """Open a running cycle and create plans in every workflow state for ``agency``."""
    return None
