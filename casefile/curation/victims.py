"""Import of the victims registry from a CSV file.

One row a victim. Every row is checked before anything is written; a file with
any bad row changes nothing, and the message names each bad row and column.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from casefile.core import workflow
from casefile.core.dates import parse_partial_date
from casefile.core.text import search_text
from casefile.people.models import Fate, Person, PersonName, Victim, VictimCitation
from casefile.places.models import Site
from casefile.sources.models import Source

COLUMNS = [
    "name",
    "name_fa",
    "other_names",
    "fate",
    "affiliation",
    "prison",
    "arrest_date",
    "death_date",
    "burial_site",
    "notes",
    "source",
    "quote",
]
REQUIRED = ["name"]


class VictimImportError(Exception):
    """The file was not imported; ``errors`` lists every problem found."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Row:
    number: int
    values: dict


def _read(text):
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        raise VictimImportError([f"The file has no column {', '.join(missing)}. Columns: {', '.join(COLUMNS)}."])
    unknown = [column for column in reader.fieldnames if column not in COLUMNS]
    if unknown:
        raise VictimImportError([f"Unknown column {', '.join(unknown)}. Columns: {', '.join(COLUMNS)}."])
    return [
        Row(number, {key: (value or "").strip() for key, value in row.items() if key})
        for number, row in enumerate(reader, start=2)
    ]


@dataclass
class Checked:
    """A file read and checked row by row, before anything is written."""

    rows: list  # Row, in file order
    plans: list  # what each row creates
    errors: list  # "row N: column: what is wrong"
    duplicates: dict  # row number -> names of existing people (or earlier rows) that fold to the same name


def check_victims(text):
    """Read and check every row of the CSV ``text``; write nothing.

    Raises ``VictimImportError`` for a file that cannot be read at all (a missing or unknown column).
    A row whose name, in any spelling, folds to the name of a person already in the database (or
    of an earlier row) is flagged as a possible duplicate: it is shown, never merged.
    """
    rows = _read(text)
    sites = {site.slug: site for site in Site.objects.all()}
    sites |= {(site.name_en or site.name).casefold(): site for site in sites.values()}
    sources = {source.slug: source for source in Source.objects.all()}
    known = _known_names()
    errors, plans, duplicates = [], [], {}
    for row in rows:
        plan, row_errors = _check(row, sites, sources)
        errors.extend(f"row {row.number}: {message}" for message in row_errors)
        plans.append(plan)
        keys = search_text(*plan["person"].all_names(plan["aliases"])).split()
        matches = sorted({name for key in keys for name in known.get(key, ())})
        if matches:
            duplicates[row.number] = matches
        for key in keys:
            known.setdefault(key, set()).add(f"row {row.number}: {plan['person'].name}")
    return Checked(rows, plans, errors, duplicates)


def _known_names():
    """Every folded spelling of every person in the database, with the person's name."""
    known = {}
    for name, text in Person.objects.values_list("name", "search_text").iterator(chunk_size=5000):
        for key in text.split():
            known.setdefault(key, set()).add(name)
    return known


@translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)  # bulk writes read each name in English
def import_victims(text, *, case, user=None, checked=None):
    """Import the CSV ``text`` into ``case`` as drafts for review; return the number of victims created.

    Rows are checked one by one first; a file with any bad row writes nothing. Then everything is
    written in bulk, in one transaction (``workflow.create_imported_drafts``), with a history row for
    every record created (by ``user``). Publishing them is a reviewer's decision, through the workflow.
    """
    checked = checked or check_victims(text)
    if checked.errors:
        raise VictimImportError(checked.errors)
    return workflow.create_imported_drafts(
        user=user, model=Victim, write=lambda: _create(checked.plans, case=case, user=user) or len(checked.plans)
    )


def _field_errors(instance, exclude):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return []


def _check(row, sites, sources):
    values, errors = row.values, []
    person = Person(name_en=values.get("name", ""), name_fa=values.get("name_fa", ""))
    aliases = [name.strip() for name in values.get("other_names", "").split(";") if name.strip()]
    errors += _field_errors(person, exclude=["slug", "cases"])
    fate = values.get("fate") or Fate.UNKNOWN
    victim = Victim(fate=fate, affiliation=values.get("affiliation", ""), notes=values.get("notes", ""))
    for column in ("prison", "burial_site"):
        key = values.get(column, "")
        site = sites.get(key) or sites.get(key.casefold())
        if key and site is None:
            errors.append(f"{column}: no site named {key!r}; add the site first.")
        setattr(victim, column, site)
    for column in ("arrest_date", "death_date"):
        try:
            date, precision = parse_partial_date(values.get(column, ""))
        except ValueError:
            errors.append(f"{column}: {values[column]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD).")
            date, precision = None, ""
        setattr(victim, column, date)
        setattr(victim, f"{column}_precision", precision)
    errors += _field_errors(victim, exclude=["person", "cases", "prison", "burial_site"])
    if fate not in Fate.values:
        errors = [e for e in errors if not e.startswith("fate:")]
        errors.append(f"fate: {fate!r} is not one of {', '.join(Fate.values)}.")
    citation = None
    source_key, quote = values.get("source", ""), values.get("quote", "")
    if bool(source_key) != bool(quote):
        errors.append("source, quote: give both the source and the quoted passage, or neither.")
    elif source_key:
        source = sources.get(source_key)
        if source is None:
            errors.append(f"source: no source with the slug {source_key!r}.")
        else:
            citation = VictimCitation(source=source, quote=quote)
            if not citation.match():
                errors.append(f"quote: the passage is not in the archived text of “{source}”.")
    return {"person": person, "aliases": aliases, "victim": victim, "citation": citation}, errors


def _create(plans, *, case, user):
    taken = set(Person.objects.values_list("slug", flat=True))
    for plan in plans:
        plan["person"].fill_derived_fields(aliases=plan["aliases"], taken_slugs=taken)
    history = {"default_user": user, "default_change_reason": "victims import", "batch_size": 500}
    people = bulk_create_with_history([plan["person"] for plan in plans], Person, **history)
    names = []
    for plan, person in zip(plans, people, strict=True):
        plan["victim"].person = person
        names += [PersonName(person=person, name=alias) for alias in dict.fromkeys(plan["aliases"])]
    for name in names:
        name.detect_script()
    bulk_create_with_history(names, PersonName, **history)
    victims = bulk_create_with_history([plan["victim"] for plan in plans], Victim, **history)
    citations = []
    for plan, victim in zip(plans, victims, strict=True):
        if plan["citation"] is not None:
            plan["citation"].fact = victim
            citations.append(plan["citation"])
    bulk_create_with_history(citations, VictimCitation, **history)
    Person.cases.through.objects.bulk_create(
        [Person.cases.through(person_id=person.pk, case_id=case.pk) for person in people], batch_size=500
    )
    Victim.cases.through.objects.bulk_create(
        [Victim.cases.through(victim_id=victim.pk, case_id=case.pk) for victim in victims], batch_size=500
    )
