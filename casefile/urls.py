from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from casefile.core import readiness, wellknown
from casefile.opendata.sitemaps import SITEMAPS

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    # For load balancers, crawlers and security researchers: the same in every language.
    path("health/", readiness.health, name="health"),
    path("robots.txt", wellknown.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", wellknown.security_txt, name="security_txt"),
    # Open data: the read-only API, downloads, feeds and the sitemap (casefile.opendata).
    path("api/v1/", include("casefile.opendata.api.urls")),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
]

# The public site in English at /…, in Persian at /fa/….
urlpatterns += i18n_patterns(path("", include("casefile.public.urls")), prefix_default_language=False)
urlpatterns += i18n_patterns(path("", include("casefile.opendata.urls")), prefix_default_language=False)
