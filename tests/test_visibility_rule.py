"""One rule for what the public sees, one path for every change of state (issue 8).

The three wrong behaviours the issue names, each as a reader or an editor would meet it:
- a withheld testimony, in any state, changes nothing on the public pages of its witness;
- an imported victim, once reviewed, is in the registry, in search and in the counts;
- no route publishes without a reviewer.
"""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from casefile import selectors
from casefile.core import workflow
from casefile.core.models import PublicationState
from casefile.events.models import Testimony
from casefile.people.models import Person, Victim, Witness
from tests.factories import CaseFactory, EventFactory, PersonFactory, PositionFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


def speaker_urls(person, event):
    """Every public URL that shows the person: their page, the lists and searches that name them."""
    return [
        person.get_absolute_url(),
        reverse("public:person_list"),
        reverse("public:official_list"),
        f"{reverse('public:search')}?q=Lajevardi",
        f"{reverse('public:official_list')}?q=Lajevardi",
        event.get_absolute_url(),
        reverse("public:home"),
        reverse("public:testimony_list"),
    ]


def pages(client, urls):
    return {url: (client.get(url).status_code, client.get(url).content) for url in urls}


@pytest.mark.parametrize(
    ("confidentiality", "state"),
    [
        ("pseudonymous", PublicationState.DRAFT),
        ("pseudonymous", PublicationState.IN_REVIEW),
        ("pseudonymous", PUBLISHED),
        ("confidential", PublicationState.DRAFT),
        ("confidential", PublicationState.IN_REVIEW),
    ],
)
def test_a_withheld_testimony_leaves_every_public_page_of_its_witness_unchanged(client, confidentiality, state):
    case = CaseFactory(slug="the-1988-massacre")
    person = PersonFactory(name="Asadollah Lajevardi", cases=[case])
    PositionFactory(person=person, title="Prosecutor of Tehran")
    event = EventFactory(title="A conference", cases=[case])
    event.people.add(person)
    TestimonyFactory(speaker=person, text="A named statement.", event=event, state=PUBLISHED, cases=[case])
    urls = speaker_urls(person, event)
    before = pages(client, urls)
    assert before[person.get_absolute_url()][0] == 200

    witness = Witness.objects.create(name="Asadollah Lajevardi", person=person)
    withheld = Testimony(
        witness=witness,
        confidentiality=confidentiality,
        text="What the witness said.",
        speaker_description="A former prisoner",
        state=state,
    )
    withheld.full_clean(exclude=["cases"])
    withheld.save()
    if state == PUBLISHED:
        # The testimony itself is public, under its code; nothing else changes.
        withheld_urls = {withheld.get_absolute_url(), reverse("public:testimony_list"), reverse("public:home")}
        urls = [url for url in urls if url not in withheld_urls]
        page = client.get(withheld.get_absolute_url()).text
        assert witness.code in page
        assert "Lajevardi" not in page
        assert person.get_absolute_url() not in page
    assert pages(client, urls) == {url: before[url] for url in urls}


def test_a_withheld_testimony_names_no_public_speaker():
    witness = Witness.objects.create(name="Somebody")
    testimony = TestimonyFactory(speaker=None, witness=witness, confidentiality="pseudonymous")
    assert testimony.public_speaker_name == witness.code
    assert testimony.speaker is None


def test_a_withheld_testimony_must_not_name_its_speaker_and_a_named_one_must():
    from django.core.exceptions import ValidationError

    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        Testimony(speaker=person, confidentiality="pseudonymous", text="x").full_clean(exclude=["cases"])
    assert "witness" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        Testimony(confidentiality="public", text="x").full_clean(exclude=["cases"])
    assert "speaker" in error.value.message_dict


def unmarked(html):
    """A results page's text without the marks around the words that matched."""
    return re.sub(r"</?mark>", "", html)


VICTIMS = "name,fate,death_date\nHamid Example,executed,1988-08\n"


def import_victims(text, *, case, user):
    """The victims import, as the admin and the command line run it: one batch in review."""
    import tablib

    from casefile.curation.resources import VictimResource

    resource = VictimResource(case=case, user=user)
    resource.import_data(tablib.Dataset().load(text, format="csv"), file_name="victims.csv")
    return resource.batch


def test_an_imported_victim_once_reviewed_is_in_the_registry_search_and_counts(client, editor_user, reviewer):
    case = CaseFactory(slug="the-1988-massacre")
    batch = import_victims(VICTIMS, case=case, user=editor_user)
    victim = Victim.objects.get()
    registry = reverse("public:victim_list")
    assert "Hamid Example" not in client.get(registry).text
    assert client.get(victim.get_absolute_url()).status_code == 404

    workflow.publish_batch(batch=batch, user=reviewer)

    victim.refresh_from_db()
    assert victim.state == PUBLISHED and victim.person.state == PUBLISHED
    assert "Hamid Example" in client.get(registry).text
    # The words that matched are marked (<mark>) in the results.
    assert "Hamid Example" in unmarked(client.get(f"{registry}?q=hamid").text)
    assert "Hamid Example" in unmarked(client.get(f"{reverse('public:search')}?q=Hamid").text)
    assert client.get(victim.get_absolute_url()).status_code == 200
    assert client.get(victim.person.get_absolute_url()).status_code == 200
    assert list(selectors.victims()) == [victim]
    # A victim is listed in the registry, not among the other people.
    assert "Hamid Example" not in client.get(reverse("public:person_list")).text


def test_a_victim_has_one_state_its_person_follows_it(editor_user, reviewer):
    case = CaseFactory()
    import_victims(VICTIMS, case=case, user=editor_user)
    victim = Victim.objects.get()
    assert victim.person.state == PublicationState.IN_REVIEW
    workflow.publish(record=victim, user=reviewer)
    workflow.withdraw(record=victim, user=reviewer)
    victim.refresh_from_db()
    assert victim.person.state == PublicationState.WITHDRAWN
    assert not selectors.people().filter(pk=victim.person.pk).exists()
    # The person of a victim is reviewed with the victim, not on their own.
    with pytest.raises(Exception, match="victim"):
        workflow.submit_for_review(record=victim.person, user=editor_user)


def test_the_victim_record_decides_whether_its_person_is_public(client):
    person = PersonFactory(name="Parvaneh Example")
    victim = Victim.objects.create(person=person, state=PublicationState.DRAFT)
    assert not selectors.people().filter(pk=person.pk).exists()
    assert client.get(person.get_absolute_url()).status_code == 404
    Victim.objects.filter(pk=victim.pk).update(state=PUBLISHED)
    assert selectors.people().filter(pk=person.pk).exists()
    assert "Parvaneh Example" in unmarked(client.get(f"{reverse('public:search')}?q=Parvaneh").text)


def test_the_victims_import_has_no_way_to_publish(tmp_path, editor_user):
    CaseFactory(slug="iran-1988")
    path = tmp_path / "victims.csv"
    path.write_text(VICTIMS, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command(
            "import_victims", str(path), "--case", "iran-1988", "--user", "edna-editor", "--state", "published"
        )
    call_command("import_victims", str(path), "--case", "iran-1988", "--user", "edna-editor", "--no-progress")
    assert not selectors.victims().exists()
    assert Victim.objects.get().state == PublicationState.IN_REVIEW


def test_load_case_publishes_only_as_a_named_reviewer_and_records_who(tmp_path, editor_user, administrator):
    from tests.curation.test_loader import write_case

    path = write_case(tmp_path)
    with pytest.raises(CommandError, match="publish"):
        call_command("load_case", str(path), "--publish-as", editor_user.username)
    assert not Person.objects.exists()

    call_command("load_case", str(path), "--publish-as", administrator.username)
    person = Person.objects.get(name="Ebrahim Raisi")
    assert person.state == PUBLISHED
    assert person.reviewed_by == administrator
    published = person.history.filter(state=PUBLISHED).get()
    assert published.history_user == administrator


def test_load_case_without_a_reviewer_loads_drafts(tmp_path):
    from tests.curation.test_loader import write_case

    call_command("load_case", str(write_case(tmp_path)))
    assert Person.objects.get(name="Ebrahim Raisi").state == PublicationState.DRAFT
    assert not selectors.people().exists()
