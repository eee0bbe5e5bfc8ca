"""The workbook of activation codes HR downloads after giving many employees accounts at once.

INT-7: NIPs and codes are text cells, so a spreadsheet keeps all 18 digits; dates are ISO 8601.
The codes exist nowhere else (only their hashes are stored): the file is the hand-over list.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from kinerja.people.account_admin.services import HandOut

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def activation_codes_xlsx(lines: Iterable[HandOut]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Kode aktivasi"))
    for column, width in zip("ABCDE", (22, 40, 22, 18, 26), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append([_("NIP"), _("Nama"), _("Nama pengguna"), _("Kode aktivasi"), _("Berlaku sampai")])
    # Plain strings are string cells: a spreadsheet shows the 18 digits as they are (a styled
    # cell per value would triple the time for 100,000 rows).
    for line in lines:
        expires = timezone.localtime(line.expires_at).isoformat(timespec="minutes")
        # A control character (possible in imported names) is not allowed in XLSX: dropped.
        name = ILLEGAL_CHARACTERS_RE.sub("", line.name)
        sheet.append([line.nip, name, line.username, line.code, expires])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
