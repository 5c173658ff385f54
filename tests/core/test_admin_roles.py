"""The admin fits each role: editors see their work first and no technical models."""

import pytest
from django.urls import reverse

from casefile.core import workflow
from casefile.people.models import Person
from tests.factories import CaseFactory, PersonFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db


def test_an_editors_home_starts_with_sources_and_people_and_hides_technical_models(client, editor_user):
    page = client_for(client, editor_user).get(reverse("admin:index")).text
    assert page.index('id="review-queue-link"') < page.index("Sources") < page.index("People") < page.index("Events")
    assert "Groups" not in page and "Access attempts" not in page and "TOTP devices" not in page


def test_an_administrator_still_sees_users_and_groups(client, administrator):
    page = client_for(client, administrator).get(reverse("admin:index")).text
    assert "Users" in page and "Groups" in page


def test_with_one_case_a_new_record_belongs_to_it_without_a_choice(client, editor_user):
    case = CaseFactory()
    form = client_for(client, editor_user).get(reverse("admin:people_person_add")).context["adminform"].form
    assert list(form.initial["cases"]) == [case.pk]
    CaseFactory()
    form = client_for(client, editor_user).get(reverse("admin:people_person_add")).context["adminform"].form
    assert "cases" not in form.initial


def test_a_revision_never_appears_twice_in_the_editors_lists(client, editor_user):
    person = PersonFactory(state="published", name="Mostafa Pourmohammadi")
    workflow.start_revision(record=person, user=editor_user)
    assert Person.objects.filter(name="Mostafa Pourmohammadi").count() == 2
    page = client_for(client, editor_user).get(reverse("admin:people_person_changelist"))
    assert page.context["cl"].result_count == 1


def test_history_shows_readable_values(client, editor_user):
    person = PersonFactory(state="draft")
    workflow.submit_for_review(record=person, user=editor_user)
    page = client_for(client, editor_user).get(reverse("admin:people_person_history", args=[person.pk])).text
    assert "in review" in page and "in_review" not in page
    assert "Submitted for review" in page
    assert "None" not in page


def test_history_shows_related_records_by_name_and_dates_with_their_precision(client, editor_user):
    import datetime

    from tests.factories import SiteFactory, VictimFactory

    victim = VictimFactory(state="draft", person=PersonFactory(state="draft", name="Victim A"))
    victim.prison = SiteFactory(name="Gohardasht prison")
    victim.death_date = datetime.date(1988, 8, 1)
    victim.death_date_precision = "month"
    victim._history_user = editor_user
    victim.save()
    page = client_for(client, editor_user).get(reverse("admin:people_victim_history", args=[victim.pk])).text
    assert "Gohardasht prison" in page
    assert "August 1988" in page and "1988-08-01" not in page and "Aug. 1, 1988" not in page


def test_the_editors_home_lists_their_drafts_and_returned_records(client, editor_user, reviewer):
    mine = PersonFactory(state="draft", name="Draft of mine")
    mine._history_user = editor_user
    mine.save()
    PersonFactory(state="draft", name="Someone else's draft")
    returned = PersonFactory(state="draft", name="Sent back to me")
    returned._history_user = editor_user
    returned.save()
    workflow.submit_for_review(record=returned, user=editor_user)
    workflow.return_to_editor(record=returned, user=reviewer, comment="Add the Persian spelling.")
    page = client_for(client, editor_user).get(reverse("admin:index")).text
    own = page[page.index('id="own-work"') : page.index("</table>", page.index('id="own-work"'))]
    assert "1 record returned to you by a reviewer" in own and "Add the Persian spelling." in own
    assert "1 draft of yours" in own and "Draft of mine" in own
    assert "Someone else" not in own
    assert page.index('id="own-work"') < page.index("Sources")
