"""Spreadsheet exports: every plan of a unit (one row per indicator, plus a plan summary) and the
workbook of one JA/JF plan with the official tab names (DOC-12).

INT-7: exports carry the internal ids, the external id and the NIP; NIPs are text so that all 18
digits survive; enumerations are written as the code plus the Indonesian label; dates are ISO 8601.
The unit export streams with openpyxl's write-only mode, a constant number of queries for any size.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kinerja.core.errors import rule_error
from kinerja.planning.choices import (
    Approach,
    Aspect,
    Perspective,
    PlanFamily,
    PlanStatus,
    WorkResultKind,
)
from kinerja.planning.documents.context import PlanDocument, assigned_suffix
from kinerja.planning.documents.formatting import target_id
from kinerja.planning.models import Indicator, PerformancePlan, WorkResult

# DOC-12: the tabs of the official JA/JF workbook, in this order.
JA_JF_TABS: tuple[str, ...] = (
    "SKP JA JF",
    "LAMP SKP",
    "EV. KINERJA",
    "DOK. EV.",
    "KUADRAN",
    "POLA DIST.",
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _label(choices: Any, code: str) -> str:
    """The Indonesian label whatever the user's language (INT-7: code plus Indonesian label)."""
    if not code:
        return ""
    with translation.override("id"):
        return str(dict(choices.choices).get(code, ""))


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def _text_cell(sheet: Any, value: str) -> WriteOnlyCell:
    """A NIP or an id-like value as text (INT-7): never a number, so no digit is lost."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "@"
    return cell


def _bold(sheet: Any, values: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _indicator_headings() -> list[str]:
    return [
        _("ID SKP"),
        _("ID pegawai"),
        _("ID eksternal pegawai"),
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit Kerja"),
        _("Status (kode)"),
        _("Status"),
        _("Jenis SKP (kode)"),
        _("Jenis SKP"),
        _("Pendekatan (kode)"),
        _("Pendekatan"),
        _("Versi"),
        _("ID RHK"),
        _("Jenis RHK (kode)"),
        _("Jenis RHK"),
        _("RHK pimpinan yang diintervensi"),
        _("Rencana hasil kerja"),
        _("ID indikator"),
        _("Aspek (kode)"),
        _("Aspek"),
        _("Perspektif (kode)"),
        _("Perspektif"),
        _("Indikator kinerja individu"),
        _("Jenis target (kode)"),
        _("Target"),
        _("Target minimum"),
        _("Target maksimum"),
        _("Satuan"),
        _("Target naratif"),
        _("Target (tercetak)"),
    ]


def _summary_headings() -> list[str]:
    return [
        _("ID SKP"),
        _("ID pegawai"),
        _("ID eksternal pegawai"),
        _("NIP"),
        _("Nama"),
        _("Jabatan"),
        _("Unit Kerja"),
        _("Status (kode)"),
        _("Status"),
        _("Jenis SKP (kode)"),
        _("Jenis SKP"),
        _("Pendekatan (kode)"),
        _("Pendekatan"),
        _("Versi"),
        _("Awal periode"),
        _("Akhir periode"),
        _("NIP pejabat penilai"),
        _("Nama pejabat penilai"),
        _("Jumlah RHK utama"),
        _("Jumlah RHK tambahan"),
        _("Jumlah indikator"),
        _("Diajukan pada"),
        _("Disetujui pada"),
    ]


PLAN_FIELDS = (
    "id",
    "employee_id",
    "employee__external_id",
    "employee__nip",
    "employee__name",
    "employee__front_title",
    "employee__back_title",
    "position__name",
    "position__unit__name",
    "status",
    "family",
    "approach",
    "version",
    "period_start",
    "period_end",
    "appraiser__nip",
    "appraiser__name",
    "appraiser_official__nip",
    "appraiser_official__name",
    "submitted_at",
    "approved_at",
)


def _full_name(row: dict[str, Any]) -> str:
    name = f"{row['employee__front_title']} {row['employee__name']}".strip()
    back = row["employee__back_title"]
    return f"{name}, {back}" if back else name


def _plan_cells(sheet: Any, plan: dict[str, Any]) -> list[Any]:
    return [
        plan["id"],
        plan["employee_id"],
        _text_cell(sheet, plan["employee__external_id"] or ""),
        _text_cell(sheet, plan["employee__nip"]),
        _full_name(plan),
        plan["position__name"],
        plan["position__unit__name"],
        plan["status"],
        _label(PlanStatus, plan["status"]),
        plan["family"],
        _label(PlanFamily, plan["family"]),
        plan["approach"],
        _label(Approach, plan["approach"]),
        plan["version"],
    ]


def _results_by_plan(plans: QuerySet[PerformancePlan]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        WorkResult.objects.filter(plan__in=plans)
        .order_by("plan_id", "kind", "order", "id")
        .values(
            "id",
            "plan_id",
            "kind",
            "text",
            "assigned_by",
            "supports__text",
            "supports__assigned_by",
        )
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["plan_id"]].append(row)
    return found


def _indicators_by_result(plans: QuerySet[PerformancePlan]) -> dict[int, list[dict[str, Any]]]:
    rows = (
        Indicator.objects.filter(work_result__plan__in=plans)
        .order_by("work_result_id", "order", "id")
        .values(
            "id",
            "work_result_id",
            "text",
            "aspect",
            "perspective",
            "target_kind",
            "target_value",
            "target_min",
            "target_max",
            "target_unit",
            "target_text",
        )
    )
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["work_result_id"]].append(row)
    return found


def _indicator_cells(indicator: dict[str, Any] | None) -> list[Any]:
    if indicator is None:
        return [None, "", "", "", "", "", "", None, None, None, "", "", ""]
    kind = indicator["target_kind"]
    return [
        indicator["id"],
        indicator["aspect"],
        _label(Aspect, indicator["aspect"]),
        indicator["perspective"],
        _label(Perspective, indicator["perspective"]),
        indicator["text"],
        kind,
        indicator["target_value"],
        indicator["target_min"],
        indicator["target_max"],
        indicator["target_unit"],
        indicator["target_text"],
        target_id(
            kind,
            value=indicator["target_value"],
            minimum=indicator["target_min"],
            maximum=indicator["target_max"],
            unit=indicator["target_unit"],
            text=indicator["target_text"],
        ),
    ]


def _indicator_rows(
    sheet: Any,
    plans: list[dict[str, Any]],
    results: dict[int, list[dict[str, Any]]],
    indicators: dict[int, list[dict[str, Any]]],
) -> Iterator[list[Any]]:
    """One row per indicator; a plan without results, or a result without indicators, still
    gets one row so that no plan disappears from the export."""
    for plan in plans:
        plan_results = results.get(plan["id"]) or [None]
        for result in plan_results:
            if result is None:
                yield [*_plan_cells(sheet, plan), None, "", "", "", "", *_indicator_cells(None)]
                continue
            supports = (
                assigned_suffix(result["supports__text"], result["supports__assigned_by"] or "")
                if result["supports__text"]
                else ""
            )
            result_cells = [
                result["id"],
                result["kind"],
                _label(WorkResultKind, result["kind"]),
                supports,
                assigned_suffix(result["text"], result["assigned_by"]),
            ]
            for indicator in indicators.get(result["id"]) or [None]:
                yield [*_plan_cells(sheet, plan), *result_cells, *_indicator_cells(indicator)]


def _summary_rows(
    sheet: Any,
    plans: list[dict[str, Any]],
    results: dict[int, list[dict[str, Any]]],
    indicators: dict[int, list[dict[str, Any]]],
) -> Iterator[list[Any]]:
    for plan in plans:
        plan_results = results.get(plan["id"], [])
        appraiser_nip = plan["appraiser__nip"] or plan["appraiser_official__nip"] or ""
        yield [
            *_plan_cells(sheet, plan),
            _iso(plan["period_start"]),
            _iso(plan["period_end"]),
            _text_cell(sheet, appraiser_nip),
            plan["appraiser__name"] or plan["appraiser_official__name"] or "",
            sum(1 for r in plan_results if r["kind"] == WorkResultKind.MAIN),
            sum(1 for r in plan_results if r["kind"] == WorkResultKind.ADDITIONAL),
            sum(len(indicators.get(r["id"], [])) for r in plan_results),
            _iso(plan["submitted_at"]),
            _iso(plan["approved_at"]),
        ]


def unit_plans_xlsx(plans: QuerySet[PerformancePlan]) -> bytes:
    """All ``plans`` (already scoped by the caller): sheet 1 per indicator, sheet 2 per plan."""
    plan_rows = list(
        plans.order_by("position__unit__path", "employee__name", "employee__nip", "version").values(
            *PLAN_FIELDS
        )
    )
    results = _results_by_plan(plans)
    indicators = _indicators_by_result(plans)
    workbook = Workbook(write_only=True)
    detail = workbook.create_sheet(_("SKP per indikator"))
    detail.freeze_panes = "F2"
    detail.append(_bold(detail, _indicator_headings()))
    for row in _indicator_rows(detail, plan_rows, results, indicators):
        detail.append(row)
    summary = workbook.create_sheet(_("Ringkasan SKP"))
    summary.freeze_panes = "F2"
    summary.append(_bold(summary, _summary_headings()))
    for row in _summary_rows(summary, plan_rows, results, indicators):
        summary.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# One JA/JF plan, in the layout of the official workbook --------------------------------------

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WIDTHS = (6, 38, 38, 12, 38, 18)


class _Writer:
    """Writes rows down a normal (not write-only) sheet: merges and borders need random access."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 1
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def line(self, text: str, *, bold: bool = False, centre: bool = False) -> None:
        cell = self.sheet.cell(self.row, 1, text)
        cell.font = Font(bold=bold)
        cell.alignment = CENTRE if centre else Alignment(vertical="top")
        self.sheet.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=6)
        self.row += 1

    def skip(self) -> None:
        self.row += 1

    def put(
        self, column: int, value: Any, *, head: bool = False, rows: int = 1, to_column: int = 0
    ) -> None:
        cell = self.sheet.cell(self.row, column, value)
        cell.border = BOX
        cell.alignment = CENTRE if head else WRAP
        if head:
            cell.font = Font(bold=True)
            cell.fill = HEAD_FILL
        last_column = to_column or column
        if rows > 1 or last_column > column:
            self.sheet.merge_cells(
                start_row=self.row,
                start_column=column,
                end_row=self.row + rows - 1,
                end_column=last_column,
            )
            for r in range(self.row, self.row + rows):
                for c in range(column, last_column + 1):
                    self.sheet.cell(r, c).border = BOX

    def text(self, column: int, value: str) -> None:
        """A value kept as text (a NIP), bordered."""
        self.put(column, value)
        self.sheet.cell(self.row, column).number_format = "@"


def _header(writer: _Writer, doc: PlanDocument, title: str, subtitle: str) -> None:
    writer.line(title, bold=True, centre=True)
    if subtitle:
        writer.line(subtitle, bold=True, centre=True)
    writer.skip()
    writer.line(doc.agency_name, bold=True)
    writer.line(f"{doc.period_label}: {doc.period}")
    writer.skip()
    writer.put(1, "NO", head=True)
    writer.put(2, doc.employee_block.upper(), head=True)
    writer.put(3, "", head=True)
    writer.put(4, "NO", head=True)
    writer.put(5, doc.appraiser_block.upper(), head=True, to_column=6)
    writer.row += 1
    for number, (mine, theirs) in enumerate(
        zip(doc.employee.rows(), doc.appraiser.rows(), strict=True), start=1
    ):
        writer.put(1, number)
        writer.put(2, mine[0])
        (writer.text if mine[0] == "NIP" else writer.put)(3, mine[1])
        writer.put(4, number)
        writer.put(5, theirs[0])
        (writer.text if theirs[0] == "NIP" else writer.put)(6, theirs[1])
        writer.row += 1
    writer.skip()


def _signatures(writer: _Writer, doc: PlanDocument) -> None:
    """DOC-8: only on an APPROVED plan."""
    if not doc.is_final:
        return
    writer.skip()
    sheet = writer.sheet
    sheet.cell(writer.row, 5, doc.place_and_date)
    writer.row += 1
    sheet.cell(writer.row, 2, doc.employee_block)
    sheet.cell(writer.row, 5, doc.appraiser_block)
    writer.row += 4
    sheet.cell(writer.row, 2, doc.employee.name).font = Font(bold=True, underline="single")
    sheet.cell(writer.row, 5, doc.appraiser.name).font = Font(bold=True, underline="single")
    writer.row += 1
    if doc.employee.nip:
        sheet.cell(writer.row, 2, f"NIP. {doc.employee.nip}")
    if doc.appraiser.nip:
        sheet.cell(writer.row, 5, f"NIP. {doc.appraiser.nip}")
    writer.row += 1


def _skp_sheet(writer: _Writer, doc: PlanDocument) -> None:
    _header(writer, doc, doc.title, doc.subtitle)
    if doc.watermark:
        writer.line(doc.watermark, bold=True, centre=True)
    for column, heading in enumerate(doc.columns, start=1):
        writer.put(column, heading, head=True)
    writer.row += 1
    for group in doc.groups:
        if group.heading:
            writer.put(1, group.heading, to_column=6)
            writer.sheet.cell(writer.row, 1).font = Font(bold=True)
            writer.row += 1
        for result in group.results:
            span = result.rowspan
            writer.put(1, result.number, rows=span)
            writer.put(2, result.supports, rows=span)
            writer.put(3, result.text, rows=span)
            for indicator in result.indicators or [None]:
                writer.put(4, indicator.aspect if indicator else "")
                writer.put(5, indicator.text if indicator else "")
                writer.put(6, indicator.target if indicator else "")
                writer.row += 1
    writer.skip()
    writer.put(1, doc.behaviour_columns[0], head=True)
    writer.put(2, doc.behaviour_columns[1], head=True, to_column=5)
    writer.put(6, doc.behaviour_columns[2], head=True)
    writer.row += 1
    for behaviour in doc.behaviours:
        guides = "\n".join(f"- {guide}" for guide in behaviour.guide_behaviours)
        writer.put(1, behaviour.number)
        writer.put(2, f"{behaviour.value}\n{guides}", to_column=5)
        writer.put(6, behaviour.expectation)
        writer.sheet.row_dimensions[writer.row].height = 60
        writer.row += 1
    _signatures(writer, doc)


def _annex_sheet(writer: _Writer, doc: PlanDocument) -> None:
    _header(writer, doc, doc.annex_title, "")
    for section in doc.annex:
        cell = writer.sheet.cell(writer.row, 1, section.heading)
        cell.font = Font(bold=True)
        writer.row += 1
        for number, item in enumerate(section.items, start=1):
            writer.sheet.cell(writer.row, 1, number)
            writer.sheet.cell(writer.row, 2, item).alignment = WRAP
            writer.sheet.merge_cells(
                start_row=writer.row, start_column=2, end_row=writer.row, end_column=6
            )
            writer.row += 1
        writer.skip()
    _signatures(writer, doc)


def plan_xlsx(doc: PlanDocument) -> bytes:
    """DOC-12: the JA/JF workbook with its six tabs; ``SKP JA JF`` and ``LAMP SKP`` are filled."""
    if doc.family != PlanFamily.JA_JF:
        raise rule_error(
            "DOC-12",
            _(
                "Nama lembar kerja untuk SKP JPT belum ditetapkan dalam sumber; ekspor lembar "
                "kerja hanya tersedia untuk SKP JA/JF. Gunakan PDF."
            ),
        )
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [workbook.create_sheet(name) for name in JA_JF_TABS]
    _skp_sheet(_Writer(sheets[0]), doc)
    _annex_sheet(_Writer(sheets[1]), doc)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
