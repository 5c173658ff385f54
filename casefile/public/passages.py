"""The archived text of a source with every cited passage marked, each at its stable anchor."""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from casefile.core.dates import is_persian


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


def fact_links(passage):
    links = format_html_join(
        "، " if is_persian() else ", ",
        '<a href="{}">{}: {}</a>',
        ((fact.get_absolute_url(), fact._meta.verbose_name, fact) for fact in passage.facts),
    )
    return format_html(
        '<span class="passage-facts"><span class="visually-hidden">{}</span> {}</span>',
        _("Supports:"),
        links,
    )


def marked_text(text, passages):
    """``text`` as HTML, each passage in ``<mark>`` with its anchor, its facts linked after it.

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
        anchors = format_html_join("", '<span id="{}" class="passage-anchor"></span>', ((p.anchor,) for p in starting))
        html.append(
            format_html(
                '{}<mark class="passage" data-passages="{}">{}</mark>',
                anchors,
                " ".join(p.anchor for p in covering),
                piece,
            )
        )
        for passage in passages:
            if passage.end == b:
                html.append(fact_links(passage))
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped by format_html
