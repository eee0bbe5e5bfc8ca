"""The four import kinds, their Indonesian column headers and how a header row is recognised."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum


class Kind(StrEnum):
    """One kind of record per CSV file or per XLSX sheet; the value is the sheet name."""

    UNITS = "unit_kerja"
    POSITIONS = "jabatan"
    EMPLOYEES = "pegawai"
    ASSIGNMENTS = "penugasan"


# Processing order: a later kind may refer to an earlier one in the same workbook.
KIND_ORDER: tuple[Kind, ...] = (Kind.UNITS, Kind.POSITIONS, Kind.EMPLOYEES, Kind.ASSIGNMENTS)

COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.UNITS: ("kode_unit", "nama_unit", "kode_induk", "jenis", "melayani_publik", "aktif"),
    Kind.POSITIONS: (
        "kode_jabatan",
        "nama_jabatan",
        "kode_unit",
        "jenis_jabatan",
        "jenjang",
        "kode_jabatan_atasan",
        "kepala_unit",
        "pimpinan_unit_mandiri",
        "kelompok_pelaksana",
    ),
    Kind.EMPLOYEES: (
        "nip",
        "jenis_pegawai",
        "nama",
        "gelar_depan",
        "gelar_belakang",
        "golongan",
        "status",
        "email",
        "telepon",
    ),
    Kind.ASSIGNMENTS: ("nip", "kode_jabatan", "mulai", "selesai", "jenis"),
}

# A file without one of these columns cannot be read at all; other columns are optional and,
# when absent, leave the stored value of an existing record alone.
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.UNITS: ("kode_unit", "nama_unit"),
    Kind.POSITIONS: ("kode_jabatan", "nama_jabatan", "kode_unit", "jenis_jabatan", "jenjang"),
    Kind.EMPLOYEES: ("nip", "jenis_pegawai", "nama"),
    Kind.ASSIGNMENTS: ("nip", "kode_jabatan", "mulai"),
}

# One consistent example per kind: the template file imports cleanly as it is.
EXAMPLES: dict[Kind, tuple[str, ...]] = {
    Kind.UNITS: ("DISDIK", "Dinas Pendidikan", "", "Dinas", "ya", "ya"),
    Kind.POSITIONS: (
        "DISDIK-KADIS",
        "Kepala Dinas Pendidikan",
        "DISDIK",
        "JPT",
        "Pratama",
        "",
        "ya",
        "tidak",
        "",
    ),
    Kind.EMPLOYEES: (
        "198609262015051001",
        "PNS",
        "Budi Santoso",
        "Dr.",
        "S.Pd., M.Pd.",
        "IV/b",
        "Aktif",
        "budi.santoso@example.go.id",
        "081234567890",
    ),
    Kind.ASSIGNMENTS: ("198609262015051001", "DISDIK-KADIS", "2024-01-02", "", "Definitif"),
}

_SEPARATORS = re.compile(r"[\s\-.]+")


def header_key(raw: object) -> str:
    """'Kode Unit ', 'KODE-UNIT' and 'kode_unit' are the same column."""
    text = str(raw or "").replace("\ufeff", "").strip().casefold()
    return _SEPARATORS.sub("_", text).strip("_")


def detect_kind(headers: Iterable[str]) -> Kind | None:
    """The kind whose columns best match ``headers`` (already normalised), or None."""
    present = set(headers)
    best: Kind | None = None
    best_score = 0
    for kind in KIND_ORDER:
        score = len(present & set(COLUMNS[kind]))
        # A kind counts only when its identifying columns are there (all but one required).
        if len(present & set(REQUIRED[kind])) < len(REQUIRED[kind]) - 1:
            continue
        if score > best_score:
            best, best_score = kind, score
    return best if best_score >= 2 else None


def kind_from_sheet_name(name: str) -> Kind | None:
    key = header_key(name)
    for kind in KIND_ORDER:
        if key == kind.value:
            return kind
    return None
