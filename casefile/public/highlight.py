"""Where a search matched: the words of a result that a query found, marked with ``<mark>``.

Search compares folded text (``casefile.core.text``: case, diacritics, hyphens and spaces inside
a name, Arabic and Persian letter forms) and, for names, sound keys (Hosein finds Hossein). The
marks follow the same rules, so that a reader sees why a result was found: a query for
"pourmohammadi" marks "Pour-Mohammadi", "علي" marks "علی", "Hosein" marks "Hossein". Everything
else is escaped: the result is safe HTML.
"""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from casefile.core.text import compact, fold, sound_key

# What folding drops between the letters of a word: spaces, punctuation, zero-width joiners and
# direction marks, tatweel, and combining marks (Latin accents, Arabic short vowels).
_IGNORABLE = r"[\s\W_\u0640\u200c-\u200f\u0300-\u036f\u064b-\u065f\u0670]*"
_MARKS_AFTER = r"[\u0300-\u036f\u064b-\u065f\u0670]*"
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")


@functools.cache
def _letters_folding_to():
    """Every letter of the Latin and Arabic blocks, by the one letter it folds to (é, É and e under e)."""
    table = {}
    for start, end in ((0x30, 0x7F), (0xC0, 0x250), (0x1E00, 0x1F00), (0x600, 0x700), (0xFB50, 0xFE00)):
        for code in range(start, end):
            char = chr(code)
            folded = compact(char)
            if len(folded) == 1:
                table.setdefault(folded, set()).add(char)
    return table


@functools.cache
def _term_pattern(term):
    """A pattern that finds ``term`` (a folded word) in unfolded text, as folding would find it."""
    table = _letters_folding_to()
    parts = []
    for char in term:
        variants = table.get(char, set()) | {char}
        parts.append("[" + "".join(re.escape(variant) for variant in sorted(variants)) + "]")
    return re.compile(_IGNORABLE.join(parts) + _MARKS_AFTER, re.IGNORECASE)


def _terms(query):
    return [term for term in dict.fromkeys(compact(word) for word in fold(query).split()) if term]


@functools.lru_cache(maxsize=256)
def _query_parts(query):
    """A query's word patterns and sound keys: worked out once for the fifty names of a page of results."""
    patterns = tuple(_term_pattern(term) for term in _terms(query))
    keys = tuple(key for key in (sound_key(word) for word in fold(query).split()) if key)
    return patterns, keys


_sound_key = functools.lru_cache(maxsize=4096)(sound_key)


def matched_spans(text, query, sounds=True):
    """The (start, end) spans of ``text`` that ``query`` matches, in order, overlapping spans merged.

    A span is a folded match of a word of the query; with ``sounds``, also every word of ``text``
    whose sound key begins with a query word's (as name search finds it).
    """
    spans = []
    patterns, keys = _query_parts(query)
    for pattern in patterns:
        spans += [match.span() for match in pattern.finditer(text) if match.end() > match.start()]
    if sounds:
        for word in re.finditer(r"\S+", text):
            word_key = _sound_key(word.group())
            if word_key and any(word_key.startswith(key) for key in keys):
                inner = _EDGE_PUNCTUATION.sub("", word.group())
                start = word.start() + word.group().find(inner) if inner else word.start()
                spans.append((start, start + len(inner)))
    merged = []
    for start, end in sorted(_whole_word(text, span) for span in spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _whole_word(text, span):
    """A span widened to the whole words it touches: "Khalili", not "ali" inside it."""
    start, end = span
    while start > 0 and _is_letter(text[start - 1]):
        start -= 1
    while end < len(text) and _is_letter(text[end]):
        end += 1
    return start, end


def _is_letter(char):
    return char.isalnum() or char in "\u200c\u0640" or "\u064b" <= char <= "\u065f"


def highlight(text, query, sounds=True):
    """``text``, escaped, with every part that ``query`` matches in ``<mark>``."""
    text = str(text or "")
    if not query:
        return escape(text)
    pieces, position = [], 0
    for start, end in matched_spans(text, query, sounds=sounds):
        pieces += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped above


def excerpt(text, query, context=90):
    """The sentence around the first place a long ``text`` matches ``query``, highlighted; "" if none.

    Sources are also found by full-text search on PostgreSQL ("executions" finds "executed"):
    when a word is not found as written, it is looked for without its last letters (up to four).
    """
    text = str(text or "")
    first, found = None, []
    for term in _terms(query):
        stems = [term[:length] for length in range(len(term) - 1, min(len(term), 4) - 1, -1)][:4]
        for candidate in (term, *stems):
            match = _term_pattern(candidate).search(text)
            if match:
                first = match.start() if first is None else min(first, match.start())
                found.append(candidate)
                break
    if first is None:
        return ""
    start, end = max(0, first - context), min(len(text), first + context * 2)
    if start:
        start = text.find(" ", start, first) + 1 or start
    if end < len(text):
        end = text.rfind(" ", first, end) if text.rfind(" ", first, end) > first else end
    window = " ".join(text[start:end].split())
    marked = highlight(window, " ".join(found), sounds=False)
    return mark_safe(("…" if start else "") + marked + ("…" if end < len(text) else ""))  # noqa: S308 - escaped by highlight
