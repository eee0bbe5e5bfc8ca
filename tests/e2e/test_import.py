"""Browser: HR imports units, positions, employees and assignments from an XLSX (issue #2).

Template download, a file with bad rows (every bad row listed, nothing stored), the corrected file
(counts, commit, result, the employees in the list) and the same file again (nothing changes).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kinerja.core.models import AuditEntry
from kinerja.core.testing import PASSWORD, hr_user, make_agency
from kinerja.org.grades import ensure_grades
from kinerja.org.models import OrgUnit, Position
from kinerja.people.models import Assignment, Employee

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)

HR_USERNAME = "sdm.uji"
BUDI = "198003152005011002"
ANDI = "198609262015051002"
ANDI_BAD = "198609662015051002"  # day 66 (ID-2)
RINA = "199104122019032005"
BAD_BIRTH_DATE = "Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah."
SCREENSHOT = Path(tempfile.gettempdir()) / "import-preview-phone.png"  # to look at by eye

UNITS = [
    ["kode_unit", "nama_unit", "kode_induk"],
    ["DISDIK", "Dinas Pendidikan", ""],
    ["SEKRE", "Sekretariat Dinas Pendidikan", "DISDIK"],
]
POSITION_HEADER = [
    "kode_jabatan", "nama_jabatan", "kode_unit", "jenis_jabatan", "jenjang",
    "kode_jabatan_atasan", "kepala_unit",
]  # fmt: skip
EMPLOYEE_HEADER = ["nip", "jenis_pegawai", "nama", "golongan"]
ASSIGNMENT_HEADER = ["nip", "kode_jabatan", "mulai"]


def workbook(sekdis_unit: str, andi_nip: str, andi_post: str) -> dict[str, list[list[str]]]:
    return {
        "unit_kerja": UNITS,
        "jabatan": [
            POSITION_HEADER,
            ["KADIS", "Kepala Dinas Pendidikan", "DISDIK", "JPT", "Pratama", "", "ya"],
            ["SEKDIS", "Sekretaris Dinas", sekdis_unit, "JA", "Administrator", "KADIS", "ya"],
            ["STAF", "Pengadministrasi Umum", "SEKRE", "JA", "Pelaksana", "SEKDIS", "tidak"],
        ],
        "pegawai": [
            EMPLOYEE_HEADER,
            [BUDI, "PNS", "Budi Santoso", "IV/b"],
            [andi_nip, "PNS", "Andi Pratama", "III/d"],
            [RINA, "PNS", "Rina Wulandari", "III/a"],
        ],
        "penugasan": [
            ASSIGNMENT_HEADER,
            [BUDI, "KADIS", "2024-01-02"],
            [RINA, "STAF", "2024-01-02"],
            [ANDI, andi_post, "2024-01-02"],
        ],
    }


BAD = workbook(sekdis_unit="SEKRET", andi_nip=ANDI_BAD, andi_post="KABID")
GOOD = workbook(sekdis_unit="SEKRE", andi_nip=ANDI, andi_post="SEKDIS")


def write_xlsx(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def table_rows(page, selector: str) -> list[list[str]]:
    return page.locator(f"{selector} tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
    )


def upload(page, path: Path) -> None:
    page.goto("/people/import/")
    page.set_input_files("input[name=file]", str(path))
    follow(page, "main button:has-text('Unggah dan pratinjau')")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agency():
    ensure_grades()  # seeded by a migration, which a transactional test flushes away
    agency = make_agency("uji", name="Pemerintah Kabupaten Uji")
    hr = hr_user(agency)
    hr.username = HR_USERNAME
    hr.save(update_fields=["username"])
    return agency


def stored(agency) -> tuple[int, int, int, int]:
    return (
        OrgUnit.objects.filter(agency=agency).count(),
        Position.objects.filter(agency=agency).count(),
        Employee.objects.filter(agency=agency).count(),
        Assignment.objects.filter(agency=agency).count(),
    )


def test_hr_downloads_the_xlsx_template(page, agency, tmp_path):
    login(page, HR_USERNAME, PASSWORD)
    follow(page, "header nav a:has-text('Impor')")
    assert page.locator("h1").inner_text() == "Impor unit kerja, jabatan, pegawai dan penugasan"

    with page.expect_download() as info:
        page.click("text=Templat XLSX (empat lembar)")
    download = info.value
    saved = tmp_path / "templat.xlsx"
    download.save_as(saved)

    assert download.suggested_filename == "templat-impor-kinerja.xlsx"
    assert saved.read_bytes()[:2] == b"PK"  # a zip container, as every XLSX
    assert load_workbook(saved).sheetnames == ["unit_kerja", "jabatan", "pegawai", "penugasan"]


def test_bad_rows_are_listed_and_nothing_is_stored(page, agency, tmp_path):
    login(page, HR_USERNAME, PASSWORD)

    upload(page, write_xlsx(tmp_path / "pegawai-salah.xlsx", BAD))

    assert page.locator("h1").inner_text() == "Pratinjau impor: pegawai-salah.xlsx"
    assert page.locator("main h2").inner_text() == "3 baris salah"
    assert table_rows(page, "#import-errors") == [
        ["jabatan", "3", "kode_unit", "ORG-4", "Unit kerja SEKRET tidak dikenal."],
        ["pegawai", "3", "nip", "ID-2", BAD_BIRTH_DATE],
        ["penugasan", "4", "kode_jabatan", "ORG-4", "Jabatan KABID tidak dikenal."],
        ["penugasan", "4", "nip", "INT-1", f"NIP {ANDI} tidak terdaftar pada instansi ini."],
    ]  # fmt: skip
    assert page.locator("main button:has-text('Simpan')").count() == 0
    assert stored(agency) == (0, 0, 0, 0)
    assert AuditEntry.objects.count() == 0


def test_corrected_file_previews_commits_and_a_second_import_changes_nothing(
    page, agency, tmp_path
):
    good = write_xlsx(tmp_path / "pegawai-benar.xlsx", GOOD)
    login(page, HR_USERNAME, PASSWORD)

    upload(page, good)

    assert page.locator("h1").inner_text() == "Pratinjau impor: pegawai-benar.xlsx"
    assert table_rows(page, "main") == [
        ["unit_kerja", "2", "2", "0", "0"],
        ["jabatan", "3", "3", "0", "0"],
        ["pegawai", "3", "3", "0", "0"],
        ["penugasan", "3", "3", "0", "0"],
    ]
    assert stored(agency) == (0, 0, 0, 0)  # the preview writes nothing

    follow(page, "main button:has-text('Simpan')")

    assert page.locator("h1").inner_text() == "Hasil impor: pegawai-benar.xlsx"
    assert page.locator(".messages li").all_inner_texts() == ["Impor selesai."]
    assert page.locator("main thead th").all_inner_texts() == [
        "Jenis data", "Baris", "Dibuat", "Diubah", "Tidak berubah",
    ]  # fmt: skip
    assert table_rows(page, "main") == [
        ["unit_kerja", "2", "2", "0", "0"],
        ["jabatan", "3", "3", "0", "0"],
        ["pegawai", "3", "3", "0", "0"],
        ["penugasan", "3", "3", "0", "0"],
    ]
    assert stored(agency) == (2, 3, 3, 3)

    follow(page, "main a:has-text('Daftar pegawai')")

    assert table_rows(page, "#employee-results") == [
        ["19860926 201505 1 002", "Andi Pratama", "III/d", "Sekretaris Dinas",
         "Sekretariat Dinas Pendidikan"],
        ["19800315 200501 1 002", "Budi Santoso", "IV/b", "Kepala Dinas Pendidikan",
         "Dinas Pendidikan"],
        ["19910412 201903 2 005", "Rina Wulandari", "III/a", "Pengadministrasi Umum",
         "Sekretariat Dinas Pendidikan"],
    ]  # fmt: skip

    audit_rows = AuditEntry.objects.count()
    upload(page, good)

    assert page.locator("main thead th").all_inner_texts() == [
        "Jenis data", "Baris", "Akan dibuat", "Akan diubah", "Tidak berubah",
    ]  # fmt: skip
    assert table_rows(page, "main") == [
        ["unit_kerja", "2", "0", "0", "2"],
        ["jabatan", "3", "0", "0", "3"],
        ["pegawai", "3", "0", "0", "3"],
        ["penugasan", "3", "0", "0", "3"],
    ]

    follow(page, "main button:has-text('Simpan')")

    assert table_rows(page, "main") == [
        ["unit_kerja", "2", "0", "0", "2"],
        ["jabatan", "3", "0", "0", "3"],
        ["pegawai", "3", "0", "0", "3"],
        ["penugasan", "3", "0", "0", "3"],
    ]
    assert stored(agency) == (2, 3, 3, 3)
    assert AuditEntry.objects.count() == audit_rows


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_preview_of_bad_rows_fits_a_phone(phone_page, agency, tmp_path):
    page = phone_page
    login(page, HR_USERNAME, PASSWORD)

    upload(page, write_xlsx(tmp_path / "pegawai-salah.xlsx", BAD))
    page.screenshot(path=SCREENSHOT, full_page=True)

    assert page.locator("main h2").inner_text() == "3 baris salah"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
