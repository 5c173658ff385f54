"""Conflicting figures stand side by side; an editor may mark a preferred reading, with a reason readers see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import FigureFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def two_readings():
    question = QuestionFactory(text="How many prisoners were executed in 1988?")
    high = FigureFactory(question=question, value_text="30,000", value_low=30000, claimant="Speaker A")
    low = FigureFactory(
        question=question, value_text="thousands", value_low=None, qualifier="unquantified", claimant="UN experts"
    )
    return question, high, low


def prefer(question, figure, reason):
    question.preferred, question.preferred_reason = figure.answer, reason
    question.full_clean()
    question.save()


def test_the_preferred_reading_is_marked_with_its_reason_and_the_other_stays(client):
    question, high, low = two_readings()
    prefer(question, low, "The count of the UN experts, who name their method.")
    page = client.get(reverse("public:figure_list")).text
    assert page.count("Editors' preferred reading") == 1
    assert "The count of the UN experts, who name their method." in page
    assert "30,000" in page and "Speaker A" in page
    detail = client.get(high.get_absolute_url()).text
    assert "Editors' preferred reading" in detail and "UN experts" in detail


def test_a_preference_needs_a_reason():
    question, high, _low = two_readings()
    question.preferred = high.answer
    with pytest.raises(ValidationError):
        question.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        question.save()


def test_only_an_answer_to_the_question_can_be_preferred():
    question, _high, _low = two_readings()
    other = FigureFactory()
    question.preferred, question.preferred_reason = other.answer, "A reason."
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "answer to this question" in str(error.value)


def test_a_hidden_preferred_figure_changes_nothing_the_public_sees(client):
    question, high, low = two_readings()
    before = client.get(reverse("public:figure_list")).text
    low.state = "draft"
    low.save()
    hidden_before = client.get(reverse("public:figure_list")).text
    prefer(question, low, "A reason only a draft has.")
    after = client.get(reverse("public:figure_list")).text
    assert "Editors' preferred reading" not in after and "A reason only a draft has." not in after
    assert after == hidden_before != before
