"""Log in with NIP or username; throttling with lockout; password policy."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from kinerja.accounts.models import LoginFailure
from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def employee_user():
    agency = make_agency()
    employee = make_employee(agency, "Siti Rahayu", nip="198609262015052001")
    return make_user(employee)


def test_login_with_nip_in_display_form(client, employee_user):
    response = client.post(
        reverse("accounts:login"), {"username": "19860926 201505 2 001", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(employee_user.pk)


def test_login_with_username(client):
    user = make_user(agency=make_agency(), username="bkpsdm")
    response = client.post(reverse("accounts:login"), {"username": "bkpsdm", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_message(client, employee_user):
    response = client.post(
        reverse("accounts:login"),
        {"username": employee_user.username, "password": "salah-sekali-123"},
    )
    assert response.status_code == 400
    assert "kata sandi salah" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_lockout_after_repeated_failures_even_with_the_right_password(client, employee_user):
    for _ in range(3):
        client.post(
            reverse("accounts:login"),
            {"username": employee_user.username, "password": "salah-sekali-123"},
        )
    response = client.post(
        reverse("accounts:login"), {"username": employee_user.username, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_clears_failures(client, employee_user):
    client.post(
        reverse("accounts:login"),
        {"username": employee_user.username, "password": "salah-sekali-123"},
    )
    client.post(
        reverse("accounts:login"), {"username": employee_user.username, "password": PASSWORD}
    )
    assert LoginFailure.objects.count() == 0


def test_open_redirect_is_refused(client, employee_user):
    response = client.post(
        reverse("accounts:login"),
        {
            "username": employee_user.username,
            "password": PASSWORD,
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == "/"


def test_password_needs_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Pendek-123")
    validate_password("kinerja-demo-2026")


def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_needs_post(client, employee_user):
    client.force_login(employee_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_session_and_csrf_cookies_are_http_only(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_HTTPONLY is True


def test_failures_older_than_the_lockout_window_are_removed(client, employee_user, settings):
    """Old failures count for nothing, so they do not pile up (made-up names never log in)."""
    import datetime as dt

    from django.utils import timezone

    old = LoginFailure.objects.create(identifier="name:someone")
    LoginFailure.objects.filter(pk=old.pk).update(
        at=timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)
    )
    recent = LoginFailure.objects.create(identifier="name:someone-else")

    client.post(reverse("accounts:login"), {"username": "nobody", "password": "wrong-password!"})

    assert not LoginFailure.objects.filter(pk=old.pk).exists()
    assert LoginFailure.objects.filter(pk=recent.pk).exists()
    assert LoginFailure.objects.count() == 2  # the recent one and this attempt


def test_a_failed_login_looks_the_account_up_once_for_the_lockout(client):
    """The lockout counts per account (its username and NIP share one count); finding the
    account is done once per attempt, not once per throttle step."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_user(agency=make_agency(), username="bkpsdm")
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("accounts:login"), {"username": "bkpsdm", "password": "salah-sekali-1"})

    lookups = [q["sql"] for q in queries if 'FROM "accounts_user"' in q["sql"]]
    assert len(lookups) == 2, lookups  # the throttle's key, then authenticate's own
    assert LoginFailure.objects.count() == 1
