"""Employees over the API: lists, detail, create/patch through employee_save (ID-*), transfers,
appraisers and the audit trail."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.audit import audit_for
from kinerja.core.models import AuditEntry
from kinerja.core.testing import make_employee
from kinerja.people.choices import AssignmentKind
from kinerja.people.models import Assignment, Employee
from kinerja.people.services import employee_transfer

pytestmark = pytest.mark.django_db


def _names(response):
    return sorted(item["name"] for item in response.json()["items"])


def _new(nip="198609262015051001", employee_type="PNS", **fields):
    return {"nip": nip, "employee_type": employee_type, "name": "Budi Santoso", **fields}


# Lists ----------------------------------------------------------------------------------------


def test_list_is_scoped_by_role(api, world):
    everyone = sorted(e.name for key, e in world.employees.items() if key != "foreign")

    assert _names(api.get("/employees", world.users["hr"])) == everyone
    assert _names(api.get("/employees", world.users["supervisor"])) == [
        "Pegawai Emp",
        "Pegawai Mate",
        "Pegawai Sup",
    ]
    assert _names(api.get("/employees", world.users["employee"])) == ["Pegawai Emp"]
    assert _names(api.get("/employees", world.users["foreign_hr"])) == ["Pegawai Beta"]
    assert len(api.get("/employees", world.users["sysadmin"]).json()["items"]) == 10


def test_list_item_shape(api, world):
    emp = world.employees["emp"]

    item = api.get(f"/employees?q={emp.nip}", world.users["hr"]).json()["items"][0]

    assert item == {
        "nip": emp.nip,
        "nip_display": emp.nip_display,
        "name": "Pegawai Emp",
        "full_name": "Pegawai Emp",
        "employee_type": "PNS",
        "status": "ACTIVE",
        "grade": "III/a",
        "agency": "alpha",
        "position": {"id": world.positions["staff1"].pk, "name": "Pelaksana Satu"},
        "unit": {"id": world.units["div1"].pk, "name": "Bidang Satu"},
    }


def test_list_filters(api, world):
    user = world.users["hr"]
    emp = world.employees["emp"]
    make_employee(
        world.agencies["alpha"], "Pegawai Kontrak", employee_type="PPPK", status="STUDY_LEAVE"
    )
    spaced = emp.nip_display.replace(" ", "%20")

    assert _names(api.get("/employees?q=mate", user)) == ["Pegawai Mate"]
    assert _names(api.get(f"/employees?q={spaced}", user)) == ["Pegawai Emp"]
    assert _names(api.get(f"/employees?unit={world.units['div1'].pk}", user)) == [
        "Pegawai Emp",
        "Pegawai Mate",
        "Pegawai Peer",
        "Pegawai Sup",
    ]
    assert len(api.get(f"/employees?unit={world.units['office'].pk}", user).json()["items"]) == 9
    assert _names(api.get("/employees?type=PPPK", user)) == ["Pegawai Kontrak"]
    assert _names(api.get("/employees?status=STUDY_LEAVE", user)) == ["Pegawai Kontrak"]
    assert api.get("/employees?status=CUTI", user).json()["rule"] == "GEN-1"
    foreign_unit = api.get(f"/employees?unit={world.units['beta'].pk}", user)
    assert (foreign_unit.status_code, list(foreign_unit.json()["fields"])) == (422, ["unit"])


def test_list_pages(api, world):
    page = api.get("/employees?page=3&page_size=4", world.users["hr"]).json()

    assert (page["count"], page["page"], page["page_size"], len(page["items"])) == (9, 3, 4, 1)
    assert api.get("/employees?page_size=0", world.users["hr"]).status_code == 422


def test_list_runs_a_fixed_number_of_queries(api, world):
    user = world.users["hr"]
    api.get("/me", user)

    def count(page_size):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/employees?page_size={page_size}", user)
        assert len(response.json()["items"]) == page_size
        return len(queries)

    assert count(1) == count(9)


# Detail ---------------------------------------------------------------------------------------


def test_detail_with_current_assignment_by_nip_with_spaces_ID_1(api, world):
    emp = world.employees["emp"]
    spaced = emp.nip_display.replace(" ", "%20")

    response = api.get(f"/employees/{spaced}", world.users["supervisor"])

    assert response.status_code == 200
    body = response.json()
    assert (body["nip"], body["grade"], body["status"], body["birth_date"]) == (
        emp.nip,
        "III/a",
        "ACTIVE",
        emp.birth_date.isoformat(),
    )
    assignment = emp.assignments.get()
    assert body["current_assignment"] == {
        "id": assignment.pk,
        "position": {"id": world.positions["staff1"].pk, "name": "Pelaksana Satu"},
        "unit": {"id": world.units["div1"].pk, "name": "Bidang Satu"},
        "kind": "DEFINITIVE",
        "start_date": "2020-01-01",
        "end_date": None,
        "note": "",
    }


def test_detail_of_unknown_nip_is_404(api, world):
    assert api.get("/employees/198609262015051001", world.users["hr"]).status_code == 404
    assert api.get("/employees/bukan-nip", world.users["hr"]).status_code == 404


# Create ---------------------------------------------------------------------------------------

# rules.md Section 2 test vectors (ID-1 to ID-7, ID-10).
VECTORS = [
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
]


@pytest.mark.parametrize(("nip", "employee_type", "rule"), VECTORS)
def test_create_employee_nip_vectors(api, world, nip, employee_type, rule):
    grade = "IX" if employee_type == "PPPK" else "III/b"
    before = Employee.objects.count()

    response = api.post("/employees", world.users["hr"], _new(nip, employee_type, grade=grade))

    body = response.json()
    if rule is None:
        assert response.status_code == 201
        created = Employee.objects.get(nip=nip.replace(" ", ""))
        assert (body["nip"], created.agency, created.grade.code) == (
            created.nip,
            world.agencies["alpha"],
            grade,
        )
        assert audit_for(created).get().actor == world.users["hr"]
    else:
        assert response.status_code == 422
        assert (body["code"], body["rule"], list(body["fields"])) == ("invalid", rule, ["nip"])
        assert body["message"].startswith("nip: ")
        assert Employee.objects.count() == before


def test_invalid_nip_message_names_field_and_reason_ID_2(api, world):
    response = api.post("/employees", world.users["hr"], _new("198609662015051001"))

    assert response.json() == {
        "code": "invalid",
        "rule": "ID-2",
        "message": "nip: Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah.",
        "fields": {"nip": ["Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah."]},
    }


def test_create_derives_birth_date_gender_and_tmt_from_nip(api, world):
    response = api.post("/employees", world.users["hr"], _new("198609262015052001"))

    body = response.json()
    assert (body["birth_date"], body["gender"], body["civil_service_start"]) == (
        "1986-09-26",
        "F",
        "2015-05-01",
    )
    assert body["current_assignment"] is None


@pytest.mark.parametrize("employee_type", [None, "ASN", ""])
def test_missing_or_unknown_employee_type_is_rejected_ID_7(api, world, employee_type):
    body = _new()
    if employee_type is None:
        del body["employee_type"]
    else:
        body["employee_type"] = employee_type

    response = api.post("/employees", world.users["hr"], body)

    assert response.status_code == 422
    assert (response.json()["rule"], list(response.json()["fields"])) == ("ID-7", ["employee_type"])
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_duplicate_nip_across_agencies_is_rejected_ID_9(api, world):
    foreign = world.employees["foreign"]

    response = api.post("/employees", world.users["hr"], _new(foreign.nip_display))

    assert response.status_code == 422
    assert response.json()["rule"] == "ID-9"
    assert Employee.objects.filter(nip=foreign.nip).count() == 1


@pytest.mark.parametrize(
    ("employee_type", "grade", "rule"),
    [
        ("PNS", "V/a", "REF-11"),
        ("PPPK", "XX", "REF-12"),
        ("PNS", "IX", "REF-12"),
        ("PPPK", "III/a", "REF-12"),
    ],
)
def test_unknown_or_wrong_type_grade_is_rejected(api, world, employee_type, grade, rule):
    nip = "199103152022212011" if employee_type == "PPPK" else "198609262015051001"

    response = api.post("/employees", world.users["hr"], _new(nip, employee_type, grade=grade))

    assert response.status_code == 422
    assert (response.json()["rule"], list(response.json()["fields"])) == (rule, ["grade"])
    assert not Employee.objects.filter(nip=nip).exists()


@pytest.mark.parametrize("role", ["head", "auditor", "supervisor", "employee"])
def test_only_hr_creates_employees(api, world, role):
    response = api.post("/employees", world.users[role], _new())

    assert response.status_code == 403
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_hr_cannot_create_in_another_agency(api, world):
    response = api.post("/employees", world.users["hr"], _new(agency="beta"))

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["agency"]
    assert not Employee.objects.filter(nip="198609262015051001").exists()


def test_system_admin_creates_in_named_agency(api, world):
    response = api.post("/employees", world.users["sysadmin"], _new(agency="beta"))

    assert response.status_code == 201
    assert Employee.objects.get(nip="198609262015051001").agency == world.agencies["beta"]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', '{"nip": 5}'])
def test_malformed_or_wrongly_typed_body_is_422(api, world, raw):
    before = Employee.objects.count()

    response = api.call("POST", "/employees", world.users["hr"], raw=raw)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert Employee.objects.count() == before


# Patch ----------------------------------------------------------------------------------------


def test_hr_patches_status_and_grade_with_reason(api, world):
    emp = world.employees["emp"]

    response = api.patch(
        f"/employees/{emp.nip}",
        world.users["hr"],
        {"status": "STUDY_LEAVE", "grade": "III/c", "reason": "SK 12/2026"},
    )

    assert response.status_code == 200
    emp.refresh_from_db()
    assert (emp.status, emp.grade.code) == ("STUDY_LEAVE", "III/c")
    entry = audit_for(emp).filter(reason="SK 12/2026").get()
    assert entry.changes["status"] == ["ACTIVE", "STUDY_LEAVE"]


def test_patch_with_invalid_nip_changes_nothing_ID_3(api, world):
    emp = world.employees["emp"]
    entries = AuditEntry.objects.count()

    response = api.patch(
        f"/employees/{emp.nip}",
        world.users["hr"],
        {"nip": "198609262015131001", "name": "Nama Baru"},
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "ID-3"
    emp.refresh_from_db()
    assert emp.name == "Pegawai Emp"
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("field", ["front_title", "back_title", "email", "phone", "external_id"])
def test_patch_null_for_optional_text_is_422_not_500(api, world, field):
    """A text column that may be empty is still NOT NULL: null is bad input, not a 500."""
    emp = world.employees["emp"]

    response = api.patch(f"/employees/{emp.nip}", world.users["hr"], {field: None})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]


def test_error_messages_follow_accept_language(api, world):
    emp = world.employees["emp"]

    english = api.patch(
        f"/employees/{emp.nip}",
        world.users["hr"],
        {"email": "bukan-surel"},
        **{"Accept-Language": "en"},
    )
    indonesian = api.patch(
        f"/employees/{emp.nip}",
        world.users["hr"],
        {"email": "bukan-surel"},
        **{"Accept-Language": "id"},
    )

    assert english.json()["fields"] == {"email": ["Enter a valid email address."]}
    assert indonesian.json()["fields"] == {"email": ["Masukkan alamat email yang valid."]}


# Assignments and transfers --------------------------------------------------------------------


def test_assignment_history_newest_first(api, world):
    emp = world.employees["emp"]
    employee_transfer(
        actor=None, employee=emp, position=world.positions["vacant"], start_date=dt.date(2024, 1, 1)
    )

    response = api.get(f"/employees/{emp.nip}/assignments", world.users["employee"])

    assert [(a["position"]["name"], a["start_date"], a["end_date"]) for a in response.json()] == [
        ("Pelaksana Kosong", "2024-01-01", None),
        ("Pelaksana Satu", "2020-01-01", "2023-12-31"),
    ]


def test_hr_transfers_employee_ORG_5(api, world):
    emp = world.employees["emp"]
    target = world.positions["vacant"]

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users["hr"],
        {"position_id": target.pk, "start_date": "2024-07-01", "reason": "Mutasi SK 7/2024"},
    )

    assert response.status_code == 201
    body = response.json()
    assert (
        body["closed"]["end_date"],
        body["opened"]["start_date"],
        body["opened"]["position"]["id"],
    ) == ("2024-06-30", "2024-07-01", target.pk)
    assert list(
        emp.assignments.order_by("start_date").values_list("position_id", "start_date", "end_date")
    ) == [
        (world.positions["staff1"].pk, dt.date(2020, 1, 1), dt.date(2024, 6, 30)),
        (target.pk, dt.date(2024, 7, 1), None),
    ]


def test_transfer_into_occupied_position_is_rejected_ORG_5(api, world):
    emp = world.employees["emp"]

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users["hr"],
        {"position_id": world.positions["staff2"].pk, "start_date": "2024-07-01"},
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "ORG-5"
    assert emp.assignments.get().end_date is None  # the closing was rolled back too


def test_transfer_into_inactive_unit_is_rejected_ORG_2(api, world):
    unit = world.units["div2"]
    unit.is_active = False
    unit.save()
    emp = world.employees["emp"]

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users["hr"],
        {"position_id": world.positions["vacant"].pk, "start_date": "2024-07-01"},
    )

    assert (response.status_code, response.json()["rule"]) == (422, "ORG-2")
    assert emp.assignments.count() == 1


@pytest.mark.parametrize(("position", "field"), [(999999, "position_id"), ("beta", "position_id")])
def test_transfer_to_unknown_or_foreign_position_is_422(api, world, position, field):
    emp = world.employees["emp"]
    position_id = world.positions["beta"].pk if position == "beta" else position

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users["hr"],
        {"position_id": position_id, "start_date": "2024-07-01"},
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]
    assert emp.assignments.count() == 1


def test_transfer_bad_kind_and_date_are_422(api, world):
    emp = world.employees["emp"]

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users["hr"],
        {
            "position_id": world.positions["vacant"].pk,
            "start_date": "2024-02-30",
            "kind": "SEMENTARA",
        },
    )

    assert response.status_code == 422
    assert sorted(response.json()["fields"]) == ["kind", "start_date"]
    assert emp.assignments.count() == 1


@pytest.mark.parametrize(
    ("role", "status"), [("supervisor", 403), ("head", 403), ("employee", 403), ("foreign_hr", 404)]
)
def test_transfer_refused_changes_nothing(api, world, role, status):
    emp = world.employees["emp"]

    response = api.post(
        f"/employees/{emp.nip}/transfer",
        world.users[role],
        {"position_id": world.positions["vacant"].pk, "start_date": "2024-07-01"},
    )

    assert response.status_code == status
    assert list(emp.assignments.values_list("end_date", flat=True)) == [None]
    assert not Assignment.objects.filter(position=world.positions["vacant"]).exists()


# Appraiser ------------------------------------------------------------------------------------


def test_appraiser_and_appeal_reviewer_ORG_6_ORG_8(api, world):
    emp, sup, head = (world.employees[k] for k in ("emp", "sup", "head"))

    response = api.get(f"/employees/{emp.nip}/appraiser?on=2024-03-01", world.users["employee"])

    assert response.status_code == 200
    body = response.json()
    assert body["on"] == "2024-03-01"
    assert body["appraiser"] == {
        "source": "DERIVED",
        "reason": "",
        "external_official": None,
        "employee": {"nip": sup.nip, "nip_display": sup.nip_display, "name": sup.full_name},
        "position": {"id": world.positions["chief1"].pk, "name": "Kepala Bidang Satu"},
    }
    assert body["appeal_reviewer"]["employee"]["nip"] == head.nip


def test_appraiser_before_any_assignment_is_null(api, world):
    emp = world.employees["emp"]

    body = api.get(f"/employees/{emp.nip}/appraiser?on=2019-12-31", world.users["hr"]).json()

    assert (body["appraiser"], body["appeal_reviewer"]) == (None, None)


def test_appraiser_defaults_to_today_and_rejects_bad_dates(api, world):
    emp = world.employees["emp"]

    today = api.get(f"/employees/{emp.nip}/appraiser", world.users["hr"]).json()
    bad = api.get(f"/employees/{emp.nip}/appraiser?on=2024-13-01", world.users["hr"])

    assert today["appraiser"]["employee"]["nip"] == world.employees["sup"].nip
    assert (bad.status_code, list(bad.json()["fields"])) == (422, ["on"])


def test_appraiser_of_invisible_employee_is_404(api, world):
    response = api.get(
        f"/employees/{world.employees['other'].nip}/appraiser", world.users["employee"]
    )

    assert response.status_code == 404


# Audit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("sysadmin", "emp", 200),
        ("hr", "emp", 200),
        ("auditor", "emp", 200),
        ("head", "emp", 403),
        ("supervisor", "emp", 403),
        ("employee", "emp", 403),
        ("employee", "mate", 404),
        ("hr", "foreign", 404),
        ("auditor", "foreign", 404),
    ],
)
def test_audit_trail_readers_GEN_4(api, world, role, target, status):
    employee = world.employees[target]

    response = api.get(f"/employees/{employee.nip}/audit", world.users[role])

    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["count"] == audit_for(employee).count() == 2  # created, then assigned
        assert [e["action"] for e in body["items"]] == ["UPDATE", "CREATE"]


def test_audit_entry_shape(api, world):
    emp = world.employees["emp"]
    api.patch(f"/employees/{emp.nip}", world.users["hr"], {"phone": "0812", "reason": "Data baru"})

    entry = api.get(f"/employees/{emp.nip}/audit?page_size=1", world.users["auditor"]).json()

    item = entry["items"][0]
    assert (entry["count"], item["actor"], item["action"], item["reason"], item["changes"]) == (
        3,
        world.users["hr"].username,
        "UPDATE",
        "Data baru",
        {"phone": ["", "0812"]},
    )
    assert item["object_type"] == "people.employee"


def test_acting_assignment_is_listed_with_its_kind(api, world):
    emp = world.employees["other"]
    employee_transfer(
        actor=None,
        employee=emp,
        position=world.positions["chief1"],
        start_date=dt.date(2024, 1, 1),
        kind=AssignmentKind.PLT,
    )

    history = api.get(f"/employees/{emp.nip}/assignments", world.users["hr"]).json()

    assert [a["kind"] for a in history] == ["PLT", "DEFINITIVE"]


# Bad input is never a 500 -------------------------------------------------------------------

HUGE = 10**30


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", f"/units/{HUGE}", None, 422),
        ("GET", f"/positions/{HUGE}", None, 422),
        ("GET", f"/units?parent={HUGE}", None, 422),
        ("GET", f"/employees?unit={HUGE}", None, 422),
        ("GET", f"/employees?page={HUGE}", None, 422),
        ("GET", "/employees?q=%00", None, 422),
        ("GET", "/employees/%00", None, 404),
        ("GET", "/employees/1986%00/audit", None, 404),
        ("GET", "/agencies/%00", None, 404),
        ("POST", "/units", {"parent_id": HUGE, "code": "X", "name": "X"}, 422),
        ("POST", "/units", {"code": "X\x00", "name": "X"}, 422),
        (
            "POST",
            "/positions",
            {"unit_id": -1, "code": "X", "name": "X", "position_type": "JA", "level": "PELAKSANA"},
            422,
        ),
        ("POST", "/employees", {"nip": "1" * 5000, "employee_type": "PNS", "name": "X"}, 422),
        (
            "POST",
            "/employees",
            {"nip": "198609262015051001", "employee_type": "PNS", "name": ["X"]},
            422,
        ),
        ("PATCH", "/units/1", {"is_active": "kadang"}, 422),
    ],
)
def test_bad_input_is_never_a_500(api, world, method, path, body, status):
    audit_before = AuditEntry.objects.count()

    response = api.call(method, path, world.users["hr"], body)

    assert response.status_code == status
    assert response.json()["code"] == ("not_found" if status == 404 else "invalid")
    assert AuditEntry.objects.count() == audit_before


def test_a_new_number_keeps_the_old_in_the_detail_and_the_old_is_never_reused_ID_9(api, world):
    emp = world.employees["emp"]
    old = emp.nip
    new = old[:-3] + "999"

    changed = api.patch(f"/employees/{old}", world.users["hr"], {"nip": new, "reason": "koreksi"})
    taken = api.post("/employees", world.users["hr"], _new(nip=old, name="Orang Lain"))

    assert changed.status_code == 200
    assert changed.json()["nip"] == new
    assert [n["number"] for n in changed.json()["former_numbers"]] == [old]
    assert api.get(f"/employees/{new}", world.users["hr"]).json()["former_numbers"][0] == {
        "number": old,
        "until": changed.json()["former_numbers"][0]["until"],
    }
    assert taken.status_code == 422
    assert taken.json()["rule"] == "ID-9"
    assert not Employee.objects.filter(name="Orang Lain").exists()


def test_create_refuses_a_number_below_the_agency_minimum_age_ID_3(api, world):
    from kinerja.people.nip import build_nip

    agency = world.agencies["alpha"]
    agency.settings = {"min_age_at_appointment": 18}
    agency.save()
    nip = build_nip(dt.date(2000, 6, 15), dt.date(2018, 6, 1), "M", 1)  # 17 at TMT CPNS

    response = api.post("/employees", world.users["hr"], _new(nip=nip, name="Terlalu Muda"))

    assert response.status_code == 422
    assert response.json()["rule"] == "ID-3"
    assert "17 tahun" in response.json()["message"]
    assert not Employee.objects.filter(name="Terlalu Muda").exists()
