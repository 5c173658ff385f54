"""The files an auditor and a crawler look for: robots.txt and /.well-known/security.txt."""

import datetime

import pytest
from django.core.checks import run_checks
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_robots_txt_lets_crawlers_read_the_site_and_never_names_the_admin(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.text.startswith("User-agent: *\n")
    assert "Disallow: /\n" not in response.text
    assert settings.ADMIN_PATH.strip("/") not in response.text
    assert "admin" not in response.text.lower()
    # Crawlers are pointed at the sitemap (issue 10), by its absolute address as the protocol asks.
    assert "Sitemap: http://testserver/sitemap.xml\n" in response.text


def test_security_txt_names_the_contact_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = ["mailto:security@example.org", "https://example.org/report"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    fields = [line.split(": ", 1) for line in response.text.splitlines()]
    assert ["Contact", "mailto:security@example.org"] in fields
    assert ["Contact", "https://example.org/report"] in fields
    expires = datetime.datetime.fromisoformat(dict(fields)["Expires"].replace("Z", "+00:00"))
    assert timezone.now() < expires < timezone.now() + datetime.timedelta(days=365)
    assert dict(fields)["Canonical"] == "http://testserver/.well-known/security.txt"


def test_without_a_contact_there_is_no_security_txt_and_check_deploy_says_so(client, settings):
    settings.SECURITY_CONTACT = []
    assert client.get("/.well-known/security.txt").status_code == 404
    assert "casefile.W002" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.SECURITY_CONTACT = ["mailto:security@example.org"]
    assert "casefile.W002" not in {message.id for message in run_checks(include_deployment_checks=True)}
