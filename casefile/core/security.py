"""Small pieces of the site's protection that settings point at."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The client's address for the login lockout.

    Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's; ``CLIENT_IP_HEADER`` names the header
    the proxy sets to the client's address. Of a list (X-Forwarded-For) the last address is taken:
    the one the proxy added; the ones before it are whatever the client claimed.
    """
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        address = forwarded.split(",")[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown when django-axes refuses a login: what happened, and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, which lets a login with no request through to the next backend.

    Every login over the web (the admin's form) passes its request and is checked. Only code on
    the server calls ``authenticate()`` without one, such as the test client's ``login()``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
