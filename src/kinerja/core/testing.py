"""Small builders for tests in every app: a minimal, valid organisation in a few calls.

They go through the services, so what tests build obeys the same rules as real data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.org.grades import ensure_grades
from kinerja.org.models import Agency, Grade, OrgUnit, Position
from kinerja.org.services import position_save, unit_save
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import build_nip
from kinerja.people.services import assignment_save, employee_save

PASSWORD = "kinerja-test-2026"  # noqa: S105 - test accounts only
_seq = itertools.count(1)


def make_agency(code: str = "test", level: str = "REGENCY", name: str | None = None) -> Agency:
    agency, _ = Agency.objects.get_or_create(
        code=code,
        defaults={
            "name": name or f"Pemerintah Kabupaten {code.title()}",
            "level": level,
            "place": code.title(),
        },
    )
    return agency


def make_unit(
    agency: Agency, name: str = "Unit", parent: OrgUnit | None = None, **fields: Any
) -> OrgUnit:
    code = fields.pop("code", f"U{next(_seq)}")
    return unit_save(
        actor=None, unit=OrgUnit(agency=agency, parent=parent, code=code, name=name, **fields)
    )


def make_position(
    unit: OrgUnit,
    name: str = "Jabatan",
    reports_to: Position | None = None,
    position_type: str = "JA",
    level: str = "PELAKSANA",
    **fields: Any,
) -> Position:
    code = fields.pop("code", f"P{next(_seq)}")
    return position_save(
        actor=None,
        position=Position(
            agency_id=unit.agency_id,
            unit=unit,
            code=code,
            name=name,
            reports_to=reports_to,
            position_type=position_type,
            level=level,
            **fields,
        ),
    )


def make_employee(
    agency: Agency,
    name: str | None = None,
    *,
    position: Position | None = None,
    start: dt.date = dt.date(2020, 1, 1),
    employee_type: str = "PNS",
    grade: str | None = "III/a",
    **fields: Any,
) -> Employee:
    n = next(_seq)
    nip = fields.pop("nip", None) or build_nip(
        dt.date(1980, 1, 1) + dt.timedelta(days=n % 5000),
        dt.date(2005, 3, 1),
        "M" if n % 2 else "F",
        n % 999 + 1,
        employee_type,
    )
    ensure_grades()
    grade_obj = (
        Grade.objects.get(
            employee_type=employee_type, code=grade if employee_type == "PNS" else "IX"
        )
        if grade
        else None
    )
    employee = employee_save(
        actor=None,
        employee=Employee(
            agency=agency,
            nip=nip,
            employee_type=employee_type,
            name=name or f"Pegawai {n}",
            grade=grade_obj,
            **fields,
        ),
    )
    if position is not None:
        assignment_save(
            actor=None,
            assignment=Assignment(
                agency=agency, employee=employee, position=position, start_date=start
            ),
        )
    return employee


def make_user(
    employee: Employee | None = None,
    *,
    agency: Agency | None = None,
    username: str | None = None,
    roles: tuple[str, ...] = (),
    superuser: bool = False,
) -> User:
    agency = agency or (employee.agency if employee else None)
    user = User(
        username=username or (employee.nip if employee else f"user{next(_seq)}"),
        employee=employee,
        agency=agency,
        is_superuser=superuser,
        is_staff=superuser,
    )
    user.set_password(PASSWORD)
    user.save()
    for role in roles:
        RoleGrant.objects.create(user=user, agency=agency, role=role)
    return user


def hr_user(agency: Agency) -> User:
    return make_user(agency=agency, roles=(Role.HR_ADMIN,))
