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
print('HEALTH', health.status_code, health['Cache-Control'], sep='|')
print('BODY', health.content.decode(), sep='|')
print('PAGE', client.get('/').status_code, sep='|')
"""


def start_site(database_url):
    """The lines the script printed, by their first word, and what the site logged."""
    environment = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "casefile.settings"}
    environment |= {"DEBUG": "False", "SECRET_KEY": "x", "SECURE_SSL_REDIRECT": "False", "ALLOWED_HOSTS": "testserver"}
    command = [sys.executable, "-c", SCRIPT]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
    printed = dict(line.split("|", 1) for line in result.stdout.splitlines() if "|" in line)
    return printed, result.stderr


def test_health_says_ok_when_the_site_can_serve(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_an_unreachable_database_is_a_503_and_a_clear_log_line():
    printed, log = start_site("postgres://casefile:s3cret-pw@127.0.0.1:9/casefile")  # nothing listens on port 9
    assert printed["HEALTH"].startswith("503|")
    assert "no-store" in printed["HEALTH"]
    assert json.loads(printed["BODY"]) == {"status": "unavailable"}
    assert printed["PAGE"] == "500"
    assert "Casefile cannot serve pages: the database cannot be used" in log
    assert "Check DATABASE_URL" in log
    assert "s3cret-pw" not in str(printed) + log
    assert "Traceback" not in log.split("Casefile cannot serve pages")[0]


def test_a_database_without_its_migrations_is_not_ready(tmp_path):
    printed, log = start_site(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert printed["HEALTH"].startswith("503|")
    assert "migration(s) not applied: run `manage.py migrate`" in log
