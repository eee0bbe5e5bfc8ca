"""Cycles, performance plans (SKP), work results, indicators, annex, behaviour expectations,
dialogues and the role–result matrix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kinerja.api.schemas.common import PageQuery, Ref
from kinerja.planning.choices import (
    AnnexSection,
    Approach,
    Aspect,
    CheckpointGrid,
    CheckpointKind,
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


class CycleIn(Schema):
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
    cycle: int | None = Field(None, description="Id siklus.")
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
    id: int
    value: CoreValue
    order: int
    name: str
    guide_behaviours: list[str]
    expectation: str


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


class PlanIn(Schema):
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


class PlanPatch(Schema):
    approach: Approach


class TransitionIn(Schema):
    action: PlanAction
    note: str = Field("", max_length=4000)
    confirm_warnings: bool = False


class TransitionOut(Schema):
    status: PlanStatus
    applied: bool
    warnings: list[str]
    plan: PlanOut


class CopyOut(Schema):
    created: int
    warnings: list[str]


# Plan content ----------------------------------------------------------------------------------


class WorkResultIn(Schema):
    text: str = Field(..., max_length=4000)
    kind: WorkResultKind = WorkResultKind.MAIN
    supports_id: int | None = Field(
        None, description="Id RHK pimpinan yang diintervensi (wajib untuk JA/JF, PLAN-8)."
    )
    assigned_by: str = Field("", max_length=200, description="Penugasan dari … (PLAN-7).")
    order: int | None = Field(None, ge=0)


class WorkResultPatch(Schema):
    text: str = Field(..., max_length=4000)
    kind: WorkResultKind
    supports_id: int | None
    assigned_by: str = Field(..., max_length=200)
    order: int = Field(..., ge=0)


class IndicatorIn(Schema):
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


class IndicatorPatch(Schema):
    text: str = Field(..., max_length=4000)
    target_kind: TargetKind
    target_value: Decimal | None
    target_min: Decimal | None
    target_max: Decimal | None
    target_unit: str = Field(..., max_length=64)
    target_text: str = Field(..., max_length=4000)
    aspect: Aspect | None
    perspective: Perspective | None
    order: int = Field(..., ge=0)


class AnnexItemIn(Schema):
    section: AnnexSection
    text: str = Field(..., max_length=4000)


class AnnexItemPatch(Schema):
    section: AnnexSection
    text: str = Field(..., max_length=4000)


class BehaviourPatch(Schema):
    expectation: str = Field(..., max_length=4000)


class DialogueIn(Schema):
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


class MatrixCellIn(Schema):
    indicator_id: int = Field(..., description="Indikator JPT (kolom matriks).")
    plan_id: int = Field(..., description="SKP bawahan langsung (baris matriks).")
    text: str = Field(..., max_length=4000)


class MatrixCellsIn(Schema):
    cells: list[MatrixCellIn] = Field(..., min_length=1, max_length=500)


class MatrixCellOut(Schema):
    indicator_id: int
    plan_id: int
    work_result: WorkResultOut
    revised: bool
