"""Organisations as a reader sees them: their page, their members over time, search, and what stays hidden."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from casefile.core.models import PublicationState
from casefile.people.models import PositionCitation
from tests.factories import OrganisationFactory, PersonFactory, PositionFactory, cite

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    translation.activate("en")
    assert response.status_code == status, url
    return response.content.decode()


def test_an_organisation_page_lists_its_members_over_time_each_with_citations(client, demo):
    ministry = demo.organisations["ministry"]
    successor = PersonFactory(name="Alireza Avaii-Successor", cases=[demo.case])
    later = PositionFactory(
        person=successor, organisation=ministry, title="Minister of Justice", start_date=datetime.date(2017, 1, 1)
    )
    cite(PositionCitation, later, demo.sources["geneva"], "the former and current ministers of justice")
    text = page(client, ministry.get_absolute_url())
    assert "Ministry of Justice (Iran)" in text
    assert "Members and posts over time" in text
    # In order of their start: Pourmohammadi (2013) before the successor (2017), each linked to their post.
    assert text.index("Mostafa Pourmohammadi") < text.index("Alireza Avaii-Successor")
    assert f'href="{demo.positions["pour_minister"].get_absolute_url()}"' in text
    assert "the former and current ministers of justice" in text  # the post's cited passage
    assert "the former and current ministers</blockquote>" in text  # the organisation's own citation


def test_a_persons_post_links_to_its_organisation(client, demo):
    text = page(client, demo.people["pourmohammadi"].get_absolute_url())
    assert f'href="{demo.organisations["ministry"].get_absolute_url()}"' in text


def test_a_hidden_organisation_has_no_page_and_is_not_listed(client, demo):
    hidden = demo.organisations["hidden"]
    page(client, hidden.get_absolute_url(), status=404)
    listing = page(client, reverse("public:organisation_list"))
    assert "A draft organisation" not in listing
    assert "Iranian judiciary" in listing


def test_a_post_in_a_hidden_organisation_is_shown_without_naming_it(client, demo):
    position = demo.positions["pour_minister"]
    position.organisation = demo.organisations["hidden"]
    position.save()
    text = page(client, demo.people["pourmohammadi"].get_absolute_url())
    assert "Minister of Justice" in text
    assert "A draft organisation" not in text
    assert demo.organisations["hidden"].get_absolute_url() not in text


def test_the_post_of_a_hidden_person_is_not_on_the_organisation_page(client, demo):
    draft = PersonFactory(name="Unpublished Official", state=PublicationState.DRAFT, cases=[demo.case])
    PositionFactory(person=draft, organisation=demo.organisations["ministry"], title="Deputy minister")
    text = page(client, demo.organisations["ministry"].get_absolute_url())
    assert "Unpublished Official" not in text
    assert "Deputy minister" not in text


def test_a_parent_organisation_links_its_parts(client, demo):
    part = OrganisationFactory(name="Prisons Organisation", parent=demo.organisations["judiciary"], cases=[demo.case])
    assert f'href="{part.get_absolute_url()}"' in page(client, demo.organisations["judiciary"].get_absolute_url())
    assert f'href="{demo.organisations["judiciary"].get_absolute_url()}"' in page(client, part.get_absolute_url())


@pytest.mark.parametrize("query", ["Iranian Judiciary", "iranian judiciary", "قوه قضاییه", "قوه قضائیه"])
def test_search_finds_an_organisation_by_any_spelling_or_script(client, demo, query):
    text = page(client, reverse("public:search") + "?" + f"q={query}")
    assert f'href="{demo.organisations["judiciary"].get_absolute_url()}"' in text


def test_search_never_finds_a_hidden_organisation(client, demo):
    assert "A draft organisation" not in page(client, reverse("public:search") + "?q=draft+organisation")


def test_the_persian_page_of_an_organisation_is_in_persian(client, demo):
    text = page(client, "/fa" + demo.organisations["judiciary"].get_absolute_url())
    assert "<h1><bdi>قوه قضاییه ایران</bdi></h1>" in text
    assert "قوه قضاییه جمهوری اسلامی ایران." in text
    assert "Iranian judiciary" in text  # the English name stays, under the heading


def test_a_persian_page_marks_a_description_that_exists_only_in_english(client, demo):
    text = page(client, "/fa" + demo.organisations["ministry"].get_absolute_url())
    assert "<h1><bdi>وزارت دادگستری ایران</bdi></h1>" in text
    assert '<div lang="en" dir="ltr" class="fallback"><p>The ministry of the Minister of Justice.</p></div>' in text
    assert "فقط به انگلیسی؛ هنوز ترجمه نشده" in text
