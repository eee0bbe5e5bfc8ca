"""People pages: list (search, filters, paging), profile, HR forms, my page (ID-*, ORG-5/6)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.accounts.models import Role, User
from kinerja.core.audit import audit_for
from kinerja.core.testing import (
    PASSWORD,
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.people.models import AppraiserOverride, Assignment, Employee

pytestmark = pytest.mark.django_db

NIP = "198609262015051001"


@pytest.fixture
def org():
    agency = make_agency("kab")
    office = make_unit(agency, "Dinas Pendidikan")
    division = make_unit(agency, "Bidang SMP", parent=office)
    other = make_unit(agency, "Dinas Sosial")
    head_post = make_position(
        office, "Kepala Dinas", position_type="JPT", level="PRATAMA", is_unit_head=True
    )
    division_post = make_position(
        division, "Kepala Bidang", level="ADMINISTRATOR", reports_to=head_post, is_unit_head=True
    )
    staff_post = make_position(division, "Pengawas Sekolah", reports_to=division_post)
    social_head = make_position(
        other, "Kepala Dinas Sosial", position_type="JPT", level="PRATAMA", is_unit_head=True
    )
    social_post = make_position(other, "Pekerja Sosial", reports_to=social_head)
    head = make_employee(agency, "Kepala Pendidikan", position=head_post)
    boss = make_employee(agency, "Kepala Bidang SMP", position=division_post)
    employee = make_employee(
        agency, "Budi Santoso", position=staff_post, nip=NIP, front_title="Drs.", back_title="M.Pd."
    )
    social = make_employee(agency, "Sari Sosial", position=social_post, employee_type="PPPK")
    return {
        "agency": agency,
        "office": office,
        "division": division,
        "other": other,
        "head": head,
        "boss": boss,
        "employee": employee,
        "social": social,
        "social_post": social_post,
        "staff_post": staff_post,
        "social_boss": make_employee(agency, "Kadinsos", position=social_head),
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def list_names(response):
    return [e.name for e in response.context["page_obj"]]


def test_list_search_by_nip_with_spaces_ID_1(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"q": "19860926 201505 1"})

    assert list_names(response) == ["Budi Santoso"]
    content = response.content.decode()
    assert "19860926 201505 1 001" in content  # display form 8-6-1-3 (ID-8)
    assert "Drs. Budi Santoso, M.Pd." in content
    assert "Pengawas Sekolah" in content
    assert "Bidang SMP" in content


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("19860926 201505 1 001", ["Budi Santoso"]),  # the whole NIP, display form
        ("198609262015051002", []),
        ("19860926", ["Budi Santoso"]),
        ("19860926 201505 1 0019", []),  # longer than a NIP
    ],
)
def test_list_search_by_whole_or_partial_nip_ID_1(client, org, query, names):
    make_employee(org["agency"], "Lain", nip="198709262015051001")
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"q": query})

    assert list_names(response) == names


def test_list_search_by_name(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"q": "sosial"})

    assert list_names(response) == ["Sari Sosial"]


def test_list_filter_by_unit_includes_sub_units(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"unit": org["office"].pk})

    assert list_names(response) == ["Budi Santoso", "Kepala Bidang SMP", "Kepala Pendidikan"]


def test_list_filter_by_type_and_status(client, org):
    make_employee(org["agency"], "Cuti Panjang", employee_type="PPPK", status="UNPAID_LEAVE")
    login(client, hr_user(org["agency"]))

    by_type = client.get(reverse("people:employee-list"), {"employee_type": "PPPK"})
    by_both = client.get(
        reverse("people:employee-list"), {"employee_type": "PPPK", "status": "UNPAID_LEAVE"}
    )

    assert list_names(by_type) == ["Cuti Panjang", "Sari Sosial"]
    assert list_names(by_both) == ["Cuti Panjang"]


def test_list_unit_of_other_agency_is_rejected_not_applied(client, org):
    foreign = make_unit(make_agency("lain"), "Dinas Lain")
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"unit": foreign.pk})

    assert response.context["form"].errors["unit"] == ["Unit kerja tidak ditemukan."]
    assert len(list_names(response)) == 5


def test_list_is_paginated_by_50(client, org):
    for n in range(52):
        make_employee(org["agency"], f"Zulkifli {n:02d}")
    login(client, hr_user(org["agency"]))

    first = client.get(reverse("people:employee-list"), {"q": "Zulkifli"})
    second = client.get(reverse("people:employee-list"), {"q": "Zulkifli", "page": 2})

    assert len(list_names(first)) == 50
    assert list_names(second) == ["Zulkifli 50", "Zulkifli 51"]
    assert "Halaman 1 dari 2" in first.content.decode()
    assert "q=Zulkifli&amp;page=2" in first.content.decode()


def test_supervisor_lists_only_own_staff_and_self(client, org):
    login(client, make_user(org["boss"]))

    response = client.get(reverse("people:employee-list"))

    assert list_names(response) == ["Budi Santoso", "Kepala Bidang SMP"]


def test_employee_lists_only_self(client, org):
    login(client, make_user(org["employee"]))

    response = client.get(reverse("people:employee-list"))

    assert list_names(response) == ["Budi Santoso"]


def test_htmx_search_returns_only_the_rows_partial(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-list"), {"q": "Budi"}, HTTP_HX_REQUEST="true")

    assert response.templates[0].name == "people/partials/_employee_rows.html"
    assert b"<form" not in response.content
    assert b"Budi Santoso" in response.content


def test_htmx_history_restore_gets_the_whole_page(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(
        reverse("people:employee-list"),
        {"q": "Budi"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assert response.templates[0].name == "people/employee_list.html"
    assert b"<form" in response.content


def count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("people:employee-list"))
    assert response.status_code == 200
    return len(queries), len(response.context["page_obj"])


def test_list_uses_a_fixed_number_of_queries(client, org):
    user = hr_user(org["agency"])
    login(client, user)
    few_queries, few_rows = count_list_queries(client)
    for n in range(45):
        position = make_position(org["division"], f"Staf {n}")
        # PPPK rows too: their NIP display reads the agency's setting (ID-8).
        pppk = {"employee_type": "PPPK", "grade": "IX"} if n % 2 else {}
        make_employee(org["agency"], position=position, **pppk)

    many_queries, many_rows = count_list_queries(client)

    assert (few_rows, many_rows) == (5, 50)
    assert few_queries == many_queries


@pytest.mark.parametrize(("setting", "shown"), [(None, False), ("GROUPED", True)])
def test_pppk_number_is_grouped_only_when_the_agency_chooses_ID_8(client, org, setting, shown):
    """ID-8: an NI PPPK is shown ungrouped by default, in 8-6-1-3 groups if the agency says so."""
    if setting:
        org["agency"].settings = {"pppk_nip_display": setting}
        org["agency"].save()
    pppk = make_employee(
        org["agency"],
        "Pegawai PPPK",
        position=make_position(org["division"], "Staf PPPK"),
        employee_type="PPPK",
        grade="IX",
    )
    grouped = f"{pppk.nip[:8]} {pppk.nip[8:14]} {pppk.nip[14]} {pppk.nip[15:]}"
    login(client, hr_user(org["agency"]))

    listing = client.get(reverse("people:employee-list"), {"q": "Pegawai PPPK"}).content.decode()
    profile = client.get(reverse("people:employee-detail", kwargs={"nip": pppk.nip}))

    assert (grouped in listing) is shown
    assert (grouped in profile.content.decode()) is shown
    assert pppk.nip in listing or shown


def test_profile_shows_identity_history_and_appraisers(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))

    assert response.status_code == 200
    assert response.context["appraiser"].employee == org["boss"]
    assert response.context["reviewer"].employee == org["head"]
    content = response.content.decode()
    assert "26 September 1986" in content  # birth date from the NIP
    assert "1 Mei 2015" in content  # TMT CPNS from the NIP
    assert "Laki-laki" in content
    assert [a.position.name for a in response.context["history"]] == ["Pengawas Sekolah"]


def test_profile_appraiser_on_a_given_date(client, org):
    org["employee"].assignments.update(start_date=dt.date(2024, 1, 1))
    login(client, hr_user(org["agency"]))

    before = client.get(
        reverse("people:employee-detail", kwargs={"nip": NIP}), {"on": "2023-12-31"}
    )
    after = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}), {"on": "2024-01-01"})

    assert before.context["appraiser"] is None
    assert "belum dapat ditentukan" in before.content.decode()
    assert after.context["appraiser"].employee == org["boss"]


def test_profile_bad_date_shows_a_message_not_an_error(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(
        reverse("people:employee-detail", kwargs={"nip": NIP}), {"on": "2024-13-45"}
    )

    assert response.status_code == 200
    assert "Tanggal “2024-13-45” tidak sah" in response.content.decode()
    assert response.context["appraiser"].employee == org["boss"]


def test_profile_marks_hr_override_with_reason_ORG_6(client, org):
    AppraiserOverride.objects.create(
        agency=org["agency"],
        employee=org["employee"],
        appraiser=org["head"],
        start_date=dt.date(2020, 1, 1),
        reason="Kabid cuti besar",
    )
    login(client, make_user(org["employee"]))

    response = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))

    content = response.content.decode()
    assert "ditetapkan SDM" in content
    assert "Kabid cuti besar" in content


@pytest.mark.parametrize(
    ("roles", "shown"),
    [
        ((Role.HR_ADMIN,), True),
        ((Role.AUDITOR,), True),
        ((Role.AGENCY_HEAD,), False),
    ],
)
def test_profile_audit_trail_only_for_hr_auditor_admin_GEN_4(client, org, roles, shown):
    login(client, make_user(agency=org["agency"], roles=roles))

    response = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))

    assert (response.context["audit"] is not None) is shown
    assert ("Jejak audit" in response.content.decode()) is shown


def test_own_profile_has_no_audit_trail_and_no_edit_buttons(client, org):
    login(client, make_user(org["employee"]))

    response = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))

    assert response.context["audit"] is None
    assert reverse("people:employee-edit", kwargs={"nip": NIP}) not in response.content.decode()


def edit_data(employee, **changes):
    data = {
        "nip": employee.nip,
        "employee_type": employee.employee_type,
        "name": employee.name,
        "front_title": employee.front_title,
        "back_title": employee.back_title,
        "grade": employee.grade_id or "",
        "status": employee.status,
        "email": "",
        "phone": "",
    }
    return data | changes


def test_hr_edits_employee_and_audit_records_before_after_GEN_4(client, org):
    hr = hr_user(org["agency"])
    login(client, hr)

    response = client.post(
        reverse("people:employee-edit", kwargs={"nip": NIP}),
        edit_data(org["employee"], name="Budi Santosa", phone="0812"),
    )

    assert response.status_code == 302
    employee = Employee.objects.get(pk=org["employee"].pk)
    assert (employee.name, employee.phone) == ("Budi Santosa", "0812")
    entry = audit_for(employee).filter(actor=hr).get()
    assert entry.changes == {"name": ["Budi Santoso", "Budi Santosa"], "phone": ["", "0812"]}


def test_profile_lists_the_numbers_the_employee_held_before_INT_2(client, org):
    """INT-2: the profile shows the number history."""
    hr = hr_user(org["agency"])
    login(client, hr)
    new_nip = NIP[:-3] + "999"
    client.post(
        reverse("people:employee-edit", kwargs={"nip": NIP}),
        edit_data(org["employee"], nip=new_nip),
    )

    response = client.get(reverse("people:employee-detail", kwargs={"nip": new_nip}))

    content = response.content.decode()
    assert "NIP lama" in content
    assert NIP in content
    assert [f.number for f in response.context["former_numbers"]] == [NIP]


def test_profile_trail_shows_created_values_and_changes_before_after_GEN_4(client, org):
    hr = hr_user(org["agency"])
    login(client, hr)
    client.post(
        reverse("people:employee-edit", kwargs={"nip": NIP}),
        edit_data(org["employee"], name="Budi Santosa"),
    )

    response = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))

    items = re.findall(r"<li><strong>(\w+)</strong>: ([^<]*)</li>", response.content.decode())
    assert ("name", "Budi Santoso → Budi Santosa") in items  # the edit
    assert ("name", "Budi Santoso") in items  # the creation: its values, no "before"
    assert ("nip", NIP) in items


@pytest.mark.parametrize(
    ("nip", "field", "message"),
    [
        (
            "198609662015051001",
            "nip",
            "Tanggal lahir pada NIP (digit 1–8) bukan tanggal yang sah. (ID-2)",
        ),
        ("198609262015131001", "nip", "Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12. (ID-3)"),
        ("1986092620150510", "nip", "NIP harus terdiri dari tepat 18 angka. (ID-1)"),
    ],
)
def test_edit_with_invalid_nip_rerenders_with_rule_and_changes_nothing(
    client, org, nip, field, message
):
    login(client, hr_user(org["agency"]))
    before = Employee.objects.values().get(pk=org["employee"].pk)

    response = client.post(
        reverse("people:employee-edit", kwargs={"nip": NIP}),
        edit_data(org["employee"], nip=nip, name="Nama Baru"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert Employee.objects.values().get(pk=org["employee"].pk) == before


def test_edit_accepts_nip_with_spaces_ID_1(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-edit", kwargs={"nip": NIP}),
        edit_data(org["employee"], nip="19860926 201505 1 002"),
    )

    assert response.status_code == 302
    assert response.url == reverse("people:employee-detail", kwargs={"nip": "198609262015051002"})
    assert Employee.objects.get(pk=org["employee"].pk).nip == "198609262015051002"


def test_hr_creates_employee_with_identity_from_nip(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-create"),
        {"nip": "199103152022212011", "employee_type": "PPPK", "name": "Rina", "status": "ACTIVE"},
    )

    assert response.status_code == 302
    created = Employee.objects.get(nip="199103152022212011")
    assert (created.agency, created.birth_date, created.gender) == (
        org["agency"],
        dt.date(1991, 3, 15),
        "F",
    )


def test_create_duplicate_nip_rejected_ID_9(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-create"),
        {"nip": NIP, "employee_type": "PNS", "name": "Kembar", "status": "ACTIVE"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["nip"] == [f"NIP {NIP} sudah terdaftar. (ID-9)"]
    assert Employee.objects.filter(name="Kembar").count() == 0


def test_hr_transfers_employee_with_audit_trail_GEN_4(client, org):
    """The profile's "Mutasi" opens the one transfer page (planning: posts and plans, PLAN-25)."""
    hr = hr_user(org["agency"])
    login(client, hr)
    vacant = make_position(org["other"], "Penyuluh Sosial", reports_to=org["social_post"])

    form = client.get(reverse("planning:employee-transfer", kwargs={"nip": NIP}))
    response = client.post(
        reverse("planning:employee-transfer", kwargs={"nip": NIP}),
        {"position": vacant.pk, "effective_date": "2025-02-01", "reason": "SK 800/1/2025"},
    )

    assert "Penyuluh Sosial — Dinas Sosial (kosong)" in form.content.decode()
    assert response.status_code == 302
    history = list(
        org["employee"].assignments.order_by("start_date").values_list("position__name", "end_date")
    )
    assert history == [("Pengawas Sekolah", dt.date(2025, 1, 31)), ("Penyuluh Sosial", None)]
    trail = audit_for(org["employee"]).filter(actor=hr)
    assert sorted(e.changes["assignment"][1] for e in trail) == [
        "Drs. Budi Santoso, M.Pd. → Pengawas Sekolah (2020-01-01–2025-01-31)",
        "Drs. Budi Santoso, M.Pd. → Penyuluh Sosial (2025-02-01–)",
    ]
    assert {e.reason for e in trail} == {"SK 800/1/2025"}
    profile = client.get(reverse("people:employee-detail", kwargs={"nip": NIP}))
    assert reverse("planning:employee-transfer", kwargs={"nip": NIP}) in profile.content.decode()


def test_transfer_to_held_position_shows_rule_and_changes_nothing_ORG_5(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("planning:employee-transfer", kwargs={"nip": NIP}),
        {"position": org["social_post"].pk, "effective_date": "2025-02-01"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["position"] == [
        "Jabatan ini sudah dipegang pegawai lain pada tanggal tersebut. (ORG-5)"
    ]
    assert list(org["employee"].assignments.values_list("end_date", flat=True)) == [None]


def test_transfer_position_search_narrows_the_choices(client, org):
    login(client, hr_user(org["agency"]))

    response = client.get(
        reverse("planning:employee-transfer", kwargs={"nip": NIP}), {"q": "sosial"}
    )

    choices = [label for _, label in response.context["form"].fields["position"].widget.choices]
    assert choices == [
        "---------",
        "Kepala Dinas Sosial — Dinas Sosial",
        "Pekerja Sosial — Dinas Sosial",
    ]


def test_hr_overrides_appraiser_with_reason_ORG_6(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-appraiser", kwargs={"nip": NIP}),
        {
            "appraiser_nip": org["head"].nip_display,
            "start_date": "2024-01-01",
            "reason": "Kabid tugas belajar",
        },
    )

    assert response.status_code == 302
    override = AppraiserOverride.objects.get(employee=org["employee"])
    assert (override.appraiser, override.reason) == (org["head"], "Kabid tugas belajar")


def test_override_without_reason_rejected_ORG_6(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-appraiser", kwargs={"nip": NIP}),
        {"appraiser_nip": org["head"].nip, "start_date": "2024-01-01", "reason": " "},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["Alasan wajib diisi. (ORG-6)"]
    assert not AppraiserOverride.objects.exists()


def test_override_with_self_as_appraiser_rejected_ORG_6(client, org):
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-appraiser", kwargs={"nip": NIP}),
        {"appraiser_nip": NIP, "start_date": "2024-01-01", "reason": "coba"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["appraiser_nip"] == [
        "Pegawai tidak dapat menjadi penilai dirinya sendiri. (ORG-6)"
    ]
    assert not AppraiserOverride.objects.exists()


def test_override_appraiser_from_other_agency_rejected_ORG_6(client, org):
    stranger = make_employee(make_agency("lain"), "Orang Lain")
    login(client, hr_user(org["agency"]))

    response = client.post(
        reverse("people:employee-appraiser", kwargs={"nip": NIP}),
        {"appraiser_nip": stranger.nip, "start_date": "2024-01-01", "reason": "coba"},
    )

    assert response.status_code == 400
    assert "appraiser_nip" in response.context["form"].errors
    assert not AppraiserOverride.objects.exists()


def test_me_shows_own_profile_and_password_form(client, org):
    login(client, make_user(org["employee"]))

    response = client.get(reverse("people:me"))

    assert response.status_code == 200
    assert response.context["employee"] == org["employee"]
    assert 'name="new_password1"' in response.content.decode()


def test_me_for_account_without_employee_shows_roles(client, org):
    login(client, make_user(agency=org["agency"], username="auditor1", roles=(Role.AUDITOR,)))

    response = client.get(reverse("people:me"))

    content = response.content.decode()
    assert "auditor1" in content
    assert "Auditor (Inspektorat)" in content


def test_password_change_keeps_session_and_enforces_length(client, org):
    user = make_user(org["employee"])
    login(client, user)

    short = client.post(
        reverse("people:password-change"),
        {"old_password": PASSWORD, "new_password1": "pendek-1", "new_password2": "pendek-1"},
    )
    good = client.post(
        reverse("people:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "kata-sandi-baru-2026",
            "new_password2": "kata-sandi-baru-2026",
        },
    )

    assert short.status_code == 400
    assert good.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("kata-sandi-baru-2026")
    assert client.get(reverse("people:me")).status_code == 200  # still logged in


def test_transfer_keeps_history_in_profile(client, org):
    Assignment.objects.filter(employee=org["employee"]).update(start_date=dt.date(2020, 1, 1))
    login(client, hr_user(org["agency"]))
    client.post(
        reverse("planning:employee-transfer", kwargs={"nip": NIP}),
        {"position": make_position(org["other"], "Penyuluh").pk, "effective_date": "2024-07-01"},
    )

    response = client.get(
        reverse("people:employee-detail", kwargs={"nip": NIP}), {"on": "2024-06-30"}
    )

    assert [a.position.name for a in response.context["history"]] == [
        "Penyuluh",
        "Pengawas Sekolah",
    ]
    assert response.context["appraiser"].employee == org["boss"]
