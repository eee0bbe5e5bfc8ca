"""Plan pages: My SKP, the plan page and its content forms (PLAN-2, PLAN-8, PLAN-11..PLAN-20)."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_position, make_user
from kinerja.planning.models import (
    BehaviourExpectation,
    Dialogue,
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    WorkResult,
)
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    add_work_result,
    approved_chain,
    build_org,
    make_ready,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def chain(org):
    return approved_chain(org)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def plan_url(plan, name="planning:plan-detail"):
    return reverse(name, kwargs={"pk": plan.pk})


def errors_of(response, form="form"):
    return {k: " ".join(v) for k, v in response.context[form].errors.items()}


# -- My SKP ---------------------------------------------------------------------------------


def test_my_plans_lists_the_employee_plan_of_the_current_cycle(client, org, chain):
    login(client, org.users["staff"])

    response = client.get(reverse("planning:my-plans"))

    assert response.status_code == 200
    assert response.context["plans"] == [chain.staff]


def test_employee_without_plan_creates_a_draft_with_seven_behaviour_rows_PLAN_2(client, org, chain):
    post = make_position(org.kabid_pos.unit, "Pengadministrasi Keuangan", reports_to=org.kabid_pos)
    newcomer = make_employee(org.agency, "Pegawai Baru", position=post)
    login(client, make_user(newcomer))
    assert client.get(reverse("planning:my-plans")).context["plans"] == []

    response = client.post(
        reverse("planning:plan-create", kwargs={"cycle_pk": chain.cycle.pk}),
        {"approach": "QUANTITATIVE"},
    )

    plan = PerformancePlan.objects.get(employee=newcomer)
    assert response.status_code == 302
    assert response.url == plan_url(plan)
    assert (plan.status, plan.family, plan.appraiser_id) == ("DRAFT", "JA_JF", org.kabid.pk)
    assert BehaviourExpectation.objects.filter(plan=plan).count() == 7


def test_plan_for_an_employee_without_position_shows_the_rule_PLAN_2(client, org, chain):
    login(client, make_user(make_employee(org.agency, "Tanpa jabatan")))

    response = client.post(
        reverse("planning:plan-create", kwargs={"cycle_pk": chain.cycle.pk}),
        {"approach": "QUANTITATIVE"},
    )

    assert response.status_code == 400  # no position to plan for (PLAN-2), shown on the form
    assert "PLAN-2" in str(response.context["create_form"].errors)
    assert PerformancePlan.objects.count() == 5


# -- the plan page ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "kabid", "kadis"])
def test_plan_page_is_open_to_the_employee_and_supervisors(client, org, chain, who):
    login(client, org.users[who])

    response = client.get(plan_url(chain.staff))

    assert response.status_code == 200
    assert response.context["plan"] == chain.staff


def test_plan_page_is_open_to_hr(client, org, chain):
    login(client, org.hr)

    assert client.get(plan_url(chain.staff)).status_code == 200


def test_plan_page_of_a_colleague_is_404(client, org, chain):
    login(client, org.users["jf"])

    assert client.get(plan_url(chain.staff)).status_code == 404


def test_plan_page_of_another_agency_is_404(client, org, chain):
    other = make_agency("lain")
    login(client, make_user(make_employee(other, "Orang Lain")))

    assert client.get(plan_url(chain.staff)).status_code == 404


def test_plan_page_needs_a_login(client, chain):
    response = client.get(plan_url(chain.staff))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_plan_page_shows_header_groups_behaviour_annex_and_history(client, org, chain):
    login(client, org.users["kabid"])

    response = client.get(plan_url(chain.kabid))

    context = response.context
    assert [label for label, _rows in context["groups"]] == ["Utama", "Tambahan"]
    assert context["groups"][0][1] == [chain.kabid_rhk]
    assert len(context["behaviours"]) == 7
    assert [label for label, _items in context["annex_sections"]] == [
        "Dukungan Sumber Daya",
        "Skema Pertanggungjawaban",
        "Konsekuensi",
    ]
    assert [e.to_status for e in context["events"]] == [
        "DRAFT",
        "SUBMITTED",
        "SUBMITTED",
        "APPROVED",
    ]
    assert "Kabid" in response.content.decode()
    assert chain.kadis_rhk.text in response.content.decode()  # the supported leader RHK


def test_supports_is_a_select_of_the_appraisers_work_results_only_PLAN_8(client, org, chain):
    login(client, org.users["staff"])

    response = client.get(plan_url(chain.staff))

    field = response.context["work_result_form"]["supports"]
    assert [value for value, _label in field.field.choices] == ["", str(chain.kabid_rhk.pk)]
    assert '<select name="wr-supports"' in response.content.decode()
    assert response.context["supervisor_pending"] is False  # the Kabid's plan is approved


# -- work results -----------------------------------------------------------------------------


def test_add_work_result_linked_to_the_leader_result(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:work-result-create"),
        {"wr-kind": "MAIN", "wr-text": "Terarsipnya surat", "wr-supports": chain.kabid_rhk.pk},
    )

    result = WorkResult.objects.get(plan=chain.staff)
    assert response.status_code == 302
    assert (result.text, result.kind, result.supports) == (
        "Terarsipnya surat",
        "MAIN",
        chain.kabid_rhk,
    )


def test_supports_outside_the_appraisers_plan_is_refused_PLAN_8(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:work-result-create"),
        {"wr-kind": "MAIN", "wr-text": "Terarsipnya surat", "wr-supports": chain.kadis_rhk.pk},
    )

    assert response.status_code == 400
    assert "supports" in errors_of(response, "work_result_form")
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_work_result_without_text_shows_the_rule_next_to_the_field_PLAN_6(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:work-result-create"),
        {"wr-kind": "MAIN", "wr-text": "  ", "wr-supports": chain.kabid_rhk.pk},
    )

    assert response.status_code == 400
    assert errors_of(response, "work_result_form")["text"] == (
        "Rencana hasil kerja wajib diisi (PLAN-6)."
    )
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_colleague_cannot_add_a_work_result(client, org, chain):
    login(client, org.users["jf"])

    response = client.post(
        plan_url(chain.staff, "planning:work-result-create"),
        {"wr-kind": "MAIN", "wr-text": "Disusupkan", "wr-supports": chain.kabid_rhk.pk},
    )

    assert response.status_code == 404
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_edit_work_result_page_saves_the_new_text(client, org, chain):
    result = add_work_result(chain.staff, "Lama", supports=chain.kabid_rhk)
    login(client, org.users["staff"])
    url = reverse("planning:work-result-edit", kwargs={"pk": result.pk})
    assert client.get(url).status_code == 200

    response = client.post(
        url, {"wr-kind": "MAIN", "wr-text": "Baru", "wr-supports": chain.kabid_rhk.pk}
    )

    result.refresh_from_db()
    assert response.status_code == 302
    assert result.text == "Baru"


def test_content_is_not_editable_after_submission_PLAN_20(client, org, chain):
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit")
    login(client, org.users["staff"])

    page = client.get(plan_url(chain.staff))
    response = client.post(
        plan_url(chain.staff, "planning:work-result-create"),
        {"wr-kind": "MAIN", "wr-text": "Terlambat", "wr-supports": chain.kabid_rhk.pk},
    )

    assert page.context["work_result_form"] is None
    assert response.status_code == 400
    assert "PLAN-20" in str(response.context["work_result_form"].errors)
    assert WorkResult.objects.filter(plan=chain.staff).count() == 1


def test_delete_work_result(client, org, chain):
    result = add_work_result(chain.staff, "Dihapus", supports=chain.kabid_rhk)
    login(client, org.users["staff"])

    response = client.post(reverse("planning:work-result-delete", kwargs={"pk": result.pk}))

    assert response.status_code == 302
    assert not WorkResult.objects.filter(pk=result.pk).exists()


# -- indicators -------------------------------------------------------------------------------


def indicator_post(**changes):
    data = {
        "text": "Jumlah surat diarsipkan",
        "aspect": "QUANTITY",
        "target_kind": "NUMBER",
        "target_value": "120",
        "target_unit": "Surat",
    }
    return {**data, **changes}


def test_add_indicator_with_a_numeric_target(client, org, chain):
    result = WorkResult.objects.create(agency=org.agency, plan=chain.staff, text="Arsip")
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:indicator-create", kwargs={"pk": result.pk}), indicator_post()
    )

    indicator = Indicator.objects.get(work_result=result)
    assert response.status_code == 302
    assert (indicator.aspect, indicator.target_value, indicator.target_unit) == (
        "QUANTITY",
        120,
        "Surat",
    )


def test_indicator_without_target_is_a_form_error_PLAN_13(client, org, chain):
    result = WorkResult.objects.create(agency=org.agency, plan=chain.staff, text="Arsip")
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:indicator-create", kwargs={"pk": result.pk}),
        indicator_post(target_value=""),
    )

    assert response.status_code == 400
    assert errors_of(response)["target_value"] == "Target wajib diisi (PLAN-13)."
    assert not Indicator.objects.filter(work_result=result).exists()


def test_numeric_target_without_unit_is_a_form_error_PLAN_13(client, org, chain):
    result = WorkResult.objects.create(agency=org.agency, plan=chain.staff, text="Arsip")
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:indicator-create", kwargs={"pk": result.pk}),
        indicator_post(target_unit=""),
    )

    assert response.status_code == 400
    assert "PLAN-13" in errors_of(response)["target_unit"]
    assert not Indicator.objects.filter(work_result=result).exists()


def test_text_target_in_a_quantitative_plan_is_refused_PLAN_13(client, org, chain):
    result = WorkResult.objects.create(agency=org.agency, plan=chain.staff, text="Arsip")
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:indicator-create", kwargs={"pk": result.pk}),
        indicator_post(target_kind="TEXT", target_text="Arsip tertib"),
    )

    assert response.status_code == 400
    assert "PLAN-13" in errors_of(response)["target_kind"]
    assert not Indicator.objects.filter(work_result=result).exists()


def test_jpt_indicator_form_asks_perspective_with_its_guidance_PLAN_14(client, org):
    cycle = open_cycle(org)
    result = WorkResult.objects.create(
        agency=org.agency, plan=plan_of(org.kadis, cycle), text="Akses pendidikan"
    )
    login(client, org.users["kadis"])

    response = client.get(reverse("planning:indicator-create", kwargs={"pk": result.pk}))

    form = response.context["form"]
    assert "perspective" in form.fields
    assert "Efektivitas atau efisiensi anggaran." in form.fields["perspective"].help_text


def test_ja_jf_indicator_form_has_no_perspective_PLAN_11(client, org):
    cycle = open_cycle(org)
    result = WorkResult.objects.create(
        agency=org.agency, plan=plan_of(org.staff, cycle), text="Arsip"
    )
    login(client, org.users["staff"])

    response = client.get(reverse("planning:indicator-create", kwargs={"pk": result.pk}))

    assert "perspective" not in response.context["form"].fields
    assert "aspect" in response.context["form"].fields


def test_qualitative_plan_accepts_a_text_target_PLAN_13(client, org, chain):
    PerformancePlan.objects.filter(pk=chain.staff.pk).update(approach="QUALITATIVE")
    result = WorkResult.objects.create(agency=org.agency, plan=chain.staff, text="Arsip")
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:indicator-create", kwargs={"pk": result.pk}),
        indicator_post(target_kind="TEXT", target_text="Arsip tertata rapi", target_unit=""),
    )

    assert response.status_code == 302
    assert Indicator.objects.get(work_result=result).target_text == "Arsip tertata rapi"


def test_delete_indicator(client, org, chain):
    result = add_work_result(chain.staff, "Arsip", supports=chain.kabid_rhk)
    indicator = result.indicators.first()
    login(client, org.users["staff"])

    response = client.post(reverse("planning:indicator-delete", kwargs={"pk": indicator.pk}))

    assert response.status_code == 302
    assert result.indicators.count() == 2


# -- behaviour, annex, dialogue ---------------------------------------------------------------


def test_employee_cannot_write_the_leaders_expectation_PLAN_17(client, org, chain):
    row = BehaviourExpectation.objects.get(plan=chain.staff, order=1)
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:expectation-edit", kwargs={"pk": row.pk}), {"text": "Ramah"}
    )

    row.refresh_from_db()
    assert response.status_code == 400
    assert "PLAN-17" in str(response.context["expectation_form"].errors)
    assert row.expectation == ""


def test_appraiser_writes_the_expectation_in_place_with_htmx_PLAN_17(client, org, chain):
    row = BehaviourExpectation.objects.get(plan=chain.staff, order=2)
    login(client, org.users["kabid"])

    response = client.post(
        reverse("planning:expectation-edit", kwargs={"pk": row.pk}),
        {"text": "Tepat waktu"},
        HTTP_HX_REQUEST="true",
    )

    row.refresh_from_db()
    assert response.status_code == 200
    assert response.templates[0].name == "planning/partials/_expectation.html"
    assert row.expectation == "Tepat waktu"


def test_annex_item_added_and_removed_PLAN_18(client, org, chain):
    login(client, org.users["staff"])

    added = client.post(
        plan_url(chain.staff, "planning:annex-create"),
        {"annex-section": "RESOURCE_SUPPORT", "annex-text": "Komputer"},
    )
    item = PlanAnnexItem.objects.get(plan=chain.staff)
    removed = client.post(reverse("planning:annex-delete", kwargs={"pk": item.pk}))

    assert (added.status_code, removed.status_code) == (302, 302)
    assert (item.section, item.text) == ("RESOURCE_SUPPORT", "Komputer")
    assert not PlanAnnexItem.objects.filter(plan=chain.staff).exists()


def test_empty_annex_item_is_refused_PLAN_18(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:annex-create"),
        {"annex-section": "CONSEQUENCES", "annex-text": ""},
    )

    assert response.status_code == 400
    assert "PLAN-18" in str(response.context["annex_form"].errors)
    assert not PlanAnnexItem.objects.filter(plan=chain.staff).exists()


def test_planning_dialogue_recorded_on_the_plan_EXEC_10(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:dialogue-create"),
        {"dialogue-date": "2026-01-05", "dialogue-topic": "PLANNING", "dialogue-notes": "Target"},
    )

    dialogue = Dialogue.objects.get(plan=chain.staff)
    assert response.status_code == 302
    assert (dialogue.topic, dialogue.appraiser_id, dialogue.notes) == (
        "PLANNING",
        org.kabid.pk,
        "Target",
    )


# -- approach, revision -----------------------------------------------------------------------


def test_approach_of_a_draft_changes_PLAN_4(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        plan_url(chain.staff, "planning:plan-approach"), {"approach": "QUALITATIVE"}
    )

    chain.staff.refresh_from_db()
    assert response.status_code == 302
    assert chain.staff.approach == "QUALITATIVE"


def test_revising_an_approved_plan_opens_a_new_draft_version_PLAN_28(client, org, chain):
    login(client, org.users["kabid"])

    response = client.post(plan_url(chain.kabid, "planning:plan-revise"))

    revision = PerformancePlan.objects.get(previous_version=chain.kabid)
    assert response.status_code == 302
    assert response.url == plan_url(revision)
    assert (revision.version, revision.status) == (2, "DRAFT")
    assert PerformancePlan.objects.get(pk=chain.kabid.pk).status == "APPROVED"


def test_colleague_cannot_revise(client, org, chain):
    login(client, org.users["jf"])

    response = client.post(plan_url(chain.kabid, "planning:plan-revise"))

    assert response.status_code == 404
    assert not PerformancePlan.objects.filter(previous_version=chain.kabid).exists()


# -- copy last year ---------------------------------------------------------------------------


def test_copy_without_a_previous_plan_says_so(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(plan_url(chain.staff, "planning:plan-copy"))

    assert response.status_code == 400
    assert "Tidak ada SKP tahun lalu untuk disalin." in response.content.decode()
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_copy_last_years_work_results_into_the_draft(client, org):
    last_year = open_cycle(org, year=2025)
    previous = plan_of(org.staff, last_year)
    add_work_result(previous, "Terarsipnya surat masuk")
    PerformancePlan.objects.filter(pk=previous.pk).update(status="APPROVED")  # setup shortcut
    cycle = open_cycle(org, year=2026)
    plan = plan_of(org.staff, cycle)
    login(client, org.users["staff"])

    response = client.post(plan_url(plan, "planning:plan-copy"))

    copied = WorkResult.objects.get(plan=plan)
    assert response.status_code == 302
    assert (copied.text, copied.indicators.count()) == ("Terarsipnya surat masuk", 3)
