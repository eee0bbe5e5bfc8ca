"""Import of units, positions, employees and assignments: commit, idempotence, audit, rules.

Files are built in memory (CSV text or an openpyxl workbook) and go through the same
``import_preview`` / ``import_commit`` as the page, the API and ``kinerja import``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from kinerja.core.audit import audit_entry, snapshot
from kinerja.core.models import AuditAction, AuditEntry
from kinerja.core.testing import hr_user, make_agency, make_employee, make_position, make_unit
from kinerja.org.models import Grade, OrgUnit, Position
from kinerja.org.services import POSITION_FIELDS, UNIT_FIELDS
from kinerja.people.importing import import_commit, import_preview
from kinerja.people.importing.columns import COLUMNS, Kind
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import build_nip
from kinerja.people.services import ASSIGNMENT_FIELDS, EMPLOYEE_FIELDS

pytestmark = pytest.mark.django_db

NIP_A = "198609262015051001"
NIP_B = "199002152016032002"
NIP_C = "199103152022212011"  # PPPK

UNITS = [
    ["DINAS", "Dinas Pendidikan", "", "Dinas", "ya", "ya"],
    ["BID1", "Bidang Satu", "DINAS", "Bidang", "tidak", "1"],
]
POSITIONS = [
    ["KADIS", "Kepala Dinas", "DINAS", "JPT", "Pratama", "", "ya", "tidak", ""],
    [
        "KABID1",
        "Kepala Bidang Satu",
        "BID1",
        "Jabatan Administrasi",
        "Administrator",
        "KADIS",
        "ya",
        "",
        "",
    ],
    ["STAF1", "Pengadministrasi Umum", "BID1", "JA", "pelaksana", "KABID1", "", "", "Klerek"],
]
EMPLOYEES = [
    [NIP_A, "PNS", "Budi Santoso", "Dr.", "M.Pd.", "IV/b", "Aktif", "budi@example.go.id", "0812"],
    [NIP_B, "pns", "Siti Aminah", "", "S.E.", "III.b", "aktif", "", ""],
    [NIP_C, "PPPK", "Rina Wati", "", "", "IX", "", "", ""],
]
ASSIGNMENTS = [
    [NIP_A, "KADIS", "2024-01-02", "", "Definitif"],
    [NIP_B, "KABID1", "02-01-2024", "", "definitif"],
    [NIP_C, "STAF1", "2024-03-01", "", ""],
]
ALL = {
    Kind.UNITS: UNITS,
    Kind.POSITIONS: POSITIONS,
    Kind.EMPLOYEES: EMPLOYEES,
    Kind.ASSIGNMENTS: ASSIGNMENTS,
}


def csv_file(kind: Kind, rows: list[list[object]], header: list[str] | None = None) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or COLUMNS[kind])
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def xlsx_file(sheets: dict[Kind, list[list[object]]]) -> io.BytesIO:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, rows in sheets.items():
        sheet = workbook.create_sheet(kind.value)
        sheet.append(list(COLUMNS[kind]))
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def grade_id(code: str, employee_type: str = "PNS") -> int:
    return Grade.objects.get(employee_type=employee_type, code=code).pk


def counts(report) -> dict[str, tuple[int, int, int]]:
    return {
        kind: (c.created, c.updated, c.unchanged) for kind, c in report.counts.items() if c.rows
    }


def errors(report) -> set[tuple[str, int, str, str]]:
    return {(e.sheet, e.row, e.column, e.rule) for e in report.errors}


@pytest.fixture
def agency():
    return make_agency("kab")


@pytest.fixture
def hr(agency):
    return hr_user(agency)


# --- a valid workbook commits, and importing it again changes nothing ---------------------


def test_valid_workbook_commits_in_unit_position_employee_assignment_order(agency, hr):
    report = import_commit(xlsx_file(ALL), agency=agency, actor=hr, filename="data.xlsx")

    assert report.committed is True
    assert report.errors == []
    assert counts(report) == {
        "unit_kerja": (2, 0, 0),
        "jabatan": (3, 0, 0),
        "pegawai": (3, 0, 0),
        "penugasan": (3, 0, 0),
    }
    dinas, bidang = OrgUnit.objects.get(code="DINAS"), OrgUnit.objects.get(code="BID1")
    assert (dinas.path, dinas.depth, dinas.kind, dinas.serves_public) == (
        f"/{dinas.pk}/",
        0,
        "OFFICE",
        True,
    )
    assert (bidang.parent_id, bidang.path, bidang.depth, bidang.kind) == (
        dinas.pk,
        f"/{dinas.pk}/{bidang.pk}/",
        1,
        "DIVISION",
    )
    kadis, kabid, staf = (Position.objects.get(code=c) for c in ("KADIS", "KABID1", "STAF1"))
    assert staf.path == f"/{kadis.pk}/{kabid.pk}/{staf.pk}/"
    assert staf.depth == 2
    assert (kabid.position_type, kabid.level, kabid.is_unit_head) == ("JA", "ADMINISTRATOR", True)
    assert (staf.level, staf.pelaksana_group, staf.is_unit_head) == ("PELAKSANA", "KLEREK", False)
    budi = Employee.objects.get(nip=NIP_A)
    assert (budi.agency_id, budi.birth_date, budi.gender, budi.civil_service_start) == (
        agency.pk,
        dt.date(1986, 9, 26),
        "M",
        dt.date(2015, 5, 1),
    )
    assert (budi.grade.code, budi.status, budi.full_name) == (
        "IV/b",
        "ACTIVE",
        "Dr. Budi Santoso, M.Pd.",
    )
    assert Employee.objects.get(nip=NIP_C).grade.code == "IX"
    assert set(
        Assignment.objects.values_list("employee__nip", "position__code", "start_date", "kind")
    ) == {
        (NIP_A, "KADIS", dt.date(2024, 1, 2), "DEFINITIVE"),
        (NIP_B, "KABID1", dt.date(2024, 1, 2), "DEFINITIVE"),
        (NIP_C, "STAF1", dt.date(2024, 3, 1), "DEFINITIVE"),
    }
    # One entry per record, plus the employee-side entry of each assignment (as assignment_save).
    assert AuditEntry.objects.count() == 2 + 3 + 3 + 3 + 3
    assert set(AuditEntry.objects.values_list("actor_id", "reason", "agency_id")) == {
        (hr.pk, "impor: data.xlsx", agency.pk)
    }


def test_second_import_of_the_same_file_changes_nothing(agency, hr):
    import_commit(xlsx_file(ALL), agency=agency, actor=hr, filename="data.xlsx")
    entries = AuditEntry.objects.count()
    stamps = list(Employee.objects.order_by("pk").values_list("updated_at", flat=True))

    again = import_commit(xlsx_file(ALL), agency=agency, actor=hr, filename="data.xlsx")

    assert again.committed is True
    assert counts(again) == {
        "unit_kerja": (0, 0, 2),
        "jabatan": (0, 0, 3),
        "pegawai": (0, 0, 3),
        "penugasan": (0, 0, 3),
    }
    assert AuditEntry.objects.count() == entries
    assert list(Employee.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert (
        OrgUnit.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        Assignment.objects.count(),
    ) == (2, 3, 3, 3)


def test_changed_row_updates_and_is_audited_with_before_and_after(agency, hr):
    import_commit(csv_file(Kind.EMPLOYEES, EMPLOYEES), agency=agency, actor=hr, filename="a.csv")
    budi = Employee.objects.get(nip=NIP_A)
    old_grade = budi.grade_id
    changed = [list(row) for row in EMPLOYEES]
    changed[0][2], changed[0][5] = "Budi Santoso Putra", "Pembina Tk. I"  # same IV/b
    changed[1][5] = "III/c"

    report = import_commit(
        csv_file(Kind.EMPLOYEES, changed), agency=agency, actor=hr, filename="b.csv"
    )

    assert counts(report) == {"pegawai": (0, 2, 1)}
    budi.refresh_from_db()
    siti = Employee.objects.get(nip=NIP_B)
    assert (budi.name, budi.grade_id) == ("Budi Santoso Putra", old_grade)
    assert siti.grade.code == "III/c"
    updates = AuditEntry.objects.filter(action=AuditAction.UPDATE).order_by("object_id")
    assert [(e.object_id, e.changes, e.reason, e.actor_id) for e in updates] == [
        (str(budi.pk), {"name": ["Budi Santoso", "Budi Santoso Putra"]}, "impor: b.csv", hr.pk),
        (str(siti.pk), {"grade": [grade_id("III/b"), grade_id("III/c")]}, "impor: b.csv", hr.pk),
    ]
    assert updates[0].object_repr == "Dr. Budi Santoso Putra, M.Pd."


def test_absent_optional_column_keeps_the_stored_value(agency, hr):
    import_commit(csv_file(Kind.EMPLOYEES, EMPLOYEES), agency=agency, actor=hr, filename="a.csv")
    header = ["nip", "jenis_pegawai", "nama"]
    rows = [[row[0], row[1], row[2]] for row in EMPLOYEES]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, rows, header), agency=agency, actor=hr, filename="names.csv"
    )

    assert counts(report) == {"pegawai": (0, 0, 3)}
    assert Employee.objects.get(nip=NIP_A).email == "budi@example.go.id"


def test_import_audit_entries_equal_what_audit_entry_builds(agency, hr):
    import_commit(xlsx_file(ALL), agency=agency, actor=hr, filename="data.xlsx")
    cases = [
        (OrgUnit.objects.get(code="BID1"), UNIT_FIELDS),
        (Position.objects.get(code="KABID1"), POSITION_FIELDS),
        (Employee.objects.get(nip=NIP_A), EMPLOYEE_FIELDS),
        (Assignment.objects.get(employee__nip=NIP_B), ASSIGNMENT_FIELDS),
    ]
    for obj, fields in cases:
        expected = audit_entry(
            actor=hr,
            obj=obj,
            action=AuditAction.CREATE,
            after=snapshot(obj, fields),
            reason="impor: data.xlsx",
        )
        stored = AuditEntry.objects.get(
            object_type=obj._meta.label_lower, object_id=str(obj.pk), action=AuditAction.CREATE
        )
        assert (
            stored.agency_id,
            stored.actor_id,
            stored.object_repr,
            stored.changes,
            stored.reason,
        ) == (
            expected.agency_id,
            expected.actor_id,
            expected.object_repr,
            expected.changes,
            expected.reason,
        )


def _stored_and_expected(obj, fields, actor, reason):
    expected = audit_entry(
        actor=actor, obj=obj, action=AuditAction.CREATE, after=snapshot(obj, fields), reason=reason
    )
    stored = AuditEntry.objects.get(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=AuditAction.CREATE
    )
    keys = ("agency_id", "actor_id", "object_repr", "changes", "reason")
    return [getattr(stored, k) for k in keys], [getattr(expected, k) for k in keys]


def test_created_employee_entries_equal_audit_entry_for_every_null_pattern(agency, hr):
    """The database builds these entries (created_audit): grade and TMT CPNS present or null,
    titles present or empty, each gives the entry audit_entry would give (GEN-4)."""
    pns = [build_nip(dt.date(1980, 1, 1), dt.date(2005, 3, 1), "M", n) for n in (1, 2)]
    pppk = [build_nip(dt.date(1985, 5, 5), dt.date(2022, 1, 1), "F", n, "PPPK") for n in (3, 4)]
    rows = [
        [pns[0], "PNS", "Ahmad", "Ir.", "M.T.", "III/c", "", "a@example.go.id", "0811"],
        [pns[1], "PNS", "Bambang", "", "", "", "", "", ""],  # no grade
        [pppk[0], "PPPK", "Citra", "", "S.Kom.", "IX", "", "", ""],  # no TMT CPNS
        [pppk[1], "PPPK", "Dewi", "Dr.", "", "", "", "", ""],  # neither
    ]
    import_commit(csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="n.csv")

    for nip in (*pns, *pppk):
        employee = Employee.objects.get(nip=nip)
        stored, expected = _stored_and_expected(employee, EMPLOYEE_FIELDS, hr, "impor: n.csv")
        assert stored == expected, nip
    texts = set(
        AuditEntry.objects.filter(object_type="people.employee").values_list(
            "object_repr", flat=True
        )
    )
    assert texts == {"Ir. Ahmad, M.T.", "Bambang", "Citra, S.Kom.", "Dr. Dewi"}


def test_created_audit_reads_only_the_given_rows_when_their_ids_have_gaps(agency, hr):
    from django.utils import timezone

    from kinerja.core.created_audit import insert_created_audit

    people = [make_employee(agency, name=f"Pegawai {n}") for n in range(3)]
    before = AuditEntry.objects.count()
    chosen = [people[0].pk, people[2].pk]  # a gap: people[1] is not theirs to audit

    written = insert_created_audit(
        Employee,
        chosen,
        fields=EMPLOYEE_FIELDS,
        text=Employee.full_name_expression(),
        agency_id=agency.pk,
        actor_id=hr.pk,
        reason="uji",
        at=timezone.now(),
    )

    new = AuditEntry.objects.filter(reason="uji")
    assert written == 2
    assert AuditEntry.objects.count() == before + 2
    assert sorted(new.values_list("object_id", flat=True)) == sorted(str(pk) for pk in chosen)


def test_created_audit_reads_a_range_only_when_the_ids_fill_it():
    from django.db.models import Q

    from kinerja.core.created_audit import _selections

    assert _selections([5, 3, 4]) == [Q(pk__gte=3, pk__lte=5)]
    assert _selections([3, 5]) == [Q(pk__in=[3, 5])]
    assert _selections([3, 3, 4]) == [Q(pk__in=[3, 3, 4])]
    assert _selections([]) == []


# --- a bad file changes nothing and reports every bad row -------------------------------------


def test_file_with_bad_rows_changes_nothing_and_reports_every_bad_row(agency, hr):
    rows = [
        EMPLOYEES[0],
        ["198609662015051002", "PNS", "Tanggal 66", "", "", "", "", "", ""],  # ID-2
        ["198609262015131003", "PNS", "Bulan 13", "", "", "", "", "", ""],  # ID-3
        [NIP_A, "PNS", "NIP ganda", "", "", "", "", "", ""],  # ID-9 (row 2)
        ["198609262015051004", "Honorer", "Bukan ASN", "", "", "", "", "", ""],  # ID-7
        [NIP_C, "PPPK", "Golongan PNS", "", "", "III/b", "", "", ""],  # REF-12
        ["198609262015051005", "PNS", "Golongan aneh", "", "", "V/z", "", "", ""],  # REF-11
        ["198609262015051006", "PNS", "Status aneh", "", "", "", "Pensiun", "", ""],  # REF-16
        ["198609262015051007", "PNS", "", "", "", "", "", "bukan-surel", ""],  # INT-8 twice
        EMPLOYEES[1],
    ]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="buruk.csv"
    )

    assert report.committed is False
    assert report.bad_rows == 8
    assert errors(report) == {
        ("pegawai", 3, "nip", "ID-2"),
        ("pegawai", 4, "nip", "ID-3"),
        ("pegawai", 5, "nip", "ID-9"),
        ("pegawai", 6, "jenis_pegawai", "ID-7"),
        ("pegawai", 7, "golongan", "REF-12"),
        ("pegawai", 8, "golongan", "REF-11"),
        ("pegawai", 9, "status", "REF-16"),
        ("pegawai", 10, "nama", "INT-8"),
        ("pegawai", 10, "email", "INT-8"),
    }
    assert Employee.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    message = next(e.message for e in report.errors if e.rule == "REF-12")
    assert message == "Golongan III/b tidak berlaku untuk pegawai PPPK."


def test_a_long_file_reports_every_bad_cell_of_its_clean_looking_columns(agency, hr):
    """Columns are parsed a column at a time, with shortcuts for clean text and for few
    repeated spellings (parsing._parse_column); a bad cell among 80 rows must still be reported
    at its own row, and its neighbours must not be (INT-8, REF-16, ID-1)."""
    rows = [
        [
            build_nip(dt.date(1980, 1, 1), dt.date(2005, 1, 1), "M", n + 1),
            "PNS",
            f"Pegawai {n}",
            "",
            "S.T.",
            "III/a",
            "Aktif" if n % 2 else "aktif",
            f"p{n}@example.go.id",
            "0812",
        ]
        for n in range(80)
    ]
    rows[5][6] = "Pensiun"  # row 7: a status no list knows
    rows[40][6] = "Pensiun"  # row 42
    rows[10][2] = "x" * 201  # row 12: longer than the name column
    rows[20][2] = "  "  # row 22: a required name left blank
    rows[30][7] = "bukan surel"  # row 32
    rows[50][0] = "19800101 20050110 0A"  # row 52: not 18 digits

    report = import_preview(csv_file(Kind.EMPLOYEES, rows), agency=agency, filename="p.csv")

    assert errors(report) == {
        ("pegawai", 7, "status", "REF-16"),
        ("pegawai", 42, "status", "REF-16"),
        ("pegawai", 12, "nama", "INT-8"),
        ("pegawai", 22, "nama", "INT-8"),
        ("pegawai", 32, "email", "INT-8"),
        ("pegawai", 52, "nip", "ID-1"),
    }
    assert report.count(Kind.EMPLOYEES).created == 80 - 6


def test_a_clean_long_file_gives_the_values_the_cell_parsers_give(agency, hr):
    rows = [
        [
            " " + build_nip(dt.date(1990, 2, 3), dt.date(2015, 3, 1), "F", n + 1) + " ",
            "pns",
            f"  Nama {n} ",
            "Dr." if n % 3 == 0 else "",
            "",
            "III.b",
            "Tugas belajar" if n == 7 else "Aktif",
            f" p{n}@Example.go.id ",
            "",
        ]
        for n in range(40)
    ]
    rows[9][0] = rows[9][0].strip()[:8] + " " + rows[9][0].strip()[8:]  # spaced NIP

    report = import_commit(csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="a")

    assert report.ok
    seventh = Employee.objects.get(name="Nama 7")
    assert (seventh.status, seventh.front_title, seventh.email) == (
        "STUDY_LEAVE",
        "",
        "p7@Example.go.id",
    )
    assert seventh.grade_id == grade_id("III/b")
    assert Employee.objects.get(name="Nama 9").nip == rows[9][0].replace(" ", "")
    assert Employee.objects.filter(front_title="Dr.").count() == 14


def test_cross_sheet_rules_are_all_reported_and_nothing_is_written(agency, hr):
    other = make_agency("lain")
    make_employee(other, nip="198001012005011001")
    sheets = {
        Kind.UNITS: [
            *UNITS,
            ["TUTUP", "Unit Tutup", "DINAS", "", "", "tidak"],
            ["X1", "Lingkar 1", "X2", "", "", ""],  # ORG-2 cycle
            ["X2", "Lingkar 2", "X1", "", "", ""],  # ORG-2 cycle
            ["YATIM", "Tanpa induk", "ENTAH", "", "", ""],  # ORG-2 unknown parent
        ],
        Kind.POSITIONS: [
            *POSITIONS,
            ["KADIS2", "Kepala kedua", "DINAS", "JPT", "Madya", "", "ya", "", ""],  # ORG-3
            ["SALAH", "Jenjang salah", "BID1", "JPT", "Pengawas", "", "", "", ""],  # REF-13
            ["ASING", "Unit entah", "ENTAH", "JA", "Pelaksana", "", "", "", ""],  # ORG-4
            ["DITUTUP", "Di unit tutup", "TUTUP", "JA", "Pelaksana", "", "", "", ""],
        ],
        Kind.EMPLOYEES: [
            *EMPLOYEES,
            ["198001012005011001", "PNS", "Milik instansi lain", "", "", "", "", "", ""],  # ID-9
        ],
        Kind.ASSIGNMENTS: [
            *ASSIGNMENTS,
            [NIP_A, "STAF1", "2024-06-01", "", "Definitif"],  # ORG-5 overlaps KADIS from Jan
            [NIP_B, "DITUTUP", "2023-01-01", "2023-12-31", "Plt"],  # ORG-2 inactive unit
            ["197001012000011001", "STAF1", "2023-01-01", "2023-02-01", ""],  # INT-1 unknown
            [NIP_C, "STAF1", "2024-05-01", "2024-04-01", ""],  # ORG-5 end before start
        ],
    }

    report = import_commit(xlsx_file(sheets), agency=agency, actor=hr, filename="salah.xlsx")

    assert report.committed is False
    assert errors(report) == {
        ("unit_kerja", 5, "kode_induk", "ORG-2"),
        ("unit_kerja", 6, "kode_induk", "ORG-2"),
        ("unit_kerja", 7, "kode_induk", "ORG-2"),
        ("jabatan", 5, "kepala_unit", "ORG-3"),
        ("jabatan", 6, "jenjang", "REF-13"),
        ("jabatan", 7, "kode_unit", "ORG-4"),
        ("pegawai", 5, "nip", "ID-9"),
        ("penugasan", 5, "mulai", "ORG-5"),
        ("penugasan", 6, "kode_jabatan", "ORG-2"),
        ("penugasan", 7, "nip", "INT-1"),
        ("penugasan", 8, "selesai", "ORG-5"),
    }
    assert report.bad_rows == 11
    assert (
        OrgUnit.objects.filter(agency=agency).count(),
        Position.objects.filter(agency=agency).count(),
        Employee.objects.filter(agency=agency).count(),
    ) == (0, 0, 0)
    assert AuditEntry.objects.filter(agency=agency).count() == 0


def test_assignment_overlapping_a_stored_one_is_rejected_ORG_5(agency, hr):
    unit = make_unit(agency, code="U")
    post = make_position(unit, code="P1")
    make_position(unit, code="P2")
    make_employee(agency, nip=NIP_A, position=post, start=dt.date(2020, 1, 1))
    rows = [
        [NIP_A, "P2", "2024-01-01", "", "Definitif"],  # still holds P1 (open-ended)
        [NIP_A, "P2", "2019-01-01", "2019-12-31", "Definitif"],  # before: fine
        [NIP_A, "P2", "2024-02-01", "", "Plt"],
    ]  # acting: not checked (ORG-5 definitive)

    report = import_preview(csv_file(Kind.ASSIGNMENTS, rows), agency=agency, filename="p.csv")

    assert errors(report) == {("penugasan", 2, "mulai", "ORG-5")}


def test_second_holder_of_a_stored_post_is_rejected_ORG_5(agency, hr):
    unit = make_unit(agency, code="U")
    post = make_position(unit, code="P1")
    make_employee(agency, nip=NIP_A, position=post, start=dt.date(2020, 1, 1))
    make_employee(agency, nip=NIP_B)

    report = import_preview(
        csv_file(Kind.ASSIGNMENTS, [[NIP_B, "P1", "2024-01-01", "", ""]]),
        agency=agency,
        filename="p.csv",
    )

    assert errors(report) == {("penugasan", 2, "kode_jabatan", "ORG-5")}


def test_second_head_beside_a_stored_head_is_rejected_ORG_3(agency, hr):
    unit = make_unit(agency, code="U")
    make_position(unit, code="HEAD", level="ADMINISTRATOR", is_unit_head=True)
    rows = [["NEW", "Kepala baru", "U", "JA", "Administrator", "", "ya", "", ""]]

    report = import_preview(csv_file(Kind.POSITIONS, rows), agency=agency, filename="p.csv")

    assert errors(report) == {("jabatan", 2, "kepala_unit", "ORG-3")}


def test_head_moves_to_a_new_position_in_one_file_ORG_3(agency, hr):
    unit = make_unit(agency, code="U")
    old = make_position(unit, "Kepala lama", code="HEAD", level="ADMINISTRATOR", is_unit_head=True)
    rows = [
        ["HEAD", "Kepala lama", "U", "JA", "Administrator", "", "tidak", "", ""],
        ["NEW", "Kepala baru", "U", "JA", "Administrator", "", "ya", "", ""],
    ]

    report = import_commit(
        csv_file(Kind.POSITIONS, rows), agency=agency, actor=hr, filename="p.csv"
    )

    assert counts(report) == {"jabatan": (1, 1, 0)}
    old.refresh_from_db()
    assert old.is_unit_head is False
    assert Position.objects.get(code="NEW").is_unit_head is True


def test_moving_a_unit_rewrites_the_paths_of_its_subtree(agency, hr):
    root = make_unit(agency, "Akar", code="A")
    middle = make_unit(agency, "Tengah", parent=root, code="B")
    leaf = make_unit(agency, "Daun", parent=middle, code="D")
    other = make_unit(agency, "Lain", code="C")

    report = import_commit(
        csv_file(
            Kind.UNITS,
            [["B", "Tengah", "C", "", "", ""]],
            ["kode_unit", "nama_unit", "kode_induk", "jenis", "melayani_publik", "aktif"],
        ),
        agency=agency,
        actor=hr,
        filename="u.csv",
    )

    assert counts(report) == {"unit_kerja": (0, 1, 0)}
    middle.refresh_from_db()
    leaf.refresh_from_db()
    assert (middle.path, middle.depth) == (f"/{other.pk}/{middle.pk}/", 1)
    assert (leaf.path, leaf.depth) == (f"/{other.pk}/{middle.pk}/{leaf.pk}/", 2)
    entry = AuditEntry.objects.get(
        object_type="org.orgunit", object_id=str(middle.pk), action=AuditAction.UPDATE
    )
    assert entry.changes == {"parent": [root.pk, other.pk]}


def test_unit_that_would_become_its_own_ancestor_is_rejected_ORG_2(agency, hr):
    root = make_unit(agency, "Akar", code="A")
    make_unit(agency, "Anak", parent=root, code="B")

    report = import_preview(
        csv_file(Kind.UNITS, [["A", "Akar", "B", "", "", ""]]), agency=agency, filename="u.csv"
    )

    assert errors(report) == {("unit_kerja", 2, "kode_induk", "ORG-2")}


def test_assignment_end_date_update_is_audited_on_both_trails(agency, hr):
    unit = make_unit(agency, code="U")
    make_position(unit, "Jabatan Satu", code="P1")
    import_commit(
        csv_file(Kind.EMPLOYEES, EMPLOYEES[:1]), agency=agency, actor=hr, filename="e.csv"
    )
    import_commit(
        csv_file(Kind.ASSIGNMENTS, [[NIP_A, "P1", "2024-01-01", "", ""]]),
        agency=agency,
        actor=hr,
        filename="a.csv",
    )

    report = import_commit(
        csv_file(Kind.ASSIGNMENTS, [[NIP_A, "P1", "2024-01-01", "30-06-2024", ""]]),
        agency=agency,
        actor=hr,
        filename="b.csv",
    )

    assert counts(report) == {"penugasan": (0, 1, 0)}
    assignment = Assignment.objects.get()
    assert assignment.end_date == dt.date(2024, 6, 30)
    new = AuditEntry.objects.filter(reason="impor: b.csv")
    assert sorted((e.object_type, e.action, str(e.changes)) for e in new) == sorted(
        [
            ("people.assignment", "UPDATE", str({"end_date": [None, "2024-06-30"]})),
            (
                "people.employee",
                "UPDATE",
                str(
                    {
                        "assignment": [
                            "Dr. Budi Santoso, M.Pd. → Jabatan Satu (2024-01-01–)",
                            "Dr. Budi Santoso, M.Pd. → Jabatan Satu (2024-01-01–2024-06-30)",
                        ]
                    }
                ),
            ),
        ]
    )


def test_changing_the_type_of_a_stored_employee_is_rejected_INT_1(agency, hr):
    nip = "199001012019011007"  # a valid PNS number and a valid NI PPPK alike
    make_employee(agency, nip=nip, employee_type="PNS")
    rows = [[nip, "PPPK", "Andi", "", "", "", "", "", ""]]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="p.csv"
    )

    assert errors(report) == {("pegawai", 2, "jenis_pegawai", "INT-1")}
    assert Employee.objects.get(nip=nip).employee_type == "PNS"


# --- normalisation (INT-8) and NIPs (Section 2) -------------------------------------------


@pytest.mark.parametrize(
    "variant", ["III/b", "III.b", "IIIb", "Penata Muda Tk.I", "penata muda tingkat I", "III-B"]
)
def test_golongan_variants_become_III_b_INT_8(agency, hr, variant):
    row = [NIP_A, "PNS", "Budi", "", "", variant, "", "", ""]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, [row]), agency=agency, actor=hr, filename="g.csv"
    )

    assert report.errors == []
    assert Employee.objects.get(nip=NIP_A).grade.code == "III/b"


@pytest.mark.parametrize(
    ("nip", "employee_type", "rule"),
    [
        ("198609262015051001", "PNS", None),
        ("19860926 201505 1 001", "PNS", None),
        ("198609662015051001", "PNS", "ID-2"),
        ("198609662015052001", "PNS", "ID-2"),
        ("199002292015051001", "PNS", "ID-2"),
        ("199202292015051001", "PNS", None),
        ("198609262015131001", "PNS", "ID-3"),
        ("198609262015001001", "PNS", "ID-3"),
        ("198609261985011001", "PNS", "ID-3"),
        ("198609262015053001", "PNS", "ID-4"),
        ("198609262015051000", "PNS", "ID-5"),
        ("19860926201505100", "PNS", "ID-1"),
        ("19860926201505100A", "PNS", "ID-1"),
        ("199103152022212011", "PPPK", None),
        ("199103152022212011", "PNS", "ID-3"),
        ("131110468", "PNS", "ID-10"),
    ],
)
def test_nip_test_vectors_through_the_import(agency, hr, nip, employee_type, rule):
    row = [nip, employee_type, "Pegawai Uji", "", "", "", "", "", ""]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, [row]), agency=agency, actor=hr, filename="nip.csv"
    )

    if rule is None:
        assert report.errors == []
        assert list(Employee.objects.values_list("nip", flat=True)) == [nip.replace(" ", "")]
    else:
        assert errors(report) == {("pegawai", 2, "nip", rule)}
        assert Employee.objects.count() == 0


def _exact_numbers(workbook: io.BytesIO, rounded: str, exact: str) -> io.BytesIO:
    """Rewrite a number cell as some spreadsheet programs store it: all digits, no exponent."""
    source = zipfile.ZipFile(workbook)
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(rounded.encode(), exact.encode())
            out.writestr(item, data)
    target.seek(0)
    return target


def test_xlsx_numbers_and_dates_are_read_as_text_and_dates(agency, hr):
    unit = make_unit(agency, code="U")
    make_position(unit, code="P1")
    sheets = {
        Kind.EMPLOYEES: [[int(NIP_A), "PNS", "Budi", None, None, "IV/b", None, None, 812345]],
        Kind.ASSIGNMENTS: [[int(NIP_A), "P1", dt.date(2024, 1, 2), None, "Definitif"]],
    }
    # openpyxl itself writes 1.98609262015051e+17; other programs keep every digit.
    workbook = _exact_numbers(xlsx_file(sheets), repr(float(NIP_A)), NIP_A)

    report = import_commit(workbook, agency=agency, actor=hr, filename="n.xlsx")

    assert report.errors == []
    budi = Employee.objects.get()
    assert (budi.nip, budi.phone) == (NIP_A, "812345")
    assert Assignment.objects.get().start_date == dt.date(2024, 1, 2)


def test_xlsx_nip_that_lost_digits_as_a_number_is_rejected_ID_1(agency, hr):
    # Stored as 1.98609262015051e+17: the last digits are gone, so it must not be guessed.
    sheets = {Kind.EMPLOYEES: [[int(NIP_A), "PNS", "Budi", None, None, None, None, None, None]]}

    report = import_preview(xlsx_file(sheets), agency=agency, filename="n.xlsx")

    assert errors(report) == {("pegawai", 2, "nip", "ID-1")}
    assert "teks" in report.errors[0].message


def test_csv_nip_in_scientific_notation_is_rejected_ID_1(agency, hr):
    rows = [["1.98609E+17", "PNS", "Budi", "", "", "", "", "", ""]]

    report = import_preview(csv_file(Kind.EMPLOYEES, rows), agency=agency, filename="n.csv")

    assert errors(report) == {("pegawai", 2, "nip", "ID-1")}


def test_enum_labels_are_accepted_case_insensitively(agency, hr):
    unit = make_unit(agency, code="U")
    make_position(unit, code="P1")
    make_position(unit, code="P2")
    make_employee(agency, nip=NIP_A)
    rows = [
        [NIP_A, "P1", "2024-01-01", "", "Pelaksana Tugas (Plt)"],
        [NIP_A, "P2", "2024-01-01", "", "PLH"],
    ]

    report = import_commit(
        csv_file(Kind.ASSIGNMENTS, rows), agency=agency, actor=hr, filename="a.csv"
    )

    assert report.errors == []
    assert sorted(Assignment.objects.values_list("kind", flat=True)) == ["PLH", "PLT"]


def test_two_thousand_rows_import_in_one_go(agency, hr):
    rows = []
    for i in range(2000):
        nip = build_nip(
            dt.date(1980, 1, 1) + dt.timedelta(days=i // 999),
            dt.date(2010, 1, 1),
            "M" if i % 2 else "F",
            i % 999 + 1,
        )
        rows.append([nip, "PNS", f"Pegawai {i}", "", "", "III/a", "", "", ""])

    report = import_commit(
        csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="besar.csv"
    )

    assert report.errors == []
    assert counts(report) == {"pegawai": (2000, 0, 0)}
    assert Employee.objects.filter(agency=agency).count() == 2000
    assert AuditEntry.objects.filter(object_type="people.employee").count() == 2000


def test_nip_of_another_agency_is_rejected_ID_9(agency, hr):
    other = make_agency("lain")
    taken = make_employee(other).nip
    make_employee(other)  # more stored elsewhere than rows in the file: looked up by NIP
    rows = [[taken, "PNS", "Sudah ada", "", "", "", "", "", ""], EMPLOYEES[0]]

    report = import_commit(
        csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="e.csv"
    )

    assert errors(report) == {("pegawai", 2, "nip", "ID-9")}
    assert report.errors[0].message == f"NIP {taken} sudah terdaftar pada instansi lain."
    assert Employee.objects.filter(agency=agency).count() == 0


def test_a_refused_insert_raises_djangos_error_not_the_drivers(agency):
    """insert_rows runs on the driver's cursor; its errors still arrive as django.db errors."""
    from django.db import IntegrityError, transaction

    from kinerja.people.importing.writing import insert_rows

    make_employee(agency, nip=NIP_A)
    row = [agency.pk, NIP_A, "PNS", "Ganda", dt.date(1986, 9, 26), "M", "ACTIVE"]
    names = ["agency", "nip", "employee_type", "name", "birth_date", "gender", "status"]

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(Employee, names, [row])


def test_a_number_someone_held_before_is_refused_by_the_import_ID_9(agency, hr):
    from kinerja.people.services import employee_save

    person = make_employee(agency, "Rina Wati", nip=NIP_A)
    person.nip = NIP_A[:-3] + "777"
    employee_save(actor=hr, employee=person, reason="koreksi")
    rows = [[NIP_A, "PNS", "Orang Lain", "", "", "", "", "", ""], EMPLOYEES[1]]

    report = import_commit(csv_file(Kind.EMPLOYEES, rows), agency=agency, actor=hr, filename="x")

    assert errors(report) == {("pegawai", 2, "nip", "ID-9")}
    assert "pernah dipakai" in report.errors[0].message
    assert not Employee.objects.filter(nip=NIP_A).exists()


def test_agency_minimum_age_at_appointment_rejects_new_rows_only_ID_3(agency, hr):
    young = build_nip(dt.date(2000, 6, 15), dt.date(2018, 6, 1), "M", 1)  # 17 at TMT CPNS
    older = build_nip(dt.date(2000, 6, 15), dt.date(2018, 7, 1), "M", 2)  # 18
    stored = build_nip(dt.date(2000, 6, 15), dt.date(2018, 6, 1), "F", 3)  # 17, stored before
    make_employee(agency, "Sudah Ada", nip=stored)
    agency.settings = {"min_age_at_appointment": 18}
    agency.save()
    rows = [
        [young, "PNS", "Terlalu Muda", "", "", "", "", "", ""],
        [older, "PNS", "Cukup Umur", "", "", "", "", "", ""],
        [stored, "PNS", "Sudah Ada", "", "", "", "", "", "0812"],  # not judged again
    ]

    report = import_preview(csv_file(Kind.EMPLOYEES, rows), agency=agency, filename="u.csv")

    assert errors(report) == {("pegawai", 2, "nip", "ID-3")}
    assert "17 tahun" in report.errors[0].message
    agency.settings = {}
    agency.save()
    report = import_preview(csv_file(Kind.EMPLOYEES, rows), agency=agency, filename="u.csv")
    assert report.ok  # the default: no minimum
