"""What a public page says about its record to machines: schema.org JSON-LD, BibTeX and CSL-JSON.

Each function reads only the record's own fields (and parts that are public with it), never a
related record that could be hidden.
"""

from casefile.cases.models import Case
from casefile.core.bilingual import original
from casefile.events.models import Event
from casefile.people.models import Person, Victim
from casefile.places.models import Site
from casefile.sources.models import Source, SourceKind

from .links import absolute

SCHEMA_TYPES = {SourceKind.NEWS_ARTICLE: "NewsArticle", SourceKind.PRESS_RELEASE: "NewsArticle"}


def iso(record, field):
    """The partial date as ISO 8601 at its precision (1988, 1988-07, 1988-07-30), or None."""
    value = getattr(record, field)
    if value is None:
        return None
    precision = getattr(record, f"{field}_precision")
    return {"year": value.strftime("%Y"), "month": value.strftime("%Y-%m")}.get(precision, value.isoformat())


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _names(person):
    return [name for name in (person.name_fa, *(alias.name for alias in person.aliases.all())) if name]


def person(record, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": original(record, "name"),
            "alternateName": _names(record),
            "description": original(record, "description"),
            "url": absolute(record.get_absolute_url(), request),
        }
    )


def victim(record, request=None):
    data = person(record.person, request)
    data.update(_clean({"deathDate": iso(record, "death_date"), "url": absolute(record.get_absolute_url(), request)}))
    return data


def event(record, request=None):
    where = ", ".join(part for part in (record.place, record.city, record.country) if part)
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": original(record, "title"),
            "startDate": iso(record, "date"),
            "endDate": iso(record, "end_date"),
            "location": {"@type": "Place", "name": where} if where else None,
            "description": original(record, "description"),
            "url": absolute(record.get_absolute_url(), request),
        }
    )


def site(record, request=None):
    address = _clean(
        {
            "@type": "PostalAddress",
            "addressLocality": record.city,
            "addressRegion": record.province,
            "addressCountry": record.country,
        }
    )
    geo = None
    if record.latitude is not None and record.longitude is not None:
        geo = {"@type": "GeoCoordinates", "latitude": float(record.latitude), "longitude": float(record.longitude)}
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Place",
            "name": original(record, "name"),
            "alternateName": [name for name in (record.name_fa,) if name],
            "address": address if len(address) > 1 else None,
            "geo": geo,
            "description": original(record, "description"),
            "url": absolute(record.get_absolute_url(), request),
        }
    )


def source(record, request=None):
    kind = SCHEMA_TYPES.get(record.kind, "CreativeWork")
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": kind,
            "name": original(record, "title"),
            "headline": original(record, "title")[:110],
            "author": {"@type": "Person", "name": record.author} if record.author else None,
            "publisher": {"@type": "Organization", "name": record.publisher} if record.publisher else None,
            "datePublished": iso(record, "published_on"),
            "inLanguage": record.language,
            "sameAs": record.url,
            "archivedAt": record.archive_url,
            "url": absolute(record.get_absolute_url(), request),
        }
    )


def case(record, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": original(record, "title"),
            "alternateName": record.title_fa,
            "description": original(record, "summary"),
            "url": absolute(record.get_absolute_url(), request),
        }
    )


JSON_LD = {Case: case, Person: person, Victim: victim, Event: event, Site: site, Source: source}


def json_ld(record, request=None):
    builder = JSON_LD.get(type(record))
    return builder(record, request) if builder else None


def _bibtex_escape(text):
    return "".join("\\" + char if char in "{}%&$#_" else char for char in text)


def bibtex(record, request=None):
    """The source as a BibTeX entry (@article for news, @misc otherwise)."""
    entry = "article" if record.kind in SCHEMA_TYPES else "misc"
    fields = {
        "title": original(record, "title"),
        "author": record.author or record.publisher,
        "journal" if entry == "article" else "publisher": record.publisher,
        "year": record.published_on.strftime("%Y") if record.published_on else "",
        "month": record.published_on.strftime("%b").lower()
        if record.published_on and record.published_on_precision in ("month", "day")
        else "",
        "url": record.url or absolute(record.get_absolute_url(), request),
        "urldate": record.accessed_on.isoformat() if record.accessed_on else "",
        "language": record.language,
        "note": f"Archived text: {absolute(record.get_absolute_url(), request)} (SHA-256 {record.snapshot_sha256})"
        if record.snapshot_sha256
        else "",
    }
    lines = [f"@{entry}{{{record.slug},"]
    for key, value in fields.items():
        if value:
            raw = key == "month"
            lines.append(f"  {key} = {value}," if raw else f"  {key} = {{{_bibtex_escape(str(value))}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def csl_json(record, request=None):
    """The source as CSL-JSON (what Zotero, Pandoc and citeproc read)."""
    kind = {
        SourceKind.NEWS_ARTICLE: "article-newspaper",
        SourceKind.PRESS_RELEASE: "article",
        SourceKind.UN_DOCUMENT: "report",
        SourceKind.NGO_REPORT: "report",
        SourceKind.COURT_JUDGMENT: "legal_case",
        SourceKind.TRANSCRIPT: "speech",
        SourceKind.VIDEO: "motion_picture",
    }.get(record.kind, "document")
    data = {
        "id": record.slug,
        "type": kind,
        "title": original(record, "title"),
        "publisher": record.publisher,
        "container-title": record.publisher if kind == "article-newspaper" else "",
        "URL": record.url or absolute(record.get_absolute_url(), request),
        "language": record.language,
        "archive_location": absolute(record.get_absolute_url(), request),
    }
    if record.author:
        data["author"] = [{"literal": record.author}]
    if record.published_on:
        parts = {"year": 1, "month": 2}.get(record.published_on_precision, 3)
        date = [record.published_on.year, record.published_on.month, record.published_on.day][:parts]
        data["issued"] = {"date-parts": [date]}
    if record.accessed_on:
        data["accessed"] = {"date-parts": [[record.accessed_on.year, record.accessed_on.month, record.accessed_on.day]]}
    return [{key: value for key, value in data.items() if value}]
