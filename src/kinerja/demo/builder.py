"""Build the demo agencies through the services, so the data and its audit trail are real.

``demo_build`` is idempotent: an agency whose code already exists is left alone. Everything is
drawn from ``random.Random(seed)`` in a fixed order, so two fresh builds are identical (the
accounts table in ``docs/demo-accounts.md`` is generated from it).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.core.audit import audit_record, snapshot
from kinerja.core.models import AuditAction
from kinerja.demo import spec
from kinerja.demo.persons import NipAllocator, Profile, make_person, position_start
from kinerja.org.choices import OfficialRole
from kinerja.org.models import Agency, ExternalOfficial, Grade, OrgUnit, Position
from kinerja.org.services import agency_save, position_save, unit_save
from kinerja.people.choices import AssignmentKind
from kinerja.people.models import AppraiserOverride, Assignment, Employee
from kinerja.people.services import (
    appraiser_override_create,
    assignment_save,
    employee_save,
    employee_transfer,
)

DEMO_PASSWORD = "kinerja-demo-2026"  # noqa: S105 - published demo password, demo data only
ADMIN_USERNAME = "admin"


@dataclass
class Slot:
    """One position of the demo and what to put in it."""

    position: Position
    staff: spec.Staff
    employee_type: str


@dataclass
class AgencyBuild:
    spec: spec.AgencySpec
    agency: Agency
    hr: User
    rng: random.Random
    allocator: NipAllocator
    grades: dict[tuple[str, str], Grade]
    slots: list[Slot] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    employees: dict[str, Employee] = field(default_factory=dict)  # by position code

    def position(self, code: str) -> Position:
        return next(s.position for s in self.slots if s.position.code == code)


@dataclass(frozen=True)
class DemoResult:
    agencies: list[Agency]
    built: list[Agency]


def demo_build() -> DemoResult:
    """Create the demo agencies that do not exist yet, with every account (one transaction)."""
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing 300 times takes minutes
    with transaction.atomic():
        admin = _ensure_admin(password_hash)
        allocator = NipAllocator(taken=Employee.objects.values_list("nip", flat=True))
        agencies, built = [], []
        for agency_spec in spec.AGENCIES:
            agency = Agency.objects.filter(code=agency_spec.code).first()
            if agency is None:
                agency = _build_agency(agency_spec, admin, password_hash, allocator)
                built.append(agency)
            agencies.append(agency)
    return DemoResult(agencies=agencies, built=built)


def _ensure_admin(password_hash: str) -> User:
    admin = User.objects.filter(username=ADMIN_USERNAME).first()
    if admin is None:
        admin = User.objects.create(
            username=ADMIN_USERNAME, password=password_hash, is_superuser=True, is_staff=True
        )
    return admin


def _account(
    username: str,
    agency: Agency,
    password_hash: str,
    role: str = "",
    employee: Employee | None = None,
) -> User:
    user = User.objects.create(
        username=username, agency=agency, employee=employee, password=password_hash
    )
    if role:
        RoleGrant.objects.create(user=user, agency=agency, role=role)
    return user


def _build_agency(
    agency_spec: spec.AgencySpec, admin: User, password_hash: str, allocator: NipAllocator
) -> Agency:
    agency = agency_save(
        actor=admin,
        agency=Agency(
            name=agency_spec.name,
            code=agency_spec.code,
            level=agency_spec.level,
            place=agency_spec.place,
        ),
    )
    hr = _account(agency_spec.hr_username, agency, password_hash, Role.HR_ADMIN)
    if agency_spec.auditor_username:
        _account(agency_spec.auditor_username, agency, password_hash, Role.AUDITOR)
    grades = {(g.employee_type, g.code): g for g in Grade.objects.all()}
    build = AgencyBuild(
        spec=agency_spec,
        agency=agency,
        hr=hr,
        allocator=allocator,
        rng=random.Random(agency_spec.seed),  # noqa: S311 - demo data, not secrets
        grades=grades,
    )
    official = _official(build)
    top: Position | None = None
    for root in agency_spec.roots:
        head = _build_unit(build, root, parent=None, reports_to=top)
        top = top or head
    vacant = set(spec.VACANT) | {spec.TRANSFER[1]} if agency_spec.scenario else set()
    for slot in build.slots:
        if slot.position.code not in vacant:
            _fill(build, slot)
    if agency_spec.scenario:
        _scenario(build)
    sekda = build.employees[build.slots[0].position.code]
    appraiser_override_create(
        actor=hr,
        override=AppraiserOverride(
            agency=agency,
            employee=sekda,
            external_official=official,
            start_date=spec.SEKDA_OVERRIDE_FROM,
            reason=f"Sekretaris Daerah dinilai oleh {official.position_title} (ORG-7).",
        ),
    )
    _employee_accounts(build, password_hash, sekda)
    return agency


def _official(build: AgencyBuild) -> ExternalOfficial:
    official = ExternalOfficial(
        agency=build.agency,
        name=build.spec.official_name,
        position_title=build.spec.official_title,
        role=OfficialRole.KEPALA_DAERAH,
    )
    official.full_clean()
    official.save()
    audit_record(
        actor=build.hr,
        obj=official,
        action=AuditAction.CREATE,
        after=snapshot(official, ["name", "position_title", "role", "nip"]),
    )
    return official


def _build_unit(
    build: AgencyBuild,
    unit_spec: spec.UnitSpec,
    parent: OrgUnit | None,
    reports_to: Position | None,
) -> Position:
    """Create the unit, its head and staff positions, then its children; return the head."""
    unit = unit_save(
        actor=build.hr,
        unit=OrgUnit(
            agency=build.agency,
            parent=parent,
            code=unit_spec.code,
            name=unit_spec.name,
            kind=unit_spec.kind,
            serves_public=unit_spec.serves_public,
        ),
    )
    head = _position(build, unit, f"{unit.code}-00", unit_spec.head, reports_to, is_head=True)
    number = 0
    for staff in unit_spec.staff:
        for index in range(staff.count):
            number += 1
            is_pppk = index >= staff.count - staff.pppk
            _position(build, unit, f"{unit.code}-{number:02d}", staff, head, pppk=is_pppk)
    for child in unit_spec.children:
        _build_unit(build, child, parent=unit, reports_to=head)
    return head


def _position(
    build: AgencyBuild,
    unit: OrgUnit,
    code: str,
    staff: spec.Staff,
    reports_to: Position | None,
    *,
    is_head: bool = False,
    pppk: bool = False,
) -> Position:
    position = position_save(
        actor=build.hr,
        position=Position(
            agency=build.agency,
            unit=unit,
            code=code,
            name=staff.name,
            position_type=staff.position_type,
            level=staff.level,
            reports_to=reports_to,
            is_unit_head=is_head,
            pelaksana_group=staff.group,
        ),
    )
    build.slots.append(Slot(position, staff, "PPPK" if pppk else "PNS"))
    return position


def _fill(build: AgencyBuild, slot: Slot, *, start: dt.date | None = None) -> Employee:
    staff = slot.staff
    profile = Profile(
        level=staff.level,
        field=staff.field,
        education=staff.education,
        employee_type=slot.employee_type,
        female_share=staff.female_share,
    )
    person = make_person(build.rng, profile, build.allocator, build.used_names)
    employee = employee_save(
        actor=build.hr,
        employee=Employee(
            agency=build.agency,
            nip=person.nip,
            employee_type=person.employee_type,
            name=person.name,
            front_title=person.front_title,
            back_title=person.back_title,
            birth_date=person.birth_date,
            gender=person.gender,
            grade=build.grades[(person.employee_type, person.grade)],
        ),
    )
    assignment_save(
        actor=build.hr,
        assignment=Assignment(
            agency=build.agency,
            employee=employee,
            position=slot.position,
            start_date=start or position_start(build.rng, person, latest=spec.LATEST_START),
        ),
    )
    build.employees[slot.position.code] = employee
    return employee


def _scenario(build: AgencyBuild) -> None:
    """The Plt over a vacant post and one transfer (mutasi) dated 2026-07-01."""
    holder_code, acting_code, acting_from = spec.ACTING
    acting = build.position(acting_code)
    assignment_save(
        actor=build.hr,
        reason="Surat perintah Plt.",
        assignment=Assignment(
            agency=build.agency,
            employee=build.employees[holder_code],
            position=acting,
            kind=AssignmentKind.PLT,
            start_date=acting_from,
            note=f"Plt. {acting.name}",
        ),
    )
    from_code, to_code, on = spec.TRANSFER
    employee = build.employees.pop(from_code)
    employee_transfer(
        actor=build.hr,
        employee=employee,
        position=build.position(to_code),
        start_date=on,
        reason="Mutasi antar perangkat daerah.",
    )
    build.employees[to_code] = employee


def _employee_accounts(build: AgencyBuild, password_hash: str, sekda: Employee) -> None:
    """One account per employee (username = NIP); the Sekda's is the named head account."""
    if build.spec.head_username:
        _account(build.spec.head_username, build.agency, password_hash, Role.AGENCY_HEAD, sekda)
    linked = set(
        User.objects.filter(employee__agency=build.agency).values_list("employee_id", flat=True)
    )
    User.objects.bulk_create(
        [
            User(
                username=e.nip,
                employee=e,
                agency=build.agency,
                password=password_hash,
                first_name=e.name[:150],
            )
            for e in sorted(build.employees.values(), key=lambda e: e.nip)
            if e.pk not in linked
        ]
    )
