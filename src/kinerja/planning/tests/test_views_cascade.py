"""The cascade page: the agency's plans as a tree, who supports which leader RHK, RHKs nobody
supports, staff without a plan; a fixed number of queries whatever the size (issue #3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.testing import (
    PASSWORD,
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.tests.factories import (
    add_work_result,
    approved_chain,
    build_org,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def cascade_url(cycle):
    return reverse("planning:cascade", kwargs={"cycle_pk": cycle.pk})


def test_cascade_shows_the_tree_supports_and_gaps(client):
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, "Terarsipnya surat", supports=chain.kabid_rhk)
    extra = add_work_result(chain.kabid, "RHK tanpa pendukung")
    late = make_position(org.kabid_pos.unit, "Pengelola Data", reports_to=org.kabid_pos)
    make_employee(org.agency, "Belum Ada SKP", position=late)
    login(client, org.hr)

    response = client.get(cascade_url(chain.cycle))

    nodes = {n.employee_name: n for n in response.context["nodes"]}
    assert [n.employee_name for n in response.context["nodes"]][:3] == ["Sekda", "Kadis", "Kabid"]
    assert nodes["Kabid"].depth == 2
    kabid_results = {r.text: r for r in nodes["Kabid"].work_results}
    assert kabid_results[chain.kabid_rhk.text].supported_by == [
        (chain.staff.pk, "Staf", "Terarsipnya surat")
    ]
    assert [r.id for r in nodes["Kabid"].unsupported] == [extra.pk]
    assert [name for _id, name, _pos in nodes["Kabid"].staff_without_plan] == ["Belum Ada SKP"]
    html = response.content.decode()
    assert "belum didukung" in html
    assert "Belum Ada SKP" in html
    assert f'href="/planning/plans/{chain.staff.pk}/"' in html


def build_agency(code, staff):
    """A head with ``staff`` direct reports, each with a plan that supports the head's RHK."""
    agency = make_agency(code)
    unit = make_unit(agency, "Bagian Umum")
    head_post = make_position(
        unit, "Kepala Bagian", position_type="JA", level="ADMINISTRATOR", is_unit_head=True
    )
    make_employee(agency, "Kepala", position=head_post)
    for n in range(staff):
        make_employee(
            agency, f"Staf {n}", position=make_position(unit, f"Staf {n}", reports_to=head_post)
        )
    hr = hr_user(agency)
    cycle = cycle_open(actor=hr, agency=agency, year=2026).cycle
    plans = list(cycle.plans.select_related("employee"))
    head_plan = next(p for p in plans if p.employee.name == "Kepala")
    head_rhk = add_work_result(head_plan, "RHK kepala")
    for plan in plans:
        if plan != head_plan:
            add_work_result(plan, f"RHK {plan.employee.name}", supports=head_rhk)
    return hr, cycle


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.context["nodes"])


def test_cascade_uses_the_same_number_of_queries_for_small_and_larger_cycles(client):
    small_hr, small_cycle = build_agency("kecil", 2)
    large_hr, large_cycle = build_agency("besar", 30)

    login(client, small_hr)
    small_queries, small_nodes = count_queries(client, cascade_url(small_cycle))
    login(client, large_hr)
    large_queries, large_nodes = count_queries(client, cascade_url(large_cycle))

    assert (small_nodes, large_nodes) == (3, 31)
    assert small_queries == large_queries
    assert large_queries <= 12


def test_cascade_is_for_hr_head_and_auditors_only(client):
    org = build_org()
    cycle = open_cycle(org)
    login(client, org.users["staff"])

    assert client.get(cascade_url(cycle)).status_code == 403


def test_cascade_of_another_agency_is_404(client):
    org = build_org()
    cycle = open_cycle(org)
    login(client, make_user(agency=make_agency("lain"), roles=("HR_ADMIN",)))

    assert client.get(cascade_url(cycle)).status_code == 404


def test_cascade_link_in_the_menu_goes_to_the_current_cycle(client):
    org = build_org()
    cycle = open_cycle(org)
    login(client, org.hr)

    response = client.get(reverse("planning:cascade-current"))

    assert response.status_code == 302
    assert response.url == cascade_url(cycle)


def test_cascade_escapes_what_people_typed(client):
    org = build_org()
    cycle = open_cycle(org)
    add_work_result(plan_of(org.kabid, cycle), '<script>alert("x")</script> & co')
    login(client, org.hr)

    html = client.get(cascade_url(cycle)).content.decode()

    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in html
    assert "<script>alert" not in html
