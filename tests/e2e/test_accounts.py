"""Browser: HR gives an employee an account from the profile; the employee activates it with the
code and logs in; HR gives everyone else an account at once and downloads the codes (issue #2)."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from kinerja.core.testing import PASSWORD, hr_user, make_agency, make_employee

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)

NIP = "198609262015052001"
NEW_PASSWORD = "kebun-kopi-lereng-merapi"


@pytest.fixture
def agency():
    agency = make_agency("uji", name="Pemerintah Kabupaten Uji")
    make_employee(agency, "Siti Rahayu", nip=NIP)
    make_employee(agency, "Dewi Lestari")
    make_employee(agency, "Agus Wijaya")
    hr = hr_user(agency)
    hr.username = "sdm.uji"
    hr.save()
    return agency


def test_hr_gives_an_account_and_the_employee_activates_it(page, agency):
    login(page, "sdm.uji", PASSWORD)
    page.goto(f"/people/{NIP}/")
    assert page.locator("#employee-account p").inner_text() == "Pegawai ini belum memiliki akun."

    follow(page, page.get_by_role("button", name="Buat akun dan kode aktivasi"))

    assert page.locator("h1").inner_text() == "Akun dibuat"
    code = page.locator("#activation-code").inner_text()
    assert len(code) == 14  # XXXX-XXXX-XXXX
    follow(page, "header button:has-text('Keluar')")

    follow(
        page, page.get_by_role("link", name="Punya kode aktivasi dari BKPSDM? Aktifkan akun Anda.")
    )
    page.fill("#id_username", "19860926 201505 2 001")
    page.fill("#id_activation_code", code.lower())
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    follow(page, page.get_by_role("button", name="Aktifkan akun"))

    assert page.url.endswith("/accounts/login/")
    assert page.locator(".messages li").all_inner_texts() == [
        "Akun Anda sudah aktif. Silakan masuk dengan kata sandi baru."
    ]
    login(page, NIP, NEW_PASSWORD)
    assert page.locator("header .user-link").inner_text() == "Siti Rahayu"


def test_hr_gives_everyone_an_account_and_downloads_the_codes(page, agency, tmp_path):
    login(page, "sdm.uji", PASSWORD)
    follow(page, "header nav a:has-text('Akun')")
    assert page.locator("h1").inner_text() == "Akun pengguna"
    expect(page.locator("#missing-count")).to_have_text(  # loaded after the list (htmx)
        "3 pegawai aktif dalam lingkup Anda belum memiliki akun."
    )

    with page.expect_download() as info:
        page.get_by_role("button", name="Buat akun untuk mereka dan unduh kode aktivasi").click()
    target = tmp_path / "kode.xlsx"
    info.value.save_as(target)

    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    assert sorted(row[1] for row in rows) == ["Agus Wijaya", "Dewi Lestari", "Siti Rahayu"]
    assert next(row for row in rows if row[1] == "Siti Rahayu")[0] == NIP
    page.goto("/org/uji/accounts/?state=PENDING")
    assert page.locator("#accounts tbody tr").count() == 3
