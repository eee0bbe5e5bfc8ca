"""Builders for planning tests: a small regional agency with a cascading position tree.

Tree (all in active units):  Sekda (JPT Madya) ← Kepala Dinas (JPT Pratama) ← Kepala Bidang
(JA Administrator) ← two staff (JA Pelaksana, JF Ahli Pertama).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kinerja.accounts.models import User
from kinerja.core.testing import (
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.org.models import Agency, ExternalOfficial, Position
from kinerja.people.models import Employee
from kinerja.planning.models import Cycle, Dialogue, Indicator, PerformancePlan, WorkResult
from kinerja.planning.services.cycles import cycle_open

TODAY = dt.date(2026, 3, 2)


@dataclass
class Org:
    agency: Agency
    hr: User
    bupati: ExternalOfficial
    sekda_pos: Position
    kadis_pos: Position
    kabid_pos: Position
    staff_pos: Position
    jf_pos: Position
    sekda: Employee
    kadis: Employee
    kabid: Employee
    staff: Employee
    jf: Employee
    users: dict[str, User]


def build_org(code: str = "plan", level: str = "REGENCY") -> Org:
    agency = make_agency(code, level=level)
    setda = make_unit(agency, "Sekretariat Daerah")
    dinas = make_unit(agency, "Dinas Pendidikan", parent=setda)
    bidang = make_unit(agency, "Bidang Pendidikan Dasar", parent=dinas)
    sekda_pos = make_position(
        setda, "Sekretaris Daerah", position_type="JPT", level="MADYA", is_unit_head=True
    )
    kadis_pos = make_position(
        dinas,
        "Kepala Dinas Pendidikan",
        reports_to=sekda_pos,
        position_type="JPT",
        level="PRATAMA",
        is_unit_head=True,
    )
    kabid_pos = make_position(
        bidang,
        "Kepala Bidang Pendidikan Dasar",
        reports_to=kadis_pos,
        position_type="JA",
        level="ADMINISTRATOR",
        is_unit_head=True,
    )
    staff_pos = make_position(bidang, "Pengadministrasi Umum", reports_to=kabid_pos)
    jf_pos = make_position(
        bidang,
        "Analis Kebijakan Ahli Pertama",
        reports_to=kabid_pos,
        position_type="JF_KEAHLIAN",
        level="AHLI_PERTAMA",
    )
    bupati = ExternalOfficial.objects.create(
        agency=agency, name="H. Bupati Contoh", position_title="Bupati", role="KEPALA_DAERAH"
    )
    people = {
        "sekda": make_employee(agency, "Sekda", position=sekda_pos, grade="IV/d"),
        "kadis": make_employee(agency, "Kadis", position=kadis_pos, grade="IV/c"),
        "kabid": make_employee(agency, "Kabid", position=kabid_pos, grade="IV/a"),
        "staff": make_employee(agency, "Staf", position=staff_pos, grade="II/c"),
        "jf": make_employee(agency, "Analis", position=jf_pos, grade="III/a"),
    }
    users = {key: make_user(emp) for key, emp in people.items()}
    return Org(
        agency=agency,
        hr=hr_user(agency),
        bupati=bupati,
        sekda_pos=sekda_pos,
        kadis_pos=kadis_pos,
        kabid_pos=kabid_pos,
        staff_pos=staff_pos,
        jf_pos=jf_pos,
        users=users,
        **people,
    )


def open_cycle(org: Org, year: int = 2026, **kwargs: Any) -> Cycle:
    return cycle_open(actor=org.hr, agency=org.agency, year=year, **kwargs).cycle


def plan_of(employee: Employee, cycle: Cycle | None = None) -> PerformancePlan:
    plans = PerformancePlan.objects.filter(employee=employee).order_by("-version")
    if cycle is not None:
        plans = plans.filter(cycle=cycle)
    return plans.first()  # type: ignore[return-value]


def add_work_result(
    plan: PerformancePlan,
    text: str = "Tersusunnya dokumen perencanaan",
    *,
    kind: str = "MAIN",
    supports: WorkResult | None = None,
    three_aspects: bool = True,
) -> WorkResult:
    """Direct ORM write (test setup only) of an RHK with complete indicators."""
    result = WorkResult.objects.create(
        agency_id=plan.agency_id, plan=plan, kind=kind, text=text, supports=supports
    )
    if plan.family == "JPT":
        Indicator.objects.create(
            agency_id=plan.agency_id,
            work_result=result,
            text="Persentase capaian " + text,
            perspective="PROSES_BISNIS",
            target_value=Decimal(100),
            target_unit="%",
        )
        return result
    aspects = [
        ("QUANTITY", "Jumlah dokumen", Decimal(2), "Dokumen"),
        ("QUALITY", "Persentase kesesuaian dokumen", Decimal(100), "%"),
        ("TIME", "Ketepatan waktu penyusunan", Decimal(12), "Bulan"),
    ]
    for aspect, label, value, unit in aspects if three_aspects else aspects[:1]:
        Indicator.objects.create(
            agency_id=plan.agency_id,
            work_result=result,
            text=label,
            aspect=aspect,
            target_value=value,
            target_unit=unit,
        )
    return result


def add_planning_dialogue(plan: PerformancePlan, on: dt.date = dt.date(2026, 1, 5)) -> Dialogue:
    return Dialogue.objects.create(
        agency_id=plan.agency_id,
        plan=plan,
        date=on,
        topic="PLANNING",
        notes="Dialog kinerja",
        employee_id=plan.employee_id,
        appraiser_id=plan.appraiser_id,
        appraiser_official_id=plan.appraiser_official_id,
    )


def make_ready(
    plan: PerformancePlan,
    supports: WorkResult | None = None,
    text: str = "Tersusunnya dokumen perencanaan",
) -> WorkResult:
    """Give a draft what submission needs: one MAIN RHK with indicators and a dialogue."""
    result = add_work_result(plan, text, supports=supports)
    add_planning_dialogue(plan)
    return result


def approver_user(org: Org, plan: PerformancePlan) -> User:
    """The user who records the approval: the approver, or HR for an external official."""
    person = plan.approver_id if plan.family == "JPT" else plan.appraiser_id
    if person is None:
        return org.hr
    return next(u for u in org.users.values() if u.employee_id == person)


def submit_and_approve(org: Org, plan: PerformancePlan, today: dt.date = TODAY) -> PerformancePlan:
    from kinerja.planning.services.transitions import plan_transition

    owner = next(u for u in org.users.values() if u.employee_id == plan.employee_id)
    plan_transition(actor=owner, plan=plan, action="submit", today=today, confirm_warnings=True)
    if plan.cycle.setting("hr_review_before_approval"):
        plan_transition(actor=org.hr, plan=plan, action="review", today=today)
    plan_transition(actor=approver_user(org, plan), plan=plan, action="approve", today=today)
    plan.refresh_from_db()
    return plan


@dataclass
class Chain:
    cycle: Cycle
    sekda: PerformancePlan
    kadis: PerformancePlan
    kabid: PerformancePlan
    staff: PerformancePlan
    jf: PerformancePlan
    sekda_rhk: WorkResult
    kadis_rhk: WorkResult
    kabid_rhk: WorkResult


def approved_chain(org: Org) -> Chain:
    """Sekda, Kadis and Kabid approved through the services; staff and JF still DRAFT."""
    cycle = open_cycle(org)
    sekda = plan_of(org.sekda, cycle)
    sekda_rhk = make_ready(sekda, text="Meningkatnya kualitas tata kelola pemerintahan daerah")
    submit_and_approve(org, sekda)
    kadis = plan_of(org.kadis, cycle)
    kadis_rhk = make_ready(kadis, text="Meningkatnya akses dan mutu pendidikan dasar")
    submit_and_approve(org, kadis)
    kabid = plan_of(org.kabid, cycle)
    kabid_rhk = make_ready(
        kabid, supports=kadis_rhk, text="Tersusunnya kebijakan teknis pendidikan dasar"
    )
    submit_and_approve(org, kabid)
    return Chain(
        cycle=cycle,
        sekda=sekda,
        kadis=kadis,
        kabid=kabid,
        staff=plan_of(org.staff, cycle),
        jf=plan_of(org.jf, cycle),
        sekda_rhk=sekda_rhk,
        kadis_rhk=kadis_rhk,
        kabid_rhk=kabid_rhk,
    )


def rule_codes(error: Any) -> list[str]:
    """Rule ids of a ValidationError, whether keyed by field or a plain list (GEN-2)."""
    if hasattr(error, "error_dict"):
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


def first_rule(error: Any) -> str:
    return rule_codes(error)[0]
