from django.urls import path

from kinerja.people import org_views as views
from kinerja.people.account_admin import views as accounts

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
    # Accounts of the agency's people (views in the accounts app, URLs beside the agency's).
    path("<slug:code>/accounts/", accounts.account_list, name="account-list"),
    path(
        "<slug:code>/accounts/missing/",
        accounts.accounts_missing_create,
        name="accounts-missing-create",
    ),
    path(
        "<slug:code>/accounts/missing/count/",
        accounts.accounts_missing_count,
        name="accounts-missing-count",
    ),
    path("<slug:code>/accounts/<int:pk>/", accounts.account_detail, name="account-detail"),
    path("<slug:code>/accounts/<int:pk>/reset/", accounts.account_reset, name="account-reset"),
    path("<slug:code>/accounts/<int:pk>/active/", accounts.account_active, name="account-active"),
    path("<slug:code>/accounts/<int:pk>/roles/", accounts.account_role_grant, name="account-role"),
    path(
        "<slug:code>/accounts/<int:pk>/roles/<str:role>/revoke/",
        accounts.account_role_revoke,
        name="account-role-revoke",
    ),
]
