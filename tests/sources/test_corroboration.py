"""How many independent sources support a fact: shown beside it, filterable in the admin."""

import pytest

from casefile.people.models import Person, PersonCitation
from casefile.sources.corroboration import independent_sources, with_independent_sources
from tests.conftest import SNAPSHOT
from tests.factories import PersonFactory, SourceFactory
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db
QUOTE = "secret mass graves"


def cited_by(*sources):
    person = PersonFactory()
    for source in sources:
        PersonCitation.objects.create(fact=person, source=source, quote=QUOTE)
    return person


def test_articles_of_one_publisher_count_once(client):
    one = SourceFactory(snapshot=SNAPSHOT, publisher="Iran Human Rights Monitor")
    two = SourceFactory(snapshot=SNAPSHOT, publisher="Iran Human Rights Monitor")
    other = SourceFactory(snapshot=SNAPSHOT, publisher="Amnesty International")
    person = cited_by(one, two, other)
    assert independent_sources(person.citations.select_related("source")) == 2
    page = client.get(person.get_absolute_url()).text
    assert "According to 2 independent sources (sources from one publisher count once)" in page


def test_an_editor_groups_spellings_of_one_publisher_by_its_key():
    one = SourceFactory(snapshot=SNAPSHOT, publisher="Iran HRM", publisher_key="iran-hrm")
    two = SourceFactory(snapshot=SNAPSHOT, publisher="Iran Human Rights Monitor", publisher_key="iran-hrm")
    person = cited_by(one, two)
    assert with_independent_sources(Person.objects.filter(pk=person.pk)).get().independent_sources == 1


def test_sources_without_a_publisher_count_each_on_their_own(client):
    person = cited_by(SourceFactory(snapshot=SNAPSHOT), SourceFactory(snapshot=SNAPSHOT))
    assert with_independent_sources(Person.objects.filter(pk=person.pk)).get().independent_sources == 2
    assert "According to 2 independent sources" in client.get(person.get_absolute_url()).text


def test_one_source_is_said_in_the_singular(client):
    person = cited_by(SourceFactory(snapshot=SNAPSHOT, publisher="UN OHCHR"))
    assert "According to 1 independent source (" in client.get(person.get_absolute_url()).text


def test_a_passage_no_longer_found_does_not_count(source):
    person = cited_by(source)
    source.snapshot = "Something else entirely."
    source.save()
    assert independent_sources(person.citations.select_related("source")) == 0


def test_the_admin_lists_facts_with_one_source_only(editor_client):
    hrm = [SourceFactory(snapshot=SNAPSHOT, publisher="Iran HRM") for _ in range(2)]
    single = cited_by(*hrm)
    double = cited_by(hrm[0], SourceFactory(snapshot=SNAPSHOT, publisher="UN OHCHR"))
    page = editor_client.get(admin_url("people.person", "changelist") + "?sources=1")
    listed = list(page.context["cl"].result_list)
    assert single in listed and double not in listed
    listed = list(editor_client.get(admin_url("people.person", "changelist") + "?sources=2").context["cl"].result_list)
    assert double in listed and single not in listed
