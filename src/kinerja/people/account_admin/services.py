"""Account administration: HR gives employees accounts, resets and disables them, grants roles;
an employee activates their account with a one-time code (issue #2: "give everyone an account").

HR never chooses or sees a password. Creating or resetting an account issues an activation code
that HR hands over (on screen once, or in a workbook for a whole agency); its owner then sets their
own password of at least 12 characters. Every change is audited (GEN-4) without any secret.

It lives in people, not accounts: it reads employees and the HR scope of ORG-9, and accounts
sits below people (tests/test_architecture.py); accounts keeps the User model and login.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.accounts import throttle
from kinerja.accounts.backends import user_for_login
from kinerja.accounts.models import ApiToken, Role, RoleGrant, User
from kinerja.accounts.roles import roles_of
from kinerja.core.audit import audit_record, snapshot
from kinerja.core.bulk import bulk_insert
from kinerja.core.created_audit import insert_created_audit
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import Agency, OrgUnit
from kinerja.people.account_admin.selectors import employees_without_account
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Employee
from kinerja.people.selectors import employee_writable_by

# No 0/O, 1/I/L: a code is read off paper or a phone screen and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31^12 ≈ 2^59: unguessable within the login lockout (throttle.py)


@dataclass(frozen=True)
class IssuedCode:
    """An activation code as handed to its owner: shown once, never stored in clear."""

    user: User
    code: str
    expires_at: dt.datetime


def _new_code() -> tuple[str, str]:
    """(code as shown, its digest): CODE_LENGTH symbols of CODE_ALPHABET from one uniform draw,
    shown in groups of four. Fast enough for 100,000 codes at once."""
    number = secrets.randbelow(len(CODE_ALPHABET) ** CODE_LENGTH)
    symbols = []
    for _position in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        symbols.append(CODE_ALPHABET[digit])
    raw = "".join(symbols)  # already what normalise_code makes of the shown form
    shown = "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    return shown, hashlib.sha256(raw.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """What a person types: any case, with or without the dashes or spaces."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.ACCOUNT_ACTIVATION_DAYS)


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied


def may_manage_account(actor: Any, account: User) -> bool:
    """System admin; HR of the account's agency, and for an HR limited to some units (ORG-9)
    only plain employee accounts in those units: resetting a role holder's account would hand
    its rights to whoever receives the code."""
    roles = roles_of(actor)
    if roles.is_system_admin:
        return not account.is_superuser or account.pk == actor.pk
    if not roles.is_hr_admin or account.agency_id != roles.agency_id or account.is_superuser:
        return False
    if roles.is_agency_wide_hr:
        return True
    if account.employee is None or account.role_grants.exists():
        return False
    return employee_writable_by(actor, account.employee)


def may_grant_roles(actor: Any, agency: Agency) -> bool:
    """Roles are given by the system administrator or an HR administrator of the whole agency."""
    roles = roles_of(actor)
    return roles.is_system_admin or (roles.is_agency_wide_hr and roles.agency_id == agency.pk)


ACCOUNT_AUDIT_FIELDS = ["username", "employee"]  # a CREATE entry; never a password or code


@transaction.atomic
def account_create(*, actor: Any, employee: Employee) -> IssuedCode:
    """An account for one employee (username: the NIP) waiting for activation.

    INT-9: one account per employee; a second is refused. Someone who has left (INACTIVE, REF-16)
    gets none; on study leave, suspended or before retirement they still report (PLAN-27).
    """
    _require(employee_writable_by(actor, employee))
    if User.objects.filter(employee=employee).exists():
        raise rule_error("INT-9", _("Pegawai ini sudah memiliki akun."))
    if employee.status == EmployeeStatus.INACTIVE:
        raise ValidationError(
            _("Pegawai yang sudah tidak aktif tidak diberi akun baru."), code="inactive_employee"
        )
    if User.objects.filter(username=employee.nip).exists():
        raise rule_error(
            "INT-9", _("Nama pengguna %(name)s sudah dipakai akun lain.") % {"name": employee.nip}
        )
    code, digest = _new_code()
    user = User(
        username=employee.nip,
        agency_id=employee.agency_id,
        employee=employee,
        activation_digest=digest,
        activation_expires_at=_expiry(),
    )
    user.set_unusable_password()
    try:
        with transaction.atomic():  # a savepoint: the same employee given an account twice at once
            user.save()
    except IntegrityError as error:
        raise rule_error("INT-9", _("Pegawai ini sudah memiliki akun.")) from error
    audit_record(
        actor=actor, obj=user, action=AuditAction.CREATE, after=snapshot(user, ACCOUNT_AUDIT_FIELDS)
    )
    return IssuedCode(user=user, code=code, expires_at=user.activation_expires_at)  # type: ignore[arg-type]


class HandOut(NamedTuple):
    """One line of the hand-over list of a set-based account creation."""

    nip: str
    name: str
    username: str
    code: str
    expires_at: dt.datetime


# The columns of a new account row; Django's field defaults are not database defaults.
_NEW_ACCOUNT_FIELDS = (
    "password", "last_login", "is_superuser", "username", "first_name", "last_name", "email",
    "is_staff", "is_active", "date_joined", "employee", "agency", "activation_digest",
    "activation_expires_at",
)  # fmt: skip


@transaction.atomic
def accounts_create_missing(*, actor: Any, agency: Agency) -> list[HandOut]:
    """Give every employee in the actor's scope who is not INACTIVE and has none an account, each
    with its own activation code. Set-based (a few statements for 100,000 employees: HR's first
    day after the import); the audit entries are built by the database (core.created_audit).

    Returns the hand-over list, in name order; the codes exist nowhere else.
    """
    if actor is not None:  # None: the shell command, run by whoever administers the server
        roles = roles_of(actor)
        _require(roles.is_system_admin or (roles.is_hr_admin and roles.agency_id == agency.pk))
    # One creation per agency at a time (a double click, two administrators): the second waits,
    # then finds the first one's accounts. SQLite's immediate transactions already serialise.
    Agency.objects.select_for_update().filter(pk=agency.pk).exists()
    people = list(
        employees_without_account(actor, agency)
        # A NIP already used as another account's username is left for HR to settle by hand.
        .exclude(nip__in=User.objects.values("username"))
        .order_by("name", "pk")
        .annotate(full_name=Employee.full_name_expression())
        .values_list("pk", "nip", "full_name")
    )
    if not people:
        return []
    now = timezone.now()
    expires_at = now + dt.timedelta(days=settings.ACCOUNT_ACTIVATION_DAYS)
    codes = [_new_code() for _ in people]
    last_id = User.objects.aggregate(last=Max("pk"))["last"] or 0
    bulk_insert(
        User,
        _NEW_ACCOUNT_FIELDS,
        [
            _new_account_row(pk, nip, agency.pk, digest, now, expires_at)
            for (pk, nip, _name), (_code, digest) in zip(people, codes, strict=True)
        ],
    )
    ids = list(
        User.objects.filter(pk__gt=last_id, agency=agency, activation_expires_at=expires_at)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(people):  # the agency lock above makes this impossible; say so if not
        raise RuntimeError(f"{len(people)} accounts inserted but {len(ids)} found")
    insert_created_audit(
        User,
        ids,
        fields=ACCOUNT_AUDIT_FIELDS,
        text=F("username"),
        agency_id=agency.pk,
        actor_id=getattr(actor, "pk", None),
        reason="",
        at=now,
    )
    return [
        HandOut(nip, name, nip, code, expires_at)
        for (_pk, nip, name), (code, _digest) in zip(people, codes, strict=True)
    ]


def _new_account_row(
    employee_id: int, nip: str, agency_id: int, digest: str, now: dt.datetime, expires: dt.datetime
) -> tuple[Any, ...]:
    """Values in _NEW_ACCOUNT_FIELDS order; "!" + random text is what set_unusable_password
    stores."""
    unusable = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
    return (unusable, None, False, nip, "", "", "", False, True, now, employee_id, agency_id,
            digest, expires)  # fmt: skip


@transaction.atomic
def activation_reset(*, actor: Any, account: User, reason: str = "") -> IssuedCode:
    """A forgotten password: the old one stops working at once, sessions end and API tokens
    are revoked; a new activation code lets the owner choose another."""
    _require(may_manage_account(actor, account))
    code, digest = _new_code()
    account.set_unusable_password()  # also ends every session (their auth hash changes)
    account.activation_digest = digest
    account.activation_expires_at = _expiry()
    account.save(update_fields=["password", "activation_digest", "activation_expires_at"])
    ApiToken.objects.filter(user=account).delete()
    audit_record(
        actor=actor,
        obj=account,
        action=AuditAction.UPDATE,
        before={"password": "set"},
        after={"password": "reset"},
        reason=reason,
    )
    return IssuedCode(user=account, code=code, expires_at=account.activation_expires_at)  # type: ignore[arg-type]


@transaction.atomic
def account_set_active(*, actor: Any, account: User, active: bool, reason: str = "") -> User:
    """Disable an account (its password, sessions and tokens end) or enable it again (it then
    waits for a new activation code: activation_reset)."""
    _require(may_manage_account(actor, account))
    if account.pk == actor.pk and not active:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    if not active and not reason.strip():
        raise ValidationError(
            {"reason": [_("Tuliskan alasan menonaktifkan akun ini.")]}, code="reason"
        )
    if account.is_active == active:
        return account
    account.is_active = active
    if not active:
        # The password goes too: that ends every session now (their auth hash changes), so
        # enabling the account again revives none; the owner then needs a new code (reset).
        account.set_unusable_password()
        account.activation_digest, account.activation_expires_at = "", None
        ApiToken.objects.filter(user=account).delete()
    account.save(
        update_fields=["is_active", "password", "activation_digest", "activation_expires_at"]
    )
    audit_record(
        actor=actor,
        obj=account,
        action=AuditAction.UPDATE,
        before={"is_active": not active},
        after={"is_active": active},
        reason=reason,
    )
    return account


def _role_summary(account: User) -> list[str]:
    summary = []
    for grant in account.role_grants.order_by("role").prefetch_related("units"):
        units = sorted(unit.code for unit in grant.units.all())
        summary.append(f"{grant.role}[{','.join(units)}]" if units else grant.role)
    return summary


@transaction.atomic
def role_grant(
    *, actor: Any, account: User, role: str, units: Iterable[OrgUnit] = (), reason: str = ""
) -> RoleGrant:
    """Give an agency-wide role (or change an HR administrator's units, ORG-9)."""
    if account.agency_id is None:
        raise ValidationError(_("Akun administrator sistem tidak diberi peran instansi."))
    agency = account.agency
    _require(may_grant_roles(actor, agency))  # type: ignore[arg-type]
    if role not in Role.values:
        raise ValidationError({"role": [_("Peran tidak dikenal.")]}, code="role")
    units = list(units)
    if role != Role.HR_ADMIN and units:
        raise rule_error(
            "ORG-9", _("Hanya administrator SDM yang dapat dibatasi pada unit tertentu."), "units"
        )
    if any(unit.agency_id != account.agency_id for unit in units):
        raise rule_error("ORG-9", _("Unit harus dari instansi akun ini."), "units")
    if account.pk == getattr(actor, "pk", None) and role == Role.HR_ADMIN:
        raise ValidationError(
            _("Anda tidak dapat mengubah peran administrator SDM Anda sendiri."), code="self"
        )
    if not account.has_usable_password():
        # Whoever holds the pending code (perhaps HR of some units, who issued it) would get
        # the role: rights go only to an account its owner has already taken up.
        raise ValidationError(
            _("Peran hanya diberikan kepada akun yang sudah diaktifkan pemiliknya."),
            code="not_activated",
        )
    before = _role_summary(account)
    grant, _created = RoleGrant.objects.get_or_create(
        user=account, agency_id=account.agency_id, role=role
    )
    grant.units.set(units)
    _audit_roles(actor, account, before, reason)
    return grant


@transaction.atomic
def role_revoke(*, actor: Any, account: User, role: str, reason: str = "") -> None:
    if account.agency_id is None:
        raise ValidationError(_("Akun administrator sistem tidak diberi peran instansi."))
    _require(may_grant_roles(actor, account.agency))  # type: ignore[arg-type]
    if account.pk == actor.pk and role == Role.HR_ADMIN:
        # Otherwise the last administrator could lock the agency out of its own HR pages.
        raise ValidationError(
            _("Anda tidak dapat mencabut peran administrator SDM Anda sendiri."), code="self"
        )
    before = _role_summary(account)
    deleted, _rows = RoleGrant.objects.filter(user=account, role=role).delete()
    if deleted:
        _audit_roles(actor, account, before, reason)


def _audit_roles(actor: Any, account: User, before: list[str], reason: str) -> None:
    after = {"roles": _role_summary(account)}
    audit_record(
        actor=actor,
        obj=account,
        action=AuditAction.UPDATE,
        before={"roles": before},
        after=after,
        reason=reason,
    )


def _activation_refused() -> ValidationError:
    return ValidationError(
        _("NIP/nama pengguna atau kode aktivasi salah, atau kode sudah kedaluwarsa."),
        code="invalid_activation",
    )


def account_activate(
    *, identifier: str, code: str, password: str, ip_address: str | None = None
) -> User:
    """The owner sets their password with the code HR gave them. The code works once, before it
    expires; wrong codes count towards the same lockout as wrong passwords (throttle.py)."""
    user = user_for_login(identifier)
    key = throttle.key_of(user, identifier)
    if throttle.is_locked_out(key):
        raise ValidationError(
            _("Terlalu banyak percobaan gagal. Coba lagi dalam %(minutes)d menit.")
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            code="locked_out",
        )
    if user is None:
        throttle.record_failure(key, ip_address)
        raise _activation_refused()
    valid = (
        user.is_active
        and bool(user.activation_digest)
        and user.activation_expires_at is not None
        and user.activation_expires_at > timezone.now()
        and hmac.compare_digest(user.activation_digest, code_digest(code))
    )
    if not valid:
        throttle.record_failure(key, ip_address)
        raise _activation_refused()
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.error_list}) from error
    with transaction.atomic():
        # The row is re-read under lock so that one code cannot be used twice at once.
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.activation_digest != user.activation_digest:
            raise _activation_refused()
        locked.set_password(password)
        locked.activation_digest = ""
        locked.activation_expires_at = None
        locked.save(update_fields=["password", "activation_digest", "activation_expires_at"])
        audit_record(
            actor=locked,
            obj=locked,
            action=AuditAction.UPDATE,
            before={"password": "awaiting activation"},
            after={"password": "set by owner"},
        )
    throttle.clear_failures(key)
    return locked
