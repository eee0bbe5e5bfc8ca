"""Planning over the API: cycles, plans and their content, the PLAN-20 workflow, the cascade, the
completion dashboard and the role–result matrix — the same services and selectors as the pages.

The organisation comes from ``planning.tests.factories``: Sekda ← Kepala Dinas ← Kepala Bidang ←
staff. A joiner arrives after the cycle opened, so their plan is created through the API.
"""

import datetime as dt

import pytest

from kinerja.accounts.models import Role
from kinerja.core.testing import make_agency, make_employee, make_position, make_unit, make_user
from kinerja.planning.choices import PlanStatus
from kinerja.planning.models import (
    Cycle,
    Dialogue,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    PlanEvent,
    WorkResult,
)
from kinerja.planning.tests.factories import add_work_result, build_org, open_cycle, plan_of

pytestmark = pytest.mark.django_db

THREE_INDICATORS = (
    {"text": "Jumlah laporan", "aspect": "QUANTITY", "target_value": "2", "target_unit": "Laporan"},
    {"text": "Kesesuaian laporan", "aspect": "QUALITY", "target_value": "100", "target_unit": "%"},
    {"text": "Ketepatan waktu", "aspect": "TIME", "target_value": "12", "target_unit": "Bulan"},
)


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def cycle(org):
    return open_cycle(org)


@pytest.fixture
def leader_result(org, cycle):
    """The Kepala Bidang's plan is approved (setup) with one work result to intervene."""
    plan = plan_of(org.kabid, cycle)
    result = add_work_result(plan, "Meningkatnya mutu layanan pendidikan dasar")
    plan.status = PlanStatus.APPROVED
    plan.save(update_fields=["status"])
    return result


@pytest.fixture
def joiner(org, cycle):
    """A new member of the Kepala Bidang's staff from 1 March, with a login and no plan yet."""
    position = make_position(org.staff_pos.unit, "Pranata Komputer", reports_to=org.kabid_pos)
    employee = make_employee(
        org.agency, "Pegawai Baru", position=position, start=dt.date(2026, 3, 1)
    )
    return make_user(employee)


def _snapshot(plan_id):
    plan = PerformancePlan.objects.get(pk=plan_id)
    return (
        plan.status,
        plan.hr_reviewed_at,
        plan.approved_at,
        plan.header_snapshot,
        PlanEvent.objects.filter(plan=plan).count(),
    )


def _draft_with_content(api, org, cycle, joiner, leader_result, *, supports=True):
    created = api.post("/plans", joiner, {"cycle": cycle.pk, "employee": joiner.employee.nip})
    assert created.status_code == 201, created.json()
    plan_id = created.json()["plan"]["id"]
    body = {"text": "Tersusunnya laporan aplikasi sekolah", "kind": "MAIN"}
    if supports:
        body["supports_id"] = leader_result.pk
    result = api.post(f"/plans/{plan_id}/work-results", joiner, body)
    assert result.status_code == 201, result.json()
    for indicator in THREE_INDICATORS:
        added = api.post(f"/work-results/{result.json()['id']}/indicators", joiner, indicator)
        assert added.status_code == 201, added.json()
    dialogue = api.post(
        f"/plans/{plan_id}/dialogues",
        joiner,
        {"date": "2026-03-02", "topic": "PLANNING", "notes": "Dialog awal"},
    )
    assert dialogue.status_code == 201, dialogue.json()
    return plan_id


# The whole flow --------------------------------------------------------------------------------


def test_plan_flow_create_content_dialogue_submit_review_approve(
    api, org, cycle, joiner, leader_result
):
    plan_id = _draft_with_content(api, org, cycle, joiner, leader_result)
    kabid = org.users["kabid"]

    submitted = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "submit"})
    reviewed = api.post(f"/plans/{plan_id}/transitions", org.hr, {"action": "review"})
    approved = api.post(f"/plans/{plan_id}/transitions", kabid, {"action": "approve"})

    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "SUBMITTED"
    assert submitted.json()["applied"] is True
    assert submitted.json()["warnings"] == []
    assert reviewed.json()["status"] == "SUBMITTED"
    assert reviewed.json()["plan"]["hr_reviewed_at"] is not None
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "APPROVED"
    detail = api.get(f"/plans/{plan_id}", joiner).json()
    assert detail["status"] == "APPROVED"
    assert detail["period_start"] == "2026-03-01"  # PLAN-26: a joiner's plan starts on joining
    assert detail["family"] == "JA_JF"
    assert detail["appraiser"]["nip"] == org.kabid.nip
    assert detail["header_snapshot"]["employee"]["nip"] == joiner.employee.nip
    [work_result] = detail["work_results"]
    assert work_result["supports"]["id"] == leader_result.pk
    assert work_result["supports"]["employee"] == "Kabid"
    assert [i["aspect"] for i in work_result["indicators"]] == ["QUANTITY", "QUALITY", "TIME"]
    assert [b["name"] for b in detail["behaviours"]][:2] == ["Berorientasi Pelayanan", "Akuntabel"]
    assert len(detail["behaviours"]) == 7
    assert [e["action"] for e in detail["events"]][-3:] == ["submit", "review", "approve"]
    assert detail["allowed_actions"] == []


def test_submit_blocked_without_supports_PLAN_8(api, org, cycle, joiner, leader_result):
    plan_id = _draft_with_content(api, org, cycle, joiner, leader_result, supports=False)
    before = _snapshot(plan_id)

    response = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "submit"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["rule"] == "PLAN-8"
    assert "PLAN-8" in body["message"]
    assert _snapshot(plan_id) == before


def test_approval_by_non_appraiser_is_403_PLAN_21(api, org, cycle, joiner, leader_result):
    plan_id = _draft_with_content(api, org, cycle, joiner, leader_result)
    api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "submit"})
    api.post(f"/plans/{plan_id}/transitions", org.hr, {"action": "review"})
    before = _snapshot(plan_id)

    by_kadis = api.post(f"/plans/{plan_id}/transitions", org.users["kadis"], {"action": "approve"})
    by_self = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "approve"})
    by_hr = api.post(f"/plans/{plan_id}/transitions", org.hr, {"action": "approve"})

    assert [by_kadis.status_code, by_self.status_code, by_hr.status_code] == [403, 403, 403]
    assert by_kadis.json()["code"] == "forbidden"
    assert _snapshot(plan_id) == before


def test_reject_needs_a_note_then_reopen_PLAN_20(api, org, cycle, joiner, leader_result):
    plan_id = _draft_with_content(api, org, cycle, joiner, leader_result)
    kabid = org.users["kabid"]
    api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "submit"})

    without_note = api.post(f"/plans/{plan_id}/transitions", kabid, {"action": "reject"})
    rejected = api.post(
        f"/plans/{plan_id}/transitions",
        kabid,
        {"action": "reject", "note": "Target kualitas belum jelas"},
    )
    reopened = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "reopen"})

    assert without_note.status_code == 422
    assert without_note.json()["rule"] == "PLAN-20"
    assert rejected.json()["status"] == "REJECTED"
    assert rejected.json()["plan"]["status"] == "REJECTED"
    assert reopened.json()["status"] == "DRAFT"


def test_transition_not_in_table_is_422_PLAN_20(api, org, cycle, joiner, leader_result):
    plan_id = _draft_with_content(api, org, cycle, joiner, leader_result)

    response = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "reopen"})
    unknown = api.post(f"/plans/{plan_id}/transitions", joiner, {"action": "publish"})

    assert response.status_code == 422
    assert response.json()["rule"] == "PLAN-20"
    assert unknown.status_code == 422
    assert unknown.json()["rule"] == "GEN-1"


def test_another_agencys_plan_is_404(api, org, cycle, leader_result):
    other = make_agency("lain")
    unit = make_unit(other, "Dinas Lain")
    stranger = make_user(make_employee(other, "Orang Lain", position=make_position(unit, "Staf")))
    foreign_hr = make_user(agency=other, roles=(Role.HR_ADMIN,))
    plan = plan_of(org.staff, cycle)
    before = _snapshot(plan.pk)

    for user in (stranger, foreign_hr):
        assert api.get(f"/plans/{plan.pk}", user).status_code == 404
        assert api.patch(f"/plans/{plan.pk}", user, {"approach": "QUALITATIVE"}).status_code == 404
        assert (
            api.post(f"/plans/{plan.pk}/transitions", user, {"action": "submit"}).status_code == 404
        )
        assert (
            api.post(f"/plans/{plan.pk}/work-results", user, {"text": "Sisipan"}).status_code == 404
        )
        assert api.get(f"/cycles/{cycle.pk}", user).status_code == 404
        assert (
            api.patch(f"/work-results/{leader_result.pk}", user, {"text": "Diubah"}).status_code
            == 404
        )
    assert _snapshot(plan.pk) == before
    assert WorkResult.objects.get(pk=leader_result.pk).text == leader_result.text
    assert api.get("/plans", stranger).json()["count"] == 0


# Plans: list, create, patch ---------------------------------------------------------------------


def test_plan_list_is_scoped_filtered_and_paginated(api, org, cycle):
    everyone = api.get(f"/plans?cycle={cycle.pk}&page_size=2", org.hr).json()
    mine = api.get("/plans", org.users["staff"]).json()
    by_nip = api.get(f"/plans?employee={org.kabid.nip}", org.hr).json()
    drafts = api.get("/plans?status=APPROVED", org.hr).json()

    assert set(everyone) == {"items", "count", "page", "page_size"}
    assert everyone["count"] == 5
    assert len(everyone["items"]) == 2
    assert everyone["page_size"] == 2
    assert [p["employee"]["nip"] for p in mine["items"]] == [org.staff.nip]
    assert [p["employee"]["name"] for p in by_nip["items"]] == ["Kabid"]
    assert drafts["count"] == 0


def test_plan_create_for_someone_out_of_sight_is_refused(api, org, cycle, joiner):
    response = api.post(
        "/plans", org.users["jf"], {"cycle": cycle.pk, "employee": joiner.employee.nip}
    )

    assert response.status_code == 422
    assert response.json()["fields"] == {"employee": ["Data yang dirujuk tidak ditemukan."]}
    assert not PerformancePlan.objects.filter(employee=joiner.employee).exists()


def test_plan_create_for_staff_by_supervisor_is_403_PLAN_24(api, org, cycle, joiner):
    response = api.post(
        "/plans", org.users["kabid"], {"cycle": cycle.pk, "employee": joiner.employee.nip}
    )
    by_hr = api.post("/plans", org.hr, {"cycle": cycle.pk, "employee": joiner.employee.nip})

    assert response.status_code == 403
    assert by_hr.status_code == 201
    assert PerformancePlan.objects.filter(employee=joiner.employee).count() == 1


def test_plan_create_with_wrong_family_is_422_PLAN_3(api, org, cycle, joiner):
    response = api.post(
        "/plans", joiner, {"cycle": cycle.pk, "employee": joiner.employee.nip, "family": "JPT"}
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "PLAN-3"
    assert not PerformancePlan.objects.filter(employee=joiner.employee).exists()


def test_patch_approach_in_draft_only_PLAN_4(api, org, cycle):
    plan = plan_of(org.staff, cycle)

    changed = api.patch(f"/plans/{plan.pk}", org.users["staff"], {"approach": "QUALITATIVE"})
    PerformancePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    refused = api.patch(f"/plans/{plan.pk}", org.users["staff"], {"approach": "QUANTITATIVE"})

    assert changed.status_code == 200
    assert changed.json()["approach"] == "QUALITATIVE"
    assert refused.status_code == 422
    assert refused.json()["rule"] == "PLAN-4"
    assert PerformancePlan.objects.get(pk=plan.pk).approach == "QUALITATIVE"


# Work results, indicators, annex, expectations ------------------------------------------------


def test_work_result_supports_must_be_the_appraisers_PLAN_8(api, org, cycle, leader_result):
    plan = plan_of(org.staff, cycle)
    colleague_result = add_work_result(plan_of(org.jf, cycle), "Hasil rekan")

    response = api.post(
        f"/plans/{plan.pk}/work-results",
        org.users["staff"],
        {"text": "RHK staf", "supports_id": colleague_result.pk},
    )
    missing = api.post(
        f"/plans/{plan.pk}/work-results",
        org.users["staff"],
        {"text": "RHK staf", "supports_id": 999999},
    )

    assert response.status_code == 422
    assert response.json()["rule"] == "PLAN-8"
    assert missing.status_code == 422
    assert missing.json()["fields"] == {"supports_id": ["Data yang dirujuk tidak ditemukan."]}
    assert not WorkResult.objects.filter(plan=plan).exists()


def test_work_result_patch_relinks_and_delete(api, org, cycle, leader_result):
    plan = plan_of(org.staff, cycle)
    user = org.users["staff"]
    created = api.post(f"/plans/{plan.pk}/work-results", user, {"text": "RHK staf"}).json()
    assert created["supports"] is None

    linked = api.patch(f"/work-results/{created['id']}", user, {"supports_id": leader_result.pk})
    renamed = api.patch(
        f"/work-results/{created['id']}",
        user,
        {"text": "RHK staf (baru)", "assigned_by": "Kepala Dinas"},
    )
    deleted = api.delete(f"/work-results/{created['id']}", user)

    assert linked.json()["supports"]["id"] == leader_result.pk
    assert renamed.json()["text"] == "RHK staf (baru)"
    assert renamed.json()["assigned_by"] == "Kepala Dinas"
    assert renamed.json()["supports"]["id"] == leader_result.pk  # untouched by the second patch
    assert deleted.status_code == 204
    assert not WorkResult.objects.filter(pk=created["id"]).exists()


def test_indicator_rules_PLAN_11_PLAN_13(api, org, cycle, leader_result):
    plan = plan_of(org.staff, cycle)
    user = org.users["staff"]
    result = api.post(
        f"/plans/{plan.pk}/work-results",
        user,
        {"text": "RHK staf", "supports_id": leader_result.pk},
    ).json()
    url = f"/work-results/{result['id']}/indicators"

    no_unit = api.post(url, user, {"text": "Jumlah", "aspect": "QUANTITY", "target_value": "2"})
    perspective = api.post(
        url,
        user,
        {
            "text": "Jumlah",
            "aspect": "QUANTITY",
            "target_value": "2",
            "target_unit": "Dok",
            "perspective": "ANGGARAN",
        },
    )
    bad_range = api.post(
        url,
        user,
        {
            "text": "Rentang",
            "aspect": "QUALITY",
            "target_kind": "RANGE",
            "target_min": "100",
            "target_max": "80",
            "target_unit": "%",
        },
    )
    text_in_quantitative = api.post(
        url,
        user,
        {"text": "Narasi", "aspect": "QUALITY", "target_kind": "TEXT", "target_text": "Baik"},
    )
    good = api.post(
        url,
        user,
        {
            "text": "Rentang",
            "aspect": "QUALITY",
            "target_kind": "RANGE",
            "target_min": "80",
            "target_max": "100.5",
            "target_unit": "%",
        },
    )
    patched = api.patch(f"/indicators/{good.json()['id']}", user, {"target_max": "100"})

    assert [r.status_code for r in (no_unit, perspective, bad_range, text_in_quantitative)] == [
        422,
        422,
        422,
        422,
    ]
    assert {r.json()["rule"] for r in (no_unit, bad_range, text_in_quantitative)} == {"PLAN-13"}
    assert perspective.json()["rule"] == "PLAN-11"
    assert good.status_code == 201
    assert good.json()["target_max"] == "100.5"
    assert patched.json()["target_max"] == "100"
    assert patched.json()["target_min"] == "80"
    assert api.delete(f"/indicators/{good.json()['id']}", user).status_code == 204
    assert not Indicator.objects.filter(work_result_id=result["id"]).exists()


def test_annex_items_and_expectation_by_appraiser_only_PLAN_17_PLAN_18(api, org, cycle):
    plan = plan_of(org.staff, cycle)
    staff, kabid = org.users["staff"], org.users["kabid"]
    row = plan.behaviour_expectations.get(value="AKUNTABEL")

    item = api.post(
        f"/plans/{plan.pk}/annex-items", staff, {"section": "RESOURCE_SUPPORT", "text": "Laptop"}
    )
    empty = api.post(
        f"/plans/{plan.pk}/annex-items", staff, {"section": "CONSEQUENCES", "text": "  "}
    )
    moved = api.patch(f"/annex-items/{item.json()['id']}", staff, {"section": "CONSEQUENCES"})
    by_employee = api.patch(f"/behaviour-expectations/{row.pk}", staff, {"expectation": "X"})
    by_appraiser = api.patch(
        f"/behaviour-expectations/{row.pk}", kabid, {"expectation": "Laporan tepat waktu"}
    )

    assert item.status_code == 201
    assert item.json()["section"] == "RESOURCE_SUPPORT"
    assert empty.status_code == 422
    assert empty.json()["rule"] == "PLAN-18"
    assert moved.json()["section"] == "CONSEQUENCES"
    assert by_employee.status_code == 422
    assert by_employee.json()["rule"] == "PLAN-17"
    assert by_appraiser.status_code == 200
    assert by_appraiser.json()["expectation"] == "Laporan tepat waktu"
    assert by_appraiser.json()["name"] == "Akuntabel"
    assert len(by_appraiser.json()["guide_behaviours"]) == 3
    assert api.delete(f"/annex-items/{item.json()['id']}", staff).status_code == 204


def test_dialogue_recorded_and_listed_EXEC_10(api, org, cycle):
    plan = plan_of(org.staff, cycle)

    created = api.post(
        f"/plans/{plan.pk}/dialogues",
        org.users["kabid"],
        {"date": "2026-01-06", "topic": "PLANNING", "notes": "Sepakat target"},
    )
    listed = api.get(f"/plans/{plan.pk}/dialogues", org.users["staff"])

    assert created.status_code == 201
    assert created.json()["employee"]["nip"] == org.staff.nip
    assert created.json()["appraiser"]["nip"] == org.kabid.nip
    assert [d["notes"] for d in listed.json()] == ["Sepakat target"]
    assert Dialogue.objects.filter(plan=plan, topic="PLANNING").count() == 1


def test_revise_approved_plan_only_PLAN_28(api, org, cycle):
    plan = plan_of(org.staff, cycle)
    not_approved = api.post(f"/plans/{plan.pk}/revise", org.users["staff"])
    PerformancePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    revised = api.post(f"/plans/{plan.pk}/revise", org.users["staff"])
    second = api.post(f"/plans/{plan.pk}/revise", org.users["staff"])

    assert not_approved.status_code == 422
    assert not_approved.json()["rule"] == "PLAN-28"
    assert revised.status_code == 201
    assert revised.json()["version"] == 2
    assert revised.json()["previous_version"] == plan.pk
    assert revised.json()["status"] == "DRAFT"
    assert second.status_code == 422
    assert second.json()["rule"] == "PLAN-28"


def test_copy_previous_years_plan(api, org, cycle):
    last_year = open_cycle(org, year=2025)
    old_plan = plan_of(org.staff, last_year)
    add_work_result(old_plan, "RHK tahun lalu")
    PerformancePlan.objects.filter(pk=old_plan.pk).update(status=PlanStatus.CLOSED)
    plan = plan_of(org.staff, cycle)

    copied = api.post(f"/plans/{plan.pk}/copy-previous", org.users["staff"])
    nothing = api.post(f"/plans/{plan_of(org.jf, cycle).pk}/copy-previous", org.users["jf"])

    assert copied.status_code == 200
    assert copied.json() == {"created": 1, "warnings": []}
    assert list(WorkResult.objects.filter(plan=plan).values_list("text", flat=True)) == [
        "RHK tahun lalu"
    ]
    assert Indicator.objects.filter(work_result__plan=plan).count() == 3
    assert nothing.status_code == 422
    assert nothing.json()["message"] == "Tidak ada SKP tahun lalu untuk disalin."


# Cycles, cascade, completion, matrix ------------------------------------------------------------


def test_cycles_list_detail_open_and_generate(api, org, cycle):
    listed = api.get("/cycles", org.users["staff"]).json()
    detail = api.get(f"/cycles/{cycle.pk}", org.users["staff"]).json()
    by_staff = api.post("/cycles", org.users["staff"], {"year": 2027})
    opened = api.post("/cycles", org.hr, {"year": 2027, "grid": "QUARTERLY"})
    again = api.post("/cycles", org.hr, {"year": 2027})
    generated = api.post(f"/cycles/{cycle.pk}/generate-plans", org.hr)
    generate_by_staff = api.post(f"/cycles/{cycle.pk}/generate-plans", org.users["staff"])

    assert [c["year"] for c in listed["items"]] == [2026]
    assert detail["agency"] == org.agency.code
    assert len(detail["checkpoints"]) == 13  # MONTHLY + ANNUAL (EXEC-1)
    assert by_staff.status_code == 403
    assert opened.status_code == 201
    assert opened.json()["plans_created"] == 5
    assert [c["label"] for c in opened.json()["cycle"]["checkpoints"]] == [
        "TRIWULAN I",
        "TRIWULAN II",
        "TRIWULAN III",
        "TRIWULAN IV",
        "AKHIR",
    ]
    assert again.status_code == 422
    assert again.json()["rule"] == "PLAN-1"
    assert generated.json() == {"plans_created": 0}  # idempotent
    assert generate_by_staff.status_code == 403
    assert Cycle.objects.filter(agency=org.agency).count() == 2


def test_cascade_tree_and_completion(api, org, cycle, leader_result):
    staff_plan = plan_of(org.staff, cycle)
    add_work_result(staff_plan, "RHK staf", supports=leader_result)

    cascade = api.get(f"/cycles/{cycle.pk}/cascade", org.hr)
    refused = api.get(f"/cycles/{cycle.pk}/cascade", org.users["staff"])
    completion = api.get(f"/cycles/{cycle.pk}/completion", org.hr).json()
    # PLAN-29: like the page, monitoring is for HR, leaders, auditors and supervisors.
    not_monitor = api.get(f"/cycles/{cycle.pk}/completion", org.users["staff"])

    assert not_monitor.status_code == 403
    assert cascade.status_code == 200
    body = cascade.json()
    assert body["count"] == 5
    nodes = {n["employee_name"]: n for n in body["nodes"]}
    assert nodes["Sekda"]["parent_plan_id"] is None
    assert nodes["Staf"]["parent_plan_id"] == nodes["Kabid"]["plan_id"]
    assert nodes["Staf"]["depth"] == 3
    [leader] = nodes["Kabid"]["work_results"]
    assert leader["supported_by"] == [
        {"plan_id": staff_plan.pk, "employee_name": "Staf", "text": "RHK staf"}
    ]
    assert refused.status_code == 403
    # PLAN-29: an untouched generated draft counts as not started.
    assert completion["totals"] == {
        "NOT_STARTED": 3,
        "DRAFT": 1,
        "SUBMITTED": 0,
        "REJECTED": 0,
        "APPROVED": 1,
    }
    assert sum(u["total"] for u in completion["units"]) == 5


def test_cascade_root_and_depth_return_a_bounded_subtree(api, org, cycle, leader_result):
    staff_plan = plan_of(org.staff, cycle)
    add_work_result(staff_plan, "RHK staf", supports=leader_result)
    kadis_plan = plan_of(org.kadis, cycle)

    top = api.get(f"/cycles/{cycle.pk}/cascade?depth=1", org.hr)
    below = api.get(f"/cycles/{cycle.pk}/cascade?root={kadis_plan.pk}", org.hr)
    too_deep = api.get(f"/cycles/{cycle.pk}/cascade?depth=99", org.hr)
    unknown = api.get(f"/cycles/{cycle.pk}/cascade?root=999999", org.hr)

    assert [(n["employee_name"], n["depth"]) for n in top.json()["nodes"]] == [
        ("Sekda", 0),
        ("Kadis", 1),
    ]
    assert top.json()["count"] == 5
    body = below.json()
    assert body["count"] == 4
    nodes = {n["employee_name"]: n for n in body["nodes"]}
    assert list(nodes) == ["Kadis", "Kabid", "Staf", "Analis"]
    assert nodes["Kadis"]["parent_plan_id"] is None
    assert nodes["Staf"]["parent_plan_id"] == nodes["Kabid"]["plan_id"]
    [leader] = nodes["Kabid"]["work_results"]
    assert leader["supported_by"] == [
        {"plan_id": staff_plan.pk, "employee_name": "Staf", "text": "RHK staf"}
    ]
    assert (too_deep.status_code, unknown.status_code) == (422, 404)


def test_matrix_get_and_put_cells_PLAN_15(api, org, cycle):
    kadis_plan = plan_of(org.kadis, cycle)
    add_work_result(kadis_plan, "Meningkatnya partisipasi sekolah")
    indicator = Indicator.objects.get(work_result__plan=kadis_plan)
    kabid_plan = plan_of(org.kabid, cycle)
    kadis = org.users["kadis"]

    matrix = api.get(f"/plans/{kadis_plan.pk}/matrix", kadis).json()
    saved = api.call(
        "PUT",
        f"/plans/{kadis_plan.pk}/matrix/cells",
        kadis,
        {
            "cells": [
                {"indicator_id": indicator.pk, "plan_id": kabid_plan.pk, "text": "Peran Kabid"}
            ]
        },
    )

    assert [c["indicator_id"] for c in matrix["columns"]] == [indicator.pk]
    assert [r["employee_name"] for r in matrix["rows"]] == ["Kabid"]
    assert saved.status_code == 200, saved.json()
    [cell] = saved.json()
    assert cell["work_result"]["text"] == "Peran Kabid"
    assert cell["work_result"]["supports"]["id"] == indicator.work_result_id
    assert cell["revised"] is False
    again = api.get(f"/plans/{kadis_plan.pk}/matrix", kadis).json()
    assert again["rows"][0]["cells"][0]["text"] == "Peran Kabid"


def test_close_by_hr_with_reason_PLAN_20(api, org, cycle, leader_result):
    plan = leader_result.plan
    by_owner = api.post(f"/plans/{plan.pk}/transitions", org.users["kabid"], {"action": "close"})

    closed = api.post(
        f"/plans/{plan.pk}/transitions", org.hr, {"action": "close", "reason": "PERIOD_END"}
    )

    assert by_owner.status_code == 403
    assert closed.status_code == 200
    assert closed.json()["status"] == "CLOSED"
    plan.refresh_from_db()
    assert (plan.status, plan.closed_reason) == ("CLOSED", "PERIOD_END")


# -- transfers: the employee endpoint moves the plans too (PLAN-25) ----------------------------


def test_definitive_transfer_closes_the_plan_and_opens_a_draft_PLAN_25(api, org, cycle):
    old = plan_of(org.staff, cycle)
    post = make_position(org.kadis_pos.unit, "Analis Data", reports_to=org.kadis_pos)

    response = api.post(
        f"/employees/{org.staff.nip}/transfer",
        org.hr,
        {"position_id": post.pk, "start_date": "2026-07-01", "reason": "SK 12/2026"},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    new = PerformancePlan.objects.get(employee=org.staff, position=post)
    assert (body["plan_closed"], body["plan_opened"]) == (old.pk, new.pk)
    assert (body["closed"]["end_date"], body["opened"]["start_date"]) == (
        "2026-06-30",
        "2026-07-01",
    )
    old.refresh_from_db()
    assert (old.status, old.closed_reason, old.period_end) == (
        "CLOSED",
        "TRANSFER",
        dt.date(2026, 6, 30),
    )
    assert (new.status, new.period_start, new.appraiser_id) == (
        "DRAFT",
        dt.date(2026, 7, 1),
        org.kadis.pk,
    )


def test_acting_transfer_leaves_the_plan_alone_PLAN_25(api, org, cycle):
    old = plan_of(org.staff, cycle)
    post = make_position(org.kadis_pos.unit, "Analis Data", reports_to=org.kadis_pos)

    response = api.post(
        f"/employees/{org.staff.nip}/transfer",
        org.hr,
        {"position_id": post.pk, "start_date": "2026-07-01", "kind": "PLH"},
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["closed"], response.json()["plan_closed"]) == (None, None)
    assert response.json()["plan_opened"] is None
    assert list(PerformancePlan.objects.filter(employee=org.staff)) == [old]
    assert PerformancePlan.objects.get(pk=old.pk).status == "DRAFT"


def test_transfer_outside_the_cycle_is_422_and_saves_nothing_PLAN_25(api, org, cycle):
    post = make_position(org.kadis_pos.unit, "Analis Data", reports_to=org.kadis_pos)

    response = api.post(
        f"/employees/{org.staff.nip}/transfer",
        org.hr,
        {"position_id": post.pk, "start_date": "2027-02-01"},
    )

    assert response.status_code == 422
    assert (response.json()["rule"], list(response.json()["fields"])) == ("PLAN-25", ["start_date"])
    assert not org.staff.assignments.filter(position=post).exists()
    assert list(org.staff.assignments.values_list("end_date", flat=True)) == [None]
    assert PerformancePlan.objects.get(employee=org.staff).status == "DRAFT"


def test_matrix_cell_ids_too_large_for_the_database_are_422_not_500(api, org, cycle):
    kadis_plan = plan_of(org.kadis, cycle)
    add_work_result(kadis_plan, "Meningkatnya partisipasi sekolah")
    before = WorkResult.objects.count()

    response = api.call(
        "PUT",
        f"/plans/{kadis_plan.pk}/matrix/cells",
        org.users["kadis"],
        {"cells": [{"indicator_id": 2**70, "plan_id": 2**70, "text": "Peran"}]},
    )

    assert response.status_code == 422
    assert WorkResult.objects.count() == before


def test_patch_keeps_the_schema_limits_of_the_fields_sent(api, org, cycle, leader_result):
    plan = plan_of(org.staff, cycle)
    user = org.users["staff"]
    result = add_work_result(plan, "RHK staf", supports=leader_result)
    indicator = result.indicators.first()
    annex = api.post(
        f"/plans/{plan.pk}/annex-items", user, {"section": "CONSEQUENCES", "text": "Teguran"}
    ).json()

    answers = [
        api.patch(f"/work-results/{result.pk}", user, {"text": "x" * 4001}).status_code,
        api.patch(f"/work-results/{result.pk}", user, {"order": None}).status_code,
        api.patch(f"/indicators/{indicator.pk}", user, {"text": "x" * 4001}).status_code,
        api.patch(f"/indicators/{indicator.pk}", user, {"target_kind": None}).status_code,
        api.patch(f"/annex-items/{annex['id']}", user, {"text": "x" * 4001}).status_code,
        api.patch(f"/plans/{plan.pk}", user, {"approach": None}).status_code,
    ]

    assert answers == [422] * 6
    assert WorkResult.objects.get(pk=result.pk).text == "RHK staf"
    assert Indicator.objects.get(pk=indicator.pk).text == indicator.text
    assert PlanAnnexItem.objects.get(pk=annex["id"]).text == "Teguran"


def test_expectation_update_by_a_reader_only_is_403_and_changes_nothing(api, org, cycle):
    """Auditors read every plan but write none: 403 (as on the page), not a PLAN-17 422."""
    auditor = make_user(agency=org.agency, roles=(Role.AUDITOR,))
    row = plan_of(org.staff, cycle).behaviour_expectations.get(value="AKUNTABEL")

    response = api.patch(f"/behaviour-expectations/{row.pk}", auditor, {"expectation": "X"})

    assert response.status_code == 403
    row.refresh_from_db()
    assert row.expectation == ""


def _set_by_hr_body(joiner, leader_result, indicators=None):
    return {
        "employee": joiner.employee.nip,
        "work_results": [
            {
                "text": "Terkelolanya sistem informasi sekolah",
                "supports_id": leader_result.pk,
                "indicators": indicators
                if indicators is not None
                else [
                    {
                        "text": "Aplikasi aktif",
                        "aspect": "QUANTITY",
                        "target_value": "12",
                        "target_unit": "bulan",
                    },
                    {
                        "text": "Keluhan terjawab",
                        "aspect": "QUALITY",
                        "target_value": "100",
                        "target_unit": "%",
                    },
                    {
                        "text": "Tepat waktu",
                        "aspect": "TIME",
                        "target_value": "12",
                        "target_unit": "bulan",
                    },
                ],
            }
        ],
    }


def test_hr_sets_a_missing_plan_through_the_api_PLAN_24(api, org, cycle, joiner, leader_result):
    url = f"/cycles/{cycle.pk}/plans/set-by-hr"
    body = _set_by_hr_body(joiner, leader_result)

    not_hr = api.post(url, org.users["kabid"], body)
    empty = api.post(url, org.hr, _set_by_hr_body(joiner, leader_result, indicators=[]))
    other_agency = api.post(url, make_user(agency=make_agency("lain"), roles=("HR_ADMIN",)), body)
    assert not PerformancePlan.objects.filter(employee=joiner.employee).exists()
    done = api.post(url, org.hr, body)

    assert not_hr.status_code == 403, not_hr.json()
    assert (empty.status_code, empty.json()["rule"]) == (422, "PLAN-11")
    assert other_agency.status_code == 404
    assert done.status_code == 201, done.json()
    plan = PerformancePlan.objects.get(employee=joiner.employee)
    assert (plan.status, plan.set_by_hr, done.json()["plan"]["id"]) == ("APPROVED", True, plan.pk)
    assert plan.work_results.get().supports == leader_result
