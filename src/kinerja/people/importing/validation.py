"""Rules that need the whole file and the agency's stored data, checked set-based.

The stored rows of the agency are read once into dicts; each file row is merged over its stored
counterpart (matched by code, NIP, or NIP + position code + start date) and the merged values
are checked with the same rules as the services (org/services.py, people/services.py): ORG-2
parent and cycles, ORG-3 one head per unit, ORG-4 position references and cycles, REF-14, ID-9
uniqueness, INT-1 employee type, ORG-5 overlapping definitive assignments and ORG-2 inactive
units. Nothing is written here.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinerja.org.config import agency_setting
from kinerja.org.models import Agency, Grade, OrgUnit, Position
from kinerja.people.choices import AssignmentKind
from kinerja.people.importing.columns import Kind
from kinerja.people.importing.parsing import COLUMN_OF, Row
from kinerja.people.importing.report import ImportReport
from kinerja.people.models import Assignment, Employee, FormerNumber
from kinerja.people.nip import NipError, check_appointment_age

LOOKUP_CHUNK = 2000

# Compared fields per kind, references as codes/NIPs ("code space"), with defaults for new rows.
FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.UNITS: ("code", "name", "kind", "parent", "serves_public", "is_active"),
    Kind.POSITIONS: (
        "code",
        "name",
        "unit",
        "position_type",
        "level",
        "reports_to",
        "is_unit_head",
        "independent_unit_head",
        "pelaksana_group",
    ),
    Kind.EMPLOYEES: (
        "nip",
        "employee_type",
        "name",
        "front_title",
        "back_title",
        "birth_date",
        "gender",
        "civil_service_start",
        "grade",
        "status",
        "email",
        "phone",
    ),
    Kind.ASSIGNMENTS: ("employee", "position", "kind", "start_date", "end_date"),
}
DEFAULTS: dict[Kind, dict[str, Any]] = {
    Kind.UNITS: {"parent": None, "kind": "OTHER", "serves_public": False, "is_active": True},
    Kind.POSITIONS: {
        "reports_to": None,
        "is_unit_head": False,
        "independent_unit_head": False,
        "pelaksana_group": "",
    },
    Kind.EMPLOYEES: {
        "front_title": "",
        "back_title": "",
        "grade": None,
        "status": "ACTIVE",
        "email": "",
        "phone": "",
    },
    Kind.ASSIGNMENTS: {"end_date": None, "kind": AssignmentKind.DEFINITIVE.value},
}


@dataclass(slots=True)
class Stored:
    pk: int
    values: dict[str, Any]


@dataclass(slots=True)
class Planned:
    """A clean file row with its final values and what it changes (nothing: unchanged)."""

    row: int
    key: Any
    final: dict[str, Any]
    stored: Stored | None
    changed: tuple[str, ...]


@dataclass
class State:
    """The agency's stored records in code space, keyed like the file rows."""

    agency: Agency
    units: dict[str, Stored] = field(default_factory=dict)
    positions: dict[str, Stored] = field(default_factory=dict)
    employees: dict[str, Stored] = field(default_factory=dict)
    assignments: dict[tuple[str, str, dt.date], Stored] = field(default_factory=dict)
    grade_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    foreign_nips: set[str] = field(default_factory=set)
    former_nips: set[str] = field(default_factory=set)  # numbers someone held before (ID-9)


@dataclass
class Plan:
    state: State
    planned: dict[Kind, list[Planned]] = field(default_factory=dict)


def load_state(agency: Agency, rows: dict[Kind, list[Row]]) -> State:
    """Read what the checks need in a handful of queries (none per row)."""
    state = State(agency=agency)
    grades = list(Grade.objects.values_list("id", "employee_type", "code"))
    state.grade_ids = {(kind, code): pk for pk, kind, code in grades}
    unit_codes = _load_units(state)
    position_codes = _load_positions(state, unit_codes)
    nips = _load_employees(state, {pk: code for pk, _kind, code in grades})
    new_nips = [
        row.key
        for row in rows.get(Kind.EMPLOYEES, [])
        if row.key and row.key not in state.employees
    ]
    state.foreign_nips = _foreign_nips(agency, new_nips)
    state.former_nips = _former_nips(new_nips)
    _load_assignments(state, nips, position_codes)
    return state


def _load_units(state: State) -> dict[int, str]:
    names = ("code", "name", "kind", "parent_id", "serves_public", "is_active")
    rows = list(OrgUnit.objects.filter(agency=state.agency).values_list("id", *names))
    codes = {pk: code for pk, code, *_rest in rows}
    for pk, *values in rows:
        stored = dict(zip(names, values, strict=True))
        stored["parent"] = codes.get(stored.pop("parent_id"))
        state.units[stored["code"]] = Stored(pk, stored)
    return codes


def _load_positions(state: State, unit_codes: dict[int, str]) -> dict[int, str]:
    names = (
        "code",
        "name",
        "unit_id",
        "position_type",
        "level",
        "reports_to_id",
        "is_unit_head",
        "independent_unit_head",
        "pelaksana_group",
    )
    rows = list(Position.objects.filter(agency=state.agency).values_list("id", *names))
    codes = {pk: code for pk, code, *_rest in rows}
    for pk, *values in rows:
        stored = dict(zip(names, values, strict=True))
        stored["unit"] = unit_codes.get(stored.pop("unit_id"))
        stored["reports_to"] = codes.get(stored.pop("reports_to_id"))
        state.positions[stored["code"]] = Stored(pk, stored)
    return codes


def _load_employees(state: State, grade_codes: dict[int, str]) -> dict[int, str]:
    names = [name for name in FIELDS[Kind.EMPLOYEES] if name != "grade"]
    nips: dict[int, str] = {}
    employees = Employee.objects.filter(agency=state.agency)
    for pk, grade_id, *values in employees.values_list("id", "grade_id", *names).iterator(
        chunk_size=LOOKUP_CHUNK
    ):
        stored = dict(zip(names, values, strict=True))
        stored["grade"] = grade_codes.get(grade_id)
        state.employees[stored["nip"]] = Stored(pk, stored)
        nips[pk] = stored["nip"]
    return nips


def _load_assignments(state: State, nips: dict[int, str], position_codes: dict[int, str]) -> None:
    names = ("id", "employee_id", "position_id", "kind", "start_date", "end_date")
    assignments = Assignment.objects.filter(agency=state.agency).values_list(*names)
    for pk, employee_id, position_id, kind, start, end in assignments.iterator(
        chunk_size=LOOKUP_CHUNK
    ):
        key = (nips.get(employee_id, ""), position_codes.get(position_id, ""), start)
        state.assignments[key] = Stored(
            pk,
            {
                "employee": key[0],
                "position": key[1],
                "kind": kind,
                "start_date": start,
                "end_date": end,
            },
        )


def _foreign_nips(agency: Agency, nips: list[str]) -> set[str]:
    """ID-9: NIPs of the file already held by an employee of another agency."""
    return _numbers_among(Employee.objects.exclude(agency=agency), "nip", nips)


def _former_nips(nips: list[str]) -> set[str]:
    """ID-9: NIPs of the file that an employee held before (in any agency): never reused."""
    return _numbers_among(FormerNumber.objects.all(), "number", nips)


def _numbers_among(stored: QuerySet[Any], field: str, nips: list[str]) -> set[str]:
    """Which of ``nips`` are in ``stored``: all of it read when it holds fewer rows than are
    asked (the usual case), else IN lookups of LOOKUP_CHUNK numbers."""
    wanted = list(dict.fromkeys(nips))
    if stored.count() <= len(wanted):
        return set(stored.values_list(field, flat=True)) & set(wanted)
    found: set[str] = set()
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        found.update(stored.filter(**{f"{field}__in": chunk}).values_list(field, flat=True))
    return found


def validate(rows: dict[Kind, list[Row]], state: State, report: ImportReport) -> Plan:
    plan = Plan(state=state)
    checker = _Checker(rows, state, report)
    plan.planned[Kind.UNITS] = checker.units()
    plan.planned[Kind.POSITIONS] = checker.positions()
    plan.planned[Kind.EMPLOYEES] = checker.employees()
    plan.planned[Kind.ASSIGNMENTS] = checker.assignments()
    for kind, planned in plan.planned.items():
        counts = report.count(kind)
        counts.rows = len(rows.get(kind, []))
        for item in planned:
            if item.stored is None:
                counts.created += 1
            elif item.changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
    return plan


class _Checker:
    def __init__(self, rows: dict[Kind, list[Row]], state: State, report: ImportReport) -> None:
        self.rows = rows
        self.state = state
        self.report = report
        # Final state of the agency after the import, in code space.
        self.unit_parent: dict[str, str | None] = {}
        self.unit_active: dict[str, bool] = {}
        self.position_unit: dict[str, str] = {}

    def fail(self, kind: Kind, row: Row, field_name: str, rule: str, message: str) -> None:
        column = COLUMN_OF[kind].get(field_name, field_name)
        self.report.add(kind, row.number, column, rule, message)
        row.ok = False

    def merged(
        self, kind: Kind, stored: dict[str, Stored]
    ) -> Iterator[tuple[Row, dict[str, Any], Stored | None]]:
        """First row per key, merged over its stored record; later duplicates are errors.

        ``final`` holds every name of FIELDS[kind], in that order: the row's value, else the
        stored one, else the default (None when there is none). Once per row (10^5 per file),
        so it is built by copying a template and updating it in C rather than by a per-name
        comprehension; a row or record with a name outside FIELDS takes the comprehension.
        """
        fields = FIELDS[kind]
        width = len(fields)
        defaults = DEFAULTS[kind]
        blank = dict.fromkeys(fields)
        new = {name: defaults.get(name) for name in fields}
        first: dict[Any, int] = {}
        for row in self.rows.get(kind, []):
            if row.key is None or (isinstance(row.key, tuple) and None in row.key):
                continue
            if row.key in first:
                self.fail(
                    kind,
                    row,
                    _DUPLICATE_FIELD[kind],
                    _DUPLICATE_RULE[kind],
                    _("Duplikat dalam berkas: sama dengan baris %(row)s.")
                    % {"row": first[row.key]},
                )
                continue
            first[row.key] = row.number
            existing = stored.get(row.key)
            if existing is None:
                final = new.copy()
            else:
                final = blank.copy()
                final.update(existing.values)
            final.update(row.values)
            if len(final) != width:
                base = existing.values if existing else defaults
                final = {name: row.values.get(name, base.get(name)) for name in fields}
            yield row, final, existing

    def planned(
        self, kind: Kind, items: list[tuple[Row, dict[str, Any], Stored | None]]
    ) -> list[Planned]:
        fields = FIELDS[kind]
        result = []
        for row, final, existing in items:
            if not row.ok:
                continue
            # A new record changes every field: no per-name comparison for it.
            changed = (
                fields
                if existing is None
                else tuple(name for name in fields if existing.values.get(name) != final[name])
            )
            result.append(Planned(row.number, row.key, final, existing, changed))
        return result

    # --- units (ORG-2) ---------------------------------------------------------------------

    def units(self) -> list[Planned]:
        state = self.state
        self.unit_parent = {code: s.values["parent"] for code, s in state.units.items()}
        self.unit_active = {code: s.values["is_active"] for code, s in state.units.items()}
        items = list(self.merged(Kind.UNITS, state.units))
        for row, final, _existing in items:
            self.unit_parent[row.key] = final["parent"]
            self.unit_active[row.key] = final["is_active"]
        for row, final, _existing in items:
            parent = final["parent"]
            if parent == row.key:
                self.fail(
                    Kind.UNITS,
                    row,
                    "parent",
                    "ORG-2",
                    _("Unit tidak dapat menjadi induk dirinya sendiri."),
                )
            elif parent is not None and parent not in self.unit_parent:
                self.fail(
                    Kind.UNITS,
                    row,
                    "parent",
                    "ORG-2",
                    _("Unit induk %(code)s tidak dikenal.") % {"code": parent},
                )
        in_cycle = _cycle_members(self.unit_parent)
        for row, _final, _existing in items:
            if row.ok and row.key in in_cycle:
                self.fail(
                    Kind.UNITS,
                    row,
                    "parent",
                    "ORG-2",
                    _("Susunan ini membuat lingkaran pada pohon."),
                )
        return self.planned(Kind.UNITS, items)

    # --- positions (ORG-3, ORG-4, REF-13, REF-14) -----------------------------------------

    def positions(self) -> list[Planned]:
        state = self.state
        reports_to = {code: s.values["reports_to"] for code, s in state.positions.items()}
        self.position_unit = {code: s.values["unit"] for code, s in state.positions.items()}
        items = list(self.merged(Kind.POSITIONS, state.positions))
        in_file = {row.key for row, _final, _existing in items}
        for row, final, _existing in items:
            reports_to[row.key] = final["reports_to"]
            self.position_unit[row.key] = final["unit"]
        heads: dict[str, str] = {}
        for code, stored in state.positions.items():
            if code not in in_file and stored.values["is_unit_head"]:
                heads[stored.values["unit"]] = code
        for row, final, _existing in items:
            self._check_position(row, final, reports_to, heads)
        in_cycle = _cycle_members(reports_to)
        for row, _final, _existing in items:
            if row.ok and row.key in in_cycle:
                self.fail(
                    Kind.POSITIONS,
                    row,
                    "reports_to",
                    "ORG-4",
                    _("Susunan ini membuat lingkaran pada pohon."),
                )
        return self.planned(Kind.POSITIONS, items)

    def _check_position(
        self,
        row: Row,
        final: dict[str, Any],
        reports_to: dict[str, str | None],
        heads: dict[str, str],
    ) -> None:
        kind = Kind.POSITIONS
        if final["unit"] not in self.unit_parent:
            self.fail(
                kind,
                row,
                "unit",
                "ORG-4",
                _("Unit kerja %(code)s tidak dikenal.") % {"code": final["unit"]},
            )
        superior = final["reports_to"]
        if superior == row.key:
            self.fail(
                kind,
                row,
                "reports_to",
                "ORG-4",
                _("Jabatan tidak dapat menjadi atasan dirinya sendiri."),
            )
        elif superior is not None and superior not in reports_to:
            self.fail(
                kind,
                row,
                "reports_to",
                "ORG-4",
                _("Jabatan atasan %(code)s tidak dikenal.") % {"code": superior},
            )
        if final["pelaksana_group"] and final["level"] != "PELAKSANA":
            self.fail(
                kind,
                row,
                "pelaksana_group",
                "REF-14",
                _("Kelompok pelaksana hanya untuk jabatan pelaksana."),
            )
        if final["is_unit_head"]:
            holder = heads.setdefault(final["unit"], row.key)
            if holder != row.key:
                self.fail(
                    kind,
                    row,
                    "is_unit_head",
                    "ORG-3",
                    _("Unit %(unit)s sudah memiliki jabatan kepala unit (%(code)s).")
                    % {"unit": final["unit"], "code": holder},
                )

    # --- employees (ID-9, INT-1, REF-11, REF-12) -----------------------------------------

    def employees(self) -> list[Planned]:
        state = self.state
        items = list(self.merged(Kind.EMPLOYEES, state.employees))
        min_age = agency_setting(state.agency, "min_age_at_appointment")
        for row, final, existing in items:
            if min_age is not None and existing is None and row.ok:
                try:  # ID-3, only for numbers new to the agency (stored ones are not re-judged)
                    check_appointment_age(
                        final["birth_date"], final["civil_service_start"], min_age
                    )
                except NipError as error:
                    self.fail(Kind.EMPLOYEES, row, "nip", error.rule, error.message)
            if row.key in state.former_nips:
                self.fail(
                    Kind.EMPLOYEES,
                    row,
                    "nip",
                    "ID-9",
                    _("NIP %(nip)s pernah dipakai pegawai lain dan tidak boleh dipakai lagi.")
                    % {"nip": row.key},
                )
            elif row.key in state.foreign_nips:
                self.fail(
                    Kind.EMPLOYEES,
                    row,
                    "nip",
                    "ID-9",
                    _("NIP %(nip)s sudah terdaftar pada instansi lain.") % {"nip": row.key},
                )
            if (
                existing is not None
                and "employee_type" in row.values
                and existing.values["employee_type"] != final["employee_type"]
            ):
                self.fail(
                    Kind.EMPLOYEES,
                    row,
                    "employee_type",
                    "INT-1",
                    _(
                        "NIP %(nip)s terdaftar sebagai pegawai %(type)s; jenis pegawai tidak "
                        "dapat diubah lewat impor."
                    )
                    % {"nip": row.key, "type": existing.values["employee_type"]},
                )
            grade = final["grade"]
            if (
                grade is not None
                and row.ok
                and (final["employee_type"], grade) not in state.grade_ids
            ):
                self.fail(
                    Kind.EMPLOYEES,
                    row,
                    "grade",
                    "REF-12",
                    _("Golongan %(grade)s tidak terdaftar untuk pegawai %(type)s.")
                    % {"grade": grade, "type": final["employee_type"]},
                )
        return self.planned(Kind.EMPLOYEES, items)

    # --- assignments (INT-1, ORG-2, ORG-4, ORG-5) ----------------------------------------

    def assignments(self) -> list[Planned]:
        state = self.state
        known_nips = set(state.employees)
        known_nips.update(row.key for row in self.rows.get(Kind.EMPLOYEES, []) if row.key)
        items = list(self.merged(Kind.ASSIGNMENTS, state.assignments))
        for row, final, _existing in items:
            self._check_assignment(row, final, known_nips)
        self._check_overlaps(items)
        return self.planned(Kind.ASSIGNMENTS, items)

    def _check_assignment(self, row: Row, final: dict[str, Any], known_nips: set[str]) -> None:
        kind = Kind.ASSIGNMENTS
        if final["employee"] not in known_nips:
            self.fail(
                kind,
                row,
                "employee",
                "INT-1",
                _("NIP %(nip)s tidak terdaftar pada instansi ini.") % {"nip": final["employee"]},
            )
        unit = self.position_unit.get(final["position"])
        if final["position"] not in self.position_unit:
            self.fail(
                kind,
                row,
                "position",
                "ORG-4",
                _("Jabatan %(code)s tidak dikenal.") % {"code": final["position"]},
            )
        elif unit is not None and not self.unit_active.get(unit, True):
            self.fail(
                kind,
                row,
                "position",
                "ORG-2",
                _("Unit kerja %(unit)s tidak aktif.") % {"unit": unit},
            )
        if final["end_date"] is not None and final["end_date"] < final["start_date"]:
            self.fail(kind, row, "end_date", "ORG-5", _("Tanggal selesai sebelum tanggal mulai."))

    def _check_overlaps(self, items: list[tuple[Row, dict[str, Any], Stored | None]]) -> None:
        """ORG-5: one definitive post per employee, one definitive holder per position.

        As if the rows were saved one by one in file order: a row is refused when it meets a
        stored assignment that the file does not replace, or an earlier row that was accepted.
        """
        replaced = {row.key for row, _final, _existing in items}
        stored: dict[str, dict[str, list[Interval]]] = {
            "employee": defaultdict(list),
            "position": defaultdict(list),
        }
        for key, s in self.state.assignments.items():
            if key not in replaced and s.values["kind"] == AssignmentKind.DEFINITIVE:
                interval = (s.values["start_date"], s.values["end_date"] or dt.date.max)
                stored["employee"][s.values["employee"]].append(interval)
                stored["position"][s.values["position"]].append(interval)
        messages = {
            "employee": (
                "start_date",
                _("Penugasan bertumpang tindih dengan penugasan lain pegawai ini."),
            ),
            "position": (
                "position",
                _("Jabatan ini sudah dipegang pegawai lain pada tanggal tersebut."),
            ),
        }
        for side, (field_name, message) in messages.items():
            checkers: dict[str, _Timeline] = {}
            for row, final, _existing in items:
                if not row.ok or final["kind"] != AssignmentKind.DEFINITIVE:
                    continue
                key = final[side]
                timeline = checkers.get(key)
                if timeline is None:
                    timeline = checkers[key] = _Timeline(stored[side].get(key, []))
                if not timeline.accept(final["start_date"], final["end_date"] or dt.date.max):
                    self.fail(Kind.ASSIGNMENTS, row, field_name, "ORG-5", message)


Interval = tuple[dt.date, dt.date]


class _Timeline:
    """Stored intervals (may overlap each other) plus accepted ones (disjoint), O(log n) each."""

    def __init__(self, stored: list[Interval]) -> None:
        stored = sorted(stored)
        self.stored_starts = [start for start, _end in stored]
        self.stored_max_end: list[dt.date] = []
        latest = dt.date.min
        for _start, end in stored:
            latest = max(latest, end)
            self.stored_max_end.append(latest)
        self.starts: list[dt.date] = []
        self.ends: list[dt.date] = []

    def accept(self, start: dt.date, end: dt.date) -> bool:
        """Record [start, end] unless it meets a stored or accepted interval (inclusive)."""
        i = bisect.bisect_right(self.stored_starts, end)
        if i and self.stored_max_end[i - 1] >= start:
            return False
        # Accepted intervals are disjoint, so sorted by start they are sorted by end too.
        j = bisect.bisect_right(self.starts, end)
        if j and self.ends[j - 1] >= start:
            return False
        self.starts.insert(j, start)
        self.ends.insert(j, end)
        return True


_DUPLICATE_FIELD = {
    Kind.UNITS: "code",
    Kind.POSITIONS: "code",
    Kind.EMPLOYEES: "nip",
    Kind.ASSIGNMENTS: "start_date",
}
_DUPLICATE_RULE = {
    Kind.UNITS: "INT-3",
    Kind.POSITIONS: "INT-3",
    Kind.EMPLOYEES: "ID-9",
    Kind.ASSIGNMENTS: "ORG-5",
}


def _cycle_members(parent_of: dict[str, str | None]) -> set[str]:
    """Keys that lie on a cycle of the parent map (each node visited once)."""
    done: set[str] = set()
    members: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node in parent_of:
            if node in on_path:
                members.update(path[path.index(node) :])
                break
            path.append(node)
            on_path.add(node)
            node = parent_of[node]
        done.update(path)
    return members
