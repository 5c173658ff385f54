"""The whole public case as one Frictionless data package: a zip of CSV and JSON files with ``datapackage.json``.

Written as it is read (a zip needs no seeking when each member's sizes follow its data), so the
site can stream it on request and ``manage.py build_datapackage`` can write it to a file; either
way it holds exactly what the public may see at that moment.
"""

import csv
import io
import json
import zipfile

from django.conf import settings
from django.utils import timezone

from casefile import selectors
from casefile.sources.models import citation_models

from .exports import CHUNK, columns, csv_lines, json_chunks, serialized
from .links import absolute
from .registry import BY_NAME, RECORD_TYPES

CITATION_COLUMNS = [
    "fact_type",
    "fact_url",
    "quote",
    "prefix",
    "suffix",
    "start",
    "end",
    "locator",
    "verified",
    "passage_url",
    "source_slug",
    "source_title",
    "source_url",
    "source_original_url",
    "source_sha256",
]
LICENSE_FILE = "LICENSE.txt"


def citation_rows(request=None):
    """One row per public citation of every kind of fact, with its source's URL and SHA-256."""
    for model in citation_models():
        fact_type = model._meta.get_field("fact").related_model._meta.model_name
        queryset = selectors.citations(model).defer("source__snapshot").select_related("fact").order_by("pk")
        for citation in queryset.iterator(chunk_size=CHUNK):
            source = citation.source
            yield {
                "fact_type": fact_type,
                "fact_url": absolute(citation.fact.get_absolute_url(), request),
                "quote": citation.quote,
                "prefix": citation.prefix,
                "suffix": citation.suffix,
                "start": citation.start,
                "end": citation.end,
                "locator": citation.locator,
                "verified": citation.verified,
                "passage_url": absolute(citation.get_absolute_url(), request),
                "source_slug": source.slug,
                "source_title": source.title,
                "source_url": absolute(source.get_absolute_url(), request),
                "source_original_url": source.url,
                "source_sha256": source.snapshot_sha256,
            }


def _csv(fieldnames, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def _resource(name, path, fmt, title, fields=None):
    resource = {
        "name": name,
        "path": path,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "title": str(title),
    }
    if fields is not None:
        resource["profile"] = "tabular-data-resource"
        resource["schema"] = {"fields": [{"name": field, "type": "string"} for field in fields]}
    return resource


def descriptor(request=None):
    """``datapackage.json``: the files, their columns and the licence."""
    resources = []
    for record_type in RECORD_TYPES:
        fields = columns(record_type.serializer())
        resources.append(
            _resource(f"{record_type.name}-csv", f"{record_type.name}.csv", "csv", record_type.title, fields)
        )
        resources.append(_resource(f"{record_type.name}-json", f"{record_type.name}.json", "json", record_type.title))
    resources.append(_resource("citations-csv", "citations.csv", "csv", "Citations", CITATION_COLUMNS))
    resources.append(_resource("sources-text-json", "sources-text.json", "json", "Sources with their archived text"))
    return {
        "profile": "data-package",
        "name": "casefile",
        "title": "Casefile: the published case file",
        "description": (
            "Every published record of the case file, each with the passages of the sources that support it. "
            "Allegations are attributed to their sources; they are not findings of this project."
        ),
        "homepage": absolute("/", request),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [
            {
                "name": settings.DATA_LICENSE_NAME,
                "title": settings.DATA_LICENSE_TITLE,
                "path": settings.DATA_LICENSE_URL,
            }
        ],
        "resources": resources,
    }


def license_text():
    return (
        f"The data in this package is published under the {settings.DATA_LICENSE_TITLE} licence "
        f"({settings.DATA_LICENSE_NAME}): {settings.DATA_LICENSE_URL}\n\n"
        "Quotations in citations.csv and the archived texts in sources-text.json remain the work of their "
        "authors and publishers; they are reproduced as evidence, each with its original URL.\n"
    )


def members(request=None):
    """(file name, chunks of text) of every file in the package."""
    context = {"request": request}
    yield "datapackage.json", [json.dumps(descriptor(request), ensure_ascii=False, indent=2)]
    yield LICENSE_FILE, [license_text()]
    for record_type in RECORD_TYPES:
        queryset = record_type.queryset().order_by("pk")
        yield f"{record_type.name}.csv", csv_lines(record_type, serialized(record_type, queryset, context))
        yield f"{record_type.name}.json", json_chunks(serialized(record_type, queryset, context))
    yield "citations.csv", _csv(CITATION_COLUMNS, citation_rows(request))
    sources = BY_NAME["sources"]
    texts = (
        sources.detail_serializer(context=context).to_representation(s)
        for s in sources.detail_queryset().order_by("pk").iterator(chunk_size=100)
    )
    yield "sources-text.json", json_chunks(texts)


class _Pipe(io.RawIOBase):
    """A write-only stream whose bytes are taken out as they are written."""

    def __init__(self):
        self.chunks = []

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)

    def take(self):
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_chunks(request=None):
    """The package as a zip, in chunks of bytes, written as the rows are read."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in members(request):
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk.encode("utf-8"))
                    if len(pipe.chunks) > 16:
                        yield pipe.take()
            yield pipe.take()
    yield pipe.take()
