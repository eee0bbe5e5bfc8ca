"""Plan creation, HR-set plans, revisions, transfers and copying last year's plan."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kinerja.core.models import AuditEntry
from kinerja.core.testing import make_employee, make_position, make_unit, make_user
from kinerja.people.services import employee_transfer
from kinerja.planning.models import (
    BehaviourExpectation,
    Indicator,
    Notification,
    PerformancePlan,
    PlanAnnexItem,
    WorkResult,
)
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.services.plans import (
    plan_change_appraiser,
    plan_copy_from_previous,
    plan_create,
    plan_handle_transfer,
    plan_revise,
    plan_set_by_hr,
    plan_update,
)
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.services.work_results import indicator_save
from kinerja.planning.tests.factories import (
    TODAY,
    add_work_result,
    approved_chain,
    build_org,
    first_rule,
    make_ready,
    open_cycle,
    plan_of,
    submit_and_approve,
)

pytestmark = pytest.mark.django_db

INDICATORS = [
    {
        "text": "Jumlah dokumen perencanaan",
        "aspect": "QUANTITY",
        "target_value": "2",
        "target_unit": "Dokumen",
    },
    {
        "text": "Persentase dokumen sesuai standar",
        "aspect": "QUALITY",
        "target_value": "100",
        "target_unit": "%",
    },
    {
        "text": "Ketepatan waktu penyusunan",
        "aspect": "TIME",
        "target_value": "12",
        "target_unit": "Bulan",
    },
]


def _fresh(org, name="Baru", **kwargs):
    position = make_position(
        org.staff_pos.unit, f"Jabatan {name}", reports_to=org.kabid_pos, **kwargs
    )
    return make_employee(org.agency, name, position=position), position


# -- PLAN-2 / PLAN-3 / PLAN-4 / PLAN-26 / PLAN-27 / ORG-2 --------------------------------------


def test_create_defaults_to_the_whole_cycle_with_seven_behaviour_rows_PLAN_2_PLAN_16():
    """PLAN-2, PLAN-16."""
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    plan = plan_create(actor=org.hr, cycle=cycle, employee=person).plan
    assert (plan.period_start, plan.period_end) == (cycle.start_date, cycle.end_date)
    assert plan.family == "JA_JF"
    assert plan.appraiser_id == org.kabid.pk
    assert BehaviourExpectation.objects.filter(plan=plan).count() == 7


def test_period_outside_the_cycle_or_reversed_is_rejected_PLAN_2():
    """PLAN-2."""
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    for start, end in [
        (dt.date(2025, 12, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 1, 1), dt.date(2027, 1, 31)),
    ]:
        with pytest.raises(ValidationError) as error:
            plan_create(
                actor=org.hr, cycle=cycle, employee=person, period_start=start, period_end=end
            )
        assert first_rule(error.value) == "PLAN-2"
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_overlapping_plan_for_the_same_post_is_rejected_PLAN_2():
    """PLAN-2."""
    org = build_org()
    cycle = open_cycle(org)
    with pytest.raises(ValidationError) as error:
        plan_create(
            actor=org.users["staff"],
            cycle=cycle,
            employee=org.staff,
            period_start=dt.date(2026, 6, 1),
        )
    assert first_rule(error.value) == "PLAN-2"
    assert PerformancePlan.objects.filter(employee=org.staff).count() == 1


def test_stated_family_must_match_the_position_PLAN_3():
    """PLAN-3, REF-10: the family is derived, never typed in."""
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    with pytest.raises(ValidationError) as error:
        plan_create(actor=org.hr, cycle=cycle, employee=person, family="JPT")
    assert first_rule(error.value) == "PLAN-3"
    assert plan_create(actor=org.hr, cycle=cycle, employee=person, family="JA_JF").plan


def test_pppk_in_a_functional_post_gets_the_ja_jf_form_PLAN_3():
    """PLAN-3."""
    org = build_org()
    cycle = open_cycle(org)
    position = make_position(
        org.staff_pos.unit,
        "Guru Ahli Pertama",
        reports_to=org.kabid_pos,
        position_type="JF_KEAHLIAN",
        level="AHLI_PERTAMA",
    )
    person = make_employee(org.agency, "Guru PPPK", position=position, employee_type="PPPK")
    assert plan_create(actor=org.hr, cycle=cycle, employee=person).plan.family == "JA_JF"


def test_approach_must_be_a_known_code_PLAN_4():
    """PLAN-4, REF-8: every plan has one approach from the fixed list."""
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    with pytest.raises(ValidationError) as error:
        plan_create(actor=org.hr, cycle=cycle, employee=person, approach="")
    assert first_rule(error.value) == "PLAN-4"


def test_approach_changes_only_in_draft_or_by_revision_PLAN_4():
    """PLAN-4."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        plan_update(actor=org.users["kabid"], plan=chain.kabid, approach="QUALITATIVE")
    assert first_rule(error.value) == "PLAN-4"
    chain.kabid.refresh_from_db()
    assert chain.kabid.approach == "QUANTITATIVE"
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    assert (
        plan_update(actor=org.users["kabid"], plan=revision, approach="QUALITATIVE").approach
        == "QUALITATIVE"
    )


def test_plan_in_an_inactive_unit_is_rejected_ORG_2_PLAN_2():
    """ORG-2, PLAN-2."""
    org = build_org()
    cycle = open_cycle(org)
    unit = make_unit(org.agency, "Seksi Lama", parent=org.kabid_pos.unit)
    position = make_position(unit, "Staf Seksi", reports_to=org.kabid_pos)
    person = make_employee(org.agency, "Lama", position=position)
    unit.is_active = False
    unit.save()
    with pytest.raises(ValidationError) as error:
        plan_create(actor=org.hr, cycle=cycle, employee=person)
    assert first_rule(error.value) == "ORG-2"
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_employee_without_an_active_assignment_is_rejected_PLAN_2():
    """PLAN-2."""
    org = build_org()
    cycle = open_cycle(org)
    person = make_employee(org.agency, "Tanpa Jabatan")
    with pytest.raises(ValidationError) as error:
        plan_create(actor=org.hr, cycle=cycle, employee=person)
    assert first_rule(error.value) == "PLAN-2"


def test_joiner_period_starts_with_the_assignment_PLAN_26():
    """PLAN-26."""
    org = build_org()
    cycle = open_cycle(org)
    position = make_position(org.staff_pos.unit, "Pranata", reports_to=org.kabid_pos)
    person = make_employee(org.agency, "Pindahan", position=position, start=dt.date(2026, 5, 4))
    plan = plan_create(actor=org.hr, cycle=cycle, employee=person).plan
    assert plan.period_start == dt.date(2026, 5, 4)


def test_plan_for_an_exempt_employee_warns_PLAN_27():
    """PLAN-27."""
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    person.status = "PRE_RETIREMENT"
    person.save()
    result = plan_create(actor=org.hr, cycle=cycle, employee=person)
    assert result.plan is None
    assert [w.rule for w in result.warnings] == ["PLAN-27"]
    assert not PerformancePlan.objects.filter(employee=person).exists()
    confirmed = plan_create(actor=org.hr, cycle=cycle, employee=person, confirm_warnings=True)
    assert confirmed.plan is not None


def test_only_the_employee_or_hr_creates_a_plan():
    org = build_org()
    cycle = open_cycle(org)
    person, _position = _fresh(org)
    with pytest.raises(PermissionDenied):
        plan_create(actor=org.users["jf"], cycle=cycle, employee=person)
    assert not PerformancePlan.objects.filter(employee=person).exists()


# -- PLAN-24 -------------------------------------------------------------------------------


def _hr_plan(org, chain, person, today):
    return plan_set_by_hr(
        actor=org.hr,
        cycle=chain.cycle,
        employee=person,
        today=today,
        work_results=[
            {
                "kind": "MAIN",
                "text": "Terkelolanya arsip bidang",
                "supports": chain.kabid_rhk,
                "indicators": INDICATORS,
            }
        ],
    )


def test_hr_sets_a_missing_plan_only_after_the_escalation_date_PLAN_24():
    """PLAN-24."""
    org = build_org()
    chain = approved_chain(org)
    person, _position = _fresh(org)  # joined after opening: no plan
    with pytest.raises(ValidationError) as error:
        _hr_plan(org, chain, person, dt.date(2026, 1, 14))
    assert first_rule(error.value) == "PLAN-24"
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_hr_set_plan_is_approved_marked_and_notified_PLAN_24():
    """PLAN-24."""
    org = build_org()
    chain = approved_chain(org)
    person, _position = _fresh(org)
    make_user(person)
    Notification.objects.all().delete()
    plan = _hr_plan(org, chain, person, dt.date(2026, 1, 15)).plan
    assert plan.status == "APPROVED"
    assert plan.set_by_hr is True
    assert plan.header_snapshot["employee"]["name"] == "Baru"
    assert list(plan.events.values_list("action", flat=True)) == ["create", "submit", "approve"]
    notified = set(Notification.objects.values_list("recipient__employee_id", flat=True))
    assert notified == {person.pk, org.kabid.pk}  # the appraiser is the unit head here


def test_hr_set_plan_for_an_employee_with_a_plan_is_rejected_PLAN_24():
    """PLAN-24."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        _hr_plan(org, chain, org.staff, dt.date(2026, 2, 1))
    assert first_rule(error.value) == "PLAN-24"


def test_hr_set_plan_for_an_exempt_employee_warns_PLAN_24_PLAN_27():
    """PLAN-24, PLAN-27."""
    org = build_org()
    chain = approved_chain(org)
    person, _position = _fresh(org)
    person.status = "SUSPENDED"
    person.save()
    result = _hr_plan(org, chain, person, dt.date(2026, 2, 1))
    assert result.plan is None
    assert [w.rule for w in result.warnings] == ["PLAN-27"]


def test_only_hr_sets_plans_PLAN_24():
    """PLAN-24."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(PermissionDenied):
        plan_set_by_hr(
            actor=org.users["kabid"], cycle=chain.cycle, employee=org.jf, today=dt.date(2026, 2, 1)
        )


# -- PLAN-28 -------------------------------------------------------------------------------


def test_revision_copies_content_and_keeps_indicator_identity_PLAN_28():
    """PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    old = chain.kabid
    PlanAnnexItem.objects.create(
        agency=org.agency, plan=old, section="RESOURCE_SUPPORT", text="Anggaran DPA bidang"
    )
    revision = plan_revise(actor=org.users["kabid"], plan=old)
    assert (revision.status, revision.version, revision.previous_version_id) == ("DRAFT", 2, old.pk)
    old_lineages = set(
        Indicator.objects.filter(work_result__plan=old).values_list("lineage", flat=True)
    )
    new_lineages = set(
        Indicator.objects.filter(work_result__plan=revision).values_list("lineage", flat=True)
    )
    assert old_lineages == new_lineages
    assert PlanAnnexItem.objects.get(plan=revision).text == "Anggaran DPA bidang"
    assert BehaviourExpectation.objects.filter(plan=revision).count() == 7
    old.refresh_from_db()
    assert old.status == "APPROVED"  # stays in force until the revision is approved


def test_a_changed_indicator_gets_a_new_identity_PLAN_28():
    """PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    changed, unchanged = Indicator.objects.filter(work_result__plan=revision).order_by("id")[:2]
    lineage = changed.lineage
    indicator_save(
        actor=org.users["kabid"],
        work_result=changed.work_result,
        indicator=changed,
        text=changed.text,
        aspect=changed.aspect,
        target_value="3",
        target_unit="Dokumen",
    )
    changed.refresh_from_db()
    assert changed.lineage != lineage
    indicator_save(
        actor=org.users["kabid"],
        work_result=unchanged.work_result,
        indicator=unchanged,
        text=unchanged.text,
        aspect=unchanged.aspect,
        target_value=unchanged.target_value,
        target_unit=unchanged.target_unit,
        order=5,
    )
    before = unchanged.lineage
    unchanged.refresh_from_db()
    assert unchanged.lineage == before


def test_second_open_revision_is_rejected_PLAN_28():
    """PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    with pytest.raises(ValidationError) as error:
        plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    assert first_rule(error.value) == "PLAN-28"
    assert PerformancePlan.objects.filter(employee=org.kabid).count() == 2


def test_second_open_revision_is_also_a_database_constraint_PLAN_28():
    """PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    duplicate = PerformancePlan(
        agency=org.agency,
        cycle=chain.cycle,
        employee=org.kabid,
        position=org.kabid_pos,
        period_start=revision.period_start,
        period_end=revision.period_end,
        family="JA_JF",
        version=3,
        previous_version=chain.kabid,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_only_approved_plans_are_revised_PLAN_28():
    """PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        plan_revise(actor=org.users["staff"], plan=chain.staff)
    assert first_rule(error.value) == "PLAN-28"


def test_approving_a_revision_supersedes_and_relinks_staff_drafts_PLAN_28_PLAN_10():
    """PLAN-28, PLAN-10."""
    org = build_org()
    chain = approved_chain(org)
    staff_rhk = make_ready(chain.staff, supports=chain.kabid_rhk)
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    add_work_result(
        revision,
        "RHK tambahan baru",
        kind="ADDITIONAL",
        supports=WorkResult.objects.get(plan=chain.kadis),
    )
    new_rhk = WorkResult.objects.get(plan=revision, lineage=chain.kabid_rhk.lineage)
    submit_and_approve(org, revision)
    chain.kabid.refresh_from_db()
    assert (chain.kabid.status, chain.kabid.closed_reason) == ("CLOSED", "SUPERSEDED")
    staff_rhk.refresh_from_db()
    assert staff_rhk.supports_id == new_rhk.pk  # the same RHK (lineage) in the new version
    assert Notification.objects.filter(
        recipient=org.users["staff"], text__contains="PLAN-10"
    ).exists()


def test_approving_a_revision_relinks_staff_rhks_in_a_fixed_number_of_queries_PLAN_28():
    """PLAN-28/PLAN-10: relinking and notices do not cost a query per subordinate RHK."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.planning.tests.factories import TODAY, add_planning_dialogue, approver_user

    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    make_ready(chain.jf, supports=chain.kabid_rhk)

    def approve_a_revision_of(leader_plan):
        revision = plan_revise(actor=org.users["kabid"], plan=leader_plan)
        add_planning_dialogue(revision)
        plan_transition(
            actor=org.users["kabid"],
            plan=revision,
            action="submit",
            today=TODAY,
            confirm_warnings=True,
        )
        if revision.cycle.setting("hr_review_before_approval"):
            plan_transition(actor=org.hr, plan=revision, action="review", today=TODAY)
        with CaptureQueriesContext(connection) as queries:
            plan_transition(
                actor=approver_user(org, revision), plan=revision, action="approve", today=TODAY
            )
        return revision, len(queries)

    second, one_each = approve_a_revision_of(chain.kabid)
    leader_rhk = WorkResult.objects.get(plan=second, lineage=chain.kabid_rhk.lineage)
    for n in range(3):
        add_work_result(chain.staff, f"RHK staf {n}", supports=leader_rhk)
        add_work_result(chain.jf, f"RHK JF {n}", supports=leader_rhk)
    third, four_each = approve_a_revision_of(second)

    assert WorkResult.objects.filter(plan=chain.staff, supports__plan=third).count() == 4
    assert four_each == one_each


# -- PLAN-25 -------------------------------------------------------------------------------


def test_transfer_closes_the_old_plan_and_opens_one_for_the_new_post_PLAN_25():
    """PLAN-25."""
    org = build_org()
    chain = approved_chain(org)
    staff_rhk_supports = chain.kabid_rhk
    make_ready(chain.staff, supports=staff_rhk_supports)
    submit_and_approve(org, chain.staff)
    new_position = make_position(
        org.kadis_pos.unit,
        "Analis Dinas",
        reports_to=org.kadis_pos,
        position_type="JF_KEAHLIAN",
        level="AHLI_PERTAMA",
    )
    employee_transfer(
        actor=org.hr, employee=org.staff, position=new_position, start_date=dt.date(2026, 7, 1)
    )
    result = plan_handle_transfer(
        actor=org.hr, employee=org.staff, effective_date=dt.date(2026, 7, 1)
    )
    old = result.closed
    old.refresh_from_db()
    assert (old.status, old.closed_reason, old.period_end) == (
        "CLOSED",
        "TRANSFER",
        dt.date(2026, 6, 30),
    )
    new = result.opened
    assert (new.status, new.position_id, new.period_start) == (
        "DRAFT",
        new_position.pk,
        dt.date(2026, 7, 1),
    )
    assert new.appraiser_id == org.kadis.pk  # the new appraiser
    assert PerformancePlan.objects.filter(employee=org.staff).count() == 2  # history kept


def test_transfer_date_outside_any_cycle_is_rejected_PLAN_25():
    """PLAN-25."""
    org = build_org()
    open_cycle(org)
    with pytest.raises(ValidationError) as error:
        plan_handle_transfer(actor=org.hr, employee=org.staff, effective_date=dt.date(2027, 2, 1))
    assert first_rule(error.value) == "PLAN-25"


# -- less typing ---------------------------------------------------------------------------


def test_copy_from_last_year_relinks_or_clears_supports_with_a_warning():
    org = build_org()
    last = cycle_open(actor=org.hr, agency=org.agency, year=2025).cycle
    old_kabid = plan_of(org.kabid, last)
    old_kabid_rhk = add_work_result(old_kabid, "Tersusunnya kebijakan teknis pendidikan dasar")
    old_gone = add_work_result(old_kabid, "Terlaksananya program lama")
    old_staff = plan_of(org.staff, last)
    add_work_result(old_staff, "Tersusunnya bahan kebijakan", supports=old_kabid_rhk)
    add_work_result(old_staff, "Terlaksananya kegiatan lama", supports=old_gone)
    PlanAnnexItem.objects.create(
        agency=org.agency, plan=old_staff, section="CONSEQUENCES", text="Teguran tertulis"
    )
    PerformancePlan.objects.filter(cycle=last).update(status="APPROVED")
    chain = approved_chain(org)  # 2026: the Kabid has the same RHK text again
    result = plan_copy_from_previous(actor=org.users["staff"], plan=chain.staff)
    assert result.created == 2
    assert len(result.warnings) == 1
    assert "Terlaksananya kegiatan lama" in result.warnings[0]
    copied = {r.text: r for r in WorkResult.objects.filter(plan=chain.staff)}
    assert copied["Tersusunnya bahan kebijakan"].supports_id == chain.kabid_rhk.pk
    assert copied["Terlaksananya kegiatan lama"].supports_id is None
    assert Indicator.objects.filter(work_result__plan=chain.staff).count() == 6
    assert PlanAnnexItem.objects.get(plan=chain.staff).text == "Teguran tertulis"


def test_copy_without_a_previous_plan_is_refused():
    org = build_org()
    cycle = open_cycle(org)
    with pytest.raises(ValidationError):
        plan_copy_from_previous(actor=org.users["staff"], plan=plan_of(org.staff, cycle))
    assert not WorkResult.objects.exists()


def test_submitted_plan_is_not_copied_into_PLAN_20():
    """PLAN-20."""
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_copy_from_previous(actor=org.users["staff"], plan=chain.staff)
    assert first_rule(error.value) == "PLAN-20"


# -- GEN-5 / ORG-10 ---------------------------------------------------------------------------


def test_escalation_date_is_read_in_the_agency_time_zone_GEN_5_PLAN_24():
    """GEN-5: 16:30 UTC on 14 January is still the 14th in WIB but the 15th in WIT."""
    org = build_org()
    chain = approved_chain(org)
    person, _position = _fresh(org)
    moment = dt.datetime(2026, 1, 14, 16, 30, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        with pytest.raises(ValidationError) as error:
            _hr_plan(org, chain, person, None)
        assert first_rule(error.value) == "PLAN-24"
        org.agency.time_zone = "Asia/Jayapura"
        org.agency.save()
        chain.cycle.refresh_from_db()
        plan = _hr_plan(org, chain, person, None).plan
    assert plan.status == "APPROVED"


def test_change_of_appraiser_on_an_approved_plan_is_a_dated_event_ORG_10():
    """ORG-10, GEN-4: the change is stored as an event and audited with its reason."""
    org = build_org()
    chain = approved_chain(org)
    snapshot_before = chain.kabid.header_snapshot
    plan = plan_change_appraiser(
        actor=org.hr,
        plan=chain.kabid,
        appraiser=org.sekda,
        effective_date=dt.date(2026, 7, 1),
        reason="Kepala Dinas berhalangan tetap",
    )
    assert plan.appraiser_id == org.sekda.pk
    event = plan.events.get(action="change_appraiser")
    assert "01-07-2026" in event.note
    assert event.from_status == event.to_status == "APPROVED"
    assert plan.header_snapshot == snapshot_before  # the signed header stays
    entry = AuditEntry.objects.filter(
        object_type="planning.performanceplan",
        object_id=str(plan.pk),
        reason__contains="berhalangan",
    ).get()
    assert entry.changes["appraiser"] == [org.kadis.pk, org.sekda.pk]


def test_change_of_appraiser_needs_a_reason_and_a_real_other_person_ORG_6_ORG_10():
    """ORG-6, ORG-10."""
    org = build_org()
    chain = approved_chain(org)
    cases = [
        ({"appraiser": org.sekda, "reason": " "}, "ORG-10"),
        ({"appraiser": org.kabid, "reason": "x"}, "ORG-6"),
        ({"reason": "x"}, "ORG-6"),
    ]
    for kwargs, rule in cases:
        with pytest.raises(ValidationError) as error:
            plan_change_appraiser(
                actor=org.hr, plan=chain.kabid, effective_date=dt.date(2026, 7, 1), **kwargs
            )
        assert first_rule(error.value) == rule
    with pytest.raises(PermissionDenied):
        plan_change_appraiser(
            actor=org.users["kadis"],
            plan=chain.kabid,
            appraiser=org.sekda,
            effective_date=dt.date(2026, 7, 1),
            reason="x",
        )
    chain.kabid.refresh_from_db()
    assert chain.kabid.appraiser_id == org.kadis.pk


def test_approving_a_revision_costs_no_query_per_subordinate_plan_PLAN_28():
    """PLAN-28/PLAN-10: each subordinate plan's owner is told, in one INSERT for all."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from kinerja.planning.models import Notification
    from kinerja.planning.tests.factories import TODAY, add_planning_dialogue, approver_user

    def approval_queries(dependants: int) -> tuple[int, int]:
        with transaction.atomic():  # each count on a fresh organisation, then rolled back
            org = build_org()
            chain = approved_chain(org)
            for plan in (chain.staff, chain.jf)[:dependants]:
                make_ready(plan, supports=chain.kabid_rhk)
            revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
            add_planning_dialogue(revision)
            plan_transition(
                actor=org.users["kabid"],
                plan=revision,
                action="submit",
                today=TODAY,
                confirm_warnings=True,
            )
            if revision.cycle.setting("hr_review_before_approval"):
                plan_transition(actor=org.hr, plan=revision, action="review", today=TODAY)
            before = Notification.objects.count()
            with CaptureQueriesContext(connection) as queries:
                plan_transition(
                    actor=approver_user(org, revision), plan=revision, action="approve", today=TODAY
                )
            told = Notification.objects.count() - before
            transaction.set_rollback(True)
        return len(queries), told

    (one, told_one), (two, told_two) = approval_queries(1), approval_queries(2)

    assert told_two == told_one + 1  # the second plan's owner is told too
    assert two == one
