"""The data printed on the SKP and its annex (DOC-1..DOC-8, DOC-12, DOC-13), built from the plan's
stored data: the PLAN-5 header snapshot once the plan is approved, the current master data for a
draft print (which is watermarked and carries no signature block, DOC-8).

Titles, headings and labels of the official forms are printed exactly as rules.md gives them, in
Indonesian whatever the UI language, so they are constants here and not translated strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.errors import rule_error
from kinerja.org.config import agency_setting
from kinerja.planning.choices import (
    CORE_VALUE_BY_CODE,
    AnnexSection,
    PlanFamily,
    PlanStatus,
    WorkResultKind,
)
from kinerja.planning.documents.formatting import date_id, nip_id, period_id, target_id
from kinerja.planning.models import Indicator, PerformancePlan, WorkResult
from kinerja.planning.services.transitions import build_header_snapshot

TITLE = "SASARAN KINERJA PEGAWAI"
ANNEX_TITLE = "LAMPIRAN SASARAN KINERJA PEGAWAI"
# DOC-2: (family, approach) -> subtitle.
SUBTITLES: dict[tuple[str, str], str] = {
    ("JPT", "QUANTITATIVE"): "PENDEKATAN HASIL KERJA KUANTITATIF BAGI PEJABAT PIMPINAN TINGGI DAN "
    "PIMPINAN UNIT KERJA MANDIRI",
    ("JPT", "QUALITATIVE"): "PENDEKATAN HASIL KERJA KUALITATIF BAGI PEJABAT PIMPINAN TINGGI DAN "
    "PIMPINAN UNIT KERJA MANDIRI",
    ("JA_JF", "QUANTITATIVE"): "PENDEKATAN HASIL KERJA KUANTITATIF BAGI PEJABAT ADMINISTRASI DAN "
    "PEJABAT FUNGSIONAL",
    ("JA_JF", "QUALITATIVE"): "PENDEKATAN HASIL KERJA KUALITATIF BAGI PEJABAT ADMINISTRASI DAN "
    "PEJABAT FUNGSIONAL",
}
# DOC-4 / DOC-5 column headings.
JPT_COLUMNS: tuple[str, ...] = (
    "(1) NO",
    "(2) RENCANA HASIL KERJA",
    "(3) INDIKATOR KINERJA INDIVIDU",
    "(4) TARGET",
    "(5) PERSPEKTIF",
)
JA_JF_COLUMNS: tuple[str, ...] = (
    "(1) NO",
    "(2) RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
    "(3) RENCANA HASIL KERJA",
    "(4) ASPEK",
    "(5) INDIKATOR KINERJA INDIVIDU",
    "(6) TARGET",
)
BEHAVIOUR_COLUMNS: tuple[str, ...] = ("NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN")
GROUP_HEADINGS: dict[str, str] = {"MAIN": "A. UTAMA", "ADDITIONAL": "B. TAMBAHAN"}
HEADER_ROWS: tuple[tuple[str, str], ...] = (
    ("name", "Nama"),
    ("nip", "NIP"),
    ("grade", "Pangkat/Gol. Ruang"),
    ("position", "Jabatan"),
    ("unit", "Unit Kerja"),
)
EMPLOYEE_BLOCK = "Pegawai yang Dinilai"
APPRAISER_BLOCK = "Pejabat Penilai Kinerja"
PERIOD_LABEL = "Periode Penilaian"
# DOC-7 / REF-18, in this order.
ANNEX_HEADINGS: tuple[tuple[str, str], ...] = (
    (AnnexSection.RESOURCE_SUPPORT.value, "Dukungan Sumber Daya"),
    (AnnexSection.ACCOUNTABILITY_SCHEME.value, "Skema Pertanggungjawaban"),
    (AnnexSection.CONSEQUENCES.value, "Konsekuensi"),
)
ASPECT_LABELS: dict[str, str] = {
    "QUANTITY": "Kuantitas",
    "QUALITY": "Kualitas",
    "TIME": "Waktu",
    "COST": "Biaya",
}
PERSPECTIVE_LABELS: dict[str, str] = {
    "PENERIMA_LAYANAN": "Penerima Layanan",
    "PENGUATAN_INTERNAL": "Penguatan Internal",
    "PROSES_BISNIS": "Proses Bisnis",
    "ANGGARAN": "Anggaran",
}
# Statuses whose header comes from the PLAN-5 snapshot (taken at approval).
SNAPSHOT_STATUSES = frozenset({PlanStatus.APPROVED, PlanStatus.CLOSED})


@dataclass(frozen=True)
class Party:
    """One header block (DOC-3): Nama, NIP, Pangkat/Gol. Ruang, Jabatan, Unit Kerja."""

    name: str = ""
    nip: str = ""
    grade: str = ""
    position: str = ""
    unit: str = ""
    is_external: bool = False  # ORG-7: the NIP may be empty (ID-11)

    def rows(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, key)) for key, label in HEADER_ROWS]

    def missing(self) -> list[str]:
        return [
            label
            for key, label in HEADER_ROWS
            if not getattr(self, key) and not (key == "nip" and self.is_external)
        ]


@dataclass
class IndicatorRow:
    text: str
    aspect: str
    perspective: str
    target: str


@dataclass
class ResultRow:
    number: int
    text: str  # with "(penugasan dari …)" when assigned (PLAN-7)
    supports: str
    kind: str
    indicators: list[IndicatorRow]

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indicators))

    @property
    def first(self) -> IndicatorRow | None:
        return self.indicators[0] if self.indicators else None

    @property
    def rest(self) -> list[IndicatorRow]:
        return self.indicators[1:]


@dataclass
class ResultGroup:
    heading: str  # "A. UTAMA" / "B. TAMBAHAN", or "" when ungrouped
    results: list[ResultRow]


@dataclass
class BehaviourRow:
    number: int
    value: str
    guide_behaviours: tuple[str, ...]
    expectation: str


@dataclass
class AnnexList:
    heading: str
    items: list[str]


@dataclass
class PlanDocument:
    """Everything the SKP, the annex and the JA/JF workbook print."""

    plan_id: int
    family: str
    approach: str
    status: str
    title: str
    subtitle: str
    agency_name: str
    period_label: str
    period: str
    employee_block: str
    appraiser_block: str
    employee: Party
    appraiser: Party
    columns: tuple[str, ...]
    groups: list[ResultGroup]
    behaviour_columns: tuple[str, ...]
    behaviours: list[BehaviourRow]
    annex_title: str
    annex: list[AnnexList]
    is_final: bool  # APPROVED: signature block, no watermark (DOC-8)
    watermark: str
    place_and_date: str
    filename_stem: str
    employee_nip_raw: str
    year: int
    missing: list[str] = field(default_factory=list)

    @property
    def is_jpt(self) -> bool:
        return self.family == PlanFamily.JPT


def assigned_suffix(text: str, assigned_by: str) -> str:
    """PLAN-7 / DOC-4: "<text> (penugasan dari <assigned_by>)"."""
    assigned_by = (assigned_by or "").strip()
    return f"{text} (penugasan dari {assigned_by})" if assigned_by else text


def _snapshot_value(data: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = data.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def party_from_snapshot(data: dict[str, Any] | None, pppk_display: str) -> Party:
    """A header block from the PLAN-5 snapshot stored at approval."""
    data = data or {}
    employee_type = _snapshot_value(data, "employee_type") or "PNS"
    grade = _snapshot_value(data, "grade_display", "grade_label", "pangkat_golongan")
    if not grade:
        pangkat = _snapshot_value(data, "pangkat")
        code = _snapshot_value(data, "grade", "golongan", "grade_code")
        grade = f"{pangkat}, {code}" if pangkat and code else (pangkat or code)
    is_external = bool(data.get("is_external") or data.get("external") or data.get("official_id"))
    return Party(
        name=_snapshot_value(data, "name", "full_name", "nama"),
        nip=nip_id(_snapshot_value(data, "nip"), employee_type, pppk_display),
        grade=grade,
        position=_snapshot_value(data, "position", "position_name", "jabatan"),
        unit=_snapshot_value(data, "unit", "unit_name", "unit_kerja"),
        is_external=is_external,
    )


def _on(plan: PerformancePlan) -> dt.date:
    """The date master data is read for: today, kept within the plan period."""
    today = timezone.localdate()
    return min(max(today, plan.period_start), plan.period_end)


def header_data(plan: PerformancePlan) -> dict[str, Any]:
    """PLAN-5: the stored snapshot once approved; for a draft print, the same blocks built from
    current master data by the service that takes the snapshot (one definition of the header)."""
    if plan.status in SNAPSHOT_STATUSES and plan.header_snapshot:
        return plan.header_snapshot
    return build_header_snapshot(plan, _on(plan))


def _parties(header: dict[str, Any], pppk_display: str) -> tuple[Party, Party]:
    return (
        party_from_snapshot(header.get("employee"), pppk_display),
        party_from_snapshot(header.get("appraiser"), pppk_display),
    )


def _indicator_row(indicator: Indicator) -> IndicatorRow:
    return IndicatorRow(
        text=indicator.text,
        aspect=ASPECT_LABELS.get(indicator.aspect, ""),
        perspective=PERSPECTIVE_LABELS.get(indicator.perspective, ""),
        target=target_id(
            indicator.target_kind,
            value=indicator.target_value,
            minimum=indicator.target_min,
            maximum=indicator.target_max,
            unit=indicator.target_unit,
            text=indicator.target_text,
        ),
    )


def _result_rows(results: list[WorkResult]) -> list[ResultRow]:
    return [
        ResultRow(
            number=number,
            text=assigned_suffix(result.text, result.assigned_by),
            supports=(
                assigned_suffix(result.supports.text, result.supports.assigned_by)
                if result.supports_id
                else ""
            ),
            kind=result.kind,
            indicators=[_indicator_row(i) for i in result.indicators.all()],
        )
        for number, result in enumerate(results, start=1)
    ]


def result_groups(plan: PerformancePlan, results: list[WorkResult]) -> list[ResultGroup]:
    """DOC-4/DOC-5: A. UTAMA / B. TAMBAHAN (JA/JF: ``ja_jf_row_grouping``), numbered per group."""
    grouped = plan.family == PlanFamily.JPT or bool(plan.cycle.setting("ja_jf_row_grouping"))
    order = {WorkResultKind.MAIN: 0, WorkResultKind.ADDITIONAL: 1}
    results = sorted(results, key=lambda r: (order.get(r.kind, 2), r.order, r.pk))
    if not grouped:
        return [ResultGroup("", _result_rows(results))]
    return [
        ResultGroup(heading, _result_rows([r for r in results if r.kind == kind]))
        for kind, heading in GROUP_HEADINGS.items()
    ]


def _work_results(plan: PerformancePlan) -> list[WorkResult]:
    return list(
        plan.work_results.select_related("supports").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "id"))
        )
    )


def _behaviours(plan: PerformancePlan) -> list[BehaviourRow]:
    """DOC-6: seven rows in REF-5 order, value name and its three guide behaviours."""
    rows = []
    stored = {b.value: b for b in plan.behaviour_expectations.all()}
    for info in CORE_VALUE_BY_CODE.values():
        row = stored.get(info.code)
        rows.append(
            BehaviourRow(
                number=info.order,
                value=info.name,
                guide_behaviours=info.guide_behaviours,
                expectation=row.expectation if row else "",
            )
        )
    return rows


def _annex(plan: PerformancePlan) -> list[AnnexList]:
    items: dict[str, list[str]] = {code: [] for code, _heading in ANNEX_HEADINGS}
    for item in plan.annex_items.order_by("order", "id"):
        items.setdefault(item.section, []).append(item.text)
    return [AnnexList(heading, items[code]) for code, heading in ANNEX_HEADINGS]


def _place_and_date(plan: PerformancePlan) -> str:
    """DOC-8: "<place>, <date of approval in the agency's zone>"."""
    agency = plan.agency
    zone = ZoneInfo(getattr(agency, "time_zone", "") or "Asia/Jakarta")
    when = plan.approved_at.astimezone(zone).date() if plan.approved_at else timezone.localdate()
    place = (agency.place or "").strip()
    return f"{place}, {date_id(when)}" if place else date_id(when)


def load_plan(plan_id: int) -> PerformancePlan:
    """The plan with everything the header needs, in one query."""
    return PerformancePlan.objects.select_related(
        "agency",
        "cycle__agency",
        "employee__grade",
        "position__unit",
        "appraiser__grade",
        "appraiser_official",
        "approver__grade",
        "approver_official",
    ).get(pk=plan_id)


def plan_document(plan: PerformancePlan) -> PlanDocument:
    """The printable SKP of ``plan`` (call with a plan loaded through ``plan_get_for_user``)."""
    plan = load_plan(plan.pk)
    pppk_display = agency_setting(plan.agency, "pppk_nip_display")
    header = header_data(plan)
    employee, appraiser = _parties(header, pppk_display)
    agency_name = str(header.get("agency") or plan.agency.name)
    subtitle = SUBTITLES.get((plan.family, plan.approach))
    if subtitle is None:  # DOC-2: a family/approach pair that does not exist
        raise rule_error("DOC-2", _("Jenis SKP dan pendekatan tidak dikenal."), "approach")
    is_final = plan.status == PlanStatus.APPROVED
    watermark = ""
    if not is_final:
        watermark = "DITUTUP" if plan.status == PlanStatus.CLOSED else "DRAF"
    missing = [f"{EMPLOYEE_BLOCK}: {label}" for label in employee.missing()]
    missing += [f"{APPRAISER_BLOCK}: {label}" for label in appraiser.missing()]
    if not agency_name:
        missing.insert(0, _("Nama instansi"))
    return PlanDocument(
        plan_id=plan.pk,
        family=plan.family,
        approach=plan.approach,
        status=plan.status,
        title=TITLE,
        subtitle=subtitle,
        agency_name=agency_name,
        period_label=PERIOD_LABEL,
        period=period_id(plan.period_start, plan.period_end),
        employee_block=EMPLOYEE_BLOCK,
        appraiser_block=APPRAISER_BLOCK,
        employee=employee,
        appraiser=appraiser,
        columns=JPT_COLUMNS if plan.family == PlanFamily.JPT else JA_JF_COLUMNS,
        groups=result_groups(plan, _work_results(plan)),
        behaviour_columns=BEHAVIOUR_COLUMNS,
        behaviours=_behaviours(plan),
        annex_title=ANNEX_TITLE,
        annex=_annex(plan),
        is_final=is_final,
        watermark=watermark,
        place_and_date=_place_and_date(plan) if is_final else "",
        filename_stem=f"{plan.employee.nip}-{plan.cycle.year}",
        employee_nip_raw=plan.employee.nip,
        year=plan.cycle.year,
        missing=missing,
    )


def require_complete(document: PlanDocument) -> None:
    """DOC-1: generation is blocked while a mandatory header field is empty; the gaps are listed.

    The one exception is the NIP of an ExternalOfficial (ID-11), which ``Party.missing`` skips.
    """
    if document.missing:
        raise ValidationError(
            _("Dokumen tidak dapat dibuat karena data berikut kosong: %(fields)s.")
            % {"fields": "; ".join(document.missing)},
            code="DOC-1",
        )
