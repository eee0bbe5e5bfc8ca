"""Scoped reads: plan visibility, cascade tree, completion dashboard, supportable RHKs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import Role
from kinerja.core.testing import make_agency, make_employee, make_position, make_user
from kinerja.planning.choices import CORE_VALUES
from kinerja.planning.models import PerformancePlan
from kinerja.planning.selectors import (
    cascade_subtree,
    cascade_tree,
    completion_by_unit,
    completion_totals,
    plan_detail,
    plan_get_for_user,
    plan_list_visible_to,
    supportable_work_results,
)
from kinerja.planning.services.cycles import cycle_generate_plans
from kinerja.planning.services.plans import plan_revise
from kinerja.planning.tests.factories import (
    add_work_result,
    approved_chain,
    build_org,
    make_ready,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


def _visible(user, cycle):
    return set(
        plan_list_visible_to(user).filter(cycle=cycle).values_list("employee__name", flat=True)
    )


def test_employee_sees_own_supervisor_sees_staff_hr_sees_agency():
    org = build_org()
    cycle = open_cycle(org)
    assert _visible(org.users["staff"], cycle) == {"Staf"}
    assert _visible(org.users["kabid"], cycle) == {"Kabid", "Staf", "Analis"}
    assert _visible(org.users["kadis"], cycle) == {"Kadis", "Kabid", "Staf", "Analis"}
    assert _visible(org.hr, cycle) == {"Sekda", "Kadis", "Kabid", "Staf", "Analis"}
    auditor = make_user(agency=org.agency, roles=(Role.AUDITOR,))
    assert len(_visible(auditor, cycle)) == 5


def test_other_agency_sees_nothing_and_gets_404():
    org = build_org()
    cycle = open_cycle(org)
    other = make_agency("lain")
    stranger = make_user(agency=other, roles=(Role.HR_ADMIN,))
    assert _visible(stranger, cycle) == set()
    with pytest.raises(Http404):
        plan_get_for_user(stranger, plan_of(org.staff, cycle).pk)


def test_colleague_gets_404_and_auditor_cannot_write():
    org = build_org()
    cycle = open_cycle(org)
    staff_plan = plan_of(org.staff, cycle)
    with pytest.raises(Http404):
        plan_get_for_user(org.users["jf"], staff_plan.pk)
    auditor = make_user(agency=org.agency, roles=(Role.AUDITOR,))
    assert plan_get_for_user(auditor, staff_plan.pk) == staff_plan
    with pytest.raises(PermissionDenied):
        plan_get_for_user(auditor, staff_plan.pk, write=True)
    assert plan_get_for_user(org.users["kabid"], staff_plan.pk, write=True) == staff_plan


def test_plan_detail_has_behaviour_rows_with_guides_and_annex_sections():
    org = build_org()
    chain = approved_chain(org)
    detail = plan_detail(chain.kabid)
    assert [b.value.code for b in detail.behaviour] == [v.code for v in CORE_VALUES]
    assert len(detail.behaviour[0].value.guide_behaviours) == 3
    assert list(detail.annex) == ["RESOURCE_SUPPORT", "ACCOUNTABILITY_SCHEME", "CONSEQUENCES"]
    assert [r.pk for r in detail.work_results] == [chain.kabid_rhk.pk]
    assert [e.action for e in detail.events] == ["create", "submit", "review", "approve"]


def test_supportable_work_results_are_the_appraisers_plan_in_force_PLAN_8_PLAN_9():
    """PLAN-8, PLAN-9."""
    org = build_org()
    chain = approved_chain(org)
    assert supportable_work_results(chain.staff) == [chain.kabid_rhk]
    plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    assert supportable_work_results(chain.staff) == [chain.kabid_rhk]  # approved stays in force


def test_cascade_tree_runs_top_down_with_links_and_gaps():
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    extra = add_work_result(chain.kabid, "RHK yang belum didukung", supports=chain.kadis_rhk)
    tree = cascade_tree(chain.cycle)
    assert [n.employee_name for n in tree.roots] == ["Sekda"]
    walk = [(n.employee_name, n.depth) for n in tree.walk()]
    assert walk[:3] == [("Sekda", 0), ("Kadis", 1), ("Kabid", 2)]
    kabid = next(n for n in tree.walk() if n.employee_name == "Kabid")
    supported = next(r for r in kabid.work_results if r.id == chain.kabid_rhk.pk)
    assert [s[1] for s in supported.supported_by] == ["Staf"]
    assert [r.id for r in kabid.unsupported] == [extra.pk]


def test_cascade_tree_lists_staff_without_a_plan():
    org = build_org()
    cycle = open_cycle(org)
    newcomer_position = make_position(org.staff_pos.unit, "Pengelola", reports_to=org.kabid_pos)
    make_employee(org.agency, "Belum Punya SKP", position=newcomer_position)
    tree = cascade_tree(cycle)
    assert [w[1] for w in tree.without_plan] == ["Belum Punya SKP"]
    kabid = next(n for n in tree.walk() if n.employee_name == "Kabid")
    assert [w[1] for w in kabid.staff_without_plan] == ["Belum Punya SKP"]


def test_cascade_tree_uses_a_fixed_number_of_queries():
    org = build_org()
    cycle = open_cycle(org)
    with CaptureQueriesContext(connection) as small:
        cascade_tree(cycle)
    for n in range(15):
        position = make_position(org.staff_pos.unit, f"Staf {n}", reports_to=org.kabid_pos)
        make_employee(org.agency, f"Staf {n}", position=position)
    cycle_generate_plans(actor=org.hr, cycle=cycle)
    for plan in PerformancePlan.objects.filter(cycle=cycle, family="JA_JF"):
        add_work_result(plan, "RHK")
    with CaptureQueriesContext(connection) as large:
        tree = cascade_tree(cycle)
    assert tree.nodes == 20
    assert len(small.captured_queries) == len(large.captured_queries)


def test_cascade_subtree_skips_a_vacant_position_and_counts_the_whole_subtree():
    org = build_org()
    vacant = make_position(org.staff_pos.unit, "Kepala Seksi", reports_to=org.kabid_pos)
    below_vacant = make_position(org.staff_pos.unit, "Staf Seksi", reports_to=vacant)
    make_employee(org.agency, "Staf Seksi", position=below_vacant)
    cycle = open_cycle(org)
    make_employee(
        org.agency,
        "Belum Punya SKP",
        position=make_position(org.staff_pos.unit, "Pengelola", reports_to=below_vacant),
    )

    top = cascade_subtree(cycle, depth=1)
    kabid = cascade_subtree(cycle, root_plan=plan_of(org.kabid, cycle).pk)

    assert [(n.employee_name, n.level) for n in top.walk()] == [("Sekda", 0), ("Kadis", 1)]
    [kadis] = top.roots[0].children
    assert (kadis.descendants, kadis.without_plan_count, kadis.children_hidden) == (4, 1, True)
    assert (top.plans, top.without_plan) == (6, 1)
    assert [(n.employee_name, n.level) for n in kabid.walk()] == [
        ("Kabid", 0),
        ("Staf", 1),
        ("Analis", 1),
        ("Staf Seksi", 1),
    ]
    seksi = kabid.walk()[-1]
    assert [name for _id, name, _pos in seksi.staff_without_plan] == ["Belum Punya SKP"]
    assert [name for _pk, name, _pos in kabid.ancestors] == ["Sekda", "Kadis"]


def test_cascade_subtree_flags_plans_blocked_by_the_leaders_plan_PLAN_9():
    """PLAN-9: a draft under a leader plan that is not approved is flagged, the root too."""
    org = build_org()
    cycle = open_cycle(org)

    top = cascade_subtree(cycle)
    kadis = cascade_subtree(cycle, root_plan=plan_of(org.kadis, cycle).pk, depth=0)

    assert [(n.employee_name, n.blocked) for n in top.walk()] == [
        ("Sekda", False),
        ("Kadis", True),
        ("Kabid", True),
    ]
    assert top.roots[0].blocked_count == 4
    assert (top.blocked, kadis.roots[0].blocked, kadis.roots[0].children) == (4, True, [])


def test_cascade_subtree_of_a_plan_outside_the_cycle_is_404():
    org = build_org()
    cycle = open_cycle(org)
    other = open_cycle(org, year=2027)

    with pytest.raises(Http404):
        cascade_subtree(other, root_plan=plan_of(org.kabid, cycle).pk)


def test_cascade_subtree_uses_a_fixed_number_of_queries():
    org = build_org()
    cycle = open_cycle(org)
    root = plan_of(org.kadis, cycle).pk
    with CaptureQueriesContext(connection) as small_top:
        cascade_subtree(cycle)
    with CaptureQueriesContext(connection) as small_root:
        cascade_subtree(cycle, root_plan=root)
    for n in range(15):
        position = make_position(org.staff_pos.unit, f"Staf {n}", reports_to=org.kabid_pos)
        make_employee(org.agency, f"Staf {n}", position=position)
    cycle_generate_plans(actor=org.hr, cycle=cycle)
    for plan in PerformancePlan.objects.filter(cycle=cycle, family="JA_JF"):
        add_work_result(plan, "RHK")
    with CaptureQueriesContext(connection) as large_top:
        top = cascade_subtree(cycle)
    with CaptureQueriesContext(connection) as large_root:
        below = cascade_subtree(cycle, root_plan=root)
    assert (top.plans, top.shown, below.plans, below.shown) == (20, 3, 19, 19)
    assert len(small_top) == len(large_top)
    assert len(small_root) == len(large_root)


def test_completion_by_unit_counts_and_flags_PLAN_29_PLAN_9_PLAN_19_PLAN_23():
    """PLAN-29, PLAN-9, PLAN-19, PLAN-23."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    add_work_result(chain.jf, "RHK analis")  # draft, no dialogue
    newcomer_position = make_position(org.staff_pos.unit, "Pengelola", reports_to=org.kabid_pos)
    make_employee(org.agency, "Belum Mulai", position=newcomer_position)
    exempt_position = make_position(org.staff_pos.unit, "Cuti", reports_to=org.kabid_pos)
    make_employee(org.agency, "Pegawai CLTN", position=exempt_position, status="UNPAID_LEAVE")
    units = completion_by_unit(chain.cycle, org.hr, today=dt.date(2026, 2, 10))
    bidang = next(u for u in units if u.unit_name == "Bidang Pendidikan Dasar")
    rows = {r.name: r for r in bidang.rows}
    assert "Pegawai CLTN" not in rows  # PLAN-27
    assert bidang.counts == {
        "NOT_STARTED": 1,
        "DRAFT": 2,
        "SUBMITTED": 0,
        "REJECTED": 0,
        "APPROVED": 1,
    }
    assert rows["Belum Mulai"].escalated is True
    assert rows["Analis"].missing_dialogue is True
    assert rows["Staf"].missing_dialogue is False
    assert rows["Staf"].late is True  # after 31 January, not approved
    assert rows["Kabid"].late is False
    assert completion_totals(units)["APPROVED"] == 3


def test_completion_shows_blocked_by_supervisor_PLAN_9():
    """PLAN-9."""
    org = build_org()
    cycle = open_cycle(org)
    units = completion_by_unit(cycle, org.hr, today=dt.date(2026, 1, 10))
    rows = {r.name: r for u in units for r in u.rows}
    assert rows["Staf"].status == "NOT_STARTED"  # generated at opening, nothing drafted yet
    assert rows["Staf"].plan_id is not None
    assert rows["Staf"].blocked_by_supervisor is True  # the Kabid's plan is not approved
    assert rows["Sekda"].blocked_by_supervisor is False  # appraised by the Bupati
    assert rows["Staf"].late is False
    assert rows["Staf"].escalated is False


def test_completion_is_limited_to_the_users_scope_PLAN_29():
    """PLAN-29."""
    org = build_org()
    cycle = open_cycle(org)
    units = completion_by_unit(cycle, org.users["kabid"], today=dt.date(2026, 1, 10))
    assert {r.name for u in units for r in u.rows} == {"Kabid", "Staf", "Analis"}
    assert completion_by_unit(cycle, org.users["staff"], today=dt.date(2026, 1, 10))[0].total == 1


def test_joiner_is_missing_but_not_late_without_a_joiner_deadline_PLAN_26_PLAN_23():
    """PLAN-26: default no deadline for joiners; a configured one (days) applies."""
    org = build_org()
    cycle = open_cycle(org)
    position = make_position(org.staff_pos.unit, "Pengelola Baru", reports_to=org.kabid_pos)
    make_employee(org.agency, "Pegawai Baru", position=position, start=dt.date(2026, 5, 4))
    rows = {
        r.name: r
        for u in completion_by_unit(cycle, org.hr, today=dt.date(2026, 6, 30))
        for r in u.rows
    }
    assert rows["Pegawai Baru"].status == "NOT_STARTED"
    assert (rows["Pegawai Baru"].late, rows["Pegawai Baru"].escalated) == (False, False)
    assert rows["Staf"].late is True
    cycle.settings_snapshot = {**cycle.settings_snapshot, "joiner_plan_deadline": 30}
    cycle.save()
    rows = {
        r.name: r
        for u in completion_by_unit(cycle, org.hr, today=dt.date(2026, 6, 30))
        for r in u.rows
    }
    assert (rows["Pegawai Baru"].late, rows["Pegawai Baru"].escalated) == (True, True)


def test_cascade_siblings_follow_numeric_position_paths_not_string_order():
    """Regression (PostgreSQL run): "/1/102/" sorted before "/1/98/" as strings."""
    from kinerja.planning.selectors import _path_numbers

    paths = ["/1/102/", "/1/98/", "/1/98/1000/", "/1/"]
    assert sorted(paths, key=_path_numbers) == ["/1/", "/1/98/", "/1/98/1000/", "/1/102/"]
