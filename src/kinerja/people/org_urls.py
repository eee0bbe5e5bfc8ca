from django.urls import path

from kinerja.people import org_views as views

app_name = "org"
urlpatterns = [
    path("", views.agency_list, name="agency-list"),
    path("units/<int:pk>/", views.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<int:pk>/positions/new/", views.position_create, name="position-create"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position-edit"),
    path("<slug:code>/", views.agency_detail, name="agency-detail"),
    path("<slug:code>/tree/", views.unit_tree, name="unit-tree"),
    path("<slug:code>/settings/", views.agency_settings, name="agency-settings"),
    path(
        "<slug:code>/tree/<int:pk>/children/",
        views.unit_tree_children,
        name="unit-tree-children",
    ),
    path("<slug:code>/units/new/", views.unit_create, name="unit-create"),
]
