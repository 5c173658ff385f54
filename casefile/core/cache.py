"""The public page cache and the one content version that invalidates it.

Every rendered public page is kept with the site-wide *content version* it was rendered at, and
served only while that is still the version. ``content_changed()`` moves the version on, so
that the next request for any page renders it again: no page can outlive the change that made it
stale, and a page that was never public cannot be left behind by one. The version and the page
are read in one round trip to the cache (``get_many``), and a page rendered again replaces the
stale one under the same key. The workflow (``casefile.core.workflow``) calls it on every change
of state; a signal calls it on every other save or deletion of a Casefile record (an edit that
does not change a state, a loader, an import), and a bulk insert calls it itself.

The cache is Django's cache framework: Redis when ``REDIS_URL`` is set (shared by every app
server), a local in-memory cache otherwise (one server process, as ``make run``).
What is never cached: anything for a request that carries a session cookie (staff, previews),
the admin, anything but a 200 answer to a GET, and any answer that sets a cookie, uses a CSRF
token or says ``private``/``no-store``/``no-cache`` itself.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "casefile:content-version"
PAGE_PREFIX = "casefile:page:"


def _bump():
    # A new value, never a decrement of an older one: two servers bumping at once both move it on.
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed():
    """Make every cached page stale: call after any change to what a public page may show.

    The version moves on at once, and again when the surrounding transaction commits, so that
    a page rendered from the old rows while the change was being committed is not kept. If the
    cache cannot be reached this raises, and the change is rolled back with its transaction:
    a change that could leave stale pages behind is not made.
    """
    _bump()
    if connection.in_atomic_block and not any(func is _bump for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_bump)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        # add(): a server that starts after another one set it keeps the other's version.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
    return version


def _record_changed(sender, **kwargs):
    if sender.__module__.startswith("casefile."):
        content_changed()


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_record_changed, dispatch_uid=f"casefile_content_changed_{id(signal)}")


def _cacheable_request(request):
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith("/" + settings.ADMIN_PATH)
        # The API counts every anonymous request against its rate limit, which a cached answer would skip.
        and not request.path_info.startswith("/api/")
    )


def _cacheable_response(request, response):
    # A page that used a CSRF token sets the CSRF cookie, so ``cookies`` covers it.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _key(request, address):
    gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"{PAGE_PREFIX}{'gz' if gzip else 'id'}:{digest}"


class PublicPageCacheMiddleware:
    """Serve anonymous public pages from the cache, with ``ETag``/``Last-Modified`` and 304 answers.

    It stands outside compression, so that a page is compressed once, when it is rendered.
    ``Last-Modified`` is the time of the last content change, to the second; only the ``ETag``
    (a hash of the page) earns a 304, since two changes within one second share a ``Last-Modified``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        address = f"{request.get_host()}{request.get_full_path()}"  # a bad Host header is refused (400) here
        try:
            key = _key(request, address)
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or content_version()
            kept_version, response = found.get(key, (None, None))
            if kept_version != version:  # rendered before the latest change, or never
                response = None
        except Exception:  # a cache that cannot be reached: serve the page uncached rather than fail
            logger.exception("The page cache cannot be read; serving uncached.")
            return self.get_response(request)
        if response is None:
            response = self.get_response(request)
            if not _cacheable_response(request, response):
                return response
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not response.has_header("ETag"):
                set_response_etag(response)
            response.headers.setdefault("Last-Modified", http_date(version / 1e9))
            try:
                cache.set(key, (version, response), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("The page cache cannot be written.")
            response["X-Cache"] = "miss"
        else:
            response["X-Cache"] = "hit"
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
