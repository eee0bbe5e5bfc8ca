"""Reads of people data, scoped by role and by the position tree (a supervisor sees own staff)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_for
from kinerja.core.models import AuditEntry
from kinerja.org.models import Agency, EmployeeType, OrgUnit, Position
from kinerja.people.appraisal import active_on, assignments_on, position_holders
from kinerja.people.choices import AssignmentKind, EmployeeStatus
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import normalise_nip


def today() -> dt.date:
    return timezone.localdate()


def held_position_paths(employee: Employee | None, on: dt.date) -> list[str]:
    """Paths of every position the employee holds on ``on`` (definitive or acting)."""
    if employee is None:
        return []
    return list(
        assignments_on(on).filter(employee=employee).values_list("position__path", flat=True)
    )


def staff_filter(paths: list[str], on: dt.date) -> Q:
    """Employees holding a position strictly below any of ``paths`` on ``on``."""
    if not paths:
        return Q(pk__in=[])
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path) & ~Q(path=path)
    # The posts below first, then their assignments: the indexes lead from posts to
    # assignments instead of every current assignment being joined to its post's path.
    posts = Position.objects.filter(below).values("pk")
    staff = Assignment.objects.filter(active_on(on), position__in=posts).values("employee_id")
    return Q(pk__in=staff)


def employee_list_visible_to(user: Any, *, on: dt.date | None = None) -> QuerySet[Employee]:
    """HR, head, auditor: their agency (HR limited to their units, ORG-9). Others: self + staff."""
    on = on or today()
    roles = roles_of(user)
    employees = Employee.objects.all()
    if roles.is_system_admin:
        return employees
    if roles.agency_id is None:
        return employees.none()
    employees = employees.filter(agency_id=roles.agency_id)
    if roles.reads_whole_agency:
        return employees
    own = getattr(user, "employee", None)
    visible = staff_filter(held_position_paths(own, on), on)
    if own is not None:
        visible |= Q(pk=own.pk)
    if roles.hr_unit_paths:
        visible |= in_units_filter(roles.hr_unit_paths, on)
    return employees.filter(visible)


def in_units_filter(unit_paths: tuple[str, ...], on: dt.date) -> Q:
    """Employees holding a post on ``on`` in any of the units ``unit_paths`` or below (ORG-9)."""
    in_units = Q()
    for path in unit_paths:
        in_units |= Q(position__unit__path__startswith=path)
    return Q(pk__in=Assignment.objects.filter(active_on(on)).filter(in_units).values("employee_id"))


def employee_get_for_user(user: Any, nip: str, *, write: bool = False) -> Employee:
    """404 when out of scope; PermissionDenied when visible but not writable."""
    employee = (
        employee_list_visible_to(user).select_related("grade", "agency").filter(nip=nip).first()
    )
    if employee is None:
        raise Http404
    if write and not employee_writable_by(user, employee):
        raise PermissionDenied
    return employee


def employee_writable_by(user: Any, employee: Employee) -> bool:
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    if not roles.is_hr_admin or employee.agency_id != roles.agency_id:
        return False
    if not roles.hr_unit_paths:
        return True
    return employees_administered_by(user, employee.agency_id).filter(pk=employee.pk).exists()


def employees_administered_by(user: Any, agency_id: int) -> QuerySet[Employee]:
    """The employees of the agency whose records the user administers: all for the system
    admin and HR of the whole agency; for HR of some units those posted in the units today
    (ORG-9: the units alone, not oneself or one's own staff); none for anyone else.
    ``None`` is the shell (a management command): all of them."""
    employees = Employee.objects.filter(agency_id=agency_id)
    if user is None:
        return employees
    roles = roles_of(user)
    if roles.is_system_admin or (roles.is_agency_wide_hr and roles.agency_id == agency_id):
        return employees
    if roles.is_hr_admin and roles.agency_id == agency_id:
        return employees.filter(in_units_filter(roles.hr_unit_paths, today()))
    return employees.none()


def assignment_history(employee: Employee) -> QuerySet[Assignment]:
    return employee.assignments.select_related("position__unit").order_by("-start_date", "-id")


def supervises(user: Any, employee: Employee, on: dt.date | None = None) -> bool:
    """Whether the user's employee holds a position above ``employee``'s on ``on``."""
    on = on or today()
    paths = held_position_paths(getattr(user, "employee", None), on)
    return Employee.objects.filter(staff_filter(paths, on), pk=employee.pk).exists()


def supervises_anyone(user: Any, on: dt.date | None = None) -> bool:
    """Whether the user's employee holds a position that has anyone below it on ``on``."""
    on = on or today()
    paths = held_position_paths(getattr(user, "employee", None), on)
    return Employee.objects.filter(staff_filter(paths, on)).exists()


def employee_audit_for_user(user: Any, nip: str) -> QuerySet[AuditEntry]:
    """GEN-4 trail of an employee: HR, auditor, system admin. 404 out of scope, else 403."""
    employee = employee_get_for_user(user, nip)
    if not roles_of(user).reads_audit:
        raise PermissionDenied
    return audit_for(employee)


NIP_LENGTH = 18


def employee_search(
    employees: QuerySet[Employee],
    *,
    text: str = "",
    unit: OrgUnit | None = None,
    employee_type: str = "",
    status: str = "",
    agency: Agency | None = None,
    on: dt.date | None = None,
) -> QuerySet[Employee]:
    """Narrow a visible list: name or NIP (spaces allowed, ID-1), unit with its sub-units."""
    if agency is not None:
        employees = employees.filter(agency=agency)
    text = (text or "").strip()
    if text:
        digits = normalise_nip(text)
        if digits.isdigit() and len(digits) >= NIP_LENGTH:
            employees = employees.filter(nip=digits)
        elif digits.isdigit():
            # A NIP is 18 ASCII digits (ID-1), so a prefix is a range of the unique NIP index;
            # as a sub-query, the list is not walked in name order testing every row's NIP.
            prefixed = Employee.objects.filter(
                nip__gte=digits.ljust(NIP_LENGTH, "0"), nip__lte=digits.ljust(NIP_LENGTH, "9")
            )
            employees = employees.filter(pk__in=prefixed.values("pk"))
        else:
            employees = employees.filter(name__icontains=text)
    if unit is not None:
        # The subtree as a list of unit ids first: the indexes then lead from units to posts to
        # assignments, instead of every assignment being joined to its unit's path.
        subtree = OrgUnit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
        in_unit = assignments_on(on or today()).filter(
            kind=AssignmentKind.DEFINITIVE, position__unit__in=subtree.values("pk")
        )
        employees = employees.filter(pk__in=in_unit.values("employee_id"))
    if employee_type:
        employees = employees.filter(employee_type=employee_type)
    if status:
        employees = employees.filter(status=status)
    return employees


def employees_in_order(pks: list[int]) -> list[Employee]:
    """The employees ``pks`` names, in that order, with their grade (one query).

    Lists page over ids first (the name index holds them) and load only the page's rows: a
    deep page then skips index entries instead of whole rows.
    """
    found = Employee.objects.select_related("grade", "agency").in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]


def unit_staff(user: Any, unit: OrgUnit, on: dt.date) -> QuerySet[Employee]:
    """Employees the user may see whose current definitive post is in ``unit`` itself."""
    in_unit = assignments_on(on).filter(kind=AssignmentKind.DEFINITIVE, position__unit=unit)
    return employee_list_visible_to(user, on=on).filter(pk__in=in_unit.values("employee_id"))


@dataclass(frozen=True)
class PositionRow:
    position: Position
    is_held: bool
    holder: Employee | None  # named only when the user may see them, or the post is a head's
    holder_visible: bool


def unit_positions_for_user(user: Any, unit: OrgUnit, on: dt.date) -> list[PositionRow]:
    """The unit's positions with their holder on ``on``, in a fixed number of queries.

    Everyone in the agency sees the structure; a holder's name only if the user may see that
    person, except heads of units, whose names are part of the structure.
    """
    positions = list(unit.positions.order_by("path"))
    holders = position_holders([p.pk for p in positions], on)
    visible = set(
        employee_list_visible_to(user, on=on)
        .filter(pk__in=[e.pk for e in holders.values()])
        .values_list("pk", flat=True)
    )
    rows = []
    for position in positions:
        holder = holders.get(position.pk)
        shown = holder is not None and (holder.pk in visible or position.is_unit_head)
        rows.append(
            PositionRow(
                position=position,
                is_held=holder is not None,
                holder=holder if shown else None,
                holder_visible=holder is not None and holder.pk in visible,
            )
        )
    return rows


def position_choices(
    positions: QuerySet[Position], *, text: str, on: dt.date, limit: int
) -> list[Position]:
    """A page of ``positions`` matching ``text`` (name, code or unit), vacant ones first.

    ``is_held`` tells whether someone holds the post definitively on ``on`` (ORG-5).
    """
    text = (text or "").strip()
    if text:
        positions = positions.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(unit__name__icontains=text)
        )
    held = assignments_on(on).filter(kind=AssignmentKind.DEFINITIVE, position_id=OuterRef("pk"))
    return list(
        positions.annotate(is_held=Exists(held))
        .select_related("unit")
        .order_by("is_held", "unit__path", "path")[:limit]
    )


KIND_ORDER = {AssignmentKind.DEFINITIVE: 0, AssignmentKind.PLT: 1, AssignmentKind.PLH: 2}


TREE_LEVELS = 2  # the tree page shows two levels; deeper ones are opened one unit at a time
UNIT_SEARCH_LIMIT = 100


# Up to this many units, a subtree's count starts from its units (a few index lookups each)
# rather than from every current assignment of the agency.
SMALL_SUBTREE = 500


def unit_tree_rows(
    agency: Agency, on: dt.date, *, root: OrgUnit | None = None, levels: int = TREE_LEVELS
) -> list[dict[str, Any]]:
    """``levels`` levels of the tree (from the roots, or from ``root`` included), in path order.

    Each row: the unit, its head, ``employee_count`` of its whole subtree (current definitive
    assignments), ``unit_count`` (direct sub-units) and ``expandable`` (has sub-units not shown).
    Five queries whatever the agency's size: shown units (indexed agency + path prefix), the
    subtree's unit paths, one count of assignments grouped by unit (summed up to the shown units
    here), sub-units, heads. Rows are plain dicts: building model instances costs more than the
    queries themselves.
    """
    prefix, last_depth = (root.path, root.depth + levels - 1) if root else ("/", levels - 1)
    in_subtree = OrgUnit.objects.filter(agency=agency, path__startswith=prefix)
    units = list(
        in_subtree.filter(depth__lte=last_depth)
        .order_by("path")
        .values("id", "name", "code", "path", "depth", "is_active", "serves_public")
    )
    shown = {unit["path"]: unit for unit in units}
    for unit in units:
        unit["employee_count"] = 0
    paths = dict(in_subtree.values_list("id", "path"))
    # Grouped by unit id: grouping by the unit's path, or filtering on the root's path, joins
    # the unit table for every assignment (about 40 % slower at 100,000 employees,
    # bench/bench_pages.py). A small subtree is counted from its own units' positions; a large
    # one over the agency's assignments, whose units outside the subtree have no path here.
    counts = (
        assignments_on(on)
        .filter(agency=agency, kind=AssignmentKind.DEFINITIVE)
        .values_list("position__unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    if root is not None and len(paths) <= SMALL_SUBTREE:
        # As a subquery on positions, so that SQLite seeks the (agency, position) index
        # instead of filtering every assignment of the agency.
        posts = Position.objects.filter(unit_id__in=list(paths)).values("id")
        counts = counts.filter(position_id__in=posts)
    for unit_id, count in counts:
        path = paths.get(unit_id)
        if path is None:
            continue
        # Added to every shown unit on the path: a shown unit's count covers its whole subtree.
        end = 0
        for _ in range(last_depth + 1):
            end = path.find("/", end + 1)
            if end < 0:
                break
            unit = shown.get(path[: end + 1])
            if unit is not None:
                unit["employee_count"] += count
    ids = [unit["id"] for unit in units]
    children = dict(
        OrgUnit.objects.filter(parent_id__in=ids)
        .values_list("parent_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    heads = unit_heads(ids, on)
    for unit in units:
        unit["unit_count"] = children.get(unit["id"], 0)
        unit["expandable"] = unit["depth"] == last_depth and unit["unit_count"] > 0
        unit["head_name"], unit["head_acting"] = heads.get(unit["id"], (None, False))
    return units


def unit_heads(unit_ids: list[int], on: dt.date) -> dict[int, tuple[str, bool]]:
    """Unit id → (full name of the head on ``on``, acting?) in one query (ORG-3).

    From the head positions of the units (a small, indexed set), not from all assignments:
    SQLite then walks the partial one-head-per-unit index.
    """
    held_on = Q(assignments__start_date__lte=on) & (
        Q(assignments__end_date__isnull=True) | Q(assignments__end_date__gte=on)
    )
    best: dict[int, dict[str, Any]] = {}
    for head in (
        Position.objects.filter(held_on, unit_id__in=unit_ids, is_unit_head=True)
        .values(
            "unit_id",
            "assignments__kind",
            "assignments__employee__name",
            "assignments__employee__front_title",
            "assignments__employee__back_title",
        )
        .order_by("-assignments__start_date")
    ):
        # Like position_holder: the definitive head, else the Plt, else the Plh.
        known = best.get(head["unit_id"])
        if (
            known is None
            or KIND_ORDER[head["assignments__kind"]] < KIND_ORDER[known["assignments__kind"]]
        ):
            best[head["unit_id"]] = head
    # Employee.full_name on the plain values: building model instances costs more.
    return {
        unit_id: (
            Employee.full_name.fget(
                SimpleNamespace(
                    name=head["assignments__employee__name"],
                    front_title=head["assignments__employee__front_title"],
                    back_title=head["assignments__employee__back_title"],
                )
            ),
            head["assignments__kind"] != AssignmentKind.DEFINITIVE,
        )
        for unit_id, head in best.items()
    }


def unit_search_rows(agency: Agency, text: str, on: dt.date) -> list[dict[str, Any]]:
    """Units of ``agency`` whose name contains ``text`` (at most 100), in path order, each with
    its head and ``ancestors`` (names and ids from the root down), in three queries."""
    units = list(
        OrgUnit.objects.filter(agency=agency, name__icontains=text.strip())
        .order_by("path")
        .values("id", "name", "code", "path", "depth", "is_active", "serves_public")[
            :UNIT_SEARCH_LIMIT
        ]
    )
    above = {int(part) for unit in units for part in unit["path"].strip("/").split("/")[:-1]}
    names = (
        dict(OrgUnit.objects.filter(agency=agency, pk__in=above).values_list("id", "name"))
        if above
        else {}
    )
    heads = unit_heads([unit["id"] for unit in units], on) if units else {}
    for unit in units:
        unit["ancestors"] = [
            (int(part), names.get(int(part), ""))
            for part in unit["path"].strip("/").split("/")[:-1]
        ]
        unit["head_name"], unit["head_acting"] = heads.get(unit["id"], (None, False))
    return units


@dataclass(frozen=True)
class AgencyOverview:
    units: int
    units_serving_public: int
    inactive_units: int
    positions: int
    vacant_positions: int
    employees: int
    by_type: dict[str, int]
    by_status: dict[str, int]

    @property
    def type_rows(self) -> list[tuple[str, int]]:
        return [(label, self.by_type.get(code, 0)) for code, label in EmployeeType.choices]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [(label, self.by_status.get(code, 0)) for code, label in EmployeeStatus.choices]


def agency_overview(agency: Agency, on: dt.date) -> AgencyOverview:
    """Counts for the agency page in four aggregate queries; vacant = nobody holds it on ``on``."""
    units = OrgUnit.objects.filter(agency=agency).aggregate(
        total=Count("id"),
        public=Count("id", filter=Q(serves_public=True)),
        inactive=Count("id", filter=Q(is_active=False)),
    )
    positions = Position.objects.filter(agency=agency, is_active=True).count()
    # Held posts counted from the assignments in one pass (cheaper than NOT EXISTS per post).
    held = (
        assignments_on(on)
        .filter(agency=agency, position__is_active=True)
        .aggregate(n=Count("position_id", distinct=True))["n"]
    )
    by_type: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for row in (
        Employee.objects.filter(agency=agency)
        .values("employee_type", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_type[row["employee_type"]] = by_type.get(row["employee_type"], 0) + row["n"]
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    return AgencyOverview(
        units=units["total"],
        units_serving_public=units["public"],
        inactive_units=units["inactive"],
        positions=positions,
        vacant_positions=positions - held,
        employees=sum(by_type.values()),
        by_type=by_type,
        by_status=by_status,
    )
