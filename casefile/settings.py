"""Casefile settings, read from the environment (see .env.example).

``DATABASE_URL`` selects PostgreSQL (``postgres://…``); without it, SQLite in the
project folder. With ``DEBUG`` off, a missing ``SECRET_KEY`` stops start-up.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-local-development-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Records' own texts in English and Persian (before the admin, as modeltranslation requires)
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "import_export",
    "casefile.core",
    "casefile.sources",
    "casefile.cases",
    "casefile.places",
    "casefile.people",
    "casefile.events",
    "casefile.figures",
    "casefile.curation",
    "casefile.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "casefile.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "casefile" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "casefile.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Keep database connections between requests (a new one costs several milliseconds), checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fa", _("Persian"))]
# A record's text is written in English first; its Persian translation falls back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "casefile" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "casefile" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# The public site's map. Without a tile server the map shows the sites on a plain background and
# the page asks no other host for anything; e.g. MAP_TILE_URL=https://tiles.example.org/{z}/{x}/{y}.png
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Security
# Production defaults follow DEBUG: with DEBUG off, HTTPS, HSTS, secure cookies and a second
# factor for the admin are on unless an administrator turns one off (README, "For administrators: running a server").

ADMIN_PATH = env.str("ADMIN_PATH", default="admin/").strip("/") + "/"

# The admin site is Casefile's own (casefile.core.sites): it asks staff for a one-time password
# (TOTP, django-otp) when REQUIRE_2FA is on. Enrol a device: manage.py add_totp_device USER.
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = "casefile.core.admin_apps.CasefileAdminConfig"
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes", "csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "casefile.core.middleware.SessionLimitsMiddleware"
)
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("csp.middleware.CSPMiddleware") + 1, "casefile.core.middleware.RejectNulCharactersMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "casefile.core.middleware.ResponseHeadersMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # Axes wants to be last.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Casefile")
# A device's secret is shown once, by add_totp_device; the admin never shows it again, since
# anyone who sees it can make codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failed logins from one address (for any
# user name, or for one account from that address), logins from it are refused for
# LOGIN_LOCKOUT_MINUTES. A user name alone never locks an account, or anyone could keep its owner
# out; instead, after LOGIN_ACCOUNT_FAILURE_LIMIT failures for one account from any addresses
# within LOGIN_ACCOUNT_LOCKOUT_MINUTES, the account refuses addresses it has not logged in from
# before (casefile.core.security.account_backed_off). `manage.py axes_reset` lifts the locks.
AUTHENTICATION_BACKENDS = ["casefile.core.security.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # counted per account by the back-off
AXES_LOCKOUT_CALLABLE = "casefile.core.security.lockout_response"
LOGIN_ACCOUNT_FAILURE_LIMIT = env.int("LOGIN_ACCOUNT_FAILURE_LIMIT", default=20)
LOGIN_ACCOUNT_LOCKOUT_MINUTES = env.int("LOGIN_ACCOUNT_LOCKOUT_MINUTES", default=60)
# Behind a reverse proxy every request comes from the proxy's address: name the header the
# proxy sets to the client's address (e.g. HTTP_X_REAL_IP), or leave empty to use REMOTE_ADDR.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
AXES_CLIENT_IP_CALLABLE = "casefile.core.security.client_ip"

# HTTPS. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
# (only if the proxy always sets that header). SECURE_SSL_REDIRECT may be turned off where the
# proxy already redirects http to https; `check --deploy` then warns (security.W008), rightly.
SECURE_PROXY_SSL_HEADER = env.tuple("SECURE_PROXY_SSL_HEADER", default=None) or None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Staff sessions: they end after SESSION_IDLE_MINUTES without a request, SESSION_MAX_HOURS after
# the login, and when the browser closes (casefile.core.middleware.SessionLimitsMiddleware). A
# password change ends the user's other sessions (Django checks the password hash on every request).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # no script reads it: the admin sends the token from the form
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No page uses these browser features; nothing framed or injected may either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# How long a shared cache (a proxy, a CDN) may keep a public page: a withdrawn record can be served
# from a cache that long. Staff pages are never kept (casefile.core.middleware.ResponseHeadersMiddleware).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)
# Where to report a security problem, for /.well-known/security.txt (RFC 9116), e.g.
# mailto:security@example.org or https://example.org/report; without it that file is not served.
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere, except map tiles
# from the host of MAP_TILE_URL (or MAP_TILE_HOST, e.g. https://tile.openstreetmap.org).
# The admin keeps the same policy: Django 5.2's admin renders no inline script or style (checked
# in Chromium and in tests/test_security.py); the one inline style left, a paginator border in
# django-simple-history's history list, is cosmetic and simply not applied.
_tiles = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
MAP_TILE_HOST = env.str("MAP_TILE_HOST", default=f"{_tiles.scheme}://{_tiles.netloc}" if _tiles.netloc else "")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([MAP_TILE_HOST] if MAP_TILE_HOST else [])],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Uploaded source files: kept under MEDIA_ROOT, which no URL serves; the public reaches a file
# only through its published source (casefile.public.files). MEDIA_ROOT must not be inside a
# directory the web server serves.
SOURCE_FILE_MAX_BYTES = env.int("SOURCE_FILE_MAX_MB", default=20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields other than files
# Uploaded files hold what witnesses sent: readable by the site's own user only, as backups are.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Cache: Redis when REDIS_URL is set (redis://127.0.0.1:6379/0), shared by every app server, so that
# one content change invalidates the pages every server keeps; otherwise a cache in this process.
# The page cache (casefile.core.cache) is on with Redis, or with DEBUG (one `runserver` process);
# PAGE_CACHE=True turns it on without Redis, safe only with a single server process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="casefile"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "casefile",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL) or DEBUG)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# Serve anonymous pages from the cache before the session, language and view are reached; compress
# what is rendered once, before it is kept (never a page with a CSRF token: casefile.core.middleware).
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "casefile.core.middleware.PublicGZipMiddleware"
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, "casefile.core.cache.PublicPageCacheMiddleware"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is one line, without a traceback, and repeats are rate-limited
    # (casefile.core.logs.RefusedRequests): a scan cannot fill the disk or bury a real error.
    "filters": {"refused_requests": {"()": "casefile.core.logs.RefusedRequests"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refused_requests"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Open data (casefile.opendata): the read-only API under /api/v1/, downloads, feeds and sitemaps.
# Everything it serves is read through casefile.selectors, like the public pages.
INSTALLED_APPS += [
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "casefile.opendata",
]
# Requests an anonymous client may make to the API, per address (DRF's rate syntax: "60/minute");
# beyond it the API answers 429 with Retry-After. Counted in the default cache.
API_ANONYMOUS_RATE = env.str("API_ANONYMOUS_RATE", default="120/minute")
API_PAGE_SIZE = env.int("API_PAGE_SIZE", default=50)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "casefile.opendata.api.pagination.Cursor",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_THROTTLE_CLASSES": ["casefile.opendata.api.throttling.AnonymousRate"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANONYMOUS_RATE},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casefile API",
    "DESCRIPTION": (
        "Read-only access to every published record of the case file. Every fact carries its citations: "
        "the exact quote, its place in the archived text of its source, and a link to the passage."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}
# The licence under which the published data may be reused, stated in every download.
DATA_LICENSE_NAME = env.str("DATA_LICENSE_NAME", default="CC-BY-4.0")
DATA_LICENSE_TITLE = env.str("DATA_LICENSE_TITLE", default="Creative Commons Attribution 4.0")
DATA_LICENSE_URL = env.str("DATA_LICENSE_URL", default="https://creativecommons.org/licenses/by/4.0/")
# Where `manage.py build_datapackage` writes the data package by default (the site builds the same on request).
DATA_PACKAGE_PATH = env.path("DATA_PACKAGE_PATH", default=BASE_DIR / "datapackage" / "casefile.zip")
# The site's own address, for links in files read outside the site (data package, feeds built offline).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
