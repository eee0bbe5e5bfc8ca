"""POST /api/v1/imports/preview and /commit: the same import, JSON reports, HR only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.accounts.models import Role
from kinerja.api.auth import token_issue
from kinerja.core.models import AuditEntry
from kinerja.core.testing import hr_user, make_agency, make_employee, make_user
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db

NIP_A = "198609262015051001"
GOOD = f"nip,jenis_pegawai,nama\n{NIP_A},PNS,Budi\n"
BAD = f"nip,jenis_pegawai,nama\n{NIP_A},PNS,Budi\n198609262015131003,PNS,Salah\n"


@pytest.fixture
def agency():
    return make_agency("kab")


def post(client, path: str, user, text: str, **data):
    headers = {"Authorization": f"Bearer {token_issue(user)[0]}"} if user else {}
    file = SimpleUploadedFile("pegawai.csv", text.encode(), content_type="text/csv")
    return client.post(f"/api/v1/imports/{path}", {"file": file, **data}, headers=headers)


def test_preview_reports_counts_and_writes_nothing(client, agency):
    response = post(client, "preview", hr_user(agency), GOOD)

    assert response.status_code == 200
    assert response.json() == {
        "filename": "pegawai.csv",
        "committed": False,
        "ok": True,
        "bad_rows": 0,
        "counts": {
            "unit_kerja": {"rows": 0, "created": 0, "updated": 0, "unchanged": 0},
            "jabatan": {"rows": 0, "created": 0, "updated": 0, "unchanged": 0},
            "pegawai": {"rows": 1, "created": 1, "updated": 0, "unchanged": 0},
            "penugasan": {"rows": 0, "created": 0, "updated": 0, "unchanged": 0},
        },
        "errors": [],
    }
    assert Employee.objects.count() == 0


def test_commit_writes_and_a_second_commit_changes_nothing(client, agency):
    hr = hr_user(agency)

    first = post(client, "commit", hr, GOOD)
    second = post(client, "commit", hr, GOOD)

    assert first.status_code == 200
    assert first.json()["committed"] is True
    assert Employee.objects.get().nip == NIP_A
    assert second.json()["counts"]["pegawai"] == {
        "rows": 1,
        "created": 0,
        "updated": 0,
        "unchanged": 1,
    }
    assert AuditEntry.objects.filter(object_type="people.employee").count() == 1


def test_commit_with_bad_rows_is_422_with_every_error_and_changes_nothing(client, agency):
    response = post(client, "commit", hr_user(agency), BAD)

    assert response.status_code == 422
    body = response.json()
    assert body["committed"] is False
    assert body["errors"] == [
        {
            "sheet": "pegawai",
            "row": 3,
            "column": "nip",
            "rule": "ID-3",
            "message": "Bulan TMT CPNS pada NIP (digit 13–14) harus 01–12.",
        }
    ]
    assert Employee.objects.count() == 0


def test_unreadable_file_is_422_with_a_message(client, agency):
    response = post(client, "preview", hr_user(agency), "a,b\n1,2\n")

    assert response.status_code == 422
    assert response.json()["message"].startswith("Baris judul berkas CSV tidak dikenali.")


def test_non_hr_users_get_403_and_nothing_is_imported(client, agency):
    auditor = make_user(make_employee(agency), roles=(Role.AUDITOR,))
    employee = make_user(make_employee(agency))
    before = Employee.objects.count()

    for user in (auditor, employee):
        response = post(client, "commit", user, GOOD)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert post(client, "commit", None, GOOD).status_code == 401
    assert Employee.objects.count() == before
    assert not Employee.objects.filter(nip=NIP_A).exists()


def test_hr_cannot_import_into_another_agency(client, agency):
    make_agency("lain")

    response = post(client, "commit", hr_user(agency), GOOD, agency="lain")

    assert response.status_code == 403
    assert Employee.objects.count() == 0


def test_system_admin_names_the_agency(client, agency):
    root = make_user(username="root", superuser=True)

    response = post(client, "commit", root, GOOD, agency="kab")

    assert response.status_code == 200
    assert Employee.objects.get().agency == agency
    assert post(client, "commit", root, GOOD).status_code == 403  # no agency named
