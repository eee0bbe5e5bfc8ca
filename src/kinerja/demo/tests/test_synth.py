"""Synthetic organisations: valid, bulk-built, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from kinerja.core.models import AuditEntry
from kinerja.demo.persons import NipAllocator, Profile, make_person
from kinerja.demo.synth import synth_build, synth_rows
from kinerja.org.choices import LEVELS_BY_TYPE
from kinerja.org.models import OrgUnit, Position
from kinerja.org.services import position_save, unit_save
from kinerja.people.appraisal import appraiser_for
from kinerja.people.models import Assignment, Employee
from kinerja.people.nip import build_nip, parse_nip

pytestmark = pytest.mark.django_db


def test_synth_builds_500_valid_employees_in_two_agencies():
    agencies = synth_build(500, agencies=2, seed=7)
    assert [a.code for a in agencies] == ["synth-1", "synth-2"]
    assert [Employee.objects.filter(agency=a).count() for a in agencies] == [250, 250]
    rows = list(
        Employee.objects.values_list(
            "nip",
            "employee_type",
            "birth_date",
            "gender",
            "civil_service_start",
            "grade__employee_type",
        )
    )
    assert len({row[0] for row in rows}) == 500  # ID-9 across agencies
    for nip, employee_type, birth_date, gender, start, grade_type in rows:
        info = parse_nip(nip, employee_type)
        assert (info.birth_date, info.gender, info.civil_service_start) == (
            birth_date,
            gender,
            start,
        )
        assert grade_type == employee_type  # REF-12


def test_synth_positions_and_units_obey_the_rules_REF_13_ORG_3():
    synth_build(500, agencies=2, seed=7)
    for position_type, level in Position.objects.values_list("position_type", "level"):
        assert level in LEVELS_BY_TYPE[position_type]
    heads = OrgUnit.objects.annotate(n=Count("positions", filter=Q(positions__is_unit_head=True)))
    assert heads.count() == 20
    assert heads.exclude(n=1).count() == 0
    assert Position.objects.count() > 500  # a post per employee plus vacant ones
    assert (
        Position.objects.filter(assignments__isnull=True).count() == Position.objects.count() - 500
    )


def test_synth_paths_and_depths_are_those_the_services_would_write():
    synth_build(300, seed=3)
    for model in (OrgUnit, Position):
        parent_field = "parent" if model is OrgUnit else "reports_to"
        for node in model.objects.select_related(parent_field):
            parent = getattr(node, parent_field)
            expected = f"{parent.path if parent else '/'}{node.pk}/"
            assert (node.path, node.depth) == (expected, expected.count("/") - 2)
    assert max(OrgUnit.objects.values_list("depth", flat=True)) <= 4
    for position in Position.objects.filter(is_unit_head=True).select_related("unit", "reports_to"):
        if position.unit.parent_id is None:
            assert position.reports_to is None
        else:
            assert position.reports_to.unit_id == position.unit.parent_id
            assert position.reports_to.is_unit_head


def test_synth_every_employee_holds_one_post_and_has_an_appraiser_ORG_5_ORG_6():
    (agency,) = synth_build(200, seed=5)
    assert Assignment.objects.filter(agency=agency).count() == 200
    assert (
        Assignment.objects.values("employee").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    )
    root_head = Position.objects.get(agency=agency, is_unit_head=True, reports_to=None)
    today = dt.date(2026, 11, 22)
    for employee in Employee.objects.filter(agency=agency).exclude(assignments__position=root_head):
        assert appraiser_for(employee, today) is not None, employee.nip


def test_synth_is_deterministic_for_the_same_seed():
    first = list(synth_rows(300, seed=11))
    assert first == list(synth_rows(300, seed=11))
    assert first != list(synth_rows(300, seed=12))
    (agency,) = synth_build(300, seed=11)
    built = list(Employee.objects.filter(agency=agency).order_by("id").values_list("nip", "name"))
    assert built == [(row["nip"], row["nama"]) for row in first]


def test_synth_rows_have_the_import_columns():
    row = next(synth_rows(5, seed=1))
    assert list(row) == [
        "nip",
        "jenis_pegawai",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "golongan",
        "status",
        "email",
        "telepon",
    ]
    assert len(list(synth_rows(5, seed=1))) == 5


def test_a_second_synth_run_gets_new_codes_and_never_reuses_a_nip_ID_9():
    synth_build(100, seed=1)
    (second,) = synth_build(100, seed=1)
    assert second.code == "synth-2"
    assert (
        Employee.objects.count() == len(set(Employee.objects.values_list("nip", flat=True))) == 200
    )


def test_services_keep_working_after_a_bulk_build():
    """The id sequences are reset, so a normal save after the bulk insert does not collide."""
    (agency,) = synth_build(60, seed=2)
    unit = unit_save(actor=None, unit=OrgUnit(agency=agency, code="NEW", name="Unit baru"))
    position = position_save(
        actor=None,
        position=Position(
            agency=agency,
            unit=unit,
            code="NEW-00",
            name="Kepala Unit Baru",
            position_type="JA",
            level="PENGAWAS",
            is_unit_head=True,
        ),
    )
    assert unit.pk > max(OrgUnit.objects.exclude(pk=unit.pk).values_list("pk", flat=True))
    assert position.path == f"/{position.pk}/"


def test_synth_writes_one_audit_entry_per_agency():
    agencies = synth_build(40, agencies=2, seed=1)
    entries = AuditEntry.objects.filter(object_type="org.agency")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        str(a.pk) for a in agencies
    )
    assert entries.first().changes["employees"] == 20


def test_synth_command_reports_what_it_built():
    out = io.StringIO()
    call_command("kinerja_synth", employees=50, agencies=2, seed=4, stdout=out)
    assert "synth-1: 25 employees" in out.getvalue()
    assert "Built 2 agencies with 50 employees" in out.getvalue()


def test_person_numbers_agree_with_build_nip():
    rng = random.Random(1)
    allocator = NipAllocator()
    for level, employee_type in [("PELAKSANA", "PNS"), ("AHLI_PERTAMA", "PPPK")] * 50:
        person = make_person(rng, Profile(level, employee_type=employee_type), allocator)
        sequence = int(person.nip[15:])
        assert person.nip == build_nip(
            person.birth_date, person.appointed, person.gender, sequence, employee_type
        )
        assert parse_nip(person.nip, employee_type).birth_date == person.birth_date
