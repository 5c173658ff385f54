import contextlib

import pytest

from tests.factories import SourceFactory
from tests.roles import administrator, editor_user, reviewer, second_reviewer  # noqa: F401 - fixtures

SNAPSHOT = (
    "The 1988 massacre took place based on a fatwa by Supreme Leader Ayatollah Khomeini.\n"
    "Three-member \u2018Death Commissions\u2019 were formed across Iran \u2013 sending political\n"
    "prisoners who refused to abandon their beliefs to execution. The victims were buried in secret mass graves."
)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _plain_http_and_one_factor(settings):
    """The test client speaks plain HTTP and logs in with ``force_login``.

    Production settings (DEBUG off) redirect to HTTPS and ask staff for a one-time password;
    tests/test_security.py turns both back on to test them. The live server of the browser tests
    builds its middleware once, before this fixture runs: `make test` sets SECURE_SSL_REDIRECT=False
    in the environment for it.
    """
    settings.SECURE_SSL_REDIRECT = False
    settings.REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _security_contact(settings):
    """A production site names one (`check --deploy` warns otherwise), so /.well-known/security.txt is served."""
    settings.SECURITY_CONTACT = ["mailto:security@casefile.example.org"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Login tests hash many passwords; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Every test runs with the public page cache on (as production with Redis), starting empty:
    a test that changes a record and reads a page again proves that the change reached the page."""
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    cache.clear()
    yield
    with contextlib.suppress(Exception):  # a test may have pointed the cache at a server that is down
        cache.clear()


@pytest.fixture
def source(db):
    return SourceFactory(snapshot=SNAPSHOT)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser(username="editor", password="a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /fa/ leaves Persian active in the thread (LocaleMiddleware activates it and
    nothing resets it); every test starts, and leaves, in the site's default language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _api_rate_limit_out_of_the_way(settings):
    """The URL walks (canary, fuzz) make thousands of API requests; tests/api sets a low rate to test it."""
    settings.API_ANONYMOUS_RATE = "1000000/hour"


@pytest.fixture
def _latest_schema_afterwards():
    """Migrating back and forth leaves the schema part way: put every app back at its newest migration."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
