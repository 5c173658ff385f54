"""Footnote marks after each statement, and the page's notes at its end (``casefile.public.footnotes``)."""

from django import template

from casefile.public.footnotes import Footnotes
from casefile.public.passages import fact_label
from casefile.public.quotes import quoted
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
