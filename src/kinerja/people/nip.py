"""NIP and NI PPPK validation (rules.md Section 2: ID-1 to ID-7, ID-10).

Pure functions, no ORM: the form, the import and the API all call ``parse_nip``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import NamedTuple

from django.utils.translation import gettext as _


class NipError(ValueError):
    """A NIP that breaks a rule; ``rule`` is the rules.md id (GEN-2)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})"


class NipInfo(NamedTuple):
    """What a valid number says (immutable; a tuple, so that 10^5 of them build quickly)."""

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


# A file of 10^5 people holds a few thousand birth dates and a few hundred TMT months: each
# digit group is turned into a date once (bounded: at most every day of two centuries).
@functools.lru_cache(maxsize=80_000)
def _birth_date(digits: str) -> dt.date | None:
    """ "YYYYMMDD" → the date, None when it is not one."""
    return _real_date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))


@functools.lru_cache(maxsize=80_000)
def _civil_service_month(digits: str) -> dt.date | None:
    """ "YYYYMM" → the first day of that month; None when the month is not 01–12 or year 0."""
    year, month = int(digits[0:4]), int(digits[4:6])
    if not 1 <= month <= 12 or year < 1:
        return None
    return dt.date(year, month, 1)


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
    birth = _birth_date(nip[0:8])
    if birth is None:
        raise NipError("ID-2", _("Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah."))
    start: dt.date | None = None
    if employee_type == "PNS":
        if not 1 <= int(nip[12:14]) <= 12:
            raise NipError("ID-3", _("Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12."))
        start = _civil_service_month(nip[8:14])
        if start is None or start <= birth:
            raise NipError("ID-3", _("TMT CPNS pada NIP harus sesudah tanggal lahir."))
        appointment_year = start.year
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


def age_at_appointment(birth_date: dt.date, civil_service_start: dt.date | None) -> int | None:
    """Whole years between birth and TMT CPNS (PNS only; an NI PPPK carries no TMT)."""
    start, birth = civil_service_start, birth_date
    if start is None:
        return None
    return start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))


def check_appointment_age(
    birth_date: dt.date, civil_service_start: dt.date | None, min_age: int | None
) -> None:
    """ID-3: the agency's minimum age at appointment, when it set one (default: no check)."""
    if min_age is None:
        return
    age = age_at_appointment(birth_date, civil_service_start)
    if age is not None and age < min_age:
        raise NipError(
            "ID-3",
            _(
                "Menurut NIP, pegawai berusia %(age)s tahun pada TMT CPNS; instansi mensyaratkan "
                "paling sedikit %(min)s tahun."
            )
            % {"age": age, "min": min_age},
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
