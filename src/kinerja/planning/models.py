"""Planning (SKP): cycles, checkpoints, performance plans and their parts (PLAN-1..PLAN-29).

Invariants the database can hold are constraints; the rest is checked in
``kinerja.planning.services`` (writes) — models carry no business logic.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import AgencyScopedModel, TimeStampedModel, agency_key
from kinerja.org.config import DEFAULTS
from kinerja.org.models import ExternalOfficial, Position
from kinerja.planning.choices import (
    CORE_VALUES,
    OPEN_STATUSES,
    AnnexSection,
    Approach,
    Aspect,
    CheckpointGrid,
    CheckpointKind,
    ClosedReason,
    CoreValue,
    CycleStatus,
    DialogueTopic,
    Perspective,
    PlanFamily,
    PlanStatus,
    TargetKind,
    WorkResultKind,
)


def _in(field: str, choices: type[models.TextChoices], *, blank: bool = False) -> Q:
    condition = Q(**{f"{field}__in": choices.values})
    return condition | Q(**{field: ""}) if blank else condition


class Cycle(AgencyScopedModel, TimeStampedModel):
    """PLAN-1: one agency's performance year; settings frozen at opening (GEN-3)."""

    # Indexed by the (agency, year) unique constraint that starts with it, not alone.
    agency = agency_key(db_index=False)

    year = models.PositiveSmallIntegerField(_("tahun"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    checkpoint_grid = models.CharField(
        _("periode penilaian berkala"),
        max_length=16,
        choices=CheckpointGrid.choices,
        default=CheckpointGrid.MONTHLY,
    )
    plan_approval_deadline = models.DateField(_("batas penetapan SKP"))
    plan_escalation_date = models.DateField(_("tanggal eskalasi SKP"))
    status = models.CharField(
        _("status"), max_length=16, choices=CycleStatus.choices, default=CycleStatus.PLANNING
    )
    settings_snapshot = models.JSONField(_("pengaturan yang berlaku"), default=dict, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("siklus kinerja")
        verbose_name_plural = _("siklus kinerja")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="cycle_agency_year_unique"),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="cycle_dates_ordered"
            ),
            models.CheckConstraint(condition=_in("status", CycleStatus), name="cycle_status_valid"),
            models.CheckConstraint(
                condition=_in("checkpoint_grid", CheckpointGrid), name="cycle_grid_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def setting(self, key: str) -> Any:
        """GEN-3: the value frozen on this cycle, else the shipped default."""
        if key not in DEFAULTS:
            raise KeyError(key)
        return (self.settings_snapshot or {}).get(key, DEFAULTS[key])


class Checkpoint(AgencyScopedModel):
    """EXEC-1/EXEC-2: a periodic or the annual evaluation period of a cycle."""

    # Not indexed alone: the (cycle, label) unique constraint starts with it.
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="checkpoints", db_index=False
    )
    kind = models.CharField(_("jenis"), max_length=16, choices=CheckpointKind.choices)
    label = models.CharField(_("label"), max_length=32)
    order = models.PositiveSmallIntegerField(_("urutan"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))

    class Meta:
        verbose_name = _("periode penilaian")
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "label"], name="checkpoint_label_unique"),
            models.UniqueConstraint(fields=["cycle", "order"], name="checkpoint_order_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="checkpoint_label_present"),
            models.CheckConstraint(
                condition=Q(start_date__lte=F("end_date")), name="checkpoint_dates_ordered"
            ),
            models.CheckConstraint(
                condition=_in("kind", CheckpointKind), name="checkpoint_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.cycle_id}"


class PerformancePlan(AgencyScopedModel, TimeStampedModel):
    """The SKP of one employee in one position for a period of a cycle (PLAN-2..PLAN-5)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="plans", db_index=False)
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        related_name="performance_plans",
        verbose_name=_("pegawai"),
        db_index=False,
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("jabatan"),
        db_index=False,
    )
    assignment = models.ForeignKey(
        "people.Assignment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    period_start = models.DateField(_("awal periode"))
    period_end = models.DateField(_("akhir periode"))
    family = models.CharField(_("jenis SKP"), max_length=8, choices=PlanFamily.choices)
    approach = models.CharField(
        _("pendekatan"), max_length=16, choices=Approach.choices, default=Approach.QUANTITATIVE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    # ORG-6: the appraiser by reference, an Employee or an ExternalOfficial, never a name.
    appraiser = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appraised_plans",
        verbose_name=_("pejabat penilai kinerja"),
    )
    appraiser_official = models.ForeignKey(
        ExternalOfficial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pejabat penilai (non-ASN)"),
        db_index=False,
    )
    # PLAN-22: who sets (menetapkan) a JPT plan; empty for JA_JF (the appraiser approves).
    approver = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_jpt_plans",
        verbose_name=_("pejabat yang menetapkan"),
        db_index=False,
    )
    approver_official = models.ForeignKey(
        ExternalOfficial,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pejabat yang menetapkan (non-ASN)"),
        db_index=False,
    )
    hr_reviewed_at = models.DateTimeField(_("direviu pengelola kinerja"), null=True, blank=True)
    hr_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    set_by_hr = models.BooleanField(_("ditetapkan oleh pengelola kinerja"), default=False)
    version = models.PositiveSmallIntegerField(_("versi"), default=1)
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        db_index=False,
    )
    header_snapshot = models.JSONField(_("data kepala SKP"), default=dict, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(
        _("alasan penutupan"), max_length=16, blank=True, choices=ClosedReason.choices
    )

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["cycle", "employee__name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "position", "cycle", "version"],
                name="plan_employee_position_version_unique",
            ),
            # PLAN-28: at most one open revision of a plan.
            models.UniqueConstraint(
                fields=["previous_version"],
                condition=Q(status__in=OPEN_STATUSES, previous_version__isnull=False),
                name="plan_one_open_revision",
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")), name="plan_period_ordered"
            ),
            models.CheckConstraint(condition=_in("status", PlanStatus), name="plan_status_valid"),
            models.CheckConstraint(condition=_in("family", PlanFamily), name="plan_family_valid"),
            models.CheckConstraint(condition=_in("approach", Approach), name="plan_approach_valid"),
            models.CheckConstraint(
                condition=_in("closed_reason", ClosedReason, blank=True),
                name="plan_closed_reason_valid",
            ),
            models.CheckConstraint(
                condition=Q(appraiser__isnull=True) | Q(appraiser_official__isnull=True),
                name="plan_one_appraiser",
            ),
            models.CheckConstraint(
                condition=Q(approver__isnull=True) | Q(approver_official__isnull=True),
                name="plan_one_approver",
            ),
            models.CheckConstraint(
                condition=~Q(appraiser=F("employee")), name="plan_appraiser_not_self"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="plan_version_positive"),
        ]
        indexes = [
            models.Index(fields=["agency", "cycle", "status"]),
            models.Index(fields=["cycle", "position"]),
        ]

    def __str__(self) -> str:
        return f"SKP {self.employee_id} {self.cycle_id} v{self.version}"

    @property
    def appraiser_party(self) -> Any:
        return self.appraiser or self.appraiser_official

    @property
    def approver_party(self) -> Any:
        """PLAN-21/22: the JPT approver, or the appraiser for a JA/JF plan."""
        if self.family == PlanFamily.JPT:
            return self.approver or self.approver_official
        return self.appraiser_party

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class WorkResult(AgencyScopedModel):
    """RHK (PLAN-6..PLAN-10). No weights: MAIN and ADDITIONAL are not weighted (PLAN-6)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="work_results")
    kind = models.CharField(
        _("jenis RHK"), max_length=16, choices=WorkResultKind.choices, default=WorkResultKind.MAIN
    )
    text = models.TextField(_("rencana hasil kerja"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # PLAN-8: the leader's RHK that this one intervenes; a reference, never free text.
    supports = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_by",
        verbose_name=_("RHK pimpinan yang diintervensi"),
    )
    # PLAN-10: the supported RHK was deleted or replaced by a revision; relink before submitting.
    supports_broken = models.BooleanField(default=False)
    # PLAN-7: "(penugasan dari …)"; empty means not an assignment.
    assigned_by = models.CharField(_("penugasan dari"), max_length=200, blank=True)
    # PLAN-15: the JPT indicator (matrix column) this RHK answers, when set through the matrix.
    source_indicator = models.ForeignKey(
        "Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matrix_work_results",
    )
    # PLAN-28: identity across versions of the plan.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)

    class Meta:
        verbose_name = _("rencana hasil kerja")
        ordering = ["plan", "kind", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=_in("kind", WorkResultKind), name="wr_kind_valid"),
            models.CheckConstraint(condition=~Q(text=""), name="wr_text_present"),
            models.CheckConstraint(condition=~Q(supports=F("id")), name="wr_not_self_support"),
        ]
        indexes = [models.Index(fields=["agency", "plan"])]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(AgencyScopedModel):
    """IKI (PLAN-11) with its target (PLAN-13)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    work_result = models.ForeignKey(WorkResult, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField(_("indikator kinerja individu"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aspect = models.CharField(_("aspek"), max_length=16, choices=Aspect.choices, blank=True)
    perspective = models.CharField(
        _("perspektif"), max_length=24, choices=Perspective.choices, blank=True
    )
    target_kind = models.CharField(
        _("jenis target"), max_length=8, choices=TargetKind.choices, default=TargetKind.NUMBER
    )
    target_value = models.DecimalField(
        _("target"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_min = models.DecimalField(
        _("target minimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_max = models.DecimalField(
        _("target maksimum"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_unit = models.CharField(_("satuan"), max_length=64, blank=True)
    target_text = models.TextField(_("target naratif"), blank=True)
    # PLAN-28: indicators carried over unchanged keep their identity across versions.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True)

    class Meta:
        verbose_name = _("indikator kinerja individu")
        ordering = ["work_result", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="indicator_text_present"),
            models.CheckConstraint(
                condition=_in("aspect", Aspect, blank=True), name="indicator_aspect_valid"
            ),
            models.CheckConstraint(
                condition=_in("perspective", Perspective, blank=True),
                name="indicator_perspective_valid",
            ),
            models.CheckConstraint(
                condition=_in("target_kind", TargetKind), name="indicator_target_kind_valid"
            ),
            # PLAN-13: a target in its form; numeric targets carry a unit; min <= max.
            models.CheckConstraint(
                condition=(
                    Q(target_kind=TargetKind.NUMBER, target_value__isnull=False)
                    & ~Q(target_unit="")
                )
                | (
                    Q(
                        target_kind=TargetKind.RANGE,
                        target_min__isnull=False,
                        target_max__isnull=False,
                        target_min__lte=F("target_max"),
                    )
                    & ~Q(target_unit="")
                )
                | (Q(target_kind=TargetKind.TEXT) & ~Q(target_text="")),
                name="indicator_target_complete",
            ),
        ]
        indexes = [models.Index(fields=["agency", "work_result"])]

    def __str__(self) -> str:
        return self.text[:80]


def _value_order_condition() -> Q:
    first, *rest = CORE_VALUES
    condition = Q(value=first.code, order=first.order)
    for info in rest:
        condition |= Q(value=info.code, order=info.order)
    return condition


class BehaviourExpectation(AgencyScopedModel):
    """PLAN-16/PLAN-17: one of the seven BerAKHLAK rows of a plan, in REF-5 order."""

    # Only ever read through its plan: an agency index would add 7 entries per plan when a
    # cycle opens (350,000 at 50,000 employees) and serve no query.
    agency = agency_key(db_index=False)

    plan = models.ForeignKey(
        PerformancePlan,
        on_delete=models.CASCADE,
        related_name="behaviour_expectations",
        db_index=False,
    )
    value = models.CharField(_("nilai dasar"), max_length=32, choices=CoreValue.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    expectation = models.TextField(_("ekspektasi khusus pimpinan"), blank=True)

    class Meta:
        verbose_name = _("ekspektasi perilaku kerja")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "value"], name="behaviour_value_unique"),
            # REF-5 order is fixed: the order follows from the value, so (plan, value) unique
            # also makes (plan, order) unique (PLAN-16: no adding, deleting or reordering).
            models.CheckConstraint(
                condition=_value_order_condition(), name="behaviour_order_matches_value"
            ),
            models.CheckConstraint(condition=_in("value", CoreValue), name="behaviour_value_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.value}"


class PlanAnnexItem(AgencyScopedModel):
    """PLAN-18: one free-text item of an annex section (REF-18)."""

    plan = models.ForeignKey(PerformancePlan, on_delete=models.CASCADE, related_name="annex_items")
    section = models.CharField(_("bagian"), max_length=24, choices=AnnexSection.choices)
    text = models.TextField(_("uraian"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("lampiran SKP")
        ordering = ["plan", "section", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("section", AnnexSection), name="annex_section_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="annex_text_present"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Dialogue(AgencyScopedModel, TimeStampedModel):
    """EXEC-10: a performance dialogue; a PLANNING one is required before submission (PLAN-19)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    plan = models.ForeignKey(
        PerformancePlan, on_delete=models.PROTECT, null=True, blank=True, related_name="dialogues"
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    topic = models.CharField(_("topik"), max_length=16, choices=DialogueTopic.choices)
    notes = models.TextField(_("catatan"), blank=True)
    employee = models.ForeignKey(
        "people.Employee", on_delete=models.PROTECT, related_name="+", verbose_name=_("pegawai")
    )
    appraiser = models.ForeignKey(
        "people.Employee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pejabat penilai kinerja"),
    )
    appraiser_official = models.ForeignKey(
        ExternalOfficial, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    other_participants = models.ManyToManyField(
        "people.Employee", blank=True, related_name="+", verbose_name=_("peserta lain")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("dialog kinerja")
        verbose_name_plural = _("dialog kinerja")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_in("topic", DialogueTopic), name="dialogue_topic_valid"
            ),
            # EXEC-10: both the employee and exactly one appraiser take part.
            models.CheckConstraint(
                condition=(
                    Q(appraiser__isnull=False, appraiser_official__isnull=True)
                    | Q(appraiser__isnull=True, appraiser_official__isnull=False)
                ),
                name="dialogue_one_appraiser",
            ),
            models.CheckConstraint(
                condition=~Q(appraiser=F("employee")), name="dialogue_appraiser_not_employee"
            ),
        ]
        indexes = [models.Index(fields=["agency", "plan", "topic", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class PlanEvent(AgencyScopedModel):
    """Append-only workflow event, written in the transaction of each transition (PLAN-20)."""

    # Indexed by the composite index that starts with it (see Meta), not alone.
    agency = agency_key(db_index=False)

    plan = models.ForeignKey(PerformancePlan, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("tindakan"), max_length=16)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(_("catatan"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat SKP")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["agency", "plan", "at"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError(_("Riwayat SKP tidak dapat diubah (GEN-4)."), code="GEN-4")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("Riwayat SKP tidak dapat dihapus (GEN-4)."), code="GEN-4")

    def __str__(self) -> str:
        return f"{self.plan_id} {self.from_status}->{self.to_status}"


class Notification(AgencyScopedModel):
    """An in-app notice to the next person on a workflow step (also sent by e-mail)."""

    # Not indexed alone: the (recipient, read_at) index starts with it.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    text = models.CharField(_("pesan"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class PlanTemplate(AgencyScopedModel, TimeStampedModel):
    """HR's published starting content for plans of a position or a position type/level.

    ``content`` = {"work_results": [{"kind", "text", "assigned_by", "indicators": [{"text",
    "aspect", "perspective", "target_kind", "target_value", "target_min", "target_max",
    "target_unit", "target_text"}]}], "annex": [{"section", "text"}]}.
    """

    name = models.CharField(_("nama templat"), max_length=200)
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jabatan"),
    )
    position_type = models.CharField(_("jenis jabatan"), max_length=16, blank=True)
    level = models.CharField(_("jenjang"), max_length=16, blank=True)
    approach = models.CharField(
        _("pendekatan"), max_length=16, choices=Approach.choices, default=Approach.QUANTITATIVE
    )
    content = models.JSONField(default=dict, blank=True)
    is_published = models.BooleanField(_("diterbitkan"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("templat SKP")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(position__isnull=False) | ~Q(position_type=""),
                name="template_has_target",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="template_named"),
        ]

    def __str__(self) -> str:
        return self.name
