from kinerja.people.import_urls import urlpatterns as import_urlpatterns
from kinerja.people.page_urls import urlpatterns as page_urlpatterns

app_name = "people"
urlpatterns = page_urlpatterns + import_urlpatterns
