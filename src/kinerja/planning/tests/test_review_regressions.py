"""Regressions found in review: an HR administrator limited to some units (ORG-9) may not run
the agency's cycles nor read the whole cascade; odd query parameters never give a 500."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja.accounts.models import Role, RoleGrant
from kinerja.api.auth import token_issue
from kinerja.core.testing import (
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.planning.models import Cycle, PerformancePlan
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.services.plans import plan_create, plan_set_by_hr

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    agency = make_agency()
    top = make_unit(agency, "Sekretariat Daerah")
    school = make_unit(agency, "Bidang Pendidikan Dasar", parent=top)
    head = make_position(
        top, "Sekretaris Daerah", position_type="JPT", level="PRATAMA", is_unit_head=True
    )
    staff = make_position(school, "Pengelola Data", reports_to=head)
    make_employee(agency, "Sekda", position=head)
    make_employee(agency, "Staf", position=staff)
    newcomer_top = make_position(top, "Analis Baru", reports_to=head)
    newcomer_school = make_position(school, "Pengelola Baru", reports_to=head)
    limited = make_user(agency=agency, username="hr-sekolah", roles=(Role.HR_ADMIN,))
    RoleGrant.objects.get(user=limited).units.add(school)
    cycle = cycle_open(actor=None, agency=agency, year=2026).cycle
    return {
        "agency": agency,
        "limited": limited,
        "hr": hr_user(agency),
        "cycle": cycle,
        # hired after the cycle opened, so without a plan
        "outside": make_employee(agency, "Baru Setda", position=newcomer_top),
        "inside": make_employee(agency, "Baru Sekolah", position=newcomer_school),
    }


def test_hr_limited_to_units_cannot_open_a_cycle_ORG_9(org):
    with pytest.raises(PermissionDenied):
        cycle_open(actor=org["limited"], agency=org["agency"], year=2027)
    assert not Cycle.objects.filter(year=2027).exists()


def test_hr_limited_to_units_cannot_change_cycle_status_or_generate_ORG_9(client, org):
    client.force_login(org["limited"])
    plans = PerformancePlan.objects.count()
    cycle = org["cycle"]
    status = client.post(
        reverse("planning:cycle-status", kwargs={"pk": cycle.pk}), {"to_status": "RUNNING"}
    )
    generate = client.post(reverse("planning:cycle-generate", kwargs={"pk": cycle.pk}))
    assert (status.status_code, generate.status_code) == (403, 403)
    cycle.refresh_from_db()
    assert cycle.status == "PLANNING"
    assert PerformancePlan.objects.count() == plans


def test_hr_limited_to_units_cannot_open_a_cycle_through_the_api_ORG_9(client, org):
    raw, _ = token_issue(org["limited"])
    response = client.post(
        "/api/v1/cycles",
        {"year": 2027},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code in (403, 422)
    assert not Cycle.objects.filter(year=2027).exists()


def test_cascade_is_for_whole_agency_readers_not_unit_limited_hr_ORG_9(client, org):
    url = reverse("planning:cascade", kwargs={"cycle_pk": org["cycle"].pk})
    client.force_login(org["limited"])
    assert client.get(url).status_code == 403
    client.force_login(org["hr"])
    assert client.get(url).status_code == 200


def test_hr_limited_to_units_creates_plans_only_in_those_units_ORG_9(org):
    with pytest.raises(PermissionDenied):
        plan_create(actor=org["limited"], cycle=org["cycle"], employee=org["outside"])
    assert not PerformancePlan.objects.filter(employee=org["outside"]).exists()
    inside = plan_create(actor=org["limited"], cycle=org["cycle"], employee=org["inside"])
    assert inside.plan.employee == org["inside"]


def test_hr_limited_to_units_sets_missing_plans_only_in_those_units_PLAN_24_ORG_9(org):
    with pytest.raises(PermissionDenied):
        plan_set_by_hr(
            actor=org["limited"],
            cycle=org["cycle"],
            employee=org["outside"],
            today=dt.date(2026, 3, 2),
        )
    assert not PerformancePlan.objects.filter(employee=org["outside"]).exists()


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc"])
def test_odd_ids_in_query_strings_do_not_break_pages(client, org, value):
    client.force_login(org["hr"])
    cascade = reverse("planning:cascade", kwargs={"cycle_pk": org["cycle"].pk})
    assert client.get(cascade, {"root": value}).status_code in (200, 404)
    assert client.get(cascade, {"unit": value}).status_code in (200, 404)
    assert client.get(reverse("planning:my-plans"), {"cycle": value}).status_code in (200, 404)


def test_huge_cycle_filter_in_the_api_is_a_422_not_a_500(client, org):
    raw, _ = token_issue(org["hr"])
    response = client.get("/api/v1/plans", {"cycle": "9" * 25}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
