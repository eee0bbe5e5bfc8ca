"""System reference lists for organisation and positions (REF-13, REF-14, ORG-1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    CENTRAL = "CENTRAL", _("Instansi Pusat")
    PROVINCE = "PROVINCE", _("Pemerintah Provinsi")
    REGENCY = "REGENCY", _("Pemerintah Kabupaten")
    CITY = "CITY", _("Pemerintah Kota")


class AgencyKind(models.TextChoices):
    """ORG-1: the kind that decides who approves JPT plans (PLAN-22)."""

    CENTRAL = "CENTRAL", _("Instansi Pusat")
    REGIONAL = "REGIONAL", _("Instansi Daerah")


class TimeZoneChoice(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class UnitKind(models.TextChoices):
    SECRETARIAT = "SECRETARIAT", _("Sekretariat")
    OFFICE = "OFFICE", _("Dinas")
    BOARD = "BOARD", _("Badan")
    INSPECTORATE = "INSPECTORATE", _("Inspektorat")
    DIVISION = "DIVISION", _("Bagian/Bidang")
    SUBDIVISION = "SUBDIVISION", _("Subbagian/Seksi")
    SCHOOL = "SCHOOL", _("Sekolah")
    HEALTH_CENTRE = "HEALTH_CENTRE", _("Puskesmas")
    SERVICE_UNIT = "SERVICE_UNIT", _("UPT")
    OTHER = "OTHER", _("Lainnya")


class PositionType(models.TextChoices):
    JPT = "JPT", _("Jabatan Pimpinan Tinggi")
    JA = "JA", _("Jabatan Administrasi")
    JF_KEAHLIAN = "JF_KEAHLIAN", _("Jabatan Fungsional Keahlian")
    JF_KETERAMPILAN = "JF_KETERAMPILAN", _("Jabatan Fungsional Keterampilan")


class PositionLevel(models.TextChoices):
    UTAMA = "UTAMA", _("Utama")
    MADYA = "MADYA", _("Madya")
    PRATAMA = "PRATAMA", _("Pratama")
    ADMINISTRATOR = "ADMINISTRATOR", _("Administrator")
    PENGAWAS = "PENGAWAS", _("Pengawas")
    PELAKSANA = "PELAKSANA", _("Pelaksana")
    AHLI_PERTAMA = "AHLI_PERTAMA", _("Ahli Pertama")
    AHLI_MUDA = "AHLI_MUDA", _("Ahli Muda")
    AHLI_MADYA = "AHLI_MADYA", _("Ahli Madya")
    AHLI_UTAMA = "AHLI_UTAMA", _("Ahli Utama")
    PEMULA = "PEMULA", _("Pemula")
    TERAMPIL = "TERAMPIL", _("Terampil")
    MAHIR = "MAHIR", _("Mahir")
    PENYELIA = "PENYELIA", _("Penyelia")


LEVELS_BY_TYPE: dict[str, tuple[str, ...]] = {
    PositionType.JPT: ("UTAMA", "MADYA", "PRATAMA"),
    PositionType.JA: ("ADMINISTRATOR", "PENGAWAS", "PELAKSANA"),
    PositionType.JF_KEAHLIAN: ("AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "AHLI_UTAMA"),
    PositionType.JF_KETERAMPILAN: ("PEMULA", "TERAMPIL", "MAHIR", "PENYELIA"),
}


class PelaksanaGroup(models.TextChoices):
    KLEREK = "KLEREK", _("Klerek")
    OPERATOR = "OPERATOR", _("Operator")
    TEKNISI = "TEKNISI", _("Teknisi")


class OfficialRole(models.TextChoices):
    KEPALA_DAERAH = "KEPALA_DAERAH", _("Kepala Daerah")
    MINISTER = "MINISTER", _("Menteri")
    COORDINATING_MINISTER = "COORDINATING_MINISTER", _("Menteri Koordinator")
    AGENCY_HEAD = "AGENCY_HEAD", _("Pimpinan Instansi")
    OTHER = "OTHER", _("Lainnya")
