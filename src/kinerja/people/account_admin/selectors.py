"""Reads for account administration: who has an account, in which state, with which roles.

In people, like account_admin.services: it needs employees and the HR scope of ORG-9.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.accounts.roles import roles_of
from kinerja.org.models import Agency
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Employee
from kinerja.people.selectors import employee_writable_by, employees_administered_by

STATES = {
    "ACTIVE": _("Aktif"),
    "PENDING": _("Menunggu aktivasi"),
    "EXPIRED": _("Perlu kode aktivasi baru"),
    "DISABLED": _("Nonaktif"),
}


def account_state(user: User) -> str:
    """ACTIVE, PENDING (waiting for activation), EXPIRED (no password and no live code: its code
    ran out, or it was disabled and enabled again) or DISABLED."""
    if not user.is_active:
        return "DISABLED"
    if user.has_usable_password():
        return "ACTIVE"
    if user.activation_expires_at and user.activation_expires_at > timezone.now():
        return "PENDING"
    return "EXPIRED"


def _state_filter(state: str) -> Q:
    unusable = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    live_code = Q(activation_expires_at__gt=timezone.now())
    return {
        "ACTIVE": Q(is_active=True) & ~unusable,
        "PENDING": Q(is_active=True) & unusable & live_code,
        "EXPIRED": Q(is_active=True) & unusable & ~live_code,
        "DISABLED": Q(is_active=False),
    }[state]


def reads_accounts_of(user: Any, agency: Agency) -> bool:
    """System admin; HR, agency head and auditor of the agency (HR of some units: theirs)."""
    roles = roles_of(user)
    return roles.is_system_admin or (
        roles.agency_id == agency.pk and (roles.reads_whole_agency or roles.is_hr_admin)
    )


def employees_without_account(user: Any, agency: Agency) -> QuerySet[Employee]:
    """Employees the user administers who have no account yet (INT-9), except those who have
    left service (INACTIVE, REF-16)."""
    return (
        employees_administered_by(user, agency.pk)
        .filter(user__isnull=True)
        .exclude(status=EmployeeStatus.INACTIVE)
    )


def account_list_visible_to(user: Any, agency: Agency) -> QuerySet[User]:
    """The agency's accounts: all for whole-agency readers, the units' employees for HR of some
    units (ORG-9); 404 for anyone else, as for another agency's data."""
    if not reads_accounts_of(user, agency):
        raise Http404
    accounts = User.objects.filter(agency=agency)
    roles = roles_of(user)
    if not roles.reads_whole_agency:
        accounts = accounts.filter(employee__in=employees_administered_by(user, agency.pk))
    return accounts


def accounts_in_order(pks: list[int]) -> list[User]:
    """The accounts ``pks`` names, in that order, with employee and roles (a page's rows)."""
    found = (
        User.objects.select_related("employee__agency")
        .prefetch_related("role_grants__units")
        .in_bulk(pks)
    )
    return [found[pk] for pk in pks if pk in found]


def account_search(
    accounts: QuerySet[User], *, text: str = "", role: str = "", state: str = ""
) -> QuerySet[User]:
    text = text.strip()
    if text:
        digits = text.replace(" ", "")
        match = Q(username__icontains=text) | Q(employee__name__icontains=text)
        if digits.isdigit():
            match |= Q(employee__nip__startswith=digits)
        accounts = accounts.filter(match)
    if role:
        # One join: the grant of that role in the account's own agency (at most one per user).
        accounts = accounts.filter(role_grants__role=role, role_grants__agency=F("agency"))
    if state in STATES:
        accounts = accounts.filter(_state_filter(state))
    return accounts


def account_get_for_user(user: Any, agency: Agency, pk: int) -> User:
    account = account_list_visible_to(user, agency).filter(pk=pk).first()
    if account is None:
        raise Http404
    return account


def account_readable_by(user: Any, employee: Employee) -> bool:
    """Whether ``user`` may see ``employee``'s account on the profile: its owner, and whoever
    reads the agency's accounts (HR of some units: for employees in their units, ORG-9)."""
    if employee.pk == getattr(user, "employee_id", None):
        return True
    if not reads_accounts_of(user, employee.agency):
        return False
    return roles_of(user).reads_whole_agency or employee_writable_by(user, employee)


def account_of_employee(employee: Employee) -> User | None:
    return User.objects.filter(employee=employee).prefetch_related("role_grants__units").first()
