"""Middleware: bad input kept from queries, staff sessions kept short, and the headers every response carries."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import add_never_cache_headers, get_max_age, patch_cache_control

SESSION_STARTED = "casefile_login_at"
SESSION_SEEN = "casefile_seen_at"


class RejectNulCharactersMiddleware:
    """Answer 400 to a request whose address or form data holds a NUL character.

    PostgreSQL cannot store or compare text with NUL in it, and raises an error (a 500) where any
    search box or filter passes one on, as the admin's search does. No real request needs NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            if request.path.startswith("/api/"):  # the API answers in JSON, as its schema says
                return JsonResponse({"detail": "NUL character in the request."}, status=400)
            raise BadRequest("NUL character in the request.")
        return self.get_response(request)


def _has_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


class SessionLimitsMiddleware:
    """End a logged-in session after ``SESSION_IDLE_MINUTES`` without a request, and
    ``SESSION_MAX_HOURS`` after its login, whatever happens in between.

    The session cookie itself lasts until the browser closes (``SESSION_EXPIRE_AT_BROWSER_CLOSE``)
    and never longer than ``SESSION_MAX_HOURS``. The time of the last request is written at most
    once a minute, so that a session is not saved on every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no session to end (and none is read, so that public
        # pages do not vary by cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, now)
            if now - seen > settings.SESSION_IDLE_MINUTES * 60 or now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
            elif now - seen >= 60 or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
        return self.get_response(request)


def start_session_clock(sender, request, user, **kwargs):
    """At login (``user_logged_in``), the session's limits start again."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED] = request.session[SESSION_SEEN] = int(time.time())


class ResponseHeadersMiddleware:
    """``Permissions-Policy`` on every response, and how long caches may keep it: decided here only.

    - Staff pages (the admin, and any page seen by a logged-in user, such as a preview) are never
      kept: ``private, no-store``.
    - A public page (a 200 answer to an anonymous GET) may be kept by a shared cache for
      ``PUBLIC_CACHE_SECONDS``: that long a withdrawn record may still be served from a proxy or
      CDN, and no longer. A longer lifetime set by a view is cut to it, except that of a static
      file whose name holds its content's hash (marked ``immutable`` by WhiteNoise): it holds no
      record, and a changed file has a new name, so browsers keep it for a year.
    - Any other answer to the public (a redirect, a 404, an error) gets ``no-cache``. Answers that
      set their own stricter rule (uploaded files, the health check) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if is_staff_request(request):
            add_never_cache_headers(response)
        elif "Cache-Control" not in response:
            if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.cookies:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            else:
                patch_cache_control(response, no_cache=True)
        elif "immutable" in response["Cache-Control"]:
            pass  # a static file named by its content's hash (WhiteNoise): a new version has a new name
        elif (get_max_age(response) or 0) > settings.PUBLIC_CACHE_SECONDS:
            patch_cache_control(response, max_age=settings.PUBLIC_CACHE_SECONDS)  # keeps the shorter
            del response["Expires"]
        return response


def is_staff_request(request):
    if request.path_info.startswith("/" + settings.ADMIN_PATH):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class PublicGZipMiddleware(GZipMiddleware):
    """Compress pages, except those that carry a secret (BREACH): the admin, any staff page, any form with a CSRF token.

    A compressed page that holds both a secret and text the requester chose lets an attacker
    guess the secret from the compressed size; public pages hold no secret.
    """

    def process_response(self, request, response):
        # CsrfViewMiddleware sends its cookie with every page that used the token.
        if is_staff_request(request) or settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)
