"""Agency-wide roles of a user. Supervisor rights are derived in people.selectors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kinerja.accounts.models import Role


@dataclass(frozen=True)
class AgencyRoles:
    agency_id: int | None
    is_system_admin: bool
    roles: frozenset[str] = field(default_factory=frozenset)
    hr_unit_paths: tuple[str, ...] = ()  # ORG-9: empty means the whole agency

    @property
    def is_hr_admin(self) -> bool:
        return Role.HR_ADMIN in self.roles

    @property
    def is_agency_wide_hr(self) -> bool:
        """An HR administrator not limited to some units (ORG-9)."""
        return self.is_hr_admin and not self.hr_unit_paths

    @property
    def reads_whole_agency(self) -> bool:
        """System admin, agency head, auditor, or HR of the whole agency; an HR administrator
        limited to some units reads only those units (ORG-9)."""
        return (
            self.is_system_admin
            or self.is_agency_wide_hr
            or bool(self.roles & {Role.AGENCY_HEAD, Role.AUDITOR})
        )

    @property
    def writes_org_data(self) -> bool:
        return self.is_system_admin or self.is_hr_admin

    @property
    def reads_audit(self) -> bool:
        return self.is_system_admin or bool(self.roles & {Role.HR_ADMIN, Role.AUDITOR})


def roles_of(user: Any) -> AgencyRoles:
    """Roles of ``user`` in their own agency; cached on the user object for the request."""
    cached = getattr(user, "_kinerja_roles", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        result = AgencyRoles(agency_id=None, is_system_admin=False)
    else:
        grants = list(user.role_grants.filter(agency_id=user.agency_id).prefetch_related("units"))
        paths = tuple(u.path for g in grants if g.role == Role.HR_ADMIN for u in g.units.all())
        result = AgencyRoles(
            agency_id=user.agency_id,
            is_system_admin=bool(user.is_superuser),
            roles=frozenset(g.role for g in grants),
            hr_unit_paths=paths,
        )
    user._kinerja_roles = result
    return result
