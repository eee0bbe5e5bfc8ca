"""The workflow through the pages: submit, HR review, return with a note, reopen, approve
(PLAN-8, PLAN-9, PLAN-12, PLAN-19, PLAN-20, PLAN-21), the supervisor's list and push."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD
from kinerja.planning.models import PerformancePlan, PlanEvent, WorkResult
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    add_planning_dialogue,
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


@pytest.fixture
def submitted(org, chain):
    """The staff plan, ready and submitted to the Kabid."""
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit")
    chain.staff.refresh_from_db()
    return chain.staff


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def act(client, plan, action, **data):
    url = reverse("planning:plan-transition", kwargs={"pk": plan.pk})
    return client.post(url, {"action": action, **data})


def status_of(plan):
    plan.refresh_from_db()
    return plan.status


def form_errors(response):
    return " ".join(
        str(e) for errors in response.context["transition_form"].errors.values() for e in errors
    )


# -- submit -----------------------------------------------------------------------------------


def test_submit_ready_plan(client, org, chain):
    make_ready(chain.staff, supports=chain.kabid_rhk)
    login(client, org.users["staff"])

    response = act(client, chain.staff, "submit")

    assert response.status_code == 302
    assert status_of(chain.staff) == "SUBMITTED"


def test_submit_blocked_without_supported_work_result_PLAN_8(client, org, chain):
    make_ready(chain.staff, supports=None)
    login(client, org.users["staff"])

    response = act(client, chain.staff, "submit")

    assert response.status_code == 400
    assert "PLAN-8" in form_errors(response)
    assert status_of(chain.staff) == "DRAFT"


def test_submit_blocked_without_planning_dialogue_PLAN_19(client, org, chain):
    add_work_result(chain.staff, supports=chain.kabid_rhk)
    login(client, org.users["staff"])

    response = act(client, chain.staff, "submit")

    assert response.status_code == 400
    assert "PLAN-19" in form_errors(response)
    assert status_of(chain.staff) == "DRAFT"


def test_plan_page_lists_what_blocks_submission_before_submitting(client, org, chain):
    login(client, org.users["staff"])

    response = client.get(reverse("planning:plan-detail", kwargs={"pk": chain.staff.pk}))

    rules = [p.rule for p in response.context["problems"].errors]
    assert "PLAN-6" in rules
    assert "PLAN-19" in rules
    assert "PLAN-19" in response.content.decode()


def test_submit_blocked_while_the_supervisors_plan_is_not_approved_PLAN_9(client, org):
    cycle = open_cycle(org)
    kabid_rhk = add_work_result(plan_of(org.kabid, cycle), "RHK Kabid (draf)")
    staff_plan = plan_of(org.staff, cycle)
    make_ready(staff_plan, supports=kabid_rhk)
    login(client, org.users["staff"])

    page = client.get(reverse("planning:plan-detail", kwargs={"pk": staff_plan.pk}))
    response = act(client, staff_plan, "submit")

    assert page.context["supportable"] == [kabid_rhk]  # drafting goes on with the draft RHK
    assert page.context["supervisor_pending"] is True
    assert 'id="supervisor-pending"' in page.content.decode()
    assert response.status_code == 400
    assert "PLAN-9" in form_errors(response)
    assert status_of(staff_plan) == "DRAFT"


def test_missing_aspect_asks_to_confirm_then_submits_PLAN_12(client, org, chain):
    add_work_result(chain.staff, supports=chain.kabid_rhk, three_aspects=False)
    add_planning_dialogue(chain.staff)
    login(client, org.users["staff"])

    warned = act(client, chain.staff, "submit")
    status_after_warning = status_of(chain.staff)
    confirmed = act(client, chain.staff, "submit", confirm_warnings="on")

    assert warned.status_code == 400
    assert "PLAN-12" in " ".join(warned.context["transition_form"].errors["confirm_warnings"])
    assert status_after_warning == "DRAFT"
    assert confirmed.status_code == 302
    assert status_of(chain.staff) == "SUBMITTED"


def test_someone_else_cannot_submit_the_plan(client, org, chain):
    make_ready(chain.staff, supports=chain.kabid_rhk)
    login(client, org.users["kabid"])

    response = act(client, chain.staff, "submit")

    assert response.status_code == 403
    assert status_of(chain.staff) == "DRAFT"


# -- return, reopen ---------------------------------------------------------------------------


def test_return_requires_a_note_PLAN_20(client, org, submitted):
    login(client, org.users["kabid"])

    response = act(client, submitted, "reject", note="  ")

    assert response.status_code == 400
    assert response.context["transition_form"].errors["note"] == [
        "Catatan penolakan wajib diisi (PLAN-20)."
    ]
    assert status_of(submitted) == "SUBMITTED"


def test_return_with_a_note_reaches_the_employee(client, org, submitted):
    login(client, org.users["kabid"])

    response = act(client, submitted, "reject", note="Perjelas targetnya.")

    assert response.status_code == 302
    assert status_of(submitted) == "REJECTED"
    assert submitted.return_note == "Perjelas targetnya."
    login(client, org.users["staff"])
    assert "Perjelas targetnya." in client.get(reverse("planning:my-plans")).content.decode()


def test_employee_reopens_a_returned_plan(client, org, submitted):
    plan_transition(actor=org.users["kabid"], plan=submitted, action="reject", note="Ubah")
    login(client, org.users["staff"])

    response = act(client, submitted, "reopen")

    assert response.status_code == 302
    assert status_of(submitted) == "DRAFT"


# -- HR review and approval -------------------------------------------------------------------


def test_approval_waits_for_hr_review_PLAN_21(client, org, submitted):
    login(client, org.users["kabid"])

    response = act(client, submitted, "approve")

    assert response.status_code == 400
    assert "PLAN-21" in form_errors(response)
    assert status_of(submitted) == "SUBMITTED"


def test_hr_reviews_then_the_appraiser_approves(client, org, submitted):
    login(client, org.hr)
    reviewed = act(client, submitted, "review")
    login(client, org.users["kabid"])
    approved = act(client, submitted, "approve")

    assert (reviewed.status_code, approved.status_code) == (302, 302)
    assert status_of(submitted) == "APPROVED"
    assert submitted.hr_reviewed_by == org.hr
    assert list(PlanEvent.objects.filter(plan=submitted).values_list("action", flat=True)) == [
        "create",
        "submit",
        "review",
        "approve",
    ]


@pytest.mark.parametrize("who", ["staff", "kadis", "hr"])
def test_approval_by_anyone_but_the_appraiser_is_403_PLAN_21(client, org, submitted, who):
    plan_transition(actor=org.hr, plan=submitted, action="review")
    login(client, org.hr if who == "hr" else org.users[who])

    response = act(client, submitted, "approve")

    assert response.status_code == 403
    assert status_of(submitted) == "SUBMITTED"
    assert submitted.approved_at is None


def test_approval_by_a_colleague_is_404(client, org, submitted):
    login(client, org.users["jf"])

    response = act(client, submitted, "approve")

    assert response.status_code == 404
    assert status_of(submitted) == "SUBMITTED"


def test_buttons_offered_follow_the_transition_table(client, org, submitted):
    login(client, org.users["kabid"])
    as_appraiser = client.get(reverse("planning:plan-detail", kwargs={"pk": submitted.pk}))
    login(client, org.users["staff"])
    as_employee = client.get(reverse("planning:plan-detail", kwargs={"pk": submitted.pk}))

    assert [a for a, _label in as_appraiser.context["actions"]] == ["approve", "reject"]
    assert as_employee.context["actions"] == []


# -- the supervisor's list and push -----------------------------------------------------------


def test_staff_plans_shows_the_waiting_plans_first(client, org, submitted):
    login(client, org.users["kabid"])

    response = client.get(reverse("planning:staff-plans"))

    plans = response.context["plans"]
    assert response.status_code == 200
    assert plans[0] == submitted
    assert {p.employee for p in plans} == {org.staff, org.jf}
    assert response.context["waiting"] == 1


def test_push_one_work_result_to_several_staff(client, org, chain):
    login(client, org.users["kabid"])

    response = client.post(
        reverse("planning:staff-plans"),
        {
            "source": chain.kabid_rhk.pk,
            "employees": [org.staff.pk, org.jf.pk],
            "text": "Terlaksananya pendataan sekolah",
        },
    )

    pushed = WorkResult.objects.filter(text="Terlaksananya pendataan sekolah")
    assert response.status_code == 302
    assert {(w.plan_id, w.supports_id) for w in pushed} == {
        (chain.staff.pk, chain.kabid_rhk.pk),
        (chain.jf.pk, chain.kabid_rhk.pk),
    }


def test_push_without_text_is_refused_PLAN_6(client, org, chain):
    login(client, org.users["kabid"])

    response = client.post(
        reverse("planning:staff-plans"),
        {"source": chain.kabid_rhk.pk, "employees": [org.staff.pk], "text": ""},
    )

    assert response.status_code == 400
    assert "PLAN-6" in str(response.context["push_form"].errors)
    assert not WorkResult.objects.filter(plan=chain.staff).exists()


def test_staff_without_staff_cannot_push(client, org, chain):
    login(client, org.users["staff"])

    response = client.post(
        reverse("planning:staff-plans"),
        {"source": chain.kabid_rhk.pk, "employees": [org.jf.pk], "text": "Disusupkan"},
    )

    assert response.status_code == 404
    assert not WorkResult.objects.filter(plan=chain.jf).exists()


def test_jpt_approver_finds_the_plans_to_set_in_the_staff_list_PLAN_22(client, org):
    cycle = open_cycle(org)
    kadis = plan_of(org.kadis, cycle)
    PerformancePlan.objects.filter(pk=kadis.pk).update(
        approver=org.sekda, approver_official=None, appraiser=None
    )
    login(client, org.users["sekda"])

    response = client.get(reverse("planning:staff-plans"))

    assert kadis in response.context["plans"]
