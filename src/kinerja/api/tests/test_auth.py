"""Bearer tokens: issue, lockout, expiry, revocation; /me for each role."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.accounts.models import ApiToken, LoginFailure
from kinerja.api.auth import hash_token
from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti():
    agency = make_agency("alpha")
    return make_user(make_employee(agency, "Siti Rahayu", nip="198609262015052001"))


def test_token_issued_for_nip_with_spaces_and_only_its_hash_stored(api, siti):
    before = timezone.now()

    response = api.post(
        "/auth/token", body={"username": "19860926 201505 2 001", "password": PASSWORD}
    )

    assert response.status_code == 201
    raw = response.json()["token"]
    stored = ApiToken.objects.get(user=siti)
    assert stored.key_hash == hash_token(raw)
    assert raw not in stored.key_hash
    expires = dt.datetime.fromisoformat(response.json()["expires_at"])
    assert abs(expires - stored.expires_at) < dt.timedelta(milliseconds=1)  # JSON keeps ms
    assert before + dt.timedelta(days=30) <= expires <= timezone.now() + dt.timedelta(days=30)


@override_settings(API_TOKEN_DAYS=2)
def test_token_expiry_follows_setting(api, siti):
    response = api.post("/auth/token", body={"username": siti.username, "password": PASSWORD})

    stored = ApiToken.objects.get(user=siti)
    assert response.status_code == 201
    assert dt.timedelta(days=2) - dt.timedelta(minutes=1) < stored.expires_at - timezone.now()
    assert stored.expires_at - timezone.now() <= dt.timedelta(days=2)


def test_issued_token_opens_me(api, siti):
    raw = api.post("/auth/token", body={"username": siti.username, "password": PASSWORD}).json()
    response = api.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw['token']}"})

    assert response.status_code == 200
    assert response.json()["username"] == siti.username


def test_wrong_password_is_401_invalid_credentials_and_counted(api, siti):
    response = api.post("/auth/token", body={"username": siti.username, "password": "salah-123"})

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"] == "NIP/nama pengguna atau kata sandi salah."
    assert ApiToken.objects.count() == 0
    assert LoginFailure.objects.count() == 1


def test_unknown_user_is_401_like_a_wrong_password(api, siti):
    response = api.post("/auth/token", body={"username": "nobody", "password": PASSWORD})

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_inactive_user_gets_no_token(api, siti):
    siti.is_active = False
    siti.save()

    response = api.post("/auth/token", body={"username": siti.username, "password": PASSWORD})

    assert response.status_code == 401
    assert ApiToken.objects.count() == 0


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lockout_after_limit_even_with_right_password(api, siti):
    for _attempt in range(3):
        assert (
            api.post(
                "/auth/token", body={"username": siti.username, "password": "salah-123"}
            ).status_code
            == 401
        )

    # The NIP in display form is the same account and the same counter.
    response = api.post(
        "/auth/token", body={"username": "19860926 201505 2 001", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"
    assert ApiToken.objects.count() == 0


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lockout_by_username_also_holds_for_the_nip(api):
    """One account, one counter: the NIP is not a second set of guesses after the username's."""
    agency = make_agency("alpha")
    make_user(make_employee(agency, "Siti Rahayu", nip="198609262015052001"), username="siti")
    for _attempt in range(3):
        api.post("/auth/token", body={"username": "siti", "password": "salah-123"})

    response = api.post(
        "/auth/token", body={"username": "19860926 201505 2 001", "password": PASSWORD}
    )

    assert response.status_code == 429
    assert ApiToken.objects.count() == 0


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lockout_is_shared_with_the_login_page(api, client, siti):
    for _attempt in range(3):
        client.post("/accounts/login/", {"username": siti.username, "password": "salah-123"})

    response = api.post("/auth/token", body={"username": siti.username, "password": PASSWORD})

    assert LoginFailure.objects.count() == 3
    assert response.status_code == 429


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_success_clears_failures_below_the_limit(api, siti):
    api.post("/auth/token", body={"username": siti.username, "password": "salah-123"})

    response = api.post("/auth/token", body={"username": siti.username, "password": PASSWORD})

    assert response.status_code == 201
    assert LoginFailure.objects.count() == 0


def test_missing_fields_is_422(api):
    response = api.post("/auth/token", body={"username": "x"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {"password": ["Wajib diisi."]}


def test_token_use_is_recorded_without_a_write_on_every_request(api, siti):
    api.get("/me", siti)
    first = ApiToken.objects.get(user=siti).last_used_at

    with CaptureQueriesContext(connection) as queries:
        again = api.get("/me", siti)

    assert first is not None
    assert again.status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_expired_token_is_401(api, siti):
    api.get("/me", siti)  # issues the token
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = api.get("/me", siti)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == "Bearer"


def test_token_of_inactive_user_is_401(api, siti):
    assert api.get("/me", siti).status_code == 200
    siti.is_active = False
    siti.save()

    assert api.get("/me", siti).status_code == 401


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nonsense", "Token abc"])
def test_missing_or_bad_token_is_401(api, header):
    response = api.client.get("/api/v1/me", headers={"Authorization": header} if header else {})

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_delete_revokes_only_the_token_in_use(api, siti):
    api.get("/me", siti)
    other_raw = api.post(
        "/auth/token", body={"username": siti.username, "password": PASSWORD}
    ).json()["token"]

    response = api.delete("/auth/token", siti)

    assert response.status_code == 204
    assert api.get("/me", siti).status_code == 401
    assert list(ApiToken.objects.values_list("key_hash", flat=True)) == [hash_token(other_raw)]


def test_delete_without_token_is_401(api, siti):
    api.get("/me", siti)

    response = api.client.delete("/api/v1/auth/token")

    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


# /me ------------------------------------------------------------------------------------------

ME = {
    "sysadmin": {
        "roles": [],
        "agency": None,
        "is_system_admin": True,
        "employee": None,
        "supervises_anyone": False,
    },
    "hr": {
        "roles": ["HR_ADMIN"],
        "agency": "alpha",
        "is_system_admin": False,
        "employee": ("hr", "hr", "div2"),
        "supervises_anyone": False,
    },
    "head": {
        "roles": ["AGENCY_HEAD"],
        "agency": "alpha",
        "is_system_admin": False,
        "employee": ("head", "head", "office"),
        "supervises_anyone": True,
    },
    "auditor": {
        "roles": ["AUDITOR"],
        "agency": "alpha",
        "is_system_admin": False,
        "employee": ("aud", "auditor", "div2"),
        "supervises_anyone": False,
    },
    "supervisor": {
        "roles": [],
        "agency": "alpha",
        "is_system_admin": False,
        "employee": ("sup", "chief1", "div1"),
        "supervises_anyone": True,
    },
    "employee": {
        "roles": [],
        "agency": "alpha",
        "is_system_admin": False,
        "employee": ("emp", "staff1", "div1"),
        "supervises_anyone": False,
    },
    "foreign_hr": {
        "roles": ["HR_ADMIN"],
        "agency": "beta",
        "is_system_admin": False,
        "employee": None,
        "supervises_anyone": False,
    },
}


@pytest.mark.parametrize("role", list(ME))
def test_me_for_each_role(api, world, role):
    user = world.users[role]
    expected = dict(ME[role], id=user.pk, username=user.username)
    if expected["employee"] is not None:
        employee_key, position_key, unit_key = expected["employee"]
        employee = world.employees[employee_key]
        position, unit = world.positions[position_key], world.units[unit_key]
        expected["employee"] = {
            "nip": employee.nip,
            "nip_display": employee.nip_display,
            "name": employee.full_name,
            "employee_type": "PNS",
            "position": {"id": position.pk, "name": position.name},
            "unit": {"id": unit.pk, "name": unit.name},
        }

    response = api.get("/me", user)

    assert response.status_code == 200
    assert response.json() == expected


def test_me_without_token_is_401(api):
    assert api.get("/me").status_code == 401


def test_token_endpoint_needs_no_csrf_token(siti):
    # API clients have no session cookie; CSRF protects cookie-authenticated pages only.
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/auth/token",
        data=json.dumps({"username": siti.username, "password": PASSWORD}),
        content_type="application/json",
    )

    assert response.status_code == 201
