"""Footnotes as reference works set them, the source page as a document, and labels a reader can read (issue 13)."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casefile.events.models import EventCitation
from casefile.people.models import PositionCitation
from casefile.public.footnotes import came_from, requested_passage
from casefile.public.quotes import excerpt, quoted
from casefile.public.timeline import held_at
from casefile.sources.models import AnchorStatus
from tests.factories import EventFactory, PositionFactory, SourceFactory, cite
from tests.public.test_views import html

POUR_1988 = (
    "Mostafa Pour-Mohammadi, the former Minister of Justice who currently serves as an advisor to the "
    "Iranian Judiciary, was a key member of the death committee in the 1988 massacre."
)


def marks(page):
    """(note number, mark anchor, passage link) of each footnote mark of a page, in page order."""
    return [
        (int(number), anchor, href.replace("&amp;", "&"))
        for anchor, href, number in re.findall(
            r'<sup class="note-ref"><a id="(ref-\d+-\d+)" href="([^"]+)"[^>]*><span class="visually-hidden">[^<]*</span>(\d+)</a></sup>',
            page,
        )
    ]


@pytest.fixture
def advisor(demo):
    """A second post of Pourmohammadi cited by the same passage as his 1988 post."""
    position = PositionFactory(
        person=demo.people["pourmohammadi"],
        kind="other",
        title="Advisor to the judiciary",
        start_date=datetime.date(2020, 1, 1),
        start_date_precision="year",
    )
    cite(PositionCitation, position, demo.sources["un"], POUR_1988)
    return position


def test_each_statement_has_a_numbered_mark_and_a_passage_cited_twice_is_one_note(client, demo, advisor):
    page = html(client, demo.people["pourmohammadi"].get_absolute_url())
    found = marks(page)
    numbers = [number for number, _anchor, _href in found]
    assert numbers and sorted(set(numbers)) == list(range(1, max(numbers) + 1))  # numbered in order, no gaps
    notes = page[page.index('<section class="notes"') :]
    # The long quote is shown once on the page, in its note, though two posts cite it.
    assert page.count("was a key member of the death committee in the 1988 massacre.") == 1
    assert "was a key member of the death committee" in notes
    citation = demo.positions["pour_1988"].citations.get()
    shared = [number for number, _anchor, href in found if href.endswith(f"#{citation.anchor}")]
    assert len(shared) == 2 and shared[0] == shared[1]  # both posts refer to the same note by its number
    note = re.search(rf'<li class="note" id="note-{shared[0]}".*?</li>', notes, re.S).group(0)
    assert note.count('href="#ref-') == 2  # the note leads back to each of its marks
    assert "UN experts urge Iran to account for 1988 massacre" in note  # the source
    assert "Read the passage in the source" in note


def test_a_mark_and_its_note_link_to_the_passage_saying_where_the_reader_came_from(client, demo):
    person_url = demo.people["pourmohammadi"].get_absolute_url()
    page = html(client, person_url)
    citation = demo.positions["pour_1988"].citations.get()
    number, anchor, href = next(m for m in marks(page) if m[2].endswith(f"#{citation.anchor}"))
    assert href == (
        f"{demo.sources['un'].get_absolute_url()}?passage={citation.start}-{citation.end}"
        f"&from={quote(person_url, safe='')}%23{anchor}#{citation.anchor}"
    )
    assert f"from={quote(person_url, safe='')}%23note-{number}#{citation.anchor}" in page.replace("&amp;", "&")


def test_the_note_gives_the_sources_date(client, demo):
    page = html(client, demo.events["paris"].get_absolute_url())
    notes = page[page.index('<section class="notes"') :]
    assert "Experts decry impunity in Iran" in notes and "July 2023" in notes


def test_arriving_at_a_passage_a_banner_names_its_facts_and_leads_back_to_the_mark(client, demo):
    citation = demo.positions["pour_1988"].citations.get()
    back = demo.people["pourmohammadi"].get_absolute_url() + "#ref-2-1"
    url = f"{demo.sources['un'].get_absolute_url()}?passage={citation.start}-{citation.end}&from={quote(back, safe='')}"
    page = html(client, url)
    banner = re.search(
        r'<span class="arrival" id="([^"]+)"[^>]*>(.*?)</span><mark class="passage is-target"', page, re.S
    )
    assert banner and banner.group(1) == citation.anchor  # the banner carries the anchor, just before the passage
    assert page.count(f'id="{citation.anchor}"') == 1
    assert "Mostafa Pourmohammadi: Member of the &#x27;Death Commission&#x27;" in banner.group(2)
    assert f'href="{demo.positions["pour_1988"].get_absolute_url()}"' in banner.group(2)
    assert f'<a class="arrival__back" href="{back}">' in banner.group(2)
    # The passage is highlighted without a script.
    assert re.search(rf'<mark class="passage is-target" data-passages="[^"]*{citation.anchor}', page)


@pytest.mark.parametrize("back", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_the_banner_never_links_to_another_site(client, demo, back):
    citation = demo.positions["pour_1988"].citations.get()
    url = f"{demo.sources['un'].get_absolute_url()}?passage={citation.start}-{citation.end}&from={quote(back, safe='')}"
    page = html(client, url)
    assert 'class="arrival"' in page  # the facts are still named
    assert "arrival__back" not in page
    # (The language links keep the query, encoded; no link leads to the address given.)
    assert not re.search(r'href="[^"]*(?<![%\w])(//|\\)evil\.example', page) and 'href="javascript:' not in page


def test_a_source_page_without_a_passage_asked_for_has_no_banner_and_no_bracketed_links(client, demo):
    page = html(client, demo.sources["un"].get_absolute_url() + "?passage=1-2")
    assert 'class="arrival"' not in page
    snapshot = page[page.index('<div class="snapshot"') : page.index("</div>", page.index('<div class="snapshot"'))]
    assert "[" not in re.sub(r"<[^>]+>", "", re.sub(r"<details.*?</details>", "", snapshot, flags=re.S))
    assert '<details class="passage-note"><summary>' in snapshot


def test_passage_and_origin_parameters_are_read_strictly():
    factory = RequestFactory()
    assert requested_passage(factory.get("/", {"passage": "12-40"})) == (12, 40)
    for bad in ("", "12", "a-b", "12-", "١٢-٤٠"):
        assert requested_passage(factory.get("/", {"passage": bad})) is None
    assert came_from(factory.get("/", {"from": "/people/x/#ref-1-1"})) == "/people/x/#ref-1-1"
    for bad in ("", "people/x/", "//x.example/", "/\\x.example", "http://x.example/", "/a\nb"):
        assert came_from(factory.get("/", {"from": bad})) == ""


def test_a_testimony_is_named_on_its_source_in_whole_words(client, demo):
    page = html(client, demo.sources["paris"].get_absolute_url())
    speaker = demo.testimonies["boumedra"].public_speaker_name
    # Its first twelve words, never a word cut short ("…support for th").
    label = f"{speaker}: It is high time the OHCHR launches a Commission of Inquiry into…"
    assert f'<span class="passage-note__kind">Testimony</span> <bdi>{label}</bdi>' in page


# Quotation marks, labels and separators ------------------------------------------------------


def test_an_inline_quote_has_balanced_marks_never_doubled():
    with translation.override("en"):
        assert quoted("plain words") == '<span class="quote">“plain words”</span>'
        # A passage that opens a speech the cited words do not close: its mark is not doubled.
        assert quoted('"Each day, there were hundreds') == '<span class="quote">“Each day, there were hundreds”</span>'
        # A passage with its own marks, balanced: shown as it is, without marks around it.
        own = "“Each day, there were hundreds,” Betancourt said."
        assert quoted(own) == f'<span class="quote">{own}</span>'
    with translation.override("fa"):
        assert quoted("سخن") == '<span class="quote">«سخن»</span>'


def test_an_excerpt_closes_the_quotation_mark_its_cut_left_open():
    said = "Prof. X said: “With the resumption of violence we see the same types of violence.”"
    assert excerpt(said, 6) == "Prof. X said: “With the resumption…”"
    assert excerpt("«یک دو سه چهار»", 2) == "«یک دو…»"
    assert excerpt(said, 60) == said  # whole: as the source wrote it


def test_a_quote_is_never_given_a_second_opening_mark(client, demo):
    demo.figures["70"].citations.update(quote="We have documented 70 mass graves with precise locations")
    for url in (demo.people["pourmohammadi"].get_absolute_url(), demo.events["paris"].get_absolute_url()):
        page = html(client, url)
        assert not re.search(r'[“"«]\s*[“"«]', re.sub(r"<[^>]+>", "", page)), url


def test_the_figure_page_states_its_number_in_words_a_reader_reads(client, demo):
    page = html(client, demo.figures["30000"].get_absolute_url())
    assert "<dt>As a number</dt><dd>at least 30,000</dd>" in page
    assert "at least / over" not in page and ": 30000" not in page
    page = html(client, "/fa" + demo.figures["30000"].get_absolute_url())
    assert "دست‌کم ۳۰٬۰۰۰" in page
    page = html(client, demo.figures["thousands"].get_absolute_url())
    assert "no number: the source gives none" in page


def test_a_place_is_not_repeated_beside_the_site_of_the_same_name(client, demo):
    position = demo.positions["pour_1988"]
    position.place = "Evin Prison"
    position.save()
    page = html(client, demo.people["pourmohammadi"].get_absolute_url())
    item = re.search(rf'<li class="position" id="position-{position.pk}">.*?</li>', page, re.S).group(0)
    assert re.sub(r"<[^>]+>", "", item).count("Evin Prison") == 1


def test_an_event_lists_only_the_posts_held_at_its_date(client, demo):
    page = html(client, demo.events["massacre"].get_absolute_url())
    officials = page[page.index("Officials named") :]
    officials = officials[: officials.index("</section>")]
    assert "Member of the &#x27;Death Commission&#x27;" in officials  # July 1988
    assert "Minister of Justice" not in officials  # from 2013: a later post


def test_a_post_is_held_at_an_event_only_within_its_dates():
    event = EventFactory.build(date=datetime.date(1988, 7, 1), date_precision="month")
    post = PositionFactory.build(start_date=datetime.date(1988, 1, 1), start_date_precision="year")
    assert held_at(post, event)
    assert not held_at(PositionFactory.build(start_date=datetime.date(2013, 1, 1), start_date_precision="day"), event)
    assert not held_at(PositionFactory.build(start_date=None, start_date_precision=""), event)
    ended = PositionFactory.build(
        start_date=datetime.date(1985, 1, 1),
        start_date_precision="year",
        end_date=datetime.date(1989, 6, 1),
        end_date_precision="month",
    )
    assert held_at(ended, event)
    assert not held_at(post, EventFactory.build(date=None, date_precision=""))


def test_casefiles_own_words_take_persian_marks_on_persian_pages(client, demo):
    url = demo.figures["30000"].get_absolute_url()
    assert "“<bdi>" in html(client, url)  # "Cite this page": the page's title in quotation marks
    page = html(client, "/fa" + url)
    assert "«<bdi>" in page and "“<bdi>" not in page and "»، " in page


@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_kind_of_note_says_how_far_its_passage_can_be_checked(client, language):
    """A note quotes its passage (escaped), gives the source, page, place and capture, and says whether
    the passage was found in the archived text, moved, or is being checked, in the reader's language."""
    found = SourceFactory(title="Report <A & B>", snapshot="First passage here. Second passage there.")
    plain = SourceFactory(title="A source with no archived text", snapshot="")
    event = EventFactory(title="An event cited four ways")
    verified = cite(EventCitation, event, found, "First passage here.")
    EventCitation.objects.filter(pk=verified.pk).update(page=7, locator="para. 3", quote_translation_fa="گذر نخست")
    moved = cite(EventCitation, event, found, "Second passage there.")
    EventCitation.objects.filter(pk=moved.pk).update(anchor_status=AnchorStatus.MOVED)
    lost = cite(EventCitation, event, found, "Second passage")
    EventCitation.objects.filter(pk=lost.pk).update(anchor_status=AnchorStatus.LOST)
    cite(EventCitation, event, plain, "A <quoted> passage & more")
    capture = found.latest_capture()

    prefix = "/fa" if language == "fa" else ""
    page = html(client, prefix + event.get_absolute_url())
    notes = re.findall(r'<li class="note" id="note-\d+" value="\d+">.*?</li>', page, re.S)
    assert len(notes) == 4
    with translation.override(language):
        first, second, third, fourth = notes
        assert "Report &lt;A &amp; B&gt;" in first and _("p. %(page)s") % {"page": 7} in first
        assert "para. 3" in first and '<span lang="fa" dir="rtl">گذر نخست</span>' in first
        assert _("Casefile's translation, not the source's words:") in first
        when = date_format(template_localtime(capture.captured_at), "j F Y")
        assert _("Capture of %(when)s, SHA-256 %(hash)s…") % {"when": when, "hash": capture.short_hash} in first
        assert _("Read the passage in the source") in first and "badge--warning" not in first
        assert _("re-anchored: the passage moved in a newer capture") in second
        assert _("this passage is no longer in the newest capture of the source; editors are checking it") in third
        assert "A &lt;quoted&gt; passage &amp; more" in fourth and _("Open the source") in fourth
        assert _("passage not yet verified in the archived text") in fourth
        marks_line = re.search(r'<span class="note-refs">.*?</span>\n', page, re.S).group(0)
        numbers = "۱۲۳۴" if language == "fa" else "1234"
        assert re.findall(r"</span>(\S)</a></sup>", marks_line) == list(numbers)
        according = ngettext(
            "According to %(shown)s independent source (sources from one publisher count once)",
            "According to %(shown)s independent sources (sources from one publisher count once)",
            1,
        ) % {"shown": "۱" if language == "fa" else "1"}  # the passages found in archived text, all of one source
        assert according in marks_line
