"""PLAN-20 workflow: the transition table, who may act, and the checks on each step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kinerja.core.models import AuditEntry
from kinerja.planning.choices import PlanAction, PlanStatus
from kinerja.planning.models import Notification, PerformancePlan, PlanEvent
from kinerja.planning.services.transitions import plan_capacities, plan_transition
from kinerja.planning.tests.factories import (
    TODAY,
    add_planning_dialogue,
    add_work_result,
    approved_chain,
    build_org,
    first_rule,
    make_ready,
    open_cycle,
    plan_of,
    rule_codes,
)
from kinerja.planning.workflow import TRANSITIONS, Capacity, allowed_actions, step_for

pytestmark = pytest.mark.django_db

STATUSES = [s.value for s in PlanStatus]
ACTIONS = [a.value for a in PlanAction]


def test_transition_table_matches_plan_20():
    assert {(f, a): s.to_status for (f, a), s in TRANSITIONS.items()} == {
        ("DRAFT", "submit"): "SUBMITTED",
        ("SUBMITTED", "review"): "SUBMITTED",
        ("SUBMITTED", "reject"): "REJECTED",
        ("REJECTED", "reopen"): "DRAFT",
        ("SUBMITTED", "approve"): "APPROVED",
        ("APPROVED", "close"): "CLOSED",
    }
    assert step_for("SUBMITTED", "reject").note_required is True
    assert allowed_actions("SUBMITTED", {Capacity.APPROVER}) == ["reject", "approve"]


def _actor_for(org, action):
    return {
        "submit": org.users["staff"],
        "reopen": org.users["staff"],
        "review": org.hr,
        "reject": org.users["kabid"],
        "approve": org.users["kabid"],
        "close": org.hr,
    }[action]


@pytest.mark.parametrize("from_status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_status_action_pair_PLAN_20(from_status, action):
    """PLAN-20: allowed pairs succeed for the right actor; every other pair is rejected."""
    org = build_org()
    chain = approved_chain(org)
    plan = chain.staff
    make_ready(plan, supports=chain.kabid_rhk)
    reviewed = TODAY if (from_status, action) == ("SUBMITTED", "approve") else None
    PerformancePlan.objects.filter(pk=plan.pk).update(
        status=from_status,
        hr_reviewed_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC) if reviewed else None,
    )
    events_before = PlanEvent.objects.filter(plan=plan).count()
    step = TRANSITIONS.get((from_status, action))
    note = "Perbaiki indikator" if action == "reject" else ""
    if step is None:
        with pytest.raises(ValidationError) as error:
            plan_transition(
                actor=_actor_for(org, action), plan=plan, action=action, note=note, today=TODAY
            )
        assert first_rule(error.value) == "PLAN-20"
        plan.refresh_from_db()
        assert plan.status == from_status
        assert PlanEvent.objects.filter(plan=plan).count() == events_before
        return
    result = plan_transition(
        actor=_actor_for(org, action),
        plan=plan,
        action=action,
        note=note,
        today=TODAY,
        confirm_warnings=True,
    )
    plan.refresh_from_db()
    assert result.applied is True
    assert plan.status == step.to_status
    event = PlanEvent.objects.filter(plan=plan).last()
    assert (event.from_status, event.to_status, event.action) == (
        from_status,
        step.to_status,
        action,
    )
    audit = AuditEntry.objects.filter(
        object_type="planning.performanceplan", object_id=str(plan.pk), action="TRANSITION"
    ).last()
    assert audit is not None  # GEN-4


@pytest.mark.parametrize(
    ("action", "status", "who"),
    [
        ("submit", "DRAFT", "kabid"),
        ("submit", "DRAFT", "hr"),
        ("review", "SUBMITTED", "kabid"),
        ("reject", "SUBMITTED", "jf"),
        ("reject", "SUBMITTED", "hr"),
        ("approve", "SUBMITTED", "jf"),
        ("approve", "SUBMITTED", "kadis"),
        ("approve", "SUBMITTED", "hr"),
        ("reopen", "REJECTED", "kabid"),
        ("close", "APPROVED", "staff"),
    ],
)
def test_wrong_actor_is_rejected_and_nothing_changes_PLAN_20_PLAN_21(action, status, who):
    """PLAN-20, PLAN-21."""
    org = build_org()
    chain = approved_chain(org)
    plan = chain.staff
    make_ready(plan, supports=chain.kabid_rhk)
    PerformancePlan.objects.filter(pk=plan.pk).update(
        status=status, hr_reviewed_at=dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    )
    actor = org.hr if who == "hr" else org.users[who]
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=actor, plan=plan, action=action, note="catatan", today=TODAY)
    assert first_rule(error.value) in ("PLAN-20", "PLAN-21")
    if action in ("approve", "reject"):
        assert first_rule(error.value) == "PLAN-21"  # approval by someone other than the appraiser
    plan.refresh_from_db()
    assert plan.status == status
    assert plan.approved_at is None


def test_submission_lists_every_failing_rule_and_saves_nothing_PLAN_6_PLAN_19():
    """PLAN-6, PLAN-19."""
    org = build_org()
    chain = approved_chain(org)
    plan = chain.staff
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=plan, action="submit", today=TODAY)
    codes = rule_codes(error.value)
    assert codes == ["PLAN-6", "PLAN-19"]
    assert first_rule(error.value) == "PLAN-6"
    plan.refresh_from_db()
    assert plan.status == "DRAFT"
    assert plan.submitted_at is None


def test_ja_jf_result_without_supports_blocks_submission_PLAN_8():
    """PLAN-8."""
    org = build_org()
    chain = approved_chain(org)
    plan = chain.staff
    make_ready(plan, supports=None, text="Terlaksananya pengadministrasian surat")
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=plan, action="submit", today=TODAY)
    assert rule_codes(error.value) == ["PLAN-8"]
    assert "Terlaksananya pengadministrasian surat" in error.value.error_list[0].message
    assert "PLAN-8" in error.value.error_list[0].message
    plan.refresh_from_db()
    assert plan.status == "DRAFT"


def test_jpt_result_may_omit_supports_PLAN_8():
    """PLAN-8."""
    org = build_org()
    chain = approved_chain(org)
    assert chain.kadis_rhk.supports_id is None
    chain.kadis.refresh_from_db()
    assert chain.kadis.status == "APPROVED"


def test_submission_waits_for_supervisor_approval_PLAN_9():
    """PLAN-9."""
    org = build_org()
    cycle = open_cycle(org)
    kabid = plan_of(org.kabid, cycle)
    kabid_rhk = make_ready(kabid)  # the supervisor's plan stays a draft
    staff = plan_of(org.staff, cycle)
    make_ready(staff, supports=kabid_rhk)  # linking to a draft RHK is allowed (PLAN-9)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=staff, action="submit", today=TODAY)
    assert rule_codes(error.value) == ["PLAN-9"]


def test_supports_into_a_closed_plan_is_a_broken_link_PLAN_10():
    """PLAN-10."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    PerformancePlan.objects.filter(pk=chain.kabid.pk).update(status="CLOSED")
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert "PLAN-10" in rule_codes(error.value)


def test_missing_aspect_blocks_ja_jf_and_missing_perspective_blocks_jpt_PLAN_11():
    """PLAN-11."""
    org = build_org()
    chain = approved_chain(org)
    result = make_ready(chain.staff, supports=chain.kabid_rhk)
    result.indicators.filter(aspect="TIME").update(aspect="")
    with pytest.raises(ValidationError) as error:
        plan_transition(
            actor=org.users["staff"],
            plan=chain.staff,
            action="submit",
            today=TODAY,
            confirm_warnings=True,
        )
    assert rule_codes(error.value) == ["PLAN-11"]


def test_jpt_indicator_needs_perspective_PLAN_11():
    """PLAN-11."""
    org = build_org()
    cycle = open_cycle(org)
    sekda = plan_of(org.sekda, cycle)
    result = make_ready(sekda)
    result.indicators.update(perspective="")
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["sekda"], plan=sekda, action="submit", today=TODAY)
    assert rule_codes(error.value) == ["PLAN-11"]


def test_result_without_indicator_blocks_PLAN_11():
    """PLAN-11."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    result = add_work_result(chain.staff, "Terlaksananya arsip", supports=chain.kabid_rhk)
    result.indicators.all().delete()
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert rule_codes(error.value) == ["PLAN-11"]
    assert "Terlaksananya arsip" in error.value.messages[0]


def _three_aspect_plan(org, setting):
    org.agency.settings = {"three_aspect_check": setting}
    org.agency.save()
    chain = approved_chain(org)
    add_work_result(
        chain.staff, "Terlaksananya layanan", supports=chain.kabid_rhk, three_aspects=False
    )
    add_planning_dialogue(chain.staff)
    return chain.staff


def test_three_aspect_check_warns_and_needs_confirmation_PLAN_12():
    """PLAN-12."""
    org = build_org()
    plan = _three_aspect_plan(org, "WARN")
    result = plan_transition(actor=org.users["staff"], plan=plan, action="submit", today=TODAY)
    assert result.applied is False
    assert [w.rule for w in result.warnings] == ["PLAN-12"]
    plan.refresh_from_db()
    assert plan.status == "DRAFT"
    confirmed = plan_transition(
        actor=org.users["staff"], plan=plan, action="submit", today=TODAY, confirm_warnings=True
    )
    assert confirmed.applied is True
    assert "PLAN-12" in PlanEvent.objects.filter(plan=plan, action="submit").get().note


def test_three_aspect_check_block_setting_blocks_PLAN_12():
    """PLAN-12."""
    org = build_org()
    plan = _three_aspect_plan(org, "BLOCK")
    with pytest.raises(ValidationError) as error:
        plan_transition(
            actor=org.users["staff"], plan=plan, action="submit", today=TODAY, confirm_warnings=True
        )
    assert first_rule(error.value) == "PLAN-12"


def test_three_aspect_check_off_says_nothing_PLAN_12():
    """PLAN-12."""
    org = build_org()
    plan = _three_aspect_plan(org, "OFF")
    result = plan_transition(actor=org.users["staff"], plan=plan, action="submit", today=TODAY)
    assert result.applied is True
    assert result.warnings == []


def test_dialogue_must_be_dated_on_or_before_submission_PLAN_19():
    """PLAN-19."""
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, supports=chain.kabid_rhk)
    add_planning_dialogue(chain.staff, on=dt.date(2026, 3, 10))
    with pytest.raises(ValidationError) as error:
        plan_transition(
            actor=org.users["staff"], plan=chain.staff, action="submit", today=dt.date(2026, 3, 9)
        )
    assert first_rule(error.value) == "PLAN-19"
    result = plan_transition(
        actor=org.users["staff"], plan=chain.staff, action="submit", today=dt.date(2026, 3, 10)
    )
    assert result.applied


def test_study_leave_employee_also_needs_a_dialogue_PLAN_19():
    """PLAN-19."""
    org = build_org()
    org.staff.status = "STUDY_LEAVE"
    org.staff.save()
    chain = approved_chain(org)
    add_work_result(chain.staff, supports=chain.kabid_rhk)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert first_rule(error.value) == "PLAN-19"


def test_reject_requires_a_note_and_stores_it_PLAN_20():
    """PLAN-20."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(
            actor=org.users["kabid"], plan=chain.staff, action="reject", note="  ", today=TODAY
        )
    assert first_rule(error.value) == "PLAN-20"
    chain.staff.refresh_from_db()
    assert chain.staff.status == "SUBMITTED"
    plan_transition(
        actor=org.users["kabid"],
        plan=chain.staff,
        action="reject",
        note="Target kuantitas belum sesuai PK",
        today=TODAY,
    )
    chain.staff.refresh_from_db()
    assert chain.staff.status == "REJECTED"
    assert chain.staff.return_note == "Target kuantitas belum sesuai PK"


def test_approval_waits_for_hr_review_PLAN_21():
    """PLAN-21."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["kabid"], plan=chain.staff, action="approve", today=TODAY)
    assert first_rule(error.value) == "PLAN-21"
    chain.staff.refresh_from_db()
    assert chain.staff.status == "SUBMITTED"
    assert chain.staff.header_snapshot == {}


def test_without_hr_review_setting_the_appraiser_approves_directly_PLAN_21():
    """PLAN-21."""
    org = build_org()
    org.agency.settings = {"hr_review_before_approval": False}
    org.agency.save()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.hr, plan=chain.staff, action="review", today=TODAY)
    assert first_rule(error.value) == "PLAN-21"
    plan_transition(actor=org.users["kabid"], plan=chain.staff, action="approve", today=TODAY)
    chain.staff.refresh_from_db()
    assert chain.staff.status == "APPROVED"


def test_approval_records_the_header_snapshot_PLAN_5():
    """PLAN-5."""
    org = build_org()
    chain = approved_chain(org)
    snapshot = chain.kabid.header_snapshot
    assert snapshot["employee"]["name"] == "Kabid"
    assert snapshot["employee"]["nip"] == org.kabid.nip
    assert snapshot["employee"]["grade_display"] == "Pembina, IV/a"
    assert snapshot["employee"]["position"] == "Kepala Bidang Pendidikan Dasar"
    assert snapshot["employee"]["unit"] == "Bidang Pendidikan Dasar"
    assert snapshot["appraiser"]["name"] == "Kadis"
    assert snapshot["appraiser"]["position"] == "Kepala Dinas Pendidikan"
    # Later master-data changes do not rewrite the signed plan.
    org.kabid.name = "Nama Baru"
    org.kabid.save()
    chain.kabid.refresh_from_db()
    assert chain.kabid.header_snapshot["employee"]["name"] == "Kabid"


def test_external_official_appraiser_may_lack_a_nip_PLAN_5_ID_11():
    """PLAN-5, ID-11."""
    org = build_org()
    chain = approved_chain(org)
    block = chain.sekda.header_snapshot["appraiser"]
    assert block["is_external"] is True
    assert block["nip"] == ""
    assert block["name"] == "H. Bupati Contoh"


def test_approval_blocked_while_a_snapshot_field_is_empty_PLAN_5():
    """PLAN-5."""
    org = build_org()
    chain = approved_chain(org)
    org.staff.grade = None
    org.staff.save()
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    plan_transition(actor=org.hr, plan=chain.staff, action="review", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["kabid"], plan=chain.staff, action="approve", today=TODAY)
    assert first_rule(error.value) == "PLAN-5"
    assert "Pangkat/Gol. Ruang" in error.value.messages[0]
    chain.staff.refresh_from_db()
    assert chain.staff.status == "SUBMITTED"


def test_required_expectations_block_approval_PLAN_17():
    """PLAN-17."""
    org = build_org()
    org.agency.settings = {"behaviour_expectation_required": True}
    org.agency.save()
    cycle = open_cycle(org)
    sekda = plan_of(org.sekda, cycle)
    make_ready(sekda)
    plan_transition(actor=org.users["sekda"], plan=sekda, action="submit", today=TODAY)
    plan_transition(actor=org.hr, plan=sekda, action="review", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.hr, plan=sekda, action="approve", today=TODAY)
    assert first_rule(error.value) == "PLAN-17"
    assert "7 ekspektasi" in error.value.messages[0]


def test_steps_notify_the_next_person_in_app_and_by_email(django_capture_on_commit_callbacks):
    org = build_org()
    chain = approved_chain(org)
    org.kabid.email = "kabid@example.go.id"
    org.kabid.save()
    org.hr.email = "bkpsdm@example.go.id"
    org.hr.save()
    make_ready(chain.staff, supports=chain.kabid_rhk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert [m.to for m in mail.outbox] == [["bkpsdm@example.go.id"]]  # review comes first
    with django_capture_on_commit_callbacks(execute=True):
        plan_transition(actor=org.hr, plan=chain.staff, action="review", today=TODAY)
    assert mail.outbox[-1].to == ["kabid@example.go.id"]
    assert Notification.objects.filter(recipient=org.users["kabid"]).exists()


def test_no_mail_when_the_transition_fails(django_capture_on_commit_callbacks):
    org = build_org()
    chain = approved_chain(org)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert mail.outbox == []
    assert not Notification.objects.filter(text__contains="SKP Staf diajukan").exists()


def test_capacities_of_hr_for_an_external_approver_PLAN_22():
    """PLAN-22."""
    org = build_org()
    cycle = open_cycle(org)
    kadis = plan_of(org.kadis, cycle)
    assert Capacity.APPROVER in plan_capacities(org.hr, kadis)
    assert Capacity.APPROVER not in plan_capacities(org.users["sekda"], kadis)
    assert plan_capacities(org.users["kadis"], kadis) == frozenset({Capacity.EMPLOYEE})
