"""Record texts in English and Persian, kept with django-modeltranslation.

A registered text ``x`` (``register(Model, ["x"])`` in each app's ``translation.py``) has two
columns, ``x_en`` (the original, in English) and ``x_fa`` (the editors' Persian translation);
the column ``x`` keeps the English text too, so that every query, ordering and index on ``x``
means what it meant before. Three rules keep that true:

- queries are not rewritten to the active language (``keep_queries_in_english``): a filter or
  an ordering on ``x`` reads the English column, whatever the reader's language, and an
  ``update(x=…)`` writes ``x_en`` too;
- a record is saved under English (``TimeStampedModel.save``), so ``x`` is written from ``x_en``
  even when an editor works in the Persian admin;
- code that writes a record names the language field it writes (``x_en`` / ``x_fa``), or runs
  under English: assigning ``record.x`` under Persian writes ``x_fa`` (modeltranslation's
  descriptor).

django-simple-history builds each historical model when its model class is ready, before
modeltranslation adds the language fields; ``register`` registers the historical model too,
so every change of either language is kept in the record's history.

The English text is the original; the Persian one is the editors' translation. On Persian
pages a text without its Persian version is shown in English, marked as such.
"""

from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import get_language
from modeltranslation.manager import MultilingualQuerySet
from modeltranslation.translator import NotRegistered, TranslationOptions, translator

ORIGINAL = "en"
SUFFIX = "_fa"


def register(model, fields, **options):
    """Keep ``model``'s texts ``fields`` in English and Persian, in the record and in its history.

    ``options`` are modeltranslation's ``TranslationOptions`` (``empty_values``, ``field_options``).
    """
    options = type(
        f"{model.__name__}Translation",
        (TranslationOptions,),
        {"fields": tuple(fields), "empty_values": "", **options},
    )
    translator.register(model, options)
    translator.register(model.history.model, options)


def copy_originals(app_label, fields_by_model):
    """A migration step: each English column ``x_en`` gets the text of ``x``, in the records and in their history."""

    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            for name in (model_name, f"Historical{model_name}"):
                model = apps.get_model(app_label, name)
                model._base_manager.update(**{f"{field}_{ORIGINAL}": F(field) for field in fields})

    return forwards


def keep_queries_in_english():
    """Queries read the column ``x`` (the English text), never a column chosen by the active language."""

    def post_init(queryset):
        queryset._rewrite = False
        queryset._populate = None

    def update(queryset, **values):
        # ``x`` and ``x_en`` hold the same English text: an update of one is an update of both.
        for name in translated_fields(queryset.model):
            if name in values:
                values.setdefault(f"{name}_{ORIGINAL}", values[name])
        return update_rows(queryset, **values)

    update_rows = MultilingualQuerySet.update
    MultilingualQuerySet._post_init = post_init
    MultilingualQuerySet.update = update


def translated_fields(model):
    """The names of ``model``'s texts that have a Persian version (``title`` for ``title_fa``)."""
    try:
        return sorted(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return []


def original(record, name):
    """``record``'s text ``name`` in English, whatever the active language."""
    if name in translated_fields(type(record)):
        return getattr(record, f"{name}_{ORIGINAL}") or record.__dict__.get(name) or ""
    return getattr(record, name) or ""


def persian(record, name):
    return getattr(record, f"{name}{SUFFIX}", "") or ""


def missing_persian(record):
    """The verbose names of ``record``'s texts that are filled in English and empty in Persian."""
    return [
        str(record._meta.get_field(name).verbose_name)
        for name in translated_fields(type(record))
        if original(record, name).strip() and not persian(record, name).strip()
    ]


def missing_persian_condition(model):
    """A filter for the rows of ``model`` with at least one text missing its Persian version."""
    condition = Q(pk__in=[])
    for name in translated_fields(model):
        condition |= ~Q(**{name: ""}) & (Q(**{f"{name}{SUFFIX}": ""}) | Q(**{f"{name}{SUFFIX}__isnull": True}))
    return condition


def keys_and_texts(queryset, name):
    """``(pk, text)`` for each row of ``queryset``: its text ``name`` in the reader's language, read
    as values (no record made of each row), the Persian falling back to the original as a record's
    ``name`` does (modeltranslation's descriptor)."""
    if name not in translated_fields(queryset.model):
        return queryset.values_list("pk", name)
    if (get_language() or ORIGINAL)[:2] != SUFFIX[1:]:
        return queryset.values_list("pk", f"{name}_{ORIGINAL}")
    return (
        (pk, translation or english)
        for pk, translation, english in queryset.values_list("pk", f"{name}{SUFFIX}", f"{name}_{ORIGINAL}")
    )


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
    english = original(record, name)
    if language == "fa":
        translation = persian(record, name)
        if translation.strip():
            return Text(translation, "fa")
        return Text(english, "en", fallback=bool(english.strip()))
    return Text(english, "en")
