"""Writes of people data: employees, assignments (transfers) and appraiser overrides.

Every write runs in one transaction with its audit entry (GEN-4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.config import agency_setting
from kinerja.org.models import Grade, Position
from kinerja.people.choices import AssignmentKind
from kinerja.people.models import AppraiserOverride, Assignment, Employee, FormerNumber
from kinerja.people.nip import NipError, check_appointment_age, normalise_nip, parse_nip
from kinerja.people.selectors import today

EMPLOYEE_FIELDS = [
    "nip",
    "employee_type",
    "name",
    "front_title",
    "back_title",
    "birth_date",
    "gender",
    "civil_service_start",
    "grade",
    "status",
    "email",
    "phone",
    "external_id",
]
ASSIGNMENT_FIELDS = ["employee", "position", "kind", "start_date", "end_date", "note"]


def employee_apply_nip(employee: Employee, *, new_number: bool = True) -> None:
    """Validate the NIP for the employee type and fill birth date, gender and TMT from it.

    A number being given (a new employee, a changed NIP) must also meet the agency's minimum
    age at appointment (ID-3); a stored one is not judged again by a later setting.
    """
    try:
        info = parse_nip(employee.nip, employee.employee_type)
        if new_number:
            check_appointment_age(
                info.birth_date,
                info.civil_service_start,
                agency_setting(employee.agency, "min_age_at_appointment"),
            )
    except NipError as error:
        field = "employee_type" if error.rule == "ID-7" else "nip"
        raise rule_error(error.rule, error.message, field) from error
    employee.nip = info.nip
    employee.birth_date = info.birth_date
    employee.gender = info.gender
    employee.civil_service_start = info.civil_service_start


def check_grade(grade: Grade | None, employee_type: str) -> None:
    """REF-12: a PNS grade only on a PNS, a PPPK grade only on a PPPK."""
    if grade is not None and grade.employee_type != employee_type:
        raise rule_error(
            "REF-12",
            _("Golongan %(grade)s tidak berlaku untuk pegawai %(type)s.")
            % {"grade": grade.code, "type": employee_type},
            "grade",
        )


def check_number_never_reused(nip: str, employee: Employee | None = None) -> None:
    """ID-9: a number another employee held before is never given again (their own is theirs)."""
    former = FormerNumber.objects.filter(number=nip)
    if employee is not None and employee.pk is not None:
        former = former.exclude(employee=employee)
    if former.exists():
        raise rule_error(
            "ID-9",
            _("NIP %(nip)s pernah dipakai pegawai lain dan tidak boleh dipakai lagi.")
            % {"nip": nip},
            "nip",
        )


def keep_former_number(employee: Employee, number: str) -> None:
    """INT-2: the replaced number stays in the employee's history, dated today."""
    FormerNumber.objects.update_or_create(
        number=number,
        defaults={"employee": employee, "agency_id": employee.agency_id, "until": today()},
    )


@transaction.atomic
def employee_save(*, actor: Any, employee: Employee, reason: str = "") -> Employee:
    is_new = employee.pk is None
    old = None if is_new else Employee.objects.get(pk=employee.pk)
    employee_apply_nip(employee, new_number=old is None or normalise_nip(employee.nip) != old.nip)
    check_grade(employee.grade, employee.employee_type)
    duplicate = Employee.objects.filter(nip=employee.nip).exclude(pk=employee.pk).exists()
    if duplicate:
        raise rule_error("ID-9", _("NIP %(nip)s sudah terdaftar.") % {"nip": employee.nip}, "nip")
    check_number_never_reused(employee.nip, employee)
    employee.full_clean()
    employee.save()
    if old is not None and old.nip != employee.nip:
        keep_former_number(employee, old.nip)
    audit_record(
        actor=actor,
        obj=employee,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=snapshot(old, EMPLOYEE_FIELDS) if old else None,
        after=snapshot(employee, EMPLOYEE_FIELDS),
        reason=reason,
    )
    return employee


def _overlaps(start: dt.date, end: dt.date | None) -> Q:
    overlap = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        overlap &= Q(start_date__lte=end)
    return overlap


def check_assignment(assignment: Assignment) -> None:
    """ORG-5 / ORG-2: one definitive post at a time; active unit and position; same agency."""
    position = assignment.position
    if position.agency_id != assignment.employee.agency_id:
        raise rule_error("ORG-5", _("Jabatan harus berada pada instansi pegawai."), "position")
    if not position.unit.is_active:
        raise rule_error(
            "ORG-2", _("Unit kerja %(unit)s tidak aktif.") % {"unit": position.unit}, "position"
        )
    if assignment.end_date and assignment.end_date < assignment.start_date:
        raise rule_error("ORG-5", _("Tanggal selesai sebelum tanggal mulai."), "end_date")
    if assignment.kind != AssignmentKind.DEFINITIVE:
        return
    others = Assignment.objects.filter(
        _overlaps(assignment.start_date, assignment.end_date),
        kind=AssignmentKind.DEFINITIVE,
    ).exclude(pk=assignment.pk)
    if others.filter(employee_id=assignment.employee_id).exists():
        raise rule_error(
            "ORG-5",
            _("Penugasan bertumpang tindih dengan penugasan lain pegawai ini."),
            "start_date",
        )
    if others.filter(position_id=assignment.position_id).exists():
        raise rule_error(
            "ORG-5", _("Jabatan ini sudah dipegang pegawai lain pada tanggal tersebut."), "position"
        )


@transaction.atomic
def assignment_save(*, actor: Any, assignment: Assignment, reason: str = "") -> Assignment:
    is_new = assignment.pk is None
    old = None if is_new else Assignment.objects.get(pk=assignment.pk)
    assignment.agency_id = assignment.employee.agency_id
    check_assignment(assignment)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        obj=assignment,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=snapshot(old, ASSIGNMENT_FIELDS) if old else None,
        after=snapshot(assignment, ASSIGNMENT_FIELDS),
        reason=reason,
    )
    # The employee's own trail shows the move too, so the profile page tells the whole story.
    audit_record(
        actor=actor,
        obj=assignment.employee,
        action=AuditAction.UPDATE,
        before={"assignment": str(old) if old else None},
        after={"assignment": str(assignment)},
        reason=reason,
    )
    return assignment


@dataclass(frozen=True)
class TransferResult:
    closed: Assignment | None
    opened: Assignment


@transaction.atomic
def employee_transfer(
    *,
    actor: Any,
    employee: Employee,
    position: Position,
    start_date: dt.date,
    kind: str = AssignmentKind.DEFINITIVE,
    reason: str = "",
) -> TransferResult:
    """Mutasi: end the current definitive post the day before and open the new one.

    An acting post (Plt/Plh) is held beside the definitive one, so it closes nothing.
    """
    current = None
    if kind == AssignmentKind.DEFINITIVE:
        current = (
            Assignment.objects.select_for_update()
            .filter(employee=employee, kind=AssignmentKind.DEFINITIVE)
            .filter(_overlaps(start_date, None))
            .order_by("-start_date")
            .first()
        )
    if current is not None:
        if current.start_date >= start_date:
            raise rule_error(
                "ORG-5", _("Tanggal mutasi harus sesudah mulai penugasan sekarang."), "start_date"
            )
        current.end_date = start_date - dt.timedelta(days=1)
        assignment_save(actor=actor, assignment=current, reason=reason)
    opened = assignment_save(
        actor=actor,
        reason=reason,
        assignment=Assignment(
            agency_id=employee.agency_id,
            employee=employee,
            position=position,
            kind=kind,
            start_date=start_date,
        ),
    )
    return TransferResult(closed=current, opened=opened)


@transaction.atomic
def appraiser_override_create(*, actor: Any, override: AppraiserOverride) -> AppraiserOverride:
    """ORG-6: HR corrects the derived appraiser, with a reason; audited (GEN-4)."""
    if override.appraiser_id and override.appraiser_id == override.employee_id:
        raise rule_error(
            "ORG-6", _("Pegawai tidak dapat menjadi penilai dirinya sendiri."), "appraiser"
        )
    if not (override.reason or "").strip():
        raise rule_error("ORG-6", _("Alasan wajib diisi."), "reason")
    override.agency_id = override.employee.agency_id
    override.full_clean()
    override.save()
    audit_record(
        actor=actor,
        obj=override.employee,
        action=AuditAction.UPDATE,
        before={"appraiser_override": None},
        after={
            "appraiser_override": str(override.appraiser or override.external_official),
            "from": override.start_date.isoformat(),
        },
        reason=override.reason,
    )
    return override
