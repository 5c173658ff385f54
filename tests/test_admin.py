"""The editors' admin: every page renders and saves; citations are checked as an editor types them."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from casefile.core.models import PublicationState
from casefile.people.models import Person, Position, PositionCitation
from casefile.sources.models import Source
from tests.conftest import SNAPSHOT
from tests.factories import (
    CaseFactory,
    EventFactory,
    FigureFactory,
    PersonFactory,
    PersonNameFactory,
    PositionFactory,
    QuestionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

RECORDS = {
    "cases.case": CaseFactory,
    "sources.source": SourceFactory,
    "people.person": PersonFactory,
    # A part of a published record is changed through the record's revision: these belong to drafts.
    "people.position": lambda: PositionFactory(person=PersonFactory(state=PublicationState.DRAFT)),
    "people.victim": VictimFactory,
    "places.site": SiteFactory,
    "places.siteobservation": lambda: SiteObservationFactory(site=SiteFactory(state=PublicationState.DRAFT)),
    "events.event": EventFactory,
    "events.testimony": TestimonyFactory,
    "figures.question": QuestionFactory,
    "figures.figure": FigureFactory,
}


def admin_url(label, view, *args):
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def form_data(response):
    """What the browser would send back for the form on ``response``, as rendered."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = str(value)
    return data


def test_every_model_with_records_is_registered():
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert set(RECORDS) <= registered


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_changelist_and_add_pages_render(editor_client, label):
    RECORDS[label]()
    assert editor_client.get(admin_url(label, "changelist")).status_code == 200
    assert editor_client.get(admin_url(label, "changelist"), {"q": "any"}).status_code == 200
    assert editor_client.get(admin_url(label, "add")).status_code == 200


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_change_page_renders_and_saves_unchanged(editor_client, label):
    record = RECORDS[label]()
    url = admin_url(label, "change", record.pk)
    response = editor_client.get(url)
    assert response.status_code == 200
    data = form_data(response)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert response.url == admin_url(label, "changelist")


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_add_page_saves_a_new_record(editor_client, label):
    record = RECORDS[label]()
    model = type(record)
    data = form_data(editor_client.get(admin_url(label, "change", record.pk)))
    for key in list(data):  # the add form starts with no inline rows
        if key.endswith("-INITIAL_FORMS") or key.endswith("-TOTAL_FORMS"):
            data[key] = "0"
    data["slug"] = ""
    if "text" in data and label == "figures.question":
        data["text"] = "A different question?"
    if label == "people.victim":  # one victim record per person
        data["person"] = str(PersonFactory().pk)
    response = editor_client.post(admin_url(label, "add"), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert model.objects.count() == 2


@pytest.mark.parametrize("label", sorted(RECORDS))
def test_history_page_renders(editor_client, label):
    record = RECORDS[label]()
    assert editor_client.get(admin_url(label, "history", record.pk)).status_code == 200


def test_editor_adds_a_source_with_text_and_its_hash_is_computed(editor_client):
    response = editor_client.get(admin_url("sources.source", "add"))
    data = form_data(response) | {"title": "UN experts on 1988", "snapshot": SNAPSHOT.replace("\n", "\r\n")}
    response = editor_client.post(admin_url("sources.source", "add"), data)
    assert response.status_code == 302
    source = Source.objects.get(title="UN experts on 1988")
    assert source.snapshot == SNAPSHOT
    assert len(source.snapshot_sha256) == 64


def test_editor_adds_a_person_with_a_persian_name_and_other_spellings(editor_client):
    response = editor_client.get(admin_url("people.person", "add"))
    data = form_data(response) | {
        "name_en": "Mostafa Pourmohammadi",
        "name_fa": "مصطفی پورمحمدی",
        "aliases-TOTAL_FORMS": "1",
        "aliases-0-name": "Pour-Mohammadi",
        "cases": [str(CaseFactory().pk)],
    }
    response = editor_client.post(admin_url("people.person", "add"), data)
    assert response.status_code == 302
    person = Person.objects.get(name="Mostafa Pourmohammadi")
    assert person.name_fa == "مصطفی پورمحمدی"
    assert list(Person.objects.search("pourmohammadi")) == [person]
    assert list(Person.objects.search("Pour-Mohammadi")) == [person]
    change_page = editor_client.get(admin_url("people.person", "change", person.pk))
    assert "مصطفی پورمحمدی" in change_page.text
    assert 'dir="auto"' in change_page.text


def position_form(editor_client, person, source, quote):
    response = editor_client.get(admin_url("people.position", "add"))
    return form_data(response) | {
        "person": str(person.pk),
        "kind": "death_commission",
        "title_en": "Member of the 'Death Commission'",
        "start_date": "1988-01-01",
        "start_date_precision": "year",
        "citations-TOTAL_FORMS": "1",
        "citations-0-source": str(source.pk),
        "citations-0-quote": quote,
    }


def test_editor_adds_a_position_citing_a_passage(editor_client, source):
    person = PersonFactory(name="Ebrahim Raisi")
    data = position_form(editor_client, person, source, "Three-member 'Death Commissions' were formed across Iran")
    response = editor_client.post(admin_url("people.position", "add"), data)
    assert response.status_code == 302
    position = Position.objects.get(person__revision_of=person)  # the person is published: its revision's
    assert position.start_date == datetime.date(1988, 1, 1)
    citation = position.citations.get()
    assert citation.verified
    assert source.snapshot[citation.start : citation.end] == citation.quote


def test_mistyped_quote_is_refused_beside_the_field_and_everything_typed_is_kept(editor_client, source):
    person = PersonFactory(name="Ebrahim Raisi")
    typo = "Three-member 'Death Commissions' were formed accross Iran"
    data = position_form(editor_client, person, source, typo)
    data["description_en"] = "According to the source, a member."
    response = editor_client.post(admin_url("people.position", "add"), data)
    assert response.status_code == 200
    assert not Position.objects.exists()
    assert not PositionCitation.objects.exists()
    formset = response.context["inline_admin_formsets"][0].formset
    assert "is not in the archived text" in formset.forms[0].errors["quote"][0]
    assert typo.replace("'", "&#x27;") in response.text
    assert "According to the source, a member." in response.text
    assert "Member of the &#x27;Death Commission&#x27;" in response.text


def test_admin_search_finds_any_spelling(editor_client):
    person = PersonFactory(name="Mostafa Pourmohammadi")
    PersonNameFactory(person=person, name="Pour-Mohammadi")
    PersonFactory(name="Ali Razini")
    for query in ["pour mohammadi", "Pour-Mohammadi", "POURMOHAMMADI"]:
        response = editor_client.get(admin_url("people.person", "changelist"), {"q": query})
        assert list(response.context["cl"].result_list) == [person], query


def test_source_autocomplete_finds_a_source_by_part_of_its_title(editor_client):
    SourceFactory(title="Geneva conference calls for inquiry")
    SourceFactory(title="Paris ceremony")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "positioncitation", "field_name": "source", "term": "geneva"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Geneva conference calls for inquiry"]


def test_person_autocomplete_forgives_spelling(editor_client):
    person = PersonFactory(name="Mostafa Pourmohammadi")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "position", "field_name": "person", "term": "pour-mohammadi"},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(person.pk)]
