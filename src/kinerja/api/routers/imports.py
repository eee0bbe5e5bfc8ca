"""Import of units, positions, employees and assignments: an adapter over people.importing.

POST /imports/preview and /imports/commit take a multipart ``file`` (CSV or XLSX) and, for a
system administrator, the ``agency`` code. Both answer the import report: every bad row as
{sheet, row, column, rule, message} and the counts per kind. A commit with bad rows changes
nothing and answers 422 with the same report.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from kinerja.api.errors import field_error
from kinerja.api.schemas.common import ErrorOut
from kinerja.people.importing import import_agency_for, import_commit, import_preview
from kinerja.people.importing.storage import clean_filename

router = Router(tags=["impor"])


class ImportErrorOut(Schema):
    sheet: str
    row: int
    column: str
    rule: str
    message: str


class ImportCountsOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int


class ImportReportOut(Schema):
    filename: str
    committed: bool
    ok: bool
    bad_rows: int
    counts: dict[str, ImportCountsOut]
    errors: list[ImportErrorOut]


RESPONSES = {200: ImportReportOut, 401: ErrorOut, 403: ErrorOut, 422: ImportReportOut | ErrorOut}


def _checked(file: UploadedFile) -> str:
    limit = settings.IMPORT_MAX_FILE_BYTES
    if file.size is not None and file.size > limit:
        raise field_error(
            "file",
            _("Berkas terlalu besar: paling besar %(limit)s.") % {"limit": filesizeformat(limit)},
            "import_file",
        )
    return clean_filename(file.name or "")


@router.post("/imports/preview", response=RESPONSES)
def imports_preview(
    request: HttpRequest, file: File[UploadedFile], agency: Form[str | None] = None
) -> dict[str, Any]:
    """Read and check the file; nothing is written."""
    target = import_agency_for(request.user, agency)
    filename = _checked(file)
    return import_preview(file.file, agency=target, filename=filename).as_dict()


@router.post("/imports/commit", response=RESPONSES)
def imports_commit(
    request: HttpRequest, file: File[UploadedFile], agency: Form[str | None] = None
) -> Status:
    """Check and, when no row is bad, write everything in one transaction (audited)."""
    target = import_agency_for(request.user, agency)
    filename = _checked(file)
    report = import_commit(file.file, agency=target, actor=request.user, filename=filename)
    return Status(200 if report.committed else 422, report.as_dict())
