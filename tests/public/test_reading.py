"""Issue 13: the map's base map and its notes, the timeline's scale, the case page, phones and print."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from casefile.public.basemap import clip, simplify
from casefile.public.timeline import period_end, span
from tests.factories import EventFactory, SiteFactory

ROOT = Path(__file__).resolve().parents[2]
BASEMAP = ROOT / "casefile" / "static" / "map" / "basemap.geojson"


def html(client, url):
    response = client.get(url)
    translation.activate("en")
    assert response.status_code == 200, url
    return response.content.decode()


# The base map shipped with the site ----------------------------------------------------------


def test_the_base_map_ships_country_and_iranian_province_outlines_and_stays_small():
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    kinds = {}
    for feature in data["features"]:
        kinds.setdefault(feature["properties"]["kind"], set()).add(feature["properties"]["name"])
    assert {"Iran", "Iraq", "Turkey", "Afghanistan"} <= kinds["country"]
    assert {"Tehran", "Khuzestan", "Alborz", "Razavi Khorasan"} <= kinds["province"]
    assert len(kinds["province"]) == 31  # every province of Iran
    assert "Natural Earth" in data["attribution"]
    assert BASEMAP.stat().st_size < 150 * 1024


def test_simplify_keeps_the_ends_and_drops_points_within_the_tolerance():
    line = [[0, 0], [1, 0.01], [2, 0], [3, 1], [4, 0]]
    assert simplify(line, 0.1) == [[0, 0], [2, 0], [3, 1], [4, 0]]


def test_clip_cuts_a_ring_to_the_region():
    ring = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    clipped = clip(ring, region=(5, -5, 20, 5))
    assert clipped[0] == clipped[-1]
    assert {tuple(point) for point in clipped} == {(5, 0), (10, 0), (10, 5), (5, 5)}


# The sites map ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sites_page_says_why_there_is_no_map_when_no_site_has_coordinates(client):
    SiteFactory(name="Unlocated prison", state="published")
    page = html(client, reverse("public:site_list"))
    assert 'id="site-map"' not in page
    assert "There is no map: none of the sites listed has coordinates" in page
    assert "no coordinates" in page


@pytest.mark.django_db
def test_the_sites_map_names_the_base_map_and_labels_an_editors_geolocation(client):
    SiteFactory(
        name="Evin Prison",
        state="published",
        latitude=Decimal("35.7964"),
        longitude=Decimal("51.3869"),
        coordinate_precision="approximate",
        coordinate_basis="editors",
    )
    SiteFactory(name="Unlocated prison", state="published")
    page = html(client, reverse("public:site_list"))
    assert 'id="site-map"' in page and "map/basemap" in page
    assert "the editors' geolocation of a well-known place, not a source's claim" in page
    assert "1 site listed here has no coordinates and is not on the map" in page
    fa = html(client, "/fa" + reverse("public:site_list"))
    assert "جای‌یابی ویراستاران" in fa


@pytest.mark.django_db
def test_the_seed_case_places_its_well_known_sites_as_the_editors_geolocation():
    from django.contrib.auth import get_user_model

    from casefile.curation.loader import load_case_file
    from casefile.places.models import Site

    publisher = get_user_model().objects.create_superuser(username="seed-publisher", password=None)
    case = load_case_file(ROOT / "fixtures" / "seed_case.yaml", publish_as=publisher)
    evin = Site.objects.get(name="Evin Prison")
    assert (evin.coordinate_precision, evin.coordinate_basis) == ("approximate", "editors")
    assert 35 < evin.latitude < 36 and 51 < evin.longitude < 52
    assert "Editors' geolocation" in evin.editor_note
    assert Site.objects.get(name="Dezful prison").coordinate_precision == "city"
    assert Site.objects.filter(latitude__isnull=True).count() == 1  # the collective mass-grave record
    assert case.headline_questions.count() == 4


# The timeline ----------------------------------------------------------------------------------


def test_an_events_span_covers_its_day_month_or_year():
    assert period_end(datetime.date(1988, 7, 1), "month") == datetime.date(1988, 8, 1)
    assert period_end(datetime.date(1988, 12, 1), "month") == datetime.date(1989, 1, 1)
    assert period_end(datetime.date(1988, 1, 1), "year") == datetime.date(1989, 1, 1)
    assert period_end(datetime.date(1988, 7, 28), "day") == datetime.date(1988, 7, 29)
    month = EventFactory.build(date=datetime.date(1988, 7, 1), date_precision="month")
    assert span(month) == (datetime.date(1988, 7, 1), datetime.date(1988, 8, 1))
    ranged = EventFactory.build(
        date=datetime.date(1988, 7, 28),
        date_precision="day",
        end_date=datetime.date(1988, 8, 14),
        end_date_precision="day",
    )
    assert span(ranged) == (datetime.date(1988, 7, 28), datetime.date(1988, 8, 15))
    assert span(EventFactory.build(date=None, date_precision="")) is None


@pytest.mark.django_db
def test_the_timeline_puts_each_event_on_the_scale_and_the_undated_after(client):
    EventFactory(title="Undated gathering", date=None, date_precision="", state="published")
    EventFactory(
        title="Summer executions",
        date=datetime.date(1988, 7, 1),
        date_precision="month",
        date_approximate=True,
        kind="massacre_phase",
        state="published",
    )
    EventFactory(
        title="Geneva conference",
        date=datetime.date(2018, 9, 1),
        date_precision="day",
        kind="conference",
        state="published",
    )
    page = html(client, reverse("public:event_list"))
    assert page.index("Summer executions") < page.index("Geneva conference") < page.index("Undated gathering")
    assert 'data-start="1988-07-01" data-end="1988-08-01" data-approximate="true"' in page
    assert 'data-kind="conference" data-start="2018-09-01" data-end="2018-09-02"' in page
    assert 'id="timeline-scale"' in page and "js/timeline" in page
    page = html(client, reverse("public:event_list") + "?year_from=1990&year_to=2020")
    assert "Geneva conference" in page and "Summer executions" not in page and "Undated gathering" not in page
    page = html(client, reverse("public:event_list") + "?year_to=1989&kind=massacre_phase")
    assert "Summer executions" in page and "Geneva conference" not in page
    assert client.get(reverse("public:event_list") + "?year_from=abc").status_code == 200
    assert client.get(reverse("public:event_list") + "?year_from=99999").status_code == 200


# The case page and print ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_shows_the_editors_headline_figures_and_a_way_into_each_section(client, demo):
    page = html(client, demo.case.get_absolute_url())
    headline = page[page.index("Headline figures") : page.index("In this case file")]
    assert "upwards of 30,000" in headline and "thousands" in headline
    assert "70" not in headline  # the mass graves' question is not among this case's headlines
    assert 'class="note-ref"' in headline  # each figure's footnote mark
    for name in ("Timeline of events", "Victims registry", "Sources"):
        assert name in page[page.index("In this case file") :]


@pytest.mark.django_db
def test_a_printed_page_carries_its_permanent_address_and_version_date(client, demo):
    person = demo.people["pourmohammadi"]
    page = html(client, person.get_absolute_url())
    assert f"http://testserver{person.get_absolute_url()}</span>" in page
    assert "version of" in page and "<time datetime=" in page
