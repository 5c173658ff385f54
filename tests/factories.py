import datetime

import factory

from casefile.cases.models import Case
from casefile.core.models import PublicationState
from casefile.events.models import Event, Testimony
from casefile.figures.models import Answer, Figure, Question
from casefile.people.models import Organisation, Person, PersonName, Position, Victim, Witness
from casefile.places.models import Site, SiteObservation
from casefile.sources.models import Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source number {n}")
    snapshot = factory.Sequence(lambda n: f"Archived text of source {n}. It says what it says.")
    state = PublicationState.PUBLISHED


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Case {n}")
    state = PublicationState.PUBLISHED


def default_case():
    return Case.objects.filter(slug="default-test-case").first() or CaseFactory(
        title="Default test case", slug="default-test-case"
    )


class CaseRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True

    state = PublicationState.PUBLISHED

    @factory.post_generation
    def cases(self, create, extracted, **kwargs):
        """Every record belongs to a case: the one given, or a shared default case."""
        if create:
            self.cases.set(extracted if extracted is not None else [default_case()])


class PersonFactory(CaseRecordFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class PersonNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonName

    person = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Spelling {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    title = "Member of the 'Death Commission'"
    start_date = datetime.date(1988, 1, 1)
    start_date_precision = "year"


class OrganisationFactory(CaseRecordFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "state"


class SiteFactory(CaseRecordFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    kind = "prison"


class SiteObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteObservation

    site = factory.SubFactory(SiteFactory)
    status = "destroyed"


class VictimFactory(CaseRecordFactory):
    class Meta:
        model = Victim

    person = factory.SubFactory(PersonFactory)
    fate = "executed"


class EventFactory(CaseRecordFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    kind = "conference"
    date = datetime.date(2023, 7, 3)
    date_precision = "day"


class WitnessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Witness

    name = factory.Sequence(lambda n: f"Witness identity {n}")


class TestimonyFactory(CaseRecordFactory):
    __test__ = False  # not a pytest test class, despite its name

    class Meta:
        model = Testimony

    confidentiality = "public"
    # A named testimony has a speaker; a withheld one a private witness record, and no speaker.
    speaker = factory.Maybe(
        factory.LazyAttribute(lambda o: o.confidentiality == "public"), factory.SubFactory(PersonFactory), None
    )
    witness = factory.Maybe(
        factory.LazyAttribute(lambda o: o.confidentiality == "public"), None, factory.SubFactory(WitnessFactory)
    )
    text = factory.Sequence(lambda n: f"Statement {n}.")


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    state = PublicationState.PUBLISHED
    text = factory.Sequence(lambda n: f"How many, question {n}?")


class FigureFactory(CaseRecordFactory):
    class Meta:
        model = Figure

    question = factory.SubFactory(QuestionFactory)
    value_text = "30,000"
    value_low = 30000
    claimant = "A speaker"


class AnswerFactory(factory.django.DjangoModelFactory):
    """A fact's answer to a question: give it ``event=`` or ``person=`` (a figure's answer is made by the figure)."""

    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    reading = factory.Sequence(lambda n: f"Answer {n}")


def cite(citation_model, fact, source, quote):
    """Attach a citation of ``quote`` from ``source`` to ``fact``."""
    return citation_model.objects.create(fact=fact, source=source, quote=quote)
