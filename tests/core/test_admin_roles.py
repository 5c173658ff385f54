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
