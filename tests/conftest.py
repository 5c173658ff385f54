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
def _api_rate_limit_out_of_the_way(settings):
    """The URL walks (canary, fuzz) make thousands of API requests; tests/api sets a low rate to test it."""
    settings.API_ANONYMOUS_RATE = "1000000/hour"
