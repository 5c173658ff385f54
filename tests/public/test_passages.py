import re

from casefile.public.passages import Passage, marked_text


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
    without_links = re.sub(r'<span class="passage-facts">.*?</a></span>', "", html)
    return re.sub(r"<[^>]+>", "", without_links).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_each_passage_is_marked_at_its_anchor_and_followed_by_its_facts():
    text = "One <two> & three four."
    html = marked_text(text, [passage(4, 9, Fact(1, "Event A"))])
    assert (
        '<span id="passage-4-9" class="passage-anchor"></span><mark class="passage" data-passages="passage-4-9">&lt;two&gt;</mark>'
        in html
    )
    assert '<a href="/events/1/">event: Event A</a>' in html
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
