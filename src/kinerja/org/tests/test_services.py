"""Organisation writes: the unit tree (ORG-2), one head per unit (ORG-3), type–level (REF-13)."""

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.audit import audit_for
from kinerja.core.testing import make_agency, make_position, make_unit
from kinerja.org.models import OrgUnit, Position
from kinerja.org.services import position_save, unit_save

pytestmark = pytest.mark.django_db


def rule_codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


def test_unit_save_sets_materialised_path_and_depth():
    agency = make_agency()
    root = make_unit(agency, "Sekretariat Daerah")
    child = make_unit(agency, "Bagian Umum", parent=root)
    grandchild = make_unit(agency, "Subbagian TU", parent=child)

    assert root.path == f"/{root.pk}/"
    assert grandchild.path == f"/{root.pk}/{child.pk}/{grandchild.pk}/"
    assert (root.depth, child.depth, grandchild.depth) == (0, 1, 2)


def test_unit_move_rewrites_descendant_paths():
    agency = make_agency()
    first, second = make_unit(agency, "A"), make_unit(agency, "B")
    child = make_unit(agency, "A.1", parent=first)
    grandchild = make_unit(agency, "A.1.1", parent=child)

    child.parent = second
    unit_save(actor=None, unit=child)

    grandchild.refresh_from_db()
    assert grandchild.path == f"/{second.pk}/{child.pk}/{grandchild.pk}/"
    assert grandchild.depth == 2


def test_unit_cycle_rejected_ORG_2():
    agency = make_agency()
    root = make_unit(agency, "Dinas")
    child = make_unit(agency, "Bidang", parent=root)
    grandchild = make_unit(agency, "Seksi", parent=child)

    root.parent = grandchild
    with pytest.raises(ValidationError) as caught:
        unit_save(actor=None, unit=root)

    assert rule_codes(caught.value, "parent") == ["ORG-2"]
    root.refresh_from_db()
    assert root.parent_id is None
    assert root.path == f"/{root.pk}/"


def test_unit_parent_in_other_agency_rejected_ORG_2():
    agency, other = make_agency("satu"), make_agency("dua")
    foreign_parent = make_unit(other, "Dinas Lain")

    with pytest.raises(ValidationError) as caught:
        unit_save(
            actor=None, unit=OrgUnit(agency=agency, code="X1", name="Bidang", parent=foreign_parent)
        )

    assert rule_codes(caught.value, "parent") == ["ORG-2"]
    assert not OrgUnit.objects.filter(agency=agency).exists()


def test_unit_update_is_audited_with_before_and_after_GEN_4():
    agency = make_agency()
    unit = make_unit(agency, "Dinas Pendidikan")

    unit.name = "Dinas Pendidikan dan Kebudayaan"
    unit_save(actor=None, unit=unit)

    entries = list(audit_for(unit))
    assert [e.action for e in entries] == ["UPDATE", "CREATE"]
    assert entries[0].changes == {"name": ["Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"]}


def test_second_head_position_rejected_ORG_3():
    unit = make_unit(make_agency(), "Dinas")
    make_position(unit, "Kepala Dinas", position_type="JPT", level="PRATAMA", is_unit_head=True)

    with pytest.raises(ValidationError) as caught:
        make_position(
            unit, "Kepala Dinas Kedua", position_type="JPT", level="PRATAMA", is_unit_head=True
        )

    assert rule_codes(caught.value, "is_unit_head") == ["ORG-3"]
    assert Position.objects.filter(unit=unit).count() == 1


def test_head_of_another_unit_is_allowed_ORG_3():
    agency = make_agency()
    make_position(
        make_unit(agency, "A"),
        "Kepala A",
        position_type="JA",
        level="ADMINISTRATOR",
        is_unit_head=True,
    )
    second = make_position(
        make_unit(agency, "B"),
        "Kepala B",
        position_type="JA",
        level="ADMINISTRATOR",
        is_unit_head=True,
    )

    assert second.pk is not None


@pytest.mark.parametrize(
    ("position_type", "level"),
    [
        ("JA", "AHLI_MUDA"),
        ("JPT", "PELAKSANA"),
        ("JF_KEAHLIAN", "TERAMPIL"),
        ("JF_KETERAMPILAN", "PRATAMA"),
    ],
)
def test_invalid_type_level_pair_rejected_REF_13(position_type, level):
    unit = make_unit(make_agency(), "Dinas")

    with pytest.raises(ValidationError) as caught:
        make_position(unit, "Jabatan", position_type=position_type, level=level)

    assert rule_codes(caught.value, "level") == ["REF-13"]
    assert not Position.objects.exists()


def test_position_reporting_cycle_rejected():
    unit = make_unit(make_agency(), "Dinas")
    top = make_position(unit, "Kepala", position_type="JPT", level="PRATAMA")
    below = make_position(unit, "Staf", reports_to=top)

    top.reports_to = below
    with pytest.raises(ValidationError) as caught:
        position_save(actor=None, position=top)

    assert rule_codes(caught.value, "reports_to") == ["ORG-4"]
    top.refresh_from_db()
    assert top.reports_to_id is None


def test_unit_save_itself_keeps_hr_of_some_units_within_them_ORG_9():
    """Every caller (page, API, command) gets the check: it lives in the service."""
    from django.core.exceptions import PermissionDenied

    from kinerja.core.testing import hr_user

    agency = make_agency()
    office = make_unit(agency, "Dinas")
    mine, other = (
        make_unit(agency, "Bidang A", parent=office),
        make_unit(agency, "Bidang B", parent=office),
    )
    hr = hr_user(agency)
    hr.role_grants.get().units.add(mine)

    below = unit_save(actor=hr, unit=OrgUnit(agency=agency, parent=mine, code="A1", name="A1"))
    for parent in (other, None):
        with pytest.raises(PermissionDenied):
            unit_save(actor=hr, unit=OrgUnit(agency=agency, parent=parent, code="X", name="X"))
    below.parent = other
    with pytest.raises(PermissionDenied):
        unit_save(actor=hr, unit=below)

    assert OrgUnit.objects.get(pk=below.pk).parent == mine
    assert not OrgUnit.objects.filter(code="X").exists()
