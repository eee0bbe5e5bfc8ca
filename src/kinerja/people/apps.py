from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kinerja.people"
    label = "people"

    def ready(self) -> None:
        from kinerja.org.config import SettingSpec, register_settings

        register_settings(
            SettingSpec(
                "pppk_nip_display",
                _("Tampilan NI PPPK"),
                "ID-8",
                "choice",
                choices=lambda: [
                    ("UNGROUPED", _("18 angka tanpa spasi")),
                    ("GROUPED", _("Dikelompokkan 8-6-1-3 seperti NIP")),
                ],
            ),
            SettingSpec(
                "min_age_at_appointment",
                _("Usia minimal pada TMT CPNS (tahun; kosong = tidak diperiksa)"),
                "ID-3",
                "int",
                minimum=14,
                maximum=60,
                optional=True,
            ),
        )
