"""Set-based writes of a validated plan: bulk inserts, executemany updates, bulk audit (GEN-4).

Runs inside the caller's transaction. New tree nodes are inserted parents first (one batch list
per tree level) so their foreign keys are known, then the materialised ``path``/``depth`` of the
whole agency tree is recomputed in Python and only the rows that differ are rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from kinerja.core.audit import audit_bulk, audit_entry, snapshot
from kinerja.core.models import AuditAction, AuditEntry
from kinerja.org.models import OrgUnit, Position
from kinerja.org.services import POSITION_FIELDS, UNIT_FIELDS
from kinerja.people.importing.columns import Kind
from kinerja.people.importing.validation import Plan, Planned
from kinerja.people.models import Assignment, Employee
from kinerja.people.services import ASSIGNMENT_FIELDS, EMPLOYEE_FIELDS

BATCH_SIZE = 2000
T = TypeVar("T")


def chunks(items: Sequence[T], size: int = BATCH_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    touch: bool = True,
) -> None:
    """UPDATE the given fields of each object with one executemany per batch.

    ``bulk_update`` builds a CASE expression per field that SQLite evaluates row by row, which
    grows quadratically with the batch; a prepared UPDATE per row stays linear.
    """
    if not objs:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    if touch:
        columns.append(meta.get_field("updated_at"))
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now  # type: ignore[attr-defined]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    # Identifiers come from the model's metadata; every value is a bound parameter.
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in chunks(objs):
            cursor.executemany(
                sql,
                [
                    [
                        column.get_db_prep_save(getattr(obj, column.attname), connection)
                        for column in columns
                    ]
                    + [obj.pk]
                    for obj in batch
                ],
            )


def retree(model: type[OrgUnit] | type[Position], agency_id: int, parent_attname: str) -> int:
    """Recompute path "/<root id>/…/<id>/" and depth for the agency's tree; write the changes."""
    rows = model.objects.filter(agency_id=agency_id).values_list(
        "id", parent_attname, "path", "depth"
    )
    parent = {pk: parent_id for pk, parent_id, _path, _depth in rows}
    paths: dict[int, str] = {}
    for pk in parent:
        chain: list[int] = []
        node: int | None = pk
        while node is not None and node not in paths:
            chain.append(node)
            node = parent.get(node)
        prefix = paths[node] if node is not None else "/"
        for item in reversed(chain):
            prefix = f"{prefix}{item}/"
            paths[item] = prefix
    changed = [
        (paths[pk], paths[pk].count("/") - 2, pk)
        for pk, _parent, path, _depth in rows
        if paths[pk] != path
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"UPDATE {table} SET path = %s, depth = %s WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in chunks(changed):
            cursor.executemany(sql, list(batch))
    return len(changed)


def tree_levels(planned: Iterable[Planned], parent_field: str) -> list[list[Planned]]:
    """New rows grouped so that a row's new parent is always in an earlier group."""
    new = {item.key: item for item in planned}
    depth: dict[Any, int] = {}
    for key in new:
        chain = []
        node = key
        while node in new and node not in depth:
            chain.append(node)
            node = new[node].final[parent_field]
        level = depth.get(node, -1) if node in new else -1
        for item in reversed(chain):
            level += 1
            depth[item] = level
    levels: list[list[Planned]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for key, item in new.items():
        levels[depth[key]].append(item)
    return levels


class Writer:
    def __init__(self, plan: Plan, *, actor: Any, reason: str) -> None:
        self.plan = plan
        self.actor = actor
        self.reason = reason
        state = plan.state
        self.agency_id = state.agency.pk
        self.unit_ids = {code: s.pk for code, s in state.units.items()}
        self.position_ids = {code: s.pk for code, s in state.positions.items()}
        self.employee_ids = {nip: s.pk for nip, s in state.employees.items()}
        self.grade_ids = state.grade_ids
        self._people: dict[str, Employee] = {}
        self._posts: dict[str, Position] = {}

    def run(self) -> None:
        self.units()
        self.positions()
        self.employees()
        self.assignments()

    def audit(self, entries: Iterable[AuditEntry]) -> None:
        audit_bulk(entries)

    def _split(self, kind: Kind) -> tuple[list[Planned], list[Planned]]:
        planned = self.plan.planned.get(kind, [])
        return (
            [p for p in planned if p.stored is None],
            [p for p in planned if p.stored is not None and p.changed],
        )

    def _update_entries(
        self, objs: Sequence[models.Model], items: Sequence[Planned], to_ids: Any
    ) -> list[AuditEntry]:
        entries = []
        for obj, item in zip(objs, items, strict=True):
            stored = item.stored.values  # type: ignore[union-attr]  (only updates reach here)
            before = to_ids({name: stored[name] for name in item.changed})
            after = to_ids({name: item.final[name] for name in item.changed})
            entries.append(
                audit_entry(
                    actor=self.actor,
                    obj=obj,
                    action=AuditAction.UPDATE,
                    before=before,
                    after=after,
                    reason=self.reason,
                )
            )
        return entries

    # --- units -------------------------------------------------------------------------

    def _unit(self, item: Planned, pk: int | None = None) -> OrgUnit:
        final = item.final
        return OrgUnit(
            pk=pk,
            agency_id=self.agency_id,
            code=final["code"],
            name=final["name"],
            kind=final["kind"],
            parent_id=self.unit_ids.get(final["parent"] or ""),
            serves_public=final["serves_public"],
            is_active=final["is_active"],
        )

    def _unit_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if "parent" in values:
            values["parent"] = self.unit_ids.get(values["parent"] or "")
        return values

    def units(self) -> None:
        created, updated = self._split(Kind.UNITS)
        for level in tree_levels(created, "parent"):
            for batch in chunks(level):
                objs = OrgUnit.objects.bulk_create([self._unit(item) for item in batch])
                self.unit_ids.update((obj.code, obj.pk) for obj in objs)
                self.audit(self._create_entries(objs, UNIT_FIELDS))
        objs = [self._unit(item, item.stored.pk) for item in updated]  # type: ignore[union-attr]
        update_rows(OrgUnit, objs, ["name", "kind", "parent", "serves_public", "is_active"])
        self.audit(self._update_entries(objs, updated, self._unit_ids))
        if created or any("parent" in item.changed for item in updated):
            retree(OrgUnit, self.agency_id, "parent_id")

    def _create_entries(self, objs: Iterable[models.Model], fields: list[str]) -> list[AuditEntry]:
        return [
            audit_entry(
                actor=self.actor,
                obj=obj,
                action=AuditAction.CREATE,
                after=snapshot(obj, fields),
                reason=self.reason,
            )
            for obj in objs
        ]

    # --- positions ---------------------------------------------------------------------

    def _position(self, item: Planned, pk: int | None = None) -> Position:
        final = item.final
        return Position(
            pk=pk,
            agency_id=self.agency_id,
            code=final["code"],
            name=final["name"],
            unit_id=self.unit_ids[final["unit"]],
            position_type=final["position_type"],
            level=final["level"],
            reports_to_id=self.position_ids.get(final["reports_to"] or ""),
            is_unit_head=final["is_unit_head"],
            independent_unit_head=final["independent_unit_head"],
            pelaksana_group=final["pelaksana_group"],
        )

    def _position_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if "unit" in values:
            values["unit"] = self.unit_ids.get(values["unit"] or "")
        if "reports_to" in values:
            values["reports_to"] = self.position_ids.get(values["reports_to"] or "")
        return values

    def positions(self) -> None:
        """ORG-3 holds at every statement: new heads are set last, after old heads moved away."""
        created, updated = self._split(Kind.POSITIONS)
        heads_later: list[Position] = []
        for level in tree_levels(created, "reports_to"):
            for batch in chunks(level):
                objs = [self._position(item) for item in batch]
                heads = [obj for obj in objs if obj.is_unit_head]
                for obj in heads:
                    obj.is_unit_head = False
                objs = Position.objects.bulk_create(objs)
                for obj in heads:
                    obj.is_unit_head = True
                heads_later.extend(heads)
                self.position_ids.update((obj.code, obj.pk) for obj in objs)
                self.audit(self._create_entries(objs, POSITION_FIELDS))
        objs = [self._position(item, item.stored.pk) for item in updated]  # type: ignore[union-attr]
        self.audit(self._update_entries(objs, updated, self._position_ids))
        moved_heads = [
            obj
            for obj, item in zip(objs, updated, strict=True)
            if obj.is_unit_head and {"is_unit_head", "unit"} & set(item.changed)
        ]
        for obj in moved_heads:
            obj.is_unit_head = False
        update_rows(
            Position,
            objs,
            [
                "name",
                "unit",
                "position_type",
                "level",
                "reports_to",
                "is_unit_head",
                "independent_unit_head",
                "pelaksana_group",
            ],
        )
        for obj in [*heads_later, *moved_heads]:
            obj.is_unit_head = True
        update_rows(Position, [*heads_later, *moved_heads], ["is_unit_head"], touch=False)
        if created or any("reports_to" in item.changed for item in updated):
            retree(Position, self.agency_id, "reports_to_id")

    # --- employees ---------------------------------------------------------------------

    def _employee(self, item: Planned, pk: int | None = None) -> Employee:
        final = item.final
        grade = final["grade"]
        return Employee(
            pk=pk,
            agency_id=self.agency_id,
            nip=final["nip"],
            employee_type=final["employee_type"],
            name=final["name"],
            front_title=final["front_title"],
            back_title=final["back_title"],
            birth_date=final["birth_date"],
            gender=final["gender"],
            civil_service_start=final["civil_service_start"],
            grade_id=self.grade_ids[(final["employee_type"], grade)] if grade else None,
            status=final["status"],
            email=final["email"],
            phone=final["phone"],
        )

    def _employee_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if "grade" in values:
            # The type never changes on import (INT-1), so one type fits before and after.
            values["grade"] = self._grade_id(values["grade"])
        for name in ("birth_date", "civil_service_start"):
            if values.get(name) is not None:
                values[name] = values[name].isoformat()
        return values

    def _grade_id(self, code: str | None) -> int | None:
        if code is None:
            return None
        return self.grade_ids.get(("PNS", code)) or self.grade_ids.get(("PPPK", code))

    def employees(self) -> None:
        created, updated = self._split(Kind.EMPLOYEES)
        for batch in chunks(created):
            objs = Employee.objects.bulk_create([self._employee(item) for item in batch])
            self.employee_ids.update((obj.nip, obj.pk) for obj in objs)
            self.audit(self._create_entries(objs, EMPLOYEE_FIELDS))
        for batch in chunks(updated):
            objs = [self._employee(item, item.stored.pk) for item in batch]  # type: ignore[union-attr]
            update_rows(
                Employee,
                objs,
                [
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
                ],
            )
            self.audit(self._update_entries(objs, batch, self._employee_ids))

    # --- assignments -------------------------------------------------------------------

    def _person(self, nip: str) -> Employee:
        """A light Employee (id, names) so the audit text needs no query."""
        person = self._people.get(nip)
        if person is None:
            values = self.plan.state.employees[nip].values
            person = Employee(
                pk=self.employee_ids[nip],
                agency_id=self.agency_id,
                nip=nip,
                name=values["name"],
                front_title=values["front_title"],
                back_title=values["back_title"],
            )
            self._people[nip] = person
        return person

    def _post(self, code: str) -> Position:
        post = self._posts.get(code)
        if post is None:
            post = Position(
                pk=self.position_ids[code],
                agency_id=self.agency_id,
                code=code,
                name=self.plan.state.positions[code].values["name"],
            )
            self._posts[code] = post
        return post

    def _assignment(self, values: dict[str, Any], pk: int | None = None) -> Assignment:
        return Assignment(
            pk=pk,
            agency_id=self.agency_id,
            employee=self._person(values["employee"]),
            position=self._post(values["position"]),
            kind=values["kind"],
            start_date=values["start_date"],
            end_date=values["end_date"],
        )

    def _trail(self, person: Employee, before: Assignment | None, after: Assignment) -> AuditEntry:
        # As assignment_save does: the employee's own trail shows the move too.
        return audit_entry(
            actor=self.actor,
            obj=person,
            action=AuditAction.UPDATE,
            before={"assignment": str(before) if before else None},
            after={"assignment": str(after)},
            reason=self.reason,
        )

    def _assignment_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        for name in ("start_date", "end_date"):
            if values.get(name) is not None:
                values[name] = values[name].isoformat()
        return values

    def assignments(self) -> None:
        self._index_planned_people()
        created, updated = self._split(Kind.ASSIGNMENTS)
        for batch in chunks(created):
            objs = Assignment.objects.bulk_create([self._assignment(item.final) for item in batch])
            entries = self._create_entries(objs, ASSIGNMENT_FIELDS)
            entries.extend(self._trail(obj.employee, None, obj) for obj in objs)
            self.audit(entries)
        for batch in chunks(updated):
            objs = [self._assignment(item.final, item.stored.pk) for item in batch]  # type: ignore[union-attr]
            update_rows(Assignment, objs, ["kind", "end_date"])
            entries = self._update_entries(objs, batch, self._assignment_ids)
            entries.extend(
                self._trail(obj.employee, self._assignment(item.stored.values), obj)  # type: ignore[union-attr]
                for obj, item in zip(objs, batch, strict=True)
            )
            self.audit(entries)

    def _index_planned_people(self) -> None:
        """Names of employees and positions from this file, looked up by key in O(1)."""
        for item in self.plan.planned.get(Kind.EMPLOYEES, []):
            final = item.final
            self._people[item.key] = Employee(
                pk=self.employee_ids[item.key],
                agency_id=self.agency_id,
                nip=item.key,
                name=final["name"],
                front_title=final["front_title"],
                back_title=final["back_title"],
            )
        for item in self.plan.planned.get(Kind.POSITIONS, []):
            self._posts[item.key] = Position(
                pk=self.position_ids[item.key],
                agency_id=self.agency_id,
                code=item.key,
                name=item.final["name"],
            )
