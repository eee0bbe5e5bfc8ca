"""Cycle opening: checkpoints, frozen settings, set-based idempotent plan generation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.models import AuditEntry
from kinerja.core.testing import make_employee, make_position, make_unit
from kinerja.people.models import Assignment
from kinerja.planning.choices import CORE_VALUES
from kinerja.planning.models import (
    BehaviourExpectation,
    Checkpoint,
    Cycle,
    Dialogue,
    PerformancePlan,
)
from kinerja.planning.services.cycles import (
    cycle_apply_settings,
    cycle_generate_plans,
    cycle_open,
    cycle_transition,
)
from kinerja.planning.tests.factories import build_org, first_rule, open_cycle, plan_of

pytestmark = pytest.mark.django_db


def test_open_creates_cycle_with_default_dates_and_deadlines_PLAN_1_PLAN_23():
    """PLAN-1, PLAN-23."""
    org = build_org()
    cycle = open_cycle(org)
    assert (cycle.start_date, cycle.end_date) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert cycle.plan_approval_deadline == dt.date(2026, 1, 31)
    assert cycle.plan_escalation_date == dt.date(2026, 1, 14)
    assert cycle.status == "PLANNING"


def test_second_cycle_same_year_rejected_PLAN_1():
    """PLAN-1."""
    org = build_org()
    open_cycle(org)
    with pytest.raises(ValidationError) as error:
        open_cycle(org)
    assert error.value.error_dict["year"][0].code == "PLAN-1"
    assert Cycle.objects.count() == 1


def test_monthly_grid_gives_twelve_months_plus_akhir_EXEC_1_EXEC_2():
    """EXEC-1, EXEC-2."""
    org = build_org()
    cycle = open_cycle(org)
    labels = list(Checkpoint.objects.filter(cycle=cycle).values_list("label", "kind"))
    assert labels[0] == ("JANUARI", "PERIODIC")
    assert labels[11] == ("DESEMBER", "PERIODIC")
    assert labels[12] == ("AKHIR", "ANNUAL")
    assert len(labels) == 13
    feb = Checkpoint.objects.get(cycle=cycle, label="FEBRUARI")
    assert (feb.start_date, feb.end_date) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


@pytest.mark.parametrize(
    ("grid", "expected"),
    [
        ("QUARTERLY", ["TRIWULAN I", "TRIWULAN II", "TRIWULAN III", "TRIWULAN IV", "AKHIR"]),
        ("SEMESTER", ["SEMESTER I", "SEMESTER II", "AKHIR"]),
    ],
)
def test_other_grids_and_labels_EXEC_1_EXEC_2_REF_17(grid, expected):
    """EXEC-1, EXEC-2, REF-17."""
    org = build_org()
    cycle = open_cycle(org, grid=grid)
    assert list(cycle.checkpoints.values_list("label", flat=True)) == expected
    q3 = cycle.checkpoints.first()
    assert q3.start_date == dt.date(2026, 1, 1)


def test_unknown_grid_rejected_and_nothing_saved_REF_17():
    """REF-17."""
    org = build_org()
    with pytest.raises(ValidationError) as error:
        open_cycle(org, grid="WEEKLY")
    assert error.value.error_dict["checkpoint_grid"][0].code == "EXEC-1"
    assert Cycle.objects.count() == 0
    assert PerformancePlan.objects.count() == 0


def test_settings_frozen_at_opening_GEN_3():
    """GEN-3."""
    org = build_org()
    org.agency.settings = {"three_aspect_check": "BLOCK"}
    org.agency.save()
    cycle = open_cycle(org)
    org.agency.settings = {"three_aspect_check": "OFF"}
    org.agency.save()
    cycle.refresh_from_db()
    assert cycle.setting("three_aspect_check") == "BLOCK"
    assert cycle.settings_snapshot["hr_review_before_approval"] is True


def test_apply_settings_to_open_cycle_is_explicit_and_audited_GEN_3():
    """GEN-3."""
    org = build_org()
    cycle = open_cycle(org)
    with pytest.raises(ValidationError):
        cycle_apply_settings(
            actor=org.hr, cycle=cycle, changes={"three_aspect_check": "OFF"}, reason=" "
        )
    cycle_apply_settings(
        actor=org.hr, cycle=cycle, changes={"three_aspect_check": "OFF"}, reason="Keputusan BKPSDM"
    )
    cycle.refresh_from_db()
    assert cycle.setting("three_aspect_check") == "OFF"
    entry = AuditEntry.objects.filter(object_type="planning.cycle", reason="Keputusan BKPSDM").get()
    assert entry.changes == {"three_aspect_check": ["WARN", "OFF"]}


def test_opening_creates_draft_plans_with_family_and_appraiser_PLAN_3_ORG_6():
    """PLAN-3, ORG-6."""
    org = build_org()
    cycle = open_cycle(org)
    assert PerformancePlan.objects.filter(cycle=cycle).count() == 5
    staff = plan_of(org.staff)
    assert staff.status == "DRAFT"
    assert staff.family == "JA_JF"
    assert staff.appraiser_id == org.kabid.pk
    assert (staff.period_start, staff.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    kadis = plan_of(org.kadis)
    assert kadis.family == "JPT"
    assert kadis.appraiser_id == org.sekda.pk
    sekda = plan_of(org.sekda)
    assert sekda.appraiser_id is None  # top of the tree: appraised by the Kepala Daerah
    assert sekda.appraiser_official_id == org.bupati.pk  # ORG-6/ORG-7, by reference
    assert sekda.approver_official_id == org.bupati.pk  # PLAN-22 regional


def test_every_plan_gets_seven_behaviour_rows_in_ref_5_order_PLAN_16():
    """PLAN-16."""
    org = build_org()
    open_cycle(org)
    rows = list(
        BehaviourExpectation.objects.filter(plan=plan_of(org.staff)).values_list("order", "value")
    )
    assert rows == [(v.order, v.code) for v in CORE_VALUES]
    assert BehaviourExpectation.objects.count() == 5 * 7


def test_generation_is_idempotent():
    org = build_org()
    cycle = open_cycle(org)
    assert cycle_generate_plans(actor=org.hr, cycle=cycle) == 0
    assert PerformancePlan.objects.count() == 5
    assert BehaviourExpectation.objects.count() == 35


def test_generation_picks_up_a_joiner_later_with_period_from_assignment_start_PLAN_26():
    """PLAN-26."""
    org = build_org()
    cycle = open_cycle(org)
    position = make_position(org.staff_pos.unit, "Pengelola Data", reports_to=org.kabid_pos)
    joiner = make_employee(org.agency, "Baru", position=position, start=dt.date(2026, 4, 1))
    calls = []
    assert (
        cycle_generate_plans(
            actor=org.hr, cycle=cycle, progress=lambda done, total: calls.append((done, total))
        )
        == 1
    )
    plan = plan_of(joiner)
    assert plan.period_start == dt.date(2026, 4, 1)
    assert plan.appraiser_id == org.kabid.pk
    assert calls[0] == (0, 1)
    assert calls[-1] == (1, 1)


def test_exempt_statuses_are_skipped_study_leave_is_not_PLAN_27():
    """PLAN-27."""
    org = build_org()
    org.staff.status = "UNPAID_LEAVE"
    org.staff.save()
    org.jf.status = "STUDY_LEAVE"
    org.jf.save()
    cycle = open_cycle(org)
    assert not PerformancePlan.objects.filter(cycle=cycle, employee=org.staff).exists()
    assert PerformancePlan.objects.filter(cycle=cycle, employee=org.jf).exists()


def test_exempt_statuses_follow_the_agency_setting_PLAN_27():
    """PLAN-27."""
    org = build_org()
    org.agency.settings = {"planning_exempt_statuses": ["STUDY_LEAVE"]}
    org.agency.save()
    org.staff.status = "UNPAID_LEAVE"
    org.staff.save()
    org.jf.status = "STUDY_LEAVE"
    org.jf.save()
    cycle = open_cycle(org)
    assert PerformancePlan.objects.filter(cycle=cycle, employee=org.staff).exists()
    assert not PerformancePlan.objects.filter(cycle=cycle, employee=org.jf).exists()


def test_inactive_unit_gets_no_plans_ORG_2():
    """ORG-2."""
    org = build_org()
    closed = make_unit(org.agency, "Unit Lama", parent=org.kadis_pos.unit)
    position = make_position(closed, "Staf Lama", reports_to=org.kadis_pos)
    old = make_employee(org.agency, "Lama", position=position)
    closed.is_active = False
    closed.save()
    cycle = open_cycle(org)
    assert not PerformancePlan.objects.filter(cycle=cycle, employee=old).exists()


def _grow(org, count):
    for n in range(count):
        position = make_position(org.staff_pos.unit, f"Staf {n}", reports_to=org.kabid_pos)
        make_employee(org.agency, f"Staf {n}", position=position)


def _open_counting(code, extra):
    org = build_org(code)
    _grow(org, extra)
    with CaptureQueriesContext(connection) as ctx:
        result = cycle_open(actor=org.hr, agency=org.agency, year=2026)
    assert result.plans_created == 5 + extra
    inserts = [q for q in ctx.captured_queries if "INSERT INTO" in q["sql"][:30]]
    return len(inserts), len(ctx.captured_queries)


def test_opening_is_set_based_query_count_does_not_grow():
    """10 and 60 employees: the same number of queries and INSERT statements."""
    small = _open_counting("small", 5)
    large = _open_counting("large", 55)
    assert small == large
    # cycle, checkpoints, 2 audit entries, plans, behaviour rows, plan events
    assert small[0] == 7


def test_only_hr_opens_a_cycle():
    org = build_org()
    with pytest.raises(PermissionDenied):
        cycle_open(actor=org.users["kabid"], agency=org.agency, year=2026)
    assert Cycle.objects.count() == 0


def test_cycle_status_steps_one_way_and_audited_PLAN_1():
    """PLAN-1."""
    org = build_org()
    cycle = open_cycle(org)
    cycle_transition(actor=org.hr, cycle=cycle, to_status="RUNNING")
    with pytest.raises(ValidationError):
        cycle_transition(actor=org.hr, cycle=cycle, to_status="PLANNING")
    cycle.refresh_from_db()
    assert cycle.status == "RUNNING"
    entry = AuditEntry.objects.get(object_type="planning.cycle", action="TRANSITION")
    assert entry.changes == {"status": ["PLANNING", "RUNNING"]}


def test_ended_assignment_before_opening_gets_no_plan():
    org = build_org()
    Assignment.objects.filter(employee=org.jf).update(end_date=dt.date(2025, 12, 31))
    cycle = open_cycle(org)
    assert not PerformancePlan.objects.filter(cycle=cycle, employee=org.jf).exists()


def test_user_without_rights_cannot_generate():
    org = build_org()
    cycle = open_cycle(org)
    with pytest.raises(PermissionDenied):
        cycle_generate_plans(actor=org.users["staff"], cycle=cycle)


def test_custom_labels_and_duplicate_labels_rejected_EXEC_2():
    """EXEC-2: labels are configurable; an empty or repeated label is rejected."""
    org = build_org()
    org.agency.settings = {
        "checkpoint_labels": {"SEMESTER": ["SMT 1", "SMT 2"], "ANNUAL": "TAHUNAN"}
    }
    org.agency.save()
    cycle = open_cycle(org, grid="SEMESTER")
    assert list(cycle.checkpoints.values_list("label", flat=True)) == ["SMT 1", "SMT 2", "TAHUNAN"]
    org.agency.settings = {"checkpoint_labels": {"QUARTERLY": ["Q", "Q", "Q3", "Q4"]}}
    org.agency.save()
    with pytest.raises(ValidationError) as error:
        open_cycle(org, year=2027, grid="QUARTERLY")
    assert first_rule(error.value) == "EXEC-2"
    assert not Cycle.objects.filter(year=2027).exists()


def test_grid_change_on_an_open_cycle_regenerates_checkpoints_until_data_exists_GEN_3():
    """GEN-3, EXEC-3: the grid changes explicitly while nothing refers to the checkpoints."""
    org = build_org()
    cycle = open_cycle(org)
    cycle_apply_settings(
        actor=org.hr,
        cycle=cycle,
        changes={"checkpoint_grid": "QUARTERLY"},
        reason="Penilaian triwulanan",
    )
    cycle.refresh_from_db()
    assert cycle.checkpoint_grid == "QUARTERLY"
    assert cycle.checkpoints.count() == 5
    staff = plan_of(org.staff)
    Dialogue.objects.create(
        agency=org.agency,
        plan=staff,
        checkpoint=cycle.checkpoints.first(),
        date=dt.date(2026, 3, 1),
        topic="MONITORING",
        employee=org.staff,
        appraiser=org.kabid,
    )
    with pytest.raises(ValidationError) as error:
        cycle_apply_settings(
            actor=org.hr,
            cycle=cycle,
            changes={"checkpoint_grid": "MONTHLY"},
            reason="Kembali bulanan",
        )
    assert first_rule(error.value) == "GEN-3"
    cycle.refresh_from_db()
    assert cycle.checkpoint_grid == "QUARTERLY"
    assert cycle.checkpoints.count() == 5
