"""Import of the victims registry from a CSV file.

One row a victim. Every row is checked before anything is written; a file with
any bad row changes nothing, and the message names each bad row and column.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from casefile.core.dates import parse_partial_date
from casefile.core.models import PublicationState
from casefile.people.models import Fate, Person, PersonName, Victim, VictimCitation
from casefile.places.models import Site
from casefile.sources.matching import locate
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


def import_victims(text, *, case, state=PublicationState.DRAFT):
    """Import the CSV ``text`` into ``case``; return the number of victims created."""
    rows = _read(text)
    sites = {site.name.casefold(): site for site in Site.objects.all()} | {
        site.slug: site for site in Site.objects.all()
    }
    sources = {source.slug: source for source in Source.objects.all()}
    errors, plans = [], []
    for row in rows:
        plan, row_errors = _check(row, sites, sources)
        errors.extend(f"row {row.number}: {message}" for message in row_errors)
        plans.append(plan)
    if errors:
        raise VictimImportError(errors)
    with transaction.atomic():
        for plan in plans:
            _create(plan, case=case, state=state)
    return len(plans)


def _check(row, sites, sources):
    values, errors, plan = row.values, [], {}
    if not values.get("name"):
        errors.append("name: a name is required.")
    plan["person"] = {"name": values.get("name", ""), "name_fa": values.get("name_fa", "")}
    plan["aliases"] = [name.strip() for name in values.get("other_names", "").split(";") if name.strip()]
    fate = values.get("fate") or Fate.UNKNOWN
    if fate not in Fate.values:
        errors.append(f"fate: {fate!r} is not one of {', '.join(Fate.values)}.")
    victim = {"fate": fate, "affiliation": values.get("affiliation", ""), "notes": values.get("notes", "")}
    for column in ("prison", "burial_site"):
        key = values.get(column, "")
        if key and key.casefold() not in sites and key not in sites:
            errors.append(f"{column}: no site named {key!r}; add the site first.")
        victim[column] = sites.get(key.casefold()) or sites.get(key) if key else None
    for column in ("arrest_date", "death_date"):
        try:
            date, precision = parse_partial_date(values.get(column, ""))
        except ValueError:
            errors.append(f"{column}: {values[column]!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD).")
            date, precision = None, ""
        victim[column], victim[f"{column}_precision"] = date, precision
    plan["victim"] = victim
    source_key, quote = values.get("source", ""), values.get("quote", "")
    if bool(source_key) != bool(quote):
        errors.append("source, quote: give both the source and the quoted passage, or neither.")
    elif source_key:
        source = sources.get(source_key)
        if source is None:
            errors.append(f"source: no source with the slug {source_key!r}.")
        elif source.snapshot and locate(source.snapshot, quote) is None:
            errors.append(f"quote: the passage is not in the archived text of “{source}”.")
        plan["citation"] = {"source": source, "quote": quote}
    return plan, errors


def _create(plan, *, case, state):
    person = Person(state=state, **plan["person"])
    person.full_clean()
    person.save()
    person.cases.set([case])
    for alias in plan["aliases"]:
        PersonName.objects.get_or_create(person=person, name=alias)
    victim = Victim(person=person, state=state, **plan["victim"])
    try:
        victim.full_clean()
    except ValidationError as error:  # checked above; a failure here is a bug, not bad input
        raise VictimImportError([str(error)]) from error
    victim.save()
    victim.cases.set([case])
    if "citation" in plan:
        citation = VictimCitation(fact=victim, **plan["citation"])
        citation.full_clean()
        citation.save()
