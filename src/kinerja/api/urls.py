from django.urls import path

from kinerja.api.api import api

urlpatterns = [path("", api.urls)]
