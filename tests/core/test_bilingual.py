"""Record texts in English and Persian (django-modeltranslation): kept, searched, shown, exported, in the history."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from casefile.core.bilingual import in_reader_language, translated_fields
from casefile.core.models import PublicationState
from casefile.events.models import Event, EventCitation
from casefile.people.models import Organisation, Person, PersonCitation
from tests.factories import (
    CaseFactory,
    EventFactory,
    FigureFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    SiteFactory,
    SiteObservationFactory,
    SourceFactory,
    TestimonyFactory,
    VictimFactory,
    cite,
)

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED
QUOTE = "It says what it says."
JULY_1988 = {"date": datetime.date(1988, 7, 1), "date_precision": "month"}


def page(client, url):
    response = client.get(url)
    translation.activate("en")
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_text_of_the_projects_own_has_an_english_and_a_persian_column():
    assert translated_fields(Person) == ["description", "editor_note", "name"]
    assert translated_fields(Event) == ["city", "country", "description", "editor_note", "place", "title"]
    for model in (Person, Event, Organisation):
        columns = {field.name for field in model._meta.concrete_fields}
        history = {field.name for field in model.history.model._meta.concrete_fields}
        for name in translated_fields(model):
            assert {f"{name}_en", f"{name}_fa"} <= columns & history, (model, name)


def test_a_text_written_under_persian_is_the_translation_and_the_english_text_stays_what_queries_read():
    event = EventFactory(title="Commemoration in Paris")
    with translation.override("fa"):
        event.title = "مراسم یادبود در پاریس"  # modeltranslation: the Persian translation
        event.save()
        assert Event.objects.filter(title="Commemoration in Paris").get() == event
    event.refresh_from_db()
    assert (event.title, event.title_en, event.title_fa) == (
        "Commemoration in Paris",
        "Commemoration in Paris",
        "مراسم یادبود در پاریس",
    )
    with translation.override("fa"):
        assert event.title == "مراسم یادبود در پاریس"


def test_an_update_of_a_text_changes_its_english_version_too():
    person = PersonFactory(name="Ebrahim Raisi")
    Person.objects.filter(pk=person.pk).update(description="Edited")
    person.refresh_from_db()
    assert (person.description, person.description_en) == ("Edited", "Edited")


def test_the_history_keeps_both_languages_of_every_change():
    organisation = OrganisationFactory(name="Ministry of Justice")
    organisation.name_fa = "وزارت دادگستری"
    organisation.save()
    organisation.name_fa = "وزارت دادگستری ایران"
    organisation.save()
    names = [(row.name_en, row.name_fa) for row in organisation.history.order_by("history_date", "history_id")]
    assert names[-2:] == [
        ("Ministry of Justice", "وزارت دادگستری"),
        ("Ministry of Justice", "وزارت دادگستری ایران"),
    ]


def test_a_text_only_in_english_is_marked_on_persian_pages():
    person = PersonFactory(description="A prosecutor.", description_fa="")
    shown = in_reader_language(person, "description", "fa")
    assert (shown.value, shown.language, shown.fallback) == ("A prosecutor.", "en", True)
    person.description_fa = "یک دادستان."
    assert in_reader_language(person, "description", "fa").value == "یک دادستان."
    assert in_reader_language(person, "description", "en").value == "A prosecutor."


def test_a_persian_search_finds_a_person_an_event_and_an_organisation(client):
    case = CaseFactory(state=PUBLISHED)
    person = PersonFactory(name="Mostafa Pourmohammadi", name_fa="مصطفی پورمحمدی", cases=[case], state=PUBLISHED)
    event = EventFactory(title="Commemoration in Paris", title_fa="یادبود پاریس", cases=[case], state=PUBLISHED)
    organisation = OrganisationFactory(
        name="Ministry of Justice", name_fa="وزارت دادگستری", cases=[case], state=PUBLISHED
    )
    search = "/fa" + reverse("public:search")
    assert f"/fa{person.get_absolute_url()}" in page(client, f"{search}?q=پورمحمدی")
    assert f"/fa{event.get_absolute_url()}" in page(client, f"{search}?q=یادبود")
    # Arabic letter variants (ي for ی) find the Persian spelling.
    assert f"/fa{organisation.get_absolute_url()}" in page(client, f"{search}?q=دادگستري")


@pytest.fixture
def persian_records(db):
    case = CaseFactory(
        state=PUBLISHED, title_fa="کشتار ۱۳۶۷", start_date=datetime.date(1988, 7, 1), start_date_precision="month"
    )
    source = SourceFactory(
        state=PUBLISHED,
        published_on=datetime.date(2023, 7, 1),
        published_on_precision="month",
        publisher_note="Published by a party to the conflict.",
        publisher_note_fa="منتشرشده از سوی یکی از طرف‌های منازعه.",
    )
    person = PersonFactory(
        name="Mostafa Pourmohammadi",
        name_fa="مصطفی پورمحمدی",
        description_fa="دادستان به روایت منابع.",
        cases=[case],
        state=PUBLISHED,
    )
    organisation = OrganisationFactory(
        name="Ministry of Justice", name_fa="وزارت دادگستری", description_fa="وزارتخانه.", cases=[case], state=PUBLISHED
    )
    PositionFactory(
        person=person,
        organisation=organisation,
        title="Prosecutor",
        title_fa="دادستان",
        start_date=datetime.date(1988, 7, 1),
        start_date_precision="month",
    )
    event = EventFactory(
        title="Executions", title_fa="اعدام‌ها", description_fa="شرح رویداد.", cases=[case], **JULY_1988
    )
    event.state = PUBLISHED
    event.save()
    site = SiteFactory(name="Evin Prison", name_fa="زندان اوین", description_fa="زندانی در تهران.", cases=[case])
    site.state = PUBLISHED
    site.save()
    SiteObservationFactory(site=site, note="Intact", note_fa="سالم", **JULY_1988)
    testimony = TestimonyFactory(speaker=person, event=event, cases=[case], state=PUBLISHED, **JULY_1988)
    figure = FigureFactory(
        description="Executed", description_fa="اعدام‌شدگان", cases=[case], state=PUBLISHED, **JULY_1988
    )
    return {
        "case": (case, "کشتار ۱۳۶۷"),
        "source": (source, "منتشرشده از سوی یکی از طرف‌های منازعه."),
        "person": (person, "دادستان به روایت منابع."),
        "organisation": (organisation, "وزارتخانه."),
        "event": (event, "شرح رویداد."),
        "site": (site, "زندانی در تهران."),
        "testimony": (testimony, "مصطفی پورمحمدی"),
        "figure": (figure, "اعدام‌شدگان"),
    }


@pytest.mark.parametrize("kind", ["case", "source", "person", "organisation", "event", "site", "testimony", "figure"])
def test_persian_pages_of_every_record_type_show_persian_text_and_solar_hijri_dates(client, persian_records, kind):
    record, persian_text = persian_records[kind]
    text = page(client, f"/fa{record.get_absolute_url()}")
    assert persian_text in text
    # July 1988 is Tir–Mordad 1367; July 2023 (the source) Tir–Mordad 1402: in Persian digits.
    assert "تیر–مرداد ۱۳۶۷" in text or "تیر–مرداد ۱۴۰۲" in text
    english = page(client, record.get_absolute_url())
    assert persian_text not in english or kind in ("case", "testimony")


def test_a_site_observation_note_is_shown_in_persian(client, persian_records):
    site, _ = persian_records["site"]
    assert '<span lang="fa" dir="rtl">سالم</span>' in page(client, f"/fa{site.get_absolute_url()}")


def test_a_quote_translation_is_shown_beside_the_quote_marked_as_casefiles_and_never_anchored(client, persian_records):
    person, _ = persian_records["person"]
    source, _ = persian_records["source"]
    citation = cite(PersonCitation, person, source, QUOTE)
    citation.quote_translation_fa = "ترجمهٔ این بخش."
    citation.full_clean()
    citation.save()
    citation.refresh_from_db()
    assert (citation.verified, citation.quote) == (True, QUOTE)  # anchored to the quote only
    assert source.snapshot[citation.start : citation.end] == citation.quote
    english = page(client, person.get_absolute_url())
    assert (
        '<p class="citation__translation"><span class="badge badge--translation">'
        "Casefile's translation, not the source's words:</span> "
        '<span lang="fa" dir="rtl">ترجمهٔ این بخش.</span></p>'
    ) in english
    persian = page(client, f"/fa{person.get_absolute_url()}")
    assert 'ترجمهٔ «پرونده»، نه سخن منبع:</span> <span lang="fa" dir="rtl">ترجمهٔ این بخش.</span>' in persian
    assert f'<blockquote lang="{source.language}" dir="auto">{QUOTE}</blockquote>' in persian


def test_a_quote_translation_that_is_not_in_the_source_does_not_break_the_anchor():
    source = SourceFactory(state=PUBLISHED)
    event = EventFactory(title="Executions")
    citation = cite(EventCitation, event, source, source.snapshot[:30])
    citation.quote_translation_fa = "متنی که در منبع نیست"
    citation.full_clean()
    citation.save()
    assert citation.verified and citation.start == 0


@pytest.mark.parametrize("year", ["1367", "۱۳۶۷", "1988", "۱۹۸۸"])
def test_every_year_filter_takes_either_calendar_in_either_digits(client, persian_records, year):
    event, _ = persian_records["event"]
    assert event.get_absolute_url() in page(client, "/fa" + reverse("public:event_list") + f"?year={year}")
    assert event.get_absolute_url() in page(client, reverse("public:event_list") + f"?year_from={year}&year_to={year}")
    victim = VictimFactory(
        person=PersonFactory(name="A Victim", state=PUBLISHED),
        death_date=datetime.date(1988, 8, 1),
        death_date_precision="month",
        state=PUBLISHED,
    )
    assert victim.get_absolute_url() in page(client, "/fa" + reverse("public:victim_list") + f"?year={year}")


def test_the_api_gives_every_text_in_both_languages_whatever_the_readers_language(client, persian_records):
    person, _ = persian_records["person"]
    data = client.get(f"/api/v1/people/{person.slug}/", HTTP_ACCEPT_LANGUAGE="fa").json()
    assert (data["name"], data["name_fa"]) == ("Mostafa Pourmohammadi", "مصطفی پورمحمدی")
    assert data["description_fa"] == "دادستان به روایت منابع."
    assert (data["positions"][0]["title"], data["positions"][0]["title_fa"]) == ("Prosecutor", "دادستان")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_schema_afterwards")
def test_the_migration_keeps_every_persian_text_and_fills_the_english_ones():
    executor = MigrationExecutor(connection)
    before = [("events", "0030_event_persian_texts")]
    after = [("events", "0031_texts_in_english_and_persian")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldEvent = old.get_model("events", "Event")
    event = OldEvent.objects.create(title="Executions", title_fa="اعدام‌ها", description="Summer 1988", slug="x")
    old.get_model("events", "HistoricalEvent").objects.create(
        id=event.pk,
        title="Executions (first)",
        title_fa="اعدام‌ها (نخست)",
        slug="x",
        created_at=event.created_at,
        updated_at=event.updated_at,
        history_date=event.created_at,
        history_type="+",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    migrated = new.get_model("events", "Event").objects.get(pk=event.pk)
    assert (migrated.title_en, migrated.title_fa, migrated.description_en) == ("Executions", "اعدام‌ها", "Summer 1988")
    past = new.get_model("events", "HistoricalEvent").objects.get(id=event.pk)
    assert (past.title_en, past.title_fa) == ("Executions (first)", "اعدام‌ها (نخست)")


def test_a_named_speakers_description_is_shown_in_the_readers_language(client, persian_records):
    testimony, _ = persian_records["testimony"]
    testimony.speaker_description_en = "Former prosecutor"
    testimony.speaker_description_fa = "دادستان پیشین"
    testimony.save()
    assert "دادستان پیشین" in page(client, f"/fa{testimony.get_absolute_url()}")
    assert "Former prosecutor" in page(client, testimony.get_absolute_url())
