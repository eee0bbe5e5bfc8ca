from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployeeStatus(models.TextChoices):
    """REF-16."""

    ACTIVE = "ACTIVE", _("Aktif")
    STUDY_LEAVE = "STUDY_LEAVE", _("Tugas belajar")
    STATE_OFFICIAL = "STATE_OFFICIAL", _("Pejabat negara / lembaga nonstruktural")
    SUSPENDED = "SUSPENDED", _("Diberhentikan sementara")
    UNPAID_LEAVE = "UNPAID_LEAVE", _("CLTN")
    PRE_RETIREMENT = "PRE_RETIREMENT", _("Masa persiapan pensiun")
    INACTIVE = "INACTIVE", _("Tidak aktif")


class Gender(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")


class AssignmentKind(models.TextChoices):
    DEFINITIVE = "DEFINITIVE", _("Definitif")
    PLT = "PLT", _("Pelaksana Tugas (Plt)")
    PLH = "PLH", _("Pelaksana Harian (Plh)")
