"""Bad input on every planning form comes back as a form error or a 403/404, never a 500
(GEN-2), and nothing is saved."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD
from kinerja.planning.models import Dialogue, Indicator, PerformancePlan, PlanAnnexItem, WorkResult
from kinerja.planning.tests.factories import add_work_result, approved_chain, build_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def chain(org):
    return approved_chain(org)


def counts():
    return (
        PerformancePlan.objects.count(),
        WorkResult.objects.count(),
        Indicator.objects.count(),
        Dialogue.objects.count(),
        PlanAnnexItem.objects.count(),
    )


def test_junk_posted_by_the_employee_is_refused_without_a_crash(client, org, chain):
    result = add_work_result(chain.staff, supports=chain.kabid_rhk)
    assert client.login(username=org.users["staff"].username, password=PASSWORD)
    before = counts()
    plan = {"pk": chain.staff.pk}
    posts = [
        (reverse("planning:plan-transition", kwargs=plan), {"action": "explode"}),
        (reverse("planning:plan-transition", kwargs=plan), {}),
        (
            reverse("planning:work-result-create", kwargs=plan),
            {"wr-kind": "X", "wr-text": "a", "wr-supports": "abc"},
        ),
        (
            reverse("planning:indicator-create", kwargs={"pk": result.pk}),
            {"text": "a", "aspect": "X", "target_kind": "X", "target_value": "abc"},
        ),
        (
            reverse("planning:indicator-create", kwargs={"pk": result.pk}),
            {
                "text": "a",
                "aspect": "QUANTITY",
                "target_kind": "NUMBER",
                "target_value": "1e400",
                "target_unit": "x",
            },
        ),
        (
            reverse("planning:dialogue-create", kwargs=plan),
            {"dialogue-date": "2026-13-45", "dialogue-topic": "X"},
        ),
        (reverse("planning:annex-create", kwargs=plan), {"annex-section": "X", "annex-text": "a"}),
        (reverse("planning:plan-approach", kwargs=plan), {"approach": "X"}),
        (reverse("planning:matrix-cell", kwargs=plan), {"indicator": "abc"}),
        (reverse("planning:plan-create", kwargs={"cycle_pk": chain.cycle.pk}), {"approach": "X"}),
        (reverse("planning:staff-plans"), {"source": "abc", "employees": ["x"]}),
    ]

    statuses = [client.post(url, data).status_code for url, data in posts]

    assert all(status in (400, 403, 404) for status in statuses), statuses
    assert counts() == before


def test_junk_posted_by_hr_is_refused_without_a_crash(client, org, chain):
    assert client.login(username=org.hr.username, password=PASSWORD)
    before = counts()
    cycle = {"pk": chain.cycle.pk}
    posts = [
        (reverse("planning:cycle-open"), {"year": "abc", "grid": "X"}),
        (reverse("planning:cycle-status", kwargs=cycle), {"to_status": "X"}),
        (
            reverse(
                "planning:plan-set-by-hr", kwargs={"cycle_pk": chain.cycle.pk, "nip": org.staff.nip}
            ),
            {"approach": "X", "work_results": "- x"},
        ),
        (
            reverse("planning:employee-transfer", kwargs={"nip": org.staff.nip}),
            {"position": "abc", "effective_date": "x"},
        ),
        (reverse("planning:template-create"), {"name": "", "approach": "X"}),
        (reverse("planning:notification-read", kwargs={"pk": 999999}), {}),
    ]

    statuses = [client.post(url, data).status_code for url, data in posts]

    assert all(status in (400, 403, 404) for status in statuses), statuses
    assert counts() == before
