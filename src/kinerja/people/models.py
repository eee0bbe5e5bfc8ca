"""Employees, their dated position assignments and appraiser overrides (ORG-5, ORG-6, ID-*)."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import AgencyScopedModel, TimeStampedModel, agency_key, one_of
from kinerja.org.config import agency_setting
from kinerja.org.models import EmployeeType, ExternalOfficial, Grade, Position
from kinerja.people.choices import AssignmentKind, EmployeeStatus, Gender
from kinerja.people.nip import format_nip


class Employee(AgencyScopedModel, TimeStampedModel):
    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)
    nip = models.CharField(_("NIP"), max_length=18)
    employee_type = models.CharField(_("jenis pegawai"), max_length=4, choices=EmployeeType.choices)
    name = models.CharField(_("nama"), max_length=200)
    front_title = models.CharField(_("gelar depan"), max_length=50, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    civil_service_start = models.DateField(_("TMT CPNS"), null=True, blank=True)
    # Not indexed: no page or query selects employees by grade, and the only reader, the
    # PROTECT check when a grade (master data, REF-11) is deleted, may scan.
    grade = models.ForeignKey(
        Grade,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("golongan"),
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE
    )
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=32, blank=True)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]
        constraints = [
            # ID-9: unique across all employees, of every agency, active or not.
            models.UniqueConstraint(fields=["nip"], name="employee_nip_unique"),
            # ID-1: 18 ASCII digits, stored as text.
            models.CheckConstraint(condition=Q(nip__digits=18), name="employee_nip_18"),
            models.CheckConstraint(
                condition=one_of("status", EmployeeStatus.values), name="employee_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["agency", "name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @staticmethod
    def full_name_expression() -> Concat:
        """``full_name`` computed by the database over the row, for text an import writes in
        SQL (core.created_audit); test_import_service checks that the two agree."""
        front = Case(
            When(front_title="", then=Value("")),
            default=Concat(F("front_title"), Value(" ")),
            output_field=models.CharField(),
        )
        back = Case(
            When(back_title="", then=Value("")),
            default=Concat(Value(", "), F("back_title")),
            output_field=models.CharField(),
        )
        return Concat(front, F("name"), back, output_field=models.CharField())

    @property
    def nip_display(self) -> str:
        """ID-8: PNS in 8-6-1-3 groups; an NI PPPK as the agency's setting says (lists load
        the agency with the employees, so this reads no row per person)."""
        if self.employee_type == EmployeeType.PNS:
            return format_nip(self.nip)
        return format_nip(
            self.nip, self.employee_type, agency_setting(self.agency, "pppk_nip_display")
        )


class FormerNumber(AgencyScopedModel, TimeStampedModel):
    """A NIP / NI PPPK an employee held before (ID-9, INT-2): an NI PPPK changes with a new work
    agreement, and a number once held is never given to anyone else."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="former_numbers")
    number = models.CharField(_("NIP lama"), max_length=18)
    until = models.DateField(_("berlaku sampai"))

    class Meta:
        verbose_name = _("NIP lama")
        ordering = ["-until", "-id"]
        constraints = [
            # ID-9: never reused, whoever held it.
            models.UniqueConstraint(fields=["number"], name="former_number_unique"),
            models.CheckConstraint(condition=Q(number__digits=18), name="former_number_18"),
        ]

    def __str__(self) -> str:
        return self.number


class Assignment(AgencyScopedModel, TimeStampedModel):
    """An employee holding a position between two dates; history, never overwritten (ORG-5)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    # Not indexed alone: the (employee, position, start_date) unique constraint starts with it.
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="assignments", db_index=False
    )
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(
        _("jenis penugasan"),
        max_length=16,
        choices=AssignmentKind.choices,
        default=AssignmentKind.DEFINITIVE,
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("penugasan jabatan")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["employee", "position", "start_date"], name="assignment_unique_start"
            ),
        ]
        indexes = [
            # end_date and kind ride along so that counting current definitive holders per
            # position (the organisation tree's head counts) reads the index alone, never the
            # rows: about 20 % off the tree's count over 100,000 assignments.
            models.Index(fields=["agency", "position", "start_date", "end_date", "kind"]),
            models.Index(fields=["agency", "employee", "start_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee} → {self.position} ({self.start_date}–{self.end_date or ''})"


class AppraiserOverride(AgencyScopedModel, TimeStampedModel):
    """HR's correction of the derived appraiser for one employee over a date range (ORG-6)."""

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="appraiser_overrides"
    )
    appraiser = models.ForeignKey(
        Employee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_official = models.ForeignKey(
        ExternalOfficial, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"), null=True, blank=True)
    reason = models.TextField(_("alasan"))

    class Meta:
        constraints = [
            # Exactly one appraiser reference, never a name string (ORG-6).
            models.CheckConstraint(
                condition=(
                    Q(appraiser__isnull=False, external_official__isnull=True)
                    | Q(appraiser__isnull=True, external_official__isnull=False)
                ),
                name="override_one_appraiser",
            ),
            models.CheckConstraint(condition=~Q(appraiser=F("employee")), name="override_not_self"),
            models.CheckConstraint(condition=~Q(reason=""), name="override_reason_required"),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.appraiser or self.external_official}"
