"""Facts that answer one question differently (figures, an event's place or date, a person's title) are
linked as conflicting by their answers to one ``Question``, and shown side by side, each attributed and
cited, wherever either fact is shown; the editors may prefer one, with a reason readers see."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from casefile.core.models import PublicationState
from casefile.events.models import EventCitation
from casefile.figures.models import Answer, Question
from casefile.people.models import PositionCitation
from tests.factories import (
    AnswerFactory,
    EventFactory,
    FigureFactory,
    PersonFactory,
    PositionFactory,
    QuestionFactory,
    SourceFactory,
    cite,
)
from tests.roles import client_for

pytestmark = pytest.mark.django_db

TEXT = (
    "Anniversary of 1988 massacre honored in Paris ceremony. "
    "The ceremony was held in Tirana, Albania, with many speakers. "
    "Irene Massimino, Co-President of the Lemkin Institute. "
    "Irene Massimino, President of the Lemkin Institute, said: justice."
)


def two_places():
    """One ceremony recorded in Tirana by one event record, in Paris by another report's record."""
    source = SourceFactory(title="Report of the ceremony", publisher="A publisher", snapshot=TEXT)
    question = QuestionFactory(text="Where was the anniversary ceremony held?")
    tirana = EventFactory(title="Anniversary ceremony in Tirana")
    cite(EventCitation, tirana, source, "The ceremony was held in Tirana, Albania")
    paris = EventFactory(title="Anniversary ceremony as headlined")
    cite(EventCitation, paris, source, "honored in Paris ceremony")
    in_tirana = AnswerFactory(question=question, event=tirana, reading="Tirana, Albania")
    in_paris = AnswerFactory(question=question, event=paris, reading="Paris")
    return question, tirana, paris, in_tirana, in_paris


def section(page):
    start = page.index('<section class="conflicts"')
    return page[start : page.index("</section></section>", start)]


MARK = re.compile(r'<sup class="note-ref"><a id="(ref-(\d+)-\d+)" href="([^"]+)"')


def passages(page, reading):
    """The passages a reader reaches from the marks beside the answer ``reading`` in the page's conflicts.

    Each mark opens its passage in the source and is numbered as a note of the page, which quotes the
    passage and leads back to the mark.
    """
    (card,) = [
        card
        for card in re.findall(r'<article class="figure-card.*?</article>', section(page), re.S)
        if f'<p class="figure-card__value"><bdi>{reading}</bdi></p>' in card
    ]
    quoted = []
    for anchor, number, url in MARK.findall(card):
        assert "passage=" in url  # the mark opens the passage itself
        note = re.search(rf'<li class="note" id="note-{number}".*?</li>', page, re.S).group(0)
        assert f'href="#{anchor}"' in note  # the note leads back to this mark
        quoted.append(re.search(r"<blockquote[^>]*>(.*?)</blockquote>", note, re.S).group(1))
    return quoted


def test_both_places_stand_side_by_side_on_each_events_page_each_with_its_passage(client):
    question, tirana, paris, _in_tirana, _in_paris = two_places()
    for event in (tirana, paris):
        page = client.get(event.get_absolute_url()).text
        shown = section(page)
        assert question.text in shown
        # Each answer side by side, with marks that lead to its own passage (and no other).
        assert passages(page, "Tirana, Albania") == ["The ceremony was held in Tirana, Albania"]
        assert passages(page, "Paris") == ["honored in Paris ceremony"]
        assert tirana.get_absolute_url() in shown and paris.get_absolute_url() in shown
        assert "Editors' preferred reading" not in shown


def test_a_preferred_answer_is_marked_with_its_reason_and_the_other_stays(client):
    question, tirana, paris, in_tirana, _in_paris = two_places()
    question.preferred, question.preferred_reason = in_tirana, "The body of the report describes the ceremony."
    question.full_clean()
    question.save()
    page = client.get(paris.get_absolute_url()).text
    shown = section(page)
    assert shown.count("Editors' preferred reading") == 1
    assert "The body of the report describes the ceremony." in shown
    assert passages(page, "Paris") == ["honored in Paris ceremony"]  # the other answer stays, with its passage


def test_only_an_answer_to_the_question_can_be_preferred_and_an_answer_is_one_fact():
    question, _tirana, paris, _in_tirana, _in_paris = two_places()
    elsewhere = AnswerFactory(event=paris, reading="Somewhere else")
    question.preferred, question.preferred_reason = elsewhere, "A reason."
    with pytest.raises(ValidationError):
        question.full_clean()
    with pytest.raises(ValidationError):
        Answer(question=question, reading="No fact").full_clean()
    with pytest.raises(ValidationError):
        Answer(question=question, event=paris, person=PersonFactory(), reading="Two facts").full_clean()


def test_a_hidden_fact_changes_nothing_the_public_sees(client):
    question, tirana, paris, _in_tirana, in_paris = two_places()
    paris.state = PublicationState.DRAFT
    paris.save()
    question.preferred, question.preferred_reason = in_paris, "A reason only a draft's answer has."
    question.save()
    with_hidden = client.get(tirana.get_absolute_url()).text
    question.preferred, question.preferred_reason = None, ""
    question.save()
    in_paris.delete()
    without = client.get(tirana.get_absolute_url()).text
    assert with_hidden == without
    assert "Paris" not in without and "A reason only a draft" not in with_hidden
    api = client.get(f"/api/v1/events/{tirana.slug}/").json()
    assert [a["answer"] for q in api["questions"] for a in q["answers"]] == ["Tirana, Albania"]


def test_two_titles_of_one_person_are_shown_on_their_page_with_the_positions_passages(client):
    source = SourceFactory(title="Report of the conference", snapshot=TEXT)
    person = PersonFactory(name="Irene Massimino")
    post = PositionFactory(person=person, kind="member", title="Co-President (also called President)")
    cite(PositionCitation, post, source, "Irene Massimino, Co-President of the Lemkin Institute")
    cite(PositionCitation, post, source, "Irene Massimino, President of the Lemkin Institute")
    question = QuestionFactory(text="What is her title at the Lemkin Institute?")
    AnswerFactory(question=question, person=person, position=post, reading="Co-President")
    AnswerFactory(question=question, person=person, position=post, reading="President (before her remarks)")
    page = client.get(person.get_absolute_url()).text
    both = [
        "Irene Massimino, Co-President of the Lemkin Institute",
        "Irene Massimino, President of the Lemkin Institute",
    ]
    for reading in ("Co-President", "President (before her remarks)"):
        assert sorted(passages(page, reading)) == both  # each answer with the position's passages
    with pytest.raises(ValidationError):
        Answer(question=question, person=PersonFactory(), position=post, reading="Someone else's post").full_clean()


def test_an_event_answering_a_figures_question_stands_beside_the_figures(client):
    question = QuestionFactory(text="Over what period were the executions carried out?")
    figure = FigureFactory(question=question, value_text="in five months", value_low=None, qualifier="unquantified")
    massacre = EventFactory(title="The massacre")
    AnswerFactory(question=question, event=massacre, reading="From July 1988, end not recorded")
    detail = client.get(figure.get_absolute_url()).text
    assert "Other facts that answer the same question" in detail and "From July 1988, end not recorded" in detail
    listing = client.get(reverse("public:figure_list")).text
    group = listing[listing.index(f'id="{question.slug}"') :]
    assert "in five months" in group and "From July 1988, end not recorded" in group
    shown = section(client.get(massacre.get_absolute_url()).text)
    assert "in five months" in shown and "From July 1988, end not recorded" in shown


def test_the_api_gives_each_fact_its_questions_answers_preference_and_independent_sources(client):
    question, tirana, paris, in_tirana, _in_paris = two_places()
    question.preferred, question.preferred_reason = in_tirana, "The body of the report."
    question.save()
    for url in (f"/api/v1/events/{paris.slug}/", "/api/v1/events/"):
        data = client.get(url).json()
        record = data if "slug" in data else next(row for row in data["results"] if row["slug"] == paris.slug)
        (asked,) = record["questions"]
        assert asked["question"] == question.text and asked["conflicting"] is True
        assert asked["preferred_reason"] == "The body of the report."
        assert [(a["answer"], a["fact"], a["preferred"]) for a in asked["answers"]] == [
            ("Tirana, Albania", "event", True),
            ("Paris", "event", False),
        ]
        assert record["independent_sources"] == 1


def test_editors_link_facts_and_prefer_one_in_the_admin_and_filter_facts_in_conflict(client, editor_user):
    question, tirana, paris, in_tirana, _in_paris = two_places()
    alone = EventFactory(title="An event nobody disputes")
    client_for(client, editor_user)
    listing = client.get(reverse("admin:events_event_changelist"), {"conflict": "yes"}).text
    assert tirana.title in listing and paris.title in listing and alone.title not in listing
    listing = client.get(reverse("admin:events_event_changelist"), {"conflict": "no"}).text
    assert alone.title in listing and tirana.title not in listing
    assert client.get(reverse("admin:figures_question_changelist"), {"kind": "event"}).status_code == 200

    url = reverse("admin:figures_question_change", args=[question.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Paris" in page.text
    data = {
        "text": question.text,
        "slug": question.slug,
        "preferred": str(in_tirana.pk),
        "preferred_reason": "The body of the report describes the ceremony.",
        "answers-TOTAL_FORMS": "2",
        "answers-INITIAL_FORMS": "2",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
    }
    for n, answer in enumerate(question.answers.order_by("pk")):
        data |= {
            f"answers-{n}-id": str(answer.pk),
            f"answers-{n}-question": str(question.pk),
            f"answers-{n}-event": str(answer.event_id),
            f"answers-{n}-reading": answer.reading,
        }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    # The question is published: the preference is its revision's, reviewed before readers see it, while
    # the question and the facts it links stay on the public site as published.
    question.refresh_from_db()
    tirana.refresh_from_db()
    assert question.preferred is None and tirana.state == PublicationState.PUBLISHED
    revision = Question.objects.get(revision_of=question)
    assert revision.preferred.event == tirana and revision.preferred.question == revision
    assert revision.history.first().history_user == editor_user


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_figure_its_questions_answer_keeping_the_preference_in_every_version():
    executor = MigrationExecutor(connection)
    before = [("figures", "0021_question_preferred_reading")]
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        OldQuestion = old.get_model("figures", "Question")
        OldFigure = old.get_model("figures", "Figure")
        OldHistoricalQuestion = old.get_model("figures", "HistoricalQuestion")
        question = OldQuestion.objects.create(text="How many?", slug="how-many")
        high = OldFigure.objects.create(question=question, value_text="30,000", value_low=30000, claimant="A")
        low = OldFigure.objects.create(
            question=question, value_text="thousands", qualifier="unquantified", claimant="B"
        )
        OldQuestion.objects.filter(pk=question.pk).update(preferred=low, preferred_reason="A count.")
        OldHistoricalQuestion.objects.create(
            id=question.pk,
            text="How many?",
            slug="how-many",
            preferred_id=high.pk,
            preferred_reason="An earlier choice.",
            created_at=question.created_at,
            updated_at=question.updated_at,
            history_date=question.created_at,
            history_type="+",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        migrated = Question.objects.get(pk=question.pk)
        assert {a.figure_id for a in migrated.answers.all()} == {high.pk, low.pk}
        assert migrated.preferred.figure_id == low.pk and migrated.preferred_reason == "A count."
        (version,) = migrated.history.all()
        assert version.preferred.figure_id == high.pk  # the earlier version keeps its own preference
        assert Answer.history.filter(figure_id=high.pk, history_type="+").count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
