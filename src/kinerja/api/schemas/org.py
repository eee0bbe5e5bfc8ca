"""Agencies, organisation units and positions."""

from typing import Any, Literal

from ninja import Field, Schema

from kinerja.api.schemas.common import Id, InputSchema, PageQuery, Ref
from kinerja.org.choices import (
    AgencyKind,
    AgencyLevel,
    PelaksanaGroup,
    PositionLevel,
    PositionType,
    TimeZoneChoice,
    UnitKind,
)


class AgencyOut(Schema):
    code: str
    name: str
    level: AgencyLevel
    kind: AgencyKind = Field(..., description="ORG-1: diturunkan dari level; hanya dibaca.")
    time_zone: TimeZoneChoice
    place: str


class AgencyIn(InputSchema):
    code: str = Field(..., max_length=32)
    name: str = Field(..., max_length=200)
    level: AgencyLevel
    time_zone: TimeZoneChoice = TimeZoneChoice.WIB
    place: str = Field("", max_length=100)


class SettingOut(Schema):
    key: str
    label: str
    rule: str
    kind: str = Field(..., description="bool, choice, choices, int atau month_day (BB-HH).")
    value: Any
    choices: list[str] | None = None


class SettingsOut(Schema):
    """GEN-3: the settings in force for cycles opened from now on."""

    agency: str
    settings: list[SettingOut]


class SettingsIn(InputSchema):
    settings: dict[str, Any] = Field(
        ..., description="Kunci → nilai baru; kunci yang tidak disebut tidak berubah."
    )
    reason: str = Field("", max_length=500)


class UnitQuery(PageQuery):
    agency: str | None = Field(None, description="Kode instansi.")
    parent: Id | None = Field(None, description="Id unit induk (anak langsung saja).")
    q: str | None = Field(None, description="Cari pada nama atau kode.")
    active: bool | None = None


class UnitOut(Schema):
    id: int
    agency: str
    parent_id: int | None
    code: str
    name: str
    kind: UnitKind
    serves_public: bool
    is_active: bool
    depth: int
    external_id: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code


class UnitFields(InputSchema):
    """What PATCH may change; POST adds the agency."""

    parent_id: Id | None = None
    code: str = Field(..., max_length=64)
    name: str = Field(..., max_length=255)
    kind: UnitKind = UnitKind.OTHER
    serves_public: bool = False
    is_active: bool = True
    external_id: str = Field("", max_length=64)


class UnitIn(UnitFields):
    agency: str | None = Field(
        None, description="Kode instansi; wajib hanya bagi administrator sistem."
    )


class PositionQuery(PageQuery):
    agency: str | None = Field(None, description="Kode instansi.")
    unit: Id | None = Field(None, description="Id unit kerja.")
    reports_to: Id | None = Field(None, description="Id jabatan atasan (bawahan langsung).")
    type: PositionType | None = None
    q: str | None = Field(None, description="Cari pada nama atau kode.")
    active: bool | None = None


class HolderOut(Schema):
    nip: str
    name: str


class PositionOut(Schema):
    id: int
    agency: str
    unit: Ref
    code: str
    name: str
    position_type: PositionType
    level: PositionLevel
    reports_to_id: int | None
    is_unit_head: bool
    independent_unit_head: bool
    pelaksana_group: PelaksanaGroup | Literal[""]
    is_active: bool
    depth: int
    external_id: str
    holder: HolderOut | None = Field(None, description="Pemegang jabatan hari ini.")

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_holder(obj: Any) -> dict[str, str] | None:
        holder = getattr(obj, "holder", None)
        return {"nip": holder.nip, "name": holder.full_name} if holder else None


class PositionIn(InputSchema):
    unit_id: Id
    reports_to_id: Id | None = None
    code: str = Field(..., max_length=64)
    name: str = Field(..., max_length=255)
    position_type: PositionType
    level: PositionLevel
    is_unit_head: bool = False
    independent_unit_head: bool = False
    pelaksana_group: PelaksanaGroup | Literal[""] = ""
    is_active: bool = True
    external_id: str = Field("", max_length=64)
