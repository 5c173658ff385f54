"""Folding of names and search terms, so that any spelling finds its record.

Folding forgives what differs between spellings of one name and between
keyboards: case, Latin diacritics, hyphens, apostrophes and spaces inside a name,
Arabic against Persian letter forms (ي/ی, ك/ک, ة/ه, أ/إ/آ/ا), tatweel,
zero-width joiners and Arabic short-vowel marks.
"""

import re
import unicodedata

_LETTER_VARIANTS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
        "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
        "\u0643": "\u06a9",  # ARABIC LETTER KAF -> KEHEH
        "\u0629": "\u0647",  # TEH MARBUTA -> HEH
        "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
        "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
        "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
        "\u0622": "\u0627",  # ALEF WITH MADDA -> ALEF
        "\u0624": "\u0648",  # WAW WITH HAMZA -> WAW
        "\u0640": None,  # TATWEEL
        "\u200c": None,  # ZERO WIDTH NON-JOINER
        "\u200d": None,  # ZERO WIDTH JOINER
        "\u200f": None,  # RIGHT-TO-LEFT MARK
        "\u200e": None,  # LEFT-TO-RIGHT MARK
    }
)
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def fold(text):
    """Lower-case ``text`` and remove what spellings of one name differ in, keeping spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_LETTER_VARIANTS).translate(_PERSIAN_DIGITS).casefold()
    text = _NOT_WORD.sub("", text)
    return _SPACES.sub(" ", text).strip()


def compact(text):
    """``fold`` without spaces: "Pour-Mohammadi" and "Pourmohammadi" both give "pourmohammadi"."""
    return fold(text).replace(" ", "")


def search_text(*names):
    """The text stored beside a record for searching: every name, folded, without spaces."""
    keys = []
    for name in names:
        key = compact(name)
        if key and key not in keys:
            keys.append(key)
    return " ".join(keys)


def search_terms(query):
    """The folded words of a search query; every one must match for a record to be found."""
    return [compact(word) for word in fold(query).split() if compact(word)]


def folded_match(field, terms):
    """A filter: every folded term stands in ``field``, a search text made by ``search_text``."""
    from django.db.models import Q

    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition


def has_persian_script(text):
    return any("\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufdff" for ch in text or "")


def latin_digits(text):
    """``text`` with Persian and Arabic-Indic digits written as 0-9."""
    return (text or "").translate(_PERSIAN_DIGITS)
