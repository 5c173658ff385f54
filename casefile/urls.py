from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
]

# The public site in English at /…, in Persian at /fa/….
urlpatterns += i18n_patterns(path("", include("casefile.public.urls")), prefix_default_language=False)
