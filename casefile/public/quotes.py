"""Quotation marks around a passage shown inline: the reader's language's, never doubled, always balanced."""

from django.utils.html import format_html
from django.utils.text import Truncator

from casefile.core.dates import is_persian

OPENING = '"“«„'
CLOSING = '"”»'


def balanced(text):
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”") and text.count("«") == text.count("»")


def quoted(text):
    """``text`` (a source's words, kept verbatim) inside “…” (English) or «…» (Persian).

    A mark the passage opens and never closes (a speech that goes on past the cited words) or
    closes without opening is left out, since the outer marks stand for it; a passage that has
    marks of its own (it quotes someone) is shown in italics without marks added around it, so
    that no mark is doubled (“"Each day…).
    """
    text = text.strip()
    if text[:1] in OPENING and not balanced(text):
        text = text[1:].lstrip()
    if text[-1:] in CLOSING and not balanced(text):
        text = text[:-1].rstrip()
    if any(mark in text for mark in OPENING + CLOSING):
        return format_html('<span class="quote">{}</span>', text)
    opening, closing = ("«", "»") if is_persian() else ("“", "”")
    return format_html('<span class="quote">{}{}{}</span>', opening, text, closing)


def excerpt(text, words):
    """The first ``words`` words of a quoted text, closing a quotation mark the cut left open (“… open firing on and …”)."""
    cut = Truncator(text).words(words)
    if cut == text:
        return text
    for opening, closing in (("“", "”"), ("«", "»")):
        cut += closing * max(0, cut.count(opening) - cut.count(closing))
    if cut.count('"') % 2:
        cut += '"'
    return cut
