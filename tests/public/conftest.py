import pytest

from tests.public.demo import build_demo


@pytest.fixture
def demo(db):
    return build_demo()
