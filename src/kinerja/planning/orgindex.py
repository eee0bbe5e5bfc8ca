"""An in-memory picture of an agency's position tree and its holders over a date range.

Opening a cycle for tens of thousands of employees cannot afford one appraiser query per
employee, so the positions, the assignments overlapping the period, the HR appraiser overrides
and the external officials are loaded in four queries and walked in Python. The semantics are
those of ``kinerja.people.appraisal`` (ORG-6): an HR override wins; otherwise walk up
``reports_to`` skipping vacant positions and the employee themself; a definitive holder beats a
Plt, which beats a Plh; among equals the latest start wins.

It also resolves the PLAN-22 approver of JPT plans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.core.errors import rule_error
from kinerja.org.choices import AgencyKind, OfficialRole
from kinerja.org.models import Agency, ExternalOfficial, Position
from kinerja.people.models import AppraiserOverride, Assignment

MAX_DEPTH = 32
KIND_RANK = {"DEFINITIVE": 0, "PLT": 1, "PLH": 2}


@dataclass(frozen=True)
class PositionInfo:
    id: int
    reports_to_id: int | None
    unit_id: int
    unit_active: bool
    is_active: bool
    position_type: str
    level: str
    independent_unit_head: bool
    is_unit_head: bool
    path: str


@dataclass(frozen=True)
class Party:
    """A resolved appraiser or approver: an Employee id or an ExternalOfficial id (ORG-6)."""

    employee_id: int | None = None
    official_id: int | None = None
    position_id: int | None = None

    def __bool__(self) -> bool:
        return self.employee_id is not None or self.official_id is not None


NOBODY = Party()


@dataclass(frozen=True)
class HeldPost:
    assignment_id: int
    employee_id: int
    position_id: int
    kind: str
    start: dt.date
    end: dt.date | None

    def active_on(self, on: dt.date) -> bool:
        return self.start <= on and (self.end is None or self.end >= on)


def _overlap(start: dt.date, end: dt.date) -> Q:
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


class OrgIndex:
    def __init__(
        self,
        agency: Agency,
        positions: list[PositionInfo],
        posts: list[HeldPost],
        overrides: list[tuple[int, int | None, int | None, dt.date, dt.date | None]],
        officials: dict[str, int],
    ) -> None:
        self.agency = agency
        self.positions = {p.id: p for p in positions}
        self.posts = posts
        self.posts_by_position: dict[int, list[HeldPost]] = defaultdict(list)
        self.posts_by_employee: dict[int, list[HeldPost]] = defaultdict(list)
        # One sort, then grouping keeps each group in order: definitive before Plt before Plh,
        # the latest start first (the order of kinerja.people.appraisal).
        ordered = sorted(posts, key=lambda p: (KIND_RANK.get(p.kind, 3), -p.start.toordinal()))
        for post in ordered:
            self.posts_by_position[post.position_id].append(post)
            self.posts_by_employee[post.employee_id].append(post)
        self.overrides: dict[int, list[tuple[int | None, int | None, dt.date, dt.date | None]]]
        self.overrides = defaultdict(list)
        for employee_id, appraiser_id, official_id, start, end in sorted(
            overrides, key=lambda o: o[3], reverse=True
        ):
            self.overrides[employee_id].append((appraiser_id, official_id, start, end))
        self.officials = officials
        self._holder_cache: dict[tuple[int, dt.date], int | None] = {}

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        agency: Agency,
        start: dt.date,
        end: dt.date,
        *,
        position_ids: set[int] | None = None,
        employee_ids: set[int] | None = None,
    ) -> OrgIndex:
        """Load the agency (or only the given positions, their ancestors and their holders)."""
        position_qs = Position.objects.filter(agency_id=agency.pk)
        if position_ids is not None:
            paths = Position.objects.filter(pk__in=position_ids).values_list("path", flat=True)
            wanted = {int(x) for path in paths for x in path.strip("/").split("/") if x}
            position_qs = position_qs.filter(pk__in=wanted | set(position_ids))
        # Raw rows: no per-value converters for 50,000 positions (booleans stay truthy ints
        # on SQLite, bools on PostgreSQL).
        sql, params = position_qs.values_list(
            "id",
            "reports_to_id",
            "unit_id",
            "unit__is_active",
            "is_active",
            "position_type",
            "level",
            "independent_unit_head",
            "is_unit_head",
            "path",
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            positions = [PositionInfo(*row) for row in cursor.fetchall()]
        post_qs = Assignment.objects.filter(_overlap(start, end), agency_id=agency.pk)
        if position_ids is not None:
            ids = [p.id for p in positions]
            condition = Q(position_id__in=ids)
            if employee_ids:
                condition |= Q(employee_id__in=employee_ids)
            post_qs = post_qs.filter(condition)
        posts = [
            HeldPost(*row)
            for row in post_qs.values_list(
                "id", "employee_id", "position_id", "kind", "start_date", "end_date"
            )
        ]
        override_qs = AppraiserOverride.objects.filter(_overlap(start, end), agency_id=agency.pk)
        if employee_ids is not None:
            override_qs = override_qs.filter(employee_id__in=employee_ids)
        overrides = list(
            override_qs.values_list(
                "employee_id", "appraiser_id", "external_official_id", "start_date", "end_date"
            )
        )
        officials: dict[str, int] = {}
        for official_id, role in (
            ExternalOfficial.objects.filter(agency_id=agency.pk)
            .order_by("-id")
            .values_list("id", "role")
        ):
            officials[role] = official_id  # the oldest record of a role wins
        return cls(agency, positions, posts, overrides, officials)

    # -- holders and appraisers ---------------------------------------------------------------

    def holder(self, position_id: int, on: dt.date) -> int | None:
        key = (position_id, on)
        if key not in self._holder_cache:
            found = next(
                (
                    p.employee_id
                    for p in self.posts_by_position.get(position_id, ())
                    if p.active_on(on)
                ),
                None,
            )
            self._holder_cache[key] = found
        return self._holder_cache[key]

    def post_of(self, employee_id: int, on: dt.date) -> HeldPost | None:
        """The employee's definitive post on ``on``, else an acting one."""
        return next(
            (p for p in self.posts_by_employee.get(employee_id, ()) if p.active_on(on)), None
        )

    def appraiser(self, employee_id: int, position_id: int, on: dt.date) -> Party:
        """ORG-6: HR override first, then the first holder up the tree (not the employee)."""
        for appraiser_id, official_id, start, end in self.overrides.get(employee_id, ()):
            if start <= on and (end is None or end >= on):
                return Party(employee_id=appraiser_id, official_id=official_id)
        position = self.positions.get(position_id)
        superior_id = position.reports_to_id if position else None
        depth = 0
        while superior_id is not None and depth < MAX_DEPTH:
            holder = self.holder(superior_id, on)
            if holder is not None and holder != employee_id:
                return Party(employee_id=holder, position_id=superior_id)
            superior = self.positions.get(superior_id)
            superior_id = superior.reports_to_id if superior else None
            depth += 1
        return NOBODY

    def _first_holder_up(
        self, position_id: int, on: dt.date, exclude: int | None, match: Any
    ) -> Party:
        position = self.positions.get(position_id)
        superior_id = position.reports_to_id if position else None
        depth = 0
        while superior_id is not None and depth < MAX_DEPTH:
            superior = self.positions.get(superior_id)
            if superior is None:
                break
            if match(superior):
                holder = self.holder(superior_id, on)
                if holder is not None and holder != exclude:
                    return Party(employee_id=holder, position_id=superior_id)
            superior_id = superior.reports_to_id
            depth += 1
        return NOBODY

    def _official(self, *roles: str) -> Party:
        for role in roles:
            if role in self.officials:
                return Party(official_id=self.officials[role])
        return NOBODY

    def _agency_head(self, position_id: int, on: dt.date, exclude: int | None) -> Party:
        official = self._official(OfficialRole.AGENCY_HEAD)
        if official:
            return official
        top = self._first_holder_up(position_id, on, exclude, lambda p: p.reports_to_id is None)
        return top or self._official(OfficialRole.MINISTER)

    def jpt_approver(
        self, position_id: int, on: dt.date, employee_id: int | None, independent_setting: str
    ) -> Party:
        """PLAN-22: who sets (menetapkan) the JPT plan of ``position_id``.

        Raises PLAN-22 for a JPT Utama in a regional government. Returns NOBODY when the
        approver cannot be resolved (e.g. no Kepala Daerah recorded); submission is then blocked.
        """
        position = self.positions[position_id]
        regional = self.agency.kind == AgencyKind.REGIONAL
        if position.independent_unit_head and position.position_type != "JPT":
            if independent_setting == "COORDINATOR":
                return self._first_holder_up(
                    position_id, on, employee_id, lambda p: p.position_type == "JPT"
                )
            if regional:
                return self._official(OfficialRole.KEPALA_DAERAH)
            return self._official(OfficialRole.MINISTER, OfficialRole.AGENCY_HEAD)
        if position.level == "UTAMA":
            if regional:
                raise rule_error(
                    "PLAN-22",
                    _("JPT Utama tidak berlaku pada instansi daerah (PLAN-22)."),
                    "position",
                )
            return self._official(OfficialRole.COORDINATING_MINISTER)
        if regional:
            return self._official(OfficialRole.KEPALA_DAERAH)
        if position.level == "MADYA":
            return self._agency_head(position_id, on, employee_id)
        madya = self._first_holder_up(
            position_id,
            on,
            employee_id,
            lambda p: p.position_type == "JPT" and p.level == "MADYA",
        )
        return madya or self._agency_head(position_id, on, employee_id)


def family_for(position_type: str, independent_unit_head: bool) -> str:
    """PLAN-3: JPT for a JPT position or a Pimpinan Unit Kerja Mandiri; JA_JF otherwise."""
    return "JPT" if position_type == "JPT" or independent_unit_head else "JA_JF"
