import pytest
from django.core.cache import cache
from django.utils import translation

from tests.public.demo import build_demo


@pytest.fixture
def demo(db):
    return build_demo()


@pytest.fixture(autouse=True)
def _fresh_rate_limit_and_english(db):
    """Each test starts with no requests counted against the anonymous rate, in English."""
    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.activate("en")
