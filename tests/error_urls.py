"""URLs that fail on purpose, to test the error pages."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.urls import path

from casefile.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("witness-marker: an exception message must never reach the page")


def bad(request):
    raise BadRequest("witness-marker")


def forbidden(request):
    raise PermissionDenied("witness-marker")


urlpatterns = [
    path("boom/", boom),
    path("bad/", bad),
    path("forbidden/", forbidden),
    *site_urlpatterns,  # not include(): the site's URLs use i18n_patterns, allowed only at the top
]
