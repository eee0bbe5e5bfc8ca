"""Tokens and the caller's own profile (/auth/token, /me)."""

import datetime as dt

from ninja import Field, Schema

from kinerja.api.schemas.common import InputSchema, Ref


class TokenIn(InputSchema):
    username: str = Field(..., max_length=150, description="Nama pengguna atau NIP (spasi boleh).")
    password: str = Field(..., max_length=4096)


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


class MeEmployeeOut(Schema):
    nip: str
    nip_display: str
    name: str
    employee_type: str
    position: Ref | None
    unit: Ref | None


class MeOut(Schema):
    id: int
    username: str
    roles: list[str]
    agency: str | None
    is_system_admin: bool
    employee: MeEmployeeOut | None
    supervises_anyone: bool
