"""Witnesses who testified under a code or in confidence are never listed, and their contacts never shown."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from casefile.core.models import PublicationState
from casefile.people.models import Contact, Person
from tests.factories import PersonFactory, TestimonyFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


@pytest.mark.parametrize("level", ["pseudonymous", "confidential"])
def test_a_person_whose_only_testimonies_withhold_their_identity_is_never_listed(client, level):
    state = PUBLISHED if level == "pseudonymous" else PublicationState.DRAFT
    testimony = TestimonyFactory(speaker__name="Hidden Witness", confidentiality=level, state=state)
    witness = testimony.speaker
    assert witness.state == PUBLISHED
    assert witness not in Person.objects.published()
    assert witness not in Person.objects.visible_to(AnonymousUser())
    assert client.get(witness.get_absolute_url()).status_code == 404


def test_a_witness_who_also_gave_a_published_named_testimony_is_listed():
    witness = PersonFactory(name="Named Survivor")
    TestimonyFactory(speaker=witness, confidentiality="pseudonymous")
    TestimonyFactory(speaker=witness, confidentiality="public", state=PUBLISHED)
    assert list(Person.objects.published()) == [witness]


def test_a_named_testimony_still_in_draft_does_not_unmask_the_witness():
    witness = PersonFactory(name="Survivor")
    TestimonyFactory(speaker=witness, confidentiality="pseudonymous")
    TestimonyFactory(speaker=witness, confidentiality="public", state=PublicationState.DRAFT)
    assert witness not in Person.objects.published()


def test_people_who_gave_no_testimony_are_listed_as_before():
    official = PersonFactory(name="Ebrahim Raisi")
    TestimonyFactory(speaker__name="Witness", confidentiality="confidential", state=PublicationState.DRAFT)
    assert list(Person.objects.published()) == [official]


def test_contacts_are_seen_only_by_reviewers_and_administrators(client, editor_user, reviewer, administrator):
    person = PersonFactory()
    contact = Contact.objects.create(person=person, name="Sister of the witness", phone="+00 000")
    change = reverse("admin:people_person_change", args=[person.pk])
    contacts = reverse("admin:people_contact_changelist")

    editor = client_for(client, editor_user)
    assert "+00 000" not in editor.get(change).text
    assert editor.get(contacts).status_code == 403
    assert not Contact.objects.visible_to(editor_user).exists()
    assert not Contact.objects.visible_to(AnonymousUser()).exists()

    for user in (reviewer, administrator):
        staff = client_for(client, user)
        assert "+00 000" in staff.get(change).text
        assert "+00 000" in staff.get(contacts).text
        assert list(Contact.objects.visible_to(user)) == [contact]


def test_changing_a_contact_does_not_send_a_published_person_back_to_review(client, reviewer):
    from tests.test_admin import form_data

    person = PersonFactory(state=PUBLISHED)
    change = reverse("admin:people_person_change", args=[person.pk])
    staff = client_for(client, reviewer)
    data = form_data(staff.get(change))
    data |= {"contacts-TOTAL_FORMS": "1", "contacts-0-name": "The witness", "contacts-0-email": "w@example.org"}
    assert staff.post(change, data).status_code == 302
    assert Contact.objects.filter(person=person).exists()
    assert Person.objects.get(pk=person.pk).state == PUBLISHED


def test_a_pseudonymous_witness_is_not_described_publicly():
    described = "Former prisoner of Gohardasht, brother of a victim"
    hidden = TestimonyFactory(confidentiality="pseudonymous", speaker_description=described)
    named = TestimonyFactory(confidentiality="public", speaker_description=described)
    assert hidden.public_speaker_description == ""
    assert named.public_speaker_description == described
