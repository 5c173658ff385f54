import pytest

from casefile import selectors
from casefile.cases.models import Case
from casefile.core.models import PublicationState
from casefile.events.models import Testimony
from casefile.figures.models import Figure
from casefile.people.models import Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source
from tests.factories import (
    CaseFactory,
    FigureFactory,
    PersonFactory,
    SiteFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
    WitnessFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [
    (Case, CaseFactory),
    (Source, SourceFactory),
    (Person, PersonFactory),
    (Site, SiteFactory),
    (Victim, VictimFactory),
    (Testimony, TestimonyFactory),
    (Figure, FigureFactory),
]


@pytest.mark.parametrize(("model", "factory"), FACTORIES)
def test_only_published_records_are_public(model, factory):
    shown = factory(state=PublicationState.PUBLISHED)
    for state in (PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.WITHDRAWN):
        factory(state=state)
    assert list(selectors.public(model)) == [shown]


def test_database_refuses_to_publish_a_confidential_testimony():
    from django.db import IntegrityError, transaction

    TestimonyFactory(state=PublicationState.DRAFT, confidentiality="confidential")
    with pytest.raises(IntegrityError), transaction.atomic():
        Testimony.objects.update(state=PublicationState.PUBLISHED)
    assert not selectors.public(Testimony).exists()


def test_confidential_testimony_cannot_be_published():
    from django.core.exceptions import ValidationError

    testimony = TestimonyFactory.build(
        witness=WitnessFactory(), speaker=None, state=PublicationState.PUBLISHED, confidentiality="confidential"
    )
    with pytest.raises(ValidationError):
        testimony.full_clean()


def test_pseudonymous_testimony_shows_a_code_not_the_name():
    testimony = TestimonyFactory(witness__name="Real Name", confidentiality="pseudonymous")
    assert testimony.public_speaker_name == testimony.witness.code == testimony.witness_code
    assert testimony.witness_code.startswith("W-")
    assert "Real Name" not in str(testimony)
