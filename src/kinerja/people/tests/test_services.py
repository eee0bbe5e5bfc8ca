"""People writes: employees (ID-*), assignments (ORG-2, ORG-5) and transfers (mutasi)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.audit import audit_for
from kinerja.core.testing import (
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.org.services import position_save, unit_save
from kinerja.people.appraisal import appraiser_chain, appraiser_for
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import build_nip
from kinerja.people.services import assignment_save, employee_save, employee_transfer

pytestmark = pytest.mark.django_db

TRANSFER_DAY = dt.date(2024, 7, 1)


def rule_codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


@pytest.fixture
def org():
    """Two units, each with a head; staff position in each; an employee in unit A."""
    agency = make_agency()
    unit_a, unit_b = make_unit(agency, "Bidang A"), make_unit(agency, "Bidang B")
    head_a = make_position(unit_a, "Kepala Bidang A", level="ADMINISTRATOR", is_unit_head=True)
    head_b = make_position(unit_b, "Kepala Bidang B", level="ADMINISTRATOR", is_unit_head=True)
    staff_a = make_position(unit_a, "Analis A", reports_to=head_a)
    staff_b = make_position(unit_b, "Analis B", reports_to=head_b)
    boss_a = make_employee(agency, "Kepala A", position=head_a)
    boss_b = make_employee(agency, "Kepala B", position=head_b)
    employee = make_employee(agency, "Pegawai", position=staff_a)
    return {
        "agency": agency,
        "unit_b": unit_b,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "boss_a": boss_a,
        "boss_b": boss_b,
        "employee": employee,
        "head_a": head_a,
    }


def test_transfer_closes_old_assignment_the_day_before_and_opens_new(org):
    actor = make_user(agency=org["agency"])

    result = employee_transfer(
        actor=actor,
        employee=org["employee"],
        position=org["staff_b"],
        start_date=TRANSFER_DAY,
        reason="SK mutasi 12/2024",
    )

    old = Assignment.objects.get(employee=org["employee"], position=org["staff_a"])
    new = Assignment.objects.get(employee=org["employee"], position=org["staff_b"])
    assert result.closed == old
    assert result.opened == new
    assert (old.start_date, old.end_date) == (dt.date(2020, 1, 1), dt.date(2024, 6, 30))
    assert (new.start_date, new.end_date, new.kind) == (TRANSFER_DAY, None, "DEFINITIVE")


def test_transfer_is_in_the_audit_trail_of_employee_and_assignments_GEN_4(org):
    actor = make_user(agency=org["agency"])
    employee = org["employee"]

    employee_transfer(
        actor=actor,
        employee=employee,
        position=org["staff_b"],
        start_date=TRANSFER_DAY,
        reason="SK mutasi 12/2024",
    )

    moves = [e for e in audit_for(employee).filter(actor=actor) if "assignment" in e.changes]
    closing, opening = sorted(moves, key=lambda e: e.pk)
    assert closing.changes["assignment"][1].endswith("(2020-01-01–2024-06-30)")
    assert opening.changes["assignment"] == [
        None,
        str(Assignment.objects.get(employee=employee, position=org["staff_b"])),
    ]
    assert {closing.reason, opening.reason} == {"SK mutasi 12/2024"}
    old = Assignment.objects.get(employee=employee, position=org["staff_a"])
    assert audit_for(old).first().changes == {"end_date": [None, "2024-06-30"]}


def test_appraiser_changes_from_the_transfer_start_date_ORG_6(org):
    employee = org["employee"]

    employee_transfer(
        actor=None, employee=employee, position=org["staff_b"], start_date=TRANSFER_DAY
    )

    before = appraiser_for(employee, TRANSFER_DAY - dt.timedelta(days=1))
    after = appraiser_for(employee, TRANSFER_DAY)
    assert before.employee == org["boss_a"]
    assert after.employee == org["boss_b"]
    assert after.position == org["staff_b"].reports_to


def test_appeal_reviewer_follows_the_new_appraiser_after_transfer_ORG_8(org):
    agency = org["agency"]
    top = make_position(
        make_unit(agency, "Sekretariat"),
        "Sekda",
        position_type="JPT",
        level="MADYA",
        is_unit_head=True,
    )
    sekda = make_employee(agency, "Sekda", position=top)
    head_b = org["staff_b"].reports_to  # only unit B's head reports to the Sekda
    head_b.reports_to = top
    position_save(actor=None, position=head_b)
    employee_transfer(
        actor=None, employee=org["employee"], position=org["staff_b"], start_date=TRANSFER_DAY
    )

    assert appraiser_chain(org["employee"], dt.date(2024, 6, 30))[1] is None
    appraiser, reviewer = appraiser_chain(org["employee"], TRANSFER_DAY)
    assert (appraiser.employee, reviewer.employee) == (org["boss_b"], sekda)


def test_acting_appointment_keeps_the_definitive_post_ORG_5(org):
    result = employee_transfer(
        actor=None,
        employee=org["employee"],
        position=org["staff_b"],
        start_date=TRANSFER_DAY,
        kind="PLT",
    )

    assert result.closed is None
    kinds = org["employee"].assignments.order_by("start_date").values_list("kind", "end_date")
    assert list(kinds) == [("DEFINITIVE", None), ("PLT", None)]


def test_transfer_before_current_start_rejected_ORG_5(org):
    with pytest.raises(ValidationError) as caught:
        employee_transfer(
            actor=None,
            employee=org["employee"],
            position=org["staff_b"],
            start_date=dt.date(2019, 12, 31),
        )

    assert rule_codes(caught.value, "start_date") == ["ORG-5"]
    assert org["employee"].assignments.count() == 1
    assert org["employee"].assignments.get().end_date is None


def test_transfer_to_held_position_rejected_and_nothing_half_saved_ORG_5(org):
    with pytest.raises(ValidationError) as caught:
        employee_transfer(
            actor=None, employee=org["employee"], position=org["head_a"], start_date=TRANSFER_DAY
        )

    assert rule_codes(caught.value, "position") == ["ORG-5"]
    # The closing of the old post was rolled back with the failed opening.
    assert org["employee"].assignments.get().end_date is None


def test_overlapping_definitive_assignments_rejected_ORG_5(org):
    overlapping = Assignment(
        agency=org["agency"],
        employee=org["employee"],
        position=org["staff_b"],
        start_date=dt.date(2023, 1, 1),
    )

    with pytest.raises(ValidationError) as caught:
        assignment_save(actor=None, assignment=overlapping)

    assert rule_codes(caught.value, "start_date") == ["ORG-5"]
    assert org["employee"].assignments.count() == 1


def test_acting_assignment_beside_definitive_is_allowed_ORG_5(org):
    acting = assignment_save(
        actor=None,
        assignment=Assignment(
            agency=org["agency"],
            employee=org["employee"],
            position=org["staff_b"],
            kind="PLT",
            start_date=dt.date(2023, 1, 1),
        ),
    )

    assert acting.pk is not None
    assert org["employee"].assignments.count() == 2


def test_assignment_to_inactive_unit_rejected_ORG_2(org):
    unit_b = org["unit_b"]
    unit_b.is_active = False
    unit_save(actor=None, unit=unit_b)
    newcomer = make_employee(org["agency"], "Baru")

    with pytest.raises(ValidationError) as caught:
        assignment_save(
            actor=None,
            assignment=Assignment(
                agency=org["agency"],
                employee=newcomer,
                position=org["staff_b"],
                start_date=TRANSFER_DAY,
            ),
        )

    assert rule_codes(caught.value, "position") == ["ORG-2"]
    assert not newcomer.assignments.exists()


def test_transfer_to_inactive_unit_rejected_ORG_2(org):
    unit_b = org["unit_b"]
    unit_b.is_active = False
    unit_save(actor=None, unit=unit_b)

    with pytest.raises(ValidationError) as caught:
        employee_transfer(
            actor=None, employee=org["employee"], position=org["staff_b"], start_date=TRANSFER_DAY
        )

    assert rule_codes(caught.value, "position") == ["ORG-2"]
    assert org["employee"].assignments.get().end_date is None


def test_employee_save_normalises_nip_and_reads_identity_from_it_ID_1():
    employee = employee_save(
        actor=None,
        employee=Employee(
            agency=make_agency(), nip="19860926 201505 2 001", employee_type="PNS", name="Siti"
        ),
    )

    employee.refresh_from_db()
    assert employee.nip == "198609262015052001"
    assert (employee.birth_date, employee.gender) == (dt.date(1986, 9, 26), "F")
    assert employee.civil_service_start == dt.date(2015, 5, 1)


@pytest.mark.parametrize(
    ("nip", "rule"),
    [
        ("198609662015051001", "ID-2"),
        ("198609262015131001", "ID-3"),
        ("131110468", "ID-10"),
    ],
)
def test_employee_save_rejects_invalid_nip_on_the_nip_field(nip, rule):
    with pytest.raises(ValidationError) as caught:
        employee_save(
            actor=None,
            employee=Employee(agency=make_agency(), nip=nip, employee_type="PNS", name="Budi"),
        )

    assert rule_codes(caught.value, "nip") == [rule]
    assert not Employee.objects.exists()


def test_second_employee_with_same_nip_rejected_ID_9():
    agency, other = make_agency("satu"), make_agency("dua")
    make_employee(agency, nip="198609262015051001")

    with pytest.raises(ValidationError) as caught:
        make_employee(other, nip="19860926 201505 1 001")

    assert rule_codes(caught.value, "nip") == ["ID-9"]
    assert Employee.objects.count() == 1


def test_a_changed_number_is_kept_and_never_given_to_anyone_else_ID_9_INT_2():
    """ID-9, INT-2: the old number stays in the history; no one else gets it."""
    from kinerja.people.models import FormerNumber
    from kinerja.people.selectors import today

    agency = make_agency()
    hr = hr_user(agency)
    old, new = (build_nip(dt.date(1990, 1, 1), dt.date(2022, 1, 1), "F", n, "PPPK") for n in (1, 2))
    person = make_employee(agency, "Rina", employee_type="PPPK", grade=None, nip=old)
    person.nip = new  # a new work agreement, a new NI PPPK
    employee_save(actor=hr, employee=person, reason="perjanjian kerja baru")

    assert [(f.number, f.until) for f in person.former_numbers.all()] == [(old, today())]
    someone = Employee(
        agency=agency, nip=old, employee_type="PPPK", name="Orang lain", status="ACTIVE"
    )
    with pytest.raises(ValidationError) as refused:
        employee_save(actor=hr, employee=someone)
    assert rule_codes(refused.value, "nip") == ["ID-9"]
    assert not Employee.objects.filter(name="Orang lain").exists()
    person.nip = old  # the same person may take back their own number (a correction)
    employee_save(actor=hr, employee=person, reason="koreksi")
    assert set(FormerNumber.objects.values_list("number", flat=True)) == {old, new}


def test_agency_minimum_age_at_appointment_applies_to_numbers_given_now_ID_3():
    agency = make_agency()
    hr = hr_user(agency)
    young = build_nip(dt.date(2000, 6, 15), dt.date(2018, 6, 1), "M", 1)  # 17 at TMT CPNS
    stored = make_employee(agency, "Sudah Ada", nip=young)  # before the agency set a minimum
    agency.settings = {"min_age_at_appointment": 18}
    agency.save()
    stored.refresh_from_db()

    stored.phone = "0812"
    employee_save(actor=hr, employee=stored)  # a stored number is not judged again
    newcomer = Employee(
        agency=agency,
        nip=build_nip(dt.date(2000, 6, 15), dt.date(2018, 6, 1), "M", 2),
        employee_type="PNS",
        name="Baru",
        status="ACTIVE",
    )
    with pytest.raises(ValidationError) as refused:
        employee_save(actor=hr, employee=newcomer)

    assert rule_codes(refused.value, "nip") == ["ID-3"]
    assert Employee.objects.get(pk=stored.pk).phone == "0812"
    newcomer.nip = build_nip(dt.date(2000, 6, 15), dt.date(2018, 7, 1), "M", 2)  # 18 by then
    employee_save(actor=hr, employee=newcomer)
    assert Employee.objects.filter(name="Baru").exists()
