"""Account administration over the API: HR gives accounts, resets, disables, grants roles; the
owner activates with the one-time code. The organisation is the one in conftest.py."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from kinerja.accounts.models import LoginFailure, Role, RoleGrant, User
from kinerja.core.models import AuditEntry
from kinerja.core.testing import PASSWORD, make_user
from kinerja.people.account_admin.selectors import STATES

pytestmark = pytest.mark.django_db

ACCOUNTS = "/agencies/alpha/accounts"
NEW_PASSWORD = "kata-sandi-baru-2026"


def account_path(user):
    return f"{ACCOUNTS}/{user.pk}"


def unit_hr(world, *units):
    """An HR administrator of alpha limited to ``units`` (ORG-9)."""
    user = make_user(agency=world.agencies["alpha"], roles=(Role.HR_ADMIN,))
    RoleGrant.objects.get(user=user).units.set(units)
    return user


def account_audit():
    return AuditEntry.objects.filter(object_type="accounts.user")


def activate(api, username, code, password=NEW_PASSWORD):
    return api.post(
        "/auth/activate",
        body={"username": username, "activation_code": code, "password": password},
    )


def login(api, username, password):
    return api.post("/auth/token", body={"username": username, "password": password})


def create_account(api, world, actor, key):
    return api.post(f"/employees/{world.employees[key].nip}/account", actor)


# Creating and activating ------------------------------------------------------------------------


def test_hr_creates_account_and_code_activates_it_once(api, world):
    other = world.employees["other"]

    response = create_account(api, world, world.users["hr"], "other")

    assert response.status_code == 201
    body = response.json()
    account = User.objects.get(employee=other)
    assert body["account"] == {
        "id": account.pk,
        "username": other.nip,
        "employee": {"nip": other.nip, "nip_display": other.nip_display, "name": other.full_name},
        "state": "PENDING",
        "is_active": True,
        "roles": [],
        "activation_expires_at": body["expires_at"],
    }
    code = body["activation_code"]
    assert activate(api, other.nip, code).status_code == 204
    assert login(api, other.nip, NEW_PASSWORD).status_code == 201
    assert api.get(account_path(account), world.users["hr"]).json()["state"] == "ACTIVE"

    again = activate(api, other.nip, code, password="yang-lain-lagi-2026")

    assert again.status_code == 422
    assert again.json()["code"] == "invalid"
    assert again.json()["message"] == (
        "NIP/nama pengguna atau kode aktivasi salah, atau kode sudah kedaluwarsa."
    )
    assert login(api, other.nip, NEW_PASSWORD).status_code == 201


def test_account_creation_is_audited_without_the_code_GEN_4(api, world):
    response = create_account(api, world, world.users["hr"], "other")

    entry = account_audit().get()
    assert entry.actor == world.users["hr"]
    assert entry.action == "CREATE"
    assert entry.object_id == str(response.json()["account"]["id"])
    assert response.json()["activation_code"] not in str(entry.changes)


def test_second_account_for_an_employee_is_refused_INT_9(api, world):
    before = User.objects.count()

    response = create_account(api, world, world.users["hr"], "emp")

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["rule"] == "INT-9"
    assert response.json()["message"] == "Pegawai ini sudah memiliki akun."
    assert User.objects.count() == before
    assert not account_audit().exists()


def test_activation_code_may_be_typed_in_lower_case_without_dashes(api, world):
    code = create_account(api, world, world.users["hr"], "other").json()["activation_code"]

    response = activate(api, world.employees["other"].nip, code.replace("-", "").lower())

    assert response.status_code == 204


def test_expired_code_is_refused_and_listed_as_expired(api, world):
    code = create_account(api, world, world.users["hr"], "other").json()["activation_code"]
    account = User.objects.get(employee=world.employees["other"])
    account.activation_expires_at = timezone.now() - dt.timedelta(minutes=1)
    account.save()

    response = activate(api, account.username, code)

    assert response.status_code == 422
    listed = api.get(f"{ACCOUNTS}?state=EXPIRED", world.users["hr"]).json()
    assert [item["id"] for item in listed["items"]] == [account.pk]


def test_short_password_is_422_naming_password_and_the_code_still_works(api, world):
    code = create_account(api, world, world.users["hr"], "other").json()["activation_code"]
    nip = world.employees["other"].nip

    response = activate(api, nip, code, password="a" * 11)

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["password"]
    assert activate(api, nip, code).status_code == 204


def test_wrong_codes_lock_out_activation_429(api, world):
    code = create_account(api, world, world.users["hr"], "other").json()["activation_code"]
    nip = world.employees["other"].nip

    wrong = [activate(api, nip, "AAAA-AAAA-AAAA").status_code]
    wrong += [
        activate(api, nip, "AAAA-AAAA-AAAA").status_code
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1)
    ]
    locked = activate(api, nip, code)

    assert wrong == [422] * settings.LOGIN_FAILURE_LIMIT
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert LoginFailure.objects.count() == settings.LOGIN_FAILURE_LIMIT
    account = User.objects.get(employee=world.employees["other"])
    assert not account.has_usable_password()


def test_activation_needs_no_token_and_is_documented_without_security(api, client):
    schema = client.get("/api/openapi.json").json()

    assert "security" not in schema["paths"]["/api/v1/auth/activate"]["post"]
    account = schema["components"]["schemas"]["AccountOut"]["properties"]
    assert account["state"]["enum"] == list(STATES)


# Bulk creation ------------------------------------------------------------------------------------


def test_bulk_create_gives_one_code_per_employee_without_account_then_none(api, world):
    hr = world.users["hr"]
    without = {world.employees[key].nip for key in ("mate", "peer", "chief2", "other")}

    first = api.post(f"{ACCOUNTS}/missing", hr)
    second = api.post(f"{ACCOUNTS}/missing", hr)

    assert first.status_code == 201
    body = first.json()
    assert body["created"] == 4
    assert {row["nip"] for row in body["codes"]} == without
    assert len({row["activation_code"] for row in body["codes"]}) == 4
    assert User.objects.filter(employee__nip__in=without).count() == 4
    assert account_audit().filter(action="CREATE").count() == 4
    assert second.status_code == 201
    assert second.json() == {"created": 0, "expires_at": None, "codes": []}
    row = body["codes"][0]
    assert activate(api, row["nip"], row["activation_code"]).status_code == 204


def test_unit_limited_hr_bulk_creates_only_in_their_units_ORG_9(api, world):
    hr = unit_hr(world, world.units["div1"])

    response = api.post(f"{ACCOUNTS}/missing", hr)

    assert response.status_code == 201
    nips = {row["nip"] for row in response.json()["codes"]}
    assert nips == {world.employees["mate"].nip, world.employees["peer"].nip}
    assert not User.objects.filter(employee=world.employees["other"]).exists()


# Reset, disable, enable -----------------------------------------------------------------------


def test_reset_stops_old_password_and_api_token_and_new_code_works(api, world):
    employee = world.users["employee"]
    assert api.get("/me", employee).status_code == 200

    response = api.post(
        f"{account_path(employee)}/reset", world.users["hr"], body={"reason": "Lupa kata sandi"}
    )

    assert response.status_code == 201
    assert response.json()["account"]["state"] == "PENDING"
    assert api.get("/me", employee).status_code == 401
    assert login(api, employee.username, PASSWORD).status_code == 401
    entry = account_audit().get()
    assert (entry.actor, entry.reason) == (world.users["hr"], "Lupa kata sandi")
    assert activate(api, employee.username, response.json()["activation_code"]).status_code == 204
    assert login(api, employee.username, NEW_PASSWORD).status_code == 201


def test_disable_stops_token_and_login_and_enable_needs_a_new_code(api, world):
    employee, hr = world.users["employee"], world.users["hr"]
    assert api.get("/me", employee).status_code == 200

    response = api.patch(account_path(employee), hr, body={"is_active": False, "reason": "Pensiun"})

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["is_active"]) == ("DISABLED", False)
    assert api.get("/me", employee).status_code == 401
    assert login(api, employee.username, PASSWORD).status_code == 401
    assert account_audit().get().reason == "Pensiun"

    enabled = api.patch(account_path(employee), hr, body={"is_active": True})

    # The old password went with the disabling: the owner takes the account up with a new code.
    assert enabled.json()["state"] == "EXPIRED"
    assert login(api, employee.username, PASSWORD).status_code == 401
    reset = api.post(account_path(employee) + "/reset", hr, body={})
    code = reset.json()["activation_code"]
    body = {"username": employee.username, "activation_code": code, "password": NEW_PASSWORD}
    assert api.post("/auth/activate", None, body=body).status_code == 204
    assert login(api, employee.username, NEW_PASSWORD).status_code == 201


def test_disable_without_reason_is_422_naming_reason(api, world):
    employee = world.users["employee"]

    response = api.patch(account_path(employee), world.users["hr"], body={"is_active": False})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["reason"]
    employee.refresh_from_db()
    assert employee.is_active


def test_hr_cannot_disable_their_own_account(api, world):
    hr = world.users["hr"]

    response = api.patch(account_path(hr), hr, body={"is_active": False, "reason": "Coba"})

    assert response.status_code == 422
    hr.refresh_from_db()
    assert hr.is_active


def test_unit_limited_hr_cannot_reset_agency_wide_hr_account_ORG_9(api, world):
    hr = world.users["hr"]  # posted in div2, so readable by an HR of div2
    limited = unit_hr(world, world.units["div2"])
    assert api.get(account_path(hr), limited).status_code == 200

    response = api.post(f"{account_path(hr)}/reset", limited, body={"reason": "Ambil alih"})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    hr.refresh_from_db()
    assert hr.check_password(PASSWORD)
    assert not account_audit().exists()


def test_unit_limited_hr_resets_plain_accounts_in_their_units_only_ORG_9(api, world):
    other = make_user(world.employees["other"])  # div2
    limited = unit_hr(world, world.units["div2"])

    in_unit = api.post(f"{account_path(other)}/reset", limited, body={"reason": "Lupa"})
    elsewhere = api.post(f"{account_path(world.users['employee'])}/reset", limited, body={})

    assert in_unit.status_code == 201
    assert elsewhere.status_code == 404
    world.users["employee"].refresh_from_db()
    assert world.users["employee"].check_password(PASSWORD)


# Roles ----------------------------------------------------------------------------------------


def test_hr_grants_hr_role_limited_to_a_unit_then_revokes_it_GEN_4(api, world):
    supervisor, div1 = world.users["supervisor"], world.units["div1"]
    path = f"{account_path(supervisor)}/roles/HR_ADMIN"

    granted = api.call(
        "PUT", path, world.users["hr"], body={"unit_ids": [div1.pk], "reason": "SK 12"}
    )

    assert granted.status_code == 200
    assert granted.json()["roles"] == [{"role": "HR_ADMIN", "unit_ids": [div1.pk]}]
    assert api.get(f"{ACCOUNTS}?role=HR_ADMIN", supervisor).json()["count"] == 1  # div1 only

    revoked = api.delete(f"{path}?reason=Selesai", world.users["hr"])

    assert revoked.status_code == 200
    assert revoked.json()["roles"] == []
    assert list(account_audit().order_by("id").values_list("reason", flat=True)) == [
        "SK 12",
        "Selesai",
    ]


def test_grant_with_a_unit_of_another_agency_is_422_naming_unit_ids(api, world):
    supervisor = world.users["supervisor"]

    response = api.call(
        "PUT",
        f"{account_path(supervisor)}/roles/HR_ADMIN",
        world.users["hr"],
        body={"unit_ids": [world.units["beta"].pk]},
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["unit_ids"]
    assert not supervisor.role_grants.exists()


def test_only_hr_admin_is_limited_to_units_422_naming_unit_ids_ORG_9(api, world):
    supervisor = world.users["supervisor"]

    response = api.call(
        "PUT",
        f"{account_path(supervisor)}/roles/AUDITOR",
        world.users["hr"],
        body={"unit_ids": [world.units["div1"].pk]},
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "ORG-9"
    assert list(response.json()["fields"]) == ["unit_ids"]
    assert not supervisor.role_grants.exists()


def test_grant_of_an_unknown_role_is_422_GEN_1(api, world):
    response = api.call(
        "PUT", f"{account_path(world.users['supervisor'])}/roles/KING", world.users["hr"], body={}
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "GEN-1"


def test_unit_limited_hr_cannot_grant_roles_ORG_9(api, world):
    other = make_user(world.employees["other"])
    limited = unit_hr(world, world.units["div2"])

    response = api.call(
        "PUT", f"{account_path(other)}/roles/AUDITOR", limited, body={"reason": "Coba"}
    )

    assert response.status_code == 403
    assert not other.role_grants.exists()


def test_hr_cannot_revoke_their_own_hr_admin_role(api, world):
    hr = world.users["hr"]

    response = api.delete(f"{account_path(hr)}/roles/HR_ADMIN", hr)

    assert response.status_code == 422
    assert response.json()["message"] == (
        "Anda tidak dapat mencabut peran administrator SDM Anda sendiri."
    )
    assert hr.role_grants.filter(role=Role.HR_ADMIN).exists()


# Reading --------------------------------------------------------------------------------------


def test_list_searches_by_name_and_filters_by_role_and_state(api, world):
    hr = world.users["hr"]
    create_account(api, world, hr, "other")

    by_name = api.get(f"{ACCOUNTS}?q=Pegawai%20Aud", hr).json()
    by_role = api.get(f"{ACCOUNTS}?role=AUDITOR", hr).json()
    pending = api.get(f"{ACCOUNTS}?state=PENDING", hr).json()

    assert [item["username"] for item in by_name["items"]] == [world.users["auditor"].username]
    assert by_role["items"][0]["roles"] == [{"role": "AUDITOR", "unit_ids": []}]
    assert [item["username"] for item in by_role["items"]] == [world.users["auditor"].username]
    assert [item["employee"]["nip"] for item in pending["items"]] == [world.employees["other"].nip]


def test_list_of_unknown_state_is_422_GEN_1(api, world):
    response = api.get(f"{ACCOUNTS}?state=ASLEEP", world.users["hr"])

    assert response.status_code == 422
    assert response.json()["rule"] == "GEN-1"


def test_unit_limited_hr_lists_accounts_of_their_units_only_ORG_9(api, world):
    limited = unit_hr(world, world.units["div1"])

    response = api.get(ACCOUNTS, limited)

    usernames = {item["username"] for item in response.json()["items"]}
    assert usernames == {world.users["supervisor"].username, world.users["employee"].username}


def test_account_of_another_agency_is_404_under_this_agency(api, world):
    response = api.get(account_path(world.users["foreign_hr"]), world.users["hr"])

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("sysadmin", 200),
        ("hr", 200),
        ("head", 200),
        ("auditor", 200),
        ("supervisor", 404),
        ("employee", 404),
        ("foreign_hr", 404),
        ("anonymous", 401),
    ],
)
def test_who_reads_the_agency_accounts(api, world, role, expected):
    response = api.get(ACCOUNTS, world.users.get(role))

    assert response.status_code == expected
    if expected == 200:
        assert response.json()["count"] == 5  # hr, head, auditor, supervisor, employee


# Permission matrix for writes -----------------------------------------------------------------


def _write(api, world, user, action):
    target = world.users["supervisor"]
    if action == "create":
        return create_account(api, world, user, "other")
    if action == "bulk":
        return api.post(f"{ACCOUNTS}/missing", user)
    if action == "reset":
        return api.post(f"{account_path(target)}/reset", user, body={"reason": "x"})
    if action == "disable":
        return api.patch(account_path(target), user, body={"is_active": False, "reason": "x"})
    if action == "grant":
        return api.call("PUT", f"{account_path(target)}/roles/AUDITOR", user, body={})
    return api.delete(f"{account_path(world.users['auditor'])}/roles/AUDITOR", user)


WRITES = ("create", "bulk", "reset", "disable", "grant", "revoke")
EXPECTED = {
    "employee": 404,  # the agency's accounts are not theirs to read
    "supervisor": 404,
    "auditor": 403,  # reads every account, manages none
    "head": 403,
    "foreign_hr": 404,  # another agency
    "anonymous": 401,
}
CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found"}


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_write_refused_and_nothing_changes(api, world, role, action):
    users_before = list(User.objects.values_list("pk", "password", "is_active").order_by("pk"))
    grants_before = list(RoleGrant.objects.values_list("pk", "role").order_by("pk"))

    response = _write(api, world, world.users.get(role), action)

    assert (response.status_code, response.json()["code"]) == (
        EXPECTED[role],
        CODES[EXPECTED[role]],
    )
    assert list(User.objects.values_list("pk", "password", "is_active").order_by("pk")) == (
        users_before
    )
    assert list(RoleGrant.objects.values_list("pk", "role").order_by("pk")) == grants_before
    assert not account_audit().exists()
