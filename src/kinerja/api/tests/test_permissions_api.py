"""The permission matrix: role × target × (read detail, write PATCH), the same rules as the pages.

Out of scope answers 404 (never reveals existence); in scope but not allowed answers 403; a
refused write changes nothing (the record and the audit trail stay as they were). ORG-9.
"""

import pytest

from kinerja.accounts.models import RoleGrant
from kinerja.core.models import AuditEntry
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db

# Which employee each target is, seen from each role (see the tree in conftest.py).
TARGETS = {
    "sysadmin": {"other_unit": "emp", "other_agency": "foreign"},
    "hr": {"own": "hr", "colleague": "aud", "other_unit": "emp", "other_agency": "foreign"},
    "head": {"own": "head", "staff": "sup", "other_unit": "other", "other_agency": "foreign"},
    "auditor": {"own": "aud", "colleague": "hr", "other_unit": "emp", "other_agency": "foreign"},
    "supervisor": {
        "own": "sup",
        "staff": "emp",
        "colleague": "peer",
        "other_unit": "other",
        "other_agency": "foreign",
    },
    "employee": {
        "own": "emp",
        "colleague": "mate",
        "other_unit": "other",
        "other_agency": "foreign",
    },
    "anonymous": {"own": "emp", "other_agency": "foreign"},
}

# Expected (read, write) status per role and target.
EXPECTED = {
    "sysadmin": {"other_unit": (200, 200), "other_agency": (200, 200)},
    "hr": {
        "own": (200, 200),
        "colleague": (200, 200),
        "other_unit": (200, 200),
        "other_agency": (404, 404),
    },
    "head": {
        "own": (200, 403),
        "staff": (200, 403),
        "other_unit": (200, 403),
        "other_agency": (404, 404),
    },
    "auditor": {
        "own": (200, 403),
        "colleague": (200, 403),
        "other_unit": (200, 403),
        "other_agency": (404, 404),
    },
    "supervisor": {
        "own": (200, 403),
        "staff": (200, 403),
        "colleague": (404, 404),
        "other_unit": (404, 404),
        "other_agency": (404, 404),
    },
    "employee": {
        "own": (200, 403),
        "colleague": (404, 404),
        "other_unit": (404, 404),
        "other_agency": (404, 404),
    },
    "anonymous": {"own": (401, 401), "other_agency": (401, 401)},
}

CASES = [
    (role, target, action)
    for role, targets in TARGETS.items()
    for target in targets
    for action in ("read", "write")
]
CODES = {200: None, 401: "unauthorized", 403: "forbidden", 404: "not_found"}


def _state(employee):
    row = Employee.objects.values("name", "status", "email").get(pk=employee.pk)
    return row, AuditEntry.objects.filter(object_id=str(employee.pk)).count()


@pytest.mark.parametrize(("role", "target", "action"), CASES)
def test_employee_permission_matrix_ORG_9(api, world, role, target, action):
    user = None if role == "anonymous" else world.users[role]
    employee = world.employees[TARGETS[role][target]]
    read_status, write_status = EXPECTED[role][target]
    before = _state(employee)

    if action == "read":
        response = api.get(f"/employees/{employee.nip}", user)
        expected = read_status
    else:
        response = api.patch(
            f"/employees/{employee.nip}", user, {"name": "Nama Diubah", "email": "ubah@contoh.id"}
        )
        expected = write_status

    assert response.status_code == expected
    assert response.json().get("code") == CODES[expected]
    if expected == 200:
        assert response.json()["nip"] == employee.nip
    if action == "write" and expected == 200:
        assert _state(employee)[0] == {
            "name": "Nama Diubah",
            "status": "ACTIVE",
            "email": "ubah@contoh.id",
        }
    else:
        assert _state(employee) == before


@pytest.mark.parametrize(
    ("target", "read", "write"),
    [
        ("aud", 200, 200),  # in div2, the unit of the grant
        ("emp", 404, 404),  # div1: outside the HR administrator's units
    ],
)
def test_hr_limited_to_units_ORG_9(api, world, target, read, write):
    RoleGrant.objects.get(user=world.users["hr"]).units.add(world.units["div2"])
    employee = world.employees[target]
    before = _state(employee)

    got_read = api.get(f"/employees/{employee.nip}", world.users["hr"]).status_code
    got_write = api.patch(
        f"/employees/{employee.nip}", world.users["hr"], {"name": "Nama Diubah"}
    ).status_code

    assert (got_read, got_write) == (read, write)
    if write != 200:
        assert _state(employee) == before


@pytest.mark.parametrize("role", ["hr", "head", "auditor", "supervisor", "employee"])
def test_other_agency_lists_are_empty_for_every_role(api, world, role):
    user = world.users[role]
    foreign = world.employees["foreign"]

    employees = api.get(f"/employees?q={foreign.nip}", user).json()
    units = api.get("/units?agency=beta", user).json()
    positions = api.get("/positions?agency=beta", user).json()

    assert (employees["count"], units["count"], positions["count"]) == (0, 0, 0)


@pytest.mark.parametrize(
    "path", ["/agencies", "/units", "/positions", "/employees", "/agencies/alpha", "/me"]
)
def test_every_read_needs_a_token(api, world, path):
    response = api.get(path)

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/agencies", {"code": "x", "name": "X", "level": "CITY"}),
        ("PATCH", "/agencies/alpha", {"name": "X"}),
        ("POST", "/units", {"code": "x", "name": "X"}),
        (
            "POST",
            "/positions",
            {"unit_id": 1, "code": "x", "name": "X", "position_type": "JA", "level": "PELAKSANA"},
        ),
        ("POST", "/employees", {"nip": "198609262015051001", "employee_type": "PNS", "name": "X"}),
    ],
)
def test_every_write_needs_a_token(api, world, method, path, body):
    audit_before = AuditEntry.objects.count()

    response = api.call(method, path, None, body)

    assert response.status_code == 401
    assert AuditEntry.objects.count() == audit_before
