"""Synthetic organisations at scale, for benchmarks and load tests (``kinerja synth``).

A *plan* (units, positions, people) is drawn from ``random.Random(seed)`` without touching the
database; ``synth_build`` then writes it with ``bulk_create`` in batches. Primary keys are
allocated in Python from the current maximum so that the materialised ``path`` ("/<id>/<id>/")
and ``depth`` of units and positions are computed before the insert, in one pass, and the
sequences are reset afterwards. Run it on a database nobody else is writing to.

The data obey the same rules as the services enforce: valid and unique NIPs (ID-1..ID-9), valid
position type and level (REF-13), one head position per unit (ORG-3), grades of the employee's
type (REF-12), one definitive assignment per employee (ORG-5). No audit entry is written per row;
each agency gets one entry saying it was generated.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from kinerja.core.audit import audit_record
from kinerja.core.models import AuditAction
from kinerja.demo.persons import NipAllocator, Person, Profile, make_person, position_start
from kinerja.org.choices import UnitKind
from kinerja.org.models import Agency, Grade, OrgUnit, Position
from kinerja.people.models import Assignment, Employee

BATCH_SIZE = 2000
EMPLOYEES_PER_UNIT = 25
MAX_DEPTH = 4  # depth counts from 0, so at most five levels of units
SYNTH_FIRST_SEQUENCE = 501  # demo NIPs use 001-499, so synthetic ones never collide with them
LATEST_START = dt.date(2026, 1, 2)
VACANT_HEAD_SHARE = 0.02
VACANT_STAFF_SHARE = 0.03

# fmt: off
TOPICS = (
    "Pendidikan", "Kesehatan", "Sosial", "Perhubungan", "Pekerjaan Umum", "Pertanian",
    "Perikanan", "Pariwisata", "Kebudayaan", "Lingkungan Hidup", "Perdagangan", "Perindustrian",
    "Koperasi dan UKM", "Kependudukan", "Pemberdayaan Masyarakat", "Komunikasi dan Informatika",
    "Ketenagakerjaan", "Perumahan", "Pangan", "Kearsipan", "Keuangan", "Perencanaan",
)
# Staff positions by kind of unit:
# (name, type, level, pelaksana group, field, education, weight, PPPK share)
CLERK = ("Pengadministrasi Perkantoran", "JA", "PELAKSANA", "KLEREK", "admin", "SMA", 3, 0.0)
OFFICE_STAFF = (
    ("Pengadministrasi Perkantoran", "JA", "PELAKSANA", "KLEREK", "admin", "SMA", 14, 0.0),
    ("Penata Layanan Operasional", "JA", "PELAKSANA", "OPERATOR", "admin", "S1", 14, 0.0),
    ("Operator Layanan Operasional", "JA", "PELAKSANA", "OPERATOR", "it", "D3", 8, 0.0),
    ("Teknisi Sarana dan Prasarana", "JA", "PELAKSANA", "TEKNISI", "engineering", "D3", 5, 0.0),
    ("Analis Kebijakan Ahli Pertama", "JF_KEAHLIAN", "AHLI_PERTAMA", "", "admin", "S1", 6, 0.1),
    ("Analis Kebijakan Ahli Muda", "JF_KEAHLIAN", "AHLI_MUDA", "", "admin", "S1", 4, 0.0),
    ("Perencana Ahli Muda", "JF_KEAHLIAN", "AHLI_MUDA", "", "planning", "S2", 2, 0.0),
    ("Pranata Komputer Terampil", "JF_KETERAMPILAN", "TERAMPIL", "", "it", "D3", 2, 0.2),
    ("Arsiparis Mahir", "JF_KETERAMPILAN", "MAHIR", "", "admin", "D3", 1, 0.0),
    ("Pranata Keuangan APBN Penyelia", "JF_KETERAMPILAN", "PENYELIA", "", "finance", "D3", 1, 0.0),
)
SCHOOL_STAFF = (
    ("Guru Ahli Pertama", "JF_KEAHLIAN", "AHLI_PERTAMA", "", "edu", "S1", 16, 0.3),
    ("Guru Ahli Muda", "JF_KEAHLIAN", "AHLI_MUDA", "", "edu", "S1", 10, 0.0),
    ("Guru Ahli Madya", "JF_KEAHLIAN", "AHLI_MADYA", "", "edu", "S2", 3, 0.0),
    CLERK,
)
HEALTH_STAFF = (
    ("Dokter Ahli Pertama", "JF_KEAHLIAN", "AHLI_PERTAMA", "", "health", "DOCTOR", 3, 0.0),
    ("Perawat Ahli Pertama", "JF_KEAHLIAN", "AHLI_PERTAMA", "", "nurse", "S1", 5, 0.3),
    ("Perawat Terampil", "JF_KETERAMPILAN", "TERAMPIL", "", "nurse", "D3", 5, 0.3),
    ("Bidan Terampil", "JF_KETERAMPILAN", "TERAMPIL", "", "midwife", "D3", 4, 0.2),
    ("Pranata Laboratorium Kesehatan Mahir", "JF_KETERAMPILAN", "MAHIR", "", "lab", "D3", 1, 0.0),
    CLERK,
)
# fmt: on
STAFF_MIX = {
    UnitKind.SCHOOL: (SCHOOL_STAFF, [row[6] for row in SCHOOL_STAFF]),
    UnitKind.HEALTH_CENTRE: (HEALTH_STAFF, [row[6] for row in HEALTH_STAFF]),
}
OFFICE_MIX = (OFFICE_STAFF, [row[6] for row in OFFICE_STAFF])
# Unit kinds and head positions by depth: (kind, name prefix, head type, head level, field).
LEVELS = (
    (UnitKind.SECRETARIAT, "Sekretariat Daerah", "JPT", "PRATAMA", "admin"),
    (UnitKind.OFFICE, "Dinas", "JPT", "PRATAMA", "admin"),
    (UnitKind.DIVISION, "Bidang", "JA", "ADMINISTRATOR", "admin"),
    (UnitKind.SUBDIVISION, "Seksi", "JA", "PENGAWAS", "admin"),
)
LEAF_KINDS = (
    (UnitKind.SCHOOL, "SD Negeri", "JF_KEAHLIAN", "AHLI_MADYA", "edu"),
    (UnitKind.HEALTH_CENTRE, "Puskesmas", "JF_KEAHLIAN", "AHLI_MADYA", "health"),
    (UnitKind.SERVICE_UNIT, "UPT", "JA", "PENGAWAS", "admin"),
)


@dataclass(slots=True)
class UnitPlan:
    parent: int | None
    depth: int
    code: str
    name: str
    kind: str
    serves_public: bool
    head: tuple[str, str, str]  # type, level and field of the head position


@dataclass(slots=True)
class PositionPlan:
    unit: int
    code: str
    name: str
    position_type: str
    level: str
    group: str
    is_head: bool
    reports_to: int | None  # index into the plan's positions


@dataclass(slots=True)
class PersonPlan:
    position: int
    person: Person
    start: dt.date


@dataclass
class AgencyPlan:
    units: list[UnitPlan] = field(default_factory=list)
    positions: list[PositionPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)


def _branching(units: int) -> int:
    """The smallest fan-out that fits ``units`` into MAX_DEPTH + 1 levels."""
    fan_out = 2
    while sum(fan_out**d for d in range(MAX_DEPTH + 1)) < units:
        fan_out += 1
    return fan_out


def _plan_units(rng: random.Random, count: int) -> list[UnitPlan]:
    fan_out = _branching(count)
    units: list[UnitPlan] = []
    for index in range(count):
        parent = None if index == 0 else (index - 1) // fan_out
        depth = 0 if parent is None else units[parent].depth + 1
        kind, prefix, *head = LEVELS[depth] if depth < MAX_DEPTH else rng.choice(LEAF_KINDS)
        topic = TOPICS[index % len(TOPICS)]
        name = prefix if depth == 0 else f"{prefix} {topic} {index}"
        if kind in (UnitKind.SCHOOL, UnitKind.HEALTH_CENTRE):
            name = f"{prefix} {index}"
        public = kind in (UnitKind.SCHOOL, UnitKind.HEALTH_CENTRE, UnitKind.SERVICE_UNIT)
        units.append(
            UnitPlan(
                parent, depth, f"U{index + 1:05d}", name, kind, public, (head[0], head[1], head[2])
            )
        )
    return units


Filled = tuple[int, str, str, str, str]  # position index, level, field, education, type


def _plan_heads(plan: AgencyPlan, rng: random.Random) -> tuple[list[int], list[Filled]]:
    """One head position per unit (ORG-3), reporting to the head of the parent unit."""
    heads: list[int] = []
    filled: list[Filled] = []
    for index, unit in enumerate(plan.units):
        position_type, level, field_name = unit.head
        reports_to = heads[unit.parent] if unit.parent is not None else None
        name = "Sekretaris Daerah" if unit.depth == 0 else f"Kepala {unit.name}"
        heads.append(len(plan.positions))
        plan.positions.append(
            PositionPlan(index, f"{unit.code}-00", name, position_type, level, "", True, reports_to)
        )
        if unit.depth == 0 or rng.random() >= VACANT_HEAD_SHARE:
            education = "DOCTOR" if unit.kind == UnitKind.HEALTH_CENTRE else "S2"
            filled.append((heads[-1], level, field_name, education, "PNS"))
    return heads, filled


def _plan_staff(plan: AgencyPlan, rng: random.Random, heads: list[int], count: int) -> list[Filled]:
    """``count`` staff spread over the units, plus a few vacant posts, reporting to the head."""
    per_unit = [0] * len(plan.units)
    for _ in range(count):
        per_unit[rng.randrange(len(plan.units))] += 1
    filled: list[Filled] = []
    for index, people in enumerate(per_unit):
        vacancies = sum(1 for _ in range(people) if rng.random() < VACANT_STAFF_SHARE)
        unit = plan.units[index]
        mix, weights = STAFF_MIX.get(unit.kind, OFFICE_MIX)
        for number in range(1, people + vacancies + 1):
            row = rng.choices(mix, weights=weights)[0]
            name, position_type, level, group, field_name, education, _weight, pppk = row
            filled_by = len(plan.positions)
            plan.positions.append(
                PositionPlan(
                    index,
                    f"{unit.code}-{number:02d}",
                    name,
                    position_type,
                    level,
                    group,
                    False,
                    heads[index],
                )
            )
            if number <= people:
                employee_type = "PPPK" if pppk and rng.random() < pppk else "PNS"
                filled.append((filled_by, level, field_name, education, employee_type))
    return filled


def plan_agency(employees: int, rng: random.Random, allocator: NipAllocator) -> AgencyPlan:
    """Units, positions and people for one agency with exactly ``employees`` people."""
    unit_count = max(1, min(employees, round(employees / EMPLOYEES_PER_UNIT)))
    plan = AgencyPlan(units=_plan_units(rng, unit_count))
    heads, filled = _plan_heads(plan, rng)
    filled += _plan_staff(plan, rng, heads, employees - len(filled))
    for position, level, field_name, education, employee_type in filled:
        profile = Profile(level, field_name, education, employee_type)
        person = make_person(rng, profile, allocator)
        start = position_start(rng, person, latest=LATEST_START)
        plan.people.append(PersonPlan(position, person, start))
    return plan


def synth_rows(employees: int, seed: int = 1) -> Iterator[dict[str, str]]:
    """Employee rows with the import's column names (``pegawai`` sheet), for CSV files.

    The same people, in the same order, as ``synth_build(employees, 1, seed)`` on a database
    without other synthetic data.
    """
    plan = plan_agency(
        employees,
        random.Random(seed),  # noqa: S311 - test data, not secrets
        NipAllocator(first_sequence=SYNTH_FIRST_SEQUENCE),
    )
    for planned in plan.people:
        person = planned.person
        yield {
            "nip": person.nip,
            "jenis_pegawai": person.employee_type,
            "nama": person.name,
            "gelar_depan": person.front_title,
            "gelar_belakang": person.back_title,
            "golongan": person.grade,
            "status": "ACTIVE",
            "email": "",
            "telepon": "",
        }


def _next_number() -> int:
    numbers = [
        int(m.group(1))
        for code in Agency.objects.filter(code__startswith="synth-").values_list("code", flat=True)
        if (m := re.fullmatch(r"synth-(\d+)", code))
    ]
    return max(numbers, default=0) + 1


def _next_id(model: type[OrgUnit] | type[Position] | type[Employee] | type[Assignment]) -> int:
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


def _insert(model: type[Model], attnames: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """INSERT ``rows`` (values for ``attnames``, already in database form) in batches.

    Plain ``executemany``: ``bulk_create`` spends most of its time preparing each field of each
    object, which for 300,000 rows costs over a minute. Other fields get their default; the
    ``auto_now`` timestamps get the current time.
    """
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    fields = [model._meta.get_field(name) for name in attnames]
    rest = [f for f in model._meta.concrete_fields if f.attname not in attnames]
    filler = tuple(
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_db_prep_save(f.get_default(), connection)
        for f in rest
    )
    columns = ", ".join(ops.quote_name(f.column) for f in (*fields, *rest))
    marks = ", ".join(["%s"] * (len(fields) + len(rest)))
    table = ops.quote_name(model._meta.db_table)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from _meta
    with connection.cursor() as cursor:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append((*row, *filler))
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)


def _tree_rows(base: int, parents: Iterator[int | None]) -> Iterator[tuple[int, str, int]]:
    """(id, path, depth) for nodes listed parents-first; path is "/<id>/<id>/" from the root."""
    paths: list[str] = []
    for index, parent in enumerate(parents):
        path = f"{paths[parent] if parent is not None else '/'}{base + index}/"
        paths.append(path)
        yield base + index, path, path.count("/") - 2


def _write(agency: Agency, plan: AgencyPlan, grades: dict[tuple[str, str], Grade]) -> None:
    unit_id, position_id = _next_id(OrgUnit), _next_id(Position)
    employee_id, assignment_id = _next_id(Employee), _next_id(Assignment)
    date = connection.ops.adapt_datefield_value
    tree = _tree_rows(unit_id, (u.parent for u in plan.units))
    _insert(
        OrgUnit,
        ("id", "agency_id", "parent_id", "code", "name", "kind", "serves_public", "path", "depth"),
        (
            (
                pk,
                agency.pk,
                None if u.parent is None else unit_id + u.parent,
                u.code,
                u.name,
                u.kind,
                u.serves_public,
                path,
                depth,
            )
            for u, (pk, path, depth) in zip(plan.units, tree, strict=True)
        ),
    )
    tree = _tree_rows(position_id, (p.reports_to for p in plan.positions))
    _insert(
        Position,
        (
            "id",
            "agency_id",
            "unit_id",
            "code",
            "name",
            "position_type",
            "level",
            "pelaksana_group",
            "is_unit_head",
            "reports_to_id",
            "path",
            "depth",
        ),
        (
            (
                pk,
                agency.pk,
                unit_id + p.unit,
                p.code,
                p.name,
                p.position_type,
                p.level,
                p.group,
                p.is_head,
                None if p.reports_to is None else position_id + p.reports_to,
                path,
                depth,
            )
            for p, (pk, path, depth) in zip(plan.positions, tree, strict=True)
        ),
    )
    grade_ids = {key: grade.pk for key, grade in grades.items()}
    _insert(
        Employee,
        (
            "id",
            "agency_id",
            "nip",
            "employee_type",
            "name",
            "front_title",
            "back_title",
            "birth_date",
            "gender",
            "civil_service_start",
            "grade_id",
        ),
        (
            (
                employee_id + i,
                agency.pk,
                p.nip,
                p.employee_type,
                p.name,
                p.front_title,
                p.back_title,
                date(p.birth_date),
                p.gender,
                date(p.appointed) if p.employee_type == "PNS" else None,
                grade_ids[(p.employee_type, p.grade)],
            )
            for i, p in enumerate(planned.person for planned in plan.people)
        ),
    )
    _insert(
        Assignment,
        ("id", "agency_id", "employee_id", "position_id", "start_date"),
        (
            (
                assignment_id + i,
                agency.pk,
                employee_id + i,
                position_id + planned.position,
                date(planned.start),
            )
            for i, planned in enumerate(plan.people)
        ),
    )


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(
        no_style(), [OrgUnit, Position, Employee, Assignment]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def synth_build(employees: int, agencies: int = 1, seed: int = 1) -> list[Agency]:
    """Build ``agencies`` organisations with ``employees`` people in total (codes synth-N)."""
    if employees < agencies or agencies < 1:
        raise ValueError("Need at least one agency and one employee per agency.")
    grades = {(g.employee_type, g.code): g for g in Grade.objects.all()}
    allocator = NipAllocator(
        taken=Employee.objects.values_list("nip", flat=True), first_sequence=SYNTH_FIRST_SEQUENCE
    )
    share, extra = divmod(employees, agencies)
    built = []
    with transaction.atomic():
        first = _next_number()
        for offset in range(agencies):
            number = first + offset
            # Agency i of seed s draws from its own stream; agency 1 matches synth_rows(n, s).
            rng = random.Random(seed if offset == 0 else seed * 1000 + offset)  # noqa: S311
            plan = plan_agency(share + (1 if offset < extra else 0), rng, allocator)
            agency = Agency.objects.create(
                name=f"Pemerintah Kabupaten Sintetis {number}",
                code=f"synth-{number}",
                level="REGENCY",
                place="Sintetis",
            )
            _write(agency, plan, grades)
            audit_record(
                actor=None,
                obj=agency,
                agency_id=agency.pk,
                action=AuditAction.CREATE,
                after={
                    "employees": len(plan.people),
                    "units": len(plan.units),
                    "positions": len(plan.positions),
                },
                reason=f"kinerja synth --seed {seed}",
            )
            built.append(agency)
        _reset_sequences()
    return built
