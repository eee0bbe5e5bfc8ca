"""Document routes of the planning app (PDF and XLSX downloads)."""

from django.urls import path

from kinerja.planning import document_views as views

urlpatterns = [
    path("plans/<int:pk>/skp.pdf", views.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/annex.pdf", views.plan_annex_pdf, name="plan-annex-pdf"),
    path("plans/<int:pk>/skp.xlsx", views.plan_xlsx_view, name="plan-xlsx"),
    path(
        "cycles/<int:cycle_pk>/units/<int:unit_pk>/plans.xlsx",
        views.unit_plans_xlsx_view,
        name="unit-plans-xlsx",
    ),
]
