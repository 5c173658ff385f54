"""Downloads as a researcher gets them: each list as CSV and JSON with its filters, and the whole case as a data package."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from casefile.core.models import PublicationState
from casefile.people.models import Victim
from tests.factories import EventFactory, PersonFactory, VictimFactory

pytestmark = pytest.mark.django_db


def content(response):
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def read_csv(response):
    return list(csv.DictReader(io.StringIO(content(response).decode("utf-8"))))


def test_a_filtered_list_downloads_as_csv_with_each_records_public_url(client, demo):
    evin = demo.sites["evin"]
    rows = read_csv(client.get("/data/victims.csv", {"prison": evin.pk}))
    expected = Victim.objects.filter(prison=evin)
    assert {row["url"] for row in rows} == {f"http://testserver{v.get_absolute_url()}" for v in expected}
    assert {row["prison.name"] for row in rows} == {"Evin Prison"}
    assert rows[0]["death_date.value"] == "1988-08"
    assert rows[0]["death_date.precision"] == "month"


def test_the_list_page_links_to_its_downloads_with_the_current_filters(client, demo):
    page = client.get("/victims/", {"fate": "executed", "page": "1"}).content.decode()
    assert 'href="/data/victims.csv?fate=executed"' in page
    assert 'href="/data/victims.json?fate=executed"' in page


def test_json_download_nests_citations_with_their_passage(client, demo):
    rows = json.loads(content(client.get("/data/figures.json")))
    figure = next(row for row in rows if row["value_text"] == "upwards of 30,000")
    citation = figure["citations"][0]
    assert citation["quote"] == "enforced disappearances of upwards of 30,000 political prisoners"
    assert "#passage-" in citation["passage_url"]


def test_hidden_records_never_reach_a_download(client, demo):
    EventFactory(title="Draft event title", state=PublicationState.DRAFT)
    VictimFactory(person=PersonFactory(name="In review victim"), state=PublicationState.IN_REVIEW)
    everything = b""
    for name in ("events", "victims", "people", "sources", "testimonies"):
        for extension in ("csv", "json"):
            everything += content(client.get(f"/data/{name}.{extension}"))
    text = everything.decode()
    assert "Draft event title" not in text
    assert "In review victim" not in text
    assert "A draft source" not in text
    assert "Realname" not in text


def test_a_bad_filter_is_refused_with_the_reason(client, demo):
    response = client.get("/data/victims.csv", {"year": "nineteen"})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]
    assert client.get("/data/nothing.csv").status_code == 404
    assert client.get("/data/victims.xls").status_code == 404


def package(zip_bytes):
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    return archive, json.loads(archive.read("datapackage.json"))


def test_the_data_package_describes_every_file_it_holds(client, demo):
    archive, descriptor = package(content(client.get("/data/casefile.zip")))
    names = set(archive.namelist())
    assert {resource["path"] for resource in descriptor["resources"]} <= names
    assert "LICENSE.txt" in names
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in descriptor["resources"]:
        if resource["format"] == "csv":
            header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode())))
            assert header == [field["name"] for field in resource["schema"]["fields"]], resource["path"]
        else:
            json.loads(archive.read(resource["path"]))


def test_the_data_package_holds_every_public_citation_with_source_hash(client, demo):
    archive, _descriptor = package(content(client.get("/data/casefile.zip")))
    citations = list(csv.DictReader(io.StringIO(archive.read("citations.csv").decode())))
    paris = demo.sources["paris"]
    quotes = {row["quote"] for row in citations if row["source_slug"] == paris.slug}
    assert "enforced disappearances of upwards of 30,000 political prisoners" in quotes
    row = next(row for row in citations if row["source_slug"] == paris.slug)
    assert row["source_sha256"] == paris.snapshot_sha256
    assert paris.snapshot[int(row["start"]) : int(row["end"])] == row["quote"]
    texts = json.loads(archive.read("sources-text.json"))
    assert next(s for s in texts if s["slug"] == paris.slug)["text"] == paris.snapshot
    whole = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "A draft source" not in whole and "Realname" not in whole


def test_the_command_writes_the_same_package(demo, tmp_path):
    target = tmp_path / "out" / "casefile.zip"
    call_command("build_datapackage", str(target), stdout=io.StringIO())
    archive, descriptor = package(target.read_bytes())
    victims = list(csv.DictReader(io.StringIO(archive.read("victims.csv").decode())))
    assert len(victims) == Victim.objects.count()


def test_the_data_page_lists_downloads_api_and_licence(client, demo):
    page = client.get("/data/").content.decode()
    for link in ("/data/casefile.zip", "/data/victims.csv", "/api/v1/", "/api/v1/docs/", "creativecommons.org"):
        assert link in page
