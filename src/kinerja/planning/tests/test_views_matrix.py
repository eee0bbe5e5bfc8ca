"""Role–result matrix page (PLAN-15): the leader's indicators × direct reports; a saved cell
creates the subordinate's RHK that supports the leader's RHK (a revision once approved)."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD
from kinerja.planning.models import PerformancePlan, WorkResult
from kinerja.planning.tests.factories import (
    add_work_result,
    approved_chain,
    build_org,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def drafts(org):
    """Kadis (JPT) with one RHK and indicator; Kabid (directly below) with a draft plan."""
    cycle = open_cycle(org)
    kadis = plan_of(org.kadis, cycle)
    result = add_work_result(kadis, "Meningkatnya mutu pendidikan dasar")
    return {
        "kadis": kadis,
        "kabid": plan_of(org.kabid, cycle),
        "rhk": result,
        "indicator": result.indicators.get(),
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def cell(client, plan, indicator, row_plan, text, **extra):
    return client.post(
        reverse("planning:matrix-cell", kwargs={"pk": plan.pk}),
        {"indicator": indicator.pk, "subordinate_plan": row_plan.pk, "text": text},
        **extra,
    )


def test_matrix_shows_indicators_by_direct_reports(client, org, drafts):
    login(client, org.users["kadis"])

    response = client.get(reverse("planning:matrix", kwargs={"pk": drafts["kadis"].pk}))

    matrix = response.context["matrix"]
    assert response.status_code == 200
    assert [c.indicator_id for c in matrix.columns] == [drafts["indicator"].pk]
    assert [(r.employee_name, r.plan_id) for r in matrix.rows] == [("Kabid", drafts["kabid"].pk)]
    assert response.context["can_edit"] is True


def test_saving_a_cell_with_htmx_creates_the_supporting_rhk_PLAN_15(client, org, drafts):
    login(client, org.users["kadis"])

    response = cell(
        client,
        drafts["kadis"],
        drafts["indicator"],
        drafts["kabid"],
        "Tersusunnya kurikulum muatan lokal",
        HTTP_HX_REQUEST="true",
    )

    created = WorkResult.objects.get(plan=drafts["kabid"])
    assert response.status_code == 200
    assert response.templates[0].name == "planning/partials/_matrix_cell.html"
    assert (created.text, created.supports, created.source_indicator) == (
        "Tersusunnya kurikulum muatan lokal",
        drafts["rhk"],
        drafts["indicator"],
    )


def test_empty_new_cell_shows_the_rule_and_saves_nothing_PLAN_6(client, org, drafts):
    login(client, org.users["kadis"])

    response = cell(client, drafts["kadis"], drafts["indicator"], drafts["kabid"], " ")

    assert response.status_code == 400
    assert "PLAN-6" in str(response.context["form"].errors)
    assert not WorkResult.objects.filter(plan=drafts["kabid"]).exists()


def test_a_row_not_directly_below_is_refused_PLAN_15(client, org, drafts):
    login(client, org.users["kadis"])
    staff_plan = plan_of(org.staff, drafts["kadis"].cycle)

    response = cell(client, drafts["kadis"], drafts["indicator"], staff_plan, "Langsung")

    assert response.status_code == 400
    assert "PLAN-15" in str(response.context["form"].errors)
    assert not WorkResult.objects.filter(plan=staff_plan).exists()


def test_cell_on_an_approved_plan_becomes_a_revision_PLAN_28(client, org):
    chain = approved_chain(org)
    login(client, org.users["kadis"])
    indicator = chain.kadis_rhk.indicators.get()

    response = cell(client, chain.kadis, indicator, chain.kabid, "RHK baru dari matriks")

    revision = PerformancePlan.objects.get(previous_version=chain.kabid)
    assert response.status_code == 302
    assert revision.status == "DRAFT"
    assert WorkResult.objects.filter(plan=revision, text="RHK baru dari matriks").exists()
    assert not WorkResult.objects.filter(plan=chain.kabid, text="RHK baru dari matriks").exists()


def test_the_subordinate_cannot_fill_the_leaders_matrix(client, org, drafts):
    login(client, org.users["kabid"])

    page = client.get(reverse("planning:matrix", kwargs={"pk": drafts["kadis"].pk}))
    response = cell(client, drafts["kadis"], drafts["indicator"], drafts["kabid"], "Sendiri")

    assert (page.status_code, response.status_code) == (404, 404)
    assert not WorkResult.objects.filter(plan=drafts["kabid"]).exists()


def test_the_leaders_appraiser_sees_the_matrix_but_cannot_fill_it(client, org, drafts):
    login(client, org.users["sekda"])

    page = client.get(reverse("planning:matrix", kwargs={"pk": drafts["kadis"].pk}))
    response = cell(client, drafts["kadis"], drafts["indicator"], drafts["kabid"], "Dari atas")

    assert page.status_code == 200
    assert page.context["can_edit"] is False
    assert response.status_code == 403
    assert not WorkResult.objects.filter(plan=drafts["kabid"]).exists()


def test_no_matrix_for_a_plan_that_is_not_a_leaders(client, org, drafts):
    login(client, org.users["jf"])
    jf_plan = plan_of(org.jf, drafts["kadis"].cycle)

    assert client.get(reverse("planning:matrix", kwargs={"pk": jf_plan.pk})).status_code == 404
