"""Employees, assignments, appraisers and the audit trail of an employee."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from kinerja.api.schemas.common import Id, InputSchema, PageQuery, Ref
from kinerja.org.models import EmployeeType
from kinerja.people.choices import AssignmentKind, EmployeeStatus, Gender


class EmployeeQuery(PageQuery):
    q: str | None = Field(None, description="Cari pada nama atau NIP.")
    unit: Id | None = Field(
        None, description="Id unit kerja (termasuk sub-unit) penugasan definitif hari ini."
    )
    type: EmployeeType | None = None
    status: EmployeeStatus | None = None


def _position_ref(obj: Any) -> dict[str, Any] | None:
    current = getattr(obj, "current", None)
    return {"id": current.position_id, "name": current.position.name} if current else None


def _unit_ref(obj: Any) -> dict[str, Any] | None:
    current = getattr(obj, "current", None)
    if current is None:
        return None
    return {"id": current.position.unit_id, "name": current.position.unit.name}


class EmployeeOut(Schema):
    """One row of the list; ``current`` (the assignment today) is set by the router."""

    nip: str
    nip_display: str
    name: str
    full_name: str
    employee_type: EmployeeType
    status: EmployeeStatus
    grade: str | None
    agency: str
    position: Ref | None
    unit: Ref | None

    @staticmethod
    def resolve_grade(obj: Any) -> str | None:
        return obj.grade.code if obj.grade_id else None

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_position(obj: Any) -> dict[str, Any] | None:
        return _position_ref(obj)

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any] | None:
        return _unit_ref(obj)


class AssignmentOut(Schema):
    id: int
    position: Ref
    unit: Ref
    kind: AssignmentKind
    start_date: dt.date
    end_date: dt.date | None
    note: str

    @staticmethod
    def resolve_unit(obj: Any) -> dict[str, Any]:
        return {"id": obj.position.unit_id, "name": obj.position.unit.name}


class FormerNumberOut(Schema):
    number: str
    until: dt.date


class EmployeeDetailOut(EmployeeOut):
    former_numbers: list[FormerNumberOut] = Field(
        ..., description="NIP / NI PPPK yang dahulu dipegang, terbaru dahulu (ID-9, INT-2)."
    )
    front_title: str
    back_title: str
    birth_date: dt.date
    gender: Gender
    civil_service_start: dt.date | None
    email: str
    phone: str
    external_id: str
    current_assignment: AssignmentOut | None

    @staticmethod
    def resolve_current_assignment(obj: Any) -> Any:
        return getattr(obj, "current", None)

    @staticmethod
    def resolve_former_numbers(obj: Any) -> Any:
        return obj.former_numbers.all()


class EmployeeFields(InputSchema):
    """What PATCH may change; POST adds the agency. Birth date, gender and TMT come from the NIP."""

    nip: str = Field(..., max_length=64, description="18 angka; spasi boleh (ID-1).")
    # Checked by the NIP validator so that a missing or unknown type cites ID-7.
    employee_type: str = Field(
        "",
        max_length=8,
        description="PNS atau PPPK (ID-7).",
        json_schema_extra={"enum": EmployeeType.values},
    )
    name: str = Field(..., max_length=200)
    front_title: str = Field("", max_length=50)
    back_title: str = Field("", max_length=80)
    grade: str | None = Field(None, description="Kode golongan, mis. III/a (PNS) atau IX (PPPK).")
    status: EmployeeStatus = EmployeeStatus.ACTIVE
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=32)
    external_id: str = Field("", max_length=64)
    reason: str = Field("", max_length=1000, description="Alasan perubahan (jejak audit).")


class EmployeeIn(EmployeeFields):
    agency: str | None = Field(
        None, description="Kode instansi; wajib hanya bagi administrator sistem."
    )


class TransferIn(InputSchema):
    position_id: Id
    start_date: dt.date
    kind: AssignmentKind = AssignmentKind.DEFINITIVE
    reason: str = Field("", max_length=1000)


class TransferOut(Schema):
    closed: AssignmentOut | None
    opened: AssignmentOut
    plan_closed: int | None = Field(
        None, description="Id SKP yang ditutup sehari sebelum mutasi definitif (PLAN-25)."
    )
    plan_opened: int | None = Field(
        None, description="Id SKP draf yang dibuka untuk jabatan baru (PLAN-25)."
    )


class AppraiserEmployeeOut(Schema):
    nip: str
    nip_display: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.full_name


class ExternalOfficialOut(Schema):
    id: int
    name: str
    position_title: str


class AppraiserOut(Schema):
    source: str = Field(
        ..., description="DERIVED (dari pohon jabatan) atau OVERRIDE (koreksi SDM)."
    )
    employee: AppraiserEmployeeOut | None
    external_official: ExternalOfficialOut | None
    position: Ref | None
    reason: str


class AppraiserChainOut(Schema):
    on: dt.date
    appraiser: AppraiserOut | None
    appeal_reviewer: AppraiserOut | None = Field(..., description="Atasan PPK (ORG-8).")


class AppraiserQuery(InputSchema):
    on: dt.date | None = Field(None, description="Tanggal (YYYY-MM-DD); kosong berarti hari ini.")


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    reason: str

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None
