"""Reading an uploaded CSV or XLSX file into sheets of raw rows, streaming.

CSV is read with the csv module (UTF-8, comma, semicolon or tab), XLSX with openpyxl in read-only
mode. Cells keep their Python type (XLSX numbers and dates stay numbers and dates) so that the
normalisers can tell a NIP that Excel turned into a number from one typed as text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kinerja.people.importing.columns import (
    COLUMNS,
    KIND_ORDER,
    REQUIRED,
    Kind,
    detect_kind,
    header_key,
    kind_from_sheet_name,
)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
CSV_DELIMITERS = ",;\t"


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (type, encoding, empty, missing column)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="import_file")


@dataclass
class Sheet:
    """One kind of record: its column positions and an iterator of (row number, cells)."""

    kind: Kind
    name: str
    columns: dict[str, int]  # normalised header -> index
    rows: Iterator[tuple[int, list[Any]]] = field(repr=False)

    def has(self, column: str) -> bool:
        return column in self.columns


def file_format(head: bytes, filename: str) -> str:
    """'csv' or 'xlsx', from the first bytes (the name only breaks ties)."""
    suffix = Path(filename or "").suffix.lower()
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC) or suffix == ".xls":
        raise ImportFileError(
            _("Berkas .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx atau CSV UTF-8.")
        )
    if suffix in ("", ".csv", ".txt") and b"\x00" not in head:
        return "csv"
    raise ImportFileError(_("Jenis berkas tidak didukung. Unggah berkas .csv atau .xlsx."))


def read_sheets(stream: IO[bytes], filename: str) -> list[Sheet]:
    """Open ``stream`` and return its sheets in processing order (units first)."""
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise ImportFileError(_("Berkas kosong."))
    is_xlsx = file_format(head, filename) == "xlsx"
    sheets = _xlsx_sheets(stream) if is_xlsx else [_csv_sheet(stream)]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return sorted(sheets, key=lambda sheet: order[sheet.kind])


def _header_columns(
    raw_header: list[Any], sheet_label: str, kind: Kind | None
) -> tuple[Kind, dict[str, int]]:
    keys = [header_key(value) for value in raw_header]
    columns: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key and key not in columns:
            columns[key] = index
    kind = kind or detect_kind(columns)
    if kind is None:
        expected = "; ".join(f"{k.value}: {', '.join(COLUMNS[k])}" for k in KIND_ORDER)
        raise ImportFileError(
            _("Baris judul %(sheet)s tidak dikenali. Kolom yang diharapkan — %(expected)s.")
            % {"sheet": sheet_label, "expected": expected}
        )
    missing = [column for column in REQUIRED[kind] if column not in columns]
    if missing:
        raise ImportFileError(
            _("Kolom wajib tidak ada pada %(sheet)s (%(kind)s): %(columns)s.")
            % {"sheet": sheet_label, "kind": kind.value, "columns": ", ".join(missing)}
        )
    return kind, {key: index for key, index in columns.items() if key in COLUMNS[kind]}


def _csv_sheet(stream: IO[bytes]) -> Sheet:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError as error:
        raise _encoding_error() from error
    if not first.strip():
        raise ImportFileError(_("Berkas kosong: baris judul tidak ditemukan."))
    delimiter = max(CSV_DELIMITERS, key=first.count)
    header = next(csv.reader([first], delimiter=delimiter))
    kind, columns = _header_columns(header, _("berkas CSV"), None)
    return Sheet(kind=kind, name=kind.value, columns=columns, rows=_csv_rows(text, delimiter))


def _csv_rows(text: io.TextIOWrapper, delimiter: str) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for cells in reader:
            # Row 1 is the header, so the first data row is row 2, as in a spreadsheet.
            yield reader.line_num + 1, cells
    except UnicodeDecodeError as error:
        raise _encoding_error() from error
    except csv.Error as error:
        raise ImportFileError(
            _("Berkas CSV rusak pada baris %(row)s: %(error)s")
            % {"row": reader.line_num + 1, "error": error}
        ) from error


def _encoding_error() -> ImportFileError:
    return ImportFileError(
        _(
            "Berkas CSV harus berenkode UTF-8. Di Excel pilih Simpan Sebagai → "
            '"CSV UTF-8 (dipisahkan koma)".'
        )
    )


def _xlsx_sheets(stream: IO[bytes]) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(
            _("Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).")
        ) from error
    sheets: list[Sheet] = []
    seen: set[Kind] = set()
    for worksheet in workbook.worksheets:
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or not any(value not in (None, "") for value in header):
            continue
        label = _("lembar %(name)s") % {"name": worksheet.title}
        kind, columns = _header_columns(list(header), label, kind_from_sheet_name(worksheet.title))
        if kind in seen:
            raise ImportFileError(
                _("Lembar untuk %(kind)s ada lebih dari satu.") % {"kind": kind.value}
            )
        seen.add(kind)
        sheets.append(
            Sheet(kind=kind, name=worksheet.title, columns=columns, rows=_xlsx_rows(rows))
        )
    if not sheets:
        raise ImportFileError(_("Berkas XLSX tidak berisi lembar data yang dikenali."))
    return sheets


def _xlsx_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[Any]]]:
    for number, cells in enumerate(rows, start=2):
        yield number, list(cells)
