"""From raw cells to typed values, one row at a time (INT-8 normalisation, then per-row rules).

Only the columns present in the file are parsed: an optional column that is absent leaves the
stored value of an existing record alone. References to other records stay as codes or NIPs
here; ``validation`` resolves them against the file and the database.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kinerja.org.choices import LEVELS_BY_TYPE
from kinerja.org.grades import normalise_grade
from kinerja.people.importing import values
from kinerja.people.importing.columns import Kind
from kinerja.people.importing.reading import Sheet
from kinerja.people.importing.report import ImportReport
from kinerja.people.importing.values import CellError
from kinerja.people.nip import NipError, parse_nip


@dataclass(slots=True)
class Row:
    """One data row: its key, the parsed values of the columns present, and whether it is clean."""

    number: int
    key: Any
    values: dict[str, Any] = field(default_factory=dict)
    ok: bool = True


# column -> (model field, parser). Parsers raise CellError.
Parser = Callable[[Any], Any]

# Built once: each runs once per cell. A bounded-text closure, or a partial of Choices.code,
# saves one or two nested Python calls per cell over a lambda (900,000 cells per 100k rows).
_code = values.bounded(64)
_required_code = values.bounded(64, required=True)
_name = values.bounded(255, required=True)


def _optional_code(raw: Any) -> str | None:
    return _code(raw) or None


UNIT_COLUMNS: dict[str, tuple[str, Parser]] = {
    "kode_unit": ("code", _required_code),
    "nama_unit": ("name", _name),
    "kode_induk": ("parent", _optional_code),
    "jenis": ("kind", functools.partial(values.UNIT_KINDS.code, default="OTHER")),
    "melayani_publik": ("serves_public", lambda v: values.boolean(v, False)),
    "aktif": ("is_active", lambda v: values.boolean(v, True)),
}
POSITION_COLUMNS: dict[str, tuple[str, Parser]] = {
    "kode_jabatan": ("code", _required_code),
    "nama_jabatan": ("name", _name),
    "kode_unit": ("unit", _required_code),
    "jenis_jabatan": ("position_type", values.position_type),
    "jenjang": ("level", values.POSITION_LEVELS.code),
    "kode_jabatan_atasan": ("reports_to", _optional_code),
    "kepala_unit": ("is_unit_head", lambda v: values.boolean(v, False)),
    "pimpinan_unit_mandiri": ("independent_unit_head", lambda v: values.boolean(v, False)),
    "kelompok_pelaksana": (
        "pelaksana_group",
        functools.partial(values.PELAKSANA_GROUPS.code, default=""),
    ),
}
EMPLOYEE_COLUMNS: dict[str, tuple[str, Parser]] = {
    "nip": ("nip", values.nip),
    "jenis_pegawai": ("employee_type", values.EMPLOYEE_TYPES.code),
    "nama": ("name", values.bounded(200, required=True)),
    "gelar_depan": ("front_title", values.bounded(50)),
    "gelar_belakang": ("back_title", values.bounded(80)),
    "golongan": ("grade", values.text),  # normalised below, it depends on the employee type
    "status": ("status", functools.partial(values.EMPLOYEE_STATUSES.code, default="ACTIVE")),
    "email": ("email", values.email),
    "telepon": ("phone", values.bounded(32)),
}
ASSIGNMENT_COLUMNS: dict[str, tuple[str, Parser]] = {
    "nip": ("employee", values.nip),
    "kode_jabatan": ("position", _required_code),
    "mulai": ("start_date", lambda v: values.date(v, required=True)),
    "selesai": ("end_date", values.date),
    "jenis": ("kind", functools.partial(values.ASSIGNMENT_KINDS.code, default="DEFINITIVE")),
}
COLUMN_PARSERS: dict[Kind, dict[str, tuple[str, Parser]]] = {
    Kind.UNITS: UNIT_COLUMNS,
    Kind.POSITIONS: POSITION_COLUMNS,
    Kind.EMPLOYEES: EMPLOYEE_COLUMNS,
    Kind.ASSIGNMENTS: ASSIGNMENT_COLUMNS,
}
# The model field behind each column, to name the column in an error found on the field.
COLUMN_OF: dict[Kind, dict[str, str]] = {
    kind: {model_field: column for column, (model_field, _parser) in parsers.items()}
    for kind, parsers in COLUMN_PARSERS.items()
}


def parse_sheet(sheet: Sheet, report: ImportReport) -> list[Row]:
    """Every non-empty row of ``sheet`` with its cell errors reported.

    Parsed a column at a time (``_parse_column``): a 100,000-row file has 900,000 cells, and a
    whole column of clean text or of a few repeated codes is checked with a handful of C-level
    passes instead of one Python call per cell. A column with any doubtful cell is parsed cell by
    cell, so every bad cell is reported exactly as before.
    """
    kind = sheet.kind
    parsers = [
        (column, index, *COLUMN_PARSERS[kind][column]) for column, index in sheet.columns.items()
    ]
    finish = _FINISHERS[kind]
    width = max(sheet.columns.values()) + 1
    numbers: list[int] = []
    records: list[list[Any]] = []
    for number, cells in sheet.rows:
        if _blank(cells):
            continue
        if len(cells) < width:  # short rows: the missing cells are empty
            cells = [*cells, *([None] * (width - len(cells)))]
        numbers.append(number)
        records.append(cells)
    bad: dict[int, list[str]] = {}  # row index -> model fields of its bad cells
    fields = [model_field for _column, _index, model_field, _parser in parsers]
    columns = []
    for column, index, model_field, parser in parsers:
        parsed, errors = _parse_column([cells[index] for cells in records], parser)
        columns.append(parsed)
        for i, rule, message in errors:
            report.add(kind, numbers[i], column, rule, message)
            bad.setdefault(i, []).append(model_field)
    rows: list[Row] = []
    for i, (number, parsed) in enumerate(zip(numbers, zip(*columns, strict=True), strict=True)):
        values = dict(zip(fields, parsed, strict=True))
        failed = bad.get(i)
        if failed:
            for model_field in failed:
                del values[model_field]
        row = Row(number, None, values, not failed)
        finish(row, report, kind)
        rows.append(row)
    return rows


CellProblem = tuple[int, str, str]  # row index in the sheet, rule id, message
_BAD = object()  # stands for a cell that failed to parse; its field is dropped from the row


def _parse_column(cells: list[Any], parser: Parser) -> tuple[list[Any], list[CellProblem]]:
    """``[parser(cell) for cell in cells]`` and (index, rule, message) of each bad cell, whose
    value is ``_BAD``. Only the text of an error is kept: the exception itself would keep its
    traceback, and the cycles of the validator behind it, alive until the column is reported.

    Two shortcuts give the same values when every cell is clean: a parser's own ``many`` (clean
    text columns), and for text columns of few distinct spellings (codes, yes/no, dates of a
    batch) one call per spelling. Otherwise, or when a shortcut meets a doubtful cell, one call
    per cell. Parsers are pure functions of the cell, so the results are the same.
    """
    many = getattr(parser, "many", None)
    if many is not None:
        result = many(cells)
        if result is not None:
            return result, []
    if cells and set(map(type, cells)) <= _TEXT_TYPES:  # True == 1 would merge in a set
        distinct = set(cells)
        if len(distinct) * 8 <= len(cells):
            by_cell = {}
            try:
                for cell in distinct:
                    by_cell[cell] = parser(cell)
            except CellError:
                pass  # one by one below, to report every bad cell with its row
            else:
                return list(map(by_cell.__getitem__, cells)), []
    result: list[Any] = []
    errors: list[CellProblem] = []
    for index, cell in enumerate(cells):
        try:
            result.append(parser(cell))
        except CellError as error:
            errors.append((index, error.rule, error.message))
            result.append(_BAD)
    return result, errors


_TEXT_TYPES = {str, type(None)}


def _blank(cells: list[Any]) -> bool:
    first = cells[0] if cells else None
    if first is not None and (not isinstance(first, str) or first.strip()):
        return False  # the usual case, decided by the first cell
    return not any(cell is not None and str(cell).strip() for cell in cells)


def _finish_unit(row: Row, report: ImportReport, kind: Kind) -> None:
    row.key = row.values.get("code")


def _finish_position(row: Row, report: ImportReport, kind: Kind) -> None:
    row.key = row.values.get("code")
    position_type, level = row.values.get("position_type"), row.values.get("level")
    if position_type and level and level not in LEVELS_BY_TYPE.get(position_type, ()):
        _fail(
            row,
            report,
            kind,
            "jenjang",
            "REF-13",
            _("Jenjang %(level)s tidak sesuai dengan jenis jabatan %(type)s.")
            % {"level": level, "type": position_type},
        )


def _finish_employee(row: Row, report: ImportReport, kind: Kind) -> None:
    parsed = row.values
    nip, employee_type = parsed.get("nip"), parsed.get("employee_type")
    if nip is not None and employee_type is not None:
        try:
            info = parse_nip(nip, employee_type)
        except NipError as error:
            _fail(
                row,
                report,
                kind,
                "nip" if error.rule != "ID-7" else "jenis_pegawai",
                error.rule,
                error.message,
            )
            parsed.pop("nip")  # not a usable key: no "duplicate" or "unknown" echoes
        else:
            parsed["nip"] = info.nip
            parsed["birth_date"] = info.birth_date
            parsed["gender"] = info.gender
            parsed["civil_service_start"] = info.civil_service_start
    row.key = parsed.get("nip")
    if "grade" in parsed and employee_type is not None:
        raw = parsed["grade"]
        parsed["grade"] = _grade(raw, employee_type, row, report, kind) if raw else None


def _grade(raw: str, employee_type: str, row: Row, report: ImportReport, kind: Kind) -> str | None:
    """REF-11 / REF-12 after INT-8: the canonical code for the type (a cached lookup: a file
    repeats a handful of grades), else a precise error."""
    code = _normalised_grade(raw, employee_type)
    if code is not None:
        return code
    other = "PPPK" if employee_type == "PNS" else "PNS"
    other_code = _normalised_grade(raw, other)
    if other_code is not None:
        _fail(
            row,
            report,
            kind,
            "golongan",
            "REF-12",
            _("Golongan %(grade)s tidak berlaku untuk pegawai %(type)s.")
            % {"grade": other_code, "type": employee_type},
        )
    else:
        rule = "REF-11" if employee_type == "PNS" else "REF-12"
        _fail(
            row,
            report,
            kind,
            "golongan",
            rule,
            _('Golongan "%(value)s" tidak dikenal.') % {"value": raw},
        )
    return None


@functools.lru_cache(maxsize=512)
def _normalised_grade(raw: str, employee_type: str) -> str | None:
    return normalise_grade(raw, employee_type)


def _finish_assignment(row: Row, report: ImportReport, kind: Kind) -> None:
    start, end = row.values.get("start_date"), row.values.get("end_date")
    if start is not None and end is not None and end < start:
        _fail(row, report, kind, "selesai", "ORG-5", _("Tanggal selesai sebelum tanggal mulai."))
    row.key = (row.values.get("employee"), row.values.get("position"), start)


def _fail(row: Row, report: ImportReport, kind: Kind, column: str, rule: str, message: str) -> None:
    report.add(kind, row.number, column, rule, message)
    row.ok = False


_FINISHERS: dict[Kind, Callable[[Row, ImportReport, Kind], None]] = {
    Kind.UNITS: _finish_unit,
    Kind.POSITIONS: _finish_position,
    Kind.EMPLOYEES: _finish_employee,
    Kind.ASSIGNMENTS: _finish_assignment,
}
