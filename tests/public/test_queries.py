"""Every public page runs a fixed number of SQL queries, however many rows it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casefile.events.models import EventCitation, TestimonyCitation
from casefile.figures.models import FigureCitation
from casefile.people.models import OrganisationCitation, PositionCitation
from casefile.places.models import SiteObservationCitation
from tests.factories import (
    AnswerFactory,
    EventFactory,
    FigureFactory,
    OrganisationFactory,
    PersonFactory,
    PersonNameFactory,
    PositionFactory,
    SiteFactory,
    SiteObservationFactory,
    TestimonyFactory,
    cite,
)
from tests.public.demo import add_victims
from tests.public.pages import page_urls

pytestmark = pytest.mark.django_db

MORE = 4

# Queries per page, with the savepoint pair that ATOMIC_REQUESTS adds inside a test's transaction.
# A related record that may be hidden (an event's site, a figure's event) is fetched through the
# selector layer, so that a hidden one reads as None: in the same query (``selectors.select_public``)
# for a foreign key, in one query of its own for a many-to-many relation.
QUERIES = {
    "home": 3,
    "case": 12,  # the headline figures and the other facts answering their questions (their citations in one query), every section's count in one query
    "timeline": 5,
    "event": 12,  # + the questions it answers
    "officials": 6,
    "people": 4,
    "official": 12,  # + the questions they answer with every answer; the citations of the person, their positions, testimonies, figures and those answers in one query
    "testimonies": 5,
    "testimony": 5,
    "organisations": 5,
    "organisation": 7,
    "sites": 4,
    "site": 12,
    "victims": 8,
    "victim": 7,
    "figures": 6,  # + the other facts answering each question; the figures' and their citations in one query
    "figure": 10,  # + the other facts answering its question, their citations of every kind in one query
    "sources": 4,
    "source": 5,  # its citations of every kind with their facts in one query, its captures
    "search": 10,  # people and victims in one name search; on PostgreSQL too: one that finds no one by spelling tries trigram similarity in the same query
}


def expected(page):
    return QUERIES[page]


def grow(d):
    """Add MORE of every kind of row that the demo pages show, each cited."""
    paris, un = d.sources["paris"], d.sources["un"]
    pour = d.people["pourmohammadi"]
    for n in range(MORE):
        official = PersonFactory(cases=[d.case])
        PersonNameFactory(person=official)
        position = PositionFactory(person=official, kind="prosecutor")
        position.sites.set([d.sites["graves"]])
        cite(PositionCitation, position, un, "death committee")
        extra = PositionFactory(person=pour, title=f"Adviser {n}", start_date=datetime.date(2016 + n, 1, 1))
        extra.sites.set([d.sites["evin"], d.sites["graves"]])
        member = PositionFactory(person=official, organisation=d.organisations["ministry"], title=f"Minister {n}")
        cite(PositionCitation, member, un, "former Minister of Justice")
        child = OrganisationFactory(parent=d.organisations["ministry"], cases=[d.case])
        cite(OrganisationCitation, child, un, "Intelligence Ministry")
        cite(PositionCitation, extra, un, "advisor to the Iranian Judiciary")
        event = EventFactory(cases=[d.case], date=datetime.date(1988 + n, 8, 1), site=d.sites["graves"])
        event.people.set([pour, official])
        cite(EventCitation, event, paris, f"{35}th anniversary")
        d.events["paris"].people.add(official)
        speaker = PersonFactory(cases=[d.case])
        testimony = TestimonyFactory(speaker=speaker, event=d.events["paris"], cases=[d.case])
        testimony.people.set([pour, official])
        cite(TestimonyCitation, testimony, paris, "survivors of the massacre")
        coded = TestimonyFactory(
            event=d.events["paris"],
            confidentiality="pseudonymous",
            text=f"Pourmohammadi statement {n}",
            cases=[d.case],
        )
        coded.people.set([pour])
        cite(TestimonyCitation, coded, paris, "secret mass graves")
        figure = FigureFactory(
            question=d.figures["30000"].question,
            claimant_person=official,
            event=d.events["paris"],
            site=d.sites["graves"],
            cases=[d.case],
        )
        figure.people.set([pour])
        cite(FigureCitation, figure, paris, "30,000 political prisoners")
        # Facts of other kinds that answer the same question: an event, a person's title (a position).
        AnswerFactory(question=figure.question, event=event, reading=f"Answer of event {n}")
        AnswerFactory(question=figure.question, person=pour, position=extra, reading=f"Answer of a title {n}")
        observation = SiteObservationFactory(site=d.sites["graves"], date=None)
        cite(SiteObservationCitation, observation, un, "mass graves")
        SiteFactory(cases=[d.case], latitude=35 + n, longitude=51, coordinate_precision="city")
        pour_alias = PersonFactory(name=f"Pourmohammadi namesake {n}", cases=[d.case])
        PersonNameFactory(person=pour_alias)
    add_victims(d, MORE)


@pytest.mark.parametrize("page", sorted(QUERIES))
def test_query_count_is_pinned_and_does_not_grow(page, client, demo, django_assert_num_queries):
    grow(demo)  # every relation the page shows has rows, so that each of its queries runs
    with django_assert_num_queries(expected(page)):
        response = client.get(page_urls(demo)[page])
    assert response.status_code == 200
    grow(demo)
    with django_assert_num_queries(expected(page)):
        response = client.get(page_urls(demo)[page])
    assert response.status_code == 200


# The target: at most ten SQL queries for a page (BEGIN, COMMIT and savepoints not counted).
TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@pytest.mark.parametrize("page", sorted(QUERIES))
def test_every_public_page_runs_at_most_ten_sql_queries(page, client, demo):
    grow(demo)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_urls(demo)[page]).status_code == 200
    sql = [query["sql"] for query in queries.captured_queries if not query["sql"].startswith(TRANSACTION)]
    assert len(sql) <= 10, "\n".join(sql)


def test_a_case_s_people_are_indexed_in_person_order_for_counting_its_victims(db):
    """The case page counts its public victims by merging three lists in person order (migration
    ``people.0036_case_people_index``): the case's people must come from an index in that order."""
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "people_person_cases")
    assert indexes["people_person_cases_case_person_idx"]["columns"] == ["case_id", "person_id"]
