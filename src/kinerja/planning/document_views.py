"""Downloads of the official documents: SKP and annex PDF, one plan's workbook, a unit's plans.

Plans load through ``plan_get_for_user`` (out of scope: 404): the employee, the appraiser, HR, the
agency head and auditors. A document with an empty mandatory header field is refused with the
missing fields listed (DOC-1); without WeasyPrint the PDF answers a clear 503 page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kinerja.org.selectors import unit_get_for_user
from kinerja.planning import selectors
from kinerja.planning.documents.access import unit_export_allowed
from kinerja.planning.documents.context import PlanDocument, plan_document, require_complete
from kinerja.planning.documents.pdf import PdfUnavailable, annex_pdf, skp_pdf
from kinerja.planning.documents.xlsx import XLSX_CONTENT_TYPE, plan_xlsx, unit_plans_xlsx

ERROR_TEMPLATE = "planning/pdf/unavailable.html"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, ERROR_TEMPLATE, {"message": message, "status": status}, status=status)


def _plan_file(
    request: HttpRequest,
    pk: int,
    write: Callable[[PlanDocument], bytes],
    content_type: str,
    filename: str,
) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    try:
        document = plan_document(plan)
        require_complete(document)
        data = write(document)
    except ValidationError as exc:
        return _refuse(request, " ".join(exc.messages), 422)
    except PdfUnavailable:
        return _refuse(
            request,
            _("Pembuatan PDF tidak tersedia di server ini (WeasyPrint/Pango belum terpasang)."),
            503,
        )
    return _download(data, content_type, filename.format(stem=document.filename_stem))


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """DOC-2..DOC-8: the SKP; signature block only when APPROVED."""
    return _plan_file(request, pk, skp_pdf, "application/pdf", "SKP-{stem}.pdf")


@login_required
def plan_annex_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """DOC-7: the annex with its three headed lists."""
    return _plan_file(request, pk, annex_pdf, "application/pdf", "LAMPIRAN-SKP-{stem}.pdf")


@login_required
def plan_xlsx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """DOC-12: a JA/JF plan in the official workbook's tabs."""
    return _plan_file(request, pk, plan_xlsx, XLSX_CONTENT_TYPE, "SKP-{stem}.xlsx")


@login_required
def unit_plans_xlsx_view(request: HttpRequest, cycle_pk: int, unit_pk: int) -> HttpResponse:
    """Every plan of a unit and its sub-units in a cycle, one row per indicator (INT-7)."""
    cycle = selectors.cycle_get_for_user(request.user, cycle_pk)
    unit = unit_get_for_user(request.user, unit_pk)
    if unit.agency_id != cycle.agency_id:
        return _refuse(request, _("Unit kerja tidak termasuk instansi siklus ini."), 404)
    if not unit_export_allowed(request.user, unit):
        raise PermissionDenied
    plans = selectors.plan_list_visible_to(request.user).filter(
        cycle=cycle, position__unit__path__startswith=unit.path
    )
    data = unit_plans_xlsx(plans)
    return _download(data, XLSX_CONTENT_TYPE, f"SKP-{cycle.year}-{unit.code}.xlsx")
