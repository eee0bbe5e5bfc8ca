from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
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
