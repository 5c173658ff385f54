from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Casefile"
admin.site.site_title = "Casefile editors"
admin.site.index_title = "Curate the case file"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("casefile.public.urls")),
]
