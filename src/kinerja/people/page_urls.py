"""Page routes of the people app; people/urls.py joins them with the import routes."""

from django.urls import path, re_path

from kinerja.people import views
from kinerja.people.account_admin import views as accounts

NIP = r"(?P<nip>[0-9]{18})"

urlpatterns = [
    path("", views.employee_list, name="employee-list"),
    path("me/", views.me, name="me"),
    path("me/password/", views.password_change, name="password-change"),
    path("new/", views.employee_create, name="employee-create"),
    re_path(rf"^{NIP}/$", views.employee_detail, name="employee-detail"),
    re_path(rf"^{NIP}/edit/$", views.employee_edit, name="employee-edit"),
    re_path(rf"^{NIP}/appraiser/$", views.appraiser_override, name="employee-appraiser"),
    re_path(rf"^{NIP}/account/$", accounts.employee_account_create, name="employee-account"),
]
