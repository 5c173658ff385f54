"""The workflow in the admin: an editor cannot publish by any route; reviewers use the review queue."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState, PublishableModel
from casefile.people.models import Person, PersonCitation
from tests.factories import PersonFactory, SourceFactory, cite
from tests.roles import client_for
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, WITHDRAWN = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.PUBLISHED,
    PublicationState.WITHDRAWN,
)
CHANGELIST = reverse("admin:people_person_changelist")
QUEUE = reverse("admin:review_queue")


def change_url(record):
    return reverse("admin:people_person_change", args=[record.pk])


def saved_by(user, **kwargs):
    person = PersonFactory(**kwargs)
    person.description = f"Changed by {user.username}."
    person._history_user = user
    person.save()
    return person


def in_review(user, **kwargs):
    person = saved_by(user, state=DRAFT, **kwargs)
    workflow.submit_for_review(record=person, user=user)
    return person


def queue_post(client, record, action, comment="", version=None):
    """What the review queue's form posts for ``record``, as seen at its latest version."""
    return client.post(
        QUEUE,
        {
            "content_type": ContentType.objects.get_for_model(record).pk,
            "object_id": record.pk,
            "version": version or record.history.first().history_id,
            "action": action,
            "comment": comment,
        },
        follow=True,
    )


def test_no_admin_lets_the_state_be_edited_in_the_change_list():
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, PublishableModel):
            assert "state" not in model_admin.list_editable, model


def test_editor_posting_a_published_state_in_the_add_form_gets_a_draft(client, editor_user):
    client = client_for(client, editor_user)
    data = form_data(client.get(reverse("admin:people_person_add")))
    data |= {"name_en": "Someone New", "state": PUBLISHED, "cases": [str(PersonFactory().cases.get().pk)]}
    response = client.post(reverse("admin:people_person_add"), data)
    assert response.status_code == 302
    assert Person.objects.get(name="Someone New").state == DRAFT


def test_editor_posting_a_published_state_in_the_change_form_changes_nothing(client, editor_user):
    person = in_review(editor_user)
    client = client_for(client, editor_user)
    data = form_data(client.get(change_url(person))) | {"state": PUBLISHED}
    assert client.post(change_url(person), data).status_code == 302
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW


def test_editor_has_no_publish_action_and_posting_it_does_nothing(client, editor_user):
    person = in_review(editor_user)
    client = client_for(client, editor_user)
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = [name for name, _label in actions]
    assert "submit_for_review" in names
    assert "publish" not in names
    assert "delete_selected" not in names
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [person.pk]})
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW


def test_editor_cannot_publish_from_the_review_queue(client, editor_user):
    person = in_review(editor_user)
    client = client_for(client, editor_user)
    page = client.get(QUEUE)
    assert str(person) in page.text
    assert 'value="publish"' not in page.text
    response = queue_post(client, person, "publish")
    assert "Only a reviewer" in response.text
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW


def test_editor_restoring_a_published_version_does_not_publish_it(client, editor_user, reviewer):
    person = in_review(editor_user)
    workflow.publish(record=person, user=reviewer)
    published_version = person.history.first()
    workflow.withdraw(record=Person.objects.get(pk=person.pk), user=reviewer)
    client = client_for(client, editor_user)
    url = reverse("admin:people_person_simple_history", args=[person.pk, published_version.history_id])
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data |= {"cases": [str(pk) for pk in data["cases"]], "state": PUBLISHED}
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.state == WITHDRAWN
    assert not selectors.public(Person).filter(pk=person.pk).exists()


def test_editing_a_published_record_saves_a_revision_and_leaves_the_live_record(client, editor_user):
    person = PersonFactory(state=PUBLISHED, description="As published.")
    client = client_for(client, editor_user)
    data = form_data(client.get(change_url(person))) | {"description_en": "A corrected description."}
    response = client.post(change_url(person), data, follow=True)
    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.state, person.description) == (PUBLISHED, "As published.")
    revision = Person.objects.get(revision_of=person)
    assert (revision.state, revision.description) == (DRAFT, "A corrected description.")
    assert revision.history.first().history_user == editor_user
    # The live record's page now leads to the revision being drafted.
    assert client.get(change_url(person)).url == change_url(revision)


def test_adding_a_citation_to_a_published_record_adds_it_to_the_revision(client, editor_user, source):
    person = PersonFactory(state=PUBLISHED)
    client = client_for(client, editor_user)
    data = form_data(client.get(change_url(person)))
    data |= {"citations-TOTAL_FORMS": "1", "citations-0-source": str(source.pk), "citations-0-quote": "mass graves"}
    assert client.post(change_url(person), data).status_code == 302
    assert not PersonCitation.objects.filter(fact=person).exists()
    revision = Person.objects.get(revision_of=person)
    assert PersonCitation.objects.filter(fact=revision).exists()
    assert Person.objects.get(pk=person.pk).state == PUBLISHED


def test_editor_submits_from_the_change_form(client, editor_user):
    person = saved_by(editor_user, state=DRAFT)
    client = client_for(client, editor_user)
    page = client.get(change_url(person))
    assert "Save and submit for review" in page.text
    assert 'name="_withdraw"' not in page.text
    data = form_data(page) | {"_submit_for_review": "1"}
    client.post(change_url(person), data)
    person.refresh_from_db()
    assert (person.state, person.submitted_by) == (IN_REVIEW, editor_user)


def test_review_page_shows_what_changed_since_publication_and_who_changed_it(client, editor_user, reviewer):
    person = in_review(editor_user, name="Mostafa Pourmohammadi")
    workflow.publish(record=person, user=reviewer)
    person = Person.objects.get(pk=person.pk)
    person.description = "Minister of Justice from 2013, according to the source."
    person.state = DRAFT  # a change saved on the record itself (a loader, an old restore)
    person._history_user = editor_user
    person.save()
    cite(
        PersonCitation,
        person,
        SourceFactory(snapshot="He was Minister of Justice.", state=PUBLISHED),
        "Minister of Justice",
    )
    workflow.submit_for_review(record=Person.objects.get(pk=person.pk), user=editor_user)

    client = client_for(client, reviewer)
    queue = client.get(QUEUE)
    assert queue.status_code == 200
    assert "Mostafa Pourmohammadi" in queue.text
    page = client.get(reverse("admin:review_record", args=[ContentType.objects.get_for_model(Person).pk, person.pk]))
    assert "Last published" in page.text
    assert "<ins>Minister of Justice from 2013, according to the source.</ins>" in page.text
    assert "Changed by edna-editor." in page.text  # the description as it was published
    assert "Person citation" in page.text and "added" in page.text
    assert "edna-editor" in page.text
    assert 'value="publish"' in page.text


def test_reviewer_publishes_from_the_queue(client, editor_user, reviewer):
    person = in_review(editor_user)
    response = queue_post(client_for(client, reviewer), person, "publish")
    assert "is published" in response.text
    assert Person.objects.get(pk=person.pk).state == PUBLISHED
    assert "Nothing awaits review." in response.text


def test_reviewer_returns_with_a_comment_that_the_editor_sees(client, editor_user, reviewer):
    person = in_review(editor_user)
    queue_post(client_for(client, reviewer), person, "return", "Which source gives the Persian spelling?")
    person.refresh_from_db()
    assert person.state == DRAFT
    page = client_for(client, editor_user).get(change_url(person))
    assert "Which source gives the Persian spelling?" in page.text


def test_reviewer_cannot_publish_their_own_change_from_the_queue(client, reviewer, second_reviewer):
    person = in_review(reviewer)
    client = client_for(client, reviewer)
    page = client.get(reverse("admin:review_record", args=[ContentType.objects.get_for_model(Person).pk, person.pk]))
    assert "another reviewer must publish it" in page.text
    assert 'value="publish"' not in page.text
    queue_post(client, person, "publish")
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW
    queue_post(client_for(client, second_reviewer), person, "publish")
    assert Person.objects.get(pk=person.pk).state == PUBLISHED


def test_review_queue_refuses_nonsense(client, reviewer):
    client = client_for(client, reviewer)
    assert client.post(QUEUE, {"action": "publish", "content_type": "x", "object_id": "1"}).status_code == 404
    assert client.post(QUEUE, {"action": "delete", "content_type": "1", "object_id": "1"}).status_code == 404


def test_review_queue_is_linked_from_the_admin_index_and_needs_a_login(client, editor_user):
    assert client.get(QUEUE).status_code == 302
    assert QUEUE in client_for(client, editor_user).get(reverse("admin:index")).text


def test_reviewer_withdraws_in_bulk_and_each_record_gets_a_history_row(client, reviewer):
    people = [PersonFactory(state=PUBLISHED) for _ in range(3)]
    before = {p.pk: p.history.count() for p in people}
    client = client_for(client, reviewer)
    client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [p.pk for p in people]})
    for person in people:
        person.refresh_from_db()
        assert person.state == WITHDRAWN
        assert person.history.count() == before[person.pk] + 1
        latest = person.history.first()
        assert (latest.history_user, latest.state) == (reviewer, WITHDRAWN)


def test_a_record_changed_after_the_queue_was_loaded_is_not_published(client, editor_user, reviewer):
    person = in_review(editor_user)
    seen = person.history.first().history_id
    person.description = "A late change the reviewer has not seen."
    person._history_user = editor_user
    person.save()
    response = queue_post(client_for(client, reviewer), person, "publish", version=seen)
    assert "changed after this page was loaded" in response.text
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW


def test_reviewer_withdraws_from_the_change_form(client, reviewer):
    person = PersonFactory(state=PUBLISHED)
    client = client_for(client, reviewer)
    page = client.get(change_url(person))
    assert 'name="_withdraw"' in page.text
    client.post(change_url(person), form_data(page) | {"_withdraw": "1"})
    person.refresh_from_db()
    assert (person.state, person.reviewed_by) == (WITHDRAWN, reviewer)
    assert not selectors.public(Person).filter(pk=person.pk).exists()


def test_a_position_of_a_published_person_is_changed_through_the_persons_revision(client, editor_user):
    from tests.factories import PositionFactory

    position = PositionFactory(person=PersonFactory(state=PUBLISHED), title="Prosecutor")
    first = position.history.first()
    position.title = "Deputy prosecutor"
    position.save()
    client = client_for(client, editor_user)
    page = client.get(reverse("admin:people_position_change", args=[position.pk]))
    assert "is part of the published person" in page.text
    assert 'name="title"' not in page.text  # read-only
    url = reverse("admin:people_position_simple_history", args=[position.pk, first.history_id])
    assert client.post(url, {"title": "Prosecutor"}).status_code == 403
    position.refresh_from_db()
    assert position.title == "Deputy prosecutor"
    assert position.person.state == PUBLISHED
