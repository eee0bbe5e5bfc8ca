"""``kinerja accounts --agency CODE --out FILE.xlsx``: an account for every employee without one.

For the first set-up of a large agency from the server's shell. Writes the activation codes to
a workbook (the only copy: only their hashes are stored), created new with mode 0600; the
accounts are committed only once the file is written.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
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
        try:
            # Created here, never overwritten, readable by this server user only: the codes
            # open accounts.
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as error:
            raise CommandError(
                _("Berkas %(path)s sudah ada; pilih nama lain.") % {"path": out}
            ) from error
        except OSError as error:
            raise CommandError(
                _("Berkas %(path)s tidak dapat dibuat: %(error)s")
                % {"path": out, "error": error.strerror}
            ) from error
        try:
            with os.fdopen(descriptor, "wb") as stream, transaction.atomic():
                issued = accounts_create_missing(actor=None, agency=agency)
                if issued:  # written before the commit: no accounts whose codes were lost
                    stream.write(activation_codes_xlsx(issued))
                    stream.flush()
                    os.fsync(stream.fileno())
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        if not issued:
            out.unlink()
            self.stdout.write(_("Semua pegawai sudah memiliki akun."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _("%(n)s akun dibuat; kode aktivasi di %(path)s.") % {"n": len(issued), "path": out}
            )
        )
