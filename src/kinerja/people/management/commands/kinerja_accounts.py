"""``kinerja accounts --agency CODE --out FILE.xlsx``: an account for every employee without one.

For the first set-up of a large agency from the server's shell. Writes the activation codes to
a workbook (the only copy: only their hashes are stored) and refuses to overwrite a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kinerja.org.models import Agency
from kinerja.people.account_admin.documents import activation_codes_xlsx
from kinerja.people.account_admin.services import accounts_create_missing


class Command(BaseCommand):
    help = "Buat akun untuk setiap pegawai yang belum memilikinya; kode aktivasi ke berkas XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="kode instansi")
        parser.add_argument("--out", required=True, help="berkas .xlsx untuk kode aktivasi")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(_("Instansi %(code)s tidak ada.") % {"code": options["agency"]})
        out = Path(options["out"])
        if out.suffix.lower() != ".xlsx":
            raise CommandError(_("Berkas keluaran harus berakhiran .xlsx."))
        if out.exists():
            raise CommandError(_("Berkas %(path)s sudah ada; pilih nama lain.") % {"path": out})
        if not out.parent.is_dir():
            raise CommandError(_("Folder %(path)s tidak ada.") % {"path": out.parent})
        issued = accounts_create_missing(actor=None, agency=agency)
        if not issued:
            self.stdout.write(_("Semua pegawai sudah memiliki akun."))
            return
        out.write_bytes(activation_codes_xlsx(issued))
        out.chmod(0o600)  # the codes open accounts: readable by this server user only
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)s akun dibuat; kode aktivasi di %(path)s.") % {"n": len(issued), "path": out}
            )
        )
