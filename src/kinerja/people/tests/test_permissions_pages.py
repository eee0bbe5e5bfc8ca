"""Who may read and write whose record on the pages: role × target × action (ORG-9).

Out of scope answers 404, in scope but read-only answers 403, anonymous goes to the login page;
a refused write changes nothing.
"""

import pytest
from django.urls import reverse

from kinerja.accounts.models import Role
from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_position, make_unit
from kinerja.core.testing import make_user as build_user
from kinerja.org.models import OrgUnit
from kinerja.people.models import AppraiserOverride, Assignment, Employee

pytestmark = pytest.mark.django_db

TARGETS = ["own", "same_unit", "other_unit", "other_agency"]
READ = {  # role: expected status for own, same unit, other unit, other agency
    "system_admin": (200, 200, 200, 200),
    "hr_admin": (200, 200, 200, 404),
    "agency_head": (200, 200, 200, 404),
    "auditor": (200, 200, 200, 404),
    "supervisor": (200, 200, 404, 404),
    "employee": (200, 404, 404, 404),
    "anonymous": (302, 302, 302, 302),
}
WRITE = {
    "system_admin": (302, 302, 302, 302),
    "hr_admin": (302, 302, 302, 404),
    "agency_head": (403, 403, 403, 404),
    "auditor": (403, 403, 403, 404),
    "supervisor": (403, 403, 404, 404),
    "employee": (403, 404, 404, 404),
    "anonymous": (302, 302, 302, 302),
}
ROLE_GRANTS = {
    "hr_admin": (Role.HR_ADMIN,),
    "agency_head": (Role.AGENCY_HEAD,),
    "auditor": (Role.AUDITOR,),
}


@pytest.fixture
def world():
    """Unit A: a head (the supervisor) over two staff; unit B: a head; an office where the
    role holders sit side by side; and one employee of another agency."""
    agency = make_agency("kab")
    unit_a, unit_b = make_unit(agency, "Bidang A"), make_unit(agency, "Bidang B")
    office = make_unit(agency, "BKPSDM")
    head_a = make_position(unit_a, "Kepala A", level="ADMINISTRATOR", is_unit_head=True)
    head_b = make_position(unit_b, "Kepala B", level="ADMINISTRATOR", is_unit_head=True)
    people = {
        "supervisor": make_employee(agency, "Supervisor", position=head_a),
        "employee": make_employee(
            agency, "Staf A1", position=make_position(unit_a, "Analis 1", reports_to=head_a)
        ),
        "colleague": make_employee(
            agency, "Staf A2", position=make_position(unit_a, "Analis 2", reports_to=head_a)
        ),
        "other_unit": make_employee(agency, "Kepala B", position=head_b),
        "office_peer": make_employee(
            agency, "Rekan Kantor", position=make_position(office, "Pengelola")
        ),
        "other_agency": make_employee(make_agency("lain"), "Orang Lain"),
    }
    for role in ("system_admin", "hr_admin", "agency_head", "auditor"):
        people[role] = make_employee(agency, role, position=make_position(office, role))
    return {"agency": agency, "people": people, "unit_a": unit_a}


def user_for(world, role):
    if role == "anonymous":
        return None
    return build_user(
        world["people"][role], roles=ROLE_GRANTS.get(role, ()), superuser=role == "system_admin"
    )


def target_of(world, role, target):
    people = world["people"]
    if target == "other_unit":
        return people["other_unit"]
    if target == "other_agency":
        return people["other_agency"]
    if role == "supervisor":  # own staff in the same unit
        return people["supervisor"] if target == "own" else people["employee"]
    if role in ("employee", "anonymous"):  # a colleague beside them, not their staff
        return people["employee"] if target == "own" else people["colleague"]
    return people[role] if target == "own" else people["office_peer"]


def client_as(client, user):
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def edit_data(employee):
    return {
        "nip": employee.nip,
        "employee_type": employee.employee_type,
        "name": "Nama Diubah",
        "front_title": "",
        "back_title": "",
        "grade": employee.grade_id,
        "status": employee.status,
        "email": "",
        "phone": "",
    }


CASES = [(role, target) for role in READ for target in TARGETS]


@pytest.mark.parametrize(("role", "target"), CASES)
def test_read_profile(client, world, role, target):
    employee = target_of(world, role, target)
    client_as(client, user_for(world, role))

    response = client.get(reverse("people:employee-detail", kwargs={"nip": employee.nip}))

    assert response.status_code == READ[role][TARGETS.index(target)]
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize(("role", "target"), CASES)
def test_write_profile(client, world, role, target):
    employee = target_of(world, role, target)
    client_as(client, user_for(world, role))
    before = Employee.objects.values().get(pk=employee.pk)

    response = client.post(
        reverse("people:employee-edit", kwargs={"nip": employee.nip}), edit_data(employee)
    )

    expected = WRITE[role][TARGETS.index(target)]
    assert response.status_code == expected
    after = Employee.objects.values().get(pk=employee.pk)
    if expected == 302 and role != "anonymous":
        assert response.url == reverse("people:employee-detail", kwargs={"nip": employee.nip})
        assert after["name"] == "Nama Diubah"
    else:
        assert after == before
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login") + "?next=")


@pytest.mark.parametrize("role", ["agency_head", "auditor", "supervisor", "employee"])
def test_read_only_roles_get_403_on_every_hr_write_and_nothing_changes(client, world, role):
    people = world["people"]
    target = people["employee"]  # visible to all four roles
    client_as(client, user_for(world, role))
    position = make_position(world["unit_a"], "Jabatan Kosong")
    units = list(OrgUnit.objects.values().order_by("pk"))
    nip = {"nip": target.nip}

    responses = [
        client.post(
            reverse("planning:employee-transfer", kwargs=nip),
            {"position": position.pk, "effective_date": "2025-01-01"},
        ),
        client.post(
            reverse("people:employee-appraiser", kwargs=nip),
            {
                "appraiser_nip": people["other_unit"].nip,
                "start_date": "2025-01-01",
                "reason": "uji",
            },
        ),
        client.post(
            reverse("org:unit-edit", kwargs={"pk": world["unit_a"].pk}),
            {"code": "X", "name": "Diubah", "kind": "OTHER", "is_active": "on"},
        ),
        client.post(
            reverse("org:position-create", kwargs={"pk": world["unit_a"].pk}),
            {
                "code": "BARU",
                "name": "Baru",
                "position_type": "JA",
                "level": "PELAKSANA",
                "is_active": "on",
            },
        ),
        client.post(
            reverse("people:employee-create") + "?agency=kab",
            {
                "nip": "198609262015051001",
                "employee_type": "PNS",
                "name": "Baru",
                "status": "ACTIVE",
            },
        ),
    ]

    assert [r.status_code for r in responses] == [403] * 5
    assert list(target.assignments.values_list("end_date", flat=True)) == [None]
    assert not Assignment.objects.filter(position=position).exists()
    assert not AppraiserOverride.objects.exists()
    assert list(OrgUnit.objects.values().order_by("pk")) == units
    assert not Employee.objects.filter(name="Baru").exists()


@pytest.mark.parametrize("role", ["agency_head", "auditor", "supervisor", "employee"])
def test_read_only_roles_see_no_edit_buttons(client, world, role):
    target = world["people"]["employee"]
    client_as(client, user_for(world, role))

    profile = client.get(reverse("people:employee-detail", kwargs={"nip": target.nip}))
    unit = client.get(reverse("org:unit-detail", kwargs={"pk": world["unit_a"].pk}))

    assert reverse("people:employee-edit", kwargs={"nip": target.nip}) not in (
        profile.content.decode()
    )
    assert reverse("org:unit-edit", kwargs={"pk": world["unit_a"].pk}) not in (
        unit.content.decode()
    )


def test_hr_of_other_agency_gets_404_on_writes_and_nothing_changes(client, world):
    other_hr = build_user(agency=make_agency("lain"), roles=(Role.HR_ADMIN,))
    target = world["people"]["employee"]
    client_as(client, other_hr)

    transfer = client.post(
        reverse("planning:employee-transfer", kwargs={"nip": target.nip}),
        {"position": 1, "effective_date": "2025-01-01"},
    )
    unit = client.post(
        reverse("org:unit-edit", kwargs={"pk": world["unit_a"].pk}),
        {"code": "X", "name": "Diubah", "kind": "OTHER"},
    )

    assert (transfer.status_code, unit.status_code) == (404, 404)
    assert list(target.assignments.values_list("end_date", flat=True)) == [None]
    assert OrgUnit.objects.get(pk=world["unit_a"].pk).name == "Bidang A"


def test_hr_limited_to_units_cannot_edit_outside_them_ORG_9(client, world):
    hr = build_user(agency=world["agency"], roles=(Role.HR_ADMIN,))
    hr.role_grants.get().units.add(OrgUnit.objects.get(name="Bidang B"))
    client_as(client, hr)
    inside, outside = world["people"]["other_unit"], world["people"]["employee"]

    allowed = client.post(
        reverse("people:employee-edit", kwargs={"nip": inside.nip}), edit_data(inside)
    )
    refused = client.post(
        reverse("people:employee-edit", kwargs={"nip": outside.nip}), edit_data(outside)
    )

    assert (allowed.status_code, refused.status_code) == (302, 404)
    assert Employee.objects.get(pk=outside.pk).name == "Staf A1"


@pytest.mark.parametrize("target", ["own", "own_staff"])
def test_hr_limited_to_units_cannot_edit_own_record_or_own_staff_outside_them_ORG_9(
    client, world, target
):
    """Seeing oneself and one's staff is not HR scope: the units alone decide what HR writes."""
    people = world["people"]
    hr = build_user(people["supervisor"], roles=(Role.HR_ADMIN,))
    hr.role_grants.get().units.add(OrgUnit.objects.get(name="Bidang B"))
    client_as(client, hr)
    employee = people["supervisor"] if target == "own" else people["employee"]
    before = Employee.objects.values().get(pk=employee.pk)

    response = client.post(
        reverse("people:employee-edit", kwargs={"nip": employee.nip}), edit_data(employee)
    )

    assert response.status_code == 403
    assert Employee.objects.values().get(pk=employee.pk) == before
