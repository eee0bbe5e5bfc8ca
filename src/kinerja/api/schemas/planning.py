"""Cycles, performance plans (SKP), work results, indicators, annex, behaviour expectations,
dialogues and the role–result matrix."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kinerja.api.schemas.common import Id, InputSchema, PageQuery, Ref
from kinerja.planning.choices import (
    CORE_VALUE_BY_CODE,
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
    PlanAction,
    PlanFamily,
    PlanStatus,
    TargetKind,
    WorkResultKind,
)

# Cycles ----------------------------------------------------------------------------------------


class CheckpointOut(Schema):
    id: int
    kind: CheckpointKind
    label: str
    order: int
    start_date: dt.date
    end_date: dt.date


class CycleOut(Schema):
    id: int
    agency: str
    year: int
    start_date: dt.date
    end_date: dt.date
    status: CycleStatus
    checkpoint_grid: CheckpointGrid
    plan_approval_deadline: dt.date
    plan_escalation_date: dt.date
    opened_at: dt.datetime | None

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code


class CycleDetailOut(CycleOut):
    checkpoints: list[CheckpointOut]
    settings: dict[str, Any]

    @staticmethod
    def resolve_checkpoints(obj: Any) -> Any:
        return obj.checkpoints.order_by("order")

    @staticmethod
    def resolve_settings(obj: Any) -> dict[str, Any]:
        return obj.settings_snapshot or {}


class CycleIn(InputSchema):
    year: int = Field(..., ge=2000, le=2100)
    agency: str | None = Field(
        None, description="Kode instansi; wajib hanya bagi administrator sistem."
    )
    grid: CheckpointGrid | None = Field(
        None, description="Periode penilaian berkala; kosong = pengaturan instansi (EXEC-1)."
    )


class CycleOpenOut(Schema):
    cycle: CycleDetailOut
    plans_created: int


class PlansCreatedOut(Schema):
    plans_created: int


# Plans -----------------------------------------------------------------------------------------


class PersonRef(Schema):
    """An Employee (with NIP) or an ExternalOfficial (NIP optional, ID-11)."""

    kind: str = Field(..., description="EMPLOYEE atau EXTERNAL_OFFICIAL")
    id: int
    nip: str
    name: str


def person_ref(employee: Any, official: Any = None) -> dict[str, Any] | None:
    if employee is not None:
        return {"kind": "EMPLOYEE", "id": employee.pk, "nip": employee.nip, "name": employee.name}
    if official is not None:
        return {
            "kind": "EXTERNAL_OFFICIAL",
            "id": official.pk,
            "nip": official.nip,
            "name": official.name,
        }
    return None


class PlanQuery(PageQuery):
    cycle: Id | None = Field(None, description="Id siklus.")
    status: PlanStatus | None = None
    employee: str | None = Field(None, description="NIP pegawai (spasi boleh).")


class PlanOut(Schema):
    id: int
    cycle: int
    year: int
    employee: PersonRef
    position: Ref
    unit: Ref
    family: PlanFamily
    approach: Approach
    status: PlanStatus
    version: int
    period_start: dt.date
    period_end: dt.date
    appraiser: PersonRef | None
    approver: PersonRef | None
    set_by_hr: bool
    hr_reviewed_at: dt.datetime | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None

    @staticmethod
    def resolve_cycle(obj: Any) -> int:
        return obj.cycle_id

    @staticmethod
    def resolve_year(obj: Any) -> int:
        return obj.cycle.year

    @staticmethod
    def resolve_employee(obj: Any) -> dict[str, Any] | None:
        return person_ref(obj.employee)

    @staticmethod
    def resolve_position(obj: Any) -> dict[str, Any]:
        return {"id": obj.position_id, "name": obj.position.name}

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any]:
        return {"id": obj.position.unit_id, "name": obj.position.unit.name}

    @staticmethod
    def resolve_appraiser(obj: Any) -> dict[str, Any] | None:
        return person_ref(obj.appraiser, obj.appraiser_official)

    @staticmethod
    def resolve_approver(obj: Any) -> dict[str, Any] | None:
        return person_ref(obj.approver, obj.approver_official)


def plain_decimal(value: Any) -> Decimal | None:
    """A stored decimal without its padding zeros ("80.0000" -> "80", "2.5000" -> "2.5")."""
    if value is None:
        return None
    number = Decimal(str(value))
    return number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()


class SupportedRef(Schema):
    """The leader's work result that this one intervenes (PLAN-8)."""

    id: int
    text: str
    plan: int
    employee: str


class IndicatorOut(Schema):
    id: int
    work_result: int
    text: str
    order: int
    aspect: str
    perspective: str
    target_kind: TargetKind
    target_value: Decimal | None
    target_min: Decimal | None
    target_max: Decimal | None
    target_unit: str
    target_text: str

    @staticmethod
    def resolve_work_result(obj: Any) -> int:
        return obj.work_result_id

    @staticmethod
    def resolve_target_value(obj: Any) -> Decimal | None:
        return plain_decimal(obj.target_value)

    @staticmethod
    def resolve_target_min(obj: Any) -> Decimal | None:
        return plain_decimal(obj.target_min)

    @staticmethod
    def resolve_target_max(obj: Any) -> Decimal | None:
        return plain_decimal(obj.target_max)


class WorkResultOut(Schema):
    id: int
    plan: int
    kind: WorkResultKind
    text: str
    order: int
    supports: SupportedRef | None
    supports_broken: bool
    assigned_by: str
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_plan(obj: Any) -> int:
        return obj.plan_id

    @staticmethod
    def resolve_supports(obj: Any) -> dict[str, Any] | None:
        target = obj.supports
        if target is None:
            return None
        return {
            "id": target.pk,
            "text": target.text,
            "plan": target.plan_id,
            "employee": target.plan.employee.name,
        }

    @staticmethod
    def resolve_indicators(obj: Any) -> Any:
        return obj.indicators.all()


class BehaviourOut(Schema):
    """PLAN-16/17: one BerAKHLAK row with its guide behaviours and the leader's expectation."""

    id: int
    value: CoreValue
    order: int
    name: str
    guide_behaviours: list[str]
    expectation: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return CORE_VALUE_BY_CODE[obj.value].name

    @staticmethod
    def resolve_guide_behaviours(obj: Any) -> list[str]:
        return list(CORE_VALUE_BY_CODE[obj.value].guide_behaviours)


class AnnexItemOut(Schema):
    id: int
    section: AnnexSection
    text: str
    order: int


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    at: dt.datetime
    actor: str | None

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.get_username() if obj.actor_id else None


class PlanDetailOut(PlanOut):
    return_note: str
    previous_version: int | None
    header_snapshot: dict[str, Any]
    closed_reason: str
    work_results: list[WorkResultOut]
    behaviours: list[BehaviourOut]
    annex: list[AnnexItemOut]
    events: list[EventOut]
    allowed_actions: list[str]

    @staticmethod
    def resolve_previous_version(obj: Any) -> int | None:
        return obj.previous_version_id

    # The router attaches what ``planning.selectors.plan_detail`` loaded (fixed queries).
    @staticmethod
    def resolve_work_results(obj: Any) -> Any:
        return obj.work_results_detail

    @staticmethod
    def resolve_events(obj: Any) -> Any:
        return obj.events_detail


class PlanIn(InputSchema):
    cycle: int
    employee: str = Field(..., max_length=64, description="NIP pegawai.")
    position: int | None = Field(None, description="Id jabatan; kosong = jabatan saat ini.")
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    approach: Approach = Approach.QUANTITATIVE
    family: PlanFamily | None = Field(
        None, description="Bila diisi harus sama dengan jenis SKP dari jabatan (PLAN-3)."
    )
    confirm_warnings: bool = False


class PlanCreateOut(Schema):
    plan: PlanDetailOut
    warnings: list[str]


class PlanPatch(InputSchema):
    approach: Approach


class TransitionIn(InputSchema):
    action: PlanAction
    note: str = Field("", max_length=4000, description="Wajib untuk reject (PLAN-20).")
    confirm_warnings: bool = Field(
        False, description="Ajukan walau ada peringatan PLAN-12 (dicatat pada riwayat)."
    )
    reason: ClosedReason | None = Field(None, description="Alasan penutupan (close).")


class TransitionOut(Schema):
    status: PlanStatus
    applied: bool
    warnings: list[str]
    plan: PlanOut


class CopyOut(Schema):
    created: int
    warnings: list[str]


# Plan content ----------------------------------------------------------------------------------


class WorkResultIn(InputSchema):
    text: str = Field(..., max_length=4000)
    kind: WorkResultKind = WorkResultKind.MAIN
    supports_id: int | None = Field(
        None, description="Id RHK pimpinan yang diintervensi (wajib untuk JA/JF, PLAN-8)."
    )
    assigned_by: str = Field("", max_length=200, description="Penugasan dari … (PLAN-7).")
    order: int | None = Field(None, ge=0)


class WorkResultPatch(InputSchema):
    """Only the fields sent change (``supports_id`` null unlinks)."""

    text: str = Field(..., max_length=4000)
    kind: WorkResultKind
    supports_id: int | None = None
    assigned_by: str = Field(..., max_length=200)
    order: int = Field(..., ge=0)


class IndicatorIn(InputSchema):
    text: str = Field(..., max_length=4000)
    target_kind: TargetKind = TargetKind.NUMBER
    target_value: Decimal | None = None
    target_min: Decimal | None = None
    target_max: Decimal | None = None
    target_unit: str = Field("", max_length=64)
    target_text: str = Field("", max_length=4000)
    aspect: Aspect | None = None
    perspective: Perspective | None = None
    order: int | None = Field(None, ge=0)


class SetByHrWorkResultIn(InputSchema):
    text: str = Field(..., max_length=4000)
    kind: WorkResultKind = WorkResultKind.MAIN
    supports_id: int | None = Field(None, description="Id RHK pimpinan yang diintervensi.")
    assigned_by: str = Field("", max_length=200)
    indicators: list[IndicatorIn] = Field(..., max_length=20)


class PlanSetByHrIn(InputSchema):
    """PLAN-24: the whole plan at once; it is created, submitted and approved together."""

    employee: str = Field(..., max_length=64, description="NIP pegawai.")
    position: int | None = Field(None, description="Id jabatan; kosong = jabatan saat ini.")
    approach: Approach = Approach.QUANTITATIVE
    work_results: list[SetByHrWorkResultIn] = Field(..., max_length=50)
    confirm_warnings: bool = False


class IndicatorPatch(InputSchema):
    text: str = Field(..., max_length=4000)
    target_kind: TargetKind
    target_value: Decimal | None = None
    target_min: Decimal | None = None
    target_max: Decimal | None = None
    target_unit: str = Field(..., max_length=64)
    target_text: str = Field(..., max_length=4000)
    aspect: Aspect | None = None
    perspective: Perspective | None = None
    order: int = Field(..., ge=0)


class AnnexItemIn(InputSchema):
    section: AnnexSection
    text: str = Field(..., max_length=4000)


class AnnexItemPatch(InputSchema):
    section: AnnexSection
    text: str = Field(..., max_length=4000)


class BehaviourPatch(InputSchema):
    expectation: str = Field(..., max_length=4000)


class DialogueIn(InputSchema):
    date: dt.date
    topic: DialogueTopic = DialogueTopic.PLANNING
    notes: str = Field("", max_length=8000)
    participants: list[str] = Field(
        default_factory=list, description="NIP peserta lain (selain pegawai dan penilai)."
    )


class DialogueOut(Schema):
    id: int
    plan: int | None
    date: dt.date
    topic: DialogueTopic
    notes: str
    employee: PersonRef
    appraiser: PersonRef | None

    @staticmethod
    def resolve_plan(obj: Any) -> int | None:
        return obj.plan_id

    @staticmethod
    def resolve_employee(obj: Any) -> dict[str, Any] | None:
        return person_ref(obj.employee)

    @staticmethod
    def resolve_appraiser(obj: Any) -> dict[str, Any] | None:
        return person_ref(obj.appraiser, obj.appraiser_official)


# Role–result matrix (PLAN-15) --------------------------------------------------------------------


class MatrixCellIn(InputSchema):
    indicator_id: Id = Field(..., description="Indikator JPT (kolom matriks).")
    plan_id: Id = Field(..., description="SKP bawahan langsung (baris matriks).")
    text: str = Field(..., max_length=4000)


class MatrixCellsIn(InputSchema):
    cells: list[MatrixCellIn] = Field(..., min_length=1, max_length=500)


class MatrixCellOut(Schema):
    indicator_id: int
    plan_id: int = Field(
        ..., description="SKP yang diubah (revisi baru bila SKP sudah ditetapkan)."
    )
    work_result: WorkResultOut | None = Field(..., description="Kosong bila sel dikosongkan.")
    revised: bool


class MatrixColumnOut(Schema):
    indicator_id: int
    indicator_text: str
    work_result_id: int
    work_result_text: str


class MatrixCellValue(Schema):
    work_result_id: int | None
    text: str


class MatrixRowOut(Schema):
    employee_id: int
    employee_name: str
    position_name: str
    plan_id: int | None
    status: str
    cells: list[MatrixCellValue]


class MatrixOut(Schema):
    plan_id: int
    columns: list[MatrixColumnOut]
    rows: list[MatrixRowOut]


# Cascade and completion --------------------------------------------------------------------------


class StaffRef(Schema):
    employee_id: int
    name: str
    position: str


class SupporterOut(Schema):
    plan_id: int
    employee_name: str
    text: str


class CascadeResultOut(Schema):
    id: int
    text: str
    kind: WorkResultKind
    supports_id: int | None
    supported_by: list[SupporterOut]


class CascadeNodeOut(Schema):
    """One plan in force; ``parent_plan_id`` is the appraiser's plan (null at the top)."""

    plan_id: int
    parent_plan_id: int | None
    depth: int
    employee_id: int
    employee_name: str
    position_id: int
    position_name: str
    unit_name: str
    status: PlanStatus
    family: PlanFamily
    work_results: list[CascadeResultOut]
    unsupported_work_result_ids: list[int]
    staff_without_plan: list[StaffRef]


class CascadeOut(Schema):
    cycle: int
    count: int
    nodes: list[CascadeNodeOut]
    without_plan: list[StaffRef]


class CompletionRowOut(Schema):
    employee_id: int
    name: str
    nip: str
    position: str
    status: str
    plan_id: int | None
    blocked_by_supervisor: bool
    missing_dialogue: bool
    late: bool
    escalated: bool


class UnitCompletionOut(Schema):
    unit_id: int
    unit_name: str
    counts: dict[str, int]
    total: int
    rows: list[CompletionRowOut]


class CompletionOut(Schema):
    cycle: int
    totals: dict[str, int]
    units: list[UnitCompletionOut]
