"""Tell the next person on a workflow step: an in-app Notification and an e-mail after commit.

Employees without a user account are skipped; e-mail goes only to addresses we know. Mail is
sent through ``django.core.mail.send_mail`` from ``transaction.on_commit`` so a rolled-back
step never sends anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.planning.models import Notification, PerformancePlan


def plan_url(plan: PerformancePlan) -> str:
    try:
        return reverse("planning:plan-detail", args=[plan.pk])
    except NoReverseMatch:
        return ""


def users_of_employees(employee_ids: Iterable[int | None]) -> list[User]:
    ids = {i for i in employee_ids if i is not None}
    if not ids:
        return []
    return list(User.objects.filter(employee_id__in=ids, is_active=True).select_related("employee"))


def users_by_employee(employee_ids: Iterable[int | None]) -> dict[int, list[User]]:
    """``users_of_employees`` grouped by employee id: one query for many notices."""
    grouped: dict[int, list[User]] = {}
    for user in users_of_employees(employee_ids):
        grouped.setdefault(user.employee_id, []).append(user)  # type: ignore[arg-type]
    return grouped


def hr_users(agency_id: int, unit_path: str | None = None) -> list[User]:
    """The agency's HR administrators; with ``unit_path``, only those whose units cover it.

    ORG-9: an administrator limited to some units is not told about plans outside them (the
    notice names the employee and the plan's state).
    """
    grants = (
        RoleGrant.objects.filter(agency_id=agency_id, role=Role.HR_ADMIN, user__is_active=True)
        .select_related("user")
        .prefetch_related("units")
    )
    users: dict[int, User] = {}
    for grant in grants:
        paths = [unit.path for unit in grant.units.all()]
        if not paths or unit_path is None or any(unit_path.startswith(p) for p in paths):
            users[grant.user_id] = grant.user
    return list(users.values())


def _address(user: User) -> str:
    employee = getattr(user, "employee", None)
    return user.email or (employee.email if employee is not None else "")


def _send(subject: str, body: str, addresses: list[str]) -> None:
    for address in addresses:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


def notify(*, agency_id: int, users: Iterable[User | None], text: str, url: str = "") -> int:
    """One in-app notice per distinct user; e-mail after the transaction commits."""
    return notify_each(agency_id=agency_id, notices=[(users, text, url)])


def notify_each(
    *, agency_id: int, notices: Iterable[tuple[Iterable[User | None], str, str]]
) -> int:
    """Several notices, each (users, text, url), written with one INSERT: a change that tells
    many plans' owners (a leader's revision) costs no query per plan."""
    rows: list[Notification] = []
    mails: list[tuple[str, list[str]]] = []
    for users, text, url in notices:
        recipients = {user.pk: user for user in users if user is not None and user.pk is not None}
        rows.extend(
            Notification(agency_id=agency_id, recipient=user, text=text[:500], url=url)
            for user in recipients.values()
        )
        addresses = [a for a in (_address(u) for u in recipients.values()) if a]
        if addresses:
            mails.append((f"{text}\n\n{url}" if url else text, addresses))
    if rows:
        Notification.objects.bulk_create(rows)
    for body, addresses in mails:
        transaction.on_commit(partial(_send, _("[Kinerja] Pemberitahuan SKP"), body, addresses))
    return len(rows)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.recipient_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
