"""Load a curated case file (YAML, see fixtures/seed_case.yaml) into the database.

Every record goes through ``full_clean()`` and every citation is located in its
source's archived text, so a case file that loads is a case file whose every quote
verifies. The whole file loads in one transaction: an error changes no row.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from casefile.cases.models import Case, CaseCitation
from casefile.core import workflow
from casefile.core.dates import parse_partial_date
from casefile.events.models import Event, EventCitation, Testimony, TestimonyCitation
from casefile.figures.models import Answer, Figure, FigureCitation, Question
from casefile.people.models import (
    Organisation,
    OrganisationCitation,
    Person,
    PersonCitation,
    PersonName,
    Position,
    PositionCitation,
    Witness,
)
from casefile.places.models import Site, SiteCitation, SiteObservation, SiteObservationCitation
from casefile.sources.models import Source


class CaseFileError(Exception):
    """The case file cannot be loaded; the message says where and why."""


@dataclass
class _Keys:
    sources: dict = field(default_factory=dict)
    sites: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)

    def get(self, kind, key, where):
        if not key:
            return None
        try:
            return getattr(self, kind)[key]
        except KeyError:
            singular = "person" if kind == "people" else kind[:-1]
            raise CaseFileError(f"{where}: no {singular} with key {key!r}") from None


def _dates(entry, name, key=None):
    """Partial-date fields for ``entry[key]`` ("1988-07"), as model keyword arguments."""
    value, precision = parse_partial_date(str(entry.get(key or name) or ""))
    approximate = bool(entry.get("approximate")) if name == "date" and value else False
    return {name: value, f"{name}_precision": precision, f"{name}_approximate": approximate}


def _coordinates(location):
    """A site's ``location`` entry ({latitude, longitude, precision, basis}) as model keyword arguments."""
    if not location:
        return {}
    return {
        "latitude": str(location.get("latitude", "")) or None,
        "longitude": str(location.get("longitude", "")) or None,
        "coordinate_precision": location.get("precision") or "unknown",
        "coordinate_basis": location.get("basis") or "editors",
    }


def _save(instance, where, exclude=None):
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        raise CaseFileError(f"{where}: {'; '.join(_messages(error))}") from None
    instance.save()
    return instance


def _code(entry):
    return {"code": str(entry["witness_code"])} if entry.get("witness_code") else {}


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages


def load_case_file(path, *, publish_as=None):
    """Load the case file at ``path``; return the case. Raises ``CaseFileError``.

    Records are created as drafts. With ``publish_as`` (a reviewer's or administrator's account),
    they are then published through the workflow as that person's recorded decision; an
    account that may not publish them loads nothing.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CaseFileError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict) or "case" not in data:
        raise CaseFileError(f"{path}: not a case file (no 'case' at the top)")
    # Under English, ``title=`` writes the English text; every Persian text is named ``*_fa``.
    with transaction.atomic(), translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        loader = _Loader(path.parent)
        case = loader.load(data)
        if publish_as is not None:
            try:
                workflow.publish_curated(
                    records=loader.records,
                    user=publish_as,
                    reason=_("Published on loading the curated case file %(name)s") % {"name": path.name},
                )
            except (PermissionDenied, ValidationError) as error:
                raise CaseFileError(f"{publish_as} cannot publish this case file: {error}") from None
        return case


class _Loader:
    def __init__(self, folder):
        self.folder = folder
        self.keys = _Keys()
        self.records = []

    def cite(self, citation_model, fact, entries, where):
        for n, entry in enumerate(entries or []):
            here = f"{where}.citations[{n}]"
            source = self.keys.get("sources", str(entry.get("source", "")), here)
            citation = citation_model(
                fact=fact,
                source=source,
                quote=entry.get("quote") or "",
                quote_translation_fa=entry.get("quote_translation_fa") or "",
            )
            _save(citation, here)

    def record(self, instance, entry, where, citation_model=None, cases=True):
        instance.editor_note = entry.get("note") or ""
        instance.editor_note_fa = entry.get("note_fa") or ""
        _save(instance, where)
        self.records.append(instance)
        if cases:
            instance.cases.set([self.case])
        if citation_model:
            self.cite(citation_model, instance, entry.get("citations"), where)
        return instance

    def load(self, data):
        for n, entry in enumerate(data.get("sources") or []):
            self.load_source(entry, f"sources[{n}]")
        entry = data["case"]
        self.case = self.record(
            Case(
                title=entry.get("title", ""),
                title_fa=entry.get("title_fa") or "",
                slug=entry.get("slug", ""),
                summary=entry.get("summary", ""),
                summary_fa=entry.get("summary_fa") or "",
            ),
            entry,
            "case",
            CaseCitation,
            cases=False,
        )
        for entry in data.get("sites") or []:
            self.load_site(entry, f"sites[{entry.get('key')}]")
        for entry in data.get("organisations") or []:
            self.load_organisation(entry, f"organisations[{entry.get('key')}]")
        for entry in data.get("organisations") or []:
            self.link_organisation(entry, f"organisations[{entry.get('key')}]")
        for entry in data.get("people") or []:
            self.load_person(entry, f"people[{entry.get('key')}]")
        for entry in data.get("events") or []:
            self.load_event(entry, f"events[{entry.get('key')}]")
        for entry in data.get("events") or []:
            self.link_event(entry, f"events[{entry.get('key')}]")
        for entry in data.get("testimonies") or []:
            self.load_testimony(entry, f"testimonies[{entry.get('key')}]")
        for entry in data.get("figures") or []:
            self.load_figure(entry, f"figures[{entry.get('key')}]")
        for n, entry in enumerate(data.get("conflicts") or []):
            self.load_conflict(entry, f"conflicts[{n}]")
        self.case.headline_questions.set(
            [self.headline_question(text) for text in data["case"].get("headline_questions") or []]
        )
        return self.case

    def load_source(self, entry, where):
        text = ""
        if entry.get("file"):
            try:
                text = (self.folder / entry["file"]).read_text(encoding="utf-8")
            except OSError as error:
                raise CaseFileError(f"{where}: cannot read the source text: {error}") from None
        source = Source(
            title=entry.get("title", ""),
            kind=entry.get("kind") or "other",
            publisher=entry.get("publisher") or "",
            byline=entry.get("byline") or "",
            author=entry.get("author") or "",
            language=entry.get("language") or "en",
            url=entry.get("url") or "",
            publisher_note=entry.get("publisher_note") or "",
            publisher_note_fa=entry.get("publisher_note_fa") or "",
            reliability=entry.get("reliability") or "unassessed",
            snapshot=text,
            **_dates(entry, "published_on", "published"),
        )
        self.keys.sources[str(entry.get("key"))] = self.record(source, entry, where, cases=False)

    def load_site(self, entry, where):
        site = Site(
            name=entry.get("name", ""),
            name_fa=entry.get("name_fa") or "",
            other_names="\n".join(entry.get("aliases") or []),
            kind=entry.get("kind") or "other",
            city=entry.get("city") or "",
            city_fa=entry.get("city_fa") or "",
            province=entry.get("province") or "",
            province_fa=entry.get("province_fa") or "",
            country=entry.get("country") or "",
            country_fa=entry.get("country_fa") or "",
            description=entry.get("description") or "",
            description_fa=entry.get("description_fa") or "",
            **_coordinates(entry.get("location")),
        )
        location_note = (entry.get("location") or {}).get("note")
        if location_note:  # how the editors placed the site, beside the other notes
            entry = {**entry, "note": "\n\n".join(filter(None, [entry.get("note"), location_note]))}
        self.keys.sites[entry.get("key")] = self.record(site, entry, where, SiteCitation)
        for n, observation in enumerate(entry.get("observations") or []):
            here = f"{where}.observations[{n}]"
            row = _save(
                SiteObservation(
                    site=site,
                    status=observation.get("status") or "unknown",
                    note=observation.get("note") or "",
                    note_fa=observation.get("note_fa") or "",
                    **_dates(observation, "date"),
                ),
                here,
            )
            self.cite(SiteObservationCitation, row, observation.get("citations"), here)

    def load_organisation(self, entry, where):
        organisation = Organisation(
            name=entry.get("name", ""),
            name_fa=entry.get("name_fa") or "",
            other_names="\n".join(entry.get("aliases") or []),
            slug=entry.get("slug") or "",
            kind=entry.get("kind") or "other",
            description=entry.get("description") or "",
            description_fa=entry.get("description_fa") or "",
        )
        self.keys.organisations[entry.get("key")] = self.record(organisation, entry, where, OrganisationCitation)

    def link_organisation(self, entry, where):
        if entry.get("parent"):
            organisation = self.keys.organisations[entry.get("key")]
            organisation.parent = self.keys.get("organisations", entry["parent"], where)
            _save(organisation, where)

    def load_person(self, entry, where):
        person = self.record(
            Person(
                name=entry.get("name", ""),
                name_fa=entry.get("name_fa") or "",
                name_fa_added_by_editors=bool(entry.get("name_fa_added_by_editors")),
                description=entry.get("description") or "",
                description_fa=entry.get("description_fa") or "",
            ),
            entry,
            where,
            PersonCitation,
        )
        self.keys.people[entry.get("key")] = person
        for alias in entry.get("aliases") or []:
            _save(PersonName(person=person, name=alias), f"{where}.aliases[{alias}]")
        for n, item in enumerate(entry.get("positions") or []):
            here = f"{where}.positions[{n}]"
            position = _save(
                Position(
                    person=person,
                    kind=item.get("kind") or "other",
                    title=item.get("title", ""),
                    title_fa=item.get("title_fa") or "",
                    organisation=self.keys.get("organisations", item.get("organisation"), here),
                    place=item.get("place") or "",
                    place_fa=item.get("place_fa") or "",
                    description=item.get("note") or "",
                    description_fa=item.get("note_fa") or "",
                    **_dates(item, "start_date", "start"),
                    **_dates(item, "end_date", "end"),
                ),
                here,
            )
            position.sites.set([self.keys.get("sites", key, here) for key in item.get("sites") or []])
            self.cite(PositionCitation, position, item.get("citations"), here)

    def load_event(self, entry, where):
        event = Event(
            title=entry.get("title", ""),
            title_fa=entry.get("title_fa") or "",
            description_fa=entry.get("description_fa") or "",
            kind=entry.get("kind") or "other",
            place=entry.get("place") or "",
            place_fa=entry.get("place_fa") or "",
            city=entry.get("city") or "",
            city_fa=entry.get("city_fa") or "",
            country=entry.get("country") or "",
            country_fa=entry.get("country_fa") or "",
            site=self.keys.get("sites", entry.get("site"), where),
            description=entry.get("description") or "",
            **_dates(entry, "date"),
            **_dates(entry, "end_date"),
        )
        self.keys.events[entry.get("key")] = self.record(event, entry, where, EventCitation)

    def link_event(self, entry, where):
        event = self.keys.events[entry.get("key")]
        event.people.set([self.keys.get("people", key, where) for key in entry.get("people") or []])
        if entry.get("parent"):
            event.parent = self.keys.get("events", entry["parent"], where)
            _save(event, where)

    def load_testimony(self, entry, where):
        confidentiality = entry.get("confidentiality") or "public"
        witness = None
        if confidentiality != "public":
            # The identity stays in the private witness record; the public sees only its code.
            witness = Witness.objects.create(name=entry.get("witness") or "", **_code(entry))
        testimony = self.record(
            Testimony(
                speaker=self.keys.get("people", entry.get("speaker"), where),
                witness=witness,
                speaker_description=entry.get("speaker_description") or "",
                speaker_description_fa=entry.get("speaker_description_fa") or "",
                event=self.keys.get("events", entry.get("event"), where),
                kind=entry.get("kind") or "other",
                language=entry.get("language") or "en",
                text=entry.get("text") or "",
                confidentiality=confidentiality,
                **_dates(entry, "date"),
            ),
            entry,
            where,
            TestimonyCitation,
        )
        testimony.people.set([self.keys.get("people", key, where) for key in entry.get("people") or []])

    def headline_question(self, text):
        try:
            return Question.objects.get(text=text, revision_of__isnull=True)
        except Question.DoesNotExist:
            raise CaseFileError(f"case.headline_questions: no figure answers {text!r}") from None

    def question(self, entry, where):
        """The question ``entry`` answers: the one asked already, or a new record, published with the others."""
        text = entry.get("question") or ""
        question = Question.objects.filter(text=text, revision_of__isnull=True).first()
        if question is None:
            question = _save(self.prepare(Question(text=text)), f"{where}.question")
            self.records.append(question)
        if entry.get("question_fa") and not question.text_fa:
            question.text_fa = entry["question_fa"]
            _save(question, f"{where}.question_fa")
        return question

    def prepare(self, record):
        """A new record before it is first saved (an import sets its review fields here)."""
        return record

    def load_conflict(self, entry, where):
        """Facts that answer one question differently: an event's date or place, a person's title.

        Figures answer their own ``question`` already; here the other facts join it (or a new one).
        ``preferred: true`` on one answer, with the entry's ``preferred_reason``, marks the editors' preference.
        """
        question = self.question(entry, where)
        preferred = None
        for n, item in enumerate(entry.get("answers") or []):
            here = f"{where}.answers[{n}]"
            answer = Answer(
                question=question,
                reading=str(item.get("answer") or ""),
                event=self.keys.get("events", item.get("event"), here),
                person=self.keys.get("people", item.get("person"), here),
            )
            if item.get("position"):
                answer.position = answer.person and answer.person.positions.filter(title=item["position"]).first()
                if answer.position is None:
                    raise CaseFileError(f"{here}: no position titled {item['position']!r} of that person")
            _save(answer, here)
            if item.get("preferred"):
                preferred = answer
        if preferred is not None:
            question.preferred, question.preferred_reason = preferred, entry.get("preferred_reason") or ""
            _save(question, where)

    def load_figure(self, entry, where):
        question = self.question(entry, where)
        figure = self.record(
            Figure(
                question=question,
                value_text=str(entry.get("value_text") or ""),
                value_text_fa=str(entry.get("value_text_fa") or ""),
                value_low=entry.get("low"),
                value_high=entry.get("high"),
                qualifier=entry.get("qualifier") or "exact",
                claimant=entry.get("claimant") or "",
                claimant_fa=entry.get("claimant_fa") or "",
                claimant_person=self.keys.get("people", entry.get("claimant_person"), where),
                event=self.keys.get("events", entry.get("event"), where),
                site=self.keys.get("sites", entry.get("site"), where),
                description=entry.get("description") or "",
                description_fa=entry.get("description_fa") or "",
                **_dates(entry, "date"),
            ),
            entry,
            where,
            FigureCitation,
        )
        figure.people.set([self.keys.get("people", key, where) for key in entry.get("people") or []])
