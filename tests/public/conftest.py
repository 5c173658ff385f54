import pytest
from django.utils import translation

from tests.public.demo import build_demo


@pytest.fixture
def demo(db):
    return build_demo()


@pytest.fixture(autouse=True)
def _english(db):
    """Each test starts in English, whatever language the test before it requested."""
    translation.activate("en")
    yield
    translation.activate("en")
