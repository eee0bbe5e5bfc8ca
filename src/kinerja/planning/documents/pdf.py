"""SKP and annex as PDF (DOC-2..DOC-8) with WeasyPrint: HTML templates, DejaVu Sans, no network.

WeasyPrint needs Pango from the operating system; when it cannot be imported the views answer
a clear 503 page instead of failing (``PdfUnavailable``).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from kinerja.planning.documents.context import PlanDocument

SKP_TEMPLATE = "planning/pdf/skp.html"
ANNEX_TEMPLATE = "planning/pdf/annex.html"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the Pango it needs) is not installed on this server."""


def document_context(doc: PlanDocument) -> dict[str, Any]:
    return {
        "doc": doc,
        "parties": list(zip(doc.employee.rows(), doc.appraiser.rows(), strict=True)),
    }


def skp_html(doc: PlanDocument) -> str:
    return render_to_string(SKP_TEMPLATE, document_context(doc))


def annex_html(doc: PlanDocument) -> str:
    return render_to_string(ANNEX_TEMPLATE, document_context(doc))


def html_to_pdf(html: str) -> bytes:
    """Render with no base URL and no external resources: nothing is fetched (fonts are local)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc

    def refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"external resource refused: {url}")

    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=refuse)
    return document.write_pdf()


def skp_pdf(doc: PlanDocument) -> bytes:
    return html_to_pdf(skp_html(doc))


def annex_pdf(doc: PlanDocument) -> bytes:
    return html_to_pdf(annex_html(doc))
