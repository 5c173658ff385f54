"""Anchoring a cited passage again in a new text (a new capture of its source).

A citation keeps the W3C Web Annotation selectors of its passage: TextQuoteSelector (``exact``,
``prefix``, ``suffix``) and TextPositionSelector (``start``, ``end``). Given a new text:

1. the exact passage is looked for (forgiving only what ``matching`` forgives); where it stands
   more than once, the place whose surrounding text best matches ``prefix``/``suffix`` wins, then
   the one nearest the old position. Found at the same offsets: ``verified``; elsewhere: ``moved``.
2. Otherwise the passage's context is looked for: the text before it and the text after it, in
   that order and close together. Found: the passage ``changed``, and the text now between them
   is returned so that an editor sees the old and the new side by side.
   Failing that, a passage of which at least half still stands in one run (``difflib``) changed too.
3. Otherwise the passage is ``lost``.

Pure functions: no database, easy to test.
"""

import difflib
from dataclasses import dataclass

from .matching import CONTEXT_LENGTH, normalise

# A changed passage whose context is gone too is still recognised when this much of it stands.
FUZZY_MIN = 12
FUZZY_SHARE = 0.5


class Status:
    VERIFIED = "verified"
    MOVED = "moved"
    CHANGED = "changed"
    LOST = "lost"


@dataclass(frozen=True)
class Anchor:
    status: str
    start: int | None = None
    end: int | None = None
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    found_text: str = ""  # for a changed passage: what the new text has in its place


def _common_suffix(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _occurrences(haystack, needle):
    at = haystack.find(needle)
    while at >= 0:
        yield at
        at = haystack.find(needle, at + 1)


class Text:
    """A text prepared once for anchoring many passages in it."""

    def __init__(self, text):
        self.text = text
        self.normal, self.index = normalise(text)

    def span(self, at, length):
        """Original offsets of ``length`` normalised characters from normalised position ``at``."""
        start = self.index[at]
        end = self.index[at + length - 1] + 1
        return start, end

    def anchor(self, start, end, status):
        text = self.text
        return Anchor(
            status=status,
            start=start,
            end=end,
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_LENGTH) : start],
            suffix=text[end : end + CONTEXT_LENGTH],
        )

    def reanchor(self, *, exact, prefix="", suffix="", start=None, end=None):
        """Where the passage ``exact`` (with its context) stands in this text: an ``Anchor``."""
        if self._unchanged(exact, prefix, suffix, start, end):
            return self.anchor(start, end, Status.VERIFIED)
        needle, _ = normalise(exact.strip())
        if not needle or not self.text:
            return Anchor(Status.LOST)
        normal_prefix, _ = normalise(prefix)
        normal_suffix, _ = normalise(suffix)
        best = None
        for at in _occurrences(self.normal, needle):
            before = self.normal[max(0, at - len(normal_prefix)) : at]
            after = self.normal[at + len(needle) : at + len(needle) + len(normal_suffix)]
            score = _common_suffix(before, normal_prefix) + _common_prefix(after, normal_suffix)
            new_start, new_end = self.span(at, len(needle))
            distance = abs(new_start - start) if start is not None else 0
            key = (-score, distance)
            if best is None or key < best[0]:
                best = (key, new_start, new_end)
        if best is not None:
            _, new_start, new_end = best
            return self.anchor(new_start, new_end, Status.VERIFIED if new_start == start else Status.MOVED)
        found = self._by_context(normal_prefix.strip(), normal_suffix.strip(), len(needle))
        return found if found.status == Status.CHANGED else self._fuzzy(needle)

    def _fuzzy(self, needle):
        """The passage changed if a long enough run of it still stands (its context gone with it)."""
        matcher = difflib.SequenceMatcher(None, self.normal, needle, autojunk=False)
        block = matcher.find_longest_match(0, len(self.normal), 0, len(needle))
        if block.size < max(FUZZY_MIN, FUZZY_SHARE * len(needle)):
            return Anchor(Status.LOST)
        begin = max(0, block.a - block.b)
        return self._changed(*self._whole_words(begin, min(len(self.normal), begin + len(needle))))

    def _whole_words(self, begin, end):
        while begin > 0 and not self.normal[begin - 1].isspace():
            begin -= 1
        while end < len(self.normal) and not self.normal[end].isspace():
            end += 1
        return begin, end

    def _changed(self, gap_start, gap_end):
        """A ``changed`` anchor, with the original text of normalised positions ``gap_start``–``gap_end``."""
        found = self.normal[gap_start:gap_end].strip()
        if not found:
            return Anchor(Status.CHANGED)
        lead = len(self.normal[gap_start:gap_end]) - len(self.normal[gap_start:gap_end].lstrip())
        first, last = self.span(gap_start + lead, len(found))
        return Anchor(Status.CHANGED, found_text=self.text[first:last])

    def _unchanged(self, exact, prefix, suffix, start, end):
        """The passage and its context stand exactly where they were (the fast path of a re-check)."""
        if start is None or end is None or not exact or self.text[start:end] != exact:
            return False
        return self.text[max(0, start - len(prefix)) : start] == prefix and self.text[end : end + len(suffix)] == suffix

    def _by_context(self, prefix, suffix, length):
        """The passage changed if its context still stands, in order and close together."""
        if not prefix and not suffix:
            return Anchor(Status.LOST)
        limit = 3 * length + 200
        candidates = []
        if prefix:
            for at in _occurrences(self.normal, prefix):
                gap_start = at + len(prefix)
                if suffix:
                    after = self.normal.find(suffix, gap_start)
                    if after < 0 or after - gap_start > limit:
                        continue
                    candidates.append((gap_start, after))
                else:
                    _, end = self._whole_words(gap_start, min(len(self.normal), gap_start + length))
                    candidates.append((gap_start, end))
        else:
            for at in _occurrences(self.normal, suffix):
                begin, _ = self._whole_words(max(0, at - length), at)
                candidates.append((begin, at))
        if not candidates:
            return Anchor(Status.LOST)
        return self._changed(*candidates[0])
