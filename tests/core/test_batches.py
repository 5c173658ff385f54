"""Imports and bulk actions are reviewed as batches; the queue's cost does not grow with what waits."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState, ReviewBatch
from casefile.people.models import Person, Victim
from tests.factories import PersonFactory, SiteFactory
from tests.roles import client_for
from tests.test_security import inline_code

pytestmark = pytest.mark.django_db

DRAFT, IN_REVIEW, PUBLISHED = PublicationState.DRAFT, PublicationState.IN_REVIEW, PublicationState.PUBLISHED
QUEUE = reverse("admin:review_queue")


def draft_victims(count, start=0, prison=None):
    """``count`` draft victims made in bulk, as an import makes them."""
    people = Person.objects.bulk_create(
        Person(name=f"Victim {n:05d}", slug=f"victim-{n:05d}", search_text=f"victim {n:05d}", state=DRAFT)
        for n in range(start, start + count)
    )
    return Victim.objects.bulk_create(Victim(person=person, state=DRAFT, prison=prison) for person in people)


def queries(function):
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def test_a_batch_is_submitted_published_and_recorded_in_bulk(editor_user, reviewer):
    victims = draft_victims(30)
    batch = workflow.submit_batch(victims, user=editor_user, reason="Import of registry.csv")
    assert Victim.objects.filter(batch=batch, state=IN_REVIEW).count() == 30
    assert Person.objects.filter(batch=batch, state=IN_REVIEW).count() == 30  # each victim's person with it
    assert not selectors.victims().exists()

    workflow.publish_batch(batch=batch, user=reviewer)
    batch.refresh_from_db()
    assert (batch.state, batch.decided_by) == (ReviewBatch.State.DECIDED, reviewer)
    assert selectors.victims().count() == 30
    latest = victims[0].history.first()
    assert (latest.history_user, latest.history_change_reason, latest.state) == (reviewer, "Published", PUBLISHED)


def test_publishing_a_batch_runs_a_bounded_number_of_queries(editor_user, reviewer):
    """5,000 victims cost no more queries than the history rows' insert chunks: never a query per record."""
    small = workflow.submit_batch(draft_victims(50), user=editor_user, reason="Small import")
    small_queries = queries(lambda: workflow.publish_batch(batch=small, user=reviewer))
    large = workflow.submit_batch(draft_victims(5000, start=100), user=editor_user, reason="Large import")
    large_queries = queries(lambda: workflow.publish_batch(batch=large, user=reviewer))
    assert selectors.victims().count() == 5050
    # SQLite takes at most 999 values per statement, so the history rows go in chunks of ~30 rows.
    per_chunk = 2 * 5000 // (999 // 40) if connection.vendor == "sqlite" else 0
    assert small_queries <= 80
    assert large_queries <= small_queries + per_chunk + 20, (small_queries, large_queries)


def test_a_returned_batch_goes_back_to_its_editor_whole(editor_user, reviewer):
    victims = draft_victims(5)
    batch = workflow.submit_batch(victims, user=editor_user, reason="Import")
    with pytest.raises(ValidationError):
        workflow.return_batch(batch=batch, user=reviewer, comment=" ")
    workflow.return_batch(batch=batch, user=reviewer, comment="Dates of death are missing.")
    assert set(Victim.objects.values_list("state", "review_comment")) == {(DRAFT, "Dates of death are missing.")}
    assert set(Person.objects.values_list("state", flat=True)) == {DRAFT}


def test_a_batch_is_not_published_by_its_submitter_nor_with_an_unpublished_prison(
    editor_user, reviewer, second_reviewer
):
    batch = workflow.submit_batch(draft_victims(3), user=reviewer, reason="Reviewer's own import")
    with pytest.raises(PermissionDenied):
        workflow.publish_batch(batch=batch, user=reviewer)
    prison = SiteFactory(state=DRAFT, name="Gohardasht prison")
    batch = workflow.submit_batch(draft_victims(3, start=10, prison=prison), user=editor_user, reason="Import")
    with pytest.raises(ValidationError, match="Gohardasht prison"):
        workflow.publish_batch(batch=batch, user=second_reviewer)
    assert not selectors.victims().exists()


def test_an_editor_cannot_publish_a_batch(editor_user, second_reviewer):
    batch = workflow.submit_batch(draft_victims(2), user=second_reviewer, reason="Import")
    with pytest.raises(PermissionDenied):
        workflow.publish_batch(batch=batch, user=editor_user)


def test_the_reviewer_sees_the_batch_summary_and_publishes_it_in_one_decision(client, editor_user, reviewer):
    PersonFactory(state=PUBLISHED, name="Victim 00001", slug="already-recorded")
    batch = workflow.submit_batch(draft_victims(12), user=editor_user, reason="Import of registry.csv")
    client = client_for(client, reviewer)
    queue = client.get(QUEUE)
    assert "Import of registry.csv" in queue.text
    page = client.get(batch.get_absolute_url())
    assert page.status_code == 200
    assert "Import of registry.csv" in page.text
    summary = page.text[page.text.index('id="batch-summary"') :]
    assert "Victims" in summary and "<td>12</td>" in summary
    duplicates = page.text[page.text.index('id="batch-duplicates"') :]
    assert "Victim 00001" in duplicates
    assert inline_code(page.text) == []
    response = client.post(batch.get_absolute_url(), {"action": "publish"}, follow=True)
    assert "is published" in response.text
    assert selectors.victims().count() == 12


def test_a_bulk_action_submits_the_selected_records_as_one_batch(client, editor_user):
    people = [PersonFactory(state=DRAFT) for _ in range(3)]
    client = client_for(client, editor_user)
    response = client.post(
        reverse("admin:people_person_changelist"),
        {"action": "submit_for_review", "_selected_action": [str(person.pk) for person in people]},
        follow=True,
    )
    assert response.status_code == 200
    batch = ReviewBatch.objects.get()
    assert "Bulk submission of 3 people" in batch.reason
    assert Person.objects.filter(batch=batch, state=IN_REVIEW).count() == 3


def in_review(count, editor):
    people = Person.objects.bulk_create(
        Person(name=f"Waiting {n}", slug=f"waiting-{n}", state=DRAFT) for n in range(count)
    )
    for person in people:
        workflow.submit_for_review(record=person, user=editor)
    return people


def test_the_queue_costs_the_same_queries_for_1_and_200_records(client, editor_user, reviewer):
    client = client_for(client, reviewer)
    in_review(1, editor_user)
    client.get(QUEUE)  # warm the session and content types
    one = queries(lambda: client.get(QUEUE))
    in_review_more = Person.objects.bulk_create(
        Person(name=f"More {n}", slug=f"more-{n}", state=IN_REVIEW, submitted_by=editor_user) for n in range(199)
    )
    assert len(in_review_more) == 199
    with CaptureQueriesContext(connection) as captured:
        page = client.get(QUEUE)
    assert len(captured) == one, [query["sql"] for query in captured]
    assert "200 records await review" in page.text
    assert "Page 1 of 4" in page.text
    assert client.get(QUEUE + "?page=4").text.count('class="review-entry"') == 50
    assert inline_code(page.text) == []


def test_the_queue_filters_by_kind_editor_and_batch(client, editor_user, second_reviewer, reviewer):
    in_review(2, editor_user)
    batch = workflow.submit_batch(draft_victims(3), user=second_reviewer, reason="Import")
    client = client_for(client, reviewer)
    everything = client.get(QUEUE).text
    assert everything.count('class="review-entry"') == 2  # the batch's records are under the batch
    by_batch = client.get(QUEUE + f"?batch={batch.pk}").text
    assert by_batch.count('class="review-entry"') == 6  # three victims and their people
    assert client.get(QUEUE + f"?batch={batch.pk}&kind=people.victim").text.count('class="review-entry"') == 3
    assert client.get(QUEUE + f"?editor={second_reviewer.pk}").text.count('class="review-entry"') == 0
    assert client.get(QUEUE + "?kind=nonsense&editor=x&page=zz").status_code == 200


def test_the_admin_home_and_header_count_what_awaits_review(client, editor_user):
    in_review(3, editor_user)
    page = client_for(client, editor_user).get(reverse("admin:index"))
    assert "3 records await review" in page.text
    assert 'id="review-waiting"' in page.text and '<span class="review-count">3</span>' in page.text


def test_review_pages_refuse_nonsense(client, reviewer):
    client = client_for(client, reviewer)
    assert client.get(reverse("admin:review_batch", args=[999])).status_code == 404
    assert client.get(reverse("admin:review_record", args=[999, 1])).status_code == 404
    person_type = ContentType.objects.get_for_model(Person).pk
    assert client.get(reverse("admin:preview", args=[person_type, 999])).status_code == 404
    batch = ReviewBatch.objects.create(reason="Empty")
    assert client.post(batch.get_absolute_url(), {"action": "delete"}).status_code == 404
    response = client.post(batch.get_absolute_url(), {"action": "publish"}, follow=True)
    assert "Nothing in this batch awaits review." in response.text


def test_possible_duplicates_are_found_under_any_spelling(client, editor_user, reviewer):
    """The search's folding and the sounds of a full name: the spellings the seeds give one person."""
    PersonFactory(state=PUBLISHED, name="Mostafa Pour-Mohammadi")
    PersonFactory(state=PUBLISHED, name="Hossein Ali Nayyeri")
    PersonFactory(state=PUBLISHED, name="Ebrahim Raisi")
    batch = workflow.submit_batch(
        [
            PersonFactory(state=DRAFT, name="Mostafa Pourmohammadi"),  # folding: no hyphen
            PersonFactory(state=DRAFT, name="Hosein Ali Nayeri"),  # sounds: doubled letters
            PersonFactory(state=DRAFT, name="Someone Else Entirely"),
        ],
        user=editor_user,
        reason="Import of officials.csv",
    )
    page = client_for(client, reviewer).get(batch.get_absolute_url()).text
    duplicates = page[page.index('id="batch-duplicates"') : page.index("</table>", page.index('id="batch-duplicates"'))]
    assert "Mostafa Pourmohammadi" in duplicates and "Mostafa Pour-Mohammadi" in duplicates
    assert "Hosein Ali Nayeri" in duplicates and "Hossein Ali Nayyeri" in duplicates
    assert "Someone Else Entirely" not in duplicates and "Raisi" not in duplicates


def test_the_batch_warns_of_records_without_a_citation(client, editor_user, reviewer):
    from casefile.people.models import PersonCitation
    from tests.factories import SourceFactory, cite

    people = [PersonFactory(state=DRAFT, name=f"Cited {n}") for n in range(3)]
    cite(PersonCitation, people[0], SourceFactory(snapshot="Cited 0 was named."), "Cited 0 was named")
    batch = workflow.submit_batch(people, user=editor_user, reason="Import")
    page = client_for(client, reviewer).get(batch.get_absolute_url()).text
    summary = page[page.index('id="batch-summary"') :]
    assert "Warnings: without any citation" in summary
    assert "<td>3</td><td>3</td><td>0</td><td>3</td><td>2</td>" in summary


def test_a_batch_is_decided_record_by_record_too(client, editor_user, reviewer):
    from tests.core.test_admin_workflow import queue_post

    people = [PersonFactory(state=DRAFT, name=f"One by one {n}") for n in range(2)]
    batch = workflow.submit_batch(people, user=editor_user, reason="Import")
    client = client_for(client, reviewer)
    listed = client.get(QUEUE + f"?batch={batch.pk}").text
    assert listed.count('class="review-entry"') == 2
    queue_post(client, Person.objects.get(pk=people[0].pk), "publish")
    queue_post(client, Person.objects.get(pk=people[1].pk), "return", comment="Name unclear.")
    assert selectors.people().filter(pk=people[0].pk).exists()
    assert Person.objects.get(pk=people[1].pk).state == DRAFT
    response = client.post(batch.get_absolute_url(), {"action": "publish"}, follow=True)
    assert "Nothing in this batch awaits review." in response.text
