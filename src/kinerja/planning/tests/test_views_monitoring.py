"""Completion monitoring (PLAN-29): counts per unit, expandable lists, flags; HR sets a missing
plan on an employee's behalf only after the escalation date (PLAN-24)."""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD, make_agency, make_employee, make_position, make_user
from kinerja.planning.models import Cycle, PerformancePlan
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    add_work_result,
    approved_chain,
    build_org,
    make_ready,
)

pytestmark = pytest.mark.django_db

WORK_RESULTS = """Terarsipnya dokumen kepegawaian
- Jumlah dokumen diarsipkan | KUANTITAS | 120 | Dokumen
- Persentase dokumen sesuai | KUALITAS | 100 | %
- Ketepatan waktu | WAKTU | 12 | Bulan"""


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def chain(org):
    return approved_chain(org)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def monitoring_url(cycle):
    return reverse("planning:monitoring", kwargs={"cycle_pk": cycle.pk})


def unit_url(cycle, unit):
    return reverse("planning:monitoring-unit", kwargs={"cycle_pk": cycle.pk, "unit_pk": unit.pk})


def newcomer(org):
    """An employee who joined after the cycle opened: no plan yet."""
    post = make_position(org.kabid_pos.unit, "Pengelola Arsip", reports_to=org.kabid_pos)
    return make_employee(org.agency, "Pendatang", position=post)


def test_monitoring_counts_per_unit_PLAN_29(client, org, chain):
    make_ready(chain.staff, supports=chain.kabid_rhk)
    plan_transition(actor=org.users["staff"], plan=chain.staff, action="submit")
    add_work_result(chain.jf, supports=chain.kabid_rhk)  # a draft with content
    newcomer(org)  # no plan at all
    login(client, org.hr)

    response = client.get(monitoring_url(chain.cycle))

    counts = {u.unit_name: u.counts for u in response.context["units"]}
    assert counts["Bidang Pendidikan Dasar"] == {
        "NOT_STARTED": 1,
        "DRAFT": 1,
        "SUBMITTED": 1,
        "REJECTED": 0,
        "APPROVED": 1,
    }
    assert counts["Sekretariat Daerah"]["APPROVED"] == 1
    assert response.context["totals"] == {
        "NOT_STARTED": 1,
        "DRAFT": 1,
        "SUBMITTED": 1,
        "REJECTED": 0,
        "APPROVED": 3,
    }


def test_expanding_a_unit_lists_its_people_of_one_status_with_htmx(client, org, chain):
    add_work_result(chain.jf, supports=chain.kabid_rhk)
    add_work_result(chain.staff, supports=chain.kabid_rhk)
    login(client, org.hr)
    unit = org.kabid_pos.unit

    response = client.get(unit_url(chain.cycle, unit), {"status": "DRAFT"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.templates[0].name == "planning/partials/_monitoring_rows.html"
    assert sorted(r.name for r in response.context["rows"]) == ["Analis", "Staf"]
    assert all(r.missing_dialogue for r in response.context["rows"])  # PLAN-19 flag
    assert "tanpa dialog perencanaan" in response.content.decode()


def test_unit_list_works_without_javascript(client, org, chain):
    login(client, org.hr)

    response = client.get(unit_url(chain.cycle, org.kabid_pos.unit))

    assert response.templates[0].name == "planning/monitoring_unit.html"
    assert len(response.context["rows"]) == 3


def test_monitoring_refused_to_staff(client, org, chain):
    login(client, org.users["staff"])

    assert client.get(monitoring_url(chain.cycle)).status_code == 403


def test_supervisor_sees_only_the_units_in_scope(client, org, chain):
    login(client, org.users["kabid"])

    response = client.get(monitoring_url(chain.cycle))

    assert response.status_code == 200
    assert [u.unit_name for u in response.context["units"]] == ["Bidang Pendidikan Dasar"]


def test_monitoring_of_another_agency_is_404(client, org, chain):
    login(client, make_user(agency=make_agency("lain"), roles=("HR_ADMIN",)))

    assert client.get(monitoring_url(chain.cycle)).status_code == 404


def set_plan_url(cycle, employee):
    return reverse("planning:plan-set-by-hr", kwargs={"cycle_pk": cycle.pk, "nip": employee.nip})


def test_hr_cannot_set_a_plan_before_the_escalation_date_PLAN_24(client, org, chain):
    Cycle.objects.filter(pk=chain.cycle.pk).update(plan_escalation_date=dt.date(2026, 12, 30))
    person = newcomer(org)
    login(client, org.hr)

    response = client.post(
        set_plan_url(chain.cycle, person),
        {"approach": "QUANTITATIVE", "work_results": WORK_RESULTS},
    )

    assert response.status_code == 400
    assert "sesudah tanggal eskalasi 30-12-2026 (PLAN-24)" in str(
        response.context["form"].non_field_errors()
    )
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_hr_sets_and_approves_a_missing_plan_after_escalation_PLAN_24(client, org, chain):
    person = newcomer(org)
    login(client, org.hr)
    assert client.get(set_plan_url(chain.cycle, person)).status_code == 200

    response = client.post(
        set_plan_url(chain.cycle, person),
        {"approach": "QUANTITATIVE", "work_results": WORK_RESULTS},
    )

    plan = PerformancePlan.objects.get(employee=person)
    assert response.status_code == 302
    assert (plan.status, plan.set_by_hr) == ("APPROVED", True)
    assert [i.target_unit for i in plan.work_results.get().indicators.order_by("order")] == [
        "Dokumen",
        "%",
        "Bulan",
    ]


def test_hr_set_plan_needs_a_main_work_result_PLAN_6(client, org, chain):
    person = newcomer(org)
    login(client, org.hr)

    response = client.post(
        set_plan_url(chain.cycle, person), {"approach": "QUANTITATIVE", "work_results": ""}
    )

    assert response.status_code == 400
    assert "PLAN-6" in str(response.context["form"].errors)
    assert not PerformancePlan.objects.filter(employee=person).exists()


def test_only_hr_sets_a_plan_PLAN_24(client, org, chain):
    person = newcomer(org)
    login(client, org.users["kabid"])

    response = client.post(
        set_plan_url(chain.cycle, person),
        {"approach": "QUANTITATIVE", "work_results": WORK_RESULTS},
    )

    assert response.status_code == 403
    assert not PerformancePlan.objects.filter(employee=person).exists()


def unit_hr(org, unit):
    """An HR administrator limited to ``unit`` and its subunits (ORG-9)."""
    from kinerja.accounts.models import RoleGrant

    user = make_user(agency=org.agency, username="hr-bidang", roles=("HR_ADMIN",))
    RoleGrant.objects.get(user=user).units.add(unit)
    return user


def test_hr_limited_to_units_monitors_and_sets_plans_only_there_PLAN_29_PLAN_24_ORG_9(
    client, org, chain
):
    from kinerja.api.tests.conftest import Api

    bidang = org.kabid_pos.unit
    inside = newcomer(org)  # in the Bidang
    outside_post = make_position(org.kadis_pos.unit, "Sekretaris Dinas", reports_to=org.kadis_pos)
    outside = make_employee(org.agency, "Di Luar", position=outside_post)
    hr = unit_hr(org, bidang)
    login(client, hr)

    page = client.get(monitoring_url(chain.cycle))
    api = Api().get(f"/cycles/{chain.cycle.pk}/completion", hr)
    refused = client.post(
        set_plan_url(chain.cycle, outside),
        {"approach": "QUANTITATIVE", "work_results": WORK_RESULTS},
    )
    done = client.post(
        set_plan_url(chain.cycle, inside),
        {"approach": "QUANTITATIVE", "work_results": WORK_RESULTS},
    )

    assert page.status_code == 200
    assert [u.unit_id for u in page.context["units"]] == [bidang.pk]
    assert api.status_code == 200
    assert [u["unit_id"] for u in api.json()["units"]] == [bidang.pk]
    assert refused.status_code in (403, 404)
    assert not PerformancePlan.objects.filter(employee=outside).exists()
    assert done.status_code == 302
    assert PerformancePlan.objects.get(employee=inside).set_by_hr
