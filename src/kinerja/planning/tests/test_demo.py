"""The planning demo: a running cycle with cascading plans in several states, idempotent."""

from __future__ import annotations

import io

import pytest

from kinerja.planning.demo import build_planning_demo
from kinerja.planning.models import Cycle, Dialogue, PerformancePlan, PlanEvent, WorkResult
from kinerja.planning.tests.factories import build_org

pytestmark = pytest.mark.django_db


def test_demo_builds_a_running_cycle_with_cascading_plans_and_is_idempotent():
    org = build_org()
    out = io.StringIO()
    build_planning_demo(org.agency, stdout=out)
    cycle = Cycle.objects.get(agency=org.agency, year=2026)
    assert cycle.status == "RUNNING"
    statuses = dict(
        PerformancePlan.objects.filter(cycle=cycle).values_list("employee__name", "status")
    )
    assert statuses["Sekda"] == statuses["Kadis"] == "APPROVED"
    staff_rhk = WorkResult.objects.filter(plan__employee=org.staff).first()
    assert staff_rhk.supports.plan.employee_id == org.kabid.pk  # PLAN-8 cascade
    assert Dialogue.objects.filter(plan__cycle=cycle, topic="PLANNING").exists()
    assert "Perencanaan 2026" in out.getvalue()
    counts = (
        PerformancePlan.objects.count(),
        WorkResult.objects.count(),
        PlanEvent.objects.count(),
    )
    build_planning_demo(org.agency, stdout=out)
    assert (
        PerformancePlan.objects.count(),
        WorkResult.objects.count(),
        PlanEvent.objects.count(),
    ) == counts
    assert "sudah ada" in out.getvalue()
