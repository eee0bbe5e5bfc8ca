"""Account administration: accounts of an agency, activation codes, roles, activation."""

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from kinerja.accounts.models import Role
from kinerja.api.schemas.common import Id, InputSchema, PageQuery
from kinerja.api.schemas.people import AppraiserEmployeeOut
from kinerja.people.account_admin.selectors import account_state

# The keys of account_admin.selectors.STATES (test_account_api checks that they agree).
AccountState = Literal["ACTIVE", "PENDING", "EXPIRED", "DISABLED"]
STATE_DESCRIPTION = (
    "ACTIVE (aktif), PENDING (menunggu aktivasi), EXPIRED (kode aktivasi kedaluwarsa) "
    "atau DISABLED (nonaktif)."
)
REASON_DESCRIPTION = "Alasan perubahan (jejak audit, GEN-4)."


class AccountQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="Cari pada nama pengguna, nama, NIP.")
    role: Role | None = None
    state: AccountState | None = Field(None, description=STATE_DESCRIPTION)


class AccountEmployeeOut(AppraiserEmployeeOut):
    """The employee an account belongs to (the same short form as an appraiser)."""


class RoleGrantOut(Schema):
    role: Role
    unit_ids: list[int] = Field(
        ..., description="ORG-9: unit administrator SDM; kosong berarti seluruh instansi."
    )

    @staticmethod
    def resolve_unit_ids(obj: Any) -> list[int]:
        return sorted(unit.pk for unit in obj.units.all())


class AccountOut(Schema):
    id: int
    username: str
    employee: AccountEmployeeOut | None
    state: AccountState = Field(..., description=STATE_DESCRIPTION)
    is_active: bool
    roles: list[RoleGrantOut]
    activation_expires_at: dt.datetime | None = Field(
        ..., description="Batas berlaku kode aktivasi yang belum dipakai."
    )

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return account_state(obj)

    @staticmethod
    def resolve_roles(obj: Any) -> list[Any]:
        # .all() and a sort here, not order_by: the list prefetches the grants with their units.
        return sorted(obj.role_grants.all(), key=lambda grant: grant.role)


class IssuedCodeOut(Schema):
    account: AccountOut
    activation_code: str = Field(
        ..., description="Ditampilkan sekali ini saja; serahkan kepada pemilik akun."
    )
    expires_at: dt.datetime


class MissingCodeOut(Schema):
    nip: str
    name: str
    activation_code: str


class MissingAccountsOut(Schema):
    created: int
    expires_at: dt.datetime | None = Field(..., description="Kosong bila tidak ada akun dibuat.")
    codes: list[MissingCodeOut]


class ReasonIn(InputSchema):
    reason: str = Field("", max_length=1000, description=REASON_DESCRIPTION)


class AccountActiveIn(InputSchema):
    is_active: bool
    reason: str = Field(
        "", max_length=1000, description="Wajib ketika menonaktifkan akun (jejak audit, GEN-4)."
    )


class RoleGrantIn(InputSchema):
    unit_ids: list[Id] = Field(
        default_factory=list,
        max_length=1000,
        description="ORG-9: hanya untuk HR_ADMIN; kosong berarti seluruh instansi.",
    )
    reason: str = Field("", max_length=1000, description=REASON_DESCRIPTION)


class ReasonQuery(InputSchema):
    reason: str = Field("", max_length=1000, description=REASON_DESCRIPTION)


class ActivateIn(InputSchema):
    username: str = Field(..., max_length=150, description="Nama pengguna atau NIP (spasi boleh).")
    activation_code: str = Field(
        ..., max_length=64, description="Kode dari administrator SDM; tanda hubung boleh."
    )
    password: str = Field(..., max_length=4096, description="Kata sandi baru, minimal 12 karakter.")
