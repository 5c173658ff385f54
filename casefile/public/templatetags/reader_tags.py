"""How a reader reads a fact: footnote marks and notes (``casefile.public.footnotes``), quoted passages, labels."""

from django import template

from casefile.public.footnotes import Footnotes
from casefile.public.passages import fact_label
from casefile.public.quotes import excerpt, quoted
from casefile.public.timeline import held_at as position_held_at
from casefile.sources.corroboration import independent_sources

register = template.Library()


def page_footnotes(context):
    """The notes of the page being rendered: one set per request, shared by every included template."""
    request = context.get("request")
    if request is None:
        return Footnotes("")
    if not hasattr(request, "footnotes"):
        request.footnotes = Footnotes(request.path)
    return request.footnotes


@register.inclusion_tag("public/_note_marks.html", takes_context=True)
def note_marks(context, citations, corroboration=True):
    """Numbered marks for a statement's public citations (prefetched), with how many independent sources they are."""
    cited = list(citations.all()) if hasattr(citations, "all") else list(citations)
    return {
        "marks": page_footnotes(context).marks(cited),
        "independent": independent_sources(cited) if corroboration else None,
    }


@register.inclusion_tag("public/_footnotes.html", takes_context=True)
def footnotes(context):
    """The page's notes, each passage quoted once, in the order of their first mark."""
    return {"notes": page_footnotes(context).notes}


@register.filter(name="quoted")
def quoted_filter(text):
    """A passage shown inline, in the reader's quotation marks (``casefile.public.quotes``)."""
    return quoted(text)


@register.filter(name="fact_label")
def fact_label_filter(fact):
    """A fact as a link names it, in whole words."""
    return fact_label(fact)


@register.filter
def place_beside(place, sites):
    """``place`` as written, or "" where it only repeats the name of a site shown beside it ("Evin Prison · Evin Prison")."""
    if sites is None or sites == "":
        sites = []
    elif hasattr(sites, "name"):  # one site
        sites = [sites]
    names = {name.casefold().strip() for site in sites for name in (site.name, getattr(site, "name_fa", "")) if name}
    return "" if place.casefold().strip() in names else place


@register.filter
def held_at(positions, event):
    """The posts (prefetched) held at ``event``'s date: none that began later, none undated (``timeline.held_at``)."""
    return [position for position in positions if position_held_at(position, event)]


@register.filter(name="excerpt")
def excerpt_filter(text, words):
    """The first words of a quoted text, with its quotation marks balanced (``casefile.public.quotes.excerpt``)."""
    return excerpt(text, int(words))
