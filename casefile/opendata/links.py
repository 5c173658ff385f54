"""Absolute links for files read outside the site: the API, downloads, feeds, the data package."""

from django.conf import settings


def absolute(path, request=None):
    """``path`` as an absolute URL: from the request when there is one, else from ``SITE_URL``."""
    if not path:
        return ""
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL}{path}"
