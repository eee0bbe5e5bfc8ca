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
    make_ready,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def cascade_url(cycle):
    return reverse("planning:cascade", kwargs={"cycle_pk": cycle.pk})


def nodes_of(response):
    return {n.employee_name: n for n in response.context["tree"].walk()}


def test_cascade_shows_the_tree_supports_and_gaps_two_levels_deep(client):
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, "Terarsipnya surat", supports=chain.kabid_rhk)
    extra = add_work_result(chain.kabid, "RHK tanpa pendukung")
    late = make_position(org.kabid_pos.unit, "Pengelola Data", reports_to=org.kabid_pos)
    make_employee(org.agency, "Belum Ada SKP", position=late)
    login(client, org.hr)

    response = client.get(cascade_url(chain.cycle))

    tree = response.context["tree"]
    assert [(n.employee_name, n.level) for n in tree.walk()] == [
        ("Sekda", 0),
        ("Kadis", 1),
        ("Kabid", 2),
    ]
    kabid = nodes_of(response)["Kabid"]
    assert (kabid.descendants, kabid.without_plan_count, kabid.children) == (2, 1, [])
    assert nodes_of(response)["Sekda"].descendants == 4
    assert nodes_of(response)["Sekda"].without_plan_count == 1
    kabid_results = {r.text: r for r in kabid.work_results}
    assert kabid_results[chain.kabid_rhk.text].supported_by == [
        (chain.staff.pk, "Staf", "Terarsipnya surat")
    ]
    assert kabid_results[chain.kabid_rhk.text].supports_text == chain.kadis_rhk.text
    assert [r.id for r in kabid.unsupported] == [extra.pk]
    assert [name for _id, name, _pos in kabid.staff_without_plan] == ["Belum Ada SKP"]
    html = response.content.decode()
    assert "belum didukung" in html
    assert "Belum Ada SKP" in html
    assert f'href="/planning/plans/{chain.staff.pk}/"' in html  # a supporter, one level down
    assert "Terarsipnya surat" not in html  # the staff's node itself loads on demand
    open_url = f"{cascade_url(chain.cycle)}?root={chain.kabid.pk}"
    assert f'href="{open_url}"' in html
    assert f'hx-get="{open_url}&amp;part=children"' in html


def test_cascade_root_shows_that_plan_and_two_levels_below_with_a_breadcrumb(client):
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, "Terarsipnya surat", supports=chain.kabid_rhk)
    login(client, org.hr)

    response = client.get(cascade_url(chain.cycle), {"root": chain.kadis.pk})

    tree = response.context["tree"]
    assert [(n.employee_name, n.level) for n in tree.walk()] == [
        ("Kadis", 0),
        ("Kabid", 1),
        ("Staf", 2),
        ("Analis", 2),
    ]
    assert [name for _pk, name, _pos in tree.ancestors] == ["Sekda"]
    assert tree.plans == 4
    html = response.content.decode()
    assert "Terarsipnya surat" in html
    assert f'href="{cascade_url(chain.cycle)}?root={plan_of(org.sekda, chain.cycle).pk}"' in html


def test_cascade_children_fragment_returns_the_children_of_a_node_for_htmx(client):
    org = build_org()
    chain = approved_chain(org)
    add_work_result(chain.staff, "Terarsipnya surat", supports=chain.kabid_rhk)
    login(client, org.hr)

    response = client.get(
        cascade_url(chain.cycle),
        {"root": chain.kabid.pk, "part": "children"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<ul id="children-{chain.kabid.pk}">')
    assert "<html" not in html
    assert "Terarsipnya surat" in html
    assert [n.employee_name for n in response.context["tree"].root.children] == ["Staf", "Analis"]


def test_cascade_unit_filter_keeps_the_unit_and_its_sub_units(client):
    org = build_org()
    cycle = open_cycle(org)
    login(client, org.hr)
    dinas = org.kadis_pos.unit

    response = client.get(cascade_url(cycle), {"unit": dinas.pk})

    assert [(n.employee_name, n.level) for n in response.context["tree"].walk()] == [
        ("Kadis", 0),
        ("Kabid", 1),
        ("Staf", 2),
        ("Analis", 2),
    ]
    assert client.get(cascade_url(cycle), {"unit": 999999}).status_code == 404


def test_cascade_problems_only_keeps_the_path_to_unsupported_results_and_gaps(client):
    org = build_org()
    chain = approved_chain(org)
    make_ready(chain.staff, supports=chain.kabid_rhk)
    make_ready(plan_of(org.jf, chain.cycle), supports=chain.kabid_rhk)
    add_work_result(chain.kadis, "RHK Kadis tanpa pendukung")
    login(client, org.hr)

    everything = client.get(cascade_url(chain.cycle), {"root": chain.kadis.pk})
    problems = client.get(cascade_url(chain.cycle), {"root": chain.kadis.pk, "problems": "1"})

    assert [n.employee_name for n in everything.context["tree"].walk()] == [
        "Kadis",
        "Kabid",
        "Staf",
        "Analis",
    ]
    # Staf and Analis support the Kabid's only RHK and have no staff: nothing to fix there.
    assert [n.employee_name for n in problems.context["tree"].walk()] == ["Kadis"]


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
    cycle.root = head_plan.pk
    return hr, cycle


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    tree = response.context["tree"]
    return len(queries), tree.shown, tree.plans


def test_cascade_uses_the_same_number_of_queries_for_small_and_larger_cycles(client):
    small_hr, small_cycle = build_agency("kecil", 2)
    large_hr, large_cycle = build_agency("besar", 30)

    login(client, small_hr)
    small = count_queries(client, cascade_url(small_cycle))
    small_root = count_queries(client, f"{cascade_url(small_cycle)}?root={small_cycle.root}")
    login(client, large_hr)
    large = count_queries(client, cascade_url(large_cycle))
    large_root = count_queries(client, f"{cascade_url(large_cycle)}?root={large_cycle.root}")

    assert (small[1:], large[1:]) == ((3, 3), (31, 31))
    assert small[0] == large[0]
    assert small_root[0] == large_root[0]
    assert large[0] <= 13  # session, user, roles (2), cycle, 6 in the selector, agency, units


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
