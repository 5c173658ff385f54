"""Schemathesis against the API's own OpenAPI schema: generated requests to every operation, no 500, every response conforms."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.public.demo import build_demo

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(SchemaGenerator(api_version="1").get_schema(request=None, public=True), cls=JSONEncoder))
)
schema.app = get_wsgi_application()

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """The WSGI app closes the database connection after each request, as a server should; Django's
    test client switches that off so the test's transaction survives, and so does this test."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    return build_demo()


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_answers_as_its_schema_says(case, world):
    # The WSGI transport hands the body over as sent, without undoing gzip: ask for it uncompressed.
    case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})
