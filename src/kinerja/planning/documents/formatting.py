"""How values are written on the official documents: Indonesian dates and numbers, targets, NIPs.

Pure functions, no ORM. The printed forms are Indonesian whatever the UI language (DOC-1), so the
month names are constants, not translations.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kinerja.people.nip import format_nip

MONTHS_ID: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date_id(day: dt.date) -> str:
    """``31 Desember 2026``: day with two digits, Indonesian month name, year."""
    return f"{day.day:02d} {MONTHS_ID[day.month - 1]} {day.year}"


def period_id(start: dt.date, end: dt.date) -> str:
    """DOC-3 ``Periode Penilaian``: ``01 Januari sd 31 Desember 2026``."""
    if start.year == end.year:
        return f"{start.day:02d} {MONTHS_ID[start.month - 1]} sd {date_id(end)}"
    return f"{date_id(start)} sd {date_id(end)}"


def number_id(value: Decimal | int | float | None) -> str:
    """A decimal in Indonesian notation, without trailing zeros: 1500 -> "1.500", 2.50 -> "2,5"."""
    if value is None:
        return ""
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    text = f"{number.normalize():f}"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _sep, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    printed = ".".join(groups)
    return f"{sign}{printed},{fraction}" if fraction else f"{sign}{printed}"


def target_id(
    kind: str,
    *,
    value: Decimal | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    unit: str = "",
    text: str = "",
) -> str:
    """PLAN-13 target as printed: NUMBER "2 Dokumen", RANGE "80 – 100 %", TEXT as written."""
    unit = (unit or "").strip()
    if kind == "TEXT":
        return (text or "").strip()
    if kind == "RANGE":
        printed = f"{number_id(minimum)} – {number_id(maximum)}"
    else:
        printed = number_id(value)
    return f"{printed} {unit}".strip() if printed else ""


def nip_id(nip: str | None, employee_type: str = "PNS", pppk_display: str = "UNGROUPED") -> str:
    """ID-8: a PNS NIP in 8-6-1-3 groups, in full; never shortened or padded (DOC-1)."""
    if not nip:
        return ""
    if " " in nip:  # already grouped (a snapshot may store the display form)
        return nip
    return format_nip(nip, employee_type or "PNS", pppk_display)
