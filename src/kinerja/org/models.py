"""Agency, organisation tree, positions, grades and external officials (ORG-1..ORG-7)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import AgencyScopedModel, TimeStampedModel, agency_key, one_of
from kinerja.org.choices import (
    LEVELS_BY_TYPE,
    AgencyKind,
    AgencyLevel,
    OfficialRole,
    PelaksanaGroup,
    PositionLevel,
    PositionType,
    TimeZoneChoice,
    UnitKind,
)


class Agency(TimeStampedModel):
    name = models.CharField(_("nama instansi"), max_length=200)
    code = models.SlugField(_("kode"), max_length=32, unique=True)
    level = models.CharField(_("jenis"), max_length=16, choices=AgencyLevel.choices)
    time_zone = models.CharField(
        _("zona waktu"), max_length=32, choices=TimeZoneChoice.choices, default=TimeZoneChoice.WIB
    )
    place = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    # Agency settings (GEN-3); keys and defaults live in kinerja.org.config.
    settings = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=AgencyLevel.values), name="agency_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """ORG-1: CENTRAL or REGIONAL, derived from the level."""
        return AgencyKind.CENTRAL if self.level == AgencyLevel.CENTRAL else AgencyKind.REGIONAL


class OrgUnit(AgencyScopedModel, TimeStampedModel):
    # Indexed by the (agency, code) unique constraint that starts with it, not alone.
    agency = agency_key(db_index=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    code = models.CharField(_("kode unit"), max_length=64)
    name = models.CharField(_("nama unit"), max_length=255)
    kind = models.CharField(
        _("jenis unit"), max_length=16, choices=UnitKind.choices, default=UnitKind.OTHER
    )
    serves_public = models.BooleanField(_("melayani publik"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Materialised path of ids ("/1/5/23/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=1024, default="/", db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="orgunit_code_unique"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="orgunit_not_own_parent"
            ),
        ]
        indexes = [models.Index(fields=["agency", "path"])]

    def __str__(self) -> str:
        return self.name


def _type_level_condition() -> Q:
    condition = Q()
    for position_type, levels in LEVELS_BY_TYPE.items():
        condition |= Q(position_type=position_type) & one_of("level", levels)
    return condition


class Position(AgencyScopedModel, TimeStampedModel):
    # Indexed by the (agency, code) unique constraint that starts with it, not alone.
    agency = agency_key(db_index=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit kerja")
    )
    code = models.CharField(_("kode jabatan"), max_length=64)
    name = models.CharField(_("nama jabatan"), max_length=255)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=16, choices=PositionType.choices
    )
    level = models.CharField(_("jenjang"), max_length=16, choices=PositionLevel.choices)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="direct_reports",
        verbose_name=_("atasan langsung (jabatan)"),
    )
    is_unit_head = models.BooleanField(_("kepala unit"), default=False)
    independent_unit_head = models.BooleanField(_("pimpinan unit kerja mandiri"), default=False)
    pelaksana_group = models.CharField(
        _("kelompok pelaksana"), max_length=16, blank=True, choices=PelaksanaGroup.choices
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    path = models.CharField(max_length=1024, default="/", db_index=True)
    depth = models.PositiveSmallIntegerField(default=0)
    external_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="position_code_unique"),
            # ORG-3: at most one head position per unit.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_unit_head=True), name="position_one_head_per_unit"
            ),
            # REF-13: the level must belong to the type.
            models.CheckConstraint(condition=_type_level_condition(), name="position_type_level"),
            # REF-14: a pelaksana group only on a PELAKSANA position.
            models.CheckConstraint(
                condition=Q(pelaksana_group="") | Q(level="PELAKSANA"),
                name="position_group_only_pelaksana",
            ),
            models.CheckConstraint(
                condition=~Q(reports_to=models.F("id")), name="position_not_own_superior"
            ),
        ]
        indexes = [models.Index(fields=["agency", "path"])]

    def __str__(self) -> str:
        return self.name


class EmployeeType(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")


class Grade(models.Model):
    """REF-11 (17 PNS golongan) and REF-12 (PPPK golongan I–XVII); system data."""

    code = models.CharField(max_length=8)
    employee_type = models.CharField(max_length=4, choices=EmployeeType.choices)
    pangkat = models.CharField(max_length=64, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["employee_type", "order"]
        constraints = [
            models.UniqueConstraint(fields=["employee_type", "code"], name="grade_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pangkat} ({self.code})" if self.pangkat else self.code


class ExternalOfficial(AgencyScopedModel):
    """ORG-7: an appraiser or approver who is not an ASN employee (a minister, a Kepala Daerah)."""

    name = models.CharField(_("nama"), max_length=200)
    position_title = models.CharField(_("jabatan"), max_length=200)
    role = models.CharField(_("peran"), max_length=32, choices=OfficialRole.choices)
    nip = models.CharField(_("NIP (opsional)"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("pejabat non-ASN")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") & ~Q(position_title=""), name="external_official_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position_title})"
