"""Account pages: the agency's account list, giving accounts from a profile or to everyone at
once (a workbook of codes), reset / disable / roles, and the public activation page."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.core.testing import (
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.people.account_admin.services import account_create

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kebun-kopi-lereng-merapi"
CODE = re.compile(r'id="activation-code"[^>]*>([A-Z0-9-]+)<')


@pytest.fixture
def org():
    agency = make_agency()
    education = make_unit(agency, "Dinas Pendidikan")
    teacher = make_employee(
        agency, "Siti Rahayu", nip="198609262015052001", position=make_position(education, "Guru")
    )
    nurse = make_employee(agency, "Dewi Lestari")
    return {"agency": agency, "education": education, "teacher": teacher, "nurse": nurse,
            "hr": hr_user(agency)}  # fmt: skip


def login(client, user):
    client.force_login(user)


def test_hr_gives_an_account_from_the_profile_and_sees_the_code_once(client, org):
    login(client, org["hr"])
    profile = reverse("people:employee-detail", kwargs={"nip": org["teacher"].nip})
    assert "belum memiliki akun" in client.get(profile).content.decode()

    response = client.post(reverse("people:employee-account", kwargs={"nip": org["teacher"].nip}))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    code = CODE.search(response.content.decode()).group(1)
    client.logout()
    response = client.post(
        reverse("account-activate"),
        {"username": "19860926 201505 2 001", "activation_code": code,
         "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:login"), {"username": org["teacher"].nip, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(employee=org["teacher"]).pk)


def test_a_second_account_from_the_profile_is_refused_with_a_message_INT_9(client, org):
    make_user(org["teacher"])
    login(client, org["hr"])

    response = client.post(
        reverse("people:employee-account", kwargs={"nip": org["teacher"].nip}), follow=True
    )

    assert "sudah memiliki akun" in response.content.decode()
    assert User.objects.filter(employee=org["teacher"]).count() == 1


def test_an_employee_cannot_give_accounts(client, org):
    login(client, make_user(org["nurse"]))

    response = client.post(reverse("people:employee-account", kwargs={"nip": org["nurse"].nip}))

    assert response.status_code == 403


def test_accounts_for_everyone_arrive_as_a_workbook_with_nips_as_text_INT_7(client, org):
    login(client, org["hr"])
    count_url = reverse("org:accounts-missing-count", kwargs={"code": org["agency"].code})
    assert "2 pegawai aktif" in client.get(count_url).content.decode()

    response = client.post(
        reverse("org:accounts-missing-create", kwargs={"code": org["agency"].code})
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="kode-aktivasi-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("NIP", "Nama", "Nama pengguna", "Kode aktivasi", "Berlaku sampai")
    assert sorted(row[1] for row in rows[1:]) == ["Dewi Lestari", "Siti Rahayu"]
    nip_cell = next(row for row in sheet.iter_rows(min_row=2) if row[1].value == "Siti Rahayu")[0]
    assert nip_cell.value == "198609262015052001"
    assert nip_cell.data_type == "s"  # a string cell: no spreadsheet turns it into 1.98E+17
    # A second press finds no one left.
    response = client.post(
        reverse("org:accounts-missing-create", kwargs={"code": org["agency"].code}), follow=True
    )
    assert "sudah memiliki akun" in response.content.decode()
    assert "Semua pegawai aktif" in client.get(count_url).content.decode()


def test_the_account_list_filters_by_state(client, org):
    account_create(actor=org["hr"], employee=org["teacher"])
    make_user(org["nurse"])
    login(client, org["hr"])

    response = client.get(
        reverse("org:account-list", kwargs={"code": org["agency"].code}), {"state": "PENDING"}
    )

    rows = response.content.decode().split('<table id="accounts">')[1]
    assert "Siti Rahayu" in rows
    assert "Dewi Lestari" not in rows
    assert "Menunggu aktivasi" in rows


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.AGENCY_HEAD])
def test_auditor_and_head_read_the_accounts_but_change_nothing(client, org, role):
    account = make_user(org["nurse"])
    login(client, make_user(agency=org["agency"], roles=(role,)))
    code = org["agency"].code

    assert client.get(reverse("org:account-list", kwargs={"code": code})).status_code == 200
    detail = client.get(reverse("org:account-detail", kwargs={"code": code, "pk": account.pk}))
    assert detail.status_code == 200
    assert "Atur ulang kata sandi" not in detail.content.decode()
    for name in ("org:account-reset", "org:account-active"):
        url = reverse(name, kwargs={"code": code, "pk": account.pk})
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert (
        client.post(reverse("org:accounts-missing-create", kwargs={"code": code})).status_code
        == 403
    )
    assert User.objects.filter(agency=org["agency"]).count() == 3


def test_an_employee_and_another_agency_see_no_account_list(client, org):
    url = reverse("org:account-list", kwargs={"code": org["agency"].code})
    login(client, make_user(org["nurse"]))
    assert client.get(url).status_code == 404
    login(client, hr_user(make_agency("lain")))
    assert client.get(url).status_code == 404


def test_reset_from_the_account_page_shows_a_new_code(client, org):
    account = make_user(org["teacher"])
    login(client, org["hr"])

    response = client.post(
        reverse("org:account-reset", kwargs={"code": org["agency"].code, "pk": account.pk}),
        {"reason": "lupa"},
    )

    assert response.status_code == 200
    assert CODE.search(response.content.decode())
    account.refresh_from_db()
    assert not account.has_usable_password()


def test_disabling_without_a_reason_says_so_and_changes_nothing(client, org):
    account = make_user(org["teacher"])
    login(client, org["hr"])
    url = reverse("org:account-active", kwargs={"code": org["agency"].code, "pk": account.pk})

    response = client.post(url, {"active": "0", "reason": ""})

    assert response.status_code == 400
    assert "alasan" in response.content.decode()
    account.refresh_from_db()
    assert account.is_active
    response = client.post(url, {"active": "0", "reason": "pensiun"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert not account.is_active


def test_roles_are_given_and_revoked_on_the_account_page(client, org):
    account = make_user(org["teacher"])
    login(client, org["hr"])
    kwargs = {"code": org["agency"].code, "pk": account.pk}

    response = client.post(
        reverse("org:account-role", kwargs=kwargs),
        {"role": Role.HR_ADMIN, "units": [org["education"].pk], "reason": "BKPSDM"},
    )
    assert response.status_code == 302
    page = client.get(reverse("org:account-detail", kwargs=kwargs)).content.decode()
    assert "Administrator SDM (BKPSDM)" in page
    assert "Dinas Pendidikan" in page

    client.post(reverse("org:account-role-revoke", kwargs={**kwargs, "role": Role.HR_ADMIN}))
    assert not RoleGrant.objects.filter(user=account).exists()


def test_a_role_for_another_agencys_unit_is_refused_on_the_form(client, org):
    account = make_user(org["teacher"])
    login(client, org["hr"])
    foreign = make_unit(make_agency("lain"), "Dinas Lain")

    response = client.post(
        reverse("org:account-role", kwargs={"code": org["agency"].code, "pk": account.pk}),
        {"role": Role.HR_ADMIN, "units": [foreign.pk]},
    )

    assert response.status_code == 400
    assert not RoleGrant.objects.filter(user=account).exists()


def test_activation_page_reports_a_wrong_code_and_a_short_password(client, org):
    issued = account_create(actor=org["hr"], employee=org["teacher"])
    url = reverse("account-activate")
    data = {"username": org["teacher"].nip, "activation_code": "AAAA-BBBB-CCCC",
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}  # fmt: skip

    response = client.post(url, data)
    assert response.status_code == 400
    assert "kode aktivasi salah" in response.content.decode()

    short = {**data, "activation_code": issued.code, "password1": "pendek", "password2": "pendek"}
    response = client.post(url, short)
    assert response.status_code == 400
    assert "12 karakter" in response.content.decode()

    mismatch = {**data, "activation_code": issued.code, "password2": "lain-lagi-panjang"}
    assert "tidak sama" in client.post(url, mismatch).content.decode()
    assert not User.objects.get(pk=issued.user.pk).has_usable_password()


def test_the_login_page_points_to_activation(client):
    response = client.get(reverse("accounts:login"))
    assert reverse("account-activate") in response.content.decode()


def test_the_own_profile_shows_the_account_and_its_roles(client, org):
    login(client, make_user(org["teacher"], roles=(Role.AUDITOR,)))

    page = client.get(reverse("people:me")).content.decode()

    section = page.split('id="employee-account"')[1]
    assert org["teacher"].nip in section
    assert "Auditor (Inspektorat)" in section


def test_reset_and_disable_end_the_owners_open_session(client, org):
    owner = make_user(org["teacher"])
    for action, data in (("org:account-reset", {"reason": "lupa"}),
                         ("org:account-active", {"active": "0", "reason": "mutasi"})):  # fmt: skip
        owner_client = type(client)()
        owner_client.force_login(User.objects.get(pk=owner.pk))
        assert owner_client.get(reverse("people:me")).status_code == 200
        login(client, org["hr"])

        client.post(reverse(action, kwargs={"code": org["agency"].code, "pk": owner.pk}), data)

        assert owner_client.get(reverse("people:me")).status_code == 302  # back to log in
    # Enabled again, the old session stays ended.
    client.post(
        reverse("org:account-active", kwargs={"code": org["agency"].code, "pk": owner.pk}),
        {"active": "1"},
    )
    assert owner_client.get(reverse("people:me")).status_code == 302


def test_the_workbook_failing_leaves_no_account_without_its_code(client, org, monkeypatch):
    def broken(lines):
        raise OSError("disk full")

    monkeypatch.setattr("kinerja.people.account_admin.views.activation_codes_xlsx", broken)
    login(client, org["hr"])
    client.raise_request_exception = False

    response = client.post(
        reverse("org:accounts-missing-create", kwargs={"code": org["agency"].code})
    )

    assert response.status_code == 500
    assert not User.objects.filter(employee__isnull=False).exists()


def test_hr_of_some_units_sees_no_account_outside_them_on_a_profile_ORG_9(client, org):
    make_user(org["nurse"])
    hr = hr_user(org["agency"])
    hr.role_grants.get().units.add(org["education"])
    login(client, hr)

    inside = client.get(reverse("people:employee-detail", kwargs={"nip": org["teacher"].nip}))
    assert 'id="employee-account"' in inside.content.decode()
    # Dewi works outside the HR's units; were she visible (e.g. as staff), her account is not.
    from kinerja.people.account_admin.selectors import account_readable_by

    assert not account_readable_by(hr, org["nurse"])
