"""The review workflow's services: who may move a record from draft to the public, and how."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState, PublishableModel
from casefile.events.models import Testimony
from casefile.people.models import Person
from tests.factories import PersonFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED, WITHDRAWN = (
    PublicationState.DRAFT,
    PublicationState.IN_REVIEW,
    PublicationState.PUBLISHED,
    PublicationState.WITHDRAWN,
)


def publishable_models():
    return [m for m in apps.get_models() if issubclass(m, PublishableModel)]


def edited_draft(user, **kwargs):
    """A draft person whose last change was made by ``user``, as the admin would save it."""
    person = PersonFactory(state=DRAFT, **kwargs)
    person.description = f"Described by {user.username}."
    person._history_user = user
    person.save()
    return person


def test_every_publishable_model_has_a_publish_permission_held_by_reviewers_only(editor_user, reviewer, administrator):
    models = publishable_models()
    assert len(models) >= 8
    for model in models:
        permission = model.publish_permission()
        assert reviewer.has_perm(permission), permission
        assert administrator.has_perm(permission), permission
        assert not editor_user.has_perm(permission), permission


def test_editor_submits_and_another_reviewer_publishes(editor_user, reviewer):
    person = edited_draft(editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    person.refresh_from_db()
    assert (person.state, person.submitted_by) == (IN_REVIEW, editor_user)
    assert not selectors.public(Person).filter(pk=person.pk).exists()

    workflow.publish(record=person, user=reviewer)
    person.refresh_from_db()
    assert (person.state, person.reviewed_by) == (PUBLISHED, reviewer)
    assert selectors.public(Person).filter(pk=person.pk).exists()
    assert person.history.first().history_user == reviewer


def test_editor_cannot_publish(editor_user):
    person = edited_draft(editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    with pytest.raises(PermissionDenied):
        workflow.publish(record=person, user=editor_user)
    with pytest.raises(PermissionDenied):
        workflow.withdraw(record=person, user=editor_user)
    person.refresh_from_db()
    assert person.state == IN_REVIEW


def test_reviewer_cannot_publish_their_own_change(reviewer, second_reviewer):
    person = edited_draft(reviewer)
    workflow.submit_for_review(record=person, user=reviewer)
    with pytest.raises(PermissionDenied, match="another reviewer"):
        workflow.publish(record=person, user=reviewer)
    workflow.publish(record=person, user=second_reviewer)
    assert Person.objects.get(pk=person.pk).state == PUBLISHED


def test_reviewer_who_only_submitted_someone_elses_change_may_publish_it(editor_user, reviewer):
    person = edited_draft(editor_user)
    workflow.submit_for_review(record=person, user=reviewer)
    workflow.publish(record=person, user=reviewer)
    assert Person.objects.get(pk=person.pk).state == PUBLISHED


def test_a_citation_added_by_the_reviewer_counts_as_their_change(editor_user, reviewer, source):
    from casefile.people.models import PersonCitation

    person = edited_draft(editor_user)
    citation = PersonCitation(fact=person, source=source, quote="Death Commissions")
    citation._history_user = reviewer
    citation.save()
    workflow.submit_for_review(record=person, user=editor_user)
    with pytest.raises(PermissionDenied):
        workflow.publish(record=person, user=reviewer)


def test_only_records_in_review_are_published(editor_user, reviewer):
    person = edited_draft(editor_user)
    with pytest.raises(ValidationError):
        workflow.publish(record=person, user=reviewer)
    assert Person.objects.get(pk=person.pk).state == DRAFT


def test_return_to_editor_needs_a_comment_and_keeps_it(editor_user, reviewer):
    person = edited_draft(editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    with pytest.raises(ValidationError):
        workflow.return_to_editor(record=person, user=reviewer, comment="  ")
    workflow.return_to_editor(record=person, user=reviewer, comment="Cite the UN report for the date.")
    person.refresh_from_db()
    assert person.state == DRAFT
    assert person.review_comment == "Cite the UN report for the date."
    assert person.reviewed_by == reviewer


def test_withdrawn_record_leaves_the_public_but_is_kept(editor_user, reviewer):
    person = PersonFactory(state=PUBLISHED)
    workflow.withdraw(record=person, user=reviewer, reason="Identity in doubt")
    assert Person.objects.get(pk=person.pk).state == WITHDRAWN
    assert not selectors.public(Person).filter(pk=person.pk).exists()
    assert person.history.first().history_change_reason == "Withdrawn"
    # It can come back through review.
    workflow.submit_for_review(record=person, user=editor_user)
    assert Person.objects.get(pk=person.pk).state == IN_REVIEW


def test_confidential_testimony_cannot_be_published_through_the_workflow(editor_user, reviewer):
    testimony = TestimonyFactory(state=DRAFT, confidentiality="confidential")
    workflow.submit_for_review(record=testimony, user=editor_user)
    with pytest.raises(ValidationError):
        workflow.publish(record=testimony, user=reviewer)
    assert not selectors.public(Testimony).exists()
    assert Testimony.objects.get().state == IN_REVIEW


def test_citing_a_source_elsewhere_is_not_a_change_to_the_source(editor_user, reviewer):
    from casefile.people.models import PersonCitation
    from casefile.sources.models import Source
    from tests.factories import SourceFactory

    source = SourceFactory(state=DRAFT, snapshot="The commission met in Evin.")
    source._history_user = editor_user
    source.save()
    citation = PersonCitation(fact=PersonFactory(), source=source, quote="The commission met")
    citation._history_user = reviewer
    citation.save()
    workflow.submit_for_review(record=source, user=editor_user)
    workflow.publish(record=source, user=reviewer)
    assert Source.objects.get(pk=source.pk).state == PUBLISHED
