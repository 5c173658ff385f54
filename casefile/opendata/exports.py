"""Downloads: every public list as CSV or JSON, row by row, and the columns of its CSV.

A row is what the API says about the record (``casefile.opendata.api.serializers``), so a download
holds exactly what the public may see, with the record's permanent public URL. Rows are read in
chunks and written as they are read: 30,000 victims never sit in memory at once.
"""

import csv
import json

from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from .api.serializers import PartialDate

CHUNK = 1000
PARTIAL_DATE_PARTS = ("value", "precision", "approximate", "display")


def columns(serializer, prefix=""):
    """The CSV columns of ``serializer``: nested records flattened as ``prison.name``, lists in one cell."""
    found = []
    for name, field in serializer.fields.items():
        if isinstance(field, PartialDate):
            found.extend(f"{prefix}{name}.{part}" for part in PARTIAL_DATE_PARTS)
        elif isinstance(field, serializers.Serializer):
            found.extend(columns(field, f"{prefix}{name}."))
        else:
            found.append(f"{prefix}{name}")
    return found


def flatten(data, prefix=""):
    """One CSV row: nested objects by dotted column, lists of names joined by "; ", lists of records as JSON."""
    row = {}
    for key, value in data.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, f"{column}."))
        elif isinstance(value, list):
            if all(isinstance(item, str) for item in value):
                row[column] = "; ".join(value)
            else:
                row[column] = json.dumps(value, cls=JSONEncoder, ensure_ascii=False)
        elif value is None:
            continue
        else:
            row[column] = value
    return row


def serialized(record_type, queryset, context):
    """The serialized rows of ``queryset``, fetched ``CHUNK`` at a time (prefetches included)."""
    serializer = record_type.serializer(context=context)
    for record in queryset.iterator(chunk_size=CHUNK):
        yield serializer.to_representation(record)


class _Echo:
    def write(self, value):
        return value


def csv_lines(record_type, rows):
    writer = csv.DictWriter(_Echo(), fieldnames=columns(record_type.serializer()), extrasaction="ignore")
    yield writer.writeheader()
    for row in rows:
        yield writer.writerow(flatten(row))


def json_chunks(rows):
    yield "[\n"
    for n, row in enumerate(rows):
        yield ("" if n == 0 else ",\n") + json.dumps(row, cls=JSONEncoder, ensure_ascii=False)
    yield "\n]\n"
