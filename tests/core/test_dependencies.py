"""A record that cites an unpublished source, or links to an unpublished record, is never published
alone without the reviewer being told: the admin offers to submit or publish them together."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState, ReviewBatch
from casefile.people.models import PersonCitation, Victim
from casefile.places.models import SiteCitation
from casefile.sources.models import Source
from tests.core.test_admin_workflow import queue_post
from tests.factories import PersonFactory, SiteFactory, SourceFactory, VictimFactory, cite
from tests.roles import client_for
from tests.test_admin import form_data
from tests.test_security import inline_code

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED
TEXT = "The Death Commission met in Evin prison in the summer of 1988."


def edited(record, user):
    record._history_user = user
    record.save()
    return record


def person_citing_a_draft_source(editor):
    source = edited(SourceFactory(state=DRAFT, title="Amnesty report 2018", snapshot=TEXT), editor)
    person = edited(PersonFactory(state=DRAFT, name="Hossein-Ali Nayyeri"), editor)
    cite(PersonCitation, person, source, "The Death Commission met in Evin prison")
    return person, source


def test_the_editor_submitting_from_the_change_form_is_offered_the_cited_source_too(client, editor_user, reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    client = client_for(client, editor_user)
    url = reverse("admin:people_person_change", args=[person.pk])
    response = client.post(url, form_data(client.get(url)) | {"_submit_for_review": "1"}, follow=True)
    person.refresh_from_db()
    assert person.state == DRAFT  # nothing submitted before the editor chose
    page = response.text
    assert "Amnesty report 2018" in page[page.index('id="dependency-needed"') :]
    assert "Submit this and its 1 dependency as one batch" in page

    response = confirm(client, response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"])
    batch = ReviewBatch.objects.get()
    assert response.redirect_chain[-1][0] == batch.get_absolute_url()
    assert set(Source.objects.values_list("state", "batch")) == {(IN_REVIEW, batch.pk)}
    person.refresh_from_db()
    assert (person.state, person.batch) == (IN_REVIEW, batch)

    workflow.publish_batch(batch=batch, user=reviewer)
    assert selectors.people().filter(pk=person.pk).exists()
    assert selectors.sources().filter(pk=source.pk).exists()


def test_the_editor_may_submit_the_record_alone(client, editor_user):
    person, source = person_citing_a_draft_source(editor_user)
    client = client_for(client, editor_user)
    url = workflow_url("submit", person)
    confirm(client, url, submit_alone="1")
    person.refresh_from_db()
    source.refresh_from_db()
    assert (person.state, source.state, person.batch) == (IN_REVIEW, DRAFT, None)


def confirm(client, url, **extra):
    """Press the page's button: its form posts the action and the records of its address."""
    path, _sep, query = url.partition("?")
    data = QueryDict(query)
    return client.post(path, {**{key: data.getlist(key) for key in data}, **extra}, follow=True)


def workflow_url(action, *records):
    from casefile.core.views import dependencies_url

    return dependencies_url(action, records)


def test_publishing_from_the_queue_offers_to_publish_the_source_with_it(client, editor_user, reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    workflow.submit_for_review(record=source, user=editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    client = client_for(client, reviewer)
    response = queue_post(client, person, "publish")
    person.refresh_from_db()
    assert person.state == IN_REVIEW  # told, not published
    page = response.text
    assert "It cites or links to 1 record that is not public" in page
    assert "Publish this and its 1 dependency" in page
    assert inline_code(page) == []  # the site's Content-Security-Policy allows the page

    response = confirm(client, workflow_url("publish", person))
    assert "2 records are published together." in response.text
    public = client.get(selectors.people().get(pk=person.pk).get_absolute_url()).text
    assert "The Death Commission met in Evin prison" in public
    assert "No published passage supports this yet" not in public


def test_the_review_page_links_to_publishing_them_together(client, editor_user, reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    review = client_for(client, reviewer).get(_review_url(person))
    assert "Amnesty report 2018" in review.text and 'id="publish-together"' in review.text


def _review_url(record):
    from django.contrib.contenttypes.models import ContentType

    return reverse("admin:review_record", args=[ContentType.objects.get_for_model(record).pk, record.pk])


def test_a_draft_dependency_is_not_published_by_the_reviewer_and_nothing_is(client, editor_user, reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    client = client_for(client, reviewer)
    page = client.get(workflow_url("publish", person)).text
    assert "its editor must submit it first" in page and 'id="together"' not in page
    response = confirm(client, workflow_url("publish", person))
    assert "Amnesty report 2018" in response.text  # the refusal names it
    person.refresh_from_db()
    assert person.state == IN_REVIEW and not selectors.people().filter(pk=person.pk).exists()


def test_publishing_together_checks_the_permission_for_each_record(editor_user, reviewer, second_reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    source.title = "Amnesty report 2018 (corrected)"
    edited(source, reviewer)  # the reviewer changed the source: another reviewer must publish it
    workflow.submit_for_review(record=source, user=editor_user)
    workflow.submit_for_review(record=person, user=editor_user)
    with pytest.raises(PermissionDenied, match="Amnesty report 2018"):
        workflow.publish_with_dependencies(records=[person], user=reviewer)
    person.refresh_from_db()
    assert person.state == IN_REVIEW  # all or nothing
    with pytest.raises(PermissionDenied):
        workflow.publish_with_dependencies(records=[person], user=editor_user)
    workflow.publish_with_dependencies(records=[person], user=second_reviewer)
    assert selectors.people().filter(pk=person.pk).exists()


def test_dependencies_of_dependencies_come_along(editor_user, reviewer):
    """A victim's draft prison cites a draft source: submitting the victim takes both."""
    source = edited(SourceFactory(state=DRAFT, title="JVMI report", snapshot=TEXT), editor_user)
    prison = edited(SiteFactory(state=DRAFT, name="Gohardasht prison"), editor_user)
    cite(SiteCitation, prison, source, "Evin prison")
    victim = VictimFactory(state=DRAFT, person=PersonFactory(state=DRAFT, name="Victim A"), prison=prison)
    assert {str(row) for row in workflow.dependency_closure([victim])} == {"Gohardasht prison", str(source)}
    workflow.submit_for_review(record=victim, user=editor_user)
    with pytest.raises(ValidationError, match="Gohardasht prison"):
        workflow.publish(record=victim, user=reviewer)
    workflow.return_to_editor(record=victim, user=reviewer, comment="Submit the prison with it.")
    victim = Victim.objects.get(pk=victim.pk)
    batch = workflow.submit_with_dependencies(records=[victim], user=editor_user)
    workflow.publish_batch(batch=batch, user=reviewer)
    assert selectors.victims().filter(pk=victim.pk).exists()
    assert selectors.sources().filter(pk=source.pk).exists()


def test_the_bulk_actions_lead_to_the_same_page(client, editor_user, reviewer):
    person, source = person_citing_a_draft_source(editor_user)
    other = edited(PersonFactory(state=DRAFT, name="Other person"), editor_user)
    changelist = reverse("admin:people_person_changelist")
    selected = {"_selected_action": [str(person.pk), str(other.pk)]}
    response = client_for(client, editor_user).post(changelist, {"action": "submit_for_review", **selected})
    assert response.status_code == 302 and reverse("admin:dependencies") in response["Location"]
    confirm(client, response["Location"])
    batch = ReviewBatch.objects.get()
    assert {person.pk, other.pk} <= set(
        selectors.people().model._base_manager.filter(batch=batch).values_list("pk", flat=True)
    )
    assert Source.objects.get(pk=source.pk).batch == batch
    Source.objects.filter(pk=source.pk).update(batch=None)  # the source reviewed on its own, still in review
    response = client_for(client, reviewer).post(changelist, {"action": "publish", **selected})
    assert response.status_code == 302 and "action=publish" in response["Location"]
    confirm(client, response["Location"])
    assert selectors.people().filter(pk__in=[person.pk, other.pk]).count() == 2


def test_the_dependencies_page_refuses_nonsense(client, reviewer):
    client = client_for(client, reviewer)
    url = reverse("admin:dependencies")
    assert client.get(url + "?action=publish").status_code == 404
    assert client.get(url + "?action=delete&record=1-1").status_code == 404
    assert client.get(url + "?action=publish&record=x-1").status_code == 404
    assert client.get(url + "?action=publish&record=999-1").status_code == 404


def test_withdrawing_a_cited_source_tells_the_reviewer_which_published_facts_lose_it(client, reviewer):
    source = SourceFactory(title="Amnesty report 2018", snapshot=TEXT)
    person = PersonFactory(state=PUBLISHED, name="Hossein-Ali Nayyeri")
    cite(PersonCitation, person, source, "The Death Commission met in Evin prison")
    response = client_for(client, reviewer).post(
        reverse("admin:sources_source_changelist"),
        {"action": "withdraw", "_selected_action": [str(source.pk)]},
        follow=True,
    )
    assert "1 record withdrawn." in response.text
    assert "is cited by published records" in response.text and "Hossein-Ali Nayyeri" in response.text
