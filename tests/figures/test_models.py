import pytest
from django.db import IntegrityError, transaction

from casefile.figures.models import Figure
from tests.factories import FigureFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_conflicting_figures_stand_side_by_side_under_one_question():
    question = QuestionFactory(text="How many were executed?")
    FigureFactory(question=question, value_text="30,000", value_low=30000, claimant="Speaker A")
    FigureFactory(
        question=question, value_text="thousands", value_low=None, qualifier="unquantified", claimant="UN experts"
    )
    assert [f.claimant for f in question.figures.all()] == ["UN experts", "Speaker A"]


def test_range_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(value_low=100, value_high=50)


def test_a_number_is_needed_unless_the_figure_is_unquantified():
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(value_low=None, qualifier="about")


def test_every_figure_says_who_states_it():
    with pytest.raises(IntegrityError), transaction.atomic():
        FigureFactory(claimant="")
    assert not Figure.objects.exists()
