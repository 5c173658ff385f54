"""Finding a pasted quote in a source's archived text.

Matching forgives only what a copy-paste changes: runs of white space (line breaks
included), typographic against straight quotes and apostrophes, and dashes. The
located passage is returned as offsets into the original text, so a citation can
store the exact characters of the snapshot.
"""

import hashlib
from dataclasses import dataclass

_FORGIVEN = str.maketrans(
    {
        "\u2018": "'",  # LEFT SINGLE QUOTATION MARK
        "\u2019": "'",  # RIGHT SINGLE QUOTATION MARK
        "\u201a": "'",  # SINGLE LOW-9 QUOTATION MARK
        "\u201b": "'",  # SINGLE HIGH-REVERSED-9 QUOTATION MARK
        "\u2032": "'",  # PRIME
        "\u00b4": "'",  # ACUTE ACCENT
        "`": "'",
        "\u201c": '"',  # LEFT DOUBLE QUOTATION MARK
        "\u201d": '"',  # RIGHT DOUBLE QUOTATION MARK
        "\u201e": '"',  # DOUBLE LOW-9 QUOTATION MARK
        "\u201f": '"',  # DOUBLE HIGH-REVERSED-9 QUOTATION MARK
        "\u2033": '"',  # DOUBLE PRIME
        "\u00ab": '"',  # LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
        "\u00bb": '"',  # RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
        "\u2010": "-",  # HYPHEN
        "\u2011": "-",  # NON-BREAKING HYPHEN
        "\u2012": "-",  # FIGURE DASH
        "\u2013": "-",  # EN DASH
        "\u2014": "-",  # EM DASH
        "\u2015": "-",  # HORIZONTAL BAR
        "\u2212": "-",  # MINUS SIGN
    }
)

CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def normalise(text):
    """``text`` with forgiven differences removed, and for each character its original index."""
    chars, index = [], []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                index.append(i)
            in_space = True
            continue
        in_space = False
        chars.append(ch.translate(_FORGIVEN))
        index.append(i)
    return "".join(chars), index


def locate(text, quote):
    """The passage of ``text`` that ``quote`` reproduces, or ``None`` if it is not there.

    Where the quote stands more than once, the first place is taken.
    """
    needle, _ = normalise(quote.strip())
    if not needle or not text:
        return None
    haystack, index = normalise(text)
    at = haystack.find(needle)
    if at < 0:
        return None
    start = index[at]
    end = index[at + len(needle) - 1] + 1
    return Match(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=text[end : end + CONTEXT_LENGTH],
    )


def normalise_line_endings(text):
    """Browsers send pasted text with CRLF line ends; the snapshot keeps LF only."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
