"""Readiness: a health check for the load balancer, and a clear word in the log when the database is unusable."""

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Start the site as gunicorn does (import casefile.wsgi), then ask for /health/ and a page.
SCRIPT = """
from casefile.wsgi import application
from django.conf import settings
settings.STORAGES = {**settings.STORAGES, 'staticfiles': {'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}
from django.test import Client
client = Client(raise_request_exception=False)
health = client.get('/health/')
print('HEALTH', health.status_code, health.content.decode(), health['Cache-Control'])
print('PAGE', client.get('/').status_code)
"""


def start_site(database_url):
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "casefile.settings"}
    environment |= {"DEBUG": "False", "SECRET_KEY": "x", "SECURE_SSL_REDIRECT": "False", "ALLOWED_HOSTS": "testserver"}
    command = [sys.executable, "-c", SCRIPT]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603


def test_health_says_ok_when_the_site_can_serve(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_an_unreachable_database_is_a_503_and_a_clear_log_line():
    result = start_site("postgres://casefile:s3cret-pw@127.0.0.1:9/casefile")  # nothing listens on port 9
    health = next(line for line in result.stdout.splitlines() if line.startswith("HEALTH"))
    status, body = health.split()[1], health.split(" ", 2)[2]
    assert status == "503"
    assert json.loads(body.rsplit("}", 1)[0] + "}") == {"status": "unavailable"}
    assert "no-store" in body
    assert "PAGE 500" in result.stdout
    assert "Casefile cannot serve pages: the database cannot be used" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr.split("Casefile cannot serve pages")[0]


def test_a_database_without_its_migrations_is_not_ready(tmp_path):
    result = start_site(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert "HEALTH 503" in result.stdout
    assert "migration(s) not applied: run `manage.py migrate`" in result.stderr
