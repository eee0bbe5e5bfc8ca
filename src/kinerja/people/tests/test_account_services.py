"""Account administration (issue #2: HR gives everyone an account; roles; activation codes)."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from kinerja.accounts.models import ApiToken, Role, RoleGrant, User
from kinerja.api.auth import token_issue
from kinerja.core.models import AuditEntry
from kinerja.core.testing import (
    PASSWORD,
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.people.account_admin.selectors import account_search, account_state
from kinerja.people.account_admin.services import (
    account_activate,
    account_create,
    account_set_active,
    accounts_create_missing,
    activation_reset,
    code_digest,
    role_grant,
    role_revoke,
)
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kebun-kopi-lereng-merapi"


@pytest.fixture
def org():
    agency = make_agency()
    education, health = make_unit(agency, "Dinas Pendidikan"), make_unit(agency, "Dinas Kesehatan")
    teacher = make_employee(agency, "Siti Rahayu", position=make_position(education, "Guru"))
    nurse = make_employee(agency, "Dewi Lestari", position=make_position(health, "Perawat"))
    return {"agency": agency, "education": education, "health": health, "teacher": teacher,
            "nurse": nurse, "hr": hr_user(agency)}  # fmt: skip


def unit_hr(agency, unit):
    hr = hr_user(agency)
    hr.role_grants.get().units.add(unit)
    return hr


def test_hr_creates_an_account_its_owner_activates_with_the_code(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])

    account = issued.user
    assert account.username == org["teacher"].nip
    assert account.employee == org["teacher"]
    assert account_state(account) == "PENDING"
    assert not account.has_usable_password()  # HR never chose a password
    assert authenticate(username=org["teacher"].nip, password=issued.code) is None

    account_activate(identifier=org["teacher"].nip, code=issued.code, password=NEW_PASSWORD)

    assert authenticate(username=org["teacher"].nip, password=NEW_PASSWORD) == account
    assert account_state(User.objects.get(pk=account.pk)) == "ACTIVE"


def test_the_code_is_typed_in_any_case_without_dashes(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])

    typed = issued.code.replace("-", " ").lower()
    account_activate(identifier=org["teacher"].nip, code=typed, password=NEW_PASSWORD)

    assert authenticate(username=org["teacher"].nip, password=NEW_PASSWORD) is not None


def test_only_the_code_hash_is_stored_and_the_audit_holds_no_secret_GEN_4(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])

    stored = User.objects.get(pk=issued.user.pk)
    assert stored.activation_digest == code_digest(issued.code)
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(stored.pk))
    assert entry.actor == org["hr"]
    assert entry.changes == {"username": stored.username, "employee": org["teacher"].pk}
    assert issued.code not in str(entry.changes)


def test_a_second_account_for_the_same_employee_is_refused_INT_9(org):
    account_create(actor=org["hr"], employee=org["teacher"])

    with pytest.raises(ValidationError) as caught:
        account_create(actor=org["hr"], employee=org["teacher"])

    assert caught.value.code == "INT-9"
    assert "sudah memiliki akun" in caught.value.messages[0]
    assert User.objects.filter(employee=org["teacher"]).count() == 1


def test_an_employee_no_longer_in_service_gets_no_account(org):
    teacher = org["teacher"]
    teacher.status = EmployeeStatus.INACTIVE
    teacher.save()

    with pytest.raises(ValidationError, match="tidak aktif"):
        account_create(actor=org["hr"], employee=teacher)


def test_hr_of_some_units_gives_accounts_only_within_them_ORG_9(org):
    hr = unit_hr(org["agency"], org["education"])

    account_create(actor=hr, employee=org["teacher"])
    with pytest.raises(PermissionDenied):
        account_create(actor=hr, employee=org["nurse"])

    assert not User.objects.filter(employee=org["nurse"]).exists()


def test_an_employee_or_another_agencys_hr_gives_no_account(org):
    employee_user = make_user(org["nurse"])
    other_hr = hr_user(make_agency("lain"))

    for actor in (employee_user, other_hr):
        with pytest.raises(PermissionDenied):
            account_create(actor=actor, employee=org["teacher"])


def test_accounts_for_everyone_missing_one_each_with_its_own_code(org):
    make_user(org["nurse"])  # already has one
    third = make_employee(org["agency"], "Agus Wijaya")
    retired = make_employee(org["agency"], "Bambang Pensiun", status=EmployeeStatus.INACTIVE)
    make_employee(org["agency"], "Candra Belajar", status=EmployeeStatus.STUDY_LEAVE)

    issued = accounts_create_missing(actor=org["hr"], agency=org["agency"])

    assert [line.name for line in issued] == ["Agus Wijaya", "Candra Belajar", "Siti Rahayu"]
    assert len({line.code for line in issued}) == 3
    assert not User.objects.filter(employee=retired).exists()
    by_name = {line.name: line for line in issued}
    # A code opens its own account only.
    with pytest.raises(ValidationError):
        account_activate(
            identifier=third.nip, code=by_name["Siti Rahayu"].code, password=NEW_PASSWORD
        )
    account_activate(identifier=third.nip, code=by_name["Agus Wijaya"].code, password=NEW_PASSWORD)
    assert authenticate(username=third.nip, password=NEW_PASSWORD).employee == third
    # The database-built entries read as the one a single creation writes (GEN-4).
    entries = AuditEntry.objects.filter(object_type="accounts.user", action="CREATE")
    assert {(e.object_repr, e.actor_id, tuple(sorted(e.changes.items()))) for e in entries} == {
        (line.nip, org["hr"].pk, (("employee", User.objects.get(username=line.nip).employee_id),
                                  ("username", line.nip)))
        for line in issued
    }  # fmt: skip

    assert accounts_create_missing(actor=org["hr"], agency=org["agency"]) == []


def test_accounts_for_everyone_stay_within_the_hr_units_ORG_9(org):
    hr = unit_hr(org["agency"], org["health"])

    issued = accounts_create_missing(actor=hr, agency=org["agency"])

    assert [line.name for line in issued] == ["Dewi Lestari"]
    with pytest.raises(PermissionDenied):
        accounts_create_missing(actor=make_user(org["teacher"]), agency=org["agency"])


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_wrong_codes_count_towards_the_lockout(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])
    for _ in range(3):
        with pytest.raises(ValidationError, match="kode aktivasi salah"):
            account_activate(
                identifier=org["teacher"].nip, code="AAAA-BBBB-CCCC", password=NEW_PASSWORD
            )

    with pytest.raises(ValidationError) as caught:
        account_activate(identifier=org["teacher"].nip, code=issued.code, password=NEW_PASSWORD)

    assert caught.value.code == "locked_out"
    assert not User.objects.get(pk=issued.user.pk).has_usable_password()


def test_an_expired_code_is_refused(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])
    User.objects.filter(pk=issued.user.pk).update(
        activation_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )

    with pytest.raises(ValidationError, match="kedaluwarsa"):
        account_activate(identifier=org["teacher"].nip, code=issued.code, password=NEW_PASSWORD)
    assert account_state(User.objects.get(pk=issued.user.pk)) == "EXPIRED"


def test_a_code_works_once(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])
    account_activate(identifier=org["teacher"].nip, code=issued.code, password=NEW_PASSWORD)

    with pytest.raises(ValidationError):
        account_activate(
            identifier=org["teacher"].nip, code=issued.code, password="another-long-password"
        )
    assert authenticate(username=org["teacher"].nip, password=NEW_PASSWORD) is not None


def test_a_short_password_is_refused_and_the_code_still_works(org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])

    with pytest.raises(ValidationError) as caught:
        account_activate(identifier=org["teacher"].nip, code=issued.code, password="pendek123")

    assert "password" in caught.value.error_dict
    assert "12" in " ".join(caught.value.messages)
    account_activate(identifier=org["teacher"].nip, code=issued.code, password=NEW_PASSWORD)


def test_reset_stops_the_old_password_and_tokens_at_once(org):
    account = make_user(org["teacher"])
    token_issue(account)

    issued = activation_reset(actor=org["hr"], account=account, reason="lupa kata sandi")

    assert authenticate(username=account.username, password=PASSWORD) is None
    assert not ApiToken.objects.filter(user=account).exists()
    account_activate(identifier=account.username, code=issued.code, password=NEW_PASSWORD)
    assert authenticate(username=account.username, password=NEW_PASSWORD) == account
    entry = (
        AuditEntry.objects.filter(object_type="accounts.user", object_id=str(account.pk))
        .order_by("at", "pk")
        .first()
    )
    assert entry.reason == "lupa kata sandi"
    assert entry.changes == {"password": ["set", "reset"]}


def test_hr_of_some_units_cannot_reset_a_role_holder_ORG_9(org):
    hr = unit_hr(org["agency"], org["education"])
    plain = make_user(org["teacher"])
    head = make_employee(org["agency"], "Kepala", position=make_position(org["education"], "Kasi"))
    role_holder = make_user(head, roles=(Role.AUDITOR,))

    activation_reset(actor=hr, account=plain)
    with pytest.raises(PermissionDenied):
        activation_reset(actor=hr, account=role_holder)
    assert authenticate(username=role_holder.username, password=PASSWORD) == role_holder


def test_disabling_needs_a_reason_and_ends_logins_and_tokens(org):
    account = make_user(org["teacher"])
    token_issue(account)

    with pytest.raises(ValidationError) as caught:
        account_set_active(actor=org["hr"], account=account, active=False, reason=" ")
    assert "reason" in caught.value.error_dict

    account_set_active(actor=org["hr"], account=account, active=False, reason="mutasi keluar")

    assert authenticate(username=account.username, password=PASSWORD) is None
    assert not ApiToken.objects.filter(user=account).exists()
    assert account_state(User.objects.get(pk=account.pk)) == "DISABLED"

    # Enabled again, it revives neither the old password nor its sessions: a new code does.
    account_set_active(actor=org["hr"], account=account, active=True)
    assert authenticate(username=account.username, password=PASSWORD) is None
    assert account_state(User.objects.get(pk=account.pk)) == "EXPIRED"
    issued = activation_reset(actor=org["hr"], account=User.objects.get(pk=account.pk))
    account_activate(identifier=account.username, code=issued.code, password=NEW_PASSWORD)
    assert authenticate(username=account.username, password=NEW_PASSWORD) == account


def test_no_one_disables_their_own_account(org):
    with pytest.raises(ValidationError, match="sendiri"):
        account_set_active(actor=org["hr"], account=org["hr"], active=False, reason="x")


def test_whole_agency_hr_grants_and_revokes_roles_with_an_audit_GEN_4(org):
    account = make_user(org["teacher"])

    role_grant(actor=org["hr"], account=account, role=Role.HR_ADMIN, units=[org["education"]])

    grant = RoleGrant.objects.get(user=account)
    assert grant.role == Role.HR_ADMIN
    assert list(grant.units.all()) == [org["education"]]
    role_revoke(actor=org["hr"], account=account, role=Role.HR_ADMIN, reason="selesai")
    assert not RoleGrant.objects.filter(user=account).exists()
    changes = [
        e.changes["roles"]
        for e in AuditEntry.objects.filter(
            object_type="accounts.user", object_id=str(account.pk)
        ).order_by("pk")
    ]
    unit_code = org["education"].code
    assert changes == [[[], [f"HR_ADMIN[{unit_code}]"]], [[f"HR_ADMIN[{unit_code}]"], []]]


def test_roles_are_not_given_by_hr_of_some_units_nor_by_an_employee_ORG_9(org):
    account = make_user(org["teacher"])
    for actor in (unit_hr(org["agency"], org["education"]), make_user(org["nurse"])):
        with pytest.raises(PermissionDenied):
            role_grant(actor=actor, account=account, role=Role.AUDITOR)
    assert not RoleGrant.objects.filter(user=account).exists()


def test_only_hr_is_limited_to_units_and_only_to_the_agencys_own(org):
    account = make_user(org["teacher"])
    foreign = make_unit(make_agency("lain"), "Dinas Lain")

    with pytest.raises(ValidationError) as caught:
        role_grant(actor=org["hr"], account=account, role=Role.AUDITOR, units=[org["education"]])
    assert "units" in caught.value.error_dict
    with pytest.raises(ValidationError):
        role_grant(actor=org["hr"], account=account, role=Role.HR_ADMIN, units=[foreign])
    with pytest.raises(ValidationError):
        role_grant(actor=org["hr"], account=account, role="SUPERUSER")
    assert not RoleGrant.objects.filter(user=account).exists()


def test_no_role_for_an_account_still_waiting_for_activation_ORG_9(org):
    """HR of some units could have issued its code: a role given now would be theirs."""
    pending = account_create(
        actor=unit_hr(org["agency"], org["education"]), employee=org["teacher"]
    )

    with pytest.raises(ValidationError, match="sudah diaktifkan"):
        role_grant(actor=org["hr"], account=pending.user, role=Role.HR_ADMIN)

    assert not RoleGrant.objects.filter(user=pending.user).exists()


def test_hr_does_not_narrow_their_own_hr_role_to_some_units(org):
    with pytest.raises(ValidationError, match="sendiri"):
        role_grant(actor=org["hr"], account=org["hr"], role=Role.HR_ADMIN, units=[org["health"]])
    assert not org["hr"].role_grants.get().units.exists()


def test_hr_does_not_revoke_their_own_hr_role(org):
    with pytest.raises(ValidationError, match="sendiri"):
        role_revoke(actor=org["hr"], account=org["hr"], role=Role.HR_ADMIN)
    assert org["hr"].role_grants.filter(role=Role.HR_ADMIN).exists()


def test_accounts_are_found_by_state_and_role(org):
    pending = account_create(actor=org["hr"], employee=org["teacher"]).user
    active = make_user(org["nurse"], roles=(Role.AUDITOR,))
    accounts = User.objects.filter(agency=org["agency"])

    assert list(account_search(accounts, state="PENDING")) == [pending]
    assert set(account_search(accounts, state="ACTIVE")) == {active, org["hr"]}
    assert list(account_search(accounts, role=Role.AUDITOR)) == [active]
    assert list(account_search(accounts, text="siti")) == [pending]


def test_the_shell_command_gives_everyone_an_account_and_writes_the_codes(org, tmp_path):
    from django.core.management import CommandError, call_command
    from openpyxl import load_workbook

    out = tmp_path / "kode.xlsx"

    call_command("kinerja_accounts", agency=org["agency"].code, out=str(out))

    rows = list(load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert sorted(row[1] for row in rows) == ["Dewi Lestari", "Siti Rahayu"]
    teacher_row = next(row for row in rows if row[1] == "Siti Rahayu")
    account_activate(identifier=teacher_row[0], code=teacher_row[3], password=NEW_PASSWORD)
    assert out.stat().st_mode & 0o077 == 0  # only the server's user reads the codes
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("kinerja_accounts", agency=org["agency"].code, out=str(out))
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("kinerja_accounts", agency="nope", out=str(tmp_path / "x.xlsx"))


def test_two_accounts_at_once_for_one_employee_end_in_the_INT_9_message(org, monkeypatch):
    """Two HR clicks racing past the check: the database's unique key answers, as INT-9."""
    from django.db.models import QuerySet

    account_create(actor=org["hr"], employee=org["teacher"])
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)  # the other request's view

    with pytest.raises(ValidationError) as caught:
        account_create(actor=org["hr"], employee=org["teacher"])

    assert caught.value.code == "INT-9"
    monkeypatch.undo()
    assert User.objects.filter(employee=org["teacher"]).count() == 1


def test_a_control_character_in_a_name_does_not_lose_the_codes(org):
    """XLSX forbids control characters; an imported name may hold one."""
    from io import BytesIO

    from openpyxl import load_workbook

    from kinerja.people.account_admin.documents import activation_codes_xlsx

    Employee.objects.filter(pk=org["teacher"].pk).update(name="Siti\x07 Rahayu")

    lines = accounts_create_missing(actor=org["hr"], agency=org["agency"])

    rows = load_workbook(BytesIO(activation_codes_xlsx(lines))).active.iter_rows(
        min_row=2, values_only=True
    )
    assert sorted(row[1] for row in rows) == ["Dewi Lestari", "Siti Rahayu"]
