"""``kinerja import FILE --agency CODE [--dry-run] [--user USERNAME]``.

Prints the preview report (every bad row with its rule id, and the counts per kind) and commits
unless --dry-run is given or a row is bad; exits with status 1 when there are bad rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kinerja.org.models import Agency
from kinerja.people.importing import (
    ImportFileError,
    ImportReport,
    import_allowed,
    import_commit,
    import_preview,
)
from kinerja.people.importing.storage import clean_filename


class Command(BaseCommand):
    help = "Impor unit kerja, jabatan, pegawai dan penugasan dari berkas CSV atau XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas .csv atau .xlsx")
        parser.add_argument("--agency", required=True, help="kode instansi tujuan")
        parser.add_argument(
            "--dry-run", action="store_true", help="hanya pratinjau; tidak ada yang disimpan"
        )
        parser.add_argument("--user", help="nama pengguna yang dicatat sebagai pelaku (audit)")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(_("Instansi %(code)s tidak ada.") % {"code": options["agency"]})
        actor = self._actor(options["user"], agency)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Berkas %(path)s tidak ditemukan.") % {"path": path})
        filename = clean_filename(path.name)
        try:
            with path.open("rb") as stream:
                if options["dry_run"]:
                    report = import_preview(stream, agency=agency, filename=filename)
                else:
                    report = import_commit(stream, agency=agency, actor=actor, filename=filename)
        except ImportFileError as error:
            raise CommandError(" ".join(error.messages)) from error
        self._print(report)
        if not report.ok:
            raise CommandError(
                _("%(n)s baris salah; tidak ada yang disimpan.") % {"n": report.bad_rows}
            )
        if report.committed:
            self.stdout.write(self.style.SUCCESS(_("Impor selesai.")))
        else:
            self.stdout.write(_("Pratinjau saja (--dry-run): tidak ada yang disimpan."))

    def _actor(self, username: str | None, agency: Agency) -> Any:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("Pengguna %(name)s tidak ada.") % {"name": username})
        if not import_allowed(user, agency):
            raise CommandError(
                _("Pengguna %(name)s tidak berhak mengimpor untuk instansi ini.")
                % {"name": username}
            )
        return user

    def _print(self, report: ImportReport) -> None:
        for error in report.sorted_errors():
            self.stdout.write(
                _("%(sheet)s baris %(row)s, kolom %(column)s: [%(rule)s] %(message)s")
                % {
                    "sheet": error.sheet,
                    "row": error.row,
                    "column": error.column,
                    "rule": error.rule,
                    "message": error.message,
                }
            )
        self.stdout.write(
            _("%(kind)-12s %(rows)8s %(created)8s %(updated)8s %(unchanged)8s")
            % {
                "kind": _("jenis"),
                "rows": _("baris"),
                "created": _("baru"),
                "updated": _("diubah"),
                "unchanged": _("tetap"),
            }
        )
        for kind, counts in report.counts.items():
            if counts.rows:
                self.stdout.write(
                    f"{kind:<12} {counts.rows:>8} {counts.created:>8} "
                    f"{counts.updated:>8} {counts.unchanged:>8}"
                )
