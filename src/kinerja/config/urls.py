from django.urls import include, path

from kinerja.people.account_admin.views import activate

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Public: an account's owner sets a password with HR's code (above the accounts app, which
    # sits below people, so it is routed here rather than in accounts/urls.py).
    path("accounts/activate/", activate, name="account-activate"),
    path("accounts/", include("kinerja.accounts.urls")),
    path("org/", include("kinerja.people.org_urls")),
    path("people/", include("kinerja.people.urls")),
    path("planning/", include("kinerja.planning.urls")),
    path("api/", include("kinerja.api.urls")),
    path("", include("kinerja.core.urls")),
]

handler404 = "kinerja.core.views.not_found"
handler403 = "kinerja.core.views.forbidden"
handler500 = "kinerja.core.views.server_error"
