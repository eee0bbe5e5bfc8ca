"""PLAN-22: who sets (menetapkan) a JPT plan, by agency kind and position."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.testing import (
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.org.models import ExternalOfficial
from kinerja.planning.models import PerformancePlan
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.services.plans import plan_create
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    TODAY,
    approved_chain,
    build_org,
    first_rule,
    make_ready,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


def _central():
    agency = make_agency("kemen", level="CENTRAL")
    root = make_unit(agency, "Kementerian")
    eselon1 = make_unit(agency, "Direktorat Jenderal", parent=root)
    direktorat = make_unit(agency, "Direktorat", parent=eselon1)
    sekjen_pos = make_position(root, "Sekretaris Jenderal", position_type="JPT", level="MADYA")
    dirjen_pos = make_position(
        eselon1, "Direktur Jenderal", position_type="JPT", level="MADYA", reports_to=sekjen_pos
    )
    direktur_pos = make_position(
        direktorat, "Direktur", position_type="JPT", level="PRATAMA", reports_to=dirjen_pos
    )
    upt = make_unit(agency, "Balai", parent=direktorat)
    balai_pos = make_position(
        upt,
        "Kepala Balai",
        position_type="JA",
        level="ADMINISTRATOR",
        reports_to=direktur_pos,
        independent_unit_head=True,
    )
    people = {
        "sekjen": make_employee(agency, "Sekjen", position=sekjen_pos),
        "dirjen": make_employee(agency, "Dirjen", position=dirjen_pos),
        "direktur": make_employee(agency, "Direktur", position=direktur_pos),
        "balai": make_employee(agency, "Kepala Balai", position=balai_pos),
    }
    officials = {
        role: ExternalOfficial.objects.create(
            agency=agency, name=name, position_title=title, role=role
        )
        for role, name, title in [
            ("MINISTER", "Menteri", "Menteri"),
            ("AGENCY_HEAD", "Kepala", "Pimpinan Instansi"),
            ("COORDINATING_MINISTER", "Menko", "Menteri Koordinator"),
        ]
    }
    return agency, people, officials


def test_regional_jpt_pratama_routes_to_the_kepala_daerah_PLAN_22():
    """PLAN-22."""
    org = build_org()
    open_cycle(org)
    kadis = plan_of(org.kadis)
    assert kadis.family == "JPT"
    assert (kadis.approver_id, kadis.approver_official_id) == (None, org.bupati.pk)


def test_regional_jpt_madya_routes_to_the_kepala_daerah_PLAN_22():
    """PLAN-22."""
    org = build_org()
    open_cycle(org)
    assert plan_of(org.sekda).approver_official_id == org.bupati.pk


def test_central_jpt_pratama_routes_to_the_jpt_madya_above_PLAN_22():
    """PLAN-22."""
    agency, people, _officials = _central()
    cycle_open(actor=hr_user(agency), agency=agency, year=2026)
    direktur = plan_of(people["direktur"])
    assert (direktur.approver_id, direktur.approver_official_id) == (people["dirjen"].pk, None)


def test_central_jpt_madya_routes_to_the_head_of_the_agency_PLAN_22():
    """PLAN-22."""
    agency, people, officials = _central()
    cycle_open(actor=hr_user(agency), agency=agency, year=2026)
    dirjen = plan_of(people["dirjen"])
    assert dirjen.approver_official_id == officials["AGENCY_HEAD"].pk


def test_independent_unit_head_default_is_the_minister_PLAN_22():
    """PLAN-22."""
    agency, people, officials = _central()
    cycle_open(actor=hr_user(agency), agency=agency, year=2026)
    balai = plan_of(people["balai"])
    assert balai.family == "JPT"  # PLAN-3: Pimpinan Unit Kerja Mandiri uses the JPT form
    assert balai.approver_official_id == officials["MINISTER"].pk


def test_independent_unit_head_coordinator_setting_routes_to_the_jpt_above_PLAN_22():
    """PLAN-22."""
    agency, people, _officials = _central()
    agency.settings = {"jpt_approver_independent_unit_head": "COORDINATOR"}
    agency.save()
    cycle_open(actor=hr_user(agency), agency=agency, year=2026)
    assert plan_of(people["balai"]).approver_id == people["direktur"].pk


def test_jpt_utama_in_a_regional_government_is_rejected_PLAN_22():
    """PLAN-22."""
    org = build_org()
    unit = make_unit(org.agency, "Unit Khusus")
    position = make_position(unit, "Jabatan Utama", position_type="JPT", level="UTAMA")
    person = make_employee(org.agency, "Utama", position=position)
    cycle = open_cycle(org)
    assert not PerformancePlan.objects.filter(employee=person).exists()  # skipped at opening
    with pytest.raises(ValidationError) as error:
        plan_create(actor=org.hr, cycle=cycle, employee=person)
    assert first_rule(error.value) == "PLAN-22"
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_jpt_utama_in_a_central_agency_routes_to_the_coordinating_minister_PLAN_22():
    """PLAN-22."""
    agency, _people, officials = _central()
    unit = make_unit(agency, "Sekretariat Utama")
    position = make_position(unit, "Kepala Badan", position_type="JPT", level="UTAMA")
    person = make_employee(agency, "Kepala", position=position)
    cycle_open(actor=hr_user(agency), agency=agency, year=2026)
    assert plan_of(person).approver_official_id == officials["COORDINATING_MINISTER"].pk


def test_approval_by_anyone_but_the_resolved_approver_is_rejected_PLAN_22():
    """The Sekda appraises the Kadis but does not set a regional JPT plan: the Bupati does,
    recorded by HR on the Bupati's behalf."""
    org = build_org()
    chain = approved_chain(org)
    assert chain.kadis.status == "APPROVED"
    assert chain.kadis.approved_by_id == org.hr.pk
    # A second kadis-level plan: the appraiser (Sekda) tries to approve.
    cycle = chain.cycle
    kadis2_pos = make_position(
        org.kadis_pos.unit.parent,
        "Kepala Dinas Kesehatan",
        reports_to=org.sekda_pos,
        position_type="JPT",
        level="PRATAMA",
    )
    kadis2 = make_employee(org.agency, "Kadis Kesehatan", position=kadis2_pos, grade="IV/c")
    user = make_user(kadis2)
    plan = plan_create(actor=org.hr, cycle=cycle, employee=kadis2).plan
    make_ready(plan)
    plan_transition(actor=user, plan=plan, action="submit", today=TODAY)
    plan_transition(actor=org.hr, plan=plan, action="review", today=TODAY)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["sekda"], plan=plan, action="approve", today=TODAY)
    assert first_rule(error.value) == "PLAN-22"
    plan.refresh_from_db()
    assert plan.status == "SUBMITTED"
    plan_transition(actor=org.hr, plan=plan, action="approve", today=TODAY)
    plan.refresh_from_db()
    assert plan.status == "APPROVED"
