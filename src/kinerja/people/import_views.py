"""Import pages: upload → preview (every bad row, counts) → commit → result.

HR administrators of the whole agency and system administrators only (others 403). The work is
done by kinerja.people.importing, the same functions as the API and ``kinerja import``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kinerja.people.importing import (
    ImportFileError,
    import_agencies_for,
    import_allowed,
    import_commit,
    import_preview,
)
from kinerja.people.importing.blanks import template_csv, template_xlsx
from kinerja.people.importing.columns import COLUMNS, KIND_ORDER, REQUIRED, Kind
from kinerja.people.importing.forms import ImportUploadForm
from kinerja.people.importing.storage import (
    StoredUpload,
    upload_discard,
    upload_get,
    upload_store,
)

ERRORS_PER_PAGE = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_importer(request: HttpRequest) -> None:
    if not import_agencies_for(request.user).exists():
        raise PermissionDenied


def _own_upload(request: HttpRequest, token: str) -> StoredUpload:
    upload = upload_get(token, user=request.user)
    if not import_allowed(request.user, upload.agency):
        raise PermissionDenied
    return upload


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, agencies=import_agencies_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        agency = form.chosen_agency()
        upload = upload_store(form.cleaned_data["file"], user=request.user, agency=agency)
        try:
            with upload.open() as stream:
                report = import_preview(stream, agency=agency, filename=upload.filename)
        except ImportFileError as error:
            upload_discard(upload)
            form.add_error("file", error.messages)
        else:
            upload.save_report(report)
            return redirect("people:import-preview", token=upload.token)
    columns = [(kind, COLUMNS[kind], REQUIRED[kind]) for kind in KIND_ORDER]
    return render(request, "people/import.html", {"form": form, "columns": columns})


@login_required
@require_GET
def import_preview_page(request: HttpRequest, token: str) -> HttpResponse:
    upload = _own_upload(request, token)
    report = upload.report
    if report is None:
        return redirect("people:import")
    if report.committed:
        return redirect("people:import-result", token=token)
    page_obj = Paginator(report.sorted_errors(), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"upload": upload, "report": report, "page_obj": page_obj}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "people/partials/_import_errors.html", context)
    return render(request, "people/import_preview.html", context)


@login_required
@require_POST
def import_commit_view(request: HttpRequest, token: str) -> HttpResponse:
    upload = _own_upload(request, token)
    if upload.report is not None and upload.report.committed:
        return redirect("people:import-result", token=token)
    try:
        with upload.open() as stream:
            report = import_commit(
                stream, agency=upload.agency, actor=request.user, filename=upload.filename
            )
    except (ImportFileError, FileNotFoundError):
        upload_discard(upload)
        messages.error(request, _("Berkas tidak dapat dibaca lagi; unggah ulang."))
        return redirect("people:import")
    upload.save_report(report)
    if not report.committed:
        messages.error(
            request,
            _("Data berubah sejak pratinjau: ada baris yang kini salah. Tidak ada yang disimpan."),
        )
        return redirect("people:import-preview", token=token)
    messages.success(request, _("Impor selesai."))
    return redirect("people:import-result", token=token)


@login_required
@require_GET
def import_result(request: HttpRequest, token: str) -> HttpResponse:
    upload = _own_upload(request, token)
    report = upload.report
    if report is None or not report.committed:
        return redirect("people:import")
    return render(request, "people/import_result.html", {"upload": upload, "report": report})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """?format=xlsx (four sheets) or ?kind=pegawai&format=csv (one kind)."""
    _require_importer(request)
    if request.GET.get("format", "xlsx") == "csv":
        try:
            kind = Kind(request.GET.get("kind", Kind.EMPLOYEES.value))
        except ValueError:
            kind = Kind.EMPLOYEES
        response = HttpResponse(
            template_csv(kind).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
        name = f"templat-{kind.value}.csv"
    else:
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
        name = "templat-impor-kinerja.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
