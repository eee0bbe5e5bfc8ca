"""Import routes (people:import…); people/urls.py joins them with the page routes."""

from django.urls import path

from kinerja.people import import_views

urlpatterns = [
    path("import/", import_views.import_start, name="import"),
    path("import/template/", import_views.import_template, name="import-template"),
    path("import/<str:token>/", import_views.import_preview_page, name="import-preview"),
    path("import/<str:token>/commit/", import_views.import_commit_view, name="import-commit"),
    path("import/<str:token>/result/", import_views.import_result, name="import-result"),
]
