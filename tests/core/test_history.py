"""History: every create, change and delete of every record and of its parts, with who and when."""

import pytest
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from casefile.core.history import review_summary
from casefile.core.models import PublicationState
from casefile.events.models import Event
from casefile.people.models import Person, PersonCitation, PersonName, Position
from casefile.places.models import SiteObservation
from casefile.sources.models import Source
from tests.factories import (
    CaseFactory,
    EventFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    cite,
)
from tests.roles import client_for
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db


def test_admin_create_change_and_delete_are_recorded_with_the_user(client, administrator):
    client = client_for(client, administrator)
    add = reverse("admin:people_person_add")
    data = form_data(client.get(add)) | {"name_en": "Hossein-Ali Nayyeri", "cases": [str(CaseFactory().pk)]}
    assert client.post(add, data).status_code == 302
    person = Person.objects.get(name="Hossein-Ali Nayyeri")
    change = reverse("admin:people_person_change", args=[person.pk])
    data = form_data(client.get(change)) | {"name_fa": "حسینعلی نیری"}
    assert client.post(change, data).status_code == 302
    delete = reverse("admin:people_person_delete", args=[person.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()

    rows = list(Person.history.filter(id=person.pk).order_by("history_date", "history_id"))
    assert (rows[0].history_type, rows[-1].history_type) == ("+", "-")  # created first, deleted last
    assert any(row.history_type == "~" and row.name_fa == "حسینعلی نیری" for row in rows)  # the change
    assert {row.history_user for row in rows} == {administrator}
    assert rows[-1].name_fa == "حسینعلی نیری"


def test_child_rows_keep_their_history():
    person = PersonFactory()
    alias = PersonName.objects.create(person=person, name="Pour-Mohammadi")
    position = PositionFactory(person=person)
    observation = SiteObservationFactory()
    source = SourceFactory(snapshot="He sat on the commission.")
    citation = cite(PersonCitation, person, source, "sat on the commission")
    alias_pk, citation_pk = alias.pk, citation.pk
    alias.delete()
    position.title = "Deputy"
    position.save()
    citation.delete()
    assert [r.history_type for r in PersonName.history.filter(id=alias_pk).order_by("history_date")] == ["+", "-"]
    assert Position.history.filter(id=position.pk).count() == 2
    assert SiteObservation.history.filter(id=observation.pk).count() == 1
    assert PersonCitation.history.filter(id=citation_pk, history_type="-").exists()


def test_many_to_many_changes_are_in_the_history_and_in_the_diff():
    event = EventFactory()
    first = event.history.first()
    person, site = PersonFactory(name="Ebrahim Raisi"), SiteFactory(name="Evin Prison")
    event.people.add(person)
    position = PositionFactory()
    position.sites.add(site)
    latest = Event.objects.get(pk=event.pk).history.first()
    delta = latest.diff_against(first)
    assert "people" in delta.changed_fields
    assert [row.site_id for row in position.history.first().sites.all()] == [site.pk]


def test_review_summary_reads_as_a_diff():
    person = PersonFactory(name="Ali Razini", state=PublicationState.PUBLISHED)
    person.name = "Ali Razini (Razeeni)"
    person.state = PublicationState.IN_REVIEW
    person.save()
    person.cases.add(CaseFactory(title="Camp Ashraf"))
    summary = review_summary(person)
    changes = {c.label: (c.old, c.new) for c in summary.changes}
    assert changes["name"] == ("Ali Razini", "Ali Razini (Razeeni)")
    assert "Camp Ashraf" in changes["cases"][1]
    assert "Camp Ashraf" not in changes["cases"][0]


def test_bulk_submission_records_a_history_row_per_record(client, editor_user):
    people = [PersonFactory(state=PublicationState.DRAFT) for _ in range(3)]
    client = client_for(client, editor_user)
    client.post(
        reverse("admin:people_person_changelist"),
        {"action": "submit_for_review", "_selected_action": [p.pk for p in people]},
    )
    for person in people:
        latest = Person.objects.get(pk=person.pk).history.first()
        assert (latest.state, latest.history_user) == (PublicationState.IN_REVIEW, editor_user)


def test_administrator_sees_a_history_and_restores_an_earlier_version(client, administrator):
    source = SourceFactory(title="Amnesty report", state=PublicationState.DRAFT)
    first = source.history.first()
    source.title = "A wrong title"
    source.save()
    client = client_for(client, administrator)
    history = client.get(reverse("admin:sources_source_history", args=[source.pk]))
    assert "A wrong title" in history.text and "Amnesty report" in history.text
    url = reverse("admin:sources_source_simple_history", args=[source.pk, first.history_id])
    form = client.get(url).context["adminform"].form
    values = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in values.items() if value is not None and not isinstance(value, FieldFile)}
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.title == "Amnesty report"
    assert source.history.first().history_user == administrator


def test_a_record_with_citations_cannot_be_deleted_and_the_admin_says_so(client, administrator, source):
    person = PersonFactory()
    cite(PersonCitation, person, source, "mass graves")
    client = client_for(client, administrator)
    change = reverse("admin:people_person_change", args=[person.pk])
    assert 'class="deletelink"' not in client.get(change).text
    response = client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "cannot be deleted" in response.text and "Withdraw it instead" in response.text
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_cited_source_cannot_be_deleted(client, administrator, source):
    cite(PersonCitation, PersonFactory(), source, "mass graves")
    client = client_for(client, administrator)
    response = client.post(reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}, follow=True)
    assert "cannot be deleted" in response.text
    assert Source.objects.filter(pk=source.pk).exists()


def test_an_uncited_draft_can_be_deleted_by_an_administrator_but_not_by_an_editor(client, administrator, editor_user):
    person = PersonFactory(state=PublicationState.DRAFT)
    delete = reverse("admin:people_person_delete", args=[person.pk])
    assert client_for(client, editor_user).post(delete, {"post": "yes"}).status_code == 403
    change = client_for(client, administrator).get(reverse("admin:people_person_change", args=[person.pk]))
    assert 'class="deletelink"' in change.text
    assert client_for(client, administrator).post(delete, {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Person.history.filter(id=person.pk, history_type="-").exists()


def test_citations_checked_again_when_a_text_arrives_keep_a_history_row():
    source = SourceFactory(snapshot="")
    citation = cite(PersonCitation, PersonFactory(), source, "buried in secret mass graves")
    assert not citation.verified
    source.snapshot = "The victims were buried in secret mass graves."
    source.save()
    rows = PersonCitation.history.filter(id=citation.pk).order_by("history_date")
    assert [row.verified for row in rows] == [False, True]
    assert rows.last().history_change_reason == "Checked again against the archived text"


def test_a_new_record_in_review_shows_everything_it_says_but_not_its_database_id():
    person = PersonFactory(name="Ali Razini", description="Judge.", state=PublicationState.IN_REVIEW)
    summary = review_summary(person)
    assert summary.baseline is None
    labels = {c.label: c.new for c in summary.changes}
    assert labels["name"] == "Ali Razini" and labels["description"] == "Judge."
    assert "ID" not in labels and "id" not in labels


def test_review_summary_names_related_records():
    from casefile.events.models import Testimony
    from tests.factories import TestimonyFactory

    testimony = TestimonyFactory(speaker=PersonFactory(name="First speaker"), state=PublicationState.PUBLISHED)
    testimony = Testimony.objects.get(pk=testimony.pk)
    testimony.speaker = PersonFactory(name="Second speaker")
    testimony.state = PublicationState.IN_REVIEW
    testimony.save()
    changes = {c.label: (c.old, c.new) for c in review_summary(testimony).changes}
    assert changes["speaker (named)"] == ("First speaker", "Second speaker")
