"""Browser: logging in with a NIP, a wrong password, logging out, and the lockout (issue #2)."""

import pytest
from django.conf import settings

from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_user

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)

NIP = "198609262015052001"
NIP_DISPLAY = "19860926 201505 2 001"
WRONG = "NIP/nama pengguna atau kata sandi salah."
LOCKED = "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam beberapa menit."


@pytest.fixture
def siti():
    agency = make_agency(name="Pemerintah Kabupaten Uji")
    return make_user(make_employee(agency, "Siti Rahayu", nip=NIP))


def test_wrong_password_shows_a_message_in_indonesian(page, siti):
    login(page, NIP_DISPLAY, "bukan-kata-sandinya")

    assert page.locator("main ul.errorlist li").all_inner_texts() == [WRONG]
    assert page.locator("h1").inner_text() == "Masuk ke Kinerja"
    assert page.locator("header form[action='/accounts/logout/']").count() == 0


def test_login_with_nip_lands_on_the_agency_overview(page, siti):
    login(page, NIP_DISPLAY, PASSWORD)

    assert "/accounts/login" not in page.url
    assert page.locator("h1").first.inner_text() == "Pemerintah Kabupaten Uji"
    assert page.locator("header .user-link").inner_text() == "Siti Rahayu"


def test_logout_returns_to_the_login_page(page, siti):
    login(page, NIP_DISPLAY, PASSWORD)

    follow(page, "header button:has-text('Keluar')")

    assert page.url.endswith("/accounts/login/")
    assert page.locator("h1").inner_text() == "Masuk ke Kinerja"
    assert page.locator("header .user-link").count() == 0
    page.goto("/people/")  # the session is really gone: a page sends us back to log in
    assert "/accounts/login/" in page.url


def test_locked_out_user_is_refused_even_with_the_right_password(page, siti):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        login(page, NIP_DISPLAY, "bukan-kata-sandinya")
        assert page.locator("main ul.errorlist li").all_inner_texts() == [WRONG]

    login(page, NIP_DISPLAY, PASSWORD)

    assert page.locator("main ul.errorlist li").all_inner_texts() == [LOCKED]
    assert page.url.endswith("/accounts/login/")
    assert page.locator("header .user-link").count() == 0
