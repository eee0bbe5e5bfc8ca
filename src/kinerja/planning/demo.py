"""Planning part of the demo agency (issue #3 item 11): a running 2026 cycle with plans that
cascade from the top leader down, in every workflow state.

The org structure is read generically (top = positions reporting to nobody; depth from the
position tree). Content is written in bulk; every workflow step goes through
``plan_transition`` so events, audit entries and notifications are real. Idempotent: a cycle
that already has work results is left alone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from kinerja.accounts.models import Role, User
from kinerja.org.models import Agency
from kinerja.planning.choices import CycleStatus, PlanStatus
from kinerja.planning.models import (
    BehaviourExpectation,
    Cycle,
    Dialogue,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    PlanTemplate,
    WorkResult,
)
from kinerja.planning.services.cycles import cycle_generate_plans, cycle_open, cycle_transition
from kinerja.planning.services.plans import plan_revise
from kinerja.planning.services.templates import template_publish, template_save
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.services.work_results import indicator_save, work_result_save

DEMO_YEAR = 2026
SUBMIT_ON = dt.date(2026, 1, 20)
LATE_ON = dt.date(2026, 2, 9)
APPROVE_ON = dt.date(2026, 1, 27)

# Target states below the heads of unit, cycled over the plans of each level.
STAFF_STATES = (
    "APPROVED",
    "SUBMITTED",
    "APPROVED",
    "REVIEWED",
    "REJECTED",
    "DRAFT",
    "APPROVED",
    "NOT_STARTED",
    "APPROVED",
    "SUBMITTED",
    "APPROVED",
    "DRAFT",
)
REJECT_NOTE = (
    "Target kuantitas belum selaras dengan Perjanjian Kinerja unit; mohon sesuaikan "
    "jumlah dokumen dan lengkapi indikator kualitas."
)

# JPT results (text, perspective, indicator, target kind, value or (min, max), unit).
JPT_RESULTS: tuple[tuple[str, str, str, str, Any, str], ...] = (
    (
        "Meningkatnya kualitas pelayanan publik {unit}",
        "PENERIMA_LAYANAN",
        "Indeks kepuasan masyarakat terhadap layanan {unit}",
        "NUMBER",
        85,
        "Indeks",
    ),
    (
        "Meningkatnya akuntabilitas kinerja {unit}",
        "PROSES_BISNIS",
        "Nilai evaluasi SAKIP {unit}",
        "NUMBER",
        80,
        "Nilai",
    ),
    (
        "Meningkatnya efektivitas pengelolaan anggaran {unit}",
        "ANGGARAN",
        "Persentase realisasi anggaran {unit}",
        "RANGE",
        (90, 100),
        "%",
    ),
    (
        "Meningkatnya kapasitas sumber daya aparatur {unit}",
        "PENGUATAN_INTERNAL",
        "Persentase pegawai {unit} yang mengikuti pengembangan kompetensi",
        "NUMBER",
        100,
        "%",
    ),
)
MANAGER_RESULTS: tuple[tuple[str, str, int, str], ...] = (
    (
        "Tersusunnya dokumen perencanaan program dan kegiatan {unit}",
        "dokumen perencanaan",
        2,
        "Dokumen",
    ),
    (
        "Terlaksananya koordinasi, pemantauan, dan evaluasi kegiatan {unit}",
        "laporan evaluasi",
        4,
        "Laporan",
    ),
)
STAFF_DUTIES: dict[str, tuple[str, str, int, str]] = {
    "KLEREK": (
        "Terlaksananya pengadministrasian surat dan arsip {unit}",
        "surat dan arsip",
        1200,
        "Berkas",
    ),
    "OPERATOR": ("Terlaksananya layanan operasional {unit}", "permohonan layanan", 600, "Layanan"),
    "TEKNISI": (
        "Terpeliharanya sarana dan prasarana {unit}",
        "pemeliharaan sarana",
        24,
        "Kegiatan",
    ),
    "JF": ("Tersusunnya kajian dan rekomendasi teknis {unit}", "kajian teknis", 4, "Dokumen"),
    "OTHER": (
        "Terlaksananya dukungan teknis kegiatan {unit}",
        "kegiatan pendukung",
        12,
        "Kegiatan",
    ),
}
REPORT_RESULT = ("Tersusunnya laporan kegiatan bulanan {unit}", "laporan bulanan", 12, "Laporan")
ANNEX = (
    ("RESOURCE_SUPPORT", "Anggaran kegiatan sesuai DPA {unit} tahun 2026"),
    ("RESOURCE_SUPPORT", "Sarana komputer, jaringan, dan akses aplikasi kepegawaian"),
    ("ACCOUNTABILITY_SCHEME", "Laporan capaian disampaikan setiap bulan kepada atasan langsung"),
    ("CONSEQUENCES", "Capaian di bawah ekspektasi ditindaklanjuti dengan pembinaan kinerja"),
)
EXPECTATIONS = {
    "BERORIENTASI_PELAYANAN": "Menanggapi permintaan layanan paling lambat satu hari kerja",
    "KOLABORATIF": "Aktif berbagi data dan informasi dengan unit kerja lain",
    "AKUNTABEL": "Menyampaikan laporan tepat waktu dengan bukti dukung lengkap",
}


@dataclass
class PlanInfo:
    plan: PerformancePlan
    depth: int
    target: str = "DRAFT"
    results: list[WorkResult] = field(default_factory=list)


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def build_planning_demo(agency: Agency, *, stdout: Any = None) -> None:
    """Open a running cycle and create plans in every workflow state for ``agency``."""
    started = time.perf_counter()
    hr = User.objects.filter(agency=agency, role_grants__role=Role.HR_ADMIN).first()
    if hr is None:
        _say(stdout, f"Perencanaan: {agency.name} tidak memiliki pengelola kinerja; dilewati.")
        return
    cycle = Cycle.objects.filter(agency=agency, year=DEMO_YEAR).first()
    if cycle is None:
        cycle = cycle_open(actor=hr, agency=agency, year=DEMO_YEAR).cycle
    if WorkResult.objects.filter(plan__cycle=cycle).exists():
        _say(stdout, f"Perencanaan {DEMO_YEAR}: sudah ada, dibiarkan.")
        return
    with transaction.atomic():
        cycle_generate_plans(actor=hr, cycle=cycle, on=cycle.start_date)
        demo = _Demo(cycle, hr, stdout)
        demo.run()
        if cycle.status == CycleStatus.PLANNING:
            cycle_transition(actor=hr, cycle=cycle, to_status=CycleStatus.RUNNING)
    counts = defaultdict(int)
    for status in PerformancePlan.objects.filter(cycle=cycle).values_list("status", flat=True):
        counts[status] += 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    _say(stdout, f"Perencanaan {DEMO_YEAR}: {summary} ({time.perf_counter() - started:.1f} s)")


class _Demo:
    def __init__(self, cycle: Cycle, hr: User, stdout: Any) -> None:
        self.cycle = cycle
        self.hr = hr
        self.stdout = stdout
        self.users = {
            u.employee_id: u
            for u in User.objects.filter(agency=cycle.agency, employee__isnull=False)
        }
        plans = list(
            PerformancePlan.objects.filter(cycle=cycle)
            .select_related("position__unit", "employee", "appraiser")
            .order_by("position__depth", "position__path", "period_start")
        )
        self.infos = [PlanInfo(plan=p, depth=p.position.depth) for p in plans]
        self.by_employee: dict[int, list[PlanInfo]] = defaultdict(list)
        for info in self.infos:
            self.by_employee[info.plan.employee_id].append(info)

    def run(self) -> None:
        self._choose_targets()
        for depth in sorted({i.depth for i in self.infos}):
            level = [i for i in self.infos if i.depth == depth]
            self._write_content(level)
            for info in level:
                self._drive(info)
        self._transfers()
        self._revision()
        self._template()

    # -- which state for which plan ------------------------------------------------------------

    def _choose_targets(self) -> None:
        staff_index = 0
        for info in self.infos:
            if (
                len(self.by_employee[info.plan.employee_id]) > 1
                and info.plan.period_end < self.cycle.end_date
            ):
                info.target = "APPROVED"  # the post left by a transfer; closed afterwards
            elif info.depth <= 1:
                info.target = "APPROVED"
            elif info.plan.position.is_unit_head and info.depth == 2:
                info.target = "SUBMITTED" if info.plan.pk % 5 == 0 else "APPROVED"
            else:
                info.target = STAFF_STATES[staff_index % len(STAFF_STATES)]
                staff_index += 1

    def _appraiser_info(self, info: PlanInfo) -> PlanInfo | None:
        candidates = self.by_employee.get(info.plan.appraiser_id or -1, [])
        overlapping = [
            c
            for c in candidates
            if c.plan.period_start <= info.plan.period_end
            and c.plan.period_end >= info.plan.period_start
        ]
        return overlapping[-1] if overlapping else None

    # -- content ---------------------------------------------------------------------------

    def _specs(self, info: PlanInfo) -> list[dict[str, Any]]:
        plan = info.plan
        unit = plan.position.unit.name
        if plan.family == "JPT":
            specs = []
            for n, (text, perspective, indicator, kind, value, unit_of) in enumerate(JPT_RESULTS):
                specs.append(
                    {
                        "kind": "MAIN" if n < 3 else "ADDITIONAL",
                        "text": text.format(unit=unit),
                        "assigned_by": "Bupati" if n == 3 and info.depth == 0 else "",
                        "indicators": [
                            _jpt_indicator(
                                indicator.format(unit=unit), perspective, kind, value, unit_of
                            )
                        ],
                    }
                )
            return specs
        position = plan.position
        if position.is_unit_head:
            duties = list(MANAGER_RESULTS)
        else:
            key = position.pelaksana_group or (
                "JF" if position.position_type.startswith("JF") else "OTHER"
            )
            duties = [STAFF_DUTIES[key], REPORT_RESULT]
        specs = [
            {
                "kind": "MAIN",
                "text": text.format(unit=unit),
                "assigned_by": "",
                "indicators": _three_aspects(noun, amount, unit_of),
            }
            for text, noun, amount, unit_of in duties
        ]
        if plan.pk % 4 == 0:
            specs.append(
                {
                    "kind": "ADDITIONAL",
                    "assigned_by": "Sekretaris Daerah",
                    "text": "Terlaksananya tugas sebagai anggota tim reformasi birokrasi",
                    "indicators": _three_aspects("laporan tim", 4, "Laporan"),
                }
            )
        return specs

    def _write_content(self, level: list[PlanInfo]) -> None:
        rows: list[tuple[PlanInfo, WorkResult, list[dict[str, Any]]]] = []
        for info in level:
            if info.target == "NOT_STARTED":
                continue
            leader = self._appraiser_info(info)
            leader_results = leader.results if leader else []
            for order, spec in enumerate(self._specs(info), start=1):
                supports = (
                    leader_results[(order - 1) % len(leader_results)] if leader_results else None
                )
                result = WorkResult(
                    agency_id=info.plan.agency_id,
                    plan=info.plan,
                    kind=spec["kind"],
                    text=spec["text"],
                    order=order,
                    assigned_by=spec["assigned_by"],
                    supports=supports,
                )
                rows.append((info, result, spec["indicators"]))
        created = WorkResult.objects.bulk_create([r for _i, r, _s in rows])
        indicators = []
        for (info, _row, specs), result in zip(rows, created, strict=True):
            info.results.append(result)
            indicators.extend(
                Indicator(agency_id=result.agency_id, work_result=result, order=n, **spec)
                for n, spec in enumerate(specs, start=1)
            )
        Indicator.objects.bulk_create(indicators)
        started = [i for i in level if i.target != "NOT_STARTED"]
        self._dialogues(started)
        self._annex(started)
        self._expectations(started)

    def _dialogues(self, infos: list[PlanInfo]) -> None:
        Dialogue.objects.bulk_create(
            [
                Dialogue(
                    agency_id=i.plan.agency_id,
                    plan=i.plan,
                    topic="PLANNING",
                    date=max(i.plan.period_start, dt.date(2026, 1, 6))
                    + dt.timedelta(days=i.plan.pk % 7),
                    notes="Dialog kinerja penyusunan SKP: klarifikasi ekspektasi pimpinan, "
                    "target, dan dukungan sumber daya.",
                    employee_id=i.plan.employee_id,
                    appraiser_id=i.plan.appraiser_id,
                    appraiser_official_id=i.plan.appraiser_official_id,
                )
                for i in infos
                if i.target != "DRAFT" or i.plan.pk % 2
                if i.plan.appraiser_id or i.plan.appraiser_official_id
            ]
        )

    def _annex(self, infos: list[PlanInfo]) -> None:
        PlanAnnexItem.objects.bulk_create(
            [
                PlanAnnexItem(
                    agency_id=i.plan.agency_id,
                    plan=i.plan,
                    section=section,
                    text=text.format(unit=i.plan.position.unit.name),
                    order=n,
                )
                for i in infos
                if i.target in ("APPROVED", "REVIEWED") or i.depth <= 2
                for n, (section, text) in enumerate(ANNEX, start=1)
            ]
        )

    def _expectations(self, infos: list[PlanInfo]) -> None:
        for info in infos:
            if info.plan.pk % 3:
                continue
            for value, text in EXPECTATIONS.items():
                BehaviourExpectation.objects.filter(plan=info.plan, value=value).update(
                    expectation=text
                )

    # -- workflow --------------------------------------------------------------------------

    def _user(self, employee_id: int | None) -> User | None:
        return self.users.get(employee_id) if employee_id is not None else None

    def _approver(self, plan: PerformancePlan) -> User | None:
        person = plan.approver_id if plan.family == "JPT" else plan.appraiser_id
        official = plan.approver_official_id if plan.family == "JPT" else plan.appraiser_official_id
        if person is not None:
            return self._user(person)
        return self.hr if official is not None else None

    def _drive(self, info: PlanInfo) -> None:
        target = info.target
        if target in ("DRAFT", "NOT_STARTED"):
            return
        plan = info.plan
        leader = self._appraiser_info(info)
        if plan.appraiser_id is not None and (
            leader is None or leader.plan.status != PlanStatus.APPROVED
        ):
            info.target = "DRAFT"  # PLAN-9: the supervisor's plan is not approved yet
            return
        employee, approver = self._user(plan.employee_id), self._approver(plan)
        if employee is None or approver is None:
            info.target = "DRAFT"
            return
        on = LATE_ON if plan.pk % 11 == 0 else SUBMIT_ON
        on = max(on, plan.period_start + dt.timedelta(days=10))  # joiners and transfers
        try:
            plan_transition(
                actor=employee, plan=plan, action="submit", today=on, confirm_warnings=True
            )
            if target == "REJECTED":
                plan_transition(
                    actor=approver, plan=plan, action="reject", note=REJECT_NOTE, today=on
                )
            elif target in ("REVIEWED", "APPROVED"):
                plan_transition(actor=self.hr, plan=plan, action="review", today=on)
                if target == "APPROVED":
                    plan_transition(
                        actor=approver, plan=plan, action="approve", today=max(on, APPROVE_ON)
                    )
        except ValidationError as error:
            _say(self.stdout, f"  SKP {plan.employee}: {' '.join(error.messages)}")
        plan.refresh_from_db()

    def _transfers(self) -> None:
        """PLAN-25: the post left by the demo transfer is closed; the new plan stays a draft."""
        for infos in self.by_employee.values():
            for info in infos[:-1]:
                if info.plan.status == PlanStatus.APPROVED:
                    plan_transition(
                        actor=self.hr,
                        plan=info.plan,
                        action="close",
                        reason="TRANSFER",
                        note="Mutasi (PLAN-25).",
                    )

    def _revision(self) -> None:
        """PLAN-28: one approved staff plan is being clarified again."""
        info = next(
            (
                i
                for i in self.infos
                if i.depth >= 3
                and not i.plan.position.is_unit_head
                and i.plan.status == PlanStatus.APPROVED
            ),
            None,
        )
        if info is None:
            return
        owner = self._user(info.plan.employee_id)
        revision = plan_revise(actor=owner, plan=info.plan)
        leader = self._appraiser_info(info)
        supports = leader.results[0] if leader and leader.results else None
        result = work_result_save(
            actor=owner,
            plan=revision,
            kind="ADDITIONAL",
            text="Terlaksananya pendampingan aplikasi e-Kinerja di unit kerja",
            supports=supports,
        )
        for n, (aspect, text, value, unit) in enumerate(
            (
                ("QUANTITY", "Jumlah pegawai yang didampingi", 20, "Orang"),
                ("QUALITY", "Persentase pegawai yang berhasil mengisi SKP", 100, "%"),
                ("TIME", "Ketepatan waktu pendampingan", 6, "Bulan"),
            ),
            start=1,
        ):
            indicator_save(
                actor=owner,
                work_result=result,
                text=text,
                aspect=aspect,
                target_value=value,
                target_unit=unit,
                order=n,
            )

    def _template(self) -> None:
        content = {
            "work_results": [
                {
                    "kind": "MAIN",
                    "text": "Terlaksananya pengadministrasian surat dan arsip",
                    "indicators": [
                        {**i, "target_value": str(i["target_value"])}
                        for i in _three_aspects("surat dan arsip", 1200, "Berkas")
                    ],
                }
            ],
            "annex": [
                {
                    "section": "RESOURCE_SUPPORT",
                    "text": "Komputer, printer, dan akses aplikasi persuratan",
                }
            ],
        }
        template = template_save(
            actor=self.hr,
            template=PlanTemplate(
                agency=self.cycle.agency,
                name="Pengadministrasi Perkantoran (Klerek)",
                position_type="JA",
                level="PELAKSANA",
                content=content,
            ),
        )
        template_publish(actor=self.hr, template=template)


def _three_aspects(noun: str, amount: int, unit_of: str) -> list[dict[str, Any]]:
    """PLAN-12: quantity, quality and time, e.g. "Jumlah dokumen … 2 Dokumen"."""
    return [
        {
            "text": f"Jumlah {noun} yang diselesaikan",
            "aspect": "QUANTITY",
            "target_kind": "NUMBER",
            "target_value": Decimal(amount),
            "target_unit": unit_of,
        },
        {
            "text": f"Persentase {noun} yang sesuai ketentuan",
            "aspect": "QUALITY",
            "target_kind": "NUMBER",
            "target_value": Decimal(100),
            "target_unit": "%",
        },
        {
            "text": f"Ketepatan waktu penyelesaian {noun}",
            "aspect": "TIME",
            "target_kind": "NUMBER",
            "target_value": Decimal(12),
            "target_unit": "Bulan",
        },
    ]


def _jpt_indicator(
    text: str, perspective: str, kind: str, value: Any, unit_of: str
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "text": text,
        "perspective": perspective,
        "target_kind": kind,
        "target_unit": unit_of,
    }
    if kind == "RANGE":
        data["target_min"], data["target_max"] = Decimal(value[0]), Decimal(value[1])
    else:
        data["target_value"] = Decimal(value)
    return data
