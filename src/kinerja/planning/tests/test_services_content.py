"""Behaviour rows (PLAN-16/17), annex (PLAN-18) and dialogues (EXEC-10, PLAN-19)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kinerja.planning.choices import CORE_VALUES
from kinerja.planning.models import BehaviourExpectation, Dialogue, PlanAnnexItem
from kinerja.planning.services.plans import (
    annex_item_delete,
    annex_item_save,
    dialogue_save,
    expectation_save,
)
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    TODAY,
    add_work_result,
    approved_chain,
    build_org,
    first_rule,
    make_ready,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


def test_core_values_are_the_seven_berakhlak_values_with_three_guides_REF_5():
    """REF-5."""
    assert [v.code for v in CORE_VALUES] == [
        "BERORIENTASI_PELAYANAN",
        "AKUNTABEL",
        "KOMPETEN",
        "HARMONIS",
        "LOYAL",
        "ADAPTIF",
        "KOLABORATIF",
    ]
    assert all(len(v.guide_behaviours) == 3 for v in CORE_VALUES)
    assert CORE_VALUES[0].guide_behaviours[0] == "Memahami dan memenuhi kebutuhan masyarakat"


def test_behaviour_rows_cannot_be_added_or_reordered_PLAN_16():
    """PLAN-16."""
    org = build_org()
    cycle = open_cycle(org)
    plan = plan_of(org.staff, cycle)
    with pytest.raises(IntegrityError), transaction.atomic():
        BehaviourExpectation.objects.create(agency=org.agency, plan=plan, value="LOYAL", order=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        BehaviourExpectation.objects.filter(plan=plan, value="LOYAL").update(order=1)
    assert list(BehaviourExpectation.objects.filter(plan=plan).values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_only_the_appraiser_writes_the_expectation_PLAN_17():
    """PLAN-17."""
    org = build_org()
    cycle = open_cycle(org)
    plan = plan_of(org.staff, cycle)
    row = BehaviourExpectation.objects.get(plan=plan, value="KOLABORATIF")
    with pytest.raises(ValidationError) as error:
        expectation_save(actor=org.users["staff"], expectation=row, text="Saya akan bekerja sama")
    assert first_rule(error.value) == "PLAN-17"
    row.refresh_from_db()
    assert row.expectation == ""
    expectation_save(
        actor=org.users["kabid"], expectation=row, text="Aktif berbagi data dengan seksi lain"
    )
    row.refresh_from_db()
    assert row.expectation == "Aktif berbagi data dengan seksi lain"


def test_hr_writes_the_expectation_for_an_external_appraiser_PLAN_17():
    """PLAN-17."""
    org = build_org()
    cycle = open_cycle(org)
    row = BehaviourExpectation.objects.get(plan=plan_of(org.sekda, cycle), value="LOYAL")
    expectation_save(actor=org.hr, expectation=row, text="Menjaga rahasia jabatan")
    row.refresh_from_db()
    assert row.expectation == "Menjaga rahasia jabatan"


def test_annex_items_need_a_known_section_and_text_PLAN_18():
    """PLAN-18, REF-18: only the three fixed sections; no empty item."""
    org = build_org()
    cycle = open_cycle(org)
    plan = plan_of(org.staff, cycle)
    for section, text in [("", "Laptop"), ("SUMBER_DAYA", "Laptop"), ("RESOURCE_SUPPORT", " ")]:
        with pytest.raises(ValidationError) as error:
            annex_item_save(actor=org.users["staff"], plan=plan, section=section, text=text)
        assert first_rule(error.value) == "PLAN-18"
    assert not PlanAnnexItem.objects.exists()
    item = annex_item_save(
        actor=org.users["staff"],
        plan=plan,
        section="RESOURCE_SUPPORT",
        text="Laptop dan akses aplikasi",
    )
    assert item.order == 1
    annex_item_delete(actor=org.users["staff"], item=item)
    assert not PlanAnnexItem.objects.exists()


def test_annex_lists_required_when_configured_PLAN_18():
    """PLAN-18."""
    org = build_org()
    org.agency.settings = {"annex_lists_may_be_empty": False}
    org.agency.save()
    cycle = open_cycle(org)
    sekda = plan_of(org.sekda, cycle)
    make_ready(sekda)
    annex_item_save(
        actor=org.users["sekda"], plan=sekda, section="CONSEQUENCES", text="Sanksi sesuai ketentuan"
    )
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["sekda"], plan=sekda, action="submit", today=TODAY)
    assert [e.code for e in error.value.error_list] == ["PLAN-18", "PLAN-18"]


def test_dialogue_needs_employee_appraiser_and_topic_EXEC_10():
    """EXEC-10, REF-19: both participants and a topic from the fixed list."""
    org = build_org()
    cycle = open_cycle(org)
    plan = plan_of(org.staff, cycle)
    with pytest.raises(ValidationError) as error:
        dialogue_save(actor=org.users["kabid"], plan=plan, date=dt.date(2026, 1, 6), topic="")
    assert first_rule(error.value) == "EXEC-10"
    with pytest.raises(ValidationError) as error:
        dialogue_save(
            actor=org.users["kabid"], employee=org.staff, date=dt.date(2026, 1, 6), topic="PLANNING"
        )
    assert first_rule(error.value) == "EXEC-10"
    with pytest.raises(ValidationError) as error:
        dialogue_save(
            actor=org.users["kabid"],
            employee=org.staff,
            appraiser=org.staff,
            date=dt.date(2026, 1, 6),
            topic="PLANNING",
        )
    assert first_rule(error.value) == "EXEC-10"
    assert not Dialogue.objects.exists()
    dialogue = dialogue_save(
        actor=org.users["kabid"],
        plan=plan,
        date=dt.date(2026, 1, 6),
        topic="PLANNING",
        notes="Klarifikasi ekspektasi",
        participants=[org.jf],
    )
    assert (dialogue.employee_id, dialogue.appraiser_id) == (org.staff.pk, org.kabid.pk)
    assert list(dialogue.other_participants.all()) == [org.jf]


def test_a_recorded_dialogue_lets_the_plan_pass_PLAN_19():
    """PLAN-19."""
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, supports=chain.kabid_rhk)
    dialogue_save(actor=org.users["staff"], plan=chain.staff, date=TODAY, topic="PLANNING")
    assert plan_transition(
        actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY
    ).applied


def test_outsider_cannot_record_a_dialogue():
    org = build_org()
    cycle = open_cycle(org)
    with pytest.raises(PermissionDenied):
        dialogue_save(
            actor=org.users["jf"],
            plan=plan_of(org.staff, cycle),
            date=dt.date(2026, 1, 6),
            topic="PLANNING",
        )
    assert not Dialogue.objects.exists()
