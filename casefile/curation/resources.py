"""Imports of victims, people, sources and sites from CSV and Excel (.xlsx) files.

django-import-export reads the file (tablib, openpyxl), maps each column to a field, runs the dry
run and the preview; Casefile's own rules stay where they are: partial dates (``parse_partial_date``
and the model's ``clean()``), name folding (``search_text``), quote verification
(``Citation.match``), slugs (``fill_derived_fields`` / ``save()``). An import only creates records,
as one review batch (``workflow.create_imported_batch``); a file with any bad row writes nothing.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from simple_history.utils import bulk_create_with_history

from casefile.core import workflow
from casefile.core.dates import DatePrecision, parse_partial_date
from casefile.core.text import SOUND_MARK
from casefile.people.models import Fate, Person, PersonName, Victim, VictimCitation
from casefile.places.models import CoordinatePrecision, Site, SiteKind
from casefile.sources.models import Source, SourceKind

HEADER_ROWS = 1  # a row's number in the spreadsheet: the header is row 1


class ChoiceWidget(widgets.Widget):
    """A choice by its value or its label, any case; the error lists what would be right."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        for key, label in self.choices.choices:
            if text.casefold() in (key.casefold(), str(label).casefold()):
                return key
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SpellingsWidget(widgets.Widget):
    """Other spellings in one cell, separated by “;”."""

    def clean(self, value, row=None, **kwargs):
        return list(dict.fromkeys(part.strip() for part in str(value or "").split(";") if part.strip()))

    def render(self, value, obj=None, **kwargs):
        return "; ".join(value or [])


class PartialDateField(fields.Field):
    """A date known to the year, month or day: ``1988``, ``1988-08``, ``1988-08-31``; sets the precision too."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name)
        if hasattr(value, "isoformat"):  # an Excel date cell
            value = value.date().isoformat() if hasattr(value, "date") else value.isoformat()
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        try:
            date, precision = parse_partial_date(str(value or ""))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write 1988, 1988-08 or 1988-08-31 (year, month or day as known).")
                % {"value": value}
            ) from None
        setattr(instance, self.attribute, date)
        setattr(instance, f"{self.attribute}_precision", precision)

    def get_value(self, instance):
        return getattr(instance, self.attribute, None), getattr(instance, f"{self.attribute}_precision", "")

    def export(self, instance, **kwargs):
        date, precision = self.get_value(instance)
        if date is None:
            return ""
        return date.isoformat()[: {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7}.get(precision, 10)]


class SiteWidget(widgets.Widget):
    """A recorded site by its slug or its name (any case), read once for the whole file."""

    def __init__(self):
        super().__init__()
        self.sites = None

    def clean(self, value, row=None, **kwargs):
        key = str(value or "").strip()
        if not key:
            return None
        if self.sites is None:
            self.sites = {}
            for site in Site.objects.all():
                self.sites[site.slug] = site
                self.sites.setdefault(site.name.casefold(), site)
        site = self.sites.get(key) or self.sites.get(key.casefold())
        if site is None:
            raise ValueError(
                _("no site is named “%(value)s”: write the name or slug of a recorded site, or import the site first.")
                % {"value": key}
            )
        return site

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def text_field(column, attribute=None):
    return fields.Field(attribute=attribute or column, column_name=column, widget=TextWidget())


class CasefileResource(resources.ModelResource):
    """What every Casefile import shares: new records only, editors' error messages, duplicates, one batch."""

    label = ""  # what a row is, for the preview (“victim”)
    sample = {}  # one example row, for the sample file

    class Meta:
        abstract = True
        force_init_instance = True  # every row is a new record; changes are revisions, made in the admin
        use_bulk = True  # rows are gathered, checked, then written together (``bulk_create``)
        batch_size = None
        skip_html_diff = False
        clean_model_instances = True

    def __init__(self, *, case=None, user=None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.case, self.user, self.progress = case, user, progress
        self.known = None
        self.batch = None

    def get_import_order(self):
        return tuple(self.sample)

    @classmethod
    def sample_dataset(cls):
        """The sample file's rows: the header and one example row."""
        import tablib

        return tablib.Dataset(list(cls.sample.values()), headers=list(cls.sample))

    @classmethod
    def columns(cls):
        return [field.column_name for field in cls().get_import_fields()]

    def column_of(self, key):
        for field in self.get_import_fields():
            if key in (field.attribute, field.column_name):
                return field.column_name
        return {"person": "name"}.get(key, key)

    # Rows -------------------------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        unknown = [header for header in dataset.headers or [] if header not in self.columns()]
        if unknown:
            raise ValidationError(
                _("Unknown column %(unknown)s. The columns are: %(columns)s.")
                % {"unknown": ", ".join(map(str, unknown)), "columns": ", ".join(self.columns())}
            )
        if self.case is None and any(field.name == "cases" for field in self._meta.model._meta.many_to_many):
            raise ValidationError(_("Choose the case the records belong to."))
        missing = [column for column in self.required if column not in (dataset.headers or [])]
        if missing:
            raise ValidationError(_("The file has no column %(missing)s.") % {"missing": ", ".join(missing)})

    required = ("name",)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {self.column_of(key): value for key, value in (import_validation_errors or {}).items()}
        for target, exclude in self.cleaned(instance):
            try:
                target.full_clean(exclude=[*exclude, *errors], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                for key, messages in error.message_dict.items():
                    errors.setdefault(self.column_of(key), []).extend(messages)
        errors = {key: _editors_words(key, value) for key, value in errors.items()}
        if errors:
            raise ValidationError(errors)

    def cleaned(self, instance):
        """(record, fields not to check) pairs that ``full_clean()`` checks for a row."""
        return [(instance, ["slug", "cases"])]

    def after_import_row(self, row, row_result, **kwargs):
        """Flag a row whose name, in any spelling, folds to a recorded person's (or an earlier row's)."""
        instance = row_result.instance
        row_result.duplicates = []
        keys = self.name_keys(instance) if instance is not None else []
        if keys:
            if self.known is None:
                self.known = known_names()
            row_result.duplicates = sorted({name for key in keys for name in self.known.get(key, ())})
            label = _("row %(number)s: %(name)s") % {
                "number": kwargs.get("row_number", 0) + HEADER_ROWS,
                "name": instance,
            }
            for key in keys:
                self.known.setdefault(key, set()).add(label)
        if self.progress and kwargs.get("row_number", 0) % 500 == 0:
            self.progress(kwargs["row_number"])

    def name_keys(self, instance):
        """The folded spellings of the person a row names (none for records that are not people)."""
        return []

    def taken_slugs(self):
        """The people's slugs in use, read once; each row's new slug is added to it."""
        if getattr(self, "_taken", None) is None:
            self._taken = set(Person.objects.values_list("slug", flat=True))
        return self._taken

    # Writing ----------------------------------------------------------------------------------------

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Write every row at once, as one review batch, only when no row has an error."""
        instances, self.create_instances = list(self.create_instances), []
        if dry_run or not instances or result.has_errors() or result.has_validation_errors():
            return
        try:
            self.batch = workflow.create_imported_batch(
                user=self.user,
                model=self._meta.model,
                reason=_("Import of %(file)s") % {"file": self.file_name},
                write=lambda fields: self.write(instances, fields),
            )
            result.batch = self.batch
        except Exception as error:  # reported as the file's error; the transaction is rolled back
            self.handle_import_error(result, error, raise_errors)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        self.file_name = kwargs.get("file_name") or _("a file")
        self.user = kwargs.get("user", self.user)
        # Under English, a column such as ``name`` writes the English text (``name_en``) and the bulk
        # writes read it, whatever language the editor works in; ``name_fa`` is its own column.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            return super().import_data(
                dataset,
                dry_run=dry_run,
                raise_errors=raise_errors,
                use_transactions=use_transactions,
                **{"rollback_on_validation_errors": True, "retain_instance_in_row_result": True, **kwargs},
            )

    def history(self):
        return {
            "default_user": self.user,
            "default_change_reason": _("Imported from %(file)s") % {"file": self.file_name},
        }

    def write(self, instances, fields):
        """Save the new records one by one through their model's ``save()`` (small files: sources, sites, people)."""
        for instance in instances:
            for name, value in fields.items():
                setattr(instance, name, value)
            instance._history_user = self.user
            instance._change_reason = self.history()["default_change_reason"]
            self.save_one(instance)
            if self.case is not None and hasattr(instance, "cases"):
                instance.cases.add(self.case)
        return instances

    def save_one(self, instance):
        instance.save()


BLANK = str(models.Field.default_error_messages["blank"])


def _editors_words(column, messages):
    messages = ValidationError(messages).messages
    return [
        _("is empty: every row needs a %(column)s.") % {"column": column} if str(message) == BLANK else str(message)
        for message in messages
    ]


def person_keys(person, taken_slugs):
    """The folded spellings of ``person``, from its search text (``fill_derived_fields``, the one rule)."""
    person.fill_derived_fields(aliases=person.import_aliases, taken_slugs=taken_slugs)
    return [key for key in person.search_text.split() if not key.startswith(SOUND_MARK)]


def known_names():
    """Every folded spelling of every recorded person, with the person's name."""
    known = {}
    for name, text in Person.objects.values_list("name", "search_text").iterator(chunk_size=5000):
        for key in text.split():
            known.setdefault(key, set()).add(name)
    return known


VICTIM_SAMPLE = {
    "name": "Example Name",
    "name_fa": "نام نمونه",
    "other_names": "Example Nam; E. Name",
    "fate": "executed",
    "affiliation": "",
    "prison": "evin-prison",
    "arrest_date": "1981",
    "death_date": "1988-08",
    "burial_site": "",
    "notes": "",
    "source": "",
    "quote": "",
}


class VictimResource(CasefileResource):
    label = "victim"
    sample = VICTIM_SAMPLE

    name = text_field("name", "person__name")
    name_fa = text_field("name_fa", "person__name_fa")
    other_names = fields.Field(attribute="person__import_aliases", column_name="other_names", widget=SpellingsWidget())
    fate = fields.Field(attribute="fate", column_name="fate", widget=ChoiceWidget(Fate), default=Fate.UNKNOWN)
    affiliation = text_field("affiliation")
    prison = fields.Field(attribute="prison", column_name="prison", widget=SiteWidget())
    arrest_date = PartialDateField(attribute="arrest_date", column_name="arrest_date")
    death_date = PartialDateField(attribute="death_date", column_name="death_date")
    burial_site = fields.Field(attribute="burial_site", column_name="burial_site", widget=SiteWidget())
    notes = text_field("notes")
    source = text_field("source", "import_source")
    quote = text_field("quote", "import_quote")

    class Meta:
        model = Victim
        fields = tuple(VICTIM_SAMPLE)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.person = Person()
        instance.person.import_aliases = []
        instance.import_source = instance.import_quote = ""
        instance.citation = None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.error_dict
        source_key, quote = instance.import_source, instance.import_quote
        if bool(source_key) != bool(quote):
            errors["quote"] = [_("give both the source and the quoted passage, or neither.")]
        elif source_key:
            source = self.sources().get(source_key)
            if source is None:
                errors["source"] = [
                    _("no source has the slug “%(value)s”: write the slug of a recorded source.")
                    % {"value": source_key}
                ]
            else:
                instance.citation = VictimCitation(source=source, quote=quote)
                if not instance.citation.match():
                    errors["quote"] = [
                        _("the passage is not in the archived text of “%(source)s”: copy it from the source's text.")
                        % {"source": source}
                    ]
        if errors:
            raise ValidationError(errors)

    def sources(self):
        if not hasattr(self, "_sources"):
            self._sources = {source.slug: source for source in Source.objects.all()}
        return self._sources

    def cleaned(self, instance):
        return [
            (instance.person, ["slug", "cases", "search_text"]),
            (instance, ["person", "cases", "prison", "burial_site"]),
        ]

    def name_keys(self, instance):
        return person_keys(instance.person, self.taken_slugs())

    def write(self, instances, fields):
        """Write every victim, its person, spellings and citation in bulk, with a history row each."""
        people = [instance.person for instance in instances]
        for person in people:  # slug and search text: made while checking (``name_keys``)
            for name, value in fields.items():
                setattr(person, name, value)
        history = {**self.history(), "batch_size": 2000}
        people = bulk_create_with_history(people, Person, **history)
        names = []
        for instance, person in zip(instances, people, strict=True):
            instance.person = person
            for name, value in fields.items():
                setattr(instance, name, value)
            names += [PersonName(person=person, name=alias) for alias in person.import_aliases]
        for name in names:
            name.detect_script()
        bulk_create_with_history(names, PersonName, **history)
        victims = bulk_create_with_history(instances, Victim, **history)
        citations = []
        for victim in victims:
            if victim.citation is not None:
                victim.citation.fact = victim
                citations.append(victim.citation)
        bulk_create_with_history(citations, VictimCitation, **history)
        if self.case is not None:
            Person.cases.through.objects.bulk_create(
                [Person.cases.through(person_id=person.pk, case_id=self.case.pk) for person in people], batch_size=2000
            )
            Victim.cases.through.objects.bulk_create(
                [Victim.cases.through(victim_id=victim.pk, case_id=self.case.pk) for victim in victims],
                batch_size=2000,
            )
        return victims


PERSON_SAMPLE = {
    "name": "Example Name",
    "name_fa": "نام نمونه",
    "other_names": "Example Nam; E. Name",
    "description": "",
}


class PersonResource(CasefileResource):
    label = "person"
    sample = PERSON_SAMPLE

    name = text_field("name")
    name_fa = text_field("name_fa")
    other_names = fields.Field(attribute="import_aliases", column_name="other_names", widget=SpellingsWidget())
    description = text_field("description")

    class Meta:
        model = Person
        fields = tuple(PERSON_SAMPLE)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.import_aliases = []

    def cleaned(self, instance):
        return [(instance, ["slug", "cases", "search_text"])]

    def name_keys(self, instance):
        return person_keys(instance, self.taken_slugs())

    def save_one(self, instance):
        instance.save()
        for alias in instance.import_aliases:
            spelling = PersonName(person=instance, name=alias)
            spelling._history_user = instance._history_user
            spelling.save()


SOURCE_SAMPLE = {
    "title": "Example report",
    "kind": "ngo_report",
    "publisher": "Example Organisation",
    "author": "",
    "published_on": "2017-08",
    "language": "en",
    "url": "https://example.org/report",
    "archive_url": "",
    "publisher_note": "",
    "text": "The full text of the source, as archived.",
}


class SourceResource(CasefileResource):
    label = "source"
    required = ("title",)
    sample = SOURCE_SAMPLE

    title = text_field("title")
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(SourceKind), default=SourceKind.OTHER)
    publisher = text_field("publisher")
    author = text_field("author")
    published_on = PartialDateField(attribute="published_on", column_name="published_on")
    language = text_field("language")
    url = text_field("url")
    archive_url = text_field("archive_url")
    publisher_note = text_field("publisher_note")
    text = text_field("text", "snapshot")

    class Meta:
        model = Source
        fields = tuple(SOURCE_SAMPLE)

    def cleaned(self, instance):
        return [(instance, ["slug", "cases", "publisher_key", "file"])]


SITE_SAMPLE = {
    "name": "Example Prison",
    "name_fa": "زندان نمونه",
    "other_names": "Example Jail",
    "kind": "prison",
    "city": "Tehran",
    "province": "Tehran",
    "latitude": "35.79",
    "longitude": "51.39",
    "coordinate_precision": "approximate",
    "description": "",
}


class SiteResource(CasefileResource):
    label = "site"
    sample = SITE_SAMPLE

    name = text_field("name")
    name_fa = text_field("name_fa")
    other_names = fields.Field(attribute="other_names", column_name="other_names", widget=SpellingsWidget())
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(SiteKind), default=SiteKind.OTHER)
    city = text_field("city")
    province = text_field("province")
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=widgets.DecimalWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=widgets.DecimalWidget())
    coordinate_precision = fields.Field(
        attribute="coordinate_precision",
        column_name="coordinate_precision",
        widget=ChoiceWidget(CoordinatePrecision),
        default=CoordinatePrecision.UNKNOWN,
    )
    description = text_field("description")

    class Meta:
        model = Site
        fields = tuple(SITE_SAMPLE)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if isinstance(instance.other_names, list):
            instance.other_names = "\n".join(instance.other_names)
        if (instance.latitude is None) != (instance.longitude is None):
            raise ValidationError({"longitude": [_("give both latitude and longitude, or neither.")]})
        if instance.latitude is not None and instance.coordinate_precision == CoordinatePrecision.UNKNOWN:
            raise ValidationError(
                {
                    "coordinate_precision": [
                        _("say how precise the coordinates are: %(choices)s.")
                        % {
                            "choices": ", ".join(
                                v for v in CoordinatePrecision.values if v != CoordinatePrecision.UNKNOWN
                            )
                        }
                    ]
                }
            )


RESOURCES = {"victims": VictimResource, "people": PersonResource, "sources": SourceResource, "sites": SiteResource}


def row_errors(result):
    """Every error of an import as (spreadsheet row, column, what is wrong), in the file's order."""
    found = [("", "", message) for error in result.base_errors for message in _messages(error.error)]
    for number, errors in result.row_errors():
        found += [(number + HEADER_ROWS, "", message) for error in errors for message in _messages(error.error)]
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            found += [(row.number + HEADER_ROWS, column, message) for message in messages]
    return found


def _messages(error):
    return error.messages if isinstance(error, ValidationError) else [str(error)]
