"""System reference lists for planning (REF-5..REF-10, REF-17..REF-19, EXEC-2, PLAN-20, PLAN-29).

These are codes (GEN-1); the Indonesian labels are for display only. The lists are system data
(REF-20): an agency cannot add, rename or reorder entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CycleStatus(models.TextChoices):
    PLANNING = "PLANNING", _("Perencanaan")
    RUNNING = "RUNNING", _("Berjalan")
    EVALUATING = "EVALUATING", _("Penilaian")
    CLOSED = "CLOSED", _("Ditutup")


class CheckpointGrid(models.TextChoices):
    """REF-17 / EXEC-1: the periodic grid of a cycle."""

    MONTHLY = "MONTHLY", _("Bulanan")
    QUARTERLY = "QUARTERLY", _("Triwulanan")
    SEMESTER = "SEMESTER", _("Semesteran")


class CheckpointKind(models.TextChoices):
    """REF-17."""

    PERIODIC = "PERIODIC", _("Periodik")
    ANNUAL = "ANNUAL", _("Tahunan")


# EXEC-2 default labels.
MONTH_LABELS: tuple[str, ...] = (
    "JANUARI",
    "FEBRUARI",
    "MARET",
    "APRIL",
    "MEI",
    "JUNI",
    "JULI",
    "AGUSTUS",
    "SEPTEMBER",
    "OKTOBER",
    "NOVEMBER",
    "DESEMBER",
)
QUARTER_LABELS: tuple[str, ...] = ("TRIWULAN I", "TRIWULAN II", "TRIWULAN III", "TRIWULAN IV")
SEMESTER_LABELS: tuple[str, ...] = ("SEMESTER I", "SEMESTER II")
ANNUAL_LABEL = "AKHIR"
# Months per periodic checkpoint, per grid (EXEC-1: 12 / 4 / 2 checkpoints).
GRID_MONTHS: dict[str, int] = {"MONTHLY": 1, "QUARTERLY": 3, "SEMESTER": 6}
GRID_LABELS: dict[str, tuple[str, ...]] = {
    "MONTHLY": MONTH_LABELS,
    "QUARTERLY": QUARTER_LABELS,
    "SEMESTER": SEMESTER_LABELS,
}


class PlanFamily(models.TextChoices):
    """REF-10: derived from the position (PLAN-3), never typed in."""

    JPT = "JPT", _("SKP JPT dan Pimpinan Unit Kerja Mandiri")
    JA_JF = "JA_JF", _("SKP Pejabat Administrasi dan Pejabat Fungsional")


class Approach(models.TextChoices):
    """REF-8."""

    QUANTITATIVE = "QUANTITATIVE", _("Kuantitatif")
    QUALITATIVE = "QUALITATIVE", _("Kualitatif")


class PlanStatus(models.TextChoices):
    """PLAN-20: the system's own workflow states."""

    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Diajukan")
    REJECTED = "REJECTED", _("Ditolak")
    APPROVED = "APPROVED", _("Disetujui")
    CLOSED = "CLOSED", _("Ditutup")


OPEN_STATUSES: tuple[str, ...] = ("DRAFT", "SUBMITTED", "REJECTED")


class ClosedReason(models.TextChoices):
    """PLAN-20 close: end of period, transfer (PLAN-25) or revision superseded (PLAN-28)."""

    PERIOD_END = "PERIOD_END", _("Akhir periode")
    TRANSFER = "TRANSFER", _("Mutasi")
    SUPERSEDED = "SUPERSEDED", _("Digantikan revisi")
    OTHER = "OTHER", _("Lainnya")


class PlanAction(models.TextChoices):
    """PLAN-20 workflow actions (create is a service of its own)."""

    SUBMIT = "submit", _("Ajukan")
    REVIEW = "review", _("Tandai sudah direviu")
    REJECT = "reject", _("Tolak")
    REOPEN = "reopen", _("Buka kembali")
    APPROVE = "approve", _("Tetapkan")
    CLOSE = "close", _("Tutup")


class WorkResultKind(models.TextChoices):
    """REF-9: no weights (PLAN-6)."""

    # "Utama" is also a JPT level; the context lets English say "Main" here.
    MAIN = "MAIN", pgettext_lazy("work result kind", "Utama")
    ADDITIONAL = "ADDITIONAL", _("Tambahan")


class Aspect(models.TextChoices):
    """REF-7: COST only when ``aspect_cost_enabled``."""

    QUANTITY = "QUANTITY", _("Kuantitas")
    QUALITY = "QUALITY", _("Kualitas")
    TIME = "TIME", _("Waktu")
    COST = "COST", _("Biaya")


THREE_ASPECTS: tuple[str, ...] = ("QUANTITY", "QUALITY", "TIME")


class Perspective(models.TextChoices):
    """REF-6: JPT plans only."""

    PENERIMA_LAYANAN = "PENERIMA_LAYANAN", _("Penerima Layanan")
    PENGUATAN_INTERNAL = "PENGUATAN_INTERNAL", _("Penguatan Internal")
    PROSES_BISNIS = "PROSES_BISNIS", _("Proses Bisnis")
    ANGGARAN = "ANGGARAN", _("Anggaran")


# REF-6 / PLAN-14: guidance shown when a perspective is chosen (advice only).
PERSPECTIVE_HELP: dict[str, str] = {
    "PENGUATAN_INTERNAL": _(
        "Manfaat internal, jangka panjang, aset tak berwujud (pembelajaran dan pertumbuhan)."
    ),
    "PROSES_BISNIS": _("Manfaat internal, jangka panjang, terkait strategi atau proses."),
    "PENERIMA_LAYANAN": _(
        "Manfaat internal dan eksternal, jangka pendek, keluaran atau hasil bagi pemangku "
        "kepentingan dan pelanggan."
    ),
    "ANGGARAN": _("Efektivitas atau efisiensi anggaran."),
}


class TargetKind(models.TextChoices):
    """PLAN-13."""

    NUMBER = "NUMBER", _("Angka")
    RANGE = "RANGE", _("Rentang")
    TEXT = "TEXT", _("Naratif")


class CoreValue(models.TextChoices):
    """REF-5: the seven BerAKHLAK values, in official order; the names double as codes."""

    BERORIENTASI_PELAYANAN = "BERORIENTASI_PELAYANAN", _("Berorientasi Pelayanan")
    AKUNTABEL = "AKUNTABEL", _("Akuntabel")
    KOMPETEN = "KOMPETEN", _("Kompeten")
    HARMONIS = "HARMONIS", _("Harmonis")
    LOYAL = "LOYAL", _("Loyal")
    ADAPTIF = "ADAPTIF", _("Adaptif")
    KOLABORATIF = "KOLABORATIF", _("Kolaboratif")


@dataclass(frozen=True)
class CoreValueInfo:
    order: int
    code: str
    name: str
    guide_behaviours: tuple[str, str, str]


# DOC-6: the printed Indonesian wording (SE MenPANRB 20/2021, commonly published text).
CORE_VALUES: tuple[CoreValueInfo, ...] = (
    CoreValueInfo(
        1,
        "BERORIENTASI_PELAYANAN",
        "Berorientasi Pelayanan",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    CoreValueInfo(
        2,
        "AKUNTABEL",
        "Akuntabel",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, "
            "dan berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan "
            "efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    CoreValueInfo(
        3,
        "KOMPETEN",
        "Kompeten",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    CoreValueInfo(
        4,
        "HARMONIS",
        "Harmonis",
        (
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    CoreValueInfo(
        5,
        "LOYAL",
        "Loyal",
        (
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik "
            "Indonesia Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    CoreValueInfo(
        6,
        "ADAPTIF",
        "Adaptif",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    CoreValueInfo(
        7,
        "KOLABORATIF",
        "Kolaboratif",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)
CORE_VALUE_BY_CODE: dict[str, CoreValueInfo] = {v.code: v for v in CORE_VALUES}


class AnnexSection(models.TextChoices):
    """REF-18, in this order."""

    RESOURCE_SUPPORT = "RESOURCE_SUPPORT", _("Dukungan Sumber Daya")
    ACCOUNTABILITY_SCHEME = "ACCOUNTABILITY_SCHEME", _("Skema Pertanggungjawaban")
    CONSEQUENCES = "CONSEQUENCES", _("Konsekuensi")


class DialogueTopic(models.TextChoices):
    """REF-19."""

    PLANNING = "PLANNING", _("Perencanaan")
    CLARIFICATION = "CLARIFICATION", _("Klarifikasi")
    MONITORING = "MONITORING", _("Pemantauan")
    FEEDBACK = "FEEDBACK", _("Umpan balik")


class CompletionStatus(models.TextChoices):
    """PLAN-29: the status of an employee on the completion dashboard."""

    NOT_STARTED = "NOT_STARTED", _("Belum mulai")
    DRAFT = "DRAFT", _("Draf")
    SUBMITTED = "SUBMITTED", _("Diajukan")
    REJECTED = "REJECTED", _("Ditolak")
    APPROVED = "APPROVED", _("Disetujui")


class ThreeAspectCheck(models.TextChoices):
    """PLAN-12 setting ``three_aspect_check``."""

    OFF = "OFF", _("Tidak diperiksa")
    WARN = "WARN", _("Peringatan")
    BLOCK = "BLOCK", _("Blokir")
