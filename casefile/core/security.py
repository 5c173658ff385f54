"""Small pieces of the site's protection that settings point at."""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_credentials
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

# An address from which an account logged in within this many days is the account's own: the
# per-account back-off never refuses it (only the per-address limit does).
KNOWN_ADDRESS_DAYS = 90


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
    """The page shown when a login is refused: what happened, and for how long."""
    if getattr(request, "account_back_off", False):
        limit, minutes = settings.LOGIN_ACCOUNT_FAILURE_LIMIT, settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES
    else:
        limit, minutes = settings.AXES_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": limit, "cooloff_minutes": minutes}
    return render(request, "registration/lockout.html", context, status=429)


def account_backed_off(request, username):
    """Whether an account, under attack from many addresses, refuses this address for now.

    The per-address limit (django-axes) stops one address guessing; a guesser with many addresses
    is slowed per account instead: after ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures for the account
    (from any address, since its last login) within ``LOGIN_ACCOUNT_LOCKOUT_MINUTES``, it refuses
    every address it has not logged in from before, until the failures stop for that long. The
    addresses its owner uses stay open, so a stranger cannot keep the owner out.
    """
    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    if not username or not limit:
        return False
    now = timezone.now()
    since = now - datetime.timedelta(minutes=settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES)
    logins = AccessLog.objects.filter(username=username)
    last_login = logins.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    if last_login is not None and last_login > since:
        since = last_login
    if AccessFailureLog.objects.filter(username=username, attempt_time__gt=since).count() < limit:
        return False
    known_since = now - datetime.timedelta(days=KNOWN_ADDRESS_DAYS)
    return not logins.filter(ip_address=client_ip(request), attempt_time__gte=known_since).exists()


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check and the per-account back-off; a login with no request goes to the next backend.

    Every login over the web (the admin's form) passes its request and is checked. Only code on
    the server calls ``authenticate()`` without one, such as the test client's ``login()``.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        if account_backed_off(request, username):
            request.axes_locked_out = request.account_back_off = True
            request.axes_credentials = get_credentials(username=username)
            raise AxesBackendPermissionDenied("The account refuses new addresses for now.")
        return None
