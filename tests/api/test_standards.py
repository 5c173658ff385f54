"""The standards researchers' and search engines' tools read: sitemap, Atom, JSON-LD, BibTeX, CSL-JSON, Popolo, meta tags."""

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses this site's own responses

import pytest

from casefile.core import workflow
from casefile.core.models import PublicationState
from casefile.events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

# What schema.org's consumers require of each type (Google's structured-data rules, the strictest in use).
REQUIRED = {
    "Person": {"name"},
    "Event": {"name", "startDate", "location"},
    "Place": {"name"},
    "NewsArticle": {"headline"},
    "CreativeWork": {"name"},
}


def sitemap_locations(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations, alternates = [], {}
    for section in index.iter(f"{SITEMAP}loc"):
        urlset = ET.fromstring(client.get(section.text.replace("http://testserver", "")).content)  # noqa: S314
        for url in urlset.iter(f"{SITEMAP}url"):
            loc = url.find(f"{SITEMAP}loc").text
            locations.append(loc)
            alternates[loc] = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
    return locations, alternates


def test_the_sitemap_lists_public_pages_in_both_languages_with_hreflang(client, demo):
    draft = EventFactory(title="Draft", slug="a-draft-event", state=PublicationState.DRAFT)
    locations, alternates = sitemap_locations(client)
    person = demo.positions["pour_1988"].person
    assert f"http://testserver{person.get_absolute_url()}" in locations
    assert f"http://testserver/fa{person.get_absolute_url()}" in locations
    assert alternates[f"http://testserver{person.get_absolute_url()}"]["fa"] == (
        f"http://testserver/fa{person.get_absolute_url()}"
    )
    assert "x-default" in alternates[f"http://testserver{person.get_absolute_url()}"]
    assert not any(draft.slug in location for location in locations)
    assert not any(demo.sources["draft"].slug in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


def entries(client):
    feed = ET.fromstring(client.get("/feed.atom").content)  # noqa: S314
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "id": entry.find(f"{ATOM}id").text,
            "text": ET.tostring(entry, encoding="unicode"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_the_feed_announces_publications_and_says_only_that_a_record_was_withdrawn(
    client, demo, editor_user, reviewer, second_reviewer
):
    event = EventFactory(title="Conference in Geneva", state=PublicationState.DRAFT)
    workflow.submit_for_review(record=event, user=editor_user)
    workflow.publish(record=Event.objects.get(pk=event.pk), user=reviewer)
    assert any(entry["title"] == "Event: Conference in Geneva" for entry in entries(client))

    workflow.withdraw(record=Event.objects.get(pk=event.pk), user=second_reviewer)
    found = entries(client)
    assert not any("Geneva" in entry["text"] for entry in found)
    withdrawn = [entry for entry in found if entry["title"] == "A record was withdrawn from public view"]
    assert len(withdrawn) == 1
    assert event.slug not in withdrawn[0]["text"]


def test_a_record_withdrawn_before_it_was_ever_published_is_not_in_the_feed(client, demo, reviewer):
    event = EventFactory(title="Never public", state=PublicationState.DRAFT)
    workflow.withdraw(record=event, user=reviewer)
    assert not any("withdrawn" in entry["title"] for entry in entries(client))


def json_ld(client, url):
    page = client.get(url).content.decode()
    blocks = [json.loads(block) for block in JSON_LD.findall(page)]
    assert len(blocks) == 1, url
    return blocks[0], page


@pytest.mark.parametrize(
    ("record", "schema_type"),
    [("person", "Person"), ("event", "Event"), ("site", "Place"), ("source", "NewsArticle"), ("case", "CreativeWork")],
)
def test_pages_carry_schema_org_json_ld_with_the_required_properties(client, demo, record, schema_type):
    obj = {
        "person": demo.positions["pour_1988"].person,
        "event": demo.events["paris"],
        "site": demo.sites["evin"],
        "source": demo.sources["paris"],
        "case": demo.case,
    }[record]
    data, page = json_ld(client, obj.get_absolute_url())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert REQUIRED[schema_type] <= set(data), REQUIRED[schema_type] - set(data)
    assert data["url"] == f"http://testserver{obj.get_absolute_url()}"
    # Search engines' basics: a description, a canonical link, both languages, Open Graph.
    assert re.search(r'<meta name="description" content="[^"]+">', page)
    assert f'<link rel="canonical" href="http://testserver{obj.get_absolute_url()}">' in page
    assert f'hreflang="fa" href="http://testserver/fa{obj.get_absolute_url()}"' in page
    assert '<meta property="og:title"' in page
    assert "Cite this page" in page


def test_json_ld_cannot_close_its_script_element(client, demo):
    person = demo.positions["pour_1988"].person
    person.description = "</script><script>alert(1)</script>"
    person.save()
    data, page = json_ld(client, person.get_absolute_url())
    assert data["description"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in page


def test_a_source_offers_its_reference_as_bibtex_and_csl_json(client, demo):
    source = demo.sources["paris"]
    page = client.get(source.get_absolute_url()).content.decode()
    assert f"/sources/{source.slug}/citation.bib" in page
    bibtex = client.get(f"/sources/{source.slug}/citation.bib")
    assert bibtex.status_code == 200
    assert bibtex.text.startswith(f"@article{{{source.slug},")
    assert "title = {" in bibtex.text
    csl = client.get(f"/sources/{source.slug}/citation.json").json()
    assert csl[0]["title"] == source.title
    assert csl[0]["type"] == "article-newspaper"
    assert client.get(f"/sources/{demo.sources['draft'].slug}/citation.bib").status_code == 404


def test_officials_and_positions_as_popolo(client, demo):
    data = client.get("/data/popolo.json").json()
    person = demo.positions["pour_1988"].person
    popolo_person = next(p for p in data["persons"] if p["name"] == person.name)
    memberships = [m for m in data["memberships"] if m["person_id"] == popolo_person["id"]]
    role = next(m for m in memberships if m["role"] == "Member of the 'Death Commission'")
    assert role["start_date"] == "1988-07"
    assert role["sources"][0]["url"].startswith("http://testserver/sources/")
    assert all(
        "organization_id" not in m or any(o["id"] == m["organization_id"] for o in data["organizations"])
        for m in memberships
    )


def test_a_posts_organisation_is_its_public_record_and_a_hidden_one_is_left_out(client, demo):
    hidden_post = demo.positions["avaei_1988"]
    hidden_post.organisation = demo.organisations["hidden"]
    hidden_post.save()

    data = client.get("/data/popolo.json").json()
    ministry = next(o for o in data["organizations"] if o["name"] == "Ministry of Justice (Iran)")
    assert ministry["links"][0]["url"] == "http://testserver" + demo.organisations["ministry"].get_absolute_url()
    assert {"name": "وزارت دادگستری ایران"} in ministry["other_names"]
    minister = next(m for m in data["memberships"] if m["role"] == "Minister of Justice")
    assert minister["organization_id"] == ministry["id"]
    assert "A draft organisation" not in json.dumps(data, ensure_ascii=False)
    avaei = next(m for m in data["memberships"] if m["id"] == f"membership/{hidden_post.pk}")
    assert "organization_id" not in avaei

    api = client.get(f"/api/v1/people/{hidden_post.person.slug}/").json()
    post = next(p for p in api["positions"] if p["id"] == hidden_post.pk)
    assert post["organisation"] is None
    assert "A draft organisation" not in json.dumps(api, ensure_ascii=False)


def test_organisations_are_in_the_sitemap_and_the_feed_and_a_draft_one_is_not(client, demo, editor_user, reviewer):
    locations, _alternates = sitemap_locations(client)
    ministry = demo.organisations["ministry"]
    assert f"http://testserver{ministry.get_absolute_url()}" in locations
    assert "http://testserver/organisations/" in locations
    assert not any(demo.organisations["hidden"].slug in location for location in locations)

    draft = demo.organisations["hidden"]
    workflow.submit_for_review(record=draft, user=editor_user)
    workflow.publish(record=type(draft).objects.get(pk=draft.pk), user=reviewer)
    assert any(entry["title"].endswith(": A draft organisation") for entry in entries(client))
