"""Notifications: the list, the unread badge of the navigation, marking one read."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD
from kinerja.planning.models import Notification
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import approved_chain, build_org, make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def notice(org):
    """The Kabid's notice that the staff plan was submitted."""
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    Notification.objects.all().delete()
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit")
    return Notification.objects.get(recipient=org.hr)  # review comes first (PLAN-21)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_list_and_unread_badge(client, org, notice):
    login(client, org.hr)

    listing = client.get(reverse("planning:notifications"))
    badge = client.get(reverse("planning:notification-count"))

    assert list(listing.context["page_obj"]) == [notice]
    assert badge.content.decode().strip() == (
        '<span class="badge warn" title="belum dibaca">1</span>'
    )


def test_badge_is_empty_without_unread_notices(client, org, notice):
    login(client, org.users["jf"])

    assert client.get(reverse("planning:notification-count")).content.decode().strip() == ""


def test_mark_read_and_follow_the_link(client, org, notice):
    login(client, org.hr)

    response = client.post(
        reverse("planning:notification-read", kwargs={"pk": notice.pk}), {"follow": "1"}
    )

    notice.refresh_from_db()
    assert response.status_code == 302
    assert response.url == notice.url
    assert notice.read_at is not None


def test_mark_read_in_place_with_htmx(client, org, notice):
    login(client, org.hr)

    response = client.post(
        reverse("planning:notification-read", kwargs={"pk": notice.pk}), HTTP_HX_REQUEST="true"
    )

    assert response.templates[0].name == "planning/partials/_notification.html"
    assert Notification.objects.get(pk=notice.pk).read_at is not None


def test_someone_elses_notice_is_404(client, org, notice):
    login(client, org.users["staff"])

    response = client.post(reverse("planning:notification-read", kwargs={"pk": notice.pk}))

    assert response.status_code == 404
    assert Notification.objects.get(pk=notice.pk).read_at is None


def test_hr_limited_to_other_units_is_not_told_of_a_submission_ORG_9(org):
    """ORG-9: the review notice names the employee; HR of other units must not get it."""
    from kinerja.accounts.models import Role, RoleGrant
    from kinerja.core.testing import make_unit, make_user

    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    elsewhere, inside = make_user(agency=org.agency), make_user(agency=org.agency)
    other_unit = make_unit(org.agency, "Dinas Lain")
    RoleGrant.objects.create(user=elsewhere, agency=org.agency, role=Role.HR_ADMIN).units.add(
        other_unit
    )
    RoleGrant.objects.create(user=inside, agency=org.agency, role=Role.HR_ADMIN).units.add(
        chain.staff.position.unit
    )
    Notification.objects.all().delete()

    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit")

    told = set(Notification.objects.values_list("recipient", flat=True))
    assert org.hr.pk in told
    assert inside.pk in told
    assert elsewhere.pk not in told
