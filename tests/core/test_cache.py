"""The public page cache: pages are kept for anonymous readers, and no change of state leaves a stale or leaked one."""

import gzip

import pytest
from django.core.cache import cache

from casefile.core import workflow
from casefile.core.cache import VERSION_KEY, content_changed
from casefile.core.models import PublicationState
from tests.factories import PersonFactory, VictimFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, headers=headers)


@pytest.fixture
def registry():
    return "/victims/"


def test_an_anonymous_page_is_served_again_from_the_cache_without_a_query(client, django_assert_num_queries):
    person = PersonFactory(name="Mahmoud Cachedname")
    first = client.get(person.get_absolute_url())
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(person.get_absolute_url())
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Mahmoud Cachedname" in second.content.decode()


def test_a_kept_page_is_read_with_the_content_version_in_one_round_trip_and_replaced_once_stale(client, monkeypatch):
    person = PersonFactory(name="Mahmoud Cachedname")
    client.get(person.get_absolute_url())
    reads, depth = [], [0]

    def counted(read):
        def wrapper(*args, **kwargs):
            # The calls the middleware makes: a local cache's get_many() calls its own get() for each key.
            if not depth[0]:
                reads.append(args)
            depth[0] += 1
            try:
                return read(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for method in ("get", "get_many"):
        monkeypatch.setattr(cache, method, counted(getattr(cache, method)))
    assert client.get(person.get_absolute_url())["X-Cache"] == "hit"
    assert len(reads) == 1
    content_changed()
    assert client.get(person.get_absolute_url())["X-Cache"] == "miss"  # kept at the version before
    assert client.get(person.get_absolute_url())["X-Cache"] == "hit"  # the page rendered again took its place


def test_publishing_through_the_workflow_shows_the_record_on_the_next_request(client, editor_user, reviewer):
    victim = VictimFactory(person__name="Parvaneh Newlypublished", state=PublicationState.DRAFT)
    victim.person.state = PublicationState.DRAFT
    victim.person.save()
    assert "Newlypublished" not in client.get("/victims/").content.decode()
    assert client.get("/victims/")["X-Cache"] == "hit"

    workflow.submit_for_review(record=victim, user=editor_user)
    workflow.publish(record=victim, user=reviewer)

    response = client.get("/victims/")
    assert response["X-Cache"] == "miss"
    assert "Newlypublished" in response.content.decode()
    assert client.get(victim.get_absolute_url()).status_code == 200


def test_withdrawing_removes_the_record_from_every_cached_page(client, reviewer):
    victim = VictimFactory(person__name="Kamran Soonwithdrawn")
    page = victim.get_absolute_url()
    assert client.get(page).status_code == 200
    assert "Soonwithdrawn" in client.get("/victims/").content.decode()
    assert client.get("/victims/")["X-Cache"] == "hit"

    workflow.withdraw(record=victim, user=reviewer, reason="Not confirmed")

    assert "Soonwithdrawn" not in client.get("/victims/").content.decode()
    assert client.get(page).status_code == 404


def test_returning_and_editing_a_published_record_reach_the_page(client, editor_user, reviewer, second_reviewer):
    person = PersonFactory(name="Laleh Firstversion", state=PublicationState.IN_REVIEW)
    url = person.get_absolute_url()
    assert client.get(url).status_code == 404
    workflow.return_to_editor(record=person, user=reviewer, comment="Add a source")
    assert client.get(url).status_code == 404
    person.refresh_from_db()
    workflow.submit_for_review(record=person, user=editor_user)
    workflow.publish(record=person, user=second_reviewer)
    assert "Firstversion" in client.get(url).content.decode()

    person.description = "Named in the second report."
    person.save()  # an edit that does not change the state still makes the page stale
    assert "Named in the second report." in client.get(url).content.decode()


def test_staff_pages_and_pages_seen_by_a_logged_in_user_are_never_cached(client, editor_user):
    draft = PersonFactory(name="Sohrab Draftonly", state=PublicationState.DRAFT)
    staff = client_for(client, editor_user)
    response = staff.get("/victims/")
    assert "X-Cache" not in response
    assert "no-store" in response["Cache-Control"]
    assert "X-Cache" not in staff.get("/admin/")
    staff.logout()
    # What a logged-in reader was shown is never what an anonymous reader gets.
    assert client.get("/victims/")["X-Cache"] == "miss"
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_conditional_requests_get_304(client):
    person = PersonFactory()
    response = client.get(person.get_absolute_url())
    assert response["ETag"] and response["Last-Modified"]
    again = get(client, person.get_absolute_url(), if_none_match=response["ETag"])
    assert again.status_code == 304
    # Two changes within one second share a Last-Modified: only the ETag (the page's hash) decides.
    assert get(client, person.get_absolute_url(), if_modified_since=response["Last-Modified"]).status_code == 200
    person.name = "Renamed Person"
    person.save()
    changed = get(client, person.get_absolute_url(), if_none_match=response["ETag"])
    assert changed.status_code == 200
    assert "Renamed Person" in changed.content.decode()


def test_public_pages_are_compressed_but_not_pages_with_a_csrf_token(client):
    person = PersonFactory(name="Gzip Readable")
    response = get(client, person.get_absolute_url(), accept_encoding="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    assert "Gzip Readable" in gzip.decompress(response.content).decode()
    assert "Content-Encoding" not in client.get(person.get_absolute_url())  # a client that cannot read gzip
    login = get(client, "/admin/login/", accept_encoding="gzip")
    assert login.status_code == 200
    assert "Content-Encoding" not in login
    assert "X-Cache" not in login


def test_the_content_version_moves_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        content_changed()
        content_changed()
        during = cache.get(VERSION_KEY)
    assert len(callbacks) == 1
    assert cache.get(VERSION_KEY) != during


def test_without_the_page_cache_nothing_is_kept(client, settings):
    settings.PAGE_CACHE = False
    person = PersonFactory()
    assert "X-Cache" not in client.get(person.get_absolute_url())


def test_a_cache_that_cannot_be_reached_serves_pages_uncached(client, settings):
    person = PersonFactory(name="Served Without Cache")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "Served Without Cache" in response.content.decode()
    assert "X-Cache" not in response
