"""Import entry points shared by the page, the API and the ``kinerja import`` command.

``import_preview`` reads, normalises and validates a file and reports every bad row with its
rule id and what would be created, updated or left unchanged; it writes nothing.
``import_commit`` does the same inside one transaction and writes only when no row is bad, so a
file is imported whole or not at all, and importing the same file again changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinerja.accounts.roles import roles_of
from kinerja.org.models import Agency
from kinerja.people.importing.columns import Kind
from kinerja.people.importing.parsing import Row, parse_sheet
from kinerja.people.importing.reading import ImportFileError, read_sheets
from kinerja.people.importing.report import ImportReport
from kinerja.people.importing.validation import Plan, load_state, validate
from kinerja.people.importing.writing import Writer


def import_allowed(user: Any, agency: Agency) -> bool:
    """HR administrators of the whole agency (ORG-9) and system administrators."""
    roles = roles_of(user)
    if roles.is_system_admin:
        return True
    return roles.is_hr_admin and roles.agency_id == agency.pk and not roles.hr_unit_paths


def import_agencies_for(user: Any) -> QuerySet[Agency]:
    """The agencies ``user`` may import into (none: the import pages answer 403)."""
    roles = roles_of(user)
    if roles.is_system_admin:
        return Agency.objects.order_by("name")
    agency = getattr(user, "agency", None)
    if agency is not None and import_allowed(user, agency):
        return Agency.objects.filter(pk=agency.pk)
    return Agency.objects.none()


def import_agency_for(user: Any, code: str | None = None) -> Agency:
    """The agency ``user`` imports into: their own, or for a system admin the one named."""
    roles = roles_of(user)
    agency: Agency | None
    if roles.is_system_admin and code:
        agency = Agency.objects.filter(code=code).first()
    else:
        agency = getattr(user, "agency", None)
        if code and agency is not None and agency.code != code:
            agency = None
    if agency is None or not import_allowed(user, agency):
        raise PermissionDenied(_("Anda tidak berhak mengimpor data untuk instansi ini."))
    return agency


@contextmanager
def _few_collections() -> Iterator[None]:
    """Only young-generation garbage collection while ~10^5 row objects are alive.

    A full pass walks every live container, and the rows, their dicts and the plan are all
    containers: with the default thresholds a 100,000-row import spent a third of its time in
    them (bench/bench_import.py). Young passes stay, so short-lived cycles (every Django
    ValidationError holds one, a bad email cell makes one) are still freed as the file is read.
    Restored on exit.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), 1_000, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _read(stream: IO[bytes], filename: str, report: ImportReport) -> dict[Kind, list[Row]]:
    rows: dict[Kind, list[Row]] = {}
    for sheet in read_sheets(stream, filename):
        rows[sheet.kind] = parse_sheet(sheet, report)
    if not any(rows.values()):
        raise ImportFileError(_("Berkas tidak berisi baris data (hanya baris judul)."))
    return rows


def _plan(rows: dict[Kind, list[Row]], agency: Agency, report: ImportReport) -> Plan:
    return validate(rows, load_state(agency, rows), report)


def import_preview(stream: IO[bytes], *, agency: Agency, filename: str) -> ImportReport:
    """Every bad row (row, column, rule, message) and the counts; nothing is written."""
    report = ImportReport(filename=filename)
    with _few_collections():
        rows = _read(stream, filename, report)
        _plan(rows, agency, report)
    return report


def import_commit(stream: IO[bytes], *, agency: Agency, actor: Any, filename: str) -> ImportReport:
    """Validate again and, when no row is bad, write everything in one transaction (GEN-4 audit).

    Raises ImportFileError when the file cannot be read at all.
    """
    report = ImportReport(filename=filename)
    with _few_collections():
        rows = _read(stream, filename, report)
        with transaction.atomic():
            plan = _plan(rows, agency, report)
            if report.ok:
                Writer(plan, actor=actor, reason=_("impor: %(name)s") % {"name": filename}).run()
                report.committed = True
    return report
