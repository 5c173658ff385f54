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
