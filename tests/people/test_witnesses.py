"""Witnesses who testified under a code or in confidence are never listed, and their contacts never shown."""

import pytest
from django.urls import reverse

from casefile import selectors
from casefile.core.models import PublicationState
from casefile.people.models import Contact, Person, Witness
from tests.factories import PersonFactory, TestimonyFactory
from tests.roles import client_for

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


def test_a_person_who_also_testified_under_a_code_stays_public_and_unlinked(client):
    person = PersonFactory(name="Public Person", state=PUBLISHED)
    witness = Witness.objects.create(name="Public Person", person=person)
    testimony = TestimonyFactory(witness=witness, confidentiality="pseudonymous", state=PUBLISHED)
    assert person in selectors.people()
    page = client.get(person.get_absolute_url()).text
    assert testimony.get_absolute_url() not in page and witness.code not in page
    assert "Public Person" not in client.get(testimony.get_absolute_url()).text


def test_the_admin_tells_editors_what_a_witness_record_keeps_private(client, reviewer):
    page = client_for(client, reviewer).get(reverse("admin:people_witness_add")).text
    assert "their public page never shows this testimony" in page


def test_contacts_are_seen_only_by_reviewers_and_administrators(client, editor_user, reviewer, administrator):
    person = PersonFactory()
    contact = Contact.objects.create(person=person, name="Sister of the witness", phone="+00 000")
    change = reverse("admin:people_person_change", args=[person.pk])
    contacts = reverse("admin:people_contact_changelist")

    editor = client_for(client, editor_user)
    assert "+00 000" not in editor.get(change).text
    assert editor.get(contacts).status_code == 403

    for user in (reviewer, administrator):
        staff = client_for(client, user)
        assert "+00 000" in staff.get(change).text
        assert "+00 000" in staff.get(contacts).text
        assert contact.name in staff.get(contacts).text


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
