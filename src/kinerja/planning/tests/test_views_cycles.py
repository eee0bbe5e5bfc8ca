"""Cycle pages (HR): open a year with its checkpoints and draft plans, generate the missing
plans again (idempotent), status steps (PLAN-1, EXEC-1)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from kinerja.core.testing import PASSWORD, make_employee, make_position
from kinerja.planning.models import Checkpoint, Cycle, PerformancePlan
from kinerja.planning.tests.factories import build_org, open_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return build_org()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_hr_sees_the_cycle_pages(client, org):
    cycle = open_cycle(org)
    login(client, org.hr)

    for url in (
        reverse("planning:cycle-list"),
        reverse("planning:cycle-open"),
        reverse("planning:cycle-detail", kwargs={"pk": cycle.pk}),
    ):
        assert client.get(url).status_code == 200


def test_hr_opens_a_cycle_with_checkpoints_and_draft_plans_PLAN_1(client, org):
    login(client, org.hr)

    response = client.post(reverse("planning:cycle-open"), {"year": 2026, "grid": "QUARTERLY"})

    cycle = Cycle.objects.get(agency=org.agency, year=2026)
    assert response.status_code == 302
    assert response.url == reverse("planning:cycle-detail", kwargs={"pk": cycle.pk})
    assert messages_of(response) == ["Siklus 2026 dibuka: 5 SKP draf dibuat."]
    assert list(Checkpoint.objects.filter(cycle=cycle).values_list("label", flat=True)) == [
        "TRIWULAN I",
        "TRIWULAN II",
        "TRIWULAN III",
        "TRIWULAN IV",
        "AKHIR",
    ]
    assert PerformancePlan.objects.filter(cycle=cycle, status="DRAFT").count() == 5


def test_a_second_cycle_for_the_year_is_refused_PLAN_1(client, org):
    open_cycle(org)
    login(client, org.hr)

    response = client.post(reverse("planning:cycle-open"), {"year": 2026, "grid": "MONTHLY"})

    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "Siklus kinerja 2026 untuk instansi ini sudah ada (PLAN-1)."
    ]
    assert Cycle.objects.filter(agency=org.agency).count() == 1


def test_generating_again_creates_only_the_missing_plans(client, org):
    cycle = open_cycle(org)
    login(client, org.hr)

    response = client.post(reverse("planning:cycle-generate", kwargs={"pk": cycle.pk}))

    assert response.status_code == 302
    assert messages_of(response) == ["0 SKP draf dibuat."]
    assert PerformancePlan.objects.filter(cycle=cycle).count() == 5


def test_cycle_status_moves_forward_PLAN_1(client, org):
    cycle = open_cycle(org)
    login(client, org.hr)

    response = client.post(
        reverse("planning:cycle-status", kwargs={"pk": cycle.pk}), {"to_status": "RUNNING"}
    )

    cycle.refresh_from_db()
    assert response.status_code == 302
    assert cycle.status == "RUNNING"


def test_cycle_status_cannot_jump_PLAN_1(client, org):
    cycle = open_cycle(org)
    login(client, org.hr)

    response = client.post(
        reverse("planning:cycle-status", kwargs={"pk": cycle.pk}), {"to_status": "CLOSED"}
    )

    cycle.refresh_from_db()
    assert response.status_code == 400
    assert "PLAN-1" in str(response.context["status_form"].errors)
    assert cycle.status == "PLANNING"


def test_employee_cannot_open_a_cycle(client, org):
    login(client, org.users["staff"])

    page = client.get(reverse("planning:cycle-open"))
    response = client.post(reverse("planning:cycle-open"), {"year": 2026, "grid": "MONTHLY"})

    assert (page.status_code, response.status_code) == (403, 403)
    assert not Cycle.objects.exists()


def test_employee_cannot_change_a_cycle(client, org):
    cycle = open_cycle(org)
    post = make_position(org.kabid_pos.unit, "Pengadministrasi Keuangan", reports_to=org.kabid_pos)
    make_employee(org.agency, "Belum punya SKP", position=post)  # a plan is missing
    login(client, org.users["kabid"])

    generate = client.post(reverse("planning:cycle-generate", kwargs={"pk": cycle.pk}))
    status = client.post(
        reverse("planning:cycle-status", kwargs={"pk": cycle.pk}), {"to_status": "RUNNING"}
    )

    cycle.refresh_from_db()
    assert (generate.status_code, status.status_code) == (403, 403)
    assert cycle.status == "PLANNING"
    assert PerformancePlan.objects.filter(cycle=cycle).count() == 5


def test_cycle_of_another_agency_is_404(client, org):
    cycle = open_cycle(org)
    other = build_org("lain")
    login(client, other.hr)

    assert client.get(reverse("planning:cycle-detail", kwargs={"pk": cycle.pk})).status_code == 404
