"""Prepared queries (``casefile.core.prepared``, ``selectors.prepared``): built and compiled once,
they read what a query built afresh reads, for any key, and refuse what they cannot do."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from casefile import selectors
from casefile.core.models import PublicationState
from casefile.core.prepared import PreparedQuery
from casefile.people.models import Person
from casefile.public import views
from tests.factories import CaseFactory, PersonFactory, SiteFactory, TestimonyFactory, VictimFactory

pytestmark = pytest.mark.django_db

BUILT = []


def sites_of_case(case):
    BUILT.append(case)
    return selectors.sites().filter(cases=case).order_by("name")


def names(rows):
    return [str(row) for row in rows]


def test_a_prepared_query_reads_for_each_key_what_the_query_built_afresh_reads():
    first, second = CaseFactory(), CaseFactory()
    SiteFactory(name="Evin", cases=[first])
    SiteFactory(name="Gohardasht", cases=[first, second])
    SiteFactory(name="A draft site", cases=[first], state=PublicationState.DRAFT)
    BUILT.clear()
    for case in (first, second, first):
        assert names(selectors.prepared(sites_of_case, case.pk)) == names(sites_of_case(case.pk))
    assert names(selectors.prepared(sites_of_case, first.pk)) == ["Evin", "Gohardasht"]
    assert names(selectors.prepared(sites_of_case, second.pk)) == ["Gohardasht"]
    # Built once (with placeholder keys) whatever the number of cases, besides the calls above.
    assert len([key for key in BUILT if key < 0]) == 1


def test_a_prepared_query_reads_its_joined_and_prefetched_records_and_its_annotations():
    speaker = PersonFactory(name="A named witness")
    named = TestimonyFactory(speaker=speaker)
    naming = TestimonyFactory(speaker=PersonFactory(name="Another witness"))
    naming.people.add(speaker)
    TestimonyFactory(speaker=PersonFactory(name="Someone else"))
    built = {t.pk: t for t in views._testimonies_of_person(speaker.pk)}
    with CaptureQueriesContext(connection) as queries:
        read = {t.pk: t for t in selectors.prepared(views._testimonies_of_person, speaker.pk)}
    assert set(read) == set(built) == {named.pk, naming.pk}
    assert len(queries) == 1  # its speaker and event joined, as built
    for pk, testimony in read.items():
        assert testimony.names_person == built[pk].names_person
        assert str(testimony.speaker) == str(built[pk].speaker)
    assert read[naming.pk].names_person and not read[named.pk].names_person


def test_values_and_counts_are_read_as_the_built_query_reads_them():
    case = CaseFactory()
    VictimFactory.create_batch(3, person__cases=[case])
    VictimFactory(person__cases=[case], state=PublicationState.DRAFT, person__state=PublicationState.DRAFT)
    SiteFactory(cases=[case])
    (counted,) = selectors.prepared(views._case_counts, case.pk)
    (built,) = views._case_counts(case.pk)
    assert counted == built
    assert counted["victims"] == 3 and counted["sites"] == 1


def test_a_prepared_query_runs_as_it_is_and_says_so_if_asked_more():
    case = CaseFactory()
    rows = selectors.prepared(sites_of_case, case.pk)
    for more in (lambda: rows.filter(name="Evin"), rows.count, lambda: rows[:1], rows.exists):
        with pytest.raises(TypeError, match="prepared query runs as it was built"):
            more()


def test_a_build_that_takes_anything_but_its_keys_is_refused():
    case = CaseFactory()
    kind = "prison"
    with pytest.raises(TypeError, match="takes what it asks as keys"):
        selectors.prepared(lambda key: selectors.sites().filter(cases=key, kind=kind), case.pk)
    with pytest.raises(TypeError, match="takes what it asks as keys"):
        selectors.prepared(lambda key, kind=kind: selectors.sites().filter(cases=key, kind=kind), case.pk)
    with pytest.raises(ValueError, match="numbers or texts"):
        selectors.prepared(sites_of_case, float(case.pk))


def test_a_key_the_sql_does_not_carry_as_a_parameter_is_refused():
    # A slice's bounds are written into the SQL: the same SQL cannot serve another key.
    with pytest.raises(AssertionError, match="not among its parameters"):
        PreparedQuery(lambda n: Person.objects.annotate(n=Count("pk"))[:-n])


def test_a_preview_is_read_afresh_and_never_kept():
    case = CaseFactory()
    SiteFactory(name="Evin", cases=[case])
    draft = SiteFactory(name="A draft site", cases=[case], state=PublicationState.DRAFT)
    assert names(selectors.prepared(sites_of_case, case.pk)) == ["Evin"]
    with selectors.previewing(draft):
        assert names(selectors.prepared(sites_of_case, case.pk)) == ["A draft site", "Evin"]
    assert names(selectors.prepared(sites_of_case, case.pk)) == ["Evin"]


def test_each_language_reads_its_own_texts():
    case = CaseFactory()
    SiteFactory(name_en="Evin Prison", name_fa="زندان اوین", cases=[case])
    with translation.override("fa"):
        assert names(selectors.prepared(sites_of_case, case.pk)) == ["زندان اوین"]
    with translation.override("en"):
        assert names(selectors.prepared(sites_of_case, case.pk)) == ["Evin Prison"]


def test_a_slug_is_a_key_too():
    shown, hidden = PersonFactory(name="Shown Person"), PersonFactory(name="Hidden Person", state="draft")
    assert names(selectors.prepared(views._person_by_slug, shown.slug)) == ["Shown Person"]
    assert names(selectors.prepared(views._person_by_slug, hidden.slug)) == []
    assert names(selectors.prepared(views._person_by_slug, "no-one")) == []
