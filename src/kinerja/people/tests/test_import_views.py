"""Import pages: upload → preview → commit → result, for HR only (others 403, nothing stored)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.accounts.models import Role, RoleGrant
from kinerja.core.models import AuditEntry
from kinerja.core.testing import hr_user, make_agency, make_employee, make_unit, make_user
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db

NIP_A = "198609262015051001"
NIP_B = "199002152016032002"
GOOD = f"nip,jenis_pegawai,nama,golongan\n{NIP_A},PNS,Budi,III.b\n{NIP_B},PNS,Siti,IIIc\n"
BAD = f"nip,jenis_pegawai,nama\n{NIP_A},PNS,Budi\n198609662015051002,PNS,Salah\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agency():
    return make_agency("kab")


@pytest.fixture
def hr(agency):
    return hr_user(agency)


def upload(client, text: str, name: str = "pegawai.csv", **extra):
    data = {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"), **extra}
    return client.post(reverse("people:import"), data)


def stored_uploads(media) -> list:
    root = media / "imports"
    return list(root.iterdir()) if root.exists() else []


def test_import_page_offers_upload_and_template_links(client, hr):
    client.force_login(hr)

    response = client.get(reverse("people:import"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"{reverse('people:import-template')}?format=xlsx" in content
    assert f"{reverse('people:import-template')}?kind=pegawai&amp;format=csv" in content
    assert 'name="agency"' not in content  # an HR administrator imports into their own agency


def test_upload_preview_commit_result(client, hr, agency, media):
    client.force_login(hr)

    response = upload(client, GOOD)

    assert response.status_code == 302
    token = response.url.rstrip("/").split("/")[-1]
    assert response.url == reverse("people:import-preview", kwargs={"token": token})
    preview = client.get(response.url)
    assert preview.status_code == 200
    assert preview.context["report"].counts["pegawai"].created == 2
    assert reverse("people:import-commit", kwargs={"token": token}) in preview.content.decode()
    assert Employee.objects.count() == 0  # the preview writes nothing

    committed = client.post(reverse("people:import-commit", kwargs={"token": token}))

    assert committed.status_code == 302
    assert committed.url == reverse("people:import-result", kwargs={"token": token})
    result = client.get(committed.url)
    assert result.status_code == 200
    assert result.context["report"].committed is True
    assert set(Employee.objects.values_list("nip", "grade__code", "agency_id")) == {
        (NIP_A, "III/b", agency.pk),
        (NIP_B, "III/c", agency.pk),
    }
    assert set(AuditEntry.objects.values_list("actor_id", "reason")) == {
        (hr.pk, "impor: pegawai.csv")
    }
    assert not (media / "imports" / token / "data").exists()  # the file is gone once imported

    again = client.post(reverse("people:import-commit", kwargs={"token": token}))
    assert again.url == reverse("people:import-result", kwargs={"token": token})
    assert Employee.objects.count() == 2


def test_preview_lists_bad_rows_and_commit_changes_nothing(client, hr):
    client.force_login(hr)
    token = upload(client, BAD).url.rstrip("/").split("/")[-1]

    preview = client.get(reverse("people:import-preview", kwargs={"token": token}))

    content = preview.content.decode()
    assert "ID-2" in content
    assert reverse("people:import-commit", kwargs={"token": token}) not in content
    assert [(e.row, e.column, e.rule) for e in preview.context["page_obj"]] == [(3, "nip", "ID-2")]

    response = client.post(reverse("people:import-commit", kwargs={"token": token}))

    assert response.url == reverse("people:import-preview", kwargs={"token": token})
    assert Employee.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_error_table_is_a_partial_for_htmx(client, hr):
    client.force_login(hr)
    token = upload(client, BAD).url.rstrip("/").split("/")[-1]

    response = client.get(
        reverse("people:import-preview", kwargs={"token": token}),
        {"page": 1},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "ID-2" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("pegawai.csv", b"", "kosong"),  # Django's own message: "Berkas yang dikirimkan kosong."
        ("pegawai.pdf", b"%PDF", "Jenis berkas tidak didukung."),
        ("pegawai.csv", "nip;nama\n1;Müller\n".encode("cp1252"), "harus berenkode UTF-8"),
        ("pegawai.csv", b"nip,jenis_pegawai\n1,PNS\n", "Kolom wajib tidak ada"),
    ],
)
def test_unreadable_file_gets_a_message_on_the_form(client, hr, media, name, data, message):
    client.force_login(hr)

    response = client.post(
        reverse("people:import"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert stored_uploads(media) == []


def test_file_over_the_size_limit_is_refused(client, hr, settings, media):
    settings.IMPORT_MAX_FILE_BYTES = 20
    client.force_login(hr)

    response = upload(client, GOOD)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Berkas terlalu besar: paling besar 20\xa0bita."
    ]
    assert stored_uploads(media) == []


def _employee_user(agency):
    return make_user(make_employee(agency))


def _auditor(agency):
    return make_user(make_employee(agency), roles=(Role.AUDITOR,))


def _agency_head(agency):
    return make_user(make_employee(agency), roles=(Role.AGENCY_HEAD,))


def _unit_hr(agency):
    """ORG-9: an HR administrator limited to some units may not import agency-wide data."""
    user = hr_user(agency)
    RoleGrant.objects.get(user=user).units.add(make_unit(agency, code="U-HR"))
    return user


@pytest.mark.parametrize("make", [_employee_user, _auditor, _agency_head, _unit_hr])
def test_non_hr_users_get_403_and_nothing_is_imported(client, agency, media, make):
    client.force_login(make(agency))
    employees = Employee.objects.count()

    assert client.get(reverse("people:import")).status_code == 403
    assert client.get(reverse("people:import-template")).status_code == 403
    assert upload(client, GOOD).status_code == 403
    assert Employee.objects.count() == employees
    assert AuditEntry.objects.filter(reason__startswith="impor").count() == 0
    assert stored_uploads(media) == []


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("people:import"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_another_users_upload_is_not_found(client, hr, agency):
    client.force_login(hr)
    token = upload(client, GOOD).url.rstrip("/").split("/")[-1]
    client.force_login(hr_user(agency))

    assert client.get(reverse("people:import-preview", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("people:import-commit", kwargs={"token": token})).status_code == 404
    assert Employee.objects.count() == 0


def test_system_admin_chooses_the_agency(client, agency):
    make_agency("lain")
    client.force_login(make_user(username="root", superuser=True))

    page = client.get(reverse("people:import"))
    token = upload(client, GOOD, agency=agency.pk).url.rstrip("/").split("/")[-1]
    client.post(reverse("people:import-commit", kwargs={"token": token}))

    assert 'name="agency"' in page.content.decode()
    assert set(Employee.objects.values_list("agency__code", flat=True)) == {"kab"}


def test_xlsx_template_has_the_four_sheets_with_header_and_example(client, hr):
    client.force_login(hr)

    response = client.get(reverse("people:import-template"), {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-kinerja.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["unit_kerja", "jabatan", "pegawai", "penugasan"]
    rows = list(workbook["pegawai"].iter_rows(values_only=True))
    assert rows[0][:3] == ("nip", "jenis_pegawai", "nama")
    assert rows[1][0] == "198609262015051001"  # kept as text
    assert len(rows) == 2


def test_csv_template_per_kind(client, hr):
    client.force_login(hr)

    response = client.get(reverse("people:import-template"), {"kind": "penugasan", "format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response.content.decode("utf-8-sig").splitlines()[0]
        == "nip,kode_jabatan,mulai,selesai,jenis"
    )
