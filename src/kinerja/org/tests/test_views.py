"""Organisation pages: agency overview, unit tree, unit page and its HR forms (ORG-2..ORG-4)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import Role
from kinerja.core.testing import (
    PASSWORD,
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.org.models import OrgUnit, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    """Dinas ← Bidang ← Seksi; a head of the Dinas, one analyst in the Bidang, a vacant post."""
    agency = make_agency("kab")
    office = make_unit(agency, "Dinas Kesehatan", serves_public=True)
    division = make_unit(agency, "Bidang Pelayanan", parent=office)
    section = make_unit(agency, "Seksi Rujukan", parent=division)
    head_post = make_position(
        office, "Kepala Dinas", position_type="JPT", level="PRATAMA", is_unit_head=True
    )
    analyst_post = make_position(division, "Analis Kesehatan", reports_to=head_post)
    vacant = make_position(division, "Pengadministrasi Umum", reports_to=head_post)
    head = make_employee(agency, "dr. Kepala", position=head_post)
    analyst = make_employee(agency, "Analis", position=analyst_post, employee_type="PPPK")
    return {
        "agency": agency,
        "office": office,
        "division": division,
        "section": section,
        "head_post": head_post,
        "analyst_post": analyst_post,
        "vacant": vacant,
        "head": head,
        "analyst": analyst,
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_agency_list_shows_every_agency_to_system_admin(client, org):
    make_agency("lain", name="Pemerintah Kota Lain")
    login(client, make_user(superuser=True))

    response = client.get(reverse("org:agency-list"))

    assert response.status_code == 200
    assert [a.code for a in response.context["agencies"]] == ["kab", "lain"]


def test_agency_list_sends_others_to_their_own_agency(client, org):
    login(client, make_user(org["analyst"]))

    response = client.get(reverse("org:agency-list"))

    assert response.status_code == 302
    assert response.url == reverse("org:agency-detail", kwargs={"code": "kab"})


def test_agency_overview_counts(client, org):
    make_employee(org["agency"], "Tanpa jabatan", status="STUDY_LEAVE")
    login(client, make_user(org["analyst"]))

    response = client.get(reverse("org:agency-detail", kwargs={"code": "kab"}))

    overview = response.context["overview"]
    assert (overview.units, overview.units_serving_public) == (3, 1)
    assert (overview.positions, overview.vacant_positions) == (3, 1)
    assert overview.employees == 3
    assert overview.by_type == {"PNS": 2, "PPPK": 1}
    assert overview.by_status == {"ACTIVE": 2, "STUDY_LEAVE": 1}
    assert ("Tugas belajar", 1) in overview.status_rows


def test_agency_overview_of_another_agency_is_404(client, org):
    other = make_agency("lain")
    login(client, make_user(make_employee(other)))

    response = client.get(reverse("org:agency-detail", kwargs={"code": "kab"}))

    assert response.status_code == 404


def detail_url(unit):
    return reverse("org:unit-detail", kwargs={"pk": unit.pk})


def tree_url(code="kab", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("org:unit-tree", kwargs={"code": code}) + (f"?{query}" if query else "")


def test_unit_tree_shows_two_levels_with_subtree_counts_heads_and_sub_units(client, org):
    login(client, make_user(org["analyst"]))

    response = client.get(tree_url())

    rows = response.context["rows"]
    assert [
        (r["name"], r["depth"], r["employee_count"], r["unit_count"], r["expandable"]) for r in rows
    ] == [
        ("Dinas Kesehatan", 0, 2, 1, False),
        ("Bidang Pelayanan", 1, 1, 1, True),
    ]
    assert rows[0]["head_name"] == "dr. Kepala"
    assert rows[1]["head_name"] is None
    content = response.content.decode()
    assert "Seksi Rujukan" not in content
    assert 'class="depth-1"' in content
    expand = reverse("org:unit-tree-children", kwargs={"code": "kab", "pk": org["division"].pk})
    assert f'href="{tree_url(root=org["division"].pk)}"' in content
    assert f'hx-get="{expand}?indent=1" hx-target="closest tr" hx-swap="outerHTML"' in content


def test_unit_tree_subtree_count_adds_every_level_below(client, org):
    deep = make_unit(org["agency"], "Subseksi", parent=org["section"])
    make_employee(org["agency"], "Di subseksi", position=make_position(deep, "Staf Subseksi"))
    make_employee(org["agency"], "Di seksi", position=make_position(org["section"], "Staf Seksi"))
    login(client, make_user(org["analyst"]))

    rows = client.get(tree_url()).context["rows"]

    assert [(r["name"], r["employee_count"]) for r in rows] == [
        ("Dinas Kesehatan", 4),
        ("Bidang Pelayanan", 3),
    ]


@pytest.mark.parametrize("small_subtree", [500, 0], ids=["from-its-units", "over-the-agency"])
def test_unit_tree_from_root_counts_the_same_whichever_way_it_counts(
    client, org, monkeypatch, small_subtree
):
    # A small subtree is counted from its own positions, a large one over the agency's
    # assignments: both must give the subtree counts and ignore the rest of the agency.
    monkeypatch.setattr("kinerja.people.selectors.SMALL_SUBTREE", small_subtree)
    deep = make_unit(org["agency"], "Subseksi", parent=org["section"])
    make_employee(org["agency"], "Di subseksi", position=make_position(deep, "Staf Subseksi"))
    make_employee(org["agency"], "Di seksi", position=make_position(org["section"], "Staf Seksi"))
    outside = make_unit(org["agency"], "Bidang Lain", parent=org["office"])
    make_employee(org["agency"], "Di luar", position=make_position(outside, "Staf Lain"))
    login(client, make_user(org["analyst"]))

    rows = client.get(tree_url(root=org["division"].pk)).context["rows"]

    assert [(r["name"], r["employee_count"]) for r in rows] == [
        ("Bidang Pelayanan", 3),
        ("Seksi Rujukan", 2),
    ]


def test_unit_tree_from_root_shows_its_subtree_with_breadcrumb(client, org):
    deep = make_unit(org["agency"], "Subseksi", parent=org["section"])
    make_unit(org["agency"], "Sub-subseksi", parent=deep)
    make_employee(org["agency"], "Di subseksi", position=make_position(deep, "Staf Subseksi"))
    login(client, make_user(org["analyst"]))

    response = client.get(tree_url(root=org["section"].pk))

    rows = response.context["rows"]
    assert [(r["name"], r["employee_count"], r["unit_count"], r["expandable"]) for r in rows] == [
        ("Seksi Rujukan", 1, 1, False),
        ("Subseksi", 1, 1, True),
    ]
    assert [unit.name for unit in response.context["ancestors"]] == [
        "Dinas Kesehatan",
        "Bidang Pelayanan",
    ]
    content = response.content.decode()
    assert f'<a href="?root={org["office"].pk}">Dinas Kesehatan</a>' in content
    # indented from the root, not from the top of the agency
    assert f'<td class="depth-0"><a href="{detail_url(org["section"])}">Seksi' in content
    assert f'<td class="depth-1"><a href="{detail_url(deep)}">Subseksi' in content


def test_unit_tree_children_partial_returns_the_row_and_its_children(client, org):
    login(client, make_user(org["analyst"]))
    url = reverse("org:unit-tree-children", kwargs={"code": "kab", "pk": org["division"].pk})

    response = client.get(url + "?indent=1", headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<tr>") == 2
    assert "<html" not in content
    assert f'<td class="depth-1"><a href="{detail_url(org["division"])}">Bidang' in content
    assert f'<td class="depth-2"><a href="{detail_url(org["section"])}">Seksi' in content
    assert content.index("Bidang Pelayanan") < content.index("Seksi Rujukan")
    assert "hx-get" not in content  # the section has no sub-units


def test_unit_tree_root_of_another_agency_is_404(client, org):
    other = make_agency("lain")
    foreign = make_unit(other, "Unit Lain")
    login(client, make_user(org["analyst"]))
    children = reverse("org:unit-tree-children", kwargs={"code": "kab", "pk": foreign.pk})

    assert client.get(tree_url(root=foreign.pk)).status_code == 404
    assert client.get(children).status_code == 404
    assert client.get(tree_url(code="lain", root=org["office"].pk)).status_code == 404


def test_unit_tree_search_lists_matching_units_with_their_path(client, org):
    make_unit(make_agency("lain"), "Seksi Lain")
    make_unit(org["agency"], "Seksi Gizi", parent=org["division"])
    login(client, make_user(org["analyst"]))

    response = client.get(tree_url(q="seksi"))

    found = response.context["found"]
    assert sorted((r["name"], [name for _, name in r["ancestors"]]) for r in found) == [
        ("Seksi Gizi", ["Dinas Kesehatan", "Bidang Pelayanan"]),
        ("Seksi Rujukan", ["Dinas Kesehatan", "Bidang Pelayanan"]),
    ]
    content = response.content.decode()
    assert "Seksi Lain" not in content
    assert f'<a href="{tree_url(root=org["division"].pk)}">Bidang Pelayanan</a>' in content


def test_unit_tree_search_shows_at_most_100_units(client, org):
    OrgUnit.objects.bulk_create(
        OrgUnit(agency=org["agency"], code=f"X{n}", name=f"Seksi {n}", path=f"/x{n}/")
        for n in range(105)
    )
    login(client, make_user(org["analyst"]))

    assert len(client.get(tree_url(q="Seksi")).context["found"]) == 100


def test_unit_tree_counts_only_current_definitive_assignments(client, org):
    left = make_employee(
        org["agency"], "Pensiun", position=org["vacant"], start=dt.date(2010, 1, 1)
    )
    left.assignments.update(end_date=dt.date(2015, 1, 1))
    login(client, make_user(org["analyst"]))

    rows = client.get(tree_url()).context["rows"]

    assert rows[1]["employee_count"] == 1


def test_deep_units_are_indented_at_the_deepest_class(client, org):
    parent = org["section"]
    for level in range(3, 13):
        parent = make_unit(org["agency"], f"Tingkat {level}", parent=parent)
    login(client, make_user(org["analyst"]))
    url = reverse("org:unit-tree-children", kwargs={"code": "kab", "pk": parent.parent_id})

    content = client.get(url + "?indent=11").content.decode()

    assert 'class="depth-10"' in content
    assert 'class="depth-11"' not in content


def build_agency(size):
    """An agency with ``size`` units, each with a head and a staff member."""
    agency = make_agency(f"a{size}")
    root = make_unit(agency, "Sekretariat")
    for n in range(size):
        unit = make_unit(agency, f"Unit {n}", parent=root)
        head = make_position(unit, f"Kepala {n}", level="ADMINISTRATOR", is_unit_head=True)
        make_employee(agency, position=head)
        make_employee(agency, position=make_position(unit, f"Staf {n}", reports_to=head))
    return agency


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 9),  # session, user, roles, agency, units, unit paths, counts, sub-units, heads
        ({"root": "ROOT"}, 10),  # + the root unit (a top unit: no ancestors to read)
        ({"q": "Unit"}, 7),  # session, user, roles, agency, units, ancestor names, heads
    ],
)
def test_unit_tree_uses_a_fixed_number_of_queries(client, params, expected):
    small, large = build_agency(5), build_agency(50)
    login(client, make_user(superuser=True))

    def url(agency):
        root = OrgUnit.objects.get(agency=agency, name="Sekretariat").pk
        values = {key: str(root) if value == "ROOT" else value for key, value in params.items()}
        return tree_url(agency.code, **values)

    assert count_queries(client, url(small)) == expected
    assert count_queries(client, url(large)) == expected


def test_unit_tree_children_partial_uses_a_fixed_number_of_queries(client):
    small, large = build_agency(5), build_agency(50)
    login(client, make_user(superuser=True))

    def url(agency):
        root = OrgUnit.objects.get(agency=agency, name="Sekretariat").pk
        return reverse("org:unit-tree-children", kwargs={"code": agency.code, "pk": root})

    # session, user, roles, agency, the unit, units, unit paths, counts, sub-units, heads
    assert count_queries(client, url(small)) == count_queries(client, url(large)) == 10


def test_unit_page_shows_breadcrumb_children_positions_and_staff(client, org):
    login(client, make_user(org["head"]))

    response = client.get(reverse("org:unit-detail", kwargs={"pk": org["division"].pk}))

    assert response.status_code == 200
    assert [u.name for u in response.context["ancestors"]] == ["Dinas Kesehatan"]
    assert [u.name for u in response.context["children"]] == ["Seksi Rujukan"]
    rows = {r.position.name: r for r in response.context["positions"]}
    assert rows["Analis Kesehatan"].holder == org["analyst"]
    assert (rows["Pengadministrasi Umum"].is_held, rows["Pengadministrasi Umum"].holder) == (
        False,
        None,
    )
    assert list(response.context["staff"]) == [org["analyst"]]
    assert "kosong" in response.content.decode()
    assert response.context["audit"] is None  # the head of the Dinas is no auditor


def test_employee_sees_structure_but_not_colleagues_they_may_not_see(client, org):
    colleague = make_employee(org["agency"], "Rekan", position=org["vacant"])
    login(client, make_user(org["analyst"]))

    response = client.get(reverse("org:unit-detail", kwargs={"pk": org["division"].pk}))

    rows = {r.position.name: r for r in response.context["positions"]}
    assert (rows["Pengadministrasi Umum"].is_held, rows["Pengadministrasi Umum"].holder) == (
        True,
        None,
    )
    assert list(response.context["staff"]) == [org["analyst"]]
    assert colleague.name not in response.content.decode()


def test_head_of_unit_is_named_to_everyone(client, org):
    login(client, make_user(org["analyst"]))

    response = client.get(reverse("org:unit-detail", kwargs={"pk": org["office"].pk}))

    rows = {r.position.name: r for r in response.context["positions"]}
    assert rows["Kepala Dinas"].holder == org["head"]
    assert rows["Kepala Dinas"].holder_visible is False


def test_unit_page_of_other_agency_is_404(client, org):
    login(client, make_user(make_employee(make_agency("lain"))))

    response = client.get(reverse("org:unit-detail", kwargs={"pk": org["division"].pk}))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.HR_ADMIN, Role.AUDITOR])
def test_unit_audit_trail_is_shown_to_hr_and_auditor_GEN_4(client, org, role):
    login(client, make_user(agency=org["agency"], roles=(role,)))

    response = client.get(reverse("org:unit-detail", kwargs={"pk": org["division"].pk}))

    assert [e.action for e in response.context["audit"]] == ["CREATE"]


def test_hr_edits_unit(client, org):
    hr = hr_user(org["agency"])
    login(client, hr)

    response = client.post(
        reverse("org:unit-edit", kwargs={"pk": org["section"].pk}),
        {
            "code": "SR",
            "name": "Seksi Rujukan dan Layanan",
            "kind": "SUBDIVISION",
            "parent": org["office"].pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    section = OrgUnit.objects.get(pk=org["section"].pk)
    assert (section.name, section.parent, section.depth) == (
        "Seksi Rujukan dan Layanan",
        org["office"],
        1,
    )


def test_unit_cycle_is_shown_next_to_parent_field_ORG_2(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("org:unit-edit", kwargs={"pk": org["office"].pk}),
        {
            "code": "DK",
            "name": "Dinas Kesehatan",
            "kind": "OFFICE",
            "parent": org["section"].pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["parent"] == [
        "Susunan ini membuat lingkaran pada pohon. (ORG-2)"
    ]
    office = OrgUnit.objects.get(pk=org["office"].pk)
    assert (office.parent_id, office.code) == (None, org["office"].code)


def test_auditor_cannot_post_unit_edit_and_nothing_changes(client, org):
    login(client, make_user(agency=org["agency"], roles=(Role.AUDITOR,)))

    response = client.post(
        reverse("org:unit-edit", kwargs={"pk": org["section"].pk}),
        {"code": "SR", "name": "Diubah", "kind": "OTHER", "is_active": "on"},
    )

    assert response.status_code == 403
    assert OrgUnit.objects.get(pk=org["section"].pk).name == "Seksi Rujukan"


def test_employee_gets_403_on_unit_edit_form(client, org):
    login(client, make_user(org["analyst"]))

    response = client.get(reverse("org:unit-edit", kwargs={"pk": org["section"].pk}))

    assert response.status_code == 403


@pytest.mark.parametrize("move_to", ["section", "root"])
def test_hr_limited_to_units_cannot_move_a_unit_out_of_them_ORG_9(client, org, move_to):
    """The division's HR may edit it, but not place it under a unit outside their scope."""
    hr = hr_user(org["agency"])
    hr.role_grants.get().units.add(org["section"])
    login(client, hr)
    parent = org["office"].pk if move_to == "section" else ""

    response = client.post(
        reverse("org:unit-edit", kwargs={"pk": org["section"].pk}),
        {"code": "SR", "name": "Diubah", "kind": "OTHER", "parent": parent, "is_active": "on"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["parent"] == [
        "Anda hanya dapat menempatkan unit di bawah unit dalam lingkup Anda. (ORG-9)"
    ]
    section = OrgUnit.objects.get(pk=org["section"].pk)
    assert (section.name, section.parent) == ("Seksi Rujukan", org["division"])


def test_hr_limited_to_units_cannot_create_a_unit_outside_them_ORG_9(client, org):
    """The query string names a parent in scope; the posted parent must be in scope too."""
    hr = hr_user(org["agency"])
    hr.role_grants.get().units.add(org["section"])
    login(client, hr)
    url = reverse("org:unit-create", kwargs={"code": "kab"}) + f"?parent={org['section'].pk}"

    responses = [
        client.post(url, {"code": code, "name": "Baru", "kind": "OTHER", "parent": parent})
        for code, parent in (("B1", org["office"].pk), ("B2", ""))
    ]

    assert [r.status_code for r in responses] == [400, 400]
    assert not OrgUnit.objects.filter(code__in=["B1", "B2"]).exists()


def test_hr_limited_to_units_edits_a_unit_in_them_keeping_its_parent_ORG_9(client, org):
    hr = hr_user(org["agency"])
    hr.role_grants.get().units.add(org["section"])
    login(client, hr)

    response = client.post(
        reverse("org:unit-edit", kwargs={"pk": org["section"].pk}),
        {
            "code": "SR",
            "name": "Diubah",
            "kind": "OTHER",
            "parent": org["division"].pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=org["section"].pk).name == "Diubah"


def test_hr_creates_sub_unit(client, org):
    login(client, hr_user(org["agency"]))
    url = reverse("org:unit-create", kwargs={"code": "kab"}) + f"?parent={org['section'].pk}"

    response = client.post(
        url,
        {
            "code": "SUB1",
            "name": "Subseksi",
            "kind": "OTHER",
            "parent": org["section"].pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    created = OrgUnit.objects.get(code="SUB1")
    assert (created.parent, created.depth) == (org["section"], 3)


def test_hr_adds_position_to_unit(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("org:position-create", kwargs={"pk": org["section"].pk}),
        {
            "code": "KASI",
            "name": "Kepala Seksi",
            "position_type": "JA",
            "level": "PENGAWAS",
            "reports_to": org["head_post"].pk,
            "is_unit_head": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    position = Position.objects.get(code="KASI")
    assert (position.unit, position.reports_to, position.is_unit_head) == (
        org["section"],
        org["head_post"],
        True,
    )


def test_second_head_is_shown_next_to_field_ORG_3(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("org:position-create", kwargs={"pk": org["office"].pk}),
        {
            "code": "KD2",
            "name": "Kepala Dinas Kedua",
            "position_type": "JPT",
            "level": "PRATAMA",
            "is_unit_head": "on",
            "is_active": "on",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["is_unit_head"] == [
        "Unit ini sudah memiliki jabatan kepala unit. (ORG-3)"
    ]
    assert not Position.objects.filter(code="KD2").exists()


def test_type_level_mismatch_is_shown_next_to_level_REF_13(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("org:position-edit", kwargs={"pk": org["analyst_post"].pk}),
        {
            "code": org["analyst_post"].code,
            "name": "Analis Kesehatan",
            "position_type": "JA",
            "level": "AHLI_MUDA",
            "reports_to": org["head_post"].pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors["level"] == [
        "Jenjang AHLI_MUDA tidak sesuai dengan jenis jabatan JA. (REF-13)"
    ]
    assert Position.objects.get(pk=org["analyst_post"].pk).level == "PELAKSANA"


def test_unit_tree_escapes_names(client, org):
    make_unit(org["agency"], "<script>alert(1)</script>", parent=org["office"])
    login(client, make_user(org["analyst"]))

    content = client.get(tree_url()).content.decode()
    found = client.get(tree_url(q="script")).content.decode()

    assert "<script>alert(1)</script>" not in content + found
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_unit_form_selects_current_parent_and_escapes_names(client, org):
    make_unit(org["agency"], "<b>Tebal</b>")
    login(client, hr_user(org["agency"]))

    content = client.get(
        reverse("org:unit-edit", kwargs={"pk": org["section"].pk})
    ).content.decode()

    assert f'<option value="{org["division"].pk}" selected>— Bidang Pelayanan</option>' in content
    assert "&lt;b&gt;Tebal&lt;/b&gt;" in content
    assert "<b>Tebal</b>" not in content


@pytest.mark.parametrize("value", ["²", "9" * 30])
def test_odd_ids_in_tree_and_unit_create_query_strings_are_not_a_500(client, value):
    """Review regression: "²".isdigit() is true but int("²") fails."""
    from kinerja.core.testing import hr_user, make_agency, make_unit

    agency = make_agency(code="ganjil")
    make_unit(agency, "Sekretariat")
    client.force_login(hr_user(agency))
    tree = reverse("org:unit-tree", kwargs={"code": agency.code})
    create = reverse("org:unit-create", kwargs={"code": agency.code})
    assert client.get(tree, {"root": value}).status_code == 200
    assert client.get(create, {"parent": value}).status_code == 200
