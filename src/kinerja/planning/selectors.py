"""Planning reads, always scoped to the user (house style: list_visible_to / get_for_user).

Scope: an employee sees their own plans; an appraiser or approver sees the plans they appraise
or approve, and every plan of staff below their position; HR (limited to their units when so
granted, ORG-9), agency head and auditor see their agency. Out of scope answers 404.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kinerja.accounts.roles import roles_of
from kinerja.org.models import Agency, Position
from kinerja.people.choices import AssignmentKind, EmployeeStatus
from kinerja.people.models import Assignment, Employee
from kinerja.people.selectors import (
    employee_list_visible_to,
    held_position_paths,
    supervises_anyone,
)
from kinerja.planning.choices import (
    CORE_VALUE_BY_CODE,
    OPEN_STATUSES,
    AnnexSection,
    CompletionStatus,
    CoreValueInfo,
    CycleStatus,
    DialogueTopic,
    PlanStatus,
)
from kinerja.planning.models import (
    BehaviourExpectation,
    Cycle,
    Dialogue,
    Indicator,
    Notification,
    PerformancePlan,
    PlanAnnexItem,
    PlanEvent,
    PlanTemplate,
    WorkResult,
)
from kinerja.planning.services._common import agency_today, employee_id_of, is_plan_hr

# -- cycles ----------------------------------------------------------------------------------


def cycle_list_visible_to(user: Any) -> QuerySet[Cycle]:
    roles = roles_of(user)
    if roles.is_system_admin:
        return Cycle.objects.all()
    if roles.agency_id is None:
        return Cycle.objects.none()
    return Cycle.objects.filter(agency_id=roles.agency_id)


def cycle_get_for_user(user: Any, pk: int, *, write: bool = False) -> Cycle:
    cycle = cycle_list_visible_to(user).select_related("agency").filter(pk=pk).first()
    if cycle is None:
        raise Http404
    if write and not (roles_of(user).is_system_admin or roles_of(user).is_agency_wide_hr):
        raise PermissionDenied  # cycles are agency-wide: HR limited to some units may not (ORG-9)
    return cycle


def current_cycle(agency: Agency | int, on: dt.date | None = None) -> Cycle | None:
    """The agency's cycle containing ``on`` (default today), else its latest open one."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    cycles = Cycle.objects.filter(agency_id=agency_id)
    if on is None:
        agency_obj = agency if isinstance(agency, Agency) else Agency.objects.get(pk=agency_id)
        on = agency_today(agency_obj)
    found = cycles.filter(start_date__lte=on, end_date__gte=on).first()
    return found or cycles.exclude(status=CycleStatus.CLOSED).order_by("-year").first()


# -- plans -----------------------------------------------------------------------------------


def _today_for(user: Any) -> dt.date:
    agency = getattr(user, "agency", None)
    return agency_today(agency) if agency is not None else dt.date.today()  # noqa: DTZ011


def plan_list_visible_to(user: Any) -> QuerySet[PerformancePlan]:
    """Every plan the user may read (see the module docstring)."""
    roles = roles_of(user)
    plans = PerformancePlan.objects.all()
    if roles.is_system_admin:
        return plans
    if roles.agency_id is None:
        return plans.none()
    plans = plans.filter(agency_id=roles.agency_id)
    if roles.reads_whole_agency:  # not HR limited to some units: they read those (ORG-9)
        return plans
    me = employee_id_of(user)
    visible = Q(pk__in=[])
    if me is not None:
        visible = Q(employee_id=me) | Q(appraiser_id=me) | Q(approver_id=me)
        for path in held_position_paths(user.employee, _today_for(user)):
            visible |= Q(position__path__startswith=path) & ~Q(position__path=path)
    for path in roles.hr_unit_paths:
        visible |= Q(position__unit__path__startswith=path)
    return plans.filter(visible)


def plan_writable_by(user: Any, plan: PerformancePlan) -> bool:
    """A user takes part in the plan: employee, appraiser, approver, or HR in scope."""
    me = employee_id_of(user)
    if me is not None and me in (plan.employee_id, plan.appraiser_id, plan.approver_id):
        return True
    return is_plan_hr(user, plan)


def plan_get_for_user(user: Any, pk: int, *, write: bool = False) -> PerformancePlan:
    """404 out of scope; PermissionDenied when visible but the user takes no part (write)."""
    plan = (
        plan_list_visible_to(user)
        .select_related(
            "cycle__agency",
            "employee__grade",
            "position__unit",
            "appraiser__grade",
            "appraiser_official",
            "approver",
            "approver_official",
            "previous_version",
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    if write and not plan_writable_by(user, plan):
        raise PermissionDenied
    return plan


@dataclass
class BehaviourRow:
    row: BehaviourExpectation
    value: CoreValueInfo


@dataclass
class PlanDetail:
    plan: PerformancePlan
    work_results: list[WorkResult]  # with .indicators prefetched and .supports (+ plan)
    behaviour: list[BehaviourRow]
    annex: dict[str, list[PlanAnnexItem]]  # by REF-18 section, in order
    events: list[PlanEvent]
    dialogues: list[Dialogue]
    revisions: list[PerformancePlan]


def plan_detail(plan: PerformancePlan) -> PlanDetail:
    """Everything a plan page or document needs, in a fixed number of queries."""
    results = list(
        WorkResult.objects.filter(plan=plan)
        .select_related("supports__plan__employee", "source_indicator")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
        .order_by("kind", "order", "id")
    )
    behaviour = [
        BehaviourRow(row=row, value=CORE_VALUE_BY_CODE[row.value])
        for row in BehaviourExpectation.objects.filter(plan=plan).order_by("order")
    ]
    annex: dict[str, list[PlanAnnexItem]] = {s.value: [] for s in AnnexSection}
    for item in PlanAnnexItem.objects.filter(plan=plan).order_by("order", "id"):
        annex[item.section].append(item)
    family_ids = [plan.pk] + ([plan.previous_version_id] if plan.previous_version_id else [])
    return PlanDetail(
        plan=plan,
        work_results=results,
        behaviour=behaviour,
        annex=annex,
        events=list(
            PlanEvent.objects.filter(plan=plan).select_related("actor").order_by("at", "id")
        ),
        dialogues=list(
            Dialogue.objects.filter(plan_id__in=family_ids)
            .select_related("employee", "appraiser", "appraiser_official")
            .order_by("-date", "-id")
        ),
        revisions=list(
            PerformancePlan.objects.filter(
                cycle_id=plan.cycle_id,
                employee_id=plan.employee_id,
                position_id=plan.position_id,
            ).order_by("version")
        ),
    )


def supportable_work_results(plan: PerformancePlan) -> list[WorkResult]:
    """PLAN-8/PLAN-9: the RHKs of the appraiser's plan in force (approved, else the latest
    draft) in the same cycle and an overlapping period; for the select box."""
    if plan.appraiser_id is None:
        return []
    candidates = list(
        PerformancePlan.objects.filter(
            cycle_id=plan.cycle_id,
            employee_id=plan.appraiser_id,
            period_start__lte=plan.period_end,
            period_end__gte=plan.period_start,
        )
        .exclude(status=PlanStatus.CLOSED)
        .order_by("-version")
    )
    if not candidates:
        return []
    chosen = next((p for p in candidates if p.status == PlanStatus.APPROVED), candidates[0])
    return list(WorkResult.objects.filter(plan=chosen).order_by("kind", "order", "id"))


def dialogue_list_for_plan(plan: PerformancePlan) -> QuerySet[Dialogue]:
    return (
        Dialogue.objects.filter(plan=plan)
        .select_related("employee", "appraiser", "appraiser_official")
        .order_by("-date", "-id")
    )


def notification_list_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    notes = Notification.objects.filter(recipient_id=getattr(user, "pk", None))
    return notes.filter(read_at__isnull=True) if unread_only else notes


def template_list_visible_to(user: Any) -> QuerySet[PlanTemplate]:
    """HR sees every template of the agency; others the published ones."""
    roles = roles_of(user)
    if roles.is_system_admin:
        return PlanTemplate.objects.all()
    if roles.agency_id is None:
        return PlanTemplate.objects.none()
    templates = PlanTemplate.objects.filter(agency_id=roles.agency_id)
    return templates if roles.is_hr_admin else templates.filter(is_published=True)


def plans_for_transfer_check(employee: Employee, effective_date: dt.date) -> list[PerformancePlan]:
    """PLAN-25: plans a transfer on ``effective_date`` would close (for a confirmation page)."""
    return list(
        PerformancePlan.objects.filter(
            employee=employee,
            period_start__lt=effective_date,
            period_end__gte=effective_date,
        )
        .exclude(status=PlanStatus.CLOSED)
        .select_related("position", "cycle")
    )


# -- cascade tree ----------------------------------------------------------------------------


@dataclass(slots=True)
class CascadeResult:
    id: int
    text: str
    kind: str
    supports_id: int | None
    supported_by: list[tuple[int, str, str]] = field(default_factory=list)  # (plan, employee, rhk)
    supports_text: str = ""  # the leader's RHK (filled by ``cascade_subtree``)


@dataclass(slots=True)
class CascadeNode:
    plan_id: int
    employee_id: int
    employee_name: str
    position_id: int
    position_name: str
    unit_name: str
    status: str
    family: str
    depth: int = 0
    work_results: list[CascadeResult] = field(default_factory=list)
    children: list[CascadeNode] = field(default_factory=list)
    staff_without_plan: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def unsupported(self) -> list[CascadeResult]:
        """Leader RHKs nobody supports (only meaningful when the node has staff)."""
        return [r for r in self.work_results if not r.supported_by]


@dataclass
class CascadeTree:
    roots: list[CascadeNode]
    nodes: int
    without_plan: list[tuple[int, str, str]]  # (employee id, name, position) with no plan

    def walk(self) -> list[CascadeNode]:
        """Nodes top-down, depth first (for flat rendering with ``depth`` indentation)."""
        out: list[CascadeNode] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


def _plans_in_force(cycle: Cycle) -> list[tuple[Any, ...]]:
    """One plan per (employee, position): the approved version, else the latest open one."""
    rows = list(
        PerformancePlan.objects.filter(cycle=cycle)
        .exclude(status=PlanStatus.CLOSED)
        .order_by("employee_id", "position_id", "-version")
        .values_list(
            "id",
            "employee_id",
            "employee__name",
            "position_id",
            "position__name",
            "position__unit__name",
            "status",
            "family",
            "appraiser_id",
            "version",
        )
    )
    chosen: dict[tuple[int, int], tuple[Any, ...]] = {}
    for row in rows:
        key = (row[1], row[3])
        if key not in chosen or (
            row[6] == PlanStatus.APPROVED and chosen[key][6] != PlanStatus.APPROVED
        ):
            chosen[key] = row
    return list(chosen.values())


def _reference_date(cycle: Cycle) -> dt.date:
    return min(max(agency_today(cycle.agency), cycle.start_date), cycle.end_date)


def cascade_tree(cycle: Cycle) -> CascadeTree:
    """The agency's plans as a tree from the top leader down (parent = the appraiser's plan),
    with who supports which RHK, leader RHKs nobody supports, and staff without a plan.
    Four queries whatever the size of the agency."""
    rows = _plans_in_force(cycle)
    nodes = {
        row[0]: CascadeNode(
            plan_id=row[0],
            employee_id=row[1],
            employee_name=row[2],
            position_id=row[3],
            position_name=row[4],
            unit_name=row[5],
            status=row[6],
            family=row[7],
        )
        for row in rows
    }
    by_employee: dict[int, int] = {}
    for row in rows:
        by_employee.setdefault(row[1], row[0])
    results: dict[int, CascadeResult] = {}
    # A join on the cycle, not an IN list of 10,000 ids; RHKs of superseded versions skipped.
    for pk, plan_id, text, kind, supports_id in (
        WorkResult.objects.filter(plan__cycle=cycle)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("kind", "order", "id")
        .values_list("id", "plan_id", "text", "kind", "supports_id")
    ):
        node = nodes.get(plan_id)
        if node is None:
            continue
        result = CascadeResult(id=pk, text=text, kind=kind, supports_id=supports_id)
        results[pk] = result
        node.work_results.append(result)
    for node in nodes.values():
        for result in node.work_results:
            target = results.get(result.supports_id) if result.supports_id else None
            if target is not None:
                target.supported_by.append((node.plan_id, node.employee_name, result.text))
    roots: list[CascadeNode] = []
    for row in rows:
        parent_plan = by_employee.get(row[8]) if row[8] is not None else None
        if parent_plan is not None and parent_plan != row[0]:
            nodes[parent_plan].children.append(nodes[row[0]])
        else:
            roots.append(nodes[row[0]])
    without = _staff_without_plan(cycle, nodes, by_employee)
    tree = CascadeTree(roots=roots, nodes=len(nodes), without_plan=without)
    for node in tree.walk():
        for child in node.children:
            child.depth = node.depth + 1
    return tree


def _staff_without_plan(
    cycle: Cycle, nodes: dict[int, CascadeNode], by_employee: dict[int, int]
) -> list[tuple[int, str, str]]:
    """Holders (on the reference date) of positions with no plan, attached under the plan of
    the holder of the position they report to."""
    on = _reference_date(cycle)
    exempt = set(cycle.setting("planning_exempt_statuses")) | {EmployeeStatus.INACTIVE}
    holders = list(
        Assignment.objects.filter(
            agency_id=cycle.agency_id, kind=AssignmentKind.DEFINITIVE, start_date__lte=on
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(employee__status__in=exempt)
        .values_list(
            "employee_id",
            "employee__name",
            "position_id",
            "position__name",
            "position__reports_to_id",
        )
    )
    holder_of = {position_id: employee_id for employee_id, _n, position_id, _p, _r in holders}
    without = []
    for employee_id, name, _position_id, position_name, reports_to in holders:
        if employee_id in by_employee:
            continue
        without.append((employee_id, name, position_name))
        leader_plan = by_employee.get(holder_of.get(reports_to, -1)) if reports_to else None
        if leader_plan is not None:
            nodes[leader_plan].staff_without_plan.append((employee_id, name, position_name))
    return without


@dataclass(slots=True)
class SubtreeNode:
    """One plan of a bounded cascade page, with aggregate counts over its whole subtree."""

    plan_id: int
    employee_id: int
    employee_name: str = ""
    position_id: int = 0
    position_name: str = ""
    unit_name: str = ""
    status: str = ""
    family: str = ""
    level: int = 0  # 0 = a root of the page
    blocked: bool = False  # PLAN-9: a draft/returned plan under a leader plan not yet approved
    descendants: int = 0  # plans below, at any depth
    without_plan_count: int = 0  # staff below, at any depth, with no plan in force
    blocked_count: int = 0  # blocked plans below, at any depth
    work_results: list[CascadeResult] = field(default_factory=list)
    children: list[SubtreeNode] = field(default_factory=list)
    staff_without_plan: list[tuple[int, str, str]] = field(default_factory=list)  # direct staff
    has_children: bool = False  # plans below exist (shown or not)

    @property
    def unsupported(self) -> list[CascadeResult]:
        """Leader RHKs nobody supports (only meaningful when the node has staff)."""
        if not (self.has_children or self.staff_without_plan):
            return []
        return [r for r in self.work_results if not r.supported_by]

    @property
    def has_problem(self) -> bool:
        return bool(self.unsupported or self.staff_without_plan or self.blocked)

    @property
    def children_hidden(self) -> bool:
        """Plans below exist but this page does not show them (load on demand)."""
        return self.has_children and not self.children


@dataclass
class CascadeSubtree:
    roots: list[SubtreeNode]
    root: SubtreeNode | None  # the ``root_plan`` node, when one was asked for
    ancestors: list[tuple[int, str, str]]  # (plan, employee, position) above root, top first
    plans: int  # plans in force in the scope (root subtree, unit filter)
    without_plan: int  # staff in the scope with no plan in force
    blocked: int  # blocked plans in the scope (PLAN-9)
    shown: int = 0

    def walk(self) -> list[SubtreeNode]:
        out: list[SubtreeNode] = []
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out


def _ancestor_paths(path: str) -> list[str]:
    """``/1/5/23/`` -> ``["/1/5/", "/1/"]`` (nearest first)."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(len(parts) - 1, 0, -1)]


def _nearest(path: str, plan_at: dict[str, int]) -> int | None:
    """The plan on the nearest position strictly above ``path`` (``_ancestor_paths`` order)."""
    end = len(path) - 1
    while (end := path.rfind("/", 0, end)) > 0:
        found = plan_at.get(path[: end + 1])
        if found is not None:
            return found
    return None


def _path_numbers(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in path.strip("/").split("/") if part)


def cascade_subtree(
    cycle: Cycle,
    *,
    root_plan: int | None = None,
    depth: int = 2,
    unit: Any = None,
    problems_only: bool = False,
) -> CascadeSubtree:
    """A bounded cascade (issue #3): the top plans (or ``root_plan``) and ``depth`` levels below,
    with who supports which RHK, leader RHKs nobody supports, direct staff without a plan, and
    per node counts over its whole subtree (plans, staff without plan, PLAN-9 blocked plans).

    The tree follows the position tree (materialised ``path``): a plan's parent is the plan in
    force on the nearest position above it, so a vacant position in between is skipped. Only
    ``position__path`` prefix queries and light ``values_list`` rows are read for the subtree;
    names and RHKs are read for the shown nodes only. ``unit`` (an OrgUnit) keeps plans of that
    unit and its sub-units. ``problems_only`` keeps shown nodes with a problem, or with a
    problem below them. At most eight queries whatever the size of the agency (six without a
    root).
    """
    scope = Q()
    ancestors: list[tuple[int, str, str]] = []
    root_path = ""
    if root_plan is not None:
        row = (
            PerformancePlan.objects.filter(cycle=cycle, pk=root_plan)
            .values_list("position__path", flat=True)
            .first()
        )
        if row is None:
            raise Http404
        root_path = row
        scope = Q(position__path__startswith=root_path)
        # Breadcrumb and the root's leader (PLAN-9): the plans on the positions above.
        above = list(
            PerformancePlan.objects.filter(
                cycle=cycle, position__path__in=_ancestor_paths(root_path)
            )
            .exclude(status=PlanStatus.CLOSED)
            .order_by("position__depth", "employee_id", "-version")
            .values_list(
                "id",
                "employee_id",
                "position_id",
                "status",
                "employee__name",
                "position__name",
                "position__path",
            )
        )
    light = list(
        PerformancePlan.objects.filter(scope, cycle=cycle)
        .exclude(status=PlanStatus.CLOSED)
        .order_by("employee_id", "position_id", "-version")
        # The unit's path (one more join) only when filtering by unit.
        .values_list(
            "id",
            "employee_id",
            "position_id",
            "status",
            "position__path",
            *(("position__unit__path",) if unit is not None else ()),
        )
    )
    in_force = _choose_in_force(light)
    superseded = {row[0] for row in light} - {row[0] for row in in_force}
    if unit is not None:
        in_force = [row for row in in_force if row[5].startswith(unit.path)]
    root_parent_status = None
    if root_plan is not None:
        chosen_above = _choose_in_force(above)
        by_path_above: dict[str, tuple[Any, ...]] = {}
        for row in chosen_above:
            by_path_above.setdefault(row[6], row)
        for ancestor in reversed(_ancestor_paths(root_path)):
            if ancestor in by_path_above:
                row = by_path_above[ancestor]
                ancestors.append((row[0], row[4], row[5]))
        root_parent_status = next(
            (by_path_above[a][3] for a in _ancestor_paths(root_path) if a in by_path_above), None
        )
        if all(row[0] != root_plan for row in in_force):
            # The root is outside the unit filter or superseded: show it anyway.
            in_force = [row for row in _choose_in_force(light) if row[0] == root_plan] + in_force
    # The tree: the plan on the nearest position above (first plan on a shared position).
    plan_at: dict[str, int] = {}
    for row in sorted(in_force, key=lambda r: r[0]):
        plan_at.setdefault(row[4], row[0])
    if root_plan is not None:
        plan_at[root_path] = root_plan
    status = {row[0]: row[3] for row in in_force}
    path_of = {row[0]: row[4] for row in in_force}
    parent: dict[int, int | None] = {}
    for row in in_force:
        if root_plan is not None and row[0] != root_plan and row[4] == root_path:
            continue  # another plan on the root's position belongs to the level above
        parent[row[0]] = None if row[0] == root_plan else _nearest(row[4], plan_at)
    if root_plan is not None and root_plan not in parent:
        raise Http404  # a closed or superseded version
    children: dict[int, list[int]] = defaultdict(list)
    tops: list[int] = []
    # Numeric path order: parents before children, siblings in position order. Comparing the
    # path strings would put "/1/102/" before "/1/98/" (order by digit count, not by position).
    for pk in sorted(parent, key=lambda pk: (_path_numbers(path_of[pk]), pk)):
        up = parent[pk]
        if up is None:
            tops.append(pk)
        else:
            children[up].append(pk)
    blocked = {
        pk
        for pk, up in parent.items()
        if status[pk] in (PlanStatus.DRAFT, PlanStatus.REJECTED)
        and (
            (up is not None and status[up] != PlanStatus.APPROVED)
            or (up is None and root_parent_status not in (None, PlanStatus.APPROVED))
        )
    }
    # Staff without a plan in force: holders on the reference date of positions in the scope.
    on = _reference_date(cycle)
    exempt = set(cycle.setting("planning_exempt_statuses")) | {EmployeeStatus.INACTIVE}
    holders = Assignment.objects.filter(
        agency_id=cycle.agency_id, kind=AssignmentKind.DEFINITIVE, start_date__lte=on
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    if root_plan is not None:
        holders = holders.filter(position__path__startswith=root_path)
    if unit is not None:
        holders = holders.filter(position__unit__path__startswith=unit.path)
    with_plan = {row[1] for row in light}
    candidates = [
        row
        for row in holders.exclude(employee__status__in=exempt)
        .order_by()
        .values_list("employee_id", "employee__name", "position__name", "position__path")
        if row[0] not in with_plan
    ]
    candidates.sort(key=lambda row: (row[1], row[0]))
    # Holders in the scope whose plan is on a position outside it (rare): an IN list on the
    # leading column of the (employee, position, cycle, version) index. A correlated NOT
    # EXISTS let SQLite scan the cycle's plans per row.
    elsewhere = set(
        PerformancePlan.objects.filter(
            employee_id__in=[row[0] for row in candidates] or [0], cycle=cycle
        )
        .exclude(status=PlanStatus.CLOSED)
        .values_list("employee_id", flat=True)
    )
    without_rows = [row for row in candidates if row[0] not in elsewhere]
    direct_without: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for employee_id, name, position_name, path in without_rows:
        leader = _nearest(path, plan_at)
        if leader is not None and leader in parent:
            direct_without[leader].append((employee_id, name, position_name))
    # Counts over each subtree, deepest first.
    descendants: Counter[int] = Counter()
    without_count: Counter[int] = Counter({pk: len(v) for pk, v in direct_without.items()})
    blocked_count: Counter[int] = Counter()
    for pk in sorted(parent, key=lambda pk: -len(path_of[pk])):
        up = parent[pk]
        if up is not None:
            descendants[up] += descendants[pk] + 1
            without_count[up] += without_count[pk]
            blocked_count[up] += blocked_count[pk] + (pk in blocked)
    # The shown nodes: ``depth`` levels below the tops.
    nodes: dict[int, SubtreeNode] = {}
    level = [(pk, 0) for pk in tops]
    roots: list[SubtreeNode] = []
    while level:
        following = []
        for pk, n in level:
            node = SubtreeNode(
                plan_id=pk,
                employee_id=0,
                status=status[pk],
                level=n,
                blocked=pk in blocked,
                descendants=descendants[pk],
                without_plan_count=without_count[pk],
                blocked_count=blocked_count[pk],
                staff_without_plan=direct_without.get(pk, []),
                has_children=bool(children.get(pk)),
            )
            nodes[pk] = node
            up = parent[pk]
            if up is None:
                roots.append(node)
            else:
                nodes[up].children.append(node)
            if n < depth:
                following.extend((child, n + 1) for child in children.get(pk, ()))
        level = following
    shown = list(nodes)
    for (
        pk,
        employee_id,
        name,
        position_id,
        position_name,
        unit_name,
        family,
    ) in PerformancePlan.objects.filter(pk__in=shown).values_list(
        "id",
        "employee_id",
        "employee__name",
        "position_id",
        "position__name",
        "position__unit__name",
        "family",
    ):
        node = nodes[pk]
        node.employee_id, node.employee_name = employee_id, name
        node.position_id, node.position_name = position_id, position_name
        node.unit_name, node.family = unit_name, family
    results: dict[int, CascadeResult] = {}
    for pk, plan_id, text, kind, supports_id, supports_text in (
        WorkResult.objects.filter(plan_id__in=shown)
        .order_by("kind", "order", "id")
        .values_list("id", "plan_id", "text", "kind", "supports_id", "supports__text")
    ):
        result = CascadeResult(
            id=pk, text=text, kind=kind, supports_id=supports_id, supports_text=supports_text or ""
        )
        results[pk] = result
        nodes[plan_id].work_results.append(result)
    # Who supports the shown RHKs (shown or not), skipping superseded and closed versions.
    for supports_id, plan_id, name, text in (
        # An IN list of the shown RHKs (the ``supports`` index), [0] keeps the query count fixed.
        WorkResult.objects.filter(supports_id__in=list(results) or [0], plan__cycle=cycle)
        .exclude(plan__status=PlanStatus.CLOSED)
        .order_by("plan__employee__name", "id")
        .values_list("supports_id", "plan_id", "plan__employee__name", "text")
    ):
        if plan_id not in superseded:
            results[supports_id].supported_by.append((plan_id, name, text))
    if problems_only:
        roots = _keep_problems(roots)
    tree = CascadeSubtree(
        roots=roots,
        root=nodes.get(root_plan) if root_plan is not None else None,
        ancestors=ancestors,
        plans=len(parent),
        without_plan=len(without_rows),
        blocked=len(blocked),
    )
    tree.shown = len(tree.walk())
    return tree


def _choose_in_force(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows ``(id, employee, position, status, ...)`` ordered by employee, position, -version:
    one per (employee, position), the approved version, else the latest open one."""
    chosen: dict[tuple[int, int], tuple[Any, ...]] = {}
    for row in rows:
        key = (row[1], row[2])
        if key not in chosen or (
            row[3] == PlanStatus.APPROVED and chosen[key][3] != PlanStatus.APPROVED
        ):
            chosen[key] = row
    return list(chosen.values())


def _keep_problems(nodes: list[SubtreeNode]) -> list[SubtreeNode]:
    """Nodes with a problem, or with a problem anywhere below them (counts or shown children)."""
    kept = []
    for node in nodes:
        node.children = _keep_problems(node.children)
        if node.has_problem or node.children or node.without_plan_count or node.blocked_count:
            kept.append(node)
    return kept


# -- completion dashboard (PLAN-29) ----------------------------------------------------------


@dataclass
class CompletionRow:
    employee_id: int
    name: str
    nip: str
    position: str
    status: str  # CompletionStatus
    plan_id: int | None
    blocked_by_supervisor: bool = False  # PLAN-9
    missing_dialogue: bool = False  # PLAN-19
    late: bool = False  # PLAN-23: not approved after the approval deadline
    escalated: bool = False  # PLAN-23: not started after the escalation date


@dataclass
class UnitCompletion:
    unit_id: int
    unit_name: str
    unit_path: str
    counts: dict[str, int]
    rows: list[CompletionRow]

    @property
    def total(self) -> int:
        return len(self.rows)


def _completion_status(status: str | None, has_results: bool) -> str:
    """A plan generated at opening but still without any RHK has not been started."""
    if status is None or (status == PlanStatus.DRAFT and not has_results):
        return CompletionStatus.NOT_STARTED
    return status if status in CompletionStatus.values else CompletionStatus.APPROVED


def _deadlines(cycle: Cycle, post_start: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """PLAN-23 deadlines for someone in post since ``post_start``. A joiner (PLAN-26) has the
    ``joiner_plan_deadline`` (days after joining) when configured, else none: shown as missing,
    never as late."""
    if post_start <= cycle.start_date:
        return cycle.plan_approval_deadline, cycle.plan_escalation_date
    days = cycle.setting("joiner_plan_deadline")
    if not days:
        return None, None
    deadline = post_start + dt.timedelta(days=int(days))
    return deadline, deadline


def may_monitor(user: Any) -> bool:
    """PLAN-29 monitoring: HR (of the agency or of some of its units, ORG-9), the agency head,
    auditors and supervisors; completion_by_unit then narrows to their units. The page and the
    API both ask here."""
    roles = roles_of(user)
    return roles.reads_whole_agency or roles.is_hr_admin or supervises_anyone(user)


def completion_by_unit(
    cycle: Cycle, user: Any, *, today: dt.date | None = None
) -> list[UnitCompletion]:
    """PLAN-29: per unit, each employee's plan status, with PLAN-9 / PLAN-19 / PLAN-23 flags.
    Exempt employees (PLAN-27) are left out. Only units and people within the user's scope."""
    today = today or agency_today(cycle.agency)
    on = min(max(today, cycle.start_date), cycle.end_date)
    exempt = set(cycle.setting("planning_exempt_statuses")) | {EmployeeStatus.INACTIVE}
    visible = employee_list_visible_to(user, on=on).filter(agency_id=cycle.agency_id)
    holders = list(
        Assignment.objects.filter(
            agency_id=cycle.agency_id,
            kind=AssignmentKind.DEFINITIVE,
            start_date__lte=on,
            employee__in=visible,
            position__unit__is_active=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exclude(employee__status__in=exempt)
        .order_by("position__unit__path", "position__path", "employee__name")
        .values_list(
            "employee_id",
            "employee__name",
            "employee__nip",
            "position__name",
            "position__unit_id",
            "position__unit__name",
            "position__unit__path",
            "start_date",
        )
    )
    plan_rows = list(
        PerformancePlan.objects.filter(cycle=cycle)
        .exclude(status=PlanStatus.CLOSED)
        .order_by("employee_id", "-version")
        .values_list("id", "employee_id", "status", "appraiser_id", "previous_version_id")
    )
    current: dict[int, tuple[Any, ...]] = {}
    approved_employees: set[int] = set()
    for row in plan_rows:
        if row[2] == PlanStatus.APPROVED:
            approved_employees.add(row[1])
        if row[1] not in current or (
            row[2] == PlanStatus.APPROVED
            and current[row[1]][2] in OPEN_STATUSES
            and current[row[1]][4] is not None
        ):
            current[row[1]] = row  # an approved plan in force beats its open revision
    plan_ids = [r[0] for r in current.values()] + [r[4] for r in current.values() if r[4]]
    started = set(
        WorkResult.objects.filter(plan_id__in=[r[0] for r in current.values()])
        .values_list("plan_id", flat=True)
        .distinct()
    )
    with_dialogue = set(
        Dialogue.objects.filter(
            plan_id__in=plan_ids,
            topic=DialogueTopic.PLANNING,
            date__lte=today,
        ).values_list("plan_id", flat=True)
    )
    units: dict[int, UnitCompletion] = {}
    for employee_id, name, nip, position, unit_id, unit_name, unit_path, start in holders:
        plan = current.get(employee_id)
        status = _completion_status(plan[2] if plan else None, bool(plan) and plan[0] in started)
        row = CompletionRow(
            employee_id=employee_id,
            name=name,
            nip=nip,
            position=position,
            status=status,
            plan_id=plan[0] if plan else None,
        )
        if plan is not None and status in (
            CompletionStatus.NOT_STARTED,
            CompletionStatus.DRAFT,
            CompletionStatus.REJECTED,
        ):
            row.blocked_by_supervisor = plan[3] is not None and plan[3] not in approved_employees
        if plan is not None and status not in (
            CompletionStatus.APPROVED,
            CompletionStatus.NOT_STARTED,
        ):
            row.missing_dialogue = not ({plan[0], plan[4]} & with_dialogue)
        deadline, escalation = _deadlines(cycle, start)
        row.late = status != CompletionStatus.APPROVED and deadline is not None and today > deadline
        row.escalated = (
            status == CompletionStatus.NOT_STARTED and escalation is not None and today > escalation
        )
        unit = units.setdefault(
            unit_id,
            UnitCompletion(
                unit_id=unit_id,
                unit_name=unit_name,
                unit_path=unit_path,
                counts={s.value: 0 for s in CompletionStatus},
                rows=[],
            ),
        )
        unit.rows.append(row)
        unit.counts[status] += 1
    return sorted(units.values(), key=lambda u: u.unit_path)


def completion_totals(units: list[UnitCompletion]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for unit in units:
        totals.update(unit.counts)
    return {s.value: totals.get(s.value, 0) for s in CompletionStatus}


# -- role–result matrix (PLAN-15) ------------------------------------------------------------


@dataclass
class MatrixColumn:
    indicator_id: int
    indicator_text: str
    work_result_id: int
    work_result_text: str


@dataclass
class MatrixRow:
    employee_id: int
    employee_name: str
    position_name: str
    plan_id: int | None  # None: the holder has no plan yet
    status: str
    cells: list[tuple[int | None, str]]  # aligned with columns: (work result id, text)


@dataclass
class RoleResultMatrix:
    plan: PerformancePlan
    columns: list[MatrixColumn]
    rows: list[MatrixRow]


def role_result_matrix(plan: PerformancePlan) -> RoleResultMatrix:
    """Columns: the leader plan's indicators. Rows: the holders (on the plan's period start) of
    the positions reporting directly to the leader's position, with their current cells."""
    columns = [
        MatrixColumn(
            indicator_id=i.pk,
            indicator_text=i.text,
            work_result_id=i.work_result_id,
            work_result_text=i.work_result.text,
        )
        for i in Indicator.objects.filter(work_result__plan=plan)
        .select_related("work_result")
        .order_by("work_result__kind", "work_result__order", "work_result_id", "order", "id")
    ]
    below = dict(
        Position.objects.filter(reports_to_id=plan.position_id, is_active=True).values_list(
            "id", "name"
        )
    )
    holders = list(
        Assignment.objects.filter(position_id__in=below, start_date__lte=plan.period_start)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=plan.period_start))
        .order_by("position__path", "employee__name")
        .values_list("employee_id", "employee__name", "position_id")
    )
    plans = list(
        PerformancePlan.objects.filter(
            cycle_id=plan.cycle_id,
            position_id__in=below,
            period_start__lte=plan.period_end,
            period_end__gte=plan.period_start,
        )
        .exclude(status=PlanStatus.CLOSED)
        .order_by("employee_id", "-version")
        .values_list("id", "employee_id", "position_id", "status")
    )
    row_plan: dict[tuple[int, int], tuple[int, str]] = {}
    for plan_id, employee_id, position_id, status in plans:
        row_plan.setdefault((employee_id, position_id), (plan_id, status))  # latest version
    cells: dict[tuple[int, int], tuple[int, str]] = {}
    for pk, plan_id, indicator_id, text in WorkResult.objects.filter(
        plan_id__in=[p for p, _s in row_plan.values()],
        source_indicator_id__in=[c.indicator_id for c in columns],
    ).values_list("id", "plan_id", "source_indicator_id", "text"):
        cells[(plan_id, indicator_id)] = (pk, text)
    rows = []
    seen: set[tuple[int, int]] = set()
    for employee_id, name, position_id in holders:
        if (employee_id, position_id) in seen:
            continue
        seen.add((employee_id, position_id))
        plan_id, status = row_plan.get((employee_id, position_id), (None, ""))
        rows.append(
            MatrixRow(
                employee_id=employee_id,
                employee_name=name,
                position_name=below[position_id],
                plan_id=plan_id,
                status=status or CompletionStatus.NOT_STARTED,
                cells=[
                    cells.get((plan_id, c.indicator_id), (None, "")) if plan_id else (None, "")
                    for c in columns
                ],
            )
        )
    return RoleResultMatrix(plan=plan, columns=columns, rows=rows)


def staff_plans_by_status(user: Any, cycle: Cycle) -> dict[str, list[PerformancePlan]]:
    """The plans the user appraises or approves in ``cycle``, grouped by status."""
    me = employee_id_of(user)
    grouped: dict[str, list[PerformancePlan]] = defaultdict(list)
    if me is None:
        return grouped
    for plan in (
        PerformancePlan.objects.filter(cycle=cycle)
        .filter(Q(appraiser_id=me) | Q(approver_id=me))
        .select_related("employee", "position")
    ):
        grouped[plan.status].append(plan)
    return grouped
