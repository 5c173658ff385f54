"""Search support for the public site.

On PostgreSQL: the pg_trgm extension (name search that forgives a misspelling) and trigram
indexes on the folded names, so that a search of tens of thousands of victims stays fast.
On every database: fill the folded search text of events saved before events kept one.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

TRIGRAM_INDEXES = [
    ("public_person_search_trgm", "people_person"),
    ("public_site_search_trgm", "places_site"),
    ("public_event_search_trgm", "events_event"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, table in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def fill_event_search_text(apps, schema_editor):
    from casefile.core.text import search_text

    Event = apps.get_model("events", "Event")
    for event in Event.objects.filter(search_text=""):
        event.search_text = search_text(event.title, event.place, event.city, event.country)
        event.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("places", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
        migrations.RunPython(fill_event_search_text, migrations.RunPython.noop),
    ]
