"""A published record stays on the public site exactly as published while a change to it is reviewed."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState
from casefile.figures.models import Answer, Figure, Question
from casefile.people.models import Person, PersonCitation, PersonName, Position, Victim
from tests.factories import (
    EventFactory,
    FigureFactory,
    PersonFactory,
    PersonNameFactory,
    QuestionFactory,
    SourceFactory,
    VictimFactory,
    cite,
)
from tests.roles import client_for
from tests.test_admin import form_data
from tests.test_security import inline_code

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED
QUEUE = reverse("admin:review_queue")


def change_url(record):
    opts = type(record)._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def preview_url(record):
    return reverse("admin:preview", args=[ContentType.objects.get_for_model(record).pk, record.pk])


def public_text(client, url):
    """The public page as an anonymous reader gets it, less the per-request nonce of the security policy."""
    response = client.get(url)
    return response.status_code, re.sub(r'nonce="[^"]*"', "", response.text)


def edit_in_admin(client, record, **changes):
    data = form_data(client.get(change_url(record))) | changes
    return client.post(change_url(record), data, follow=True)


def publish_from_queue(client, record):
    return client.post(
        QUEUE,
        {
            "content_type": ContentType.objects.get_for_model(record).pk,
            "object_id": record.pk,
            "version": record.history.first().history_id,
            "action": "publish",
        },
        follow=True,
    )


def test_the_public_page_stays_byte_identical_until_the_revision_is_published(client, editor_user, reviewer):
    person = PersonFactory(state=PUBLISHED, name="Hossein-Ali Nayyeri", description="Sharia judge, according to X.")
    PersonNameFactory(person=person, name="Nayeri")
    source = SourceFactory(snapshot="He was the Sharia judge of the commission.")
    cite(PersonCitation, person, source, "Sharia judge")
    url = person.get_absolute_url()
    anonymous = client.__class__()
    before = public_text(anonymous, url)
    assert before[0] == 200 and "Sharia judge, according to X." in before[1]
    source_page = public_text(anonymous, source.get_absolute_url())

    editor = client_for(client, editor_user)
    edit_in_admin(editor, person, description_en="Head of the commission, according to X.")
    revision = Person.objects.get(revision_of=person)
    editor.post(change_url(revision), form_data(editor.get(change_url(revision))) | {"_submit_for_review": "1"})
    revision.refresh_from_db()
    assert revision.state == IN_REVIEW

    # While the change waits: the page, the source's back-links, lists and search are as published.
    assert public_text(anonymous, url) == before
    assert public_text(anonymous, source.get_absolute_url()) == source_page
    assert list(selectors.people().filter(name="Hossein-Ali Nayyeri")) == [person]
    assert anonymous.get(revision.get_absolute_url()).status_code == 404

    reviewer_client = client_for(client.__class__(), reviewer)
    response = publish_from_queue(reviewer_client, revision)
    assert "is published" in response.text
    status, after = public_text(anonymous, url)
    assert status == 200
    assert "Head of the commission, according to X." in after
    assert "Sharia judge, according to X." not in after
    assert "Nayeri" in after  # its parts came with the revision
    person.refresh_from_db()
    assert (person.state, person.slug, person.reviewed_by) == (PUBLISHED, url.rstrip("/").split("/")[-1], reviewer)
    assert not Person.objects.filter(revision_of=person).exists()
    assert PersonCitation.objects.filter(fact=person).count() == 1
    assert PersonName.objects.filter(person=person).count() == 1
    reasons = list(person.history.values_list("history_change_reason", flat=True))
    assert "Published a revision" in reasons


def test_returning_a_revision_leaves_the_live_record_untouched(client, editor_user, reviewer):
    person = PersonFactory(state=PUBLISHED, description="As published.")
    revision, _copied = workflow.start_revision(record=person, user=editor_user)
    revision.description = "A change the reviewer doubts."
    revision._history_user = editor_user
    revision.save()
    workflow.submit_for_review(record=revision, user=editor_user)
    workflow.return_to_editor(record=revision, user=reviewer, comment="Which source says so?")
    person.refresh_from_db()
    revision.refresh_from_db()
    assert (person.state, person.description) == (PUBLISHED, "As published.")
    assert (revision.state, revision.review_comment) == (DRAFT, "Which source says so?")
    page = client_for(client, editor_user).get(change_url(revision))
    assert "Which source says so?" in page.text
    assert "This is a revision of a published record" in page.text


def test_a_victims_revision_carries_the_person_and_keeps_the_live_address(client, editor_user, reviewer):
    victim = VictimFactory(state=PUBLISHED, person=PersonFactory(state=PUBLISHED, name="Roya Ahmadi"), affiliation="")
    url = victim.get_absolute_url()
    revision, _copied = workflow.start_revision(record=victim, user=editor_user)
    assert revision.person.revision_of == victim.person
    revision.affiliation = "According to the source, a sympathiser of the PMOI."
    revision.save()
    revision.person.name = "Roya Ahmadi-Karimi"
    revision.person.save()
    workflow.submit_for_review(record=revision, user=editor_user)
    assert "Roya Ahmadi-Karimi" not in client.get(url).text
    live = workflow.publish(record=Victim.objects.get(pk=revision.pk), user=reviewer)
    assert live.pk == victim.pk and live.get_absolute_url() == url
    page = client.get(url).text
    assert "Roya Ahmadi-Karimi" in page and "sympathiser of the PMOI" in page
    assert not Victim.objects.filter(revision_of=victim).exists()
    assert not Person.objects.filter(revision_of=victim.person).exists()


def test_staff_preview_a_revision_as_the_public_will_see_it_and_no_one_else_can(client, editor_user):
    person = PersonFactory(state=PUBLISHED, description="As published.")
    revision, _copied = workflow.start_revision(record=person, user=editor_user)
    revision.description = "The proposed wording."
    revision.save()

    preview = client_for(client, editor_user).get(preview_url(revision))
    assert preview.status_code == 200
    assert "The proposed wording." in preview.text
    assert "Preview" in preview.text and "not public yet" in preview.text
    assert '<meta name="robots" content="noindex, nofollow">' in preview.text
    assert preview.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in preview.headers["Cache-Control"]
    assert inline_code(preview.text) == []

    anonymous = client.__class__()
    assert anonymous.get(preview_url(revision)).status_code == 302  # to the login page
    assert "The proposed wording." not in anonymous.get(person.get_absolute_url()).text
    assert anonymous.get(revision.get_absolute_url()).status_code == 404


def test_a_new_draft_can_be_previewed_before_it_is_ever_published(client, editor_user):
    person = PersonFactory(state=DRAFT, name="Ebrahim Raisi", description="Deputy prosecutor, according to X.")
    page = client_for(client, editor_user).get(preview_url(person))
    assert page.status_code == 200 and "Deputy prosecutor, according to X." in page.text
    assert client.__class__().get(person.get_absolute_url()).status_code == 404


def test_publishing_a_record_that_cites_a_draft_source_is_refused_with_its_name(editor_user, reviewer):
    source = SourceFactory(state=DRAFT, title="An unreviewed report", snapshot="The commission met in July.")
    person = PersonFactory(state=DRAFT)
    cite(PersonCitation, person, source, "commission met")
    workflow.submit_for_review(record=person, user=editor_user)
    with pytest.raises(Exception) as refused:
        workflow.publish(record=person, user=reviewer)
    assert "An unreviewed report" in str(refused.value)
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW

    # Submitted together as one batch, they are published together.
    workflow.return_to_editor(record=person, user=reviewer, comment="Submit it with its source.")
    batch = workflow.submit_batch([person, source], user=editor_user, reason="A person with the report that names them")
    workflow.publish_batch(batch=batch, user=reviewer)
    assert selectors.is_public(person) and selectors.is_public(source)


def test_the_review_page_warns_of_hidden_citations_and_shows_the_revisions_change(client, editor_user, reviewer):
    person = PersonFactory(state=PUBLISHED, description="Old words here.")
    revision, _copied = workflow.start_revision(record=person, user=editor_user)
    revision.description = "New words here."
    revision.save()
    cite(PersonCitation, revision, SourceFactory(state=DRAFT, title="A draft source"), "Archived text")
    workflow.submit_for_review(record=revision, user=editor_user)
    page = client_for(client, reviewer).get(
        reverse("admin:review_record", args=[ContentType.objects.get_for_model(Person).pk, revision.pk])
    )
    assert "<del>Old</del>" in page.text and "<ins>New</ins>" in page.text
    assert "A draft source" in page.text and "Publishing it alone is refused" in page.text
    assert "person citation" in page.text.lower() and "added" in page.text
    assert inline_code(page.text) == []


def test_submitting_a_record_that_cites_a_draft_source_asks_the_editor_at_once(client, editor_user):
    person = PersonFactory(state=DRAFT)
    cite(PersonCitation, person, SourceFactory(state=DRAFT, title="A report still in draft"), "Archived text")
    client = client_for(client, editor_user)
    data = form_data(client.get(change_url(person))) | {"_submit_for_review": "1"}
    response = client.post(change_url(person), data, follow=True)
    assert "A report still in draft" in response.text and "cannot be published before them" in response.text
    assert Person.objects.get(pk=person.pk).state == DRAFT  # submitted once the editor chooses (test_dependencies)


# A question is shared by the facts that answer it: its change is its own revision, never theirs. ---------


def two_figures():
    """A published question answered by two published figures, and a published event that does not answer it yet."""
    question = QuestionFactory(text="How many prisoners were executed?")
    high = FigureFactory(question=question, value_text="over 30,000", value_low=30000, claimant="A speaker")
    low = FigureFactory(question=question, value_text="thousands", value_low=None, qualifier="unquantified")
    low.claimant = "The UN experts"
    low.save()
    event = EventFactory(title="A report on the executions")
    return question, high, low, event


def test_a_change_to_the_question_of_a_published_figure_is_reviewed_while_the_figure_stays_as_published(
    client, editor_user, reviewer
):
    question, high, low, event = two_figures()
    anonymous = client.__class__()
    urls = [high.get_absolute_url(), low.get_absolute_url(), reverse("public:figure_list"), event.get_absolute_url()]
    before = [public_text(anonymous, url) for url in urls]
    assert before[0][0] == 200 and "How many prisoners were executed?" in before[0][1]
    assert "The UN experts" in before[0][1]  # the other answer stands beside the figure
    assert "Editors' preferred reading" not in before[0][1]

    # The editor rewords the question, prefers the UN experts' figure and adds the event's answer.
    editor = client_for(client, editor_user)
    data = form_data(editor.get(change_url(question)))
    data |= {
        "text": "How many political prisoners were executed in 1988?",
        "preferred": str(low.answer.pk),
        "preferred_reason": "The count of the UN experts, according to their communication.",
        "answers-2-event": str(event.pk),
        "answers-2-reading": "several thousand",
    }
    response = editor.post(change_url(question), data, follow=True)
    assert response.status_code == 200 and "has a revision" not in response.text
    revision = Question.objects.get(revision_of=question)
    assert revision.text == "How many political prisoners were executed in 1988?"
    assert revision.preferred.figure == low and revision.preferred.question == revision
    assert revision.answers.count() == 3

    # Until a reviewer publishes it, the figures, their list and the event read exactly as published.
    assert [public_text(anonymous, url) for url in urls] == before
    question.refresh_from_db()
    assert (question.state, question.text, question.preferred) == (PUBLISHED, "How many prisoners were executed?", None)
    assert set(Figure.objects.values_list("state", flat=True)) == {PUBLISHED}
    assert set(selectors.answers().values_list("question", flat=True)) == {question.pk}
    assert not selectors.public(Question).filter(pk=revision.pk).exists()
    # The editors' list of facts in conflict is of the published answers too, not of the revision's.
    in_conflict = reverse("admin:events_event_changelist") + "?conflict=yes"
    assert "A report on the executions" not in editor.get(in_conflict).text

    editor.post(change_url(revision), form_data(editor.get(change_url(revision))) | {"_submit_for_review": "1"})
    revision.refresh_from_db()
    assert revision.state == IN_REVIEW
    assert [public_text(anonymous, url) for url in urls] == before

    # The reviewer reads the change on the review page (a question has no page of its own to preview).
    reviewing = client_for(client.__class__(), reviewer)
    review = reviewing.get(
        reverse("admin:review_record", args=[ContentType.objects.get_for_model(Question).pk, revision.pk])
    )
    assert review.status_code == 200
    assert "political" in review.text and "executed in 1988" in review.text
    assert "several thousand" in review.text and "added" in review.text
    assert "Preview as the public will see it" not in review.text
    assert reviewing.get(preview_url(revision)).status_code == 404

    response = publish_from_queue(reviewing, revision)
    assert "is published" in response.text
    status, page = public_text(anonymous, high.get_absolute_url())
    assert status == 200
    assert "How many political prisoners were executed in 1988?" in page
    assert "How many prisoners were executed?" not in page
    assert "Editors' preferred reading" in page and "The count of the UN experts" in page
    assert "several thousand" in page and "A report on the executions" in page
    assert "several thousand" in public_text(anonymous, event.get_absolute_url())[1]
    assert "A report on the executions" in editor.get(in_conflict).text
    question.refresh_from_db()
    assert (question.state, question.reviewed_by, question.preferred.figure) == (PUBLISHED, reviewer, low)
    assert not Question.objects.filter(revision_of=question).exists()
    assert set(question.answers.values_list("figure", "event")) == {(high.pk, None), (low.pk, None), (None, event.pk)}
    assert set(Figure.objects.values_list("state", flat=True)) == {PUBLISHED}
    assert "Published a revision" in question.history.values_list("history_change_reason", flat=True)


def test_returning_a_questions_revision_leaves_the_published_question_and_its_facts_untouched(
    client, editor_user, reviewer
):
    question, high, low, _event = two_figures()
    anonymous = client.__class__()
    before = public_text(anonymous, high.get_absolute_url())
    editor = client_for(client, editor_user)
    edit_in_admin(editor, question, preferred=str(high.answer.pk), preferred_reason="A reason the reviewer doubts.")
    revision = Question.objects.get(revision_of=question)
    workflow.submit_for_review(record=revision, user=editor_user)
    workflow.return_to_editor(record=revision, user=reviewer, comment="Which source makes this count official?")

    revision.refresh_from_db()
    question.refresh_from_db()
    assert (revision.state, revision.review_comment) == (DRAFT, "Which source makes this count official?")
    assert (question.state, question.preferred, question.preferred_reason) == (PUBLISHED, None, "")
    assert public_text(anonymous, high.get_absolute_url()) == before
    assert set(Figure.objects.values_list("state", flat=True)) == {PUBLISHED}
    # The editor who opens the published question is led to the revision, with the reviewer's comment.
    page = editor.get(change_url(question), follow=True)
    assert "Which source makes this count official?" in page.text


def test_an_answer_added_to_a_published_question_joins_its_revision(client, editor_user):
    question, high, _low, event = two_figures()
    anonymous = client.__class__()
    pages = [public_text(anonymous, url) for url in (high.get_absolute_url(), event.get_absolute_url())]
    editor = client_for(client, editor_user)
    data = {"question": str(question.pk), "event": str(event.pk), "reading": "several thousand"}
    response = editor.post(reverse("admin:figures_answer_add"), data, follow=True)
    assert "is added to its revision" in response.text
    (answer,) = Answer.objects.filter(event=event)
    assert answer.question.revision_of == question
    assert [public_text(anonymous, url) for url in (high.get_absolute_url(), event.get_absolute_url())] == pages
    question.refresh_from_db()
    event.refresh_from_db()
    assert (question.state, event.state) == (PUBLISHED, PUBLISHED)


def test_a_position_added_to_a_published_person_from_its_own_page_joins_the_persons_revision(client, editor_user):
    person = PersonFactory(state=PUBLISHED, name="Mostafa Pourmohammadi")
    anonymous = client.__class__()
    before = public_text(anonymous, person.get_absolute_url())
    editor = client_for(client, editor_user)
    data = form_data(editor.get(reverse("admin:people_position_add")))
    data |= {"person": str(person.pk), "title_en": "Minister of Justice"}
    response = editor.post(reverse("admin:people_position_add"), data, follow=True)
    assert "is added to its revision" in response.text, response.text
    (position,) = Position.objects.filter(title="Minister of Justice")
    assert position.person.revision_of == person
    person.refresh_from_db()
    assert person.state == PUBLISHED
    assert public_text(anonymous, person.get_absolute_url()) == before


def test_figures_that_take_or_leave_the_question_while_its_revision_is_reviewed_answer_what_they_ask(
    client, editor_user, reviewer
):
    question, high, low, _event = two_figures()
    revision, _copied = workflow.start_revision(record=question, user=editor_user)
    revision.text = "How many political prisoners were executed in 1988?"
    revision._history_user = editor_user
    revision.save()
    # Meanwhile a new figure asks the question and another one is moved to a question of its own.
    amnesty = FigureFactory(question=question, value_text="2,800 to 3,800", value_low=2800, value_high=3800)
    low.question = QuestionFactory(text="How many were executed in Evin?")
    low.save()
    workflow.submit_for_review(record=revision, user=editor_user)
    workflow.publish(record=revision, user=reviewer)

    question.refresh_from_db()
    assert question.text == "How many political prisoners were executed in 1988?"
    assert sorted(question.answers.values_list("figure", flat=True)) == sorted([high.pk, amnesty.pk])
    assert [answer.question.text for answer in low.answers.all()] == ["How many were executed in Evin?"]
    page = client.get(amnesty.get_absolute_url()).text
    assert "How many political prisoners were executed in 1988?" in page and "over 30,000" in page
