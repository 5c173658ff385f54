"""Search support for the public site.

On PostgreSQL: the pg_trgm extension (name search that forgives a misspelling) and trigram
indexes on the folded names, so that a search of tens of thousands of victims stays fast.
On every database: fill the folded search text of events saved before events kept one.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from casefile.core.operations import RunSQLOnPostgreSQL

# Literal statements, not built from strings: PostgreSQL's trigram indexes have no portable Django form.
CREATE_TRIGRAM_INDEXES = [
    "CREATE INDEX IF NOT EXISTS public_person_search_trgm ON people_person USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS public_site_search_trgm ON places_site USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS public_event_search_trgm ON events_event USING gin (search_text gin_trgm_ops)",
]
DROP_TRIGRAM_INDEXES = [
    "DROP INDEX IF EXISTS public_person_search_trgm",
    "DROP INDEX IF EXISTS public_site_search_trgm",
    "DROP INDEX IF EXISTS public_event_search_trgm",
]


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
        RunSQLOnPostgreSQL(CREATE_TRIGRAM_INDEXES, DROP_TRIGRAM_INDEXES),
        migrations.RunPython(fill_event_search_text, migrations.RunPython.noop),
    ]
