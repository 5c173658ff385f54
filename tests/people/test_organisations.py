"""Organisations: names in any spelling, parents, the workflow, the editors' view of Persian texts, and the migration."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState
from casefile.people.models import Organisation, Person
from tests.factories import CaseFactory, OrganisationFactory, PersonFactory, PositionFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["PMOI", "mek", "Mojahedin", "مجاهدين خلق", "مجاهدین"])
def test_an_organisation_is_found_by_every_name_and_script(query):
    pmoi = OrganisationFactory(
        name="People's Mojahedin Organization of Iran", name_fa="سازمان مجاهدین خلق ایران", other_names="PMOI\nMEK"
    )
    OrganisationFactory(name="Amnesty International")
    assert list(Organisation.objects.search(query)) == [pmoi]


def test_an_organisation_cannot_be_part_of_itself_through_its_parts():
    top = OrganisationFactory(name="Government")
    middle = OrganisationFactory(name="Ministry", parent=top)
    top.parent = middle
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict


def test_a_membership_or_an_international_post_does_not_make_an_official():
    rapporteur = PersonFactory(name="A UN Rapporteur")
    PositionFactory(person=rapporteur, kind="international", title="Special Rapporteur")
    minister = PersonFactory(name="A Minister")
    PositionFactory(person=minister, kind="minister", title="Minister of Justice")
    PositionFactory(person=minister, kind="member", title="Member")
    assert list(selectors.officials()) == [minister]
    assert set(Person.objects.officials()) == {minister}


def test_an_organisation_goes_through_the_workflow_like_every_record(editor_user, reviewer):
    organisation = OrganisationFactory(state=PublicationState.DRAFT)
    workflow.submit_for_review(record=organisation, user=editor_user)
    assert organisation not in selectors.organisations()
    workflow.publish(record=organisation, user=reviewer)
    assert organisation in selectors.organisations()
    assert organisation.history.first().history_user == reviewer


def test_editors_see_which_persian_texts_are_missing(client, editor_user):
    OrganisationFactory(name="Translated body", name_fa="نهاد", description="Done.", description_fa="انجام شد.")
    missing = OrganisationFactory(name="Untranslated body", description="Not yet in Persian.")
    client_for(client, editor_user)
    url = reverse("admin:people_organisation_changelist")
    listing = client.get(url, {"persian": "missing"}).content.decode()
    assert "Untranslated body" in listing and "Translated body" not in listing
    change = client.get(reverse("admin:people_organisation_change", args=[missing.pk]), follow=True)
    messages = [str(message) for message in change.context["messages"]]
    assert any("Not yet in Persian: description" in message for message in messages), messages


def test_an_editor_can_add_an_organisation_and_its_persian_texts(client, editor_user):
    case = CaseFactory()
    client_for(client, editor_user)
    response = client.post(
        reverse("admin:people_organisation_add"),
        {
            "name_en": "Iranian judiciary",
            "name_fa": "قوه قضاییه",
            "other_names": "Judiciary",
            "kind": "judiciary",
            "description_en": "The judiciary.",
            "description_fa": "قوه قضاییه.",
            "cases": [case.pk],
            "posts-TOTAL_FORMS": "0",
            "posts-INITIAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    organisation = Organisation.objects.get(name="Iranian judiciary")
    assert organisation.state == PublicationState.DRAFT
    assert organisation.description_fa == "قوه قضاییه."


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_schema_afterwards")
def test_the_migration_turns_position_texts_into_organisations_keeping_past_versions():
    executor = MigrationExecutor(connection)
    before = [("people", "0030_organisations")]
    after = [("people", "0032_position_organisation_record")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldPerson = old.get_model("people", "Person")
    OldPosition = old.get_model("people", "Position")
    OldHistoricalPosition = old.get_model("people", "HistoricalPosition")
    raisi = OldPerson.objects.create(name="Ebrahim Raisi", slug="ebrahim-raisi")
    head = OldPosition.objects.create(person=raisi, title="Head of the judiciary", organisation="Iranian judiciary")
    adviser = OldPosition.objects.create(person=raisi, title="Adviser", organisation="Iranian Judiciary")
    OldPosition.objects.create(person=raisi, title="President of Iran", organisation="")
    OldHistoricalPosition.objects.create(
        id=head.pk,
        person_id=raisi.pk,
        title="Head of the judiciary",
        organisation="Judiciary of Iran",
        created_at=head.created_at,
        updated_at=head.updated_at,
        history_date=head.created_at,
        history_type="~",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    Organisation_ = new.get_model("people", "Organisation")
    Position_ = new.get_model("people", "Position")
    HistoricalPosition_ = new.get_model("people", "HistoricalPosition")
    # "Iranian judiciary" and "Iranian Judiciary" are one organisation; the older text is kept as another.
    assert sorted(Organisation_.objects.values_list("name", flat=True)) == ["Iranian judiciary", "Judiciary of Iran"]
    judiciary = Organisation_.objects.get(name="Iranian judiciary")
    assert judiciary.state == PublicationState.DRAFT
    assert Position_.objects.get(pk=head.pk).organisation_id == judiciary.pk
    assert Position_.objects.get(pk=adviser.pk).organisation_id == judiciary.pk
    assert Position_.objects.get(title="President of Iran").organisation_id is None
    past = HistoricalPosition_.objects.get(history_type="~")
    assert Organisation_.objects.get(pk=past.organisation_id).name == "Judiciary of Iran"
    assert new.get_model("people", "HistoricalOrganisation").objects.filter(id=judiciary.pk).exists()
