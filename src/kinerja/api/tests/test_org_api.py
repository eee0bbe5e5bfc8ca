"""Agencies, units and positions over the API: scope, writes through services, filters, pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.accounts.models import RoleGrant
from kinerja.core.audit import audit_for
from kinerja.org.models import Agency, OrgUnit, Position

pytestmark = pytest.mark.django_db


def _codes(response):
    return [item["code"] for item in response.json()["items"]]


# Agencies -------------------------------------------------------------------------------------


def test_agency_list_is_scoped_to_own_agency(api, world):
    assert _codes(api.get("/agencies", world.users["hr"])) == ["alpha"]
    assert _codes(api.get("/agencies", world.users["employee"])) == ["alpha"]
    assert sorted(_codes(api.get("/agencies", world.users["sysadmin"]))) == ["alpha", "beta"]


def test_agency_detail_has_derived_kind_ORG_1(api, world):
    response = api.get("/agencies/alpha", world.users["employee"])

    assert response.status_code == 200
    assert response.json() == {
        "code": "alpha",
        "name": "Pemerintah Kabupaten Alpha",
        "level": "REGENCY",
        "kind": "REGIONAL",
        "time_zone": "Asia/Jakarta",
        "place": "Alpha",
    }


def test_agency_of_another_tenant_is_404(api, world):
    response = api.get("/agencies/beta", world.users["hr"])

    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Data tidak ditemukan."}


def test_system_admin_creates_central_agency_ORG_1(api, world):
    body = {
        "code": "kemen",
        "name": "Kementerian Contoh",
        "level": "CENTRAL",
        "time_zone": "Asia/Makassar",
        "kind": "REGIONAL",
    }

    response = api.post("/agencies", world.users["sysadmin"], body)

    assert response.status_code == 201
    assert response.json()["kind"] == "CENTRAL"  # derived; the "kind" sent is ignored
    agency = Agency.objects.get(code="kemen")
    assert (agency.level, agency.time_zone) == ("CENTRAL", "Asia/Makassar")
    assert audit_for(agency).get().action == "CREATE"


@pytest.mark.parametrize("role", ["hr", "head", "employee"])
def test_only_system_admin_creates_agencies(api, world, role):
    response = api.post(
        "/agencies", world.users[role], {"code": "baru", "name": "Baru", "level": "CITY"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Agency.objects.filter(code="baru").exists()


def test_agency_without_valid_level_is_rejected_GEN_1_ORG_1(api, world):
    response = api.post(
        "/agencies", world.users["sysadmin"], {"code": "baru", "name": "Baru", "level": "DAERAH"}
    )

    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["rule"], list(body["fields"])) == ("invalid", "GEN-1", ["level"])
    assert not Agency.objects.filter(code="baru").exists()


def test_duplicate_agency_code_is_422(api, world):
    response = api.post(
        "/agencies", world.users["sysadmin"], {"code": "beta", "name": "Lagi", "level": "CITY"}
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["code"]
    assert Agency.objects.filter(code="beta").count() == 1


def test_hr_admin_patches_own_agency_and_it_is_audited(api, world):
    response = api.patch(
        "/agencies/alpha", world.users["hr"], {"name": "Pemkab Alpha", "time_zone": "Asia/Jayapura"}
    )

    assert response.status_code == 200
    agency = Agency.objects.get(code="alpha")
    assert (agency.name, agency.time_zone, agency.level) == (
        "Pemkab Alpha",
        "Asia/Jayapura",
        "REGENCY",
    )
    entry = audit_for(agency).get()
    assert entry.actor == world.users["hr"]
    assert entry.changes["name"] == ["Pemerintah Kabupaten Alpha", "Pemkab Alpha"]


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("head", "alpha", 403),
        ("auditor", "alpha", 403),
        ("employee", "alpha", 403),
        ("hr", "beta", 404),
        ("foreign_hr", "alpha", 404),
    ],
)
def test_agency_patch_refused_leaves_it_unchanged(api, world, role, code, status):
    response = api.patch(f"/agencies/{code}", world.users[role], {"name": "Diubah"})

    assert response.status_code == status
    assert not Agency.objects.filter(name="Diubah").exists()
    assert not audit_for(Agency.objects.get(code=code)).exists()


def test_hr_admin_limited_to_units_may_not_patch_agency_ORG_9(api, world):
    grant = RoleGrant.objects.get(user=world.users["hr"])
    grant.units.add(world.units["div2"])

    response = api.patch("/agencies/alpha", world.users["hr"], {"name": "Diubah"})

    assert response.status_code == 403
    assert Agency.objects.get(code="alpha").name == "Pemerintah Kabupaten Alpha"


# Units ----------------------------------------------------------------------------------------


def test_unit_list_filters_and_pages(api, world):
    user = world.users["employee"]
    office = world.units["office"]

    assert _codes(api.get("/units", user)) == ["OFFICE", "DIV1", "DIV2"]
    assert _codes(api.get(f"/units?parent={office.pk}", user)) == ["DIV1", "DIV2"]
    assert _codes(api.get("/units?q=dua", user)) == ["DIV2"]
    assert _codes(api.get("/units?q=div1", user)) == ["DIV1"]
    assert _codes(api.get("/units?agency=beta", world.users["sysadmin"])) == ["BETA"]
    assert _codes(api.get("/units?agency=beta", user)) == []

    page = api.get("/units?page=2&page_size=2", user).json()
    assert (page["count"], page["page"], page["page_size"]) == (3, 2, 2)
    assert [u["code"] for u in page["items"]] == ["DIV2"]


def test_unit_list_active_filter(api, world):
    unit = world.units["div2"]
    unit.is_active = False
    unit.save()
    user = world.users["hr"]

    assert _codes(api.get("/units?active=false", user)) == ["DIV2"]
    assert _codes(api.get("/units?active=true", user)) == ["OFFICE", "DIV1"]


@pytest.mark.parametrize(
    "query", ["page=0", "page_size=201", "page=x", "active=maybe", "parent=abc"]
)
def test_bad_list_parameters_are_422(api, world, query):
    response = api.get(f"/units?{query}", world.users["hr"])

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_page_size_200_is_allowed(api, world):
    assert api.get("/units?page_size=200", world.users["hr"]).status_code == 200


def test_unit_detail(api, world):
    unit = world.units["div1"]

    response = api.get(f"/units/{unit.pk}", world.users["employee"])

    assert response.json() == {
        "id": unit.pk,
        "agency": "alpha",
        "parent_id": world.units["office"].pk,
        "code": "DIV1",
        "name": "Bidang Satu",
        "kind": "OTHER",
        "serves_public": False,
        "is_active": True,
        "depth": 1,
        "external_id": "",
    }


def test_unit_of_another_agency_is_404(api, world):
    assert api.get(f"/units/{world.units['beta'].pk}", world.users["hr"]).status_code == 404
    assert api.get("/units/999999", world.users["hr"]).status_code == 404


def test_hr_creates_unit_under_parent_ORG_2(api, world):
    parent = world.units["div1"]

    response = api.post(
        "/units",
        world.users["hr"],
        {
            "parent_id": parent.pk,
            "code": "SUB1",
            "name": "Seksi Satu",
            "kind": "SUBDIVISION",
            "serves_public": True,
        },
    )

    assert response.status_code == 201
    unit = OrgUnit.objects.get(code="SUB1")
    assert (unit.agency, unit.parent, unit.path) == (
        world.agencies["alpha"],
        parent,
        f"{parent.path}{unit.pk}/",
    )
    assert response.json()["agency"] == "alpha"
    assert audit_for(unit).get().actor == world.users["hr"]


def test_unit_parent_in_another_agency_is_422_and_nothing_saved_ORG_2(api, world):
    response = api.post(
        "/units", world.users["hr"], {"parent_id": world.units["beta"].pk, "code": "X", "name": "X"}
    )

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["parent_id"]
    assert not OrgUnit.objects.filter(code="X").exists()


def test_system_admin_must_name_the_agency_of_a_unit(api, world):
    response = api.post("/units", world.users["sysadmin"], {"code": "X", "name": "X"})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["agency"]
    created = api.post(
        "/units", world.users["sysadmin"], {"agency": "beta", "code": "X", "name": "X"}
    )
    assert created.status_code == 201
    assert OrgUnit.objects.get(code="X").agency == world.agencies["beta"]


@pytest.mark.parametrize("role", ["head", "auditor", "supervisor", "employee"])
def test_non_hr_cannot_create_units(api, world, role):
    response = api.post(
        "/units", world.users[role], {"parent_id": world.units["div1"].pk, "code": "X", "name": "X"}
    )

    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="X").exists()


def test_hr_limited_to_a_unit_creates_only_below_it_ORG_9(api, world):
    RoleGrant.objects.get(user=world.users["hr"]).units.add(world.units["div2"])
    user = world.users["hr"]

    below = api.post(
        "/units", user, {"parent_id": world.units["div2"].pk, "code": "A", "name": "A"}
    )
    elsewhere = api.post(
        "/units", user, {"parent_id": world.units["div1"].pk, "code": "B", "name": "B"}
    )
    root = api.post("/units", user, {"code": "C", "name": "C"})

    assert (below.status_code, elsewhere.status_code, root.status_code) == (201, 403, 403)
    assert list(
        OrgUnit.objects.filter(code__in=["A", "B", "C"]).values_list("code", flat=True)
    ) == ["A"]


def test_unit_patch_moves_subtree_ORG_2(api, world):
    div1, div2 = world.units["div1"], world.units["div2"]

    response = api.patch(
        f"/units/{div1.pk}", world.users["hr"], {"parent_id": div2.pk, "name": "Bidang Satu Baru"}
    )

    assert response.status_code == 200
    div1.refresh_from_db()
    assert (div1.parent, div1.name, div1.path) == (
        div2,
        "Bidang Satu Baru",
        f"{div2.path}{div1.pk}/",
    )


def test_unit_patch_cycle_is_rejected_ORG_2(api, world):
    office, div1 = world.units["office"], world.units["div1"]

    response = api.patch(f"/units/{office.pk}", world.users["hr"], {"parent_id": div1.pk})

    assert response.status_code == 422
    assert (response.json()["rule"], list(response.json()["fields"])) == ("ORG-2", ["parent"])
    office.refresh_from_db()
    assert office.parent is None
    assert not audit_for(office).filter(action="UPDATE").exists()


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("employee", "div1", 403),
        ("head", "div1", 403),
        ("foreign_hr", "div1", 404),
        ("hr", "beta", 404),
    ],
)
def test_unit_patch_refused_leaves_unit_unchanged(api, world, role, unit, status):
    target = world.units[unit]

    response = api.patch(f"/units/{target.pk}", world.users[role], {"name": "Diubah"})

    assert response.status_code == status
    target.refresh_from_db()
    assert target.name != "Diubah"


def test_unit_patch_null_for_required_field_is_422(api, world):
    response = api.patch(f"/units/{world.units['div1'].pk}", world.users["hr"], {"name": None})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["name"]


def test_unknown_code_in_a_union_field_names_the_field_GEN_2(api, world):
    body = {"unit_id": world.units["div1"].pk, "code": "Z", "name": "Z", "position_type": "JA"}
    body |= {"level": "PELAKSANA", "pelaksana_group": "XX"}

    response = api.post("/positions", world.users["hr"], body)

    assert response.status_code == 422
    assert (list(response.json()["fields"]), response.json()["rule"]) == (
        ["pelaksana_group"],
        "GEN-1",
    )


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/agencies/alpha", "place"),
        ("/units/{div1}", "external_id"),
        ("/positions/{staff1}", "pelaksana_group"),
        ("/positions/{staff1}", "external_id"),
    ],
)
def test_patch_null_for_optional_text_is_422_not_500(api, world, path, field):
    """A text column that may be empty is still NOT NULL: null is bad input, not a 500."""
    path = path.format(div1=world.units["div1"].pk, staff1=world.positions["staff1"].pk)

    response = api.patch(path, world.users["hr"], {field: None})

    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]


# Positions ------------------------------------------------------------------------------------


def test_position_list_shows_current_holder_and_vacancy(api, world):
    response = api.get(f"/positions?unit={world.units['div2'].pk}", world.users["employee"])

    holders = {item["code"]: item["holder"] for item in response.json()["items"]}
    other = world.employees["other"]
    assert holders["STAFF2"] == {"nip": other.nip, "name": other.full_name}
    assert holders["VACANT"] is None
    assert sorted(holders) == ["AUD", "CHIEF2", "HR", "STAFF2", "VACANT"]


def test_position_list_filters(api, world):
    user = world.users["hr"]
    chief1 = world.positions["chief1"]

    assert _codes(api.get(f"/positions?reports_to={chief1.pk}", user)) == ["STAFF1", "STAFF1B"]
    assert _codes(api.get("/positions?type=JPT", user)) == ["HEAD"]
    assert _codes(api.get("/positions?q=analis", user)) == ["PEER"]
    assert api.get("/positions?type=XYZ", user).json()["rule"] == "GEN-1"


def test_position_list_runs_a_fixed_number_of_queries(api, world):
    user = world.users["hr"]
    api.get("/me", user)  # token issued outside the measured requests

    def count(page_size):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/positions?page_size={page_size}", user)
        assert len(response.json()["items"]) == page_size
        return len(queries)

    assert count(2) == count(10)


def test_position_detail_other_agency_is_404(api, world):
    response = api.get(f"/positions/{world.positions['beta'].pk}", world.users["hr"])

    assert response.status_code == 404


def test_hr_creates_position(api, world):
    body = {
        "unit_id": world.units["div1"].pk,
        "reports_to_id": world.positions["chief1"].pk,
        "code": "NEW",
        "name": "Pengadministrasi",
        "position_type": "JA",
        "level": "PELAKSANA",
        "pelaksana_group": "KLEREK",
    }

    response = api.post("/positions", world.users["hr"], body)

    assert response.status_code == 201
    position = Position.objects.get(code="NEW")
    assert (position.agency, position.reports_to, position.pelaksana_group) == (
        world.agencies["alpha"],
        world.positions["chief1"],
        "KLEREK",
    )
    assert response.json()["holder"] is None
    assert audit_for(position).get().action == "CREATE"


def test_position_invalid_level_for_type_is_rejected_REF_13(api, world):
    body = {
        "unit_id": world.units["div1"].pk,
        "code": "NEW",
        "name": "X",
        "position_type": "JA",
        "level": "AHLI_MUDA",
    }

    response = api.post("/positions", world.users["hr"], body)

    assert response.status_code == 422
    assert (response.json()["rule"], list(response.json()["fields"])) == ("REF-13", ["level"])
    assert not Position.objects.filter(code="NEW").exists()


def test_second_unit_head_is_rejected_ORG_3(api, world):
    body = {
        "unit_id": world.units["div1"].pk,
        "code": "NEW",
        "name": "X",
        "position_type": "JA",
        "level": "ADMINISTRATOR",
        "is_unit_head": True,
    }

    response = api.post("/positions", world.users["hr"], body)

    assert response.status_code == 422
    assert response.json()["rule"] == "ORG-3"
    assert not Position.objects.filter(code="NEW").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("unit_id", 999999),
        ("reports_to_id", 999999),
        ("unit_id", "beta"),
        ("reports_to_id", "beta"),
    ],
)
def test_unknown_or_foreign_references_are_422(api, world, field, value):
    if value == "beta":
        value = world.units["beta"].pk if field == "unit_id" else world.positions["beta"].pk
    body = {
        "unit_id": world.units["div1"].pk,
        "code": "NEW",
        "name": "X",
        "position_type": "JA",
        "level": "PELAKSANA",
        field: value,
    }

    response = api.post("/positions", world.users["hr"], body)

    assert response.status_code == 422
    assert list(response.json()["fields"]) == [field]
    assert not Position.objects.filter(code="NEW").exists()


def test_position_patch_and_refusals(api, world):
    staff1 = world.positions["staff1"]

    refused = api.patch(f"/positions/{staff1.pk}", world.users["supervisor"], {"name": "X"})
    foreign = api.patch(f"/positions/{staff1.pk}", world.users["foreign_hr"], {"name": "X"})
    staff1.refresh_from_db()
    assert (refused.status_code, foreign.status_code, staff1.name) == (403, 404, "Pelaksana Satu")

    done = api.patch(
        f"/positions/{staff1.pk}",
        world.users["hr"],
        {"name": "Pelaksana Utama", "reports_to_id": world.positions["peer"].pk},
    )

    assert done.status_code == 200
    staff1.refresh_from_db()
    assert (staff1.name, staff1.reports_to) == ("Pelaksana Utama", world.positions["peer"])
    assert done.json()["holder"]["nip"] == world.employees["emp"].nip


def test_position_moved_to_unit_outside_hr_scope_is_403_ORG_9(api, world):
    RoleGrant.objects.get(user=world.users["hr"]).units.add(world.units["div2"])
    position = world.positions["vacant"]

    response = api.patch(
        f"/positions/{position.pk}", world.users["hr"], {"unit_id": world.units["div1"].pk}
    )

    assert response.status_code == 403
    position.refresh_from_db()
    assert position.unit == world.units["div2"]


def test_hr_limited_to_a_unit_cannot_move_it_out_of_scope_ORG_9(api, world):
    RoleGrant.objects.get(user=world.users["hr"]).units.add(world.units["div2"])
    sub = api.post(
        "/units", world.users["hr"], {"parent_id": world.units["div2"].pk, "code": "A", "name": "A"}
    ).json()

    to_root = api.patch(f"/units/{sub['id']}", world.users["hr"], {"parent_id": None})
    elsewhere = api.patch(
        f"/units/{sub['id']}", world.users["hr"], {"parent_id": world.units["div1"].pk}
    )

    assert (to_root.status_code, elsewhere.status_code) == (403, 403)
    assert OrgUnit.objects.get(pk=sub["id"]).parent == world.units["div2"]
