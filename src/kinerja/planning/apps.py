from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "kinerja.planning"
    label = "planning"

    def ready(self) -> None:
        from kinerja.org.config import SettingSpec, register_settings
        from kinerja.people.choices import EmployeeStatus
        from kinerja.planning.choices import CheckpointGrid, ThreeAspectCheck

        def exemptible() -> list[tuple[str, object]]:
            # Inactive employees never plan; active ones always do.
            return [
                (code, label)
                for code, label in EmployeeStatus.choices
                if code not in (EmployeeStatus.ACTIVE, EmployeeStatus.INACTIVE)
            ]

        register_settings(
            SettingSpec(
                "checkpoint_grid",
                _("Periode penilaian berkala"),
                "EXEC-1",
                "choice",
                choices=lambda: CheckpointGrid.choices,
            ),
            SettingSpec(
                "plan_approval_deadline",
                _("Batas persetujuan SKP (BB-HH)"),
                "PLAN-23",
                "month_day",
            ),
            SettingSpec(
                "plan_escalation_date",
                _("Eskalasi SKP yang belum disusun (BB-HH)"),
                "PLAN-23",
                "month_day",
            ),
            SettingSpec(
                "joiner_plan_deadline",
                _("Batas SKP pegawai yang baru bergabung (hari; kosong = tanpa batas)"),
                "PLAN-26",
                "int",
                minimum=1,
                maximum=366,
                optional=True,
            ),
            SettingSpec(
                "planning_exempt_statuses",
                _("Status pegawai yang dikecualikan dari perencanaan"),
                "PLAN-27",
                "choices",
                choices=exemptible,
            ),
            SettingSpec(
                "hr_review_before_approval",
                _("SKP diperiksa pengelola kinerja sebelum disetujui"),
                "PLAN-21",
                "bool",
            ),
            SettingSpec(
                "three_aspect_check",
                _("Pemeriksaan tiga aspek indikator"),
                "PLAN-12",
                "choice",
                choices=lambda: ThreeAspectCheck.choices,
            ),
            SettingSpec(
                "aspect_cost_enabled",
                _("Aspek biaya boleh dipakai"),
                "REF-7",
                "bool",
            ),
            SettingSpec(
                "behaviour_expectation_required",
                _("Ekspektasi khusus ketujuh perilaku wajib diisi sebelum persetujuan"),
                "PLAN-17",
                "bool",
            ),
            SettingSpec(
                "annex_lists_may_be_empty",
                _("Daftar lampiran SKP boleh kosong"),
                "PLAN-18",
                "bool",
            ),
            SettingSpec(
                "jpt_approver_independent_unit_head",
                _("Penyetuju SKP pimpinan unit kerja mandiri"),
                "PLAN-22",
                "choice",
                choices=lambda: [
                    ("TOP", _("Menteri / Kepala Daerah")),
                    ("COORDINATOR", _("JPT koordinator / kepala perangkat daerah koordinator")),
                ],
            ),
            SettingSpec(
                "ja_jf_row_grouping",
                _("Baris RHK JA/JF dikelompokkan pada dokumen SKP"),
                "DOC-5",
                "bool",
            ),
        )
