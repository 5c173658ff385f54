"""The person's page in the admin: positions fit the window and each leads to its citations in one click."""

import pytest
from django.contrib.admin.options import IS_POPUP_VAR
from django.urls import reverse

from casefile.core.models import PublicationState
from casefile.people.models import PositionCitation
from tests.factories import PersonFactory, PositionFactory, SourceFactory
from tests.roles import client_for
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db


def test_each_position_links_to_its_citations_in_the_admin_popup(client, editor_user):
    person = PersonFactory(state=PublicationState.DRAFT, name="Hossein-Ali Nayyeri")
    positions = [PositionFactory(person=person, title=f"Post {n}") for n in range(3)]
    client = client_for(client, editor_user)
    page = client.get(reverse("admin:people_person_change", args=[person.pk])).text
    for position in positions:
        link = f'href="{reverse("admin:people_position_change", args=[position.pk])}?_popup=1"'
        assert link in page
    assert page.count('data-popup="yes" id="change_position_citations_') == 3
    assert page.count("0 citations") == 3


def test_a_citation_added_in_the_popup_is_saved_and_the_popup_closes(client, editor_user):
    person = PersonFactory(state=PublicationState.DRAFT)
    position = PositionFactory(person=person)
    source = SourceFactory(snapshot="He was a member of the Death Commission in Tehran.")
    client = client_for(client, editor_user)
    url = reverse("admin:people_position_change", args=[position.pk]) + "?_popup=1"
    data = form_data(client.get(url))
    prefix = "citations"
    data |= {
        IS_POPUP_VAR: "1",
        f"{prefix}-0-source": str(source.pk),
        f"{prefix}-0-quote": "a member of the Death Commission",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "popup_response" in response.text  # the admin's page that closes the popup
    assert PositionCitation.objects.filter(fact=position, source=source).exists()
    page = client.get(reverse("admin:people_person_change", args=[person.pk])).text
    assert "1 citation" in page


def test_a_published_persons_position_says_how_to_add_a_citation(client, editor_user):
    position = PositionFactory(person=PersonFactory(state=PublicationState.PUBLISHED))
    page = client_for(client, editor_user).get(reverse("admin:people_person_change", args=[position.person.pk])).text
    assert "save a change to this person: the change is a revision" in page
