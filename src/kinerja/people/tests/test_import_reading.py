"""Files that cannot be read at all get one clear Indonesian message, never a crash."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from kinerja.core.testing import make_agency
from kinerja.people.importing import ImportFileError, import_preview
from kinerja.people.importing.blanks import template_csv, template_xlsx
from kinerja.people.importing.columns import Kind, detect_kind

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"


@pytest.fixture
def agency():
    return make_agency("kab")


def preview(agency, data: bytes, name: str = "berkas.csv"):
    return import_preview(io.BytesIO(data), agency=agency, filename=name)


def file_error(agency, data: bytes, name: str = "berkas.csv") -> str:
    with pytest.raises(ImportFileError) as caught:
        preview(agency, data, name)
    return caught.value.messages[0]


def test_empty_file_is_refused(agency):
    assert file_error(agency, b"") == "Berkas kosong."


def test_header_only_file_is_refused(agency):
    message = file_error(agency, b"nip,jenis_pegawai,nama\r\n")

    assert message == "Berkas tidak berisi baris data (hanya baris judul)."


def test_unknown_header_is_refused_with_the_expected_columns(agency):
    message = file_error(agency, b"a,b,c\n1,2,3\n")

    assert message.startswith("Baris judul berkas CSV tidak dikenali.")
    assert "pegawai: nip, jenis_pegawai, nama" in message


def test_missing_required_column_is_named(agency):
    message = file_error(agency, f"nip,jenis_pegawai\n{NIP},PNS\n".encode())

    assert message == "Kolom wajib tidak ada pada berkas CSV (pegawai): nama."


def test_non_utf8_csv_is_refused_with_how_to_save_it(agency):
    message = file_error(agency, "nip,jenis_pegawai,nama\n1,PNS,Müller\n".encode("cp1252"))

    assert message.startswith("Berkas CSV harus berenkode UTF-8.")


def test_legacy_xls_and_other_binaries_are_refused(agency):
    assert file_error(agency, b"\xd0\xcf\x11\xe0rest", "data.xls").startswith(
        "Berkas .xls (Excel lama) tidak didukung."
    )
    assert file_error(agency, b"%PDF-1.7\x00\x01", "data.pdf") == (
        "Jenis berkas tidak didukung. Unggah berkas .csv atau .xlsx."
    )


def test_broken_xlsx_is_refused(agency):
    message = file_error(agency, b"PK\x03\x04not really a zip", "data.xlsx")

    assert message == "Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX)."


def test_semicolon_csv_with_bom_and_spaced_headers_is_read(agency):
    data = f"\ufeffNIP;Jenis Pegawai;Nama\r\n{NIP};PNS;Budi\r\n".encode()

    report = preview(agency, data)

    assert report.errors == []
    assert report.counts["pegawai"].created == 1


def test_blank_rows_are_skipped_and_row_numbers_match_the_sheet(agency):
    data = f"nip,jenis_pegawai,nama\n,,\n{NIP},PNS,\n".encode()

    report = preview(agency, data)

    assert [(e.row, e.column, e.rule) for e in report.errors] == [(3, "nama", "INT-8")]


def test_xlsx_sheet_with_another_name_is_recognised_by_its_header(agency):
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.active.append(["nip", "jenis_pegawai", "nama"])
    workbook.active.append([NIP, "PNS", "Budi"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    report = preview(agency, buffer.getvalue(), "data.xlsx")

    assert report.errors == []
    assert report.counts["pegawai"].created == 1


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        (Kind.UNITS, ["kode_unit", "nama_unit"]),
        (Kind.POSITIONS, ["kode_jabatan", "nama_jabatan", "kode_unit", "jenis_jabatan", "jenjang"]),
        (Kind.EMPLOYEES, ["nip", "jenis_pegawai", "nama"]),
        (Kind.ASSIGNMENTS, ["nip", "kode_jabatan", "mulai"]),
    ],
)
def test_kind_is_detected_from_the_required_columns(kind, header):
    assert detect_kind(header) == kind


def test_templates_import_cleanly_as_they_are(agency):
    report = preview(agency, template_xlsx(), "templat.xlsx")

    assert report.errors == []
    assert {kind: c.created for kind, c in report.counts.items()} == {
        "unit_kerja": 1,
        "jabatan": 1,
        "pegawai": 1,
        "penugasan": 1,
    }
    for kind in (Kind.UNITS, Kind.EMPLOYEES):
        assert preview(agency, template_csv(kind).encode()).errors == []


def test_nul_character_in_a_cell_is_a_bad_row_not_a_crash(agency):
    report = preview(agency, f"nip,jenis_pegawai,nama\n{NIP},PNS,Bu\x00di\n".encode())

    assert [(e.row, e.column, e.rule) for e in report.errors] == [(2, "nama", "INT-8")]


def test_cycles_of_bad_cells_are_freed_while_a_file_is_read():
    """The import holds back full garbage collections, not young ones: every bad email cell
    leaves a small reference cycle (Django's ValidationError), and 20,000 of them must not all
    wait for the end of the file."""
    import gc

    from kinerja.people.importing import values
    from kinerja.people.importing.parsing import _parse_column
    from kinerja.people.importing.service import _few_collections

    gc.collect()
    with _few_collections():
        _parse_column([f"bukan surel {i}" for i in range(20_000)], values.email)
        left = gc.collect()

    assert left < 100_000, left  # about 160,000 objects if no pass ran meanwhile
