"""Transfer with plans (PLAN-25, ORG-5): the new post and the plans change in one transaction."""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD, make_agency, make_position, make_user
from kinerja.people.models import Assignment
from kinerja.planning.models import PerformancePlan
from kinerja.planning.tests.factories import approved_chain, build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def chain(org):
    return approved_chain(org)


@pytest.fixture
def new_post(org):
    return make_position(org.kabid_pos.unit, "Analis Data", reports_to=org.kabid_pos)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def transfer_url(employee):
    return reverse("planning:employee-transfer", kwargs={"nip": employee.nip})


def test_transfer_closes_the_old_plan_and_opens_a_draft_PLAN_25(client, org, chain, new_post):
    login(client, org.hr)
    assert client.get(transfer_url(org.staff)).status_code == 200

    response = client.post(
        transfer_url(org.staff),
        {"position": new_post.pk, "effective_date": "2026-07-01", "reason": "SK 12/2026"},
    )

    old = PerformancePlan.objects.get(pk=chain.staff.pk)
    new = PerformancePlan.objects.get(employee=org.staff, position=new_post)
    assert response.status_code == 302
    assert response.url == reverse("people:employee-detail", kwargs={"nip": org.staff.nip})
    assert (old.status, old.period_end, old.closed_reason) == (
        "CLOSED",
        dt.date(2026, 6, 30),
        "TRANSFER",
    )
    assert (new.status, new.period_start, new.appraiser_id) == (
        "DRAFT",
        dt.date(2026, 7, 1),
        org.kabid.pk,
    )
    assert Assignment.objects.get(employee=org.staff, position=new_post).start_date == dt.date(
        2026, 7, 1
    )


def test_transfer_outside_the_cycle_changes_nothing_PLAN_25(client, org, chain, new_post):
    login(client, org.hr)

    response = client.post(
        transfer_url(org.staff), {"position": new_post.pk, "effective_date": "2027-02-01"}
    )

    assert response.status_code == 400
    assert "PLAN-25" in " ".join(response.context["form"].errors["effective_date"])
    # The assignment written first is rolled back with the refused plan change: one transaction.
    assert not Assignment.objects.filter(position=new_post).exists()
    assert Assignment.objects.get(employee=org.staff).end_date is None
    assert PerformancePlan.objects.get(pk=chain.staff.pk).status == "DRAFT"


def test_supervisor_cannot_transfer(client, org, chain, new_post):
    login(client, org.users["kabid"])

    page = client.get(transfer_url(org.staff))
    response = client.post(
        transfer_url(org.staff), {"position": new_post.pk, "effective_date": "2026-07-01"}
    )

    assert (page.status_code, response.status_code) == (403, 403)
    assert not Assignment.objects.filter(position=new_post).exists()
    assert PerformancePlan.objects.get(pk=chain.staff.pk).status == "DRAFT"


def test_transfer_in_another_agency_is_404(client, org, chain):
    login(client, make_user(agency=make_agency("lain"), roles=("HR_ADMIN",)))

    assert client.get(transfer_url(org.staff)).status_code == 404
