"""Set-based writes of a validated plan, with one audit entry per created or changed record.

Runs inside the caller's transaction. Rows go to the database with one prepared INSERT/UPDATE
per batch of 2,000 (``executemany``) instead of ``bulk_create``/``bulk_update``: the ORM's insert
compiler prepares every value of every row one by one and splits SQLite batches at 999 bound
parameters, which made 100,000 employees plus their 100,000 audit entries take ~40 s; the
prepared statements take a few seconds (bench/bench_import.py). Values are adapted with the
backend's own ``connection.ops`` adapters, so the stored rows are the ones the ORM would store.

Audit entries carry exactly what ``kinerja.core.audit.audit_entry`` would build for the same
record (same ``diff``, same snapshot fields, same object text); tests compare the two.

New tree nodes are inserted parents first (one group per tree level) so that their parent ids
are known, then ``path``/``depth`` of the agency's whole tree is recomputed in Python and only
the rows that differ are rewritten.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

from kinerja.core.audit import diff
from kinerja.core.created_audit import insert_created_audit
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


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """The backend adapter for values of ``field``; None when the driver takes them as they are."""
    if isinstance(field, models.DateTimeField):
        # Imports stamp every row with the same instant: adapt each distinct value once.
        return functools.lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        # Both drivers write a date as the ISO text the ops adapter would make (Django registers
        # that sqlite3 adapter; psycopg has its own): 2 x 10^5 Python calls saved per file.
        if connection.vendor in ("sqlite", "postgresql"):
            return None
        return connection.ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        encoder, adapt_json = field.encoder, connection.ops.adapt_json_value
        return lambda value: adapt_json(value, encoder)
    return None


def _prepared(
    fields: Sequence[models.Field[Any, Any]],
    rows: Iterable[Sequence[Any]],
    constants: Sequence[Any] = (),
) -> list[list[Any]]:
    """Adapted row values, then the already adapted ``constants`` appended to each row."""
    adapters = [
        (index, adapt)
        for index, field in enumerate(fields[: len(fields) - len(constants)])
        if (adapt := _adapter(field)) is not None
    ]
    # Once per row written (employees and audit entries: 2 x 10^5 per file): one list display,
    # then only the adapted columns touched.
    result = []
    append = result.append
    for row in rows:
        values = [*row, *constants]
        for index, adapt in adapters:
            value = values[index]
            if value is not None:
                values[index] = adapt(value)
        append(values)
    return result


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT ``rows`` (values in the order of ``names``) with one executemany per batch.

    Every other concrete field gets what the ORM would give it: now for auto_now(_add), else the
    field default; so a field added to the model later keeps the import working.
    """
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    others = [
        field for field in meta.concrete_fields if not field.primary_key and field.name not in names
    ]
    fields.extend(others)
    # Adapted once per call, not once per row (the datetime adapter alone is ~5 µs a value).
    defaults = _prepared(others, [[_default(field) for field in others]])[0] if others else []
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)  # type: ignore[attr-defined]
    mark = "?" if connection.vendor == "sqlite" else "%s"  # the driver's own style, see below
    row_marks = f"({', '.join([mark] * len(fields))})"
    per_statement = rows_per_statement(len(fields))

    def statement(count: int) -> str:
        # Identifiers come from the model's metadata; every value is a bound parameter.
        values = ", ".join([row_marks] * count)
        return f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608

    full = statement(per_statement)
    with connection.cursor() as cursor:
        execute = _driver_execute(cursor)
        for batch in chunks(rows):
            prepared = _prepared(fields, batch, defaults)
            for start in range(0, len(prepared), per_statement):
                part = prepared[start : start + per_statement]
                sql = full if len(part) == per_statement else statement(len(part))
                execute(sql, list(itertools.chain.from_iterable(part)))


def _driver_execute(cursor: Any) -> Callable[[str, list[Any]], Any]:
    """``execute`` of the database driver itself, for SQL written in its parameter style.

    Django's SQLite cursor rewrites every "%s" of a statement to "?" with a regular expression on
    each call: for inserts of a few thousand parameters that is a tenth of the insert. Same
    connection, same transaction; only Django's query logging does not see these statements.
    """
    if connection.vendor != "sqlite":
        return cursor.execute  # type: ignore[no-any-return]
    driver_execute = functools.partial(sqlite3.Cursor.execute, cursor.cursor)

    def execute(sql: str, params: list[Any]) -> Any:
        with connection.wrap_database_errors:  # django.db.IntegrityError etc., as elsewhere
            return driver_execute(sql, params)

    return execute


# Rows per INSERT: many rows to one statement, as far as the bound-parameter limit allows.
# SQLite runs a statement's set-up and its AUTOINCREMENT bookkeeping once per statement, so
# 100,000 employees went in 0.79 -> 0.56 s (bench/bench_import.py) against executemany.
MAX_ROWS_PER_STATEMENT = 250


def rows_per_statement(columns: int) -> int:
    return max(1, min(MAX_ROWS_PER_STATEMENT, _max_parameters() // columns))


def _max_parameters() -> int:
    """The bound parameters one statement may carry on this connection."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # The build's own limit (Django assumes 999, the default of very old SQLite builds).
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 65_535)  # PostgreSQL: 65,535


def _default(field: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()  # the default, "" for text, else None (as Model.__init__)


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]]
) -> None:
    """UPDATE ``names`` of each (pk, values) with one executemany per batch.

    ``bulk_update`` builds one CASE expression per field that SQLite evaluates row by row, so it
    grows quadratically with the batch; a prepared UPDATE per row stays linear.
    """
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)  # type: ignore[attr-defined]
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in chunks(rows):
            values = _prepared(fields, (row for _pk, row in batch))
            cursor.executemany(
                sql, [[*row, pk] for row, (pk, _v) in zip(values, batch, strict=True)]
            )


def retree(model: type[OrgUnit] | type[Position], agency_id: int, parent_attname: str) -> int:
    """Recompute path "/<root id>/…/<id>/" and depth for the agency's tree; write the changes."""
    rows = list(
        model.objects.filter(agency_id=agency_id).values_list("id", parent_attname, "path", "depth")
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
        (pk, (paths[pk], paths[pk].count("/") - 2))
        for pk, _parent, path, _depth in rows
        if paths[pk] != path
    ]
    update_rows(model, ["path", "depth"], changed)
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
        level = depth.get(node, -1)
        for item in reversed(chain):
            level += 1
            depth[item] = level
    levels: list[list[Planned]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for key, item in new.items():
        levels[depth[key]].append(item)
    return levels


def _getter(items: Sequence[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """``operator.itemgetter(*items)`` that returns a tuple for one item too."""
    get = operator.itemgetter(*items)
    return get if len(items) > 1 else lambda container: (get(container),)


@functools.cache
def _label_lower(model: type[models.Model]) -> str:
    """``model._meta.label_lower``, a property that formats a new string on every read."""
    return model._meta.label_lower


def _plain(value: Any) -> Any:
    """As kinerja.core.audit._plain for the values an import holds (dates; the rest as is)."""
    return value.isoformat() if isinstance(value, dt.date) else value


class AuditRows:
    """Audit entries as ``audit_entry`` builds them, written with ``insert_rows`` (GEN-4)."""

    NAMES = (
        "agency",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "reason",
    )  # "at": now, from insert_rows

    def __init__(self, *, actor: Any, agency_id: int, reason: str) -> None:
        self.actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        self.agency_id = agency_id
        self.reason = reason
        self.rows: list[tuple[Any, ...]] = []
        self.written = 0

    def add(
        self,
        model: type[models.Model],
        pk: int,
        text: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        self._append(model, pk, text, action, diff(before, after))

    def created(self, model: type[models.Model], pk: int, text: str, after: dict[str, Any]) -> None:
        """As audit_entry(action=CREATE, after=after): the values that are not None."""
        changes = {name: value for name, value in after.items() if value is not None}
        self._append(model, pk, text, AuditAction.CREATE, changes)

    def _append(
        self,
        model: type[models.Model],
        pk: int,
        text: str,
        action: str,
        changes: dict[str, list[Any]],
    ) -> None:
        self.rows.append(
            (
                self.agency_id,
                self.actor_id,
                action,
                _label_lower(model),  # once per audit entry
                str(pk),
                text[:255],
                changes,
                self.reason,
            )
        )
        if len(self.rows) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        insert_rows(AuditEntry, self.NAMES, self.rows)
        self.written += len(self.rows)
        self.rows = []


def _full_name(values: dict[str, Any]) -> str:
    return str(Employee.full_name.fget(SimpleNamespace(**values)))  # type: ignore[attr-defined]


def _assignment_text(person: str, post: str, start: dt.date, end: dt.date | None) -> str:
    return Assignment.__str__(
        SimpleNamespace(
            employee=person,
            position=post,  # type: ignore[arg-type]
            start_date=start,
            end_date=end,
        )
    )


class Writer:
    def __init__(self, plan: Plan, *, actor: Any, reason: str) -> None:
        self.plan = plan
        state = plan.state
        self.agency_id: int = state.agency.pk
        self.now = timezone.now()
        self.audit = AuditRows(actor=actor, agency_id=self.agency_id, reason=reason)
        self.unit_ids = {code: s.pk for code, s in state.units.items()}
        self.position_ids = {code: s.pk for code, s in state.positions.items()}
        self.employee_ids = {nip: s.pk for nip, s in state.employees.items()}
        self.grade_ids = state.grade_ids

    def run(self) -> None:
        self.units()
        self.positions()
        self.employees()
        self.assignments()
        self.audit.flush()

    def _split(self, kind: Kind) -> tuple[list[Planned], list[Planned]]:
        planned = self.plan.planned.get(kind, [])
        return (
            [p for p in planned if p.stored is None],
            [p for p in planned if p.stored is not None and p.changed],
        )

    def _ids_of(self, model: type[models.Model], key: str, keys: Sequence[str]) -> dict[str, int]:
        """Ids of just-inserted rows by natural key: an IN query, or one scan when many."""
        rows = model.objects.filter(agency_id=self.agency_id)
        if len(keys) > BATCH_SIZE:
            return dict(rows.values_list(key, "id").iterator(chunk_size=BATCH_SIZE))
        return dict(rows.filter(**{f"{key}__in": keys}).values_list(key, "id"))

    def _audit_updates(
        self,
        model: type[models.Model],
        items: Sequence[Planned],
        ids: Callable[[dict[str, Any]], dict[str, Any]],
        text: Callable[[Planned], str],
    ) -> None:
        for item in items:
            stored = item.stored.values  # type: ignore[union-attr]  (only updates reach here)
            self.audit.add(
                model,
                item.stored.pk,
                text(item),
                AuditAction.UPDATE,  # type: ignore[union-attr]
                ids({name: _plain(stored[name]) for name in item.changed}),
                ids({name: _plain(item.final[name]) for name in item.changed}),
            )

    # --- units -------------------------------------------------------------------------

    UNIT_COLUMNS = ("code", "name", "kind", "parent", "serves_public", "is_active")

    def _unit_values(self, final: dict[str, Any]) -> list[Any]:
        return [
            final["code"],
            final["name"],
            final["kind"],
            self.unit_ids.get(final["parent"] or ""),
            final["serves_public"],
            final["is_active"],
        ]

    def _unit_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if "parent" in values:
            values["parent"] = self.unit_ids.get(values["parent"] or "")
        return values

    def units(self) -> None:
        created, updated = self._split(Kind.UNITS)
        names = ["agency", *self.UNIT_COLUMNS]
        for level in tree_levels(created, "parent"):
            rows = [[self.agency_id, *self._unit_values(item.final)] for item in level]
            insert_rows(OrgUnit, names, rows)
            self.unit_ids.update(self._ids_of(OrgUnit, "code", [item.key for item in level]))
            for item, row in zip(level, rows, strict=True):
                after = dict(zip(self.UNIT_COLUMNS, row[1:], strict=True))
                after["external_id"] = ""
                self.audit.created(
                    OrgUnit,
                    self.unit_ids[item.key],
                    item.final["name"],
                    {f: after[f] for f in UNIT_FIELDS},
                )
        update_rows(
            OrgUnit,
            ["updated_at", *self.UNIT_COLUMNS[1:]],
            [
                (item.stored.pk, [self.now, *self._unit_values(item.final)[1:]])  # type: ignore[union-attr]
                for item in updated
            ],
        )
        self._audit_updates(OrgUnit, updated, self._unit_ids, lambda item: item.final["name"])
        if created or any("parent" in item.changed for item in updated):
            retree(OrgUnit, self.agency_id, "parent_id")

    # --- positions ---------------------------------------------------------------------

    POSITION_COLUMNS = (
        "code",
        "name",
        "unit",
        "position_type",
        "level",
        "reports_to",
        "is_unit_head",
        "independent_unit_head",
        "pelaksana_group",
    )

    def _position_values(self, final: dict[str, Any]) -> list[Any]:
        return [
            final["code"],
            final["name"],
            self.unit_ids[final["unit"]],
            final["position_type"],
            final["level"],
            self.position_ids.get(final["reports_to"] or ""),
            final["is_unit_head"],
            final["independent_unit_head"],
            final["pelaksana_group"],
        ]

    def _position_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if "unit" in values:
            values["unit"] = self.unit_ids.get(values["unit"] or "")
        if "reports_to" in values:
            values["reports_to"] = self.position_ids.get(values["reports_to"] or "")
        return values

    def positions(self) -> None:
        """ORG-3 holds after every statement: heads are set last, once old heads moved away."""
        created, updated = self._split(Kind.POSITIONS)
        head = self.POSITION_COLUMNS.index("is_unit_head")
        names = ["agency", *self.POSITION_COLUMNS]
        heads_later: list[str] = []
        for level in tree_levels(created, "reports_to"):
            rows, afters = [], []
            for item in level:
                values = self._position_values(item.final)
                after = dict(zip(self.POSITION_COLUMNS, values, strict=True))
                after.update(is_active=True, external_id="")
                afters.append({name: after[name] for name in POSITION_FIELDS})
                if values[head]:
                    heads_later.append(item.key)
                    values[head] = False
                rows.append([self.agency_id, *values])
            insert_rows(Position, names, rows)
            self.position_ids.update(self._ids_of(Position, "code", [i.key for i in level]))
            for item, after in zip(level, afters, strict=True):
                self.audit.created(Position, self.position_ids[item.key], item.final["name"], after)
        rows = []
        for item in updated:
            values = self._position_values(item.final)
            if values[head] and {"is_unit_head", "unit"} & set(item.changed):
                heads_later.append(item.key)
                values[head] = False
            rows.append((item.stored.pk, [self.now, *values[1:]]))  # type: ignore[union-attr]
        update_rows(Position, ["updated_at", *self.POSITION_COLUMNS[1:]], rows)
        update_rows(
            Position, ["is_unit_head"], [(self.position_ids[code], [True]) for code in heads_later]
        )
        self._audit_updates(Position, updated, self._position_ids, lambda item: item.final["name"])
        if created or any("reports_to" in item.changed for item in updated):
            retree(Position, self.agency_id, "reports_to_id")

    # --- employees ---------------------------------------------------------------------

    EMPLOYEE_COLUMNS = (
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
    )

    # Once per employee row: the plain columns are read with two C getters, grade goes to its id.
    _GRADE = EMPLOYEE_COLUMNS.index("grade")
    _BEFORE_GRADE = staticmethod(_getter(EMPLOYEE_COLUMNS[:_GRADE]))
    _AFTER_GRADE = staticmethod(_getter(EMPLOYEE_COLUMNS[_GRADE + 1 :]))

    def _employee_values(self, final: dict[str, Any]) -> list[Any]:
        code = final["grade"]
        return [
            *self._BEFORE_GRADE(final),
            self.grade_ids[(final["employee_type"], code)] if code else None,
            *self._AFTER_GRADE(final),
        ]

    def employees(self) -> None:
        created, updated = self._split(Kind.EMPLOYEES)
        names = ["agency", *self.EMPLOYEE_COLUMNS]
        rows = [[self.agency_id, *self._employee_values(item.final)] for item in created]
        insert_rows(Employee, names, rows)
        self.employee_ids.update(self._ids_of(Employee, "nip", [item.key for item in created]))
        self.audit.flush()  # entries keep the order of the writes
        self.audit.written += insert_created_audit(
            Employee,
            [self.employee_ids[item.key] for item in created],
            fields=EMPLOYEE_FIELDS,
            text=Employee.full_name_expression(),
            agency_id=self.agency_id,
            actor_id=self.audit.actor_id,
            reason=self.audit.reason,
            at=self.now,
        )
        update_rows(
            Employee,
            ["updated_at", *self.EMPLOYEE_COLUMNS[1:]],
            [
                (item.stored.pk, [self.now, *self._employee_values(item.final)[1:]])  # type: ignore[union-attr]
                for item in updated
            ],
        )
        self._audit_updates(
            Employee, updated, self._employee_grade_ids, lambda item: _full_name(item.final)
        )

    def _employee_grade_ids(self, values: dict[str, Any]) -> dict[str, Any]:
        if values.get("grade") is not None:
            # The type never changes on import (INT-1), so the code maps to one grade.
            code = values["grade"]
            values["grade"] = self.grade_ids.get(("PNS", code)) or self.grade_ids.get(
                ("PPPK", code)
            )
        return values

    # --- assignments -------------------------------------------------------------------

    def _texts(self) -> tuple[dict[str, str], dict[str, str]]:
        """Employee full names and position names by NIP / code, for the audit text."""
        state = self.plan.state
        people = {nip: s.values for nip, s in state.employees.items()}
        people.update((item.key, item.final) for item in self.plan.planned.get(Kind.EMPLOYEES, []))
        posts = {code: s.values["name"] for code, s in state.positions.items()}
        posts.update(
            (item.key, item.final["name"]) for item in self.plan.planned.get(Kind.POSITIONS, [])
        )
        wanted = {
            item.final["employee"]
            for item in self.plan.planned.get(Kind.ASSIGNMENTS, [])
            if item.changed
        }
        return {nip: _full_name(people[nip]) for nip in wanted}, posts

    def assignments(self) -> None:
        created, updated = self._split(Kind.ASSIGNMENTS)
        if not created and not updated:
            return
        people, posts = self._texts()
        names = ["agency", "employee", "position", "kind", "start_date", "end_date", "note"]
        for batch in chunks(created):
            rows = [
                [
                    self.agency_id,
                    self.employee_ids[item.final["employee"]],
                    self.position_ids[item.final["position"]],
                    item.final["kind"],
                    item.final["start_date"],
                    item.final["end_date"],
                    "",
                ]
                for item in batch
            ]
            insert_rows(Assignment, names, rows)
            ids = self._assignment_ids(rows)
            for item, row in zip(batch, rows, strict=True):
                self._audit_assignment(item, ids[(row[1], row[2], row[4])], row, people, posts)
        update_rows(
            Assignment,
            ["updated_at", "kind", "end_date"],
            [
                (item.stored.pk, [self.now, item.final["kind"], item.final["end_date"]])  # type: ignore[union-attr]
                for item in updated
            ],
        )
        for item in updated:
            final, stored = item.final, item.stored.values  # type: ignore[union-attr]
            text = _assignment_text(
                people[final["employee"]],
                posts[final["position"]],
                final["start_date"],
                final["end_date"],
            )
            before = {name: _plain(stored[name]) for name in item.changed}
            after = {name: _plain(final[name]) for name in item.changed}
            self.audit.add(Assignment, item.stored.pk, text, AuditAction.UPDATE, before, after)  # type: ignore[union-attr]
            old = _assignment_text(
                people[final["employee"]],
                posts[final["position"]],
                stored["start_date"],
                stored["end_date"],
            )
            self._trail(final["employee"], people, old, text)

    def _assignment_ids(self, rows: list[list[Any]]) -> dict[tuple[int, int, dt.date], int]:
        employee_ids = list(dict.fromkeys(row[1] for row in rows))
        found: dict[tuple[int, int, dt.date], int] = {}
        for batch in chunks(employee_ids):
            for pk, employee_id, position_id, start in Assignment.objects.filter(
                agency_id=self.agency_id, employee_id__in=batch
            ).values_list("id", "employee_id", "position_id", "start_date"):
                found[(employee_id, position_id, start)] = pk
        return found

    def _audit_assignment(
        self, item: Planned, pk: int, row: list[Any], people: dict[str, str], posts: dict[str, str]
    ) -> None:
        final = item.final
        text = _assignment_text(
            people[final["employee"]],
            posts[final["position"]],
            final["start_date"],
            final["end_date"],
        )
        after = dict(
            zip(
                ("employee", "position", "kind", "start_date", "end_date", "note"),
                row[1:],
                strict=True,
            )
        )
        self.audit.created(Assignment, pk, text, {f: _plain(after[f]) for f in ASSIGNMENT_FIELDS})
        self._trail(final["employee"], people, None, text)

    def _trail(self, nip: str, people: dict[str, str], before: str | None, after: str) -> None:
        # As assignment_save does: the employee's own trail shows the move too.
        self.audit.add(
            Employee,
            self.employee_ids[nip],
            people[nip],
            AuditAction.UPDATE,
            {"assignment": before},
            {"assignment": after},
        )
