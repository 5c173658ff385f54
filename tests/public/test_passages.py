import re

from django.utils.safestring import mark_safe

from casefile.public.passages import Passage, fact_label, marked_text


class Fact:
    _meta = type("Meta", (), {"verbose_name": "event"})

    def __init__(self, pk, name):
        self.pk, self.name = pk, name

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/events/{self.pk}/"


class Cited:
    def __init__(self, fact):
        self.fact = fact


def passage(start, end, *facts):
    return Passage(start, end, f"passage-{start}-{end}", "", [Cited(f) for f in facts])


def text_of(html):
    without_notes = re.sub(r'<details class="passage-note">.*?</details>', "", html)
    return re.sub(r"<[^>]+>", "", without_notes).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_each_passage_is_marked_at_its_anchor_and_followed_by_a_pop_over_of_its_facts():
    text = "One <two> & three four."
    html = marked_text(text, [passage(4, 9, Fact(1, "Event A"))])
    assert (
        '<span id="passage-4-9" class="passage-anchor"></span><mark class="passage" data-passages="passage-4-9">&lt;two&gt;</mark>'
        in html
    )
    # No bracketed links in the text: a <details> after the passage names its facts (no script needed).
    assert re.search(r'</mark><details class="passage-note"><summary>.*1 fact</summary>', html)
    assert '<a href="/events/1/"><span class="passage-note__kind">Event</span> <bdi>Event A</bdi></a>' in html
    assert "[" not in html
    assert text_of(html) == text


def test_overlapping_passages_keep_the_text_whole_and_every_anchor():
    text = "abcdefghij"
    html = marked_text(text, [passage(0, 6, Fact(1, "A")), passage(3, 9, Fact(2, "B"))])
    assert text_of(html) == text
    assert 'id="passage-0-6"' in html and 'id="passage-3-9"' in html
    assert '<mark class="passage" data-passages="passage-0-6 passage-3-9">def</mark>' in html


def test_a_fact_cited_twice_for_one_passage_is_linked_once():
    fact = Fact(1, "A")
    html = marked_text("abcdef", [passage(1, 3, fact, fact)])
    assert html.count('href="/events/1/"') == 1


def test_the_passage_a_reader_arrives_at_is_highlighted_with_its_banner_before_it():
    html = marked_text(
        "abcdefghij",
        [passage(0, 6, Fact(1, "A")), passage(3, 9, Fact(2, "B"))],
        target="passage-3-9",
        arrival=mark_safe('<span class="arrival" id="passage-3-9">B</span>'),
    )
    assert '<span class="arrival" id="passage-3-9">B</span><mark class="passage is-target"' in html
    assert html.count('id="passage-3-9"') == 1
    assert '<mark class="passage" data-passages="passage-0-6">abc</mark>' in html  # not the target
    assert html.count("is-target") == 2  # both pieces of the target passage: "def" and "ghi"


def test_a_testimony_is_named_in_whole_words():
    testimony = type("Testimony", (), {"public_speaker_name": "W-1", "text": "I saw them take every prisoner " * 5})()
    label = fact_label(testimony)
    assert label.startswith("W-1: I saw them take every prisoner I saw them")
    assert label.endswith("…") and label[:-1].split()[-1] in ["I", "saw", "them", "take", "every", "prisoner"]
