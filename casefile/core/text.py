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


def search_text(*names, sounds=False):
    """The text stored beside a record for searching: every name, folded, without spaces.

    With ``sounds``, the sound key of each word follows (``=hsn =xmn``): see ``sound_keys``.
    """
    keys = []
    for name in names:
        key = compact(name)
        if key and key not in keys:
            keys.append(key)
    if sounds:
        keys += sound_keys(*names)
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


# Sound keys ------------------------------------------------------------------------------------
#
# One Persian name has many Latin spellings (Hossein, Hosein, Husayn, Hussein; Eshraghi, Eshraqi;
# Nayyeri, Nayeri, Nairi; Khamenei, Khamene'i; Hosseinzadeh, Hosseinzade). A word's sound key keeps
# what the spellings agree on: its consonants, in Persian transliteration's equivalence classes,
# without doubled letters, with "a" for an initial vowel. Persian-script words lose the
# distinctions between letters that sound alike (ث س ص, ذ ز ض ظ, ت ط, ح ه, غ ق) and hamza and
# ain. A key is forgiving on purpose: search ranks exact spellings before matching keys.

SOUND_MARK = "="  # starts each sound key in a search text; folding removes it from any query

_LATIN_DIGRAPHS = [
    ("tch", "c"),
    ("ch", "c"),
    ("kh", "x"),
    ("gh", "q"),
    ("sh", "s"),
    ("zh", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "z"),
    ("w", "v"),
]
_VOWELS = set("aeiouy")
_PERSIAN_SOUNDS = str.maketrans(
    {
        "\u062b": "\u0633",  # ث -> س
        "\u0635": "\u0633",  # ص -> س
        "\u0630": "\u0632",  # ذ -> ز
        "\u0636": "\u0632",  # ض -> ز
        "\u0638": "\u0632",  # ظ -> ز
        "\u0637": "\u062a",  # ط -> ت
        "\u062d": "\u0647",  # ح -> ه
        "\u063a": "\u0642",  # غ -> ق
        "\u0639": None,  # ع
        "\u0621": None,  # ء
        "\u0626": "\u06cc",  # ئ -> ی
    }
)


def _collapse(text):
    """Doubled letters once (digits stay as they are: 00042 is not 042)."""
    return re.sub(r"([^\d])\1+", r"\1", text)


def _latin_sound(word):
    word = re.sub(r"[^a-z0-9]", "", word)
    if not word:
        return ""
    word = re.sub(r"c(?!h)", "k", word)  # a lone c is a k (Casem, Kasem); "ch" stays a sound of its own
    for spelling, sound in _LATIN_DIGRAPHS:
        word = word.replace(spelling, sound)
    word = re.sub(r"(?<=[aeiouy])h$", "", word)  # Zadeh / Zade, Fatemeh / Fatema
    head, rest = word[0], word[1:]
    head = "a" if head in "aeiou" else head
    return _collapse(head + "".join(ch for ch in rest if ch not in _VOWELS))


def _persian_sound(word):
    word = word.translate(_PERSIAN_SOUNDS)
    if word[-1:] == "\u0647" and len(word) > 2:  # the silent final he (زاده / زاد)
        word = word[:-1]
    return _collapse(word)


def sound_key(word):
    """The sound key of one folded word (see above): "hossein", "husayn" and "hussein" all give "hsn"."""
    word = compact(word)
    if not word:
        return ""
    return _persian_sound(word) if has_persian_script(word) else _latin_sound(word)


def sound_keys(*names):
    """The sound keys of every word of ``names``, each once, each starting with ``SOUND_MARK``."""
    keys = []
    for name in names:
        for word in fold(name).split():
            key = sound_key(word)
            if key and f"{SOUND_MARK}{key}" not in keys:
                keys.append(f"{SOUND_MARK}{key}")
    return keys


def sound_match(field, query):
    """A filter: every word of ``query`` begins a word whose sound key stands in ``field``."""
    from django.db.models import Q

    condition = Q()
    words = [word for word in fold(query).split() if sound_key(word)]
    if not words:
        return Q(pk__in=[])
    for word in words:
        condition &= Q(**{f"{field}__contains": f"{SOUND_MARK}{sound_key(word)}"})
    return condition


def latin_digits(text):
    """``text`` with Persian and Arabic-Indic digits written as 0-9."""
    return (text or "").translate(_PERSIAN_DIGITS)
