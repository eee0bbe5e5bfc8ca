from kinerja.planning.document_urls import urlpatterns as document_urlpatterns
from kinerja.planning.page_urls import urlpatterns as page_urlpatterns

app_name = "planning"
urlpatterns = page_urlpatterns + document_urlpatterns
