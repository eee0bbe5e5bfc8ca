"""Browser: the employee list (issue #2). HR searches by name, by NIP written with spaces (ID-1)
and by unit; a supervisor's search finds only their own staff; a profile shows the post history
and the appraiser derived from the post tree (ORG-6)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kinerja.accounts.models import Role
from kinerja.core.testing import (
    PASSWORD,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.people.services import employee_transfer

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)

SITI_NIP = "198609262015052001"
SITI_NIP_DISPLAY = "19860926 201505 2 001"
BUDI_NIP = "197805122003121003"


@pytest.fixture
def agency():
    """Dinas Pendidikan: Budi heads it, Siti Rahayu and Agus work under him (Siti came from
    Dinas Kesehatan in 2023). Dinas Kesehatan: Dewi heads it, Siti Nurhaliza works under her."""
    agency = make_agency("uji", name="Pemerintah Kabupaten Uji")
    education = make_unit(agency, "Dinas Pendidikan")
    health = make_unit(agency, "Dinas Kesehatan")
    education_head = make_position(
        education, "Kepala Dinas Pendidikan", level="ADMINISTRATOR", is_unit_head=True
    )
    health_head = make_position(
        health, "Kepala Dinas Kesehatan", level="ADMINISTRATOR", is_unit_head=True
    )
    budi = make_employee(agency, "Budi Santoso", nip=BUDI_NIP, position=education_head)
    make_employee(agency, "Dewi Lestari", position=health_head)
    siti = make_employee(
        agency,
        "Siti Rahayu",
        nip=SITI_NIP,
        position=make_position(health, "Pengelola Data Kesehatan", reports_to=health_head),
        start=dt.date(2019, 1, 2),
    )
    employee_transfer(
        actor=None,
        employee=siti,
        position=make_position(education, "Pengadministrasi Umum", reports_to=education_head),
        start_date=dt.date(2023, 1, 2),
    )
    make_employee(
        agency,
        "Agus Wijaya",
        position=make_position(education, "Pengelola Keuangan", reports_to=education_head),
    )
    make_employee(
        agency,
        "Siti Nurhaliza",
        position=make_position(health, "Analis Kesehatan", reports_to=health_head),
    )
    make_user(agency=agency, username="sdm.uji", roles=(Role.HR_ADMIN,))
    make_user(budi)
    return agency


def names(page):
    return page.locator("#employee-results tbody td:nth-child(2) a")


def props(page, label: str) -> str:
    """The value next to a label of a definition list on a profile."""
    return page.locator(
        f"xpath=//dt[normalize-space()='{label}']/following-sibling::dd[1]"
    ).inner_text()


def search(page, text: str) -> None:
    page.fill("input[name=q]", text)
    page.click("form[role=search] button[type=submit]")


def test_hr_searches_by_name_and_by_nip_with_spaces(page, agency):
    login(page, "sdm.uji", PASSWORD)
    page.goto("/people/")
    expect(names(page)).to_have_text(
        ["Agus Wijaya", "Budi Santoso", "Dewi Lestari", "Siti Nurhaliza", "Siti Rahayu"]
    )

    search(page, "siti")

    expect(names(page)).to_have_text(["Siti Nurhaliza", "Siti Rahayu"])
    expect(page.locator("#employee-results p.muted").first).to_have_text("2 pegawai")

    search(page, SITI_NIP_DISPLAY)

    expect(names(page)).to_have_text(["Siti Rahayu"])
    expect(page.locator("#employee-results tbody tr").first).to_contain_text(SITI_NIP_DISPLAY)


def test_hr_filters_by_unit(page, agency):
    login(page, "sdm.uji", PASSWORD)
    page.goto("/people/")

    page.select_option("select[name=unit]", label="Dinas Kesehatan")

    expect(names(page)).to_have_text(["Dewi Lestari", "Siti Nurhaliza"])
    expect(page.locator("#employee-results tbody td:nth-child(5)")).to_have_text(
        ["Dinas Kesehatan", "Dinas Kesehatan"]
    )

    search(page, "siti")  # the unit filter stays: Siti Rahayu moved to Dinas Pendidikan

    expect(names(page)).to_have_text(["Siti Nurhaliza"])


def test_supervisor_search_finds_only_their_own_staff(page, agency):
    login(page, BUDI_NIP, PASSWORD)
    page.goto("/people/")
    expect(names(page)).to_have_text(["Agus Wijaya", "Budi Santoso", "Siti Rahayu"])

    search(page, "siti")

    expect(names(page)).to_have_text(["Siti Rahayu"])  # not Siti Nurhaliza of Dinas Kesehatan


def test_profile_shows_post_history_and_appraiser(page, agency):
    login(page, "sdm.uji", PASSWORD)
    page.goto("/people/")
    search(page, "rahayu")
    expect(names(page)).to_have_text(["Siti Rahayu"])

    follow(page, names(page).first)

    assert page.url.endswith(f"/people/{SITI_NIP}/")
    assert page.locator("h1").inner_text() == "Siti Rahayu"
    history = page.locator("h2:has-text('Riwayat jabatan') + .table-wrap tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )
    assert history == [
        ["Pengadministrasi Umum", "Dinas Pendidikan", "Definitif", "2 Jan 2023", "sekarang"],
        ["Pengelola Data Kesehatan", "Dinas Kesehatan", "Definitif", "2 Jan 2019", "1 Jan 2023"],
    ]
    assert props(page, "Pejabat penilai kinerja") == (
        "Budi Santoso 19780512 200312 1 003\nKepala Dinas Pendidikan"
    )
    # Budi's post reports to no one in the tree: the reviewer is shown as not yet known.
    assert props(page, "Atasan pejabat penilai kinerja") == "belum dapat ditentukan"
