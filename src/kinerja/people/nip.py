"""NIP and NI PPPK validation (rules.md Section 2: ID-1 to ID-7, ID-10).

Pure functions, no ORM: the form, the import and the API all call ``parse_nip``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


class NipError(ValueError):
    """A NIP that breaks a rule; ``rule`` is the rules.md id (GEN-2)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})"


@dataclass(frozen=True)
class NipInfo:
    nip: str
    employee_type: str
    birth_date: dt.date
    gender: str  # "M" or "F"
    civil_service_start: dt.date | None  # PNS: TMT CPNS (day 1); PPPK: None
    appointment_year: int


def normalise_nip(raw: str) -> str:
    """ID-1: remove ASCII spaces only; the result is validated separately."""
    return (raw or "").replace(" ", "").strip()


def _real_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_nip(raw: str, employee_type: str | None) -> NipInfo:
    """Validate ``raw`` as the number of an employee of ``employee_type`` (ID-7)."""
    if employee_type not in ("PNS", "PPPK"):
        raise NipError("ID-7", _("Jenis pegawai harus PNS atau PPPK."))
    nip = normalise_nip(raw)
    if len(nip) == 9 and nip.isdigit():
        raise NipError(
            "ID-10", _("NIP lama 9 digit hanya dapat dicatat sebagai alias, bukan sebagai NIP.")
        )
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise NipError("ID-1", _("NIP harus terdiri dari tepat 18 angka."))
    birth = _real_date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if birth is None:
        raise NipError("ID-2", _("Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah."))
    start: dt.date | None = None
    if employee_type == "PNS":
        year, month = int(nip[8:12]), int(nip[12:14])
        if not 1 <= month <= 12:
            raise NipError("ID-3", _("Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12."))
        start = dt.date(year, month, 1) if year >= 1 else None
        if start is None or start <= birth:
            raise NipError("ID-3", _("TMT CPNS pada NIP harus sesudah tanggal lahir."))
        appointment_year = year
    else:
        appointment_year = int(nip[8:12])
        if appointment_year < birth.year:
            raise NipError(
                "ID-6", _("Tahun pengangkatan PPPK pada NIP (digit 9–12) sebelum tahun lahir.")
            )
    if nip[14] not in "12":
        raise NipError("ID-4", _("Digit jenis kelamin pada NIP (digit 15) harus 1 atau 2."))
    if nip[15:18] == "000":
        raise NipError("ID-5", _("Nomor urut pada NIP (digit 16–18) tidak boleh 000."))
    return NipInfo(
        nip=nip,
        employee_type=employee_type,
        birth_date=birth,
        gender="M" if nip[14] == "1" else "F",
        civil_service_start=start,
        appointment_year=appointment_year,
    )


def format_nip(nip: str, employee_type: str = "PNS", pppk_display: str = "UNGROUPED") -> str:
    """ID-8: PNS NIPs in 8-6-1-3 groups; NI PPPK ungrouped unless the agency chose grouping."""
    if len(nip) != 18:
        return nip
    if employee_type == "PNS" or pppk_display == "GROUPED":
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def build_nip(
    birth_date: dt.date, appointed: dt.date, gender: str, sequence: int, employee_type: str = "PNS"
) -> str:
    """Compose a valid number (demo and synthetic data). PPPK: year + "21" agreement digits."""
    middle = f"{appointed:%Y%m}" if employee_type == "PNS" else f"{appointed:%Y}21"
    return f"{birth_date:%Y%m%d}{middle}{'1' if gender == 'M' else '2'}{sequence:03d}"
