"""``kinerja import FILE --agency CODE [--dry-run] [--user USERNAME]``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from kinerja.cli import main
from kinerja.core.models import AuditEntry
from kinerja.core.testing import hr_user, make_agency, make_employee, make_user
from kinerja.people.models import Employee

pytestmark = pytest.mark.django_db

NIP_A = "198609262015051001"
GOOD = f"nip,jenis_pegawai,nama\n{NIP_A},PNS,Budi\n"
BAD = f"nip,jenis_pegawai,nama\n{NIP_A},PNS,Budi\n198609662015051002,PNS,Salah\n"


@pytest.fixture
def agency():
    return make_agency("kab")


def write(tmp_path, text: str, name: str = "pegawai.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("kinerja_import", *args, stdout=out, **options)
    return out.getvalue()


def test_command_commits_and_audits_as_the_named_user(tmp_path, agency):
    hr = hr_user(agency)

    output = run(write(tmp_path, GOOD), agency="kab", user=hr.username)

    assert "Impor selesai." in output
    assert "pegawai             1        1        0        0" in output
    assert Employee.objects.get().nip == NIP_A
    assert list(AuditEntry.objects.values_list("actor_id", "reason")) == [
        (hr.pk, "impor: pegawai.csv")
    ]


def test_dry_run_prints_the_report_and_writes_nothing(tmp_path, agency):
    output = run(write(tmp_path, GOOD), agency="kab", dry_run=True)

    assert "--dry-run" in output
    assert Employee.objects.count() == 0


def test_bad_rows_are_printed_nothing_is_written_and_the_command_fails(tmp_path, agency):
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^1 baris salah; tidak ada yang disimpan\.$"):
        call_command("kinerja_import", write(tmp_path, BAD), agency="kab", stdout=out)

    assert "pegawai baris 3, kolom nip: [ID-2]" in out.getvalue()
    assert Employee.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.fixture
def keep_connection(monkeypatch):
    # A management command run from argv closes every connection when it ends; on PostgreSQL that
    # would close the test's own transaction (SQLite's in-memory database hides it).
    monkeypatch.setattr(connections, "close_all", lambda: None)


def test_console_script_exits_with_status_1_on_bad_rows(tmp_path, agency, capsys, keep_connection):
    with pytest.raises(SystemExit) as exited:
        main(["kinerja", "import", write(tmp_path, BAD), "--agency", "kab"])

    assert exited.value.code == 1
    assert "[ID-2]" in capsys.readouterr().out
    assert Employee.objects.count() == 0


def test_console_script_import_verb_commits(tmp_path, agency, keep_connection):
    main(["kinerja", "import", write(tmp_path, GOOD), "--agency", "kab"])

    assert Employee.objects.get().agency == agency


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agency": "entah"}, "Instansi entah tidak ada."),
        ({"agency": "kab", "user": "entah"}, "Pengguna entah tidak ada."),
    ],
)
def test_unknown_agency_or_user_is_an_error(tmp_path, agency, options, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, GOOD), **options)
    assert Employee.objects.count() == 0


def test_user_without_import_right_is_refused(tmp_path, agency):
    clerk = make_user(make_employee(agency))

    with pytest.raises(CommandError, match="tidak berhak"):
        run(write(tmp_path, GOOD), agency="kab", user=clerk.username)
    assert not Employee.objects.filter(nip=NIP_A).exists()


def test_unreadable_file_is_an_error(tmp_path, agency):
    with pytest.raises(CommandError, match="Kolom wajib tidak ada"):
        run(write(tmp_path, "nip,jenis_pegawai\n1,PNS\n"), agency="kab")
