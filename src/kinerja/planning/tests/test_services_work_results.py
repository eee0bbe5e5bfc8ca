"""RHK and IKI writes: kinds, links, targets, aspects, perspectives and pushing to staff."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.core.testing import make_employee, make_position
from kinerja.planning.choices import PERSPECTIVE_HELP, Perspective
from kinerja.planning.models import Indicator, PerformancePlan, WorkResult
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.services.plans import plan_revise
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.services.work_results import (
    indicator_delete,
    indicator_save,
    work_result_delete,
    work_result_push_to_staff,
    work_result_save,
)
from kinerja.planning.tests.factories import (
    TODAY,
    add_work_result,
    approved_chain,
    build_org,
    first_rule,
    make_ready,
    open_cycle,
    plan_of,
    submit_and_approve,
)

pytestmark = pytest.mark.django_db


def _staff_result(org, chain):
    return work_result_save(
        actor=org.users["staff"],
        plan=chain.staff,
        text="Terlaksananya pengelolaan surat",
        supports=chain.kabid_rhk,
    )


def test_work_result_has_no_weight_PLAN_6():
    """PLAN-6."""
    names = {f.name for f in WorkResult._meta.get_fields()}
    assert not [n for n in names if "weight" in n or "bobot" in n]


def test_empty_text_and_unknown_kind_are_rejected_PLAN_6_REF_9():
    """PLAN-6, REF-9."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        work_result_save(actor=org.users["staff"], plan=chain.staff, text="  ")
    assert first_rule(error.value) == "PLAN-6"
    with pytest.raises(ValidationError) as error:
        work_result_save(actor=org.users["staff"], plan=chain.staff, text="RHK", kind="UTAMA")
    assert first_rule(error.value) == "REF-9"
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_assigned_by_blank_is_rejected_PLAN_7():
    """PLAN-7."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        work_result_save(
            actor=org.users["staff"],
            plan=chain.staff,
            text="Tugas khusus",
            assigned_by="   ",
            supports=chain.kabid_rhk,
        )
    assert first_rule(error.value) == "PLAN-7"
    assert not WorkResult.objects.filter(plan=chain.staff).exists()
    saved = work_result_save(
        actor=org.users["staff"],
        plan=chain.staff,
        text="Tugas khusus",
        assigned_by=" Bupati ",
        supports=chain.kabid_rhk,
        kind="ADDITIONAL",
    )
    assert saved.assigned_by == "Bupati"


@pytest.mark.parametrize("target", ["text", "other_person", "other_cycle", "closed"])
def test_supports_must_be_the_appraisers_rhk_in_the_cycle_PLAN_8(target):
    """PLAN-8."""
    org = build_org()
    chain = approved_chain(org)
    if target == "text":
        supports = "Tersusunnya kebijakan teknis pendidikan dasar"
    elif target == "other_person":
        supports = chain.kadis_rhk  # the Kadis is not the staff's appraiser
    elif target == "other_cycle":
        old = cycle_open(actor=org.hr, agency=org.agency, year=2025).cycle
        supports = add_work_result(plan_of(org.kabid, old), "RHK tahun lalu")
    else:
        PerformancePlan.objects.filter(pk=chain.kabid.pk).update(status="CLOSED")
        supports = chain.kabid_rhk
    with pytest.raises(ValidationError) as error:
        work_result_save(
            actor=org.users["staff"], plan=chain.staff, text="RHK staf", supports=supports
        )
    assert first_rule(error.value) == "PLAN-8"
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_deleting_a_supported_rhk_of_approved_staff_is_rejected_PLAN_10():
    """PLAN-10."""
    org = build_org()
    chain = approved_chain(org)
    revision_rhk = chain.kabid_rhk  # referenced by nobody yet
    make_ready(chain.staff, supports=revision_rhk)
    submit_and_approve(org, chain.staff)
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    copy = WorkResult.objects.get(plan=revision, lineage=chain.kabid_rhk.lineage)
    # The staff's approved plan points at the old version; a draft staff links to the copy.
    jf_rhk = make_ready(chain.jf, supports=copy)
    PerformancePlan.objects.filter(pk=chain.jf.pk).update(status="SUBMITTED")
    with pytest.raises(ValidationError) as error:
        work_result_delete(actor=org.users["kabid"], work_result=copy)
    assert first_rule(error.value) == "PLAN-10"
    assert WorkResult.objects.filter(pk=copy.pk).exists()
    jf_rhk.refresh_from_db()
    assert jf_rhk.supports_id == copy.pk


def test_deleting_a_supported_rhk_flags_staff_drafts_PLAN_10():
    """PLAN-10."""
    org = build_org()
    chain = approved_chain(org)
    revision = plan_revise(actor=org.users["kabid"], plan=chain.kabid)
    copy = WorkResult.objects.get(plan=revision, lineage=chain.kabid_rhk.lineage)
    staff_rhk = make_ready(chain.staff, supports=copy)
    work_result_delete(actor=org.users["kabid"], work_result=copy)
    staff_rhk.refresh_from_db()
    assert (staff_rhk.supports_id, staff_rhk.supports_broken) == (None, True)
    with pytest.raises(ValidationError) as error:
        plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit", today=TODAY)
    assert "PLAN-10" in error.value.messages[0]


def test_content_edits_only_in_draft_PLAN_20():
    """PLAN-20."""
    org = build_org()
    chain = approved_chain(org)
    before = WorkResult.objects.filter(plan=chain.kabid).count()
    with pytest.raises(ValidationError) as error:
        work_result_save(
            actor=org.users["kabid"], plan=chain.kabid, text="Tambahan", supports=chain.kadis_rhk
        )
    assert first_rule(error.value) == "PLAN-20"
    with pytest.raises(ValidationError):
        indicator_save(
            actor=org.users["kabid"],
            work_result=chain.kabid_rhk,
            text="IKI",
            target_value="1",
            target_unit="Dokumen",
            aspect="QUANTITY",
        )
    with pytest.raises(ValidationError):
        work_result_delete(actor=org.users["kabid"], work_result=chain.kabid_rhk)
    assert WorkResult.objects.filter(plan=chain.kabid).count() == before


def test_outsiders_cannot_edit_content():
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(PermissionDenied):
        work_result_save(
            actor=org.users["jf"], plan=chain.staff, text="RHK", supports=chain.kabid_rhk
        )
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


# -- indicators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "rule", "field"),
    [
        ({"text": " "}, "PLAN-11", "text"),
        ({"target_value": None}, "PLAN-13", "target_value"),
        ({"target_unit": ""}, "PLAN-13", "target_unit"),
        ({"target_value": "dua"}, "PLAN-13", "target_value"),
        ({"target_kind": "RANGE", "target_min": "5", "target_max": "2"}, "PLAN-13", "target_min"),
        ({"target_kind": "RANGE", "target_min": "5"}, "PLAN-13", "target_min"),
        (
            {"target_kind": "TEXT", "target_text": "Laporan diterima pimpinan"},
            "PLAN-13",
            "target_kind",
        ),
        ({"target_kind": "PERSEN"}, "PLAN-13", "target_kind"),
        ({"aspect": "COST"}, "REF-7", "aspect"),
        ({"aspect": "BIAYA"}, "REF-7", "aspect"),
        ({"perspective": "PROSES_BISNIS"}, "PLAN-11", "perspective"),
        ({"perspective": "PENERIMAAN_LAYANAN"}, "REF-6", "perspective"),
    ],
)
def test_bad_indicator_input_is_rejected_and_nothing_saved(fields, rule, field):
    """PLAN-11, PLAN-13, REF-6, REF-7 on a JA/JF quantitative plan."""
    org = build_org()
    chain = approved_chain(org)
    result = _staff_result(org, chain)
    data = {
        "text": "Jumlah dokumen",
        "aspect": "QUANTITY",
        "target_value": "2",
        "target_unit": "Dokumen",
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        indicator_save(actor=org.users["staff"], work_result=result, **data)
    assert first_rule(error.value) == rule
    assert field in error.value.error_dict
    assert not Indicator.objects.filter(work_result=result).exists()


def test_number_range_and_text_targets_are_stored_as_decimals_PLAN_13():
    """PLAN-13."""
    org = build_org()
    chain = approved_chain(org)
    result = _staff_result(org, chain)
    number = indicator_save(
        actor=org.users["staff"],
        work_result=result,
        text="Persentase",
        aspect="QUALITY",
        target_value="99,5",
        target_unit="%",
    )
    assert number.target_value == Decimal("99.5")
    ranged = indicator_save(
        actor=org.users["staff"],
        work_result=result,
        text="Rentang",
        aspect="TIME",
        target_kind="RANGE",
        target_min="10",
        target_max="12",
        target_unit="Bulan",
    )
    assert (ranged.target_min, ranged.target_max) == (Decimal(10), Decimal(12))
    chain.staff.approach = "QUALITATIVE"
    chain.staff.save()
    text = indicator_save(
        actor=org.users["staff"],
        work_result=result,
        text="Kualitas",
        aspect="QUALITY",
        target_kind="TEXT",
        target_text="Laporan diterima pimpinan tanpa revisi",
        target_unit="ignored",
    )
    assert (text.target_text, text.target_unit, text.target_value) == (
        "Laporan diterima pimpinan tanpa revisi",
        "",
        None,
    )


def test_cost_aspect_allowed_when_enabled_REF_7():
    """REF-7."""
    org = build_org()
    org.agency.settings = {"aspect_cost_enabled": True}
    org.agency.save()
    chain = approved_chain(org)
    result = _staff_result(org, chain)
    saved = indicator_save(
        actor=org.users["staff"],
        work_result=result,
        text="Efisiensi",
        aspect="COST",
        target_value="95",
        target_unit="%",
    )
    assert saved.aspect == "COST"


def test_jpt_indicator_takes_a_perspective_PLAN_11_REF_6():
    """PLAN-11, REF-6."""
    org = build_org()
    cycle = open_cycle(org)
    sekda = plan_of(org.sekda, cycle)
    result = work_result_save(
        actor=org.users["sekda"], plan=sekda, text="Meningkatnya kualitas pelayanan publik"
    )
    saved = indicator_save(
        actor=org.users["sekda"],
        work_result=result,
        text="Indeks kepuasan masyarakat",
        perspective="PENERIMA_LAYANAN",
        target_value="85",
        target_unit="Indeks",
    )
    assert (saved.perspective, saved.aspect) == ("PENERIMA_LAYANAN", "")


def test_perspective_help_covers_every_perspective_PLAN_14():
    """PLAN-14."""
    assert set(PERSPECTIVE_HELP) == set(Perspective.values)
    assert all(str(text) for text in PERSPECTIVE_HELP.values())


def test_indicator_delete_in_draft():
    org = build_org()
    chain = approved_chain(org)
    result = _staff_result(org, chain)
    indicator = indicator_save(
        actor=org.users["staff"],
        work_result=result,
        text="Jumlah",
        aspect="QUANTITY",
        target_value="1",
        target_unit="Dokumen",
    )
    indicator_delete(actor=org.users["staff"], indicator=indicator)
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


# -- push to staff ---------------------------------------------------------------------------


def test_supervisor_pushes_one_rhk_to_several_staff_drafts():
    org = build_org()
    chain = approved_chain(org)
    outsider_position = make_position(org.kadis_pos.unit, "Staf Dinas", reports_to=org.kadis_pos)
    outsider = make_employee(org.agency, "Bukan Staf", position=outsider_position)
    indicators = [
        {
            "text": "Jumlah laporan",
            "aspect": "QUANTITY",
            "target_value": "12",
            "target_unit": "Laporan",
        }
    ]
    result = work_result_push_to_staff(
        actor=org.users["kabid"],
        source_work_result=chain.kabid_rhk,
        employees=[org.staff, org.jf, outsider],
        text="Tersusunnya laporan bulanan",
        indicators=indicators,
    )
    assert len(result.created) == 2
    assert len(result.skipped) == 1
    assert "Bukan Staf" in result.skipped[0]
    for plan in (chain.staff, chain.jf):
        pushed = WorkResult.objects.get(plan=plan)
        assert pushed.supports_id == chain.kabid_rhk.pk
        assert pushed.indicators.get().target_value == Decimal(12)


def test_push_with_a_bad_indicator_saves_nothing_PLAN_13():
    """PLAN-13."""
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(ValidationError) as error:
        work_result_push_to_staff(
            actor=org.users["kabid"],
            source_work_result=chain.kabid_rhk,
            employees=[org.staff, org.jf],
            text="Laporan",
            indicators=[{"text": "Jumlah", "aspect": "QUANTITY"}],
        )
    assert first_rule(error.value) == "PLAN-13"
    assert not WorkResult.objects.filter(plan__in=[chain.staff, chain.jf]).exists()


def test_only_the_owner_pushes_their_rhk():
    org = build_org()
    chain = approved_chain(org)
    with pytest.raises(PermissionDenied):
        work_result_push_to_staff(
            actor=org.users["staff"],
            source_work_result=chain.kabid_rhk,
            employees=[org.jf],
            text="Laporan",
        )
    assert not WorkResult.objects.filter(plan=chain.jf).exists()


def test_push_goes_into_the_newest_draft_when_a_staff_member_has_two_PLAN_8():
    """PLAN-8: with two DRAFT plans appraised by the pusher, the newest version takes the RHK."""
    org = build_org()
    chain = approved_chain(org)
    newer = PerformancePlan.objects.get(pk=chain.staff.pk)
    newer.pk, newer.version = None, 2
    newer.position = make_position(chain.staff.position.unit, "Staf Kedua")
    newer.save()
    result = work_result_push_to_staff(
        actor=org.users["kabid"],
        source_work_result=chain.kabid_rhk,
        employees=[org.staff],
        text="Tersusunnya laporan bulanan",
        indicators=[
            {
                "text": "Jumlah laporan",
                "aspect": "QUANTITY",
                "target_value": "12",
                "target_unit": "Laporan",
            }
        ],
    )
    assert len(result.created) == 1
    assert WorkResult.objects.filter(plan=newer, text="Tersusunnya laporan bulanan").exists()
    assert not WorkResult.objects.filter(
        plan=chain.staff, text="Tersusunnya laporan bulanan"
    ).exists()
