"""The headers every response carries: how long caches may keep it, and which browser features it may use."""

import json

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip().split("=")[0]: part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_a_public_page_may_be_kept_by_a_shared_cache_for_a_short_time(client, settings):
    assert settings.PUBLIC_CACHE_SECONDS == 60
    source = SourceFactory()
    for url in ["/", source.get_absolute_url(), "/fa/", reverse("public:search") + "?q=evin"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert cache_control(response) == {"public": "public", "max-age": "max-age=60"}, url


def test_the_public_lifetime_is_a_setting(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 5
    assert cache_control(client.get("/"))["max-age"] == "max-age=5"


def test_public_pages_do_not_vary_by_cookie(client):
    assert "Cookie" not in Client().get("/").get("Vary", "")


def test_a_missing_page_is_not_kept(client):
    response = client.get(SourceFactory(state="draft").get_absolute_url())
    assert response.status_code == 404
    assert "no-cache" in cache_control(response)
    assert "public" not in cache_control(response)


def test_staff_pages_are_never_kept(editor_client):
    login_page = Client().get(reverse("admin:login"))
    changelist = editor_client.get(reverse("admin:sources_source_changelist"))
    seen_by_staff = editor_client.get("/")  # a public page, as a logged-in editor sees it (and any preview)
    for response in (login_page, changelist, seen_by_staff):
        assert response.status_code == 200
        assert {"private", "no-store"} <= set(cache_control(response))
        assert "public" not in cache_control(response)


def test_static_files_named_by_their_hash_are_kept_for_a_long_time(settings, tmp_path):
    """Lighthouse's 'efficient cache policy': a hashed file never changes, so browsers need not ask again."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    manifest = {"version": "1.1", "paths": {"css/casefile.css": "css/casefile.0123456789ab.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "casefile.0123456789ab.css").write_text("body { color: #111; }")
    (tmp_path / "css" / "casefile.css").write_text("body { color: #111; }")
    hashed = Client().get("/static/css/casefile.0123456789ab.css")
    assert hashed.status_code == 200
    assert "immutable" in cache_control(hashed)
    assert int(cache_control(hashed)["max-age"].split("=")[1]) >= 365 * 24 * 3600
    plain = Client().get("/static/css/casefile.css")
    assert plain.status_code == 200
    assert cache_control(plain)["max-age"] == "max-age=60"


def test_uploaded_files_keep_their_own_rule(client, settings, tmp_path):
    """A published source's file is revalidated every time (casefile.sources.uploads)."""
    settings.MEDIA_ROOT = tmp_path
    source = SourceFactory()
    source.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    response = client.get(reverse("public:source_file", args=[source.slug]))
    assert response.status_code == 200
    assert "no-cache" in cache_control(response)
    assert "public" not in cache_control(response)


@pytest.mark.parametrize("url", ["/", "/no-such-page/", "/robots.txt"])
def test_every_response_forbids_browser_features_no_page_uses(editor_client, url):
    for response in (Client().get(url), editor_client.get(reverse("admin:index"))):
        policy = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
        assert policy["camera"] == policy["microphone"] == policy["geolocation"] == "()"
