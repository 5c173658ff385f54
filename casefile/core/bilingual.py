"""Record texts in English and Persian: a field ``x`` may have its Persian version in ``x_fa``.

Plain ``_fa`` fields rather than django-modeltranslation: modeltranslation adds its language
fields when the app registry is ready, after django-simple-history has built the historical
models from ``TimeStampedModel``, so the Persian texts would have been missing from every
record's history. A ``_fa`` field is an ordinary field: in the history, in the review diff,
in the admin form beside its English original.

The English text is the original; the Persian one is the editors' translation. On Persian
pages a text without its Persian version is shown in English, marked as such.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import get_language

SUFFIX = "_fa"


def translated_fields(model):
    """The names of ``model``'s fields that have a Persian version (``title`` for ``title_fa``)."""
    names = {field.name for field in model._meta.concrete_fields}
    return [name for name in sorted(names) if name.endswith(SUFFIX) is False and f"{name}{SUFFIX}" in names]


def missing_persian(record):
    """The verbose names of ``record``'s texts that are filled in English and empty in Persian."""
    return [
        str(record._meta.get_field(name).verbose_name)
        for name in translated_fields(type(record))
        if (getattr(record, name) or "").strip() and not (getattr(record, f"{name}{SUFFIX}") or "").strip()
    ]


def missing_persian_condition(model):
    """A filter for the rows of ``model`` with at least one text missing its Persian version."""
    condition = Q(pk__in=[])
    for name in translated_fields(model):
        condition |= ~Q(**{name: ""}) & Q(**{f"{name}{SUFFIX}": ""})
    return condition


@dataclass(frozen=True)
class Text:
    """A text in the language it is shown in, and whether it stands in for a missing translation."""

    value: str
    language: str
    fallback: bool = False

    def __str__(self):
        return self.value


def in_reader_language(record, name, language=None):
    """``record``'s text ``name`` in the reader's language, or the original marked as a fallback."""
    language = (language or get_language() or "en")[:2]
    original = getattr(record, name) or ""
    if language == "fa":
        persian = getattr(record, f"{name}{SUFFIX}", "") or ""
        if persian.strip():
            return Text(persian, "fa")
        return Text(original, "en", fallback=bool(original.strip()))
    return Text(original, "en")
