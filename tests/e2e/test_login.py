"""Browser: logging in with a NIP, a wrong password, and the language switch."""

import pytest

from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_user

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_wrong_password_shows_a_message_in_indonesian(page):
    agency = make_agency()
    make_user(make_employee(agency, "Siti Rahayu", nip="198609262015052001"))
    login(page, "19860926 201505 2 001", "bukan-kata-sandinya")
    assert page.locator(".errorlist, ul.errorlist li").first.inner_text().startswith(
        "NIP/nama pengguna atau kata sandi salah")


def test_login_with_nip_lands_on_the_agency_overview(page):
    agency = make_agency(name="Pemerintah Kabupaten Uji")
    make_user(make_employee(agency, "Siti Rahayu", nip="198609262015052001"))
    login(page, "19860926 201505 2 001", PASSWORD)
    assert "/accounts/login" not in page.url
    assert page.locator("h1").first.inner_text() == "Pemerintah Kabupaten Uji"
