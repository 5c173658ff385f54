"""The read-only API as a program sees it: published records only, each fact with its citations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefile.core.models import PublicationState
from casefile.people.models import Victim
from tests.factories import EventFactory, PersonFactory, VictimFactory
from tests.public.demo import add_victims

pytestmark = pytest.mark.django_db


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_root_lists_every_record_type(client, demo):
    root = get(client, "/api/v1/")
    for name in ("cases", "sources", "people", "officials", "victims", "events", "testimonies", "sites", "figures"):
        assert root[name].startswith("http://testserver/api/v1/")


def test_an_official_carries_positions_with_their_citations_and_passage_links(client, demo):
    data = get(client, "/api/v1/officials/")
    official = next(o for o in data["results"] if o["slug"] == demo.positions["pour_1988"].person.slug)
    position = next(p for p in official["positions"] if p["title"] == "Member of the 'Death Commission'")
    assert position["start_date"] == {
        "value": "1988-07",
        "precision": "month",
        "approximate": False,
        "display": "July 1988",
    }
    citation = position["citations"][0]
    source = demo.sources["un"]
    assert citation["quote"] in source.snapshot
    assert source.snapshot[citation["start"] : citation["end"]] == citation["quote"]
    assert citation["passage_url"] == (
        f"http://testserver{source.get_absolute_url()}#passage-{citation['start']}-{citation['end']}"
    )
    assert citation["source"]["sha256"] == source.snapshot_sha256
    assert official["url"] == f"http://testserver{official_url(demo)}"


def official_url(demo):
    return demo.positions["pour_1988"].person.get_absolute_url()


def test_a_hidden_record_is_never_listed_nor_served(client, demo):
    draft = EventFactory(title="A draft event", state=PublicationState.DRAFT)
    withdrawn = VictimFactory(person=PersonFactory(name="Withdrawn Victim"), state=PublicationState.WITHDRAWN)
    events = get(client, "/api/v1/events/")
    assert "A draft event" not in str(events)
    assert client.get(f"/api/v1/events/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/victims/{withdrawn.pk}/").status_code == 404
    assert "Withdrawn Victim" not in str(get(client, "/api/v1/victims/"))
    # A draft source's passages are not cited publicly, even on a published fact.
    assert "A draft source" not in str(get(client, "/api/v1/sources/"))
    assert client.get(f"/api/v1/sources/{demo.sources['draft'].slug}/").status_code == 404


def test_a_pseudonymous_testimony_shows_only_its_witness_code(client, demo):
    testimony = demo.testimonies["pseudonymous"]
    data = get(client, f"/api/v1/testimonies/{testimony.pk}/")
    assert data["speaker"] == testimony.witness_code
    assert data["speaker_url"] is None
    assert data["speaker_description"] == ""
    assert data["pseudonymous"] is True
    everything = str(get(client, "/api/v1/testimonies/")) + str(data)
    assert "Realname" not in everything


def test_a_named_speaker_links_to_their_page(client, demo):
    testimony = demo.testimonies["boumedra"]
    data = get(client, f"/api/v1/testimonies/{testimony.pk}/")
    assert data["speaker"] == testimony.speaker.name
    assert data["speaker_url"] == f"http://testserver{testimony.speaker.get_absolute_url()}"


def test_the_public_lists_filters_apply(client, demo):
    evin = demo.sites["evin"]
    data = get(client, "/api/v1/victims/", prison=evin.pk)
    assert data["results"]
    assert all(victim["prison"]["slug"] == evin.slug for victim in data["results"])
    assert get(client, "/api/v1/victims/", q="Example Victim 00001")["results"][0]["name"] == "Example Victim 00001"
    assert get(client, "/api/v1/events/", kind="conference")["results"]
    # A filter value that is not a choice is a 400 that says why, never a 500.
    response = client.get("/api/v1/victims/", {"fate": "eaten"})
    assert response.status_code == 400
    assert "fate" in response.json()


def test_a_source_detail_holds_its_text_and_the_list_does_not(client, demo):
    source = demo.sources["paris"]
    data = get(client, f"/api/v1/sources/{source.slug}/")
    assert data["text"] == source.snapshot
    assert data["sha256"] == source.snapshot_sha256
    listed = next(s for s in get(client, "/api/v1/sources/")["results"] if s["slug"] == source.slug)
    assert "text" not in listed


def test_cursor_pages_walk_every_victim_once_with_constant_queries(client, demo, settings):
    settings.API_PAGE_SIZE = 2
    add_victims(demo, 5)
    seen, url, queries = [], "/api/v1/victims/", []
    while url:
        with CaptureQueriesContext(connection) as captured:
            data = get(client, url)
        queries.append(len(captured))
        seen.extend(victim["id"] for victim in data["results"])
        url = data["next"]
    assert sorted(seen) == sorted(Victim.objects.values_list("pk", flat=True))
    assert len(set(queries)) == 1, queries


def test_anonymous_clients_are_rate_limited_with_retry_after(client, demo, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    statuses = [client.get("/api/v1/cases/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/cases/")
    assert int(response["Retry-After"]) > 0


def test_the_schema_and_its_documentation_are_served_from_this_site(client, demo):
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/victims/" in schema.json()["paths"]
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html
