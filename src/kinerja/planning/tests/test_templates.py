"""Plan templates: HR publishes, then applies to many DRAFT plans set-based."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.testing import make_employee, make_position
from kinerja.planning.models import Indicator, PerformancePlan, PlanAnnexItem, PlanTemplate
from kinerja.planning.services.cycles import cycle_generate_plans
from kinerja.planning.services.templates import (
    plan_template_apply_bulk,
    template_publish,
    template_save,
)
from kinerja.planning.tests.factories import build_org, first_rule, open_cycle, plan_of

pytestmark = pytest.mark.django_db

CONTENT = {
    "work_results": [
        {
            "kind": "MAIN",
            "text": "Terlaksananya pelayanan administrasi umum",
            "indicators": [
                {
                    "text": "Jumlah surat yang diproses",
                    "aspect": "QUANTITY",
                    "target_value": 1200,
                    "target_unit": "Surat",
                },
                {
                    "text": "Persentase surat tanpa kesalahan",
                    "aspect": "QUALITY",
                    "target_value": 100,
                    "target_unit": "%",
                },
                {
                    "text": "Ketepatan waktu pemrosesan",
                    "aspect": "TIME",
                    "target_value": 12,
                    "target_unit": "Bulan",
                },
            ],
        }
    ],
    "annex": [{"section": "RESOURCE_SUPPORT", "text": "Komputer dan printer"}],
}


def _template(org, **fields):
    template = PlanTemplate(
        agency=org.agency,
        name="Pelaksana administrasi",
        position_type="JA",
        level="PELAKSANA",
        content=CONTENT,
        **fields,
    )
    return template_publish(actor=org.hr, template=template_save(actor=org.hr, template=template))


def _grow(org, count):
    for n in range(count):
        position = make_position(
            org.staff_pos.unit, f"Pengadministrasi {n}", reports_to=org.kabid_pos
        )
        make_employee(org.agency, f"Pelaksana {n}", position=position)


def test_template_applies_to_matching_drafts_and_skips_others():
    org = build_org()
    cycle = open_cycle(org)
    template = _template(org)
    plans = list(PerformancePlan.objects.filter(cycle=cycle))
    result = plan_template_apply_bulk(actor=org.hr, template=template, plans=plans)
    assert result.applied == 1  # only the Pelaksana
    assert len(result.skipped) == 4
    staff = plan_of(org.staff, cycle)
    assert Indicator.objects.filter(work_result__plan=staff).count() == 3
    assert PlanAnnexItem.objects.get(plan=staff).text == "Komputer dan printer"


def test_apply_is_set_based(settings):
    org = build_org()
    cycle = open_cycle(org)
    template = _template(org)

    def apply_counting():
        plans = list(
            PerformancePlan.objects.filter(cycle=cycle, family="JA_JF", work_results__isnull=True)
        )
        with CaptureQueriesContext(connection) as ctx:
            result = plan_template_apply_bulk(actor=org.hr, template=template, plans=plans)
        return result.applied, len(ctx.captured_queries)

    applied_small, small = apply_counting()
    _grow(org, 20)
    cycle_generate_plans(actor=org.hr, cycle=cycle)
    applied_large, large = apply_counting()
    assert (applied_small, applied_large) == (1, 20)
    assert small == large


def test_template_with_a_narrative_target_skips_quantitative_plans_PLAN_13():
    """PLAN-13."""
    org = build_org()
    cycle = open_cycle(org)
    content = {
        "work_results": [
            {
                "text": "Layanan",
                "indicators": [
                    {
                        "text": "Kualitas layanan",
                        "aspect": "QUALITY",
                        "target_kind": "TEXT",
                        "target_text": "Tanpa keluhan",
                    }
                ],
            }
        ]
    }
    template = PlanTemplate(
        agency=org.agency, name="Kualitatif", position_type="JA", content=content
    )
    template = template_publish(
        actor=org.hr, template=template_save(actor=org.hr, template=template)
    )
    result = plan_template_apply_bulk(
        actor=org.hr, template=template, plans=[plan_of(org.staff, cycle)]
    )
    assert result.applied == 0
    assert "PLAN-13" in result.skipped[0][1]


def test_template_content_is_validated():
    org = build_org()
    bad = PlanTemplate(
        agency=org.agency,
        name="Salah",
        position_type="JA",
        content={"work_results": [{"text": "X", "indicators": [{"text": "Y", "aspect": "BIAYA"}]}]},
    )
    with pytest.raises(ValidationError) as error:
        template_save(actor=org.hr, template=bad)
    assert first_rule(error.value) == "REF-7"
    assert not PlanTemplate.objects.exists()


def test_only_hr_publishes_templates():
    org = build_org()
    template = PlanTemplate(agency=org.agency, name="T", position_type="JA", content=CONTENT)
    with pytest.raises(PermissionDenied):
        template_save(actor=org.users["kabid"], template=template)
    assert not PlanTemplate.objects.exists()


def test_unpublished_template_is_not_applied():
    org = build_org()
    cycle = open_cycle(org)
    template = template_save(
        actor=org.hr,
        template=PlanTemplate(agency=org.agency, name="Draf", position_type="JA", content=CONTENT),
    )
    with pytest.raises(ValidationError):
        plan_template_apply_bulk(actor=org.hr, template=template, plans=[plan_of(org.staff, cycle)])
    assert not Indicator.objects.exists()
