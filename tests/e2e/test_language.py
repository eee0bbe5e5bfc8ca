"""Browser: the ID/EN switch in the header (issue #2). Indonesian is the default; EN turns the
same page English; ID turns it back. Needs the compiled catalogue (make e2e compiles it)."""

from __future__ import annotations

import pytest

from kinerja.core.testing import PASSWORD, hr_user, make_agency

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)


def switch(page, code: str) -> None:
    follow(page, f"header form.lang-form button[value={code}]")


def nav(page) -> list[str]:
    return [text.strip() for text in page.locator("header nav > a").all_inner_texts()[:4]]


def test_login_page_switches_to_english_and_back(page):
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Masuk ke Kinerja"

    switch(page, "en")

    assert page.url.endswith("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Sign in to Kinerja"
    assert page.locator("main label").all_inner_texts() == ["NIP or username:", "Password:"]
    assert page.locator("main button[type=submit]").inner_text() == "Sign in"

    switch(page, "id")

    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Masuk ke Kinerja"
    assert page.locator("main label").all_inner_texts() == [
        "NIP atau nama pengguna:",
        "Kata sandi:",
    ]


def test_signed_in_page_switches_to_english_and_back(page):
    hr = hr_user(make_agency("uji", name="Pemerintah Kabupaten Uji"))
    login(page, hr.username, PASSWORD)
    page.goto("/people/")
    assert page.locator("h1").inner_text() == "Pegawai"
    assert nav(page) == ["Instansi", "Organisasi", "Pegawai", "Impor"]

    switch(page, "en")

    assert page.url.endswith("/people/")  # the same page, now in English
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Employees"
    assert nav(page) == ["Agency", "Organisation", "Employees", "Import"]
    assert page.locator("header form.inline button").inner_text() == "Sign out"
    assert page.locator("form[role=search] button[type=submit]").inner_text() == "Search"

    page.goto("/people/import/")  # the choice lasts for the next pages

    assert page.locator("html").get_attribute("lang") == "en"

    switch(page, "id")

    assert page.url.endswith("/people/import/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Impor unit kerja, jabatan, pegawai dan penugasan"
    assert nav(page) == ["Instansi", "Organisasi", "Pegawai", "Impor"]
