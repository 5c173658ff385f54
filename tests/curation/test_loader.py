import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from casefile.cases.models import Case
from casefile.curation.loader import CaseFileError, load_case_file
from casefile.events.models import Event
from casefile.figures.models import Figure
from casefile.people.models import Person, Position
from casefile.places.models import Site
from casefile.sources.models import Source

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Geneva conference calls for inquiry\n\n"
    "Sept. 14, 2018 - In a conference held in Geneva, speakers said that Ebrahim Raisi was a member of the "
    "\u2018Death Commission\u2019 in Tehran. Raisi is now head of the judiciary. Some 30,000 were executed.\n"
)

CASE_FILE = """
case:
  slug: test-case
  title: Test case
  summary: According to the article, a conference was held.
  citations: [{source: "000", quote: "In a conference held in Geneva"}]
sources:
  - key: "000"
    file: article.txt
    title: Geneva conference calls for inquiry
    kind: news_article
    published: "2018-09-14"
    byline: "Reported by PMOI/MEK"
    publisher_note: The PMOI/MEK is an opposition group, a party to the conflict.
sites: []
people:
  - key: raisi
    name: Ebrahim Raisi
    aliases: [Raisi]
    citations: [{source: "000", quote: "Ebrahim Raisi was a member"}]
    positions:
      - kind: death_commission
        title: Member of the 'Death Commission' in Tehran
        place: Tehran
        start: "1988"
        citations: [{source: "000", quote: "a member of the 'Death Commission' in Tehran"}]
events:
  - key: geneva
    title: Geneva conference
    kind: conference
    date: "2018-09-14"
    city: Geneva
    people: [raisi]
    citations: [{source: "000", quote: "In a conference held in Geneva"}]
testimonies: []
figures:
  - key: executed
    question: How many were executed?
    value_text: "30,000"
    low: 30000
    qualifier: about
    claimant: Speakers at the Geneva conference
    event: geneva
    date: "2018-09"
    citations: [{source: "000", quote: "Some 30,000 were executed."}]
"""


def write_case(folder):
    """The small case file above and its article, written to ``folder``; returns the case file's path."""
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "case.yaml"
    path.write_text(CASE_FILE, encoding="utf-8")
    return path


@pytest.fixture
def case_file(tmp_path):
    return write_case(tmp_path)


def test_case_file_loads_with_every_citation_located(case_file, administrator):
    case = load_case_file(case_file, publish_as=administrator)
    assert case.state == "published"
    source = Source.objects.get()
    assert source.snapshot == ARTICLE
    assert source.published_on == datetime.date(2018, 9, 14)
    position = Position.objects.get()
    citation = position.citations.get()
    assert citation.verified
    assert ARTICLE[citation.start : citation.end] == "a member of the \u2018Death Commission\u2019 in Tehran"
    assert list(Person.objects.search("Raisi")) == [position.person]
    assert Event.objects.get().people.get() == position.person
    figure = Figure.objects.get()
    assert figure.date_display == "September 2018"
    assert list(figure.cases.all()) == [case]


def test_a_quote_not_in_its_source_loads_nothing_and_says_where(case_file):
    case_file.write_text(CASE_FILE.replace("Some 30,000 were executed.", "Some 40,000 were executed."))
    with pytest.raises(CaseFileError) as error:
        load_case_file(case_file)
    assert "figures[executed].citations[0]" in str(error.value)
    assert "not in the archived text" in str(error.value)
    assert not Case.objects.exists()
    assert not Source.objects.exists()
    assert not Person.objects.exists()


def test_an_unknown_key_is_reported(case_file):
    case_file.write_text(CASE_FILE.replace("people: [raisi]", "people: [nobody]"))
    with pytest.raises(CaseFileError, match="no person with key 'nobody'"):
        load_case_file(case_file)
    assert not Event.objects.exists()


def test_command_loads_once_and_keeps_what_editors_changed(case_file):
    call_command("load_case", str(case_file))
    Person.objects.filter(name="Ebrahim Raisi").update(description="Edited by an editor")
    call_command("load_case", str(case_file), "--if-absent")
    assert Person.objects.get().description == "Edited by an editor"
    with pytest.raises(CommandError, match="in the database already"):
        call_command("load_case", str(case_file))


def test_command_refuses_an_unreadable_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("case: [unclosed")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("load_case", str(bad))


PERSIAN_CASE_FILE = (
    CASE_FILE.replace(
        "  title: Test case\n",
        "  title: Test case\n  title_fa: پرونده آزمایشی\n  note: A note.\n  note_fa: یادداشت.\n",
    )
    .replace(
        "    publisher_note: The PMOI/MEK is an opposition group, a party to the conflict.\n",
        "    publisher_note: The PMOI/MEK is an opposition group, a party to the conflict.\n"
        "    publisher_note_fa: سازمان مجاهدین خلق، یکی از طرف‌های منازعه.\n",
    )
    .replace(
        "sites: []\n",
        "sites:\n  - key: evin\n    name: Evin Prison\n    name_fa: زندان اوین\n    kind: prison\n"
        "    description: A prison in Tehran.\n    description_fa: زندانی در تهران.\n    country: Iran\n    country_fa: ایران\n"
        "    observations:\n      - {status: intact, note: Standing., note_fa: برپا., date: '2018'}\n",
    )
    .replace(
        "    name: Ebrahim Raisi\n",
        "    name: Ebrahim Raisi\n    name_fa: ابراهیم رئیسی\n    name_fa_added_by_editors: true\n",
    )
    .replace(
        "        place: Tehran\n",
        "        title_fa: عضو «هیئت مرگ» در تهران\n        place: Tehran\n        place_fa: تهران\n",
    )
    .replace(
        '    citations: [{source: "000", quote: "Ebrahim Raisi was a member"}]\n',
        '    citations: [{source: "000", quote: "Ebrahim Raisi was a member", quote_translation_fa: "ابراهیم رئیسی عضو بود"}]\n',
    )
    .replace(
        "    claimant: Speakers at the Geneva conference\n",
        "    claimant: Speakers at the Geneva conference\n    claimant_fa: سخنرانان کنفرانس ژنو\n"
        "    value_text_fa: ۳۰٬۰۰۰\n    question_fa: چند تن اعدام شدند؟\n    description: As the speakers said.\n"
        "    description_fa: به گفتهٔ سخنرانان.\n",
    )
    .replace("    city: Geneva\n", "    city: Geneva\n    city_fa: ژنو\n")
)


def test_every_persian_key_loads_into_its_persian_field_even_under_persian(tmp_path):
    write_case(tmp_path).write_text(PERSIAN_CASE_FILE, encoding="utf-8")
    with translation.override("fa"):
        case = load_case_file(tmp_path / "case.yaml")
    assert (case.title_en, case.title_fa, case.editor_note_en, case.editor_note_fa) == (
        "Test case",
        "پرونده آزمایشی",
        "A note.",
        "یادداشت.",
    )
    assert Source.objects.get().publisher_note_fa == "سازمان مجاهدین خلق، یکی از طرف‌های منازعه."
    site = Site.objects.get()
    assert (site.name, site.name_fa, site.description_fa) == ("Evin Prison", "زندان اوین", "زندانی در تهران.")
    assert site.observations.get().note_fa == "برپا."
    person = Person.objects.get()
    assert (person.name, person.name_en, person.name_fa) == ("Ebrahim Raisi", "Ebrahim Raisi", "ابراهیم رئیسی")
    assert person.name_fa_added_by_editors
    assert list(Person.objects.search("رئیسی")) == [person]
    assert (Position.objects.get().title_fa, Position.objects.get().place_fa) == ("عضو «هیئت مرگ» در تهران", "تهران")
    assert (site.country, site.country_fa, Event.objects.get().city_fa) == ("Iran", "ایران", "ژنو")
    citation = person.citations.get()
    assert (citation.quote, citation.quote_translation_fa) == ("Ebrahim Raisi was a member", "ابراهیم رئیسی عضو بود")
    figure = Figure.objects.get()
    assert (figure.description_fa, figure.claimant_fa, figure.value_text_fa) == (
        "به گفتهٔ سخنرانان.",
        "سخنرانان کنفرانس ژنو",
        "۳۰٬۰۰۰",
    )
    assert (figure.question.text, figure.question.text_fa) == ("How many were executed?", "چند تن اعدام شدند؟")
