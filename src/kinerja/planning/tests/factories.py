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
