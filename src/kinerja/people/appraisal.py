"""Who appraises whom on a given date, derived from the position tree (ORG-6, ORG-8).

The appraiser of an employee is the holder of the position their position reports to, skipping
vacant positions upward; an HR override for the date wins. The appeal reviewer (atasan PPK) is
the appraiser's own appraiser, found the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from kinerja.org.models import ExternalOfficial, Position
from kinerja.people.choices import AssignmentKind
from kinerja.people.models import AppraiserOverride, Assignment, Employee

MAX_DEPTH = 32  # no real hierarchy is deeper; guards against a corrupted cycle


@dataclass(frozen=True)
class Appraiser:
    employee: Employee | None
    external_official: ExternalOfficial | None
    position: Position | None
    source: str  # "DERIVED" or "OVERRIDE"
    reason: str = ""

    @property
    def name(self) -> str:
        return str(self.employee or self.external_official)


def active_on(on: dt.date) -> Q:
    return Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))


def assignments_on(on: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(active_on(on))


def current_assignment(employee: Employee, on: dt.date) -> Assignment | None:
    """The definitive assignment on ``on``; else an acting one (Plt before Plh)."""
    return (
        assignments_on(on)
        .filter(employee=employee)
        .select_related("position__unit")
        .order_by(_kind_rank(), "-start_date")
        .first()
    )


def current_assignments(employee_ids: list[int], on: dt.date) -> dict[int, Assignment]:
    """``current_assignment`` for many employees in one query: {employee id: assignment}."""
    found: dict[int, Assignment] = {}
    rows = (
        assignments_on(on)
        .filter(employee_id__in=employee_ids)
        .select_related("position__unit")
        .order_by(_kind_rank(), "-start_date")
    )
    for assignment in rows:
        found.setdefault(assignment.employee_id, assignment)
    return found


def _kind_rank() -> Case:
    return Case(
        When(kind=AssignmentKind.DEFINITIVE, then=Value(0)),
        When(kind=AssignmentKind.PLT, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def position_holder(position: Position, on: dt.date) -> Employee | None:
    """The definitive holder of ``position`` on ``on``, else the Plt, else the Plh."""
    assignment = (
        assignments_on(on)
        .filter(position=position)
        .select_related("employee")
        .order_by(_kind_rank(), "-start_date")
        .first()
    )
    return assignment.employee if assignment else None


def position_holders(position_ids: list[int], on: dt.date) -> dict[int, Employee]:
    """``position_holder`` for many positions in one query: {position id: employee}."""
    found: dict[int, Employee] = {}
    rows = (
        assignments_on(on)
        .filter(position_id__in=position_ids)
        .select_related("employee")
        .order_by(_kind_rank(), "-start_date")
    )
    for assignment in rows:
        found.setdefault(assignment.position_id, assignment.employee)
    return found


def _override(employee: Employee, on: dt.date) -> AppraiserOverride | None:
    return (
        AppraiserOverride.objects.filter(active_on(on), employee=employee)
        .select_related("appraiser", "external_official")
        .order_by("-start_date")
        .first()
    )


def appraiser_for_position(
    position: Position, on: dt.date, *, exclude: Employee | None = None
) -> Appraiser | None:
    """Walk up from the position this one reports to until a holder is found."""
    superior = position.reports_to
    depth = 0
    while superior is not None and depth < MAX_DEPTH:
        holder = position_holder(superior, on)
        if holder is not None and holder != exclude:
            return Appraiser(
                employee=holder, external_official=None, position=superior, source="DERIVED"
            )
        superior = superior.reports_to
        depth += 1
    return None


def appraiser_for(employee: Employee, on: dt.date) -> Appraiser | None:
    """ORG-6: the appraiser of ``employee`` on ``on``, or None when it cannot be resolved."""
    override = _override(employee, on)
    if override is not None:
        position = None
        if override.appraiser is not None:
            held = current_assignment(override.appraiser, on)
            position = held.position if held else None
        return Appraiser(
            employee=override.appraiser,
            external_official=override.external_official,
            position=position,
            source="OVERRIDE",
            reason=override.reason,
        )
    assignment = current_assignment(employee, on)
    if assignment is None:
        return None
    return appraiser_for_position(assignment.position, on, exclude=employee)


def appraiser_chain(employee: Employee, on: dt.date) -> tuple[Appraiser | None, Appraiser | None]:
    """(appraiser, appeal reviewer) on ``on`` (ORG-6, ORG-8)."""
    appraiser = appraiser_for(employee, on)
    if appraiser is None or appraiser.employee is None:
        return appraiser, None
    return appraiser, appraiser_for(appraiser.employee, on)
