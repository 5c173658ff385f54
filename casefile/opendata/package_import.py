"""Read a data package made by ``build_datapackage`` back into an empty database (the round trip).

The package's JSON files are turned into the entries of a curated case file and go through the
case file's loader (``casefile.curation.loader``): every record through ``full_clean()`` and its
model's ``save()`` (slugs, name folding, partial dates), every citation located again in its
source's text. On top of the loader's checks, each source's text must hash to the SHA-256 the
package states, and each citation must land at the offsets the package states. Any error writes
nothing: the whole package loads in one transaction.

The records arrive as one review batch (a reviewer publishes them), unless ``publish_as`` is
given: restoring one's own archive, published at once as that account's recorded decision.
"""

import csv
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from casefile.cases.models import Case
from casefile.core import workflow
from casefile.core.dates import parse_partial_date
from casefile.curation.loader import CaseFileError, _dates, _Loader, _save
from casefile.events.models import Event
from casefile.people.models import Organisation, Person, PersonName, Victim, VictimCitation
from casefile.places.models import Site
from casefile.sources.matching import sha256
from casefile.sources.models import Source

# The files the package must hold, as ``build_datapackage`` writes them.
REQUIRED = ("cases", "sources-text", "sites", "people", "events", "testimonies", "figures", "victims")


class PackageError(Exception):
    """The package cannot be imported; the message says which file and why."""


def read_package(path):
    """{resource name: parsed JSON} of the package at ``path`` (a zip), after checking its descriptor."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise PackageError(f"{path}: not a zip file: {error}") from None
    with archive:
        names = set(archive.namelist())
        if "datapackage.json" not in names:
            raise PackageError(f"{path}: no datapackage.json: not a data package")
        descriptor = _json(archive, "datapackage.json")
        paths = {resource.get("path") for resource in descriptor.get("resources") or [] if isinstance(resource, dict)}
        data = {}
        for name in REQUIRED:
            member = f"{name}.json"
            if member not in paths or member not in names:
                raise PackageError(f"{path}: the package has no {member}")
            data[name] = _json(archive, member)
            if not isinstance(data[name], list):
                raise PackageError(f"{member}: not a list of records")
        if "citations.csv" not in names:
            raise PackageError(f"{path}: the package has no citations.csv")
        try:
            data["citations"] = list(csv.DictReader(io.TextIOWrapper(archive.open("citations.csv"), encoding="utf-8")))
        except (csv.Error, UnicodeDecodeError) as error:
            raise PackageError(f"citations.csv: not valid UTF-8 CSV: {error}") from None
    if len(data["cases"]) != 1:
        raise PackageError(f"cases.json: a package holds one case, this one holds {len(data['cases'])}")
    return data


def _json(archive, member):
    try:
        return json.load(io.TextIOWrapper(archive.open(member), encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile) as error:
        raise PackageError(f"{member}: not valid UTF-8 JSON: {error}") from None


def _date(value):
    return (value or {}).get("value") or ""


def _path(url):
    """A record's URL without the site's address: the same key whether the package's URLs are absolute or not."""
    return urlsplit(url or "").path


def _url(link):
    return _path((link or {}).get("url"))


def _citations(entry):
    return [
        {
            "source": c["source"]["slug"],
            "quote": c["quote"],
            "quote_translation_fa": c.get("quote_translation_fa") or "",
            "start": c["start"],
            "end": c["end"],
        }
        for c in entry.get("citations") or []
    ]


def _organisation_citations(rows):
    """{organisation URL: its citations} from citations.csv (organisations have no file of their own)."""
    found = {}
    for row in rows:
        if row.get("fact_type") == "organisation":
            found.setdefault(_path(row.get("fact_url")), []).append(
                {
                    "source": row["source_slug"],
                    "quote": row["quote"],
                    "start": int(row["start"]),
                    "end": int(row["end"]),
                }
            )
    return found


def _conflicts(data):
    """Facts that answer one question differently (events, people), from the questions each record carries.

    A figure's own answer is made by the figure (its ``question``); the others join the question here.
    """
    questions = {}
    for records in (data["people"], data["events"], data["figures"]):
        for record in records:
            for question in record.get("questions") or []:
                entry = questions.setdefault(
                    question["question"], {"question": question["question"], "answers": [], "seen": set()}
                )
                if question.get("preferred_reason"):
                    entry["preferred_reason"] = question["preferred_reason"]
                for answer in question.get("answers") or []:
                    key = (answer.get("fact"), _path(answer.get("url")), answer.get("answer"))
                    if answer.get("fact") in ("event", "person") and key not in entry["seen"]:
                        entry["seen"].add(key)
                        entry["answers"].append(
                            {
                                answer["fact"]: key[1],
                                "answer": answer.get("answer") or "",
                                "preferred": bool(answer.get("preferred")),
                            }
                        )
    return [
        {key: value for key, value in entry.items() if key != "seen"}
        for entry in questions.values()
        if entry["answers"]
    ]


def _persian(record):
    """The record's Persian texts (``*_fa``) as the package gives them, set on the record as it is made."""
    return {key: value for key, value in record.items() if key.endswith("_fa") and isinstance(value, str)}


def case_file(data):
    """The package's records as the entries of a curated case file (see fixtures/seed_case.yaml)."""
    case = data["cases"][0]
    organisations = {}
    cited = _organisation_citations(data["citations"])
    for person in data["people"]:
        for position in person.get("positions") or []:
            if position.get("organisation"):
                organisation = position["organisation"]
                organisations.setdefault(_url(organisation), organisation)
    return {
        "case": {
            "slug": case["slug"],
            "title": case["title"],
            "title_fa": case.get("title_fa") or "",
            "summary": case.get("summary") or "",
            "summary_fa": case.get("summary_fa") or "",
            "note": case.get("editor_note") or "",
            "citations": _citations(case),
            "persian": _persian(case),
        },
        "sources": data["sources-text"],
        "organisations": [
            {
                "key": key,
                "name": o["name"],
                "name_fa": o.get("name_fa") or "",
                "slug": o.get("slug") or "",
                "citations": cited.get(key, []),
            }
            for key, o in organisations.items()
        ],
        "sites": [
            {
                "key": _path(site["url"]),
                "slug": site["slug"],
                "name": site["name"],
                "name_fa": site.get("name_fa") or "",
                "aliases": [n for n in (site.get("other_names") or "").splitlines() if n.strip()],
                "kind": site.get("kind"),
                "city": site.get("city"),
                "province": site.get("province"),
                "country": site.get("country"),
                "description": site.get("description"),
                "note": site.get("editor_note") or "",
                "location": (
                    {
                        "latitude": site["latitude"],
                        "longitude": site["longitude"],
                        "precision": site.get("coordinate_precision"),
                    }
                    if site.get("latitude") is not None
                    else None
                ),
                "citations": _citations(site),
                "persian": _persian(site),
                "observations": [
                    {
                        "status": o.get("status"),
                        "note": o.get("note") or "",
                        "note_fa": o.get("note_fa") or "",
                        "date": _date(o.get("date")),
                        "approximate": (o.get("date") or {}).get("approximate"),
                        "citations": _citations(o),
                    }
                    for o in site.get("observations") or []
                ],
            }
            for site in data["sites"]
        ],
        "people": [
            {
                "key": _path(person["url"]),
                "slug": person["slug"],
                "name": person["name"],
                "name_fa": person.get("name_fa") or "",
                "aliases": person.get("other_names") or [],
                "description": person.get("description") or "",
                "note": person.get("editor_note") or "",
                "citations": _citations(person),
                "persian": _persian(person),
                "positions": [
                    {
                        "kind": p.get("kind"),
                        "title": p.get("title") or "",
                        "title_fa": p.get("title_fa") or "",
                        "organisation": _url(p.get("organisation")) or None,
                        "place": p.get("place") or "",
                        "place_fa": p.get("place_fa") or "",
                        "note": p.get("description") or "",
                        "note_fa": p.get("description_fa") or "",
                        "start": _date(p.get("start_date")),
                        "end": _date(p.get("end_date")),
                        "sites": [_url(s) for s in p.get("sites") or []],
                        "citations": _citations(p),
                    }
                    for p in person.get("positions") or []
                ],
            }
            for person in data["people"]
        ],
        "events": [
            {
                "key": _path(event["url"]),
                "slug": event["slug"],
                "title": event["title"],
                "kind": event.get("kind"),
                "date": _date(event.get("date")),
                "approximate": (event.get("date") or {}).get("approximate"),
                "end_date": _date(event.get("end_date")),
                "place": event.get("place") or "",
                "city": event.get("city") or "",
                "country": event.get("country") or "",
                "site": _url(event.get("site")) or None,
                "parent": _url(event.get("parent")) or None,
                "people": [_url(p) for p in event.get("people") or []],
                "description": event.get("description") or "",
                "note": event.get("editor_note") or "",
                "citations": _citations(event),
                "persian": _persian(event),
            }
            for event in data["events"]
        ],
        "testimonies": [
            {
                "key": testimony["url"],
                "speaker": _path(testimony.get("speaker_url")) or None,
                # A pseudonymous witness is known to the public by a code only; the identity stays out of the package.
                "confidentiality": "pseudonymous" if testimony.get("pseudonymous") else "public",
                "witness": _("Not in the public data package (witness %(code)s)") % {"code": testimony.get("speaker")},
                "witness_code": testimony.get("speaker") if testimony.get("pseudonymous") else "",
                "speaker_description": testimony.get("speaker_description") or "",
                "event": _url(testimony.get("event")) or None,
                "kind": testimony.get("kind"),
                "language": testimony.get("language"),
                "text": testimony.get("text") or "",
                "date": _date(testimony.get("date")),
                "approximate": (testimony.get("date") or {}).get("approximate"),
                "people": [_url(p) for p in testimony.get("people") or []],
                "note": testimony.get("editor_note") or "",
                "citations": _citations(testimony),
                "persian": _persian(testimony),
            }
            for testimony in data["testimonies"]
        ],
        "figures": [
            {
                "key": figure["url"],
                "question": (figure.get("question") or {}).get("text") or "",
                "question_fa": (figure.get("question") or {}).get("text_fa") or "",
                "value_text": figure.get("value_text") or "",
                "low": figure.get("value_low"),
                "high": figure.get("value_high"),
                "qualifier": figure.get("qualifier"),
                "claimant": figure.get("claimant") or "",
                "claimant_person": _url(figure.get("claimant_person")) or None,
                "event": _url(figure.get("event")) or None,
                "site": _url(figure.get("site")) or None,
                "date": _date(figure.get("date")),
                "approximate": (figure.get("date") or {}).get("approximate"),
                "people": [_url(p) for p in figure.get("people") or []],
                "description": figure.get("description") or "",
                "note": figure.get("editor_note") or "",
                "citations": _citations(figure),
                "persian": _persian(figure),
            }
            for figure in data["figures"]
        ],
        "conflicts": _conflicts(data),
        "victims": data["victims"],
    }


class PackageLoader(_Loader):
    """The case file loader, with the package's slugs, source texts, victims and offset checks."""

    def __init__(self, review_fields=None):
        super().__init__(Path("."))
        self.review_fields = review_fields or {}

    def prepare(self, record):
        for name, value in self.review_fields.items():
            setattr(record, name, value)
        return record

    def record(self, instance, entry, where, citation_model=None, cases=True):
        if entry.get("slug") and hasattr(instance, "slug"):
            instance.slug = entry["slug"]  # the permanent URL stays what it was
        for name, value in self.review_fields.items():
            setattr(instance, name, value)
        persian = entry.get("persian") or {}
        if "editor_note_fa" in persian:  # the loader sets the editor's note in both languages from the entry
            entry = {**entry, "note_fa": persian["editor_note_fa"]}
        for name, value in persian.items():
            if hasattr(instance, name):
                setattr(instance, name, value)
        if isinstance(instance, Site) and entry.get("name_fa"):
            instance.name_fa = entry["name_fa"]
        return super().record(instance, entry, where, citation_model, cases)

    def cite(self, citation_model, fact, entries, where):
        super().cite(citation_model, fact, entries, where)
        stated = [(e["source"], e["start"], e["end"]) for e in entries or []]
        found = list(
            citation_model.objects.filter(fact=fact).order_by("pk").values_list("source__slug", "start", "end")
        )
        found = found[-len(stated) :] if stated else []
        for (slug, start, end), (_slug, got_start, got_end) in zip(stated, found, strict=True):
            if (start, end) != (got_start, got_end):
                raise CaseFileError(
                    f"{where}: a quote of {slug} is at {got_start}-{got_end} in the source's text, "
                    f"not at {start}-{end} as the package says"
                )

    def load_source(self, entry, where):
        where = f"sources-text.json[{entry.get('slug')}]"
        text = entry.get("text") or ""
        if sha256(text) != entry.get("sha256"):
            raise CaseFileError(f"{where}: the text does not match its SHA-256 {entry.get('sha256')}")
        source = Source(
            title=entry.get("title", ""),
            kind=entry.get("kind") or "other",
            publisher=entry.get("publisher") or "",
            byline=entry.get("byline") or "",
            author=entry.get("author") or "",
            language=entry.get("language") or "en",
            url=entry.get("original_url") or "",
            archive_url=entry.get("archive_url") or "",
            accessed_on=entry.get("accessed_on") or None,
            publisher_note=entry.get("publisher_note") or "",
            reliability=entry.get("reliability") or "unassessed",
            snapshot=text,
            published_on=None,
        )
        published = entry.get("published_on") or {}
        source.published_on, source.published_on_precision = parse_partial_date(published.get("value") or "")
        entry = {"slug": entry.get("slug"), "note": entry.get("editor_note") or "", "persian": _persian(entry)}
        self.keys.sources[entry["slug"]] = self.record(source, entry, where, cases=False)

    def load(self, data):
        case = super().load(data)
        for entry in data.get("victims") or []:
            self.load_victim(entry, f"victims.json[{entry.get('url')}]")
        return case

    def load_victim(self, entry, where):
        key = _path(entry.get("person_url"))
        person = self.keys.people.get(key)
        if person is not None:  # in people.json too: reviewed and published with its victim record, not alone
            self.records.remove(person)
        else:
            person = Person(name=entry.get("name") or "", name_fa=entry.get("name_fa") or "")
            person.slug = key.strip("/").rpartition("/")[2]
            for name, value in self.review_fields.items():
                setattr(person, name, value)
            _save(person, where)
            person.cases.set([self.case])
            for alias in entry.get("other_names") or []:
                _save(PersonName(person=person, name=alias), f"{where}.other_names[{alias}]")
            self.keys.people[key] = person
        victim = Victim(
            person=person,
            fate=entry.get("fate") or "unknown",
            affiliation=entry.get("affiliation") or "",
            prison=self.keys.get("sites", _url(entry.get("prison")), where),
            burial_site=self.keys.get("sites", _url(entry.get("burial_site")), where),
            notes=entry.get("notes") or "",
            **_dates({"arrest_date": _date(entry.get("arrest_date"))}, "arrest_date"),
            **_dates({"death_date": _date(entry.get("death_date"))}, "death_date"),
        )
        self.record(
            victim,
            {"note": entry.get("editor_note") or "", "citations": _citations(entry), "persian": _persian(entry)},
            where,
            VictimCitation,
        )


def not_empty():
    """Why the database is not empty enough for a package, or ''."""
    for model in (Case, Source, Person, Site, Event, Organisation):
        if model.objects.exists():
            return _("The database already holds %(records)s: a data package is imported into an empty database.") % {
                "records": model._meta.verbose_name_plural
            }
    return ""


def import_package(path, *, user, publish=False):
    """Import the package at ``path``; return (case, review batch or None). Raises ``PackageError``.

    Without ``publish`` the records become one review batch submitted by ``user``; with it (restoring
    an archive) ``user`` publishes them at once, as their recorded decision.
    """
    data = read_package(path)
    reason = _("Import of the data package %(name)s") % {"name": Path(path).name}
    entries = case_file(data)
    try:
        with transaction.atomic():
            if reason_not_empty := not_empty():
                raise PackageError(reason_not_empty)
            if publish:
                loader = PackageLoader()
                case = loader.load(entries)
                workflow.publish_curated(records=loader.records, user=user, reason=reason)
                return case, None
            result = {}

            def write(fields):
                loader = PackageLoader(review_fields=fields)
                result["case"] = loader.load(entries)
                return loader.records

            batch = workflow.create_imported_batch(user=user, model=Case, reason=reason, write=write)
            return result["case"], batch
    except CaseFileError as error:
        raise PackageError(str(error)) from None
    except PermissionDenied as error:
        raise PackageError(f"{user}: {error}") from None
    except ValidationError as error:
        raise PackageError("; ".join(error.messages)) from None
