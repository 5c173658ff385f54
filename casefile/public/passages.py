"""The archived text of a source with every cited passage marked, each at its stable anchor."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from casefile.public.templatetags.public_tags import digits


@dataclass
class Passage:
    start: int
    end: int
    anchor: str
    quote: str
    citations: list = field(default_factory=list)

    @property
    def facts(self):
        seen, facts = set(), []
        for citation in self.citations:
            key = (type(citation.fact), citation.fact.pk)
            if key not in seen:
                seen.add(key)
                facts.append(citation.fact)
        return facts

    @property
    def labelled_facts(self):
        return arrival_facts(self)


def passages_of(citations):
    """The distinct verified passages of ``citations``, in the order of the text."""
    passages = {}
    for citation in citations:
        if citation.verified:
            passage = passages.setdefault(
                citation.anchor, Passage(citation.start, citation.end, citation.anchor, citation.quote)
            )
            passage.citations.append(citation)
    return sorted(passages.values(), key=lambda p: (p.start, -p.end))


def fact_label(fact):
    """A fact as the source page names it: whole words, never a label cut mid-word."""
    if hasattr(fact, "public_speaker_name"):  # a testimony: who, and the first words of what was said
        return f"{fact.public_speaker_name}: {Truncator(fact.text).words(12)}"
    return str(fact)


def arrival_facts(passage):
    """(kind, label, url) of each fact ``passage`` supports, for the banner of a reader who arrives at it."""
    return [(capfirst(fact._meta.verbose_name), fact_label(fact), fact.get_absolute_url()) for fact in passage.facts]


def passage_note(passage):
    """A pop-over after the passage that names the facts it supports; a ``<details>``, so it needs no script."""
    facts = passage.facts
    items = format_html_join(
        "",
        '<li><a href="{}"><span class="passage-note__kind">{}</span> <bdi>{}</bdi></a></li>',
        ((url, kind, label) for kind, label, url in arrival_facts(passage)),
    )
    toggle = ngettext("%(count)d fact", "%(count)d facts", len(facts)) % {"count": len(facts)}
    return format_html(
        '<details class="passage-note"><summary><span class="visually-hidden">{}</span>{}</summary>'
        '<div class="passage-note__body"><span class="passage-note__title">{}</span><ul>{}</ul></div></details>',
        _("What this passage supports:"),
        digits(toggle),
        _("This passage supports:"),
        items,
    )


def marked_text(text, passages, target=None, arrival=""):
    """``text`` as HTML, each passage in ``<mark>`` with its anchor, and a pop-over after it naming its facts.

    ``target`` is the anchor of the passage the reader arrived at: its pieces are highlighted, and
    ``arrival`` (HTML: the banner naming its facts, carrying the anchor) stands just before it.

    Passages may overlap: the text is cut at every passage boundary and each piece is marked
    with every passage that covers it; the anchor sits on the first piece of its passage.
    """
    cuts = sorted({0, len(text)} | {p.start for p in passages} | {p.end for p in passages})
    html = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        piece = text[a:b]
        covering = [p for p in passages if p.start <= a and b <= p.end]
        if not covering:
            html.append(format_html("{}", piece))
            continue
        starting = [p for p in passages if p.start == a]
        anchors = format_html_join(
            "",
            "{}",
            (
                (
                    arrival
                    if p.anchor == target and arrival
                    else format_html('<span id="{}" class="passage-anchor"></span>', p.anchor),
                )
                for p in starting
            ),
        )
        is_target = target is not None and any(p.anchor == target for p in covering)
        html.append(
            format_html(
                '{}<mark class="passage{}" data-passages="{}">{}</mark>',
                anchors,
                " is-target" if is_target else "",
                " ".join(p.anchor for p in covering),
                piece,
            )
        )
        for passage in passages:
            if passage.end == b:
                html.append(passage_note(passage))
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped by format_html
