"""GEN-4: the audit trail is append-only and records before/after values."""

import re

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.audit import audit_for
from kinerja.core.models import AuditEntry
from kinerja.core.testing import hr_user, make_agency, make_employee
from kinerja.people.services import employee_save

pytestmark = pytest.mark.django_db


def test_employee_change_records_who_when_and_before_after_GEN_4():
    agency = make_agency()
    actor = hr_user(agency)
    employee = make_employee(agency, "Budi Santoso")
    employee.name = "Budi Santoso Wibowo"
    employee_save(actor=actor, employee=employee, reason="koreksi nama")
    entry = audit_for(employee).first()
    assert entry.actor == actor
    assert entry.action == "UPDATE"
    assert entry.changes == {"name": ["Budi Santoso", "Budi Santoso Wibowo"]}
    assert entry.reason == "koreksi nama"
    assert entry.agency_id == agency.pk


def test_saving_without_change_writes_no_entry():
    agency = make_agency()
    employee = make_employee(agency)
    before = AuditEntry.objects.count()
    employee_save(actor=None, employee=employee)
    assert AuditEntry.objects.count() == before


def test_audit_entries_cannot_be_edited_or_deleted_GEN_4():
    agency = make_agency()
    make_employee(agency)
    entry = AuditEntry.objects.first()
    entry.reason = "diubah"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_bulk_update_and_delete_of_the_audit_trail_are_refused_GEN_4():
    agency = make_agency()
    make_employee(agency)
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(agency=agency).update(reason="dihapus")
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(agency=agency).delete()
    assert AuditEntry.objects.count() == count
    assert not AuditEntry.objects.exclude(reason="").exists()


def test_an_objects_trail_is_read_through_the_agency_index_not_by_scanning_the_trail():
    from django.db import connection

    agency = make_agency()
    employee = make_employee(agency, "Budi Santoso")
    if connection.vendor == "postgresql":
        # Its planner scans a tiny table whatever the indexes: ask whether the index can serve.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")

    plan = audit_for(employee).explain()

    assert "core_audite_agency__eb0254_idx" in plan, plan
    assert re.search(r"(Index Cond: \(|\()\(?agency_id ?=", plan), plan  # a seek, not a walk
    assert audit_for(employee).count() == 1


def test_an_agencys_own_trail_is_filed_under_itself():
    from kinerja.core.audit import audit_record

    agency = make_agency()
    audit_record(actor=None, obj=agency, action="UPDATE", before={"name": "a"}, after={"name": "b"})

    assert [entry.changes for entry in audit_for(agency)] == [{"name": ["a", "b"]}]


def test_upgrade_rewrites_old_create_entries_and_leaves_the_rest_alone():
    """Migration core 0004: CREATE entries written as {field: [null, value]} before the shape
    changed read as {field: value}; updates and new-shape creations keep theirs."""
    from django.db import connection

    from kinerja.core.audit_upgrade import rewrite_create_entries

    agency = make_agency()
    employee = make_employee(agency, "Budi Santoso")
    old = audit_for(employee).get(action="CREATE")
    with connection.cursor() as cursor:  # as every release before the change stored it
        cursor.execute(
            "UPDATE core_auditentry SET changes = %s WHERE id = %s",
            ['{"name": [null, "Budi Santoso"], "grade": [null, 7]}', old.pk],
        )
    employee.name = "Budi Santosa"
    employee_save(actor=None, employee=employee)
    fresh = make_employee(agency, "Siti Aminah")

    assert rewrite_create_entries(AuditEntry, connection) == 1

    assert AuditEntry.objects.get(pk=old.pk).changes == {"name": "Budi Santoso", "grade": 7}
    assert audit_for(employee).get(action="UPDATE").changes == {
        "name": ["Budi Santoso", "Budi Santosa"]
    }
    assert audit_for(fresh).get(action="CREATE").changes["name"] == "Siti Aminah"
    assert rewrite_create_entries(AuditEntry, connection) == 0  # idempotent
