"""Matriks Peran Hasil (PLAN-15): columns, rows, cells that become linked RHKs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.planning.models import Indicator, PerformancePlan, WorkResult
from kinerja.planning.selectors import role_result_matrix
from kinerja.planning.services.matrix import matrix_cell_save
from kinerja.planning.tests.factories import (
    add_planning_dialogue,
    add_work_result,
    approved_chain,
    build_org,
    first_rule,
    submit_and_approve,
)

pytestmark = pytest.mark.django_db


def _kabid_indicator(chain):
    return Indicator.objects.filter(work_result=chain.kabid_rhk).order_by("id").first()


def test_matrix_columns_are_indicators_and_rows_the_staff_directly_below_PLAN_15():
    """PLAN-15."""
    org = build_org()
    chain = approved_chain(org)
    matrix = role_result_matrix(chain.kadis)
    assert [c.work_result_id for c in matrix.columns] == [chain.kadis_rhk.pk]
    assert [(r.employee_id, r.plan_id) for r in matrix.rows] == [(org.kabid.pk, chain.kabid.pk)]
    staff_matrix = role_result_matrix(chain.kabid)  # a unit head gets it too
    assert len(staff_matrix.columns) == 3
    assert {r.employee_id for r in staff_matrix.rows} == {org.staff.pk, org.jf.pk}


def test_cell_creates_then_updates_a_linked_work_result_PLAN_15():
    """PLAN-15."""
    org = build_org()
    chain = approved_chain(org)
    indicator = _kabid_indicator(chain)
    first = matrix_cell_save(
        actor=org.users["kabid"],
        jpt_plan=chain.kabid,
        indicator=indicator,
        subordinate_plan=chain.staff,
        text="Menyiapkan 2 draf dokumen",
    )
    result = first.work_result
    assert (result.plan_id, result.supports_id, result.source_indicator_id) == (
        chain.staff.pk,
        chain.kabid_rhk.pk,
        indicator.pk,
    )
    assert first.revised is False
    second = matrix_cell_save(
        actor=org.users["kabid"],
        jpt_plan=chain.kabid,
        indicator=indicator,
        subordinate_plan=chain.staff,
        text="Menyiapkan 3 draf dokumen",
    )
    assert second.work_result.pk == result.pk
    assert WorkResult.objects.filter(plan=chain.staff).count() == 1
    matrix = role_result_matrix(chain.kabid)
    row = next(r for r in matrix.rows if r.employee_id == org.staff.pk)
    assert row.cells[0] == (result.pk, "Menyiapkan 3 draf dokumen")


def test_cell_for_someone_not_directly_below_is_rejected_PLAN_15():
    """PLAN-15."""
    org = build_org()
    chain = approved_chain(org)
    indicator = Indicator.objects.filter(work_result=chain.kadis_rhk).first()
    with pytest.raises(ValidationError) as error:
        matrix_cell_save(
            actor=org.users["kadis"],
            jpt_plan=chain.kadis,
            indicator=indicator,
            subordinate_plan=chain.staff,
            text="Peran staf",
        )
    assert first_rule(error.value) == "PLAN-15"
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_column_must_be_an_indicator_of_the_leader_plan_PLAN_15():
    """PLAN-15."""
    org = build_org()
    chain = approved_chain(org)
    foreign = Indicator.objects.filter(work_result=chain.kadis_rhk).first()
    with pytest.raises(ValidationError) as error:
        matrix_cell_save(
            actor=org.users["kabid"],
            jpt_plan=chain.kabid,
            indicator=foreign,
            subordinate_plan=chain.staff,
            text="Peran",
        )
    assert first_rule(error.value) == "PLAN-15"


def test_cell_on_an_approved_plan_creates_a_revision_PLAN_15_PLAN_28():
    """PLAN-15, PLAN-28."""
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, "Terlaksananya administrasi", supports=chain.kabid_rhk)
    add_planning_dialogue(chain.staff)
    submit_and_approve(org, chain.staff)
    result = matrix_cell_save(
        actor=org.users["kabid"],
        jpt_plan=chain.kabid,
        indicator=_kabid_indicator(chain),
        subordinate_plan=chain.staff,
        text="Menyusun ringkasan kebijakan",
    )
    assert result.revised is True
    assert result.plan.previous_version_id == chain.staff.pk
    assert result.plan.status == "DRAFT"
    chain.staff.refresh_from_db()
    assert chain.staff.status == "APPROVED"
    assert not WorkResult.objects.filter(plan=chain.staff, text__startswith="Menyusun").exists()
    again = matrix_cell_save(
        actor=org.users["kabid"],
        jpt_plan=chain.kabid,
        indicator=_kabid_indicator(chain),
        subordinate_plan=chain.staff,
        text="Menyusun dua ringkasan kebijakan",
    )
    assert again.plan.pk == result.plan.pk  # the open revision is reused
    assert PerformancePlan.objects.filter(employee=org.staff).count() == 2


def test_only_the_leader_fills_the_matrix():
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(PermissionDenied):
        matrix_cell_save(
            actor=org.users["staff"],
            jpt_plan=chain.kabid,
            indicator=_kabid_indicator(chain),
            subordinate_plan=chain.jf,
            text="Peran",
        )
    assert not WorkResult.objects.filter(plan=chain.jf).exists()


def test_matrix_not_offered_to_staff_plans_PLAN_15():
    """PLAN-15."""
    org = build_org()
    chain = approved_chain(org)
    staff_rhk = add_work_result(chain.staff, "RHK staf", supports=chain.kabid_rhk)
    with pytest.raises(ValidationError) as error:
        matrix_cell_save(
            actor=org.users["staff"],
            jpt_plan=chain.staff,
            indicator=staff_rhk.indicators.first(),
            subordinate_plan=chain.jf,
            text="Peran",
        )
    assert first_rule(error.value) == "PLAN-15"
