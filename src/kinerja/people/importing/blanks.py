"""Downloadable templates: one XLSX workbook with the four sheets, or one CSV per kind."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from kinerja.people.importing.columns import COLUMNS, EXAMPLES, KIND_ORDER, Kind

TEXT_FORMAT = "@"  # keeps 18-digit NIPs and codes as text when typed into the sheet
TEXT_COLUMNS = {
    "nip",
    "kode_unit",
    "kode_induk",
    "kode_jabatan",
    "kode_jabatan_atasan",
    "telepon",
    "mulai",
    "selesai",
}


def template_xlsx() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in KIND_ORDER:
        sheet = workbook.create_sheet(kind.value)
        sheet.append(list(COLUMNS[kind]))
        sheet.append(list(EXAMPLES[kind]))
        for index, column in enumerate(COLUMNS[kind], start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.cell(row=1, column=index).font = Font(bold=True)
            sheet.column_dimensions[letter].width = max(14, len(column) + 4)
            if column in TEXT_COLUMNS:
                sheet.column_dimensions[letter].number_format = TEXT_FORMAT
                sheet.cell(row=2, column=index).number_format = TEXT_FORMAT
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(kind: Kind) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS[kind])
    writer.writerow(EXAMPLES[kind])
    return buffer.getvalue()
