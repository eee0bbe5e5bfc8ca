"""GEN-4: the audit trail is append-only and records before/after values."""

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
